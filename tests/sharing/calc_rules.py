"""The Weitergabe rules on a small synthetic workbook built here through the UNO API, where every expected cell is
written down by hand (docs/weitergabe.md):

  Gebiete: G1 Alpha (SR 1, PR A), G2 Beta (SR 2, PR B), G3 Gamma (SR 3, PR B), G4 Delta (SR 2, PR B)
  Daten:   one row per key: SR 1, SR 2, SR 3, PR A (= SR 1 alone), PR B (SR 2 + SR 3), G1, G2, Landkreis,
           an unknown key, an empty key; counts in column B (threshold k = 3 by default), a formula in D
  Spalten: columns keyed G1, G2, G3, Landkreis
  Geheim (undescribed), Versteckt (described but hidden), Allgemein (general)
plus a comment, a validation list, a print range and document properties that must all go, a chart over all rows
that must go and a chart of the Landkreis row that must stay (W34).

Also the service's errors: only IllegalArgumentException and IOException leave it, with German messages.
"""
import os
import shutil
import tempfile
import unittest
import zipfile

import sharing as S
from sharing import lo

import uno  # noqa: E402
from com.sun.star.awt import Rectangle  # noqa: E402
from com.sun.star.table import CellAddress, CellRangeAddress  # noqa: E402

office = plain = workdir = service = None
DATEN = [  # key, count, rate
    ("SR 1", 1, 11.5), ("SR 2", 2, 22.25), ("SR 3", 7, 33.125), ("PR A", 1, 44.0625), ("PR B", 9, 55.03125),
    ("G1", 0, 66.5), ("G2", 3, 77.25), ("Landkreis", 19, 88.125), ("Mond", 5, 99.0625), ("", None, None),
]


def addr(sheet, c0, r0, c1, r1):
    a = CellRangeAddress()
    a.Sheet, a.StartColumn, a.StartRow, a.EndColumn, a.EndRow = sheet, c0, r0, c1, r1
    return a


def build_workbook(path):
    doc = office.new_doc()
    sheets = doc.Sheets
    sheets.getByIndex(0).Name = "Gebiete"
    for i, name in enumerate(["Daten", "Spalten", "Geheim", "Versteckt", "Allgemein"]):
        sheets.insertNewByName(name, i + 1)
    g = sheets.getByName("Gebiete")
    lo.put(g, "A1", [["Gemeinde-ID", "Gemeinde", "Sozialraum", "Planungsraum"],
                     ["G1", "Alpha", 1, "A"], ["G2", "Beta", 2, "B"], ["G3", "Gamma", 3, "B"], ["G4", "Delta", 2, "B"]])
    lo.put(g, "F1", [["SR", "Name"], [1, "Alpha"], [2, "Beta, Delta"], [3, "Gamma"]])
    d = sheets.getByName("Daten")
    lo.put(d, "A1", [["Gebiet", "Anzahl", "Quote", "Doppelt"]])
    for i, (key, n, q) in enumerate(DATEN):
        r = i + 2
        lo.put(d, f"A{r}", [[key or None, n, q]])
        if n is not None:
            d.getCellRangeByName(f"D{r}").setFormula(f"=C{r}*2")
    d.getCellRangeByName("A11").setString("")
    d.getCellRangeByName("C11").setString("frei")
    s = sheets.getByName("Spalten")
    lo.put(s, "A1", [["Gebiet", "G1", "G2", "G3", "Landkreis"], ["Wert", 1.5, 2.5, 3.5, 4.5]])
    sheets.getByName("Geheim").getCellRangeByName("A1").setValue(123.456)
    v = sheets.getByName("Versteckt")
    v.getCellRangeByName("A1").setValue(654.321)
    v.IsVisible = False
    sheets.getByName("Allgemein").getCellRangeByName("A1").setValue(42)
    names = doc.NamedRanges
    base = CellAddress()
    for name, ref in [("ISP_WG_GEBIETE", "$Gebiete.$A$2:$D$5"), ("ISP_WG_SOZIALRAEUME", "$Gebiete.$F$2:$G$4"),
                      ("ISP_WG_ZEILEN_Gemeinden", "$Gebiete.$A$2:$D$5"), ("ISP_WG_ZEILEN_SR", "$Gebiete.$F$2:$G$4"),
                      ("ISP_WG_ZEILEN_Daten", "$Daten.$A$2:$A$11"), ("ISP_WG_ANZAHL_Daten", "$Daten.$B$2:$B$11"),
                      ("ISP_WG_SPALTEN_Spalten", "$Spalten.$B$1:$E$1"), ("ISP_WG_ALLGEMEIN_V", "$Versteckt.$A$1"),
                      ("ISP_WG_ALLGEMEIN_A", "$Allgemein.$A$1"), ("Sonstiger_Name", "$Geheim.$A$1")]:
        names.addNewByName(name, ref, base, 0)
    d.Annotations.insertNew(d.getCellRangeByName("C3").CellAddress, "Beta hat eine Besonderheit")
    d.Charts.addNewByName("Diagramm", Rectangle(0, 0, 8000, 5000), (addr(1, 0, 0, 2, 9),), True, True)
    # The Landkreis row A9:D9 (label, count, rate, formula), kept in every Sozialraum copy; rows above it go.
    d.Charts.addNewByName("Landkreis", Rectangle(9000, 0, 8000, 5000), (addr(1, 0, 8, 3, 8),), False, True)
    val = d.getCellRangeByName("E2").Validation
    from com.sun.star.sheet.ValidationType import LIST
    val.Type = LIST
    val.setFormula1('"Alpha";"Beta"')
    d.getCellRangeByName("E2").Validation = val
    d.setPrintAreas((addr(1, 0, 0, 3, 10),))
    props = doc.DocumentProperties
    props.Author = "Frau Planerin"
    props.Description = "interne Arbeitsfassung"
    props.Title = "Arbeitsmappe Planung"
    props.UserDefinedProperties.addProperty("Vertraulich", 0, "ja")
    doc.calculateAll()
    doc.storeToURL(lo.file_url(path), (lo.prop("FilterName", "calc8"),))
    doc.close(True)


