"""Per-Sozialraum exports of the Sozialstrukturatlas for all 13 sample Sozialräume (XLSX) and Sozialraum 1 as ODS:
see per_area.py. The template's Raumprofil shows Sozialraum 3, so the charts kept on it (W34) must re-read the
switched view in both formats."""
import unittest

from per_area import PerAreaExport


class AtlasExport(PerAreaExport):
    STEM = "ISP_Sozialstrukturatlas"
    FORMAT = "xlsx"
    EXTRA_ODS = "1"


if __name__ == "__main__":
    unittest.main()
