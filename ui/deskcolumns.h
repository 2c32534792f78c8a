#pragma once

#include "recordtablemodel.h"

namespace ops::deskcolumns {

/// The columns of the desk's record tables that appear in more than one view (the night log's
/// panes and the Files and Packages tabs show the same records the same way).
QList<ColumnSpec> observations();
QList<ColumnSpec> files();
QList<ColumnSpec> packages();

} // namespace ops::deskcolumns
