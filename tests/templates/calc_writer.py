"""The template writer (templates/isp_templates/odf.py) in headless Calc: odfpy writes the workbook, Calc enters
the formulas. Every expected text and formula below is the input itself (what the template module wrote), and the
expected numbers are hand computations of the tiny workbook.

Needs the profile with the add-in of templates/build.py (ISP_TEMPLATES_OUT/profile, the ctest fixture), copied.
"""
import os
import sys
import unittest

ROOT = os.environ.get("ISP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "templates"))

import build  # noqa: E402
import calc_templates as T  # noqa: E402  (its office: the built profile, copied)
from isp_templates.odf import FormulaError, Workbook  # noqa: E402

AWKWARD = 'Kosten & Nutzen <"Stand"> \'24'  # every character XML or a sheet reference must escape or quote


def setUpModule():
    T.setUpModule()


def tearDownModule():
    T.tearDownModule()


def workbook(*bad):
    """Two protected sheets, one with an awkward name; bad: (cell, formula) pairs added to sheet Rechnung."""
    wb = Workbook("Titel " + AWKWARD, "Beschreibung " + AWKWARD)
    wb.style("ISP_Formel", "ISP Formel & Co", border="all")
    wb.style("ISP_Eingabe", "ISP Eingabe", bg="#fff2cc", protect=False)
    wb.style("ISP_Markiert", "ISP Markiert", "ISP_Formel", bg="#d7191c")
    wb.validation("v_zahl", "of:cell-content-is-decimal-number()", "Zahl " + AWKWARD, "Bitte " + AWKWARD)
    data = wb.sheet(AWKWARD)
    data.set("A1", AWKWARD)
    data.set("A2", 4, "ISP_Eingabe", validation="v_zahl")
    data.set("A3", 6, "ISP_Eingabe", note="Notiz " + AWKWARD)
    calc = wb.sheet("Rechnung")
    calc.set("A1", f"='{AWKWARD.replace(chr(39), chr(39) * 2)}'.A2*10", "ISP_Formel")
    calc.set("B1", '=IF(A1>30;"groß";"klein")', "ISP_Formel")
    calc.row("A2", ["=A1+1", "=B1&\"!\"", "=SUM($A$1:A2)"], "ISP_Formel")
    calc.array("D1:D4", '=ISP_KLASSEN("belastung";;;;"beschriftung")', "ISP_Formel")
    calc.conditional("B1:B2", [('"groß"', "ISP_Markiert")])
    wb.name("Eingaben", AWKWARD, "A2:A3")
    calc.set("E1", "=SUM(Eingaben)", "ISP_Formel")
    for addr, formula in bad:
        calc.set(addr, formula, "ISP_Formel")
    return wb


class Writer(unittest.TestCase):
    def open(self, wb, name):
        return wb.open_in(T.office, os.path.join(T.workdir, name + ".fods"))

    def test_texts_formulas_and_structure_arrive_as_written(self):
        doc = self.open(workbook(), "gut")
        try:
            doc.calculateAll()
            self.assertEqual(build.error_cells(doc), [])
            data, calc = doc.Sheets.getByName(AWKWARD), doc.Sheets.getByName("Rechnung")
            self.assertEqual(data.getCellRangeByName("A1").getString(), AWKWARD)
            self.assertEqual(doc.DocumentProperties.Title, "Titel " + AWKWARD)
            self.assertEqual(data.getCellRangeByName("A3").Annotation.getString(), "Notiz " + AWKWARD)
            self.assertEqual(data.getCellRangeByName("A2").Validation.ErrorMessage, "Bitte " + AWKWARD)
            # The formulas as the module wrote them (Calc prints them in the same notation), results by hand:
            # A1 = 4*10 = 40, B1 = "groß" (40 > 30), A2 = 41, B2 = "groß!", C2 = 40 + 41 = 81, E1 = 4 + 6 = 10.
            quoted = AWKWARD.replace("'", "''")
            # A reference that names its sheet is stored sheet-absolute ($), as Calc makes one a planner points at.
            self.assertEqual(calc.getCellRangeByName("A1").getFormula(), f"=$'{quoted}'.A2*10")
            self.assertEqual(calc.getCellRangeByName("B1").getFormula(), '=IF(A1>30;"groß";"klein")')
            self.assertEqual([calc.getCellRangeByName(a).getString() for a in ("A1", "B1", "A2", "B2", "C2", "E1")],
                             ["40", "groß", "41", "groß!", "81", "10"])
            # The array formula spans D1:D4 (four class labels of the scheme "belastung", one per row).
            arr = calc.getCellRangeByName("D1:D4")
            self.assertEqual(calc.getCellRangeByName("D4").getFormula(),
                             '{=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPKLASSEN("belastung";;;;"beschriftung")}')
            self.assertTrue(all(row[0] for row in arr.getDataArray()))
            entries = calc.getCellRangeByName("B1:B2").ConditionalFormat
            self.assertEqual([(entries.getByIndex(0).getFormula1(), entries.getByIndex(0).StyleName)],
                             [('"groß"', "ISP Markiert")])
            self.assertEqual(doc.NamedRanges.getByName("Eingaben").Content,
                             f"$'{AWKWARD.replace(chr(39), chr(39) * 2)}'.$A$2:$A$3")
            self.assertTrue(calc.isProtected() and data.isProtected())
            self.assertFalse(data.getCellRangeByName("A2").CellProtection.IsLocked)
            self.assertEqual(calc.getCellRangeByName("A1").CellStyle, "ISP Formel & Co")
            self.assertTrue(doc.isAutomaticCalculationEnabled())
        finally:
            doc.close(True)

    def test_a_formula_calc_cannot_read_names_sheet_cell_and_formula(self):
        with self.assertRaises(FormulaError) as caught:
            self.open(workbook(("F3", "=SUM(A1;"), ("F4", "=A1+*2")), "syntax")
        self.assertEqual([(s, c, f) for s, c, f, _ in caught.exception.rejected],
                         [("Rechnung", "F3", "=SUM(A1;"), ("Rechnung", "F4", "=A1+*2")])
        self.assertIn("Rechnung.F3: =SUM(A1;", str(caught.exception))

    def test_an_unknown_function_fails_the_recalculation_check(self):
        # Calc keeps an unknown name as a token and shows #NAME? (Err:525) when it computes: the build's error check
        # (build.error_cells / error_details) names the cell and the formula.
        doc = self.open(workbook(("F3", "=ISP_GIBTSNICHT(A1)"), ("F4", "=Nirgends.A1")), "name")
        try:
            doc.calculateAll()
            # (Calc prints a name it does not know in lower case.)
            self.assertEqual([line.lower() for line in build.error_details(doc)],
                             ["rechnung.f3: =isp_gibtsnicht(a1) (err:525)", "rechnung.f4: =nirgends.a1 (err:525)"])
        finally:
            doc.close(True)


if __name__ == "__main__":
    unittest.main()
