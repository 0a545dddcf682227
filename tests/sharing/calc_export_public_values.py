"""The public variant of the Sozialraummonitor and the values-only copies of every template.

Public ("oeffentlich"): only the notes sheet and the sheets marked ISP_WG_OEFFENTLICH; classes and colours, no
number at all in any cell (no raw value, no index, no rank), the class colours baked into cell styles, every
cell equal to the original public sheet.

Values only ("werte"), every template as XLSX: no formula left, every sheet and every cell equal to the
original when opened in Calc WITHOUT the add-in, no error value. Negative control: the raw scanner run on the
unfiltered values-only copy of the atlas and of the Jugendhilfe plan DOES find other Sozialräume's values and
names – so the clean scans of the per-Sozialraum exports mean something.
"""
import os
import shutil
import tempfile
import unittest
import zipfile

import sharing as S
from sharing import lo

sys_path_ok = S  # imported for its side effects on sys.path (templates/)
import build  # noqa: E402

STEMS = [stem for _, (_, stem) in sorted(build.TEMPLATES.items())]
FORMAT_STEMS = ("ISP_Sozialstrukturatlas", "ISP_Jugendhilfeplanung")  # style checks cost ~1 ms per cell call
CLASS_STYLES = {"unterdurchschnittlich": "ISP Klasse 1", "durchschnittlich": "ISP Klasse 2",
                "erhöht": "ISP Klasse 3", "stark erhöht": "ISP Klasse 4"}

office = plain = workdir = None
originals, exports = {}, {}


def formats(doc, rows=12, cols=12):
    """Cell style and number format string of the top-left block of every sheet."""
    out = {}
    fmts = doc.NumberFormats
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        cells = {}
        for r in range(rows):
            for c in range(cols):
                cell = sh.getCellByPosition(c, r)
                key = cell.NumberFormat
                cells[(r, c)] = (cell.CellStyle, fmts.getByKey(key).FormatString if key else "General")
        out[sh.Name] = cells
    return out


def setUpModule():
    global office, plain, workdir
    workdir = tempfile.mkdtemp(prefix="isp-wg-pv-")
    office = lo.Office("wg_public_values").start()
    try:
        S.register_types(workdir)
        service = office.service(S.SERVICE)
        out = os.path.join(workdir, "out")
        os.makedirs(out)
        for stem in STEMS:
            src = S.private_copy(S.template_path(stem, "ods"), workdir)
            doc = office.load(src)
            originals[stem] = S.read_doc(doc)
            if stem in FORMAT_STEMS:
                originals[stem]["formats"] = formats(doc)
            target = os.path.join(out, f"{stem}_werte.xlsx")
            exports[(stem, "werte")] = (target, service.exportCopy(doc, "werte", "", lo.file_url(target)))
            if stem == "ISP_Sozialraummonitor":
                target = os.path.join(out, f"{stem}_oeffentlich.xlsx")
                exports[(stem, "oeffentlich")] = (target,
                                                  service.exportCopy(doc, "oeffentlich", "", lo.file_url(target)))
            if stem == "ISP_Sozialstrukturatlas":
                try:
                    service.exportCopy(doc, "oeffentlich", "", lo.file_url(os.path.join(out, "x.xlsx")))
                    originals["atlas_public_error"] = None
                except Exception as e:
                    originals["atlas_public_error"] = getattr(e, "Message", str(e))
            doc.close(True)
        office.stop()
        plain = lo.Office("wg_public_values_plain", with_addin=False).start()
        for key, (path, _) in list(exports.items()):
            d = plain.load(path)
            info = S.read_doc(d)
            info["styles"] = {}
            if key[1] == "werte" and key[0] in FORMAT_STEMS:
                info["formats"] = formats(d)
            if key[1] == "oeffentlich":
                sh = d.Sheets.getByName("Sozialraummonitor")
                for r, row in enumerate(info["grids"]["Sozialraummonitor"]):
                    for c, v in enumerate(row):
                        if v in CLASS_STYLES:
                            info["styles"][(r, c)] = (v, sh.getCellByPosition(c, r).CellStyle)
            from per_area import error_cells
            info["errors"] = error_cells(d)
            exports[key] = (path, exports[key][1], info)
            d.close(True)
    except Exception:
        tearDownModule()
        raise


def tearDownModule():
    for o in (office, plain):
        if o is not None:
            o.stop()
    shutil.rmtree(workdir or "", ignore_errors=True)


