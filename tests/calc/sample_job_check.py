"""Checks what the main job (scripts/sample_job.py, README's first command) wrote: the PDF shows the table for all
13 Sozialräume, the add-in-bound XLSX (..._mit_AddIn.xlsx) keeps the add-in formulas and the cached values of single-cell formulas (a Calc WITHOUT
the add-in shows them), and the ODS recalculates in a Calc WITH the add-in to the same numbers.

The job itself already cross-checks Calc against the engine (engine/tools/isp_sample); the expected values here
come from the job's machine-readable CSV, i.e. from that cross-checked run.

German formats whatever the locale: ctest runs the job under LANG=C/LC_ALL=en_US.UTF-8 with the office's UI
language and locale setting en-US (tests/calc/CMakeLists.txt); its PDF and German CSV must still read "87.000"
and "−0,46". A negative control shows that this office prints English formats for a document that does not
carry its locale.
"""
import csv
import os
import re
import subprocess
import unittest
import zipfile

import lo

OUT = os.environ.get("ISP_SAMPLE_OUT", "")
RESULT = "belastungsindex_sozialraeume"
LAGEN = "KTSB"
# Column names of the German CSV (the Lebenslagen of templates/isp_templates/beispiel.py).
LEBENSLAGEN = ["Kindheit und Jugend", "Teilhabe", "Senioren", "Bildung"]
GERMAN_HEADER = (["Nr.", "Sozialraum (Gemeinden)", "Planungsraum", "Einwohner"]
                 + [f"{k} {name}" for name in LEBENSLAGEN for k in ("Index", "Klasse")])
offices = {}


def setUpModule():
    offices["plain"] = lo.Office("sample_plain", with_addin=False).start()
    offices["addin"] = lo.Office("sample_addin").start()
    offices["english"] = lo.Office("sample_english", locale="en-US").start()


def tearDownModule():
    for o in offices.values():
        o.stop()


