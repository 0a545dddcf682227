#!/usr/bin/env bash
# Long export (Langformat: Gebiet × Indikator × Jahr × Wert × Klasse) on the command line – see docs/weitergabe.md.
#
#   scripts/langexport.sh <Arbeitsmappe> --variante intern|sozialraum|oeffentlich [--sozialraum ID|--alle]
#                         [--blatt xlsx|ods|nein] [--out DIR] [--ueberschreiben] [--oxt PFAD] [--profile DIR]
#
# Writes <DIR>/<Stamm>_langformat_<intern|SR<ID>|oeffentlich>.csv (German: ";", decimal comma, UTF-8 with BOM),
# …_einfach.csv (",", decimal point, UTF-8) and ….xlsx (sheet "Langformat"). The table is read from the copy the
# Weitergabe service writes for the chosen variant, so it holds nothing that copy does not hold.
# Exit code: 0 done, 1 failed, 2 refused because of the call (nothing written). Messages are German
# (addin/tools/langexport.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$root/addin/tools/langexport.py" "$@"