def setUpModule():
    global office, plain, workdir, service
    workdir = tempfile.mkdtemp(prefix="isp-wg-rules-")
    office = lo.Office("wg_rules").start()
    plain = lo.Office("wg_rules_plain", with_addin=False).start()
    S.register_types(workdir)
    service = office.service(S.SERVICE)
    build_workbook(os.path.join(workdir, "Synthetisch.ods"))


def tearDownModule():
    for o in (office, plain):
        if o is not None:
            o.stop()
    shutil.rmtree(workdir or "", ignore_errors=True)


def export(variant, area, name):
    doc = office.load(os.path.join(workdir, "Synthetisch.ods"))
    try:
        target = os.path.join(workdir, name)
        summary = service.exportCopy(doc, variant, area, lo.file_url(target))
        return target, summary
    finally:
        doc.close(True)


def opened(path):
    d = plain.load(path)
    try:
        info = S.read_doc(d)
        info["comments"] = sum(d.Sheets.getByIndex(i).Annotations.Count for i in range(d.Sheets.Count))
        info["charts"] = sum(d.Sheets.getByIndex(i).Charts.Count for i in range(d.Sheets.Count))
        info["chart_data"] = S.chart_data(d)
        info["validation"] = d.Sheets.getByName("Daten").getCellRangeByName("E2").Validation.Type.value \
            if d.Sheets.hasByName("Daten") else None
        info["print"] = len(d.Sheets.getByName("Daten").getPrintAreas()) if d.Sheets.hasByName("Daten") else None
        p = d.DocumentProperties
        info["props"] = (p.Author, p.Description, p.Title,
                         [x.Name for x in p.UserDefinedProperties.PropertySetInfo.Properties])
        return info
    finally:
        d.close(True)


