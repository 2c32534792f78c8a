#pragma once

#include <QJsonObject>

namespace ops::openapi {

/// The OpenAPI 3.0 description of every REST route (GET /openapi.json), generated from the same
/// route table the router dispatches on (routes::all()), so the description cannot drift from
/// what is served. Request bodies list exactly the fields the router accepts.
QJsonObject document();

} // namespace ops::openapi
