"""Per-Sozialraum exports of the Sozialstrukturatlas for all 13 sample Sozialräume (XLSX): see per_area.py."""
import unittest

from per_area import PerAreaExport


class AtlasExport(PerAreaExport):
    STEM = "ISP_Sozialstrukturatlas"
    FORMAT = "xlsx"


if __name__ == "__main__":
    unittest.main()
