"""Structure of the template descriptions, without Calc: the rules a reader can check in the sources.

Expected facts come from the brief and domain.md: T1 (four phase sheets with the qualitative fields of §7.1),
T4 (Fortschreibung with EDATE), T5 (public monitor sheet: no numbers, no RANK/LARGE/SMALL, rows by SR ID),
and the FIKTIV banner on every sheet.
"""
import os
import re
import sys
import unittest

ROOT = os.environ.get("ISP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "templates"))

import build  # noqa: E402
from isp_templates import data as D  # noqa: E402
from isp_templates import fachplan as F  # noqa: E402

FACHPLAENE = ["jugendhilfe", "kita", "schule", "senioren", "teilhabe", "psychiatrie", "bildung"]
PHASES = ["1 Bestandserfassung", "2 Bedarfserfassung", "3 Bewertung und Empfehlung", "4 Evaluation und Controlling"]


class Descriptions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sample = D.Sample()
        cls.wbs = {slug: build.describe(slug, cls.sample) for slug in build.TEMPLATES}

    def test_ten_templates(self):
        self.assertEqual(len(self.wbs), 10)

    def test_every_sheet_says_fiktiv(self):
        for slug, wb in self.wbs.items():
            for sh in wb.sheets:
                cell = sh.get("A2")
                self.assertIsNotNone(cell, f"{slug}/{sh.name}: no A2")
                self.assertIn("FIKTIV", str(cell.value), f"{slug}/{sh.name}: A2 must carry the FIKTIV banner")

    def test_fachplan_sheets(self):
        for slug in FACHPLAENE:
            names = [s.name for s in self.wbs[slug].sheets]
            for required in ["Anleitung", "Parameter", "Fortschreibung", "Sozialraumanalyse"] + PHASES:
                self.assertIn(required, names, f"{slug}: sheet {required} missing")
            self.assertLess(names.index("1 Bestandserfassung"), names.index("4 Evaluation und Controlling"))

    def test_qualitative_fields_of_phase_1(self):
        for slug in FACHPLAENE:
            texts = {str(c.value) for c in self.wbs[slug].get_sheet("1 Bestandserfassung").cells.values()}
            for field in F.QUALITATIV:
                self.assertIn(field, texts, f"{slug}: qualitative field {field!r} missing")

    def test_fortschreibung_uses_edate(self):
        for slug in FACHPLAENE + ["sozialstrukturatlas"]:
            sh = self.wbs[slug].get_sheet("Fortschreibung")
            self.assertIn("EDATE(B6;12*D6)", sh.get("E6").formula)

    def test_public_monitor_sheet(self):
        sh = self.wbs["sozialraummonitor"].get_sheet("Sozialraummonitor")
        for (r, c), cell in sh.cells.items():
            if cell.formula:
                self.assertNotRegex(cell.formula.upper(), r"\b(RANK|LARGE|SMALL|RANG|KGRÖSSTE|KKLEINSTE)\b")
            if cell.value is not None:
                self.assertNotIsInstance(cell.value, (int, float), f"numeric constant at row {r + 1} col {c + 1}")

    def test_monitor_rows_fixed_by_sr_id(self):
        sh = self.wbs["sozialraummonitor"].get_sheet("Rechenweg")
        from isp_templates.t_sozialraummonitor import RW
        ids = [sh.get(f"A{RW['kl0'] + i}").value for i in range(13)]
        self.assertEqual(ids, list(range(1, 14)))

    def test_one_class_scheme_from_the_addin(self):
        """Issue 11: labels and cut-points come from the scheme the Parameter sheet names (ISP_KLASSEN writes the
        legend), not from copies in Python; no text says "ab 1,5 stark erhöht" (1,5 is "erhöht" in the
        "belastung" scheme)."""
        from isp_templates import beispiel
        from isp_templates import common as C
        self.assertFalse(hasattr(C, "KLASSEN") or hasattr(C, "CUTS"))
        wbs = dict(self.wbs, beispiel=beispiel.build(self.sample))
        for slug, wb in wbs.items():
            for sh in wb.sheets:
                for cell in sh.cells.values():
                    text = str(cell.formula or cell.value or "")
                    self.assertNotRegex(text, r"ab \+?1[,.]5", f"{slug}/{sh.name}")
                    if "ISP_KLASSE(" in text.upper():
                        # The one exception: the monitor's Dynamik-Index (a change, not a level) has the MSS's
                        # own scheme, also named once and laid out by ISP_KLASSEN (Klassenwechsel).
                        scheme = ";Dynamikschema)" if sh.name == "Rechenweg_Dynamik" else ";Klassenschema)"
                        self.assertIn(scheme, text, f"{slug}/{sh.name}: {text}")
            if slug in ("sozialstrukturatlas", "demografie"):
                continue  # values only, no classes
            self.assertEqual(wb.names["Klassenschema"][0], "Parameter", slug)
            if slug == "sozialraummonitor":
                self.assertEqual(wb.names["Dynamikschema"][0], "Klassenwechsel")
                dyn = [c.formula for c in wb.get_sheet("Klassenwechsel").cells.values() if c.formula]
                self.assertIn('=ISP_KLASSEN(Dynamikschema;;;;"beschriftung")', dyn)
            legend = [c.formula for c in wb.get_sheet("Parameter").cells.values() if c.formula]
            for output in ("beschriftung", "untere", "obere", "beschreibung"):  # one text-only label column
                self.assertIn(f'=ISP_KLASSEN(Klassenschema;;;;"{output}")', legend, slug)


if __name__ == "__main__":
    unittest.main()
