"""Per-Sozialraum exports of the Fachplan Jugendhilfeplanung for all 13 sample Sozialräume (XLSX) and one as
ODS: see per_area.py."""
import unittest

from per_area import PerAreaExport


class JugendhilfeExport(PerAreaExport):
    STEM = "ISP_Jugendhilfeplanung"
    FORMAT = "xlsx"
    EXTRA_ODS = "5"


if __name__ == "__main__":
    unittest.main()
