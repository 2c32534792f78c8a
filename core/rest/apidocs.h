#pragma once

#include <QByteArray>

namespace ops::apidocs {

/// GET /docs: a readable rendering of GET /openapi.json for automation authors on other hosts,
/// one self-contained page (its script reads the document from the same console; nothing is
/// fetched from anywhere else, so it works on the observatory's closed network).
QByteArray page();

} // namespace ops::apidocs
