#!/usr/bin/env bash
# The map of the Sozialräume on the command line, headless – see docs/karte.md.
#
#   scripts/karte.sh <Arbeitsmappe> <Gemeinden.geojson> [--schluessel EIGENSCHAFT] [--zuordnung CSV]
#                    [--ziel PFAD | --mappe-aendern] [--ueberschreiben] [--oxt PFAD] [--profile DIR]
#
# Reads the Gemeinde boundaries (GeoJSON FeatureCollection, WGS84), dissolves them to Sozialräume and
# Planungsräume by the sheet Gebiete and draws them on the sheet Karte in the colours of the classes; writes
# <Stamm>_karte.<Endung> beside the workbook (the workbook itself only with --mappe-aendern, never while it is
# open). Exit code: 0 done, 1 failed, 2 refused because of the call (German message).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$root/addin/tools/karte.py" "$@"