class Public(unittest.TestCase):
    def setUp(self):
        self.path, self.summary, self.info = exports[("ISP_Sozialraummonitor", "oeffentlich")]

    def test_only_public_sheets_and_notes(self):
        self.assertEqual(self.info["order"], ["Hinweise zur Weitergabe", "Sozialraummonitor"])

    def test_no_number_no_formula_no_rank_in_the_raw_file(self):
        problems = S.scan(self.path)
        self.assertEqual(problems, [])
        import zipfile
        import xml.etree.ElementTree as ET
        with zipfile.ZipFile(self.path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    for c in ET.fromstring(z.read(name)).iter("{%s}c" % S.NS["m"]):
                        v = c.find("m:v", S.NS)
                        self.assertFalse(v is not None and c.get("t") in (None, "n"),
                                         f"{name} {c.get('r')}: a number in the public copy")

    def test_cells_equal_the_original_public_sheet(self):
        expected = S.expected_export(originals["ISP_Sozialraummonitor"], "oeffentlich", None)
        S.compare_grids(self, expected["Sozialraummonitor"], self.info["grids"]["Sozialraummonitor"],
                        "Sozialraummonitor")

    def test_class_colours_are_cell_styles(self):
        self.assertGreater(len(self.info["styles"]), 100)
        for (r, c), (label, style) in self.info["styles"].items():
            self.assertEqual(style, CLASS_STYLES[label], f"{S.lo_addr(r, c)} {label}")

    def test_notes(self):
        notes = "\n".join(r[0] for r in self.info["grids"]["Hinweise zur Weitergabe"] if r)
        self.assertIn("Öffentliche Fassung", notes)
        self.assertIn("Blatt „Rechenweg“ entfernt", notes)
        self.assertIn("Quelle: ISP_Sozialraummonitor.ods", notes)

    def test_workbook_without_public_sheet_is_refused(self):
        self.assertIn("kein öffentliches Blatt", originals["atlas_public_error"] or "")


class ValuesOnly(unittest.TestCase):
    def test_every_template_has_no_formula_and_equal_values(self):
        for stem in STEMS:
            with self.subTest(template=stem):
                path, summary, info = exports[(stem, "werte")]
                problems = [p for p in S.scan(path) if "formula" in p]
                self.assertEqual(problems, [])
                orig = originals[stem]
                # The copy holds every area's raw values: it opens on a first sheet that says it is internal.
                self.assertEqual(info["order"], ["Nur intern"] + orig["order"])
                notes = "\n".join(r[0] for r in info["grids"]["Nur intern"] if r and r[0])
                self.assertIn("Nur für den internen Gebrauch", notes)
                self.assertIn("darf nicht an Kommunen oder Dritte weitergegeben werden", notes)
                with zipfile.ZipFile(path) as z:
                    self.assertNotRegex(z.read("xl/workbook.xml").decode(), r'activeTab="[1-9]')
                for sheet in orig["order"]:
                    S.compare_grids(self, orig["grids"][sheet], info["grids"][sheet], f"{stem} {sheet}")
                self.assertEqual(info["errors"], [])
                self.assertIn("Formelzellen durch ihre Werte ersetzt", summary)

    def test_styles_formats_and_named_ranges_survive(self):
        """Cell styles and number formats are those of the original (the top-left 12 × 12 cells of every sheet of
        two templates; the XLSX round trip names the default cell style "" instead of "Default" and quotes literal
        text in number formats)."""
        for stem in FORMAT_STEMS:
            path, _, info = exports[(stem, "werte")]
            with self.subTest(template=stem):
                if stem == "ISP_Sozialstrukturatlas":
                    self.assertIn("ISP_WG_GEBIETE", info["descs"])
                orig = originals[stem]["formats"]
                for sheet, cells in orig.items():
                    for rc, (style, fmt) in cells.items():
                        got_style, got_fmt = info["formats"][sheet][rc]
                        self.assertEqual(got_style or "Default", style or "Default", f"{sheet} {S.lo_addr(*rc)}")
                        # XLSX quotes literal text in formats: 0.0" "% is 0.0 %.
                        self.assertEqual(got_fmt.replace('"', ""), fmt.replace('"', ""), f"{sheet} {S.lo_addr(*rc)}")

    def test_negative_control_unfiltered_copy_leaks(self):
        """The scanner would catch a missing filter: on the unfiltered values-only copies it finds values and
        names that belong only to other Sozialräume."""
        for stem in ("ISP_Sozialstrukturatlas", "ISP_Jugendhilfeplanung"):
            with self.subTest(template=stem):
                path, _, _ = exports[(stem, "werte")]
                info = originals[stem]
                numbers, texts = S.ownership(info, "3", {s: "3" for s in ("Raumprofil",)})
                problems = S.scan(path, numbers, texts)
                self.assertGreater(len([p for p in problems if "value" in p]), 100)
                self.assertGreater(len([p for p in problems if "text" in p]), 10)


if __name__ == "__main__":
    unittest.main()
