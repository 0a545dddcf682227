"""Per-Sozialraum export of the other six Fachplan templates and of the Sozialraummonitor for one Sozialraum each
(the full check of per_area.py: raw scan, values against the independent prediction, notes): their own sheets
(forecasts, monitoring sheets, Bestandserfassung keyed by Gemeinde-ID) are described too."""
import unittest

from per_area import PerAreaExport


class KitaExport(PerAreaExport):
    STEM = "ISP_Kita-Bedarfsplanung"
    AREAS = ["5"]


class SchuleExport(PerAreaExport):
    STEM = "ISP_Schulentwicklungsplanung"
    AREAS = ["3"]


class SeniorenExport(PerAreaExport):
    STEM = "ISP_Senioren-Sozialplanung"
    AREAS = ["8"]


class TeilhabeExport(PerAreaExport):
    STEM = "ISP_Teilhabeplanung"
    AREAS = ["12"]


class MonitorExport(PerAreaExport):
    """The public monitor sheet stays (classes of all Sozialräume are public); Rechenweg goes; the
    Sozialraumgespräch is switched to the recipient's Sozialraum."""
    STEM = "ISP_Sozialraummonitor"
    AREAS = ["5"]


class PsychiatrieExport(PerAreaExport):
    STEM = "ISP_Psychiatrie-Suchthilfeplanung"
    AREAS = ["1"]


class BildungExport(PerAreaExport):
    """Übergänge: three year blocks and the table of changes, each with its own ZEILEN; Sozialraum 2 shares
    Planungsraum II with others."""
    STEM = "ISP_Bildungsmonitoring"
    AREAS = ["2"]


if __name__ == "__main__":
    unittest.main()
