"""The public variant of the Sozialraummonitor and the values-only copies of every template.

Public ("oeffentlich"): only the notes sheet and the sheets marked ISP_WG_OEFFENTLICH; classes and colours, no
number at all in any cell (no raw value, no index, no rank), the class colours baked into cell styles, every
cell equal to the original public sheet. Charts (W34; the monitor has none, so the test adds two to the original
before the public export, one over the class table's texts, one over the internal Rechenweg): both go.

Values only ("werte"), every template as XLSX: no formula left, every sheet and every cell equal to the
original when opened in Calc WITHOUT the add-in, no error value – except texts that ask for input or promise a
recalculation: nothing recalculates in the copy, so those sentences are gone, and no cell shows an input style
(yellow/orange, unlocked) or carries validation (input help, lists). Negative control: the raw scanner run on
the unfiltered values-only copy of the atlas and of the Jugendhilfe plan DOES find other Sozialräume's values
and names – so the clean scans of the per-Sozialraum exports mean something.
"""
import os
import re
import shutil
import xml.etree.ElementTree as ET
import tempfile
import unittest
import zipfile

import sharing as S
from sharing import lo
from chart_model import series_of  # tests/calc, on the path through sharing

sys_path_ok = S  # imported for its side effects on sys.path (templates/)
import build  # noqa: E402

STEMS = [stem for _, (_, stem) in sorted(build.TEMPLATES.items())]
FORMAT_STEMS = ("ISP_Sozialstrukturatlas", "ISP_Jugendhilfeplanung")  # style checks cost ~1 ms per cell call
CLASS_STYLES = {"unterdurchschnittlich": "ISP Klasse 1", "durchschnittlich": "ISP Klasse 2",
                "erhöht": "ISP Klasse 3", "stark erhöht": "ISP Klasse 4"}

office = plain = workdir = None
originals, exports = {}, {}

# What a values-only copy must not say (docs/weitergabe.md, variant werte): requests for input, the colour legend
# of input cells, a promised recalculation ("rechnet nicht neu" says the opposite and may stay).
INVITATION = re.compile(r"eingeben|einzugeben|eintragen|einzutragen|tragen Sie|Was-wäre-wenn|änderbar|"
                        r"Zelle ändern|Änderungen wirken|[=:] Eingabe", re.IGNORECASE)
VALUES_ONLY_NOTE = "Nur Werte: diese Kopie rechnet nicht neu – Eingaben ändern keine Ergebnisse."
# The input styles of the templates (templates/isp_templates/common.py) and their colours C_INPUT, C_PARAM.
INPUT_STYLES = ("ISP Eingabe", "ISP Parameter", "ISP Legende Eingabe", "ISP Legende Parameter")
INPUT_FILLS = {"FFFFF2CC", "FFFCE4D6"}
NEUTRAL = {"ISP Eingabe": "ISP Formel", "ISP Eingabe Text": "ISP Formel Text", "ISP Parameter": "ISP Formel",
           "ISP Legende Eingabe": "ISP Legende Formel", "ISP Legende Parameter": "ISP Legende Formel"}


def invites_input(text):
    if INVITATION.search(text):
        return True
    # Per sentence: "Die Vorlage rechnet mit … LibreOffice neu starten." promises nothing.
    return any(re.search(r"\brechne[nt]\b", s) and re.search(r"\bneu\b", s) and not re.search(r"\bnicht\b", s)
               for s in re.split(r"(?<=[.!?])\s+", text))


def compare_values_only(test, expected, actual, where):
    """Like sharing.compare_grids, but a text that invites input may lose those sentences (its other words stay)
    or become the values-only note. Returns the number of such texts."""
    rows = max(len(expected), len(actual))
    cols = max([len(r) for r in expected + actual] or [0])

    def at(grid, r, c):
        return grid[r][c] if r < len(grid) and c < len(grid[r]) else ""

    changed = 0
    for r in range(rows):
        for c in range(cols):
            e, a = at(expected, r, c), at(actual, r, c)
            e, a = ("" if e is None else e), ("" if a is None else a)
            msg = f"{where} {S.lo_addr(r, c)}"
            if isinstance(e, str) and invites_input(e):
                changed += 1
                test.assertIsInstance(a, str, msg)
                test.assertFalse(invites_input(a), f"{msg}: {a!r}")
                if a != VALUES_ONLY_NOTE:
                    test.assertLessEqual(set(a.split()), set(e.split()), f"{msg}: {a!r} from {e!r}")
            elif isinstance(e, float) and isinstance(a, float):
                test.assertTrue(abs(e - a) <= 1e-12 * max(1.0, abs(e)), f"{msg}: {a!r} != {e!r}")
            else:
                test.assertEqual(a, e, msg)
    return changed


