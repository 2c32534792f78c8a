#!/usr/bin/env bash
# The wall between layers: core/ and models/ never include a widget header, and core/ never
# includes Qt Gui. Fails with the offending lines.
set -u
cd "$(dirname "$0")/.."
bad=$(grep -rnE '#include *<(QtWidgets/)?Q(Widget|Application|MainWindow|Dialog|MessageBox|PushButton|TableView|TreeView|LineEdit|Label|Action|Menu|ProgressBar|ComboBox|StatusBar)\b|#include *<QtWidgets' core models)
gui=$(grep -rnE '#include *<(QtGui/)?Q(GuiApplication|Color|Icon|Pixmap|Painter|Image|Font)\b' core)
if [ -n "$bad$gui" ]; then
  echo "layering broken:"; echo "$bad"; echo "$gui"; exit 1
fi
echo "layering ok: core/ and models/ include no widgets, core/ no Gui"