def expected():
    with open(os.path.join(OUT, RESULT + "_maschinenlesbar.csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True).stdout


def german(x, decimals):
    """x as a German reader expects it: "." between thousands, "," before decimals, "−" (U+2212) for minus,
    "+" for plus when decimals are shown (number format SIGN2)."""
    s = f"{abs(x):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if decimals:
        s = ("−" if x < 0 else "+") + s
    return s


def table(doc):
    sh = doc.Sheets.getByName("Belastungsindex")
    return sh.getCellRangeByName("A7:L19").DataArray


class SampleJobOutput(unittest.TestCase):
    def test_csv_has_13_sozialraeume_with_an_index_and_a_class_each(self):
        rows = expected()
        self.assertEqual([int(r["sozialraum_id"]) for r in rows], list(range(1, 14)))
        for r in rows:
            for c in LAGEN:
                self.assertNotEqual(r[f"index_{c}"], "", f"SR {r['sozialraum_id']} {c}")
                self.assertIn(r[f"klasse_{c}"], ("unterdurchschnittlich", "durchschnittlich", "erhöht",
                                                 "stark erhöht"))

    def test_pdf_shows_the_table(self):
        text = pdf_text(os.path.join(OUT, RESULT + ".pdf"))
        self.assertIn("Belastungsindex je Sozialraum", text)
        self.assertIn("FIKTIVE BEISPIELDATEN", text)
        for name in ("Zwickau", "Fraureuth", "Meerane", "Mülsen", "Kirchberg"):
            self.assertIn(name, text)
        first = expected()[0]
        # Index shown with two decimals and a sign (number format SIGN2; minus as U+2212).
        self.assertIn(german(float(first["index_K"]), 2), text)

    def test_xlsx_keeps_formulas_and_single_cell_values_without_the_addin(self):
        with zipfile.ZipFile(os.path.join(OUT, RESULT + "_mit_AddIn.xlsx")) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
        self.assertIn("DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPBELASTUNG", xml)
        self.assertIn("DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPAGGREGATE", xml)
        plain = offices["plain"].load(os.path.join(OUT, RESULT + "_mit_AddIn.xlsx"))
        live = offices["addin"].load(os.path.join(OUT, "ISP_Beispiel_Belastungsindex.ods"))
        try:
            live.calculateAll()
            # Single-cell ISP_AGGREGATE formulas (one per Sozialraum and indicator): a Calc without the add-in
            # shows the values cached in the XLSX. Array formulas (ISP_BELASTUNG, ISP_KLASSE) are recalculated
            # by Calc 7.4 on XLSX import and show #NAME? there (documented in docs/functions.md).
            rng = "A9:AR21"
            got = plain.Sheets.getByName("Sozialräume").getCellRangeByName(rng).DataArray
            want = live.Sheets.getByName("Sozialräume").getCellRangeByName(rng).DataArray
            numbers = 0
            for g_row, w_row in zip(got, want):
                for g, w in zip(g_row, w_row):
                    if isinstance(w, float):
                        numbers += 1
                        self.assertAlmostEqual(g, w, delta=1e-12 * max(1.0, abs(w)))
                    elif w == "" and g is None:
                        pass  # an empty (missing) result is recalculated on import: #NAME? (documented)
                    else:
                        self.assertEqual(g, w)
            self.assertGreater(numbers, 13 * 40)
            pop = plain.Sheets.getByName("Belastungsindex").getCellRangeByName("D7:D19").DataArray
            self.assertEqual(sum(r[0] for r in pop), sum(int(r["einwohner"]) for r in expected()))
        finally:
            plain.close(True)
            live.close(True)

    def test_xlsx_for_kommunen_recalculates_without_the_addin(self):
        """belastungsindex_sozialraeume.xlsx is the Weitergabe variant "portabel" (tested in depth in
        tests/sharing/calc_portable.py): no add-in call, no error after a hard recalculation in a Calc without
        the add-in, the same indices as the job's CSV."""
        path = os.path.join(OUT, RESULT + ".xlsx")
        with zipfile.ZipFile(path) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
        self.assertNotIn("SOZIALPLANUNG", xml.upper())
        self.assertIn("<f", xml)
        doc = offices["plain"].load(path)
        try:
            doc.calculateAll()
            self.assertEqual(doc.Sheets.getByIndex(0).Name, "Ohne Add-in")
            from com.sun.star.sheet.FormulaResult import ERROR
            for i in range(doc.Sheets.Count):
                self.assertEqual(doc.Sheets.getByIndex(i).queryFormulaCells(ERROR).Count, 0,
                                 doc.Sheets.getByIndex(i).Name)
            self.assert_table(table(doc))
        finally:
            doc.close(True)

    def test_ods_recalculates_with_the_addin_to_the_same_values(self):
        doc = offices["addin"].load(os.path.join(OUT, "ISP_Beispiel_Belastungsindex.ods"))
        try:
            doc.calculateAll()
            self.assert_table(table(doc))
        finally:
            doc.close(True)

    def assert_table(self, rows):
        for got, want in zip(rows, expected()):
            self.assertEqual(int(got[0]), int(want["sozialraum_id"]))
            for j, c in enumerate(LAGEN):
                self.assertAlmostEqual(got[4 + 2 * j], float(want[f"index_{c}"]), delta=1e-12,
                                       msg=f"SR {want['sozialraum_id']} {c}")
                self.assertEqual(got[5 + 2 * j], want[f"klasse_{c}"])


class GermanFormats(unittest.TestCase):
    """The job ran under an English locale and an English office: its files show German formats all the same."""

    def test_negative_control_this_office_prints_english_formats_for_a_document_without_locale(self):
        path = os.path.join(offices["english"].workdir, "ohne_sprache.fods")
        with open(path, "w", encoding="utf-8") as f:
            f.write(FODS_WITHOUT_LOCALE)
        doc = offices["english"].load(path)
        try:
            offices["english"].save(doc, path.replace(".fods", ".pdf"), "calc_pdf_Export")
        finally:
            doc.close(True)
        text = pdf_text(path.replace(".fods", ".pdf"))
        self.assertIn("87,000", text)
        self.assertIn("-0.44", text)

    def test_pdf_numbers_are_german(self):
        text = pdf_text(os.path.join(OUT, RESULT + ".pdf"))
        rows = expected()
        self.assertIn("87.000", text)  # Einwohner of Sozialraum 1 (data/sample: Zwickau)
        for r in rows:
            self.assertIn(german(int(r["einwohner"]), 0), text, f"Einwohner SR {r['sozialraum_id']}")
            for c in LAGEN:
                self.assertIn(german(float(r[f"index_{c}"]), 2), text, f"Index {c} SR {r['sozialraum_id']}")
        # No English number anywhere: no comma between thousands, no point before two decimals.
        self.assertEqual(re.findall(r"\b\d{1,3},\d{3}\b", text), [])
        self.assertEqual(re.findall(r"[-+−]\d+\.\d\d\b", text), [])

    def test_pdf_of_the_ods_exported_by_an_english_office_is_german(self):
        """What a planner with an English LibreOffice gets when printing the live workbook (values as stored)."""
        doc = offices["english"].load(os.path.join(OUT, "ISP_Beispiel_Belastungsindex.ods"))
        pdf = os.path.join(offices["english"].workdir, "beispiel_englisch.pdf")
        try:
            for i in range(doc.Sheets.Count):
                sh = doc.Sheets.getByIndex(i)
                sh.IsVisible = sh.Name == "Belastungsindex"
            offices["english"].save(doc, pdf, "calc_pdf_Export")
        finally:
            doc.close(True)
        text = pdf_text(pdf)
        first = expected()[0]
        self.assertIn(german(int(first["einwohner"]), 0), text)
        self.assertIn(german(float(first["index_T"]), 2), text)
        self.assertEqual(re.findall(r"\b\d{1,3},\d{3}\b", text), [])

    def test_german_csv_for_excel(self):
        with open(os.path.join(OUT, RESULT + ".csv"), "rb") as f:
            raw = f.read()
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM (Excel reads umlauts only then)")
        rows = list(csv.reader(raw[3:].decode("utf-8").splitlines(), delimiter=";"))
        self.assertEqual(rows[0], GERMAN_HEADER)
        machine = expected()
        self.assertEqual(len(rows) - 1, len(machine))
        for got, want in zip(rows[1:], machine):
            self.assertEqual(len(got), len(GERMAN_HEADER))
            self.assertEqual(got[0], want["sozialraum_id"])
            self.assertEqual(got[2], want["planungsraum_id"])
            self.assertRegex(got[3], r"^\d+$")  # no thousands separator: Excel reads it as a number
            self.assertEqual(int(got[3]), int(want["einwohner"]))
            for j, c in enumerate(LAGEN):
                idx, cls = got[4 + 2 * j], got[5 + 2 * j]
                self.assertRegex(idx, r"^-?\d+,\d+$", "decimal comma, ASCII minus")
                self.assertAlmostEqual(float(idx.replace(",", ".")), float(want[f"index_{c}"]), delta=1e-13)
                self.assertEqual(cls, want[f"klasse_{c}"])

    def test_machine_csv_keeps_ids_commas_and_points(self):
        with open(os.path.join(OUT, RESULT + "_maschinenlesbar.csv"), "rb") as f:
            raw = f.read()
        self.assertFalse(raw.startswith(b"\xef\xbb\xbf"))
        header = raw.decode("utf-8").splitlines()[0].split(",")
        self.assertEqual(header[:4], ["sozialraum_id", "planungsraum_id", "einwohner", "index_K"])
        self.assertRegex(expected()[0]["index_K"], r"^-?\d+\.\d+$")

    def test_xlsx_number_formats_carry_the_german_locale(self):
        with zipfile.ZipFile(os.path.join(OUT, RESULT + ".xlsx")) as z:
            styles = z.read("xl/styles.xml").decode("utf-8")
        codes = re.findall(r'formatCode="([^"]*)"', styles)
        self.assertIn("[$-407]#,##0", codes)  # N0 (Einwohner)
        self.assertTrue(any(c.startswith("[$-407]") and "0.00" in c for c in codes), codes)  # SIGN2 (Index)
        self.assertFalse([c for c in codes if "0" in c and not c.startswith("[$-407]")], codes)


# A number style without number:language follows the office's locale (the state before the fix).
FODS_WITHOUT_LOCALE = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:styles><number:number-style style:name="N0"><number:number number:decimal-places="0"
 number:min-decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2"
 number:min-integer-digits="1"/></number:number-style></office:styles>
<office:automatic-styles><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N0"/>
<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/></office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="T"><table:table-row>
<table:table-cell table:style-name="ce1" office:value-type="float" office:value="87000"/>
<table:table-cell table:style-name="ce2" office:value-type="float" office:value="-0.4412"/>
</table:table-row></table:table></office:spreadsheet></office:body></office:document>
"""


if __name__ == "__main__":
    unittest.main()