class Rules(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path1, cls.summary1 = export("sozialraum", "1", "SR1.xlsx")
        cls.sr1 = opened(cls.path1)
        cls.path2, cls.summary2 = export("sozialraum", "2", "SR2.ods")
        cls.sr2 = opened(cls.path2)

    def test_list_areas(self):
        doc = office.load(os.path.join(workdir, "Synthetisch.ods"))
        try:
            self.assertEqual(list(service.listAreas(doc)), ["1\tAlpha", "2\tBeta, Delta", "3\tGamma"])
        finally:
            doc.close(True)

    def test_sheets_kept_and_removed(self):
        # Geheim: no description; Versteckt: hidden; both go. Allgemein stays.
        self.assertEqual(self.sr1["order"], ["Hinweise zur Weitergabe", "Gebiete", "Daten", "Spalten", "Allgemein"])
        notes = "\n".join(r[0] for r in self.sr1["grids"]["Hinweise zur Weitergabe"] if r)
        self.assertIn("Blatt „Geheim“ entfernt: nicht für die Weitergabe beschrieben", notes)
        self.assertIn("Blatt „Versteckt“ entfernt: ausgeblendetes Blatt", notes)
        self.assertIn("Quelle: Synthetisch.ods", notes)
        self.assertIn("Fassung für Sozialraum 1: Alpha", notes)
        self.assertIn("(2 Zellen;", notes)  # SR 1's 1 and PR A's 1

    def test_rows_for_sozialraum_1(self):
        # SR 2, SR 3, PR B (mixed), G2 (SR 2) and the unknown key go; PR A is SR 1 alone and stays; the Landkreis
        # and the row with an empty key stay. Counts 1 and 2 become "."; 0 and 3+ stay. The formula is a value.
        self.assertEqual(S.trim(self.sr1["grids"]["Daten"]), [
            ["Gebiet", "Anzahl", "Quote", "Doppelt"],
            ["SR 1", ".", 11.5, 23.0],
            ["PR A", ".", 44.0625, 88.125],
            ["G1", 0.0, 66.5, 133.0],
            ["Landkreis", 19.0, 88.125, 176.25],
            ["", "", "frei", ""],
        ])

    def test_rows_for_sozialraum_2(self):
        # Both PR go: PR A holds only SR 1, PR B mixes SR 2 with SR 3. G2 belongs to SR 2 and keeps its count 3.
        self.assertEqual(S.trim(self.sr2["grids"]["Daten"]), [
            ["Gebiet", "Anzahl", "Quote", "Doppelt"],
            ["SR 2", ".", 22.25, 44.5],
            ["G2", 3.0, 77.25, 154.5],
            ["Landkreis", 19.0, 88.125, 176.25],
            ["", "", "frei", ""],
        ])

    def test_columns_and_side_by_side_tables(self):
        self.assertEqual(S.trim(self.sr1["grids"]["Spalten"]), [["Gebiet", "G1", "Landkreis"], ["Wert", 1.5, 4.5]])
        self.assertEqual(S.trim(self.sr2["grids"]["Gebiete"]), [
            ["Gemeinde-ID", "Gemeinde", "Sozialraum", "Planungsraum", "", "SR", "Name"],
            ["G2", "Beta", 2.0, "B", "", 2.0, "Beta, Delta"],
            ["G4", "Delta", 2.0, "B", "", "", ""],
        ])

    def test_everything_else_is_gone(self):
        # W16 (applier only): names, comments, charts, validation, print ranges, document properties.
        for info in (self.sr1, self.sr2):
            self.assertEqual(info["comments"], 0)
            self.assertEqual(info["charts"], 1)  # W34: the Landkreis chart (test_charts)
            self.assertEqual(info["validation"], "ANY")
            self.assertEqual(info["print"], 0)
            self.assertEqual(info["descs"], {})
        author, description, title, custom = self.sr1["props"]
        self.assertEqual((author, description, title), ("", "", "Weitergabe für Sozialraum 1"))
        self.assertNotIn("Vertraulich", custom)
        # Also the kept chart's parts (W34): the rates of SR 2, SR 3, PR B, G2 and "Mond" and their doubles.
        # A value the copy keeps is not forbidden (PR A's double 88.125 is the Landkreis rate).
        def others(gone, kept):
            return {S.norm_number(v) for q in gone for v in (q, 2 * q)} - {S.norm_number(v) for q in kept
                                                                            for v in (q, 2 * q)}
        others1 = others((22.25, 33.125, 55.03125, 77.25, 99.0625), (11.5, 44.0625, 66.5, 88.125))
        others2 = others((11.5, 33.125, 44.0625, 55.03125, 66.5, 99.0625), (22.25, 77.25, 88.125))
        self.assertEqual(S.scan(self.path1, {S.norm_number(123.456), S.norm_number(654.321)} | others1,
                                {"Beta hat eine Besonderheit", "Mond", "Beta", "Gamma", "SR 2", "SR 3", "G2"}), [])
        self.assertEqual(S.scan(self.path2, {S.norm_number(123.456)} | others2,
                                {"Alpha", "Gamma", "Mond", "SR 1", "SR 3", "PR A", "G1"}), [])

    def test_charts(self):
        """W34: the chart over all rows goes, the chart of the Landkreis row stays in both copies (XLSX, ODS); its
        ranges moved with the rows deleted above (row 9 -> 5 for SR 1, -> 4 for SR 2) and what it holds is
        exactly the Landkreis row of the copy (label, 19, 88.125, 176.25 written out by hand above); the notes
        say which chart went and why. The raw scan of the chart parts is in test_everything_else_is_gone."""
        for info, row, summary in ((self.sr1, 5, self.summary1), (self.sr2, 4, self.summary2)):
            with self.subTest(row=row):
                self.assertEqual(len(info["chart_data"]), 1)
                sheet, seqs = info["chart_data"][0]
                self.assertEqual(sheet, "Daten")
                self.assertTrue(seqs)
                values = []
                for xml, data, cells, start, name in seqs:
                    self.assertEqual((name, start), ("Daten", row - 1), xml)
                    self.assertTrue(S.same_data(data, cells), (xml, data, cells))
                    values += data
                self.assertEqual(sorted(v for v in values if isinstance(v, float)), [19.0, 88.125, 176.25])
                self.assertIn("Landkreis", values)
                self.assertIn("Diagramm „Landkreis“ behalten", summary)
                self.assertIn("Diagramm „Diagramm“ entfernt: liest entfernte Zeilen", summary)
                self.assertIn("1 Diagramme entfernt, 1 behalten", summary)

    def test_chart_scan_finds_what_an_unfiltered_chart_holds(self):
        """Negative control of the chart part scan (W34): the values-only copy keeps the chart over all rows
        (W19); in XLSX and ODS its parts hold the other Sozialräume' rates and keys."""
        others = {S.norm_number(v) for v in (22.25, 33.125, 55.03125, 77.25, 99.0625)}
        for name in ("Werte.xlsx", "Werte.ods"):
            with self.subTest(name=name):
                path, _ = export("werte", "", name)
                with zipfile.ZipFile(path) as z:
                    parts = {n: z.read(n) for n in z.namelist()}
                found = S.scan_charts(parts, others, {"SR 2", "Mond"})
                self.assertTrue(any("chart value 22.25" in p for p in found), found)
                self.assertTrue(any("chart text 'Mond'" in p for p in found), found)

    def test_the_open_document_is_not_changed(self):
        doc = office.load(os.path.join(workdir, "Synthetisch.ods"))
        try:
            service.exportCopy(doc, "sozialraum", "3", lo.file_url(os.path.join(workdir, "SR3.xlsx")))
            self.assertFalse(doc.isModified())
            self.assertEqual(doc.Sheets.Count, 6)
            self.assertEqual(doc.Sheets.getByName("Daten").getCellRangeByName("D2").getFormula(), "=C2*2")
            self.assertTrue(doc.NamedRanges.hasByName("ISP_WG_GEBIETE"))
            self.assertEqual(doc.DocumentProperties.Author, "Frau Planerin")
        finally:
            doc.close(True)


class Threshold(unittest.TestCase):
    def test_workbook_threshold_parameter(self):
        """ISP_WG_SCHWELLE = 4: the count 3 of G2 is suppressed too (with the default k = 3 it stays)."""
        doc = office.load(os.path.join(workdir, "Synthetisch.ods"))
        try:
            doc.Sheets.getByName("Allgemein").getCellRangeByName("B1").setValue(4)
            doc.NamedRanges.addNewByName("ISP_WG_SCHWELLE", "$Allgemein.$B$1", CellAddress(), 0)
            target = os.path.join(workdir, "SR2_k4.xlsx")
            summary = service.exportCopy(doc, "sozialraum", "2", lo.file_url(target))
        finally:
            doc.close(True)
        got = S.trim(opened(target)["grids"]["Daten"])
        self.assertEqual(got[1][:2], ["SR 2", "."])
        self.assertEqual(got[2][:2], ["G2", "."])
        self.assertEqual(got[3][:2], ["Landkreis", 19.0])
        self.assertIn("unter 4", summary)


class Errors(unittest.TestCase):
    def setUp(self):
        self.doc = office.load(os.path.join(workdir, "Synthetisch.ods"))
        self.url = lo.file_url(os.path.join(workdir, "fehler.xlsx"))

    def tearDown(self):
        self.doc.close(True)

    def assertRaisesGerman(self, exc_name, text, fn, *args):
        with self.assertRaises(Exception) as ctx:
            fn(*args)
        self.assertEqual(type(ctx.exception).__name__.split(".")[-1], exc_name, ctx.exception)
        self.assertIn(text, ctx.exception.Message)

    def test_bad_arguments(self):
        ex = service.exportCopy
        self.assertRaisesGerman("IllegalArgumentException", "unbekannte Variante", ex, self.doc, "geheim", "", self.url)
        self.assertRaisesGerman("IllegalArgumentException", "fehlt die Sozialraum-Nummer", ex, self.doc,
                                "sozialraum", "", self.url)
        self.assertRaisesGerman("IllegalArgumentException", "nicht beschrieben", ex, self.doc, "sozialraum", "99",
                                self.url)
        self.assertRaisesGerman("IllegalArgumentException", "unbekanntes Dateiformat", ex, self.doc, "werte", "",
                                lo.file_url(os.path.join(workdir, "x.pdf")))
        self.assertRaisesGerman("IllegalArgumentException", "kein öffentliches Blatt", ex, self.doc, "oeffentlich",
                                "", self.url)
        self.assertRaisesGerman("IllegalArgumentException", "kein Dokument", ex, None, "werte", "", self.url)
        # Never over the open workbook's own file.
        self.assertRaisesGerman("IllegalArgumentException", "geöffnete Arbeitsmappe selbst", ex, self.doc, "werte",
                                "", self.doc.URL)

    def test_never_over_the_source_by_any_spelling(self):
        """The open workbook's own file, spelled five other ways (and by a hard link), is refused; the file on
        disk stays byte for byte and no temporary file is left in its folder."""
        src = os.path.join(workdir, "Quelle", "Mappe Ä.ods")
        os.makedirs(os.path.dirname(src), exist_ok=True)
        shutil.copy(os.path.join(workdir, "Synthetisch.ods"), src)
        link = os.path.join(workdir, "Verweis.ods")
        hard = os.path.join(workdir, "Harter Verweis.ods")
        for p in (link, hard):
            if os.path.lexists(p):
                os.remove(p)
        os.symlink(src, link)
        os.link(src, hard)
        with open(src, "rb") as f:
            before = f.read()
        doc = office.load(src)
        try:
            folder = os.path.dirname(src)
            base = "file://" + uno.systemPathToFileUrl(folder)[len("file://"):]
            name_url = uno.systemPathToFileUrl(src).rsplit("/", 1)[1]  # percent-encoded already
            spellings = [
                base + "/../Quelle/" + name_url,
                base + "/./" + name_url,
                base + "//" + name_url,
                lo.file_url(link),
                base + "/" + name_url.replace("M", "%4D").replace("a", "%61"),
                lo.file_url(hard),
            ]
            for url in spellings:
                with self.subTest(url=url):
                    self.assertRaisesGerman("IllegalArgumentException", "geöffnete Arbeitsmappe selbst",
                                            service.exportCopy, doc, "sozialraum", "1", url)
            self.assertFalse(doc.isModified())
        finally:
            doc.close(True)
        with open(src, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(sorted(os.listdir(os.path.dirname(src))), ["Mappe Ä.ods"])

    def test_export_is_written_whole_or_not_at_all(self):
        """The export goes to a temporary file beside the target and is renamed into place: after a successful
        export only the target is there; a failing store leaves the old target untouched and no temporary file."""
        folder = os.path.join(workdir, "Ziel")
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, "SR1.ods")
        with open(target, "wb") as f:
            f.write(b"alt")
        service.exportCopy(self.doc, "sozialraum", "1", lo.file_url(target))
        self.assertEqual(os.listdir(folder), ["SR1.ods"])
        self.assertTrue(zipfile.is_zipfile(target))
        os.chmod(folder, 0o555)
        try:
            if os.access(folder, os.W_OK):
                self.skipTest("running with permissions that ignore read-only folders")
            self.assertRaisesGerman("IOException", "darf nicht geschrieben werden", service.exportCopy, self.doc,
                                    "sozialraum", "1", lo.file_url(target))
        finally:
            os.chmod(folder, 0o755)
        self.assertEqual(os.listdir(folder), ["SR1.ods"])

    def test_messages_carry_no_office_internals(self):
        for url in (lo.file_url(os.path.join(workdir, "Synthetisch.ods", "x.xlsx")),
                    lo.file_url(os.path.join(workdir, "fehlt", "x.xlsx"))):
            with self.assertRaises(Exception) as ctx:
                service.exportCopy(self.doc, "werte", "", url)
            for internal in (".cxx", "0x", "Sfx", "impl_store"):
                self.assertNotIn(internal, ctx.exception.Message)

    def test_unwritable_target_is_an_io_error(self):
        self.assertRaisesGerman("IOException", "nicht geschrieben", service.exportCopy, self.doc, "werte", "",
                                lo.file_url(os.path.join(workdir, "Synthetisch.ods", "x.xlsx")))  # parent is a file

    def test_undescribed_workbook_only_values(self):
        doc = office.new_doc()
        try:
            doc.Sheets.getByIndex(0).getCellRangeByName("A1").setFormula("=1+1")
            self.assertRaisesGerman("IllegalArgumentException", "keine Beschreibung", service.listAreas, doc)
            target = os.path.join(workdir, "leer_werte.xlsx")
            service.exportCopy(doc, "werte", "", lo.file_url(target))
            with zipfile.ZipFile(target) as z:
                sheet = z.read("xl/worksheets/sheet1.xml").decode()
            self.assertNotIn("<f>", sheet)
            self.assertIn("<v>2</v>", sheet)
        finally:
            doc.close(True)


if __name__ == "__main__":
    unittest.main()