def used_cell_formats(path):
    """{(style name, fill colour, locked)} of every cell format a cell of the XLSX uses."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    st = ET.fromstring(parts["xl/styles.xml"])
    m = "{%s}" % S.NS["m"]
    names = {x.get("xfId"): x.get("name") for x in st.iter(m + "cellStyle")}
    fills = []
    for fill in st.find(m + "fills"):
        fg = fill.find(f"{m}patternFill/{m}fgColor")
        fills.append(fg.get("rgb") if fg is not None else None)
    xfs = []
    for xf in st.find(m + "cellXfs"):
        prot = xf.find(m + "protection")
        locked = prot is None or prot.get("locked") not in ("0", "false")
        xfs.append((names.get(xf.get("xfId", "0"), ""), fills[int(xf.get("fillId", "0"))], locked))
    used = set()
    for name, data in parts.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            for c in ET.fromstring(data).iter(m + "c"):
                used.add(xfs[int(c.get("s", "0"))])
    return used


def formats(doc, rows=12, cols=12):
    """Cell style and number format string of the top-left block of every sheet; cells hidden under a merged
    cell are left out (XLSX gives them the style of the merged cell, and nobody sees them)."""
    out = {}
    fmts = doc.NumberFormats
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        cells, covered = {}, set()
        for r in range(rows):
            for c in range(cols):
                cell = sh.getCellByPosition(c, r)
                key = cell.NumberFormat
                cells[(r, c)] = (cell.CellStyle, fmts.getByKey(key).FormatString if key else "General")
                if cell.getIsMerged():
                    cursor = sh.createCursorByRange(cell)
                    cursor.collapseToMergedArea()
                    a = cursor.RangeAddress
                    covered |= {(rr, cc) for rr in range(a.StartRow, a.EndRow + 1)
                                for cc in range(a.StartColumn, a.EndColumn + 1)} - {(r, c)}
        out[sh.Name] = {rc: v for rc, v in cells.items() if rc not in covered}
    return out


def charts(doc):
    """{(sheet, position): series (label, values, colour)} of every chart of the document (XLSX keeps no chart
    names)."""
    out = {}
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        for k in range(sh.Charts.Count):
            out[(sh.Name, k)] = series_of(sh.Charts.getByIndex(k).EmbeddedObject)
    return out


def add_public_charts(doc):
    """Two charts on the public sheet for W34: one over the class table's texts (no number, only a sheet the public
    copy keeps), one over numbers of the internal Rechenweg (it reads a sheet that goes)."""
    from com.sun.star.awt import Rectangle
    from com.sun.star.table import CellRangeAddress

    def addr(sheet, c0, r0, c1, r1):
        a = CellRangeAddress()
        a.Sheet, a.StartColumn, a.StartRow, a.EndColumn, a.EndRow = sheet, c0, r0, c1, r1
        return a

    index = {doc.Sheets.getByIndex(i).Name: i for i in range(doc.Sheets.Count)}
    sh = doc.Sheets.getByName("Sozialraummonitor")
    grid = S.used_grid(sh)
    h = next(r for r, row in enumerate(grid) if row and row[0] == "Sozialraum")
    texts = addr(index["Sozialraummonitor"], 0, h, 2, h + 13)
    rechenweg = S.used_grid(doc.Sheets.getByName("Rechenweg"))
    r, c = next((r, c) for r, row in enumerate(rechenweg) for c, v in enumerate(row) if isinstance(v, float))
    numbers = addr(index["Rechenweg"], c, r, c + 1, r + 5)
    sh.Charts.addNewByName("Oeffentlich_Text", Rectangle(0, 0, 8000, 5000), (texts,), True, True)
    sh.Charts.addNewByName("Oeffentlich_Zahlen", Rectangle(9000, 0, 8000, 5000), (numbers,), True, True)


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
            originals[stem]["charts"] = charts(doc)
            if stem in FORMAT_STEMS:
                originals[stem]["formats"] = formats(doc)
            target = os.path.join(out, f"{stem}_werte.xlsx")
            exports[(stem, "werte")] = (target, service.exportCopy(doc, "werte", "", lo.file_url(target)))
            if stem == "ISP_Sozialraummonitor":
                add_public_charts(doc)  # after the values-only export, which keeps the template's own charts
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
            info["charts"] = charts(d)
            info["chart_data"] = S.chart_data(d)
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
        self.assertEqual(self.info["order"], ["Hinweise zur Weitergabe", "Sozialraummonitor", "Karte"])

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

    def test_charts_in_the_public_copy(self):
        """W34: the chart over the internal Rechenweg goes because it reads a sheet that goes; the chart over the
        public sheet's class texts goes too: a chart of texts alone keeps no cell range through the copy's ODS
        round trip (measured: its model then reports no range), and what the export cannot read goes. So the
        public copy holds no chart and no chart part; the notes say which chart went and why."""
        self.assertEqual(self.info["chart_data"], [])
        self.assertIn("Diagramm „Oeffentlich_Zahlen“ entfernt: liest ein entferntes Blatt", self.summary)
        self.assertIn("Diagramm „Oeffentlich_Text“ entfernt: Datenbereich nicht lesbar", self.summary)
        self.assertIn("2 Diagramme entfernt, 0 behalten", self.summary)
        with zipfile.ZipFile(self.path) as z:
            self.assertEqual(S.chart_caches({n: z.read(n) for n in z.namelist()}), {})

    def test_cells_equal_the_original_public_sheet(self):
        # W18: the public sheet is kept whole (it has no area rows to filter), every cell as the original shows it.
        S.compare_grids(self, originals["ISP_Sozialraummonitor"]["grids"]["Sozialraummonitor"],
                        self.info["grids"]["Sozialraummonitor"], "Sozialraummonitor")

    def test_class_colours_are_cell_styles(self):
        # W7 (applier only): conditional formats baked into fixed cell styles.
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
                changed = sum(compare_values_only(self, orig["grids"][sheet], info["grids"][sheet], f"{stem} {sheet}")
                              for sheet in orig["order"])
                self.assertGreater(changed, 0)  # every template has the colour legend "gelb = Eingabe …"
                self.assertEqual(info["errors"], [])
                self.assertIn("Formelzellen durch ihre Werte ersetzt", summary)

    def test_charts_stay_with_their_data(self):
        """W19: the values-only copy keeps every chart, each with the original's series, values and colours –
        also the Sozialraumanalyse's class series, which read hidden helper columns (issue 16 item 4)."""
        for stem in STEMS:
            with self.subTest(template=stem):
                want = originals[stem]["charts"]
                got = exports[(stem, "werte")][2]["charts"]
                self.assertEqual(sorted(got), sorted(want))
                for key, series in want.items():
                    self.assertEqual([(label, colour) for label, _, colour in got[key]],
                                     [(label, colour) for label, _, colour in series], key)
                    for (label, a, _), (_, b, _) in zip(got[key], series):
                        self.assertEqual(len(a), len(b), (key, label))
                        for x, y in zip(a, b):
                            self.assertTrue(x == y if not isinstance(y, float) else abs(x - y) < 1e-9,
                                            (key, label, x, y))
                if stem != "ISP_Sozialraummonitor":
                    self.assertTrue(want, "the template has charts")

    def test_nothing_invites_input(self):
        """No text asks for input or promises a recalculation, no cell shows an input style or colour or is
        unlocked, no validation (input help, lists) is left – in the raw XLSX of every template's copy (W20,
        W21; W22 (applier only): validation becomes "any value")."""
        for stem in STEMS:
            path, summary, _ = exports[(stem, "werte")]
            with self.subTest(template=stem):
                with zipfile.ZipFile(path) as z:
                    shared = ET.fromstring(z.read("xl/sharedStrings.xml"))
                    sheets = [z.read(n).decode("utf-8") for n in z.namelist()
                              if n.startswith("xl/worksheets/") and n.endswith(".xml")]
                texts = ["".join(t.text or "" for t in si.iter("{%s}t" % S.NS["m"]))
                         for si in shared.iter("{%s}si" % S.NS["m"])]
                self.assertEqual([t for t in texts if invites_input(t)], [])
                self.assertIn(VALUES_ONLY_NOTE, texts)
                # Validation is one "any value" rule without messages (Calc writes it as type "none").
                rules = [r for x in sheets for r in re.findall(r"<dataValidation [^>]*>", x)]
                self.assertFalse([r for r in rules if 'type="none"' not in r or 'showInputMessage="true"' in r
                                  or "prompt=" in r], rules[:3])
                for name, fill, locked in used_cell_formats(path):
                    self.assertFalse(name.replace("_", " ").startswith(INPUT_STYLES), name)
                    self.assertNotIn(fill, INPUT_FILLS, name)
                    self.assertTrue(locked, name)
                self.assertIn("lädt nicht zu Eingaben ein", summary)

    def test_number_formats_stay_german(self):
        """The copies keep the templates' locale (templates/isp_templates/odf.py): every number format that shows
        digits carries [$-407] (German), so Calc shows 87.000 and −0,44 whatever the office's locale."""
        for stem in STEMS:
            path, _, _ = exports[(stem, "werte")]
            with self.subTest(template=stem), zipfile.ZipFile(path) as z:
                codes = re.findall(r'formatCode="([^"]*)"', z.read("xl/styles.xml").decode("utf-8"))
                self.assertIn("[$-407]#,##0", codes)
                self.assertEqual([c for c in codes if "0" in c and not c.startswith("[$-407]")], [])
                # The Normal style in the built-in general format: with "[$-407]General" there, Calc opens the
                # copy ten times slower (bench/calc/xlsx_open_bench.py).
                self.assertRegex(z.read("xl/styles.xml").decode("utf-8"), r'<cellStyleXfs count="\d+"><xf numFmtId="0"')

    def test_negative_control_the_originals_invite_input(self):
        """The checks above would catch an unchanged copy: every original has inviting texts, and the atlas (a
        described template) has input-styled cells."""
        for stem in STEMS:
            texts = [v for g in originals[stem]["grids"].values() for row in g for v in row if isinstance(v, str)]
            self.assertTrue([t for t in texts if invites_input(t)], stem)
        styles = {s for cells in originals["ISP_Sozialstrukturatlas"]["formats"].values() for s, _ in cells.values()}
        self.assertTrue(styles & set(INPUT_STYLES), styles)

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
                        got_style, got_fmt = info["formats"][sheet].get(rc, ("(unter einer Verbindung)", fmt))
                        # Input cells take the style of computed cells (nothing recalculates in the copy).
                        style = NEUTRAL.get(style, style)
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
