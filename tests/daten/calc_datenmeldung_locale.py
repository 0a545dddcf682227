"""A Kommune with an ENGLISH Calc fills a Datenmeldung (docs/import.md, "Datenmeldung der Kommunen"): the input cells
carry the number format "Standard" in the language German, and Calc reads what is entered into a cell by the
language of the cell's number format – so "1.234" is 1234 and "12,5" is 12.5 there too, in the ODS and in the XLSX
form.

The office here runs with user interface and locale en-US. Input is entered through the cell's FormulaLocal, the
path on which Calc parses a typed entry with the cell format's language (ScColumn::ParseString); the keyboard itself
cannot be driven in headless Calc. A control cell with the English standard format shows that the office really
reads "1.234" as 1.234 (so the test can fail). Expected values: the typed texts read as German numbers by hand.
"""
import os
import shutil
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "calc"))
sys.path.insert(0, os.path.join(ROOT, "addin", "tools"))
import lo  # noqa: E402
import datenmeldung as dm  # noqa: E402
from calc_daten_import import template_path  # noqa: E402
from calc_datenmeldung import TOOL  # noqa: E402

# typed text → (cell type, value) in a cell with the German standard format
TYPED = (("1.234", ("VALUE", 1234.0)), ("12,5", ("VALUE", 12.5)), ("1.234,5", ("VALUE", 1234.5)),
         ("12.5", ("TEXT", None)))  # "12.5" is no German number: text, which the form's validation and the merge refuse


def setUpModule():
    lo.start_module_office("datenmeldung_en", locale="en-US")


def tearDownModule():
    lo.stop_module_office()


def input_cells(form):
    """The unlocked input cells (J–L) of the Meldung sheet."""
    sh = form.Sheets.getByName("Meldung")
    n = sum(1 for row in sh.getCellRangeByName("A6:A400").getDataArray() if row[0] != "")
    return [sh.getCellByPosition(c, r) for r in range(5, 5 + n) for c in (9, 10, 11)
            if not sh.getCellByPosition(c, r).CellProtection.IsLocked]


def entered(cell, text):
    cell.FormulaLocal = text
    kind = cell.getType().value
    return kind, cell.getValue() if kind == "VALUE" else None


class EnglishCalcTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        office = lo.office()
        workbook = office.path("Landkreis.ods")
        shutil.copyfile(template_path(), workbook)
        doc = dm.load_copy(office.desktop, workbook, office.path("kopie"))
        out = office.path("formulare")
        os.makedirs(out, exist_ok=True)
        try:
            _forms, cls.paths = dm.generate(office.desktop, doc, TOOL, out, ["ods", "xlsx"], kommunen=["G04"],
                                            source_name="Landkreis.ods")
        finally:
            doc.close(True)

    def test_control_english_cell_reads_the_dot_as_decimal_point(self):
        doc = lo.office().new_doc()
        self.addCleanup(doc.close, True)
        self.assertEqual(entered(lo.sheet(doc).getCellByPosition(0, 0), "1.234"), ("VALUE", 1.234))

    def check_form(self, ext):
        path = next(p for p in self.paths if p.endswith("." + ext))
        form = lo.office().load(path)
        self.addCleanup(form.close, True)
        cells = input_cells(form)
        self.assertGreaterEqual(len(cells), len(TYPED))
        for cell in cells:
            fmt = form.NumberFormats.getByKey(cell.NumberFormat)
            self.assertEqual((fmt.Locale.Language, fmt.Locale.Country), ("de", "DE"), cell.AbsoluteName)
        for cell, (text, expected) in zip(cells, TYPED):
            self.assertEqual(entered(cell, text), expected, f"{text} in {cell.AbsoluteName} ({ext})")

    def test_guide_warns_excel_users_about_the_thousands_dot(self):
        """Excel reads typed input by the Windows settings, not by the cell's format (not testable here): the
        Anleitung asks for numbers without a thousands dot."""
        form = lo.office().load(next(p for p in self.paths if p.endswith(".xlsx")))
        self.addCleanup(form.close, True)
        guide = " ".join(r[0] for r in form.Sheets.getByName("Anleitung").getCellRangeByName("A1:A20").getDataArray())
        self.assertIn("ohne Tausenderpunkt (1234)", guide)

    def test_ods_form_reads_german_numbers(self):
        self.check_form("ods")

    def test_xlsx_form_reads_german_numbers(self):
        # the XLSX keeps the language as the format code [$-407]General (styles.xml)
        self.check_form("xlsx")


if __name__ == "__main__":
    unittest.main()
