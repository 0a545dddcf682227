#!/usr/bin/env bash
# Weitergabe (safe sharing) on the command line, headless – see docs/weitergabe.md.
#
#   scripts/weitergabe.sh <Arbeitsmappe> --variante sozialraum|oeffentlich|werte [--sozialraum ID|--alle]
#                         [--out DIR] [--format xlsx|ods] [--ueberschreiben] [--oxt PFAD] [--profile DIR]
#
# Starts a headless LibreOffice with a private profile that has the add-in of the build installed
# (scripts/lo-install-addin.sh), calls the service de.sozialplanung.isp.Weitergabe on a private copy of the
# workbook and writes <DIR>/<Stamm>_SR<ID>.xlsx (one per Sozialraum with --alle), <Stamm>_oeffentlich.xlsx or
# <Stamm>_werte.xlsx. The workbook itself is never written; an existing target is replaced only with
# --ueberschreiben. Exit code: 0 done, 1 an export failed, 2 refused because of the call (nothing written).
# Messages are German (addin/tools/weitergabe.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec /usr/bin/python3 "$root/addin/tools/weitergabe.py" "$@"
