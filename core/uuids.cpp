#include "uuids.h"

#include <QUuid>

namespace ops::uuids {

QString generate()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString normalized(const QString &text)
{
    if (text.size() != 36)
        return {};
    const QUuid uuid = QUuid::fromString(text);
    return uuid.isNull() ? QString() : uuid.toString(QUuid::WithoutBraces);
}

} // namespace ops::uuids
