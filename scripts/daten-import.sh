#!/usr/bin/env bash
# Data import on the command line, headless – see docs/import.md and docs/vorlagen.md (Daten importieren).
#
#   scripts/daten-import.sh <Arbeitsmappe> <Datei.csv> --indikator N [--jahr JJJJ] [--zaehler S] [--nenner S]
#                           [--wert S] [--zuordnung CSV] [--ziel PFAD | --mappe-aendern] [--ueberschreiben]
#                           [--pruefen] [--bericht PFAD] [--oxt PFAD] [--profile DIR]
#
# Reads a GENESIS/Regionalstatistik CSV export, matches the areas by AGS (or by name through the mapping table)
# and writes the values into the Werte sheet of a copy of the workbook: <Stamm>_import.<Endung> beside it (the
# workbook itself only with --mappe-aendern). Prints a German report (imported, changed old → new, missing with
# the official sign as reason, not matched). Exit code: 0 done, 1 failed, 2 refused because of the call.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$root/addin/tools/daten_import.py" "$@"
