#!/usr/bin/env bash
# Datenmeldung der Kommunen on the command line, headless – see docs/vorlagen.md (Datenmeldung) and docs/import.md.
#
#   scripts/datenmeldung.sh erzeugen <Arbeitsmappe> [--kommune ID ...] [--jahr JJJJ] [--ziel ORDNER]
#                           [--format xlsx|ods|beide] [--ueberschreiben]
#   scripts/datenmeldung.sh zusammenfuehren <Arbeitsmappe> <Rückmeldung> ... [--kommune ID] [--uebernehmen]
#                           [--ziel PFAD | --mappe-aendern] [--ueberschreiben] [--pruefen] [--bericht PFAD]
#
# erzeugen writes one protected form per Kommune (its Gemeinde's Werte rows to fill, current values shown, checked
# input cells, instructions, hidden identity); zusammenfuehren checks returned forms and merges them into a copy of
# the workbook (<Stamm>_meldungen.<Endung>), every written value logged on the sheet Änderungsprotokoll. Exit code:
# 0 done, 1 failed, 2 refused (nothing written), 3 merged with refused files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$root/addin/tools/datenmeldung.py" "$@"
