#!/usr/bin/env bash
# The walls between layers, checked on the #include lines (CMake enforces the same through each
# core library's links and include path; this names the offending line):
# - core/ and models/ never include a widget header, and core/ never includes Qt Gui;
# - each folder of core/ includes only its own headers and those of the layers below it:
#     support: support                 domain: domain support
#     buffer:  buffer domain support
#     sync, rest, desk: itself, buffer, domain, support (never each other)
#   and nothing in core/ includes models/ or ui/.
set -u
cd "$(dirname "$0")/.."
status=0
bad=$(grep -rnE '#include *<(QtWidgets/)?Q(Widget|Application|MainWindow|Dialog|MessageBox|PushButton|TableView|TreeView|LineEdit|Label|Action|Menu|ProgressBar|ComboBox|StatusBar)\b|#include *<QtWidgets' core models)
gui=$(grep -rnE '#include *<(QtGui/)?Q(GuiApplication|Color|Icon|Pixmap|Painter|Image|Font)\b' core)
if [ -n "$bad$gui" ]; then
  echo "layering broken (widgets or Gui below ui/):"; echo "$bad"; echo "$gui"; status=1
fi

declare -A allowed=(
  [support]="support"
  [domain]="domain support"
  [buffer]="buffer domain support"
  [sync]="sync buffer domain support"
  [rest]="rest buffer domain support"
  [desk]="desk buffer domain support"
)
declare -A home # header name -> the folder that holds it
for header in core/*/*.h; do
  home[$(basename "$header")]=$(basename "$(dirname "$header")")
done
for header in models/*.h ui/*.h; do
  home[$(basename "$header")]=$(dirname "$header")
done
folders=0
for dir in core/*/; do
  folder=$(basename "$dir")
  if [ -z "${allowed[$folder]+set}" ]; then
    echo "layering broken: core/$folder/ is not a known layer (add it to tests/check_layering.sh)"
    status=1
    continue
  fi
  folders=$((folders + 1))
  while IFS=: read -r file line text; do
    name=$(sed -E 's/^#include *"([^"]+)".*/\1/' <<<"$text")
    target=${home[$name]:-}
    [ -z "$target" ] && continue # the file's own moc, or a header outside the project
    case " ${allowed[$folder]} " in
      *" $target "*) ;;
      *) echo "layering broken: $file:$line includes \"$name\" from $target/ ($folder/ may use: ${allowed[$folder]})"
         status=1 ;;
    esac
  done < <(grep -nH '^#include *"' "$dir"*.h "$dir"*.cpp)
done
if [ "$folders" -ne 6 ]; then
  echo "layering broken: expected the six folders of core/, found $folders"; status=1
fi
[ $status -eq 0 ] && echo "layering ok: core/'s six layers include only what they may; core/ and models/ no widgets, core/ no Gui"
exit $status
