#include "deskcolumns.h"

#include <QObject>

namespace ops::deskcolumns {

namespace {
using C = ColumnSpec;
}

QList<ColumnSpec> observations()
{
    // An id, not a quantity: no digit grouping ("2000", not "2.000").
    return {{QStringLiteral("obs_unit_id"), QObject::tr("Obs unit"), C::Text},
            {QStringLiteral("status"), QObject::tr("Status"), C::State},
            {QStringLiteral("start_time"), QObject::tr("Start"), C::Time},
            {QStringLiteral("end_time"), QObject::tr("End"), C::Time},
            {QStringLiteral("file_count"), QObject::tr("Files"), C::Number},
            {QStringLiteral("total_size_bytes"), QObject::tr("Data"), C::Bytes},
            {QStringLiteral("operator"), QObject::tr("Operator"), C::Text},
            {QStringLiteral("sync_state"), QObject::tr("Sync"), C::State},
            {QStringLiteral("id"), QObject::tr("Id"), C::Text}};
}

QList<ColumnSpec> files()
{
    return {{QStringLiteral("relative_path"), QObject::tr("Path"), C::Text},
            {QStringLiteral("instrument_module"), QObject::tr("Module"), C::Text},
            {QStringLiteral("size_bytes"), QObject::tr("Size"), C::Bytes},
            {QStringLiteral("file_type"), QObject::tr("Type"), C::Text},
            {QStringLiteral("package_name"), QObject::tr("Package"), C::Text},
            {QStringLiteral("sync_state"), QObject::tr("Sync"), C::State},
            {QStringLiteral("checksum"), QObject::tr("Checksum"), C::Text}};
}

QList<ColumnSpec> packages()
{
    return {{QStringLiteral("name"), QObject::tr("Name"), C::Text},
            {QStringLiteral("instrument_module"), QObject::tr("Module"), C::Text},
            {QStringLiteral("status"), QObject::tr("Status"), C::State},
            {QStringLiteral("transfer_state"), QObject::tr("Transfer"), C::State},
            {QStringLiteral("file_count"), QObject::tr("Files"), C::Number},
            {QStringLiteral("total_size_bytes"), QObject::tr("Size"), C::Bytes},
            {QStringLiteral("sync_state"), QObject::tr("Sync"), C::State},
            {QStringLiteral("id"), QObject::tr("Id"), C::Text}};
}

} // namespace ops::deskcolumns
