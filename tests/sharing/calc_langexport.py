"""Long export (Langformat, requirement X4; addin/tools/langexport.py, docs/weitergabe.md "Long export").

- intern, every template: the German CSV (";", decimal comma, UTF-8 with BOM) and the plain CSV (",", decimal
  point, UTF-8) parsed with Python's csv module, and the sheet "Langformat" read back in Calc, hold exactly the
  expected rows: one per area × indicator × year, each value equal to the original's cell. The expected rows
  are read from the ORIGINAL workbook at the coordinates the template sources put them (t_sozialstrukturatlas,
  fachplan, t_sozialraummonitor), not by the exporter's header search.
- sozialraum (atlas and the Kita plan, Sozialraum 3): only Sozialraum 3, its Gemeinden and the Landkreis appear
  (Planungsraum II also holds Sozialraum 2: gone), every value equal to the original; the raw leak scan
  (sharing.scan) of the "Langformat" XLSX and a search of both CSVs find no value or name that belongs only to
  other areas; negative control: the same scan of the intern export finds them.
- oeffentlich (monitor): classes only, equal to the public sheet; no number in any value cell.
- the command line: a run for one Sozialraum, and its refusals.
"""
import csv
import os
import re
import subprocess
import tempfile
import time
import unittest
import zipfile

import sharing as S
from sharing import lo

sys_path_ok = S  # sys.path: templates/, tests/calc
import build  # noqa: E402
from isp_templates import data as D  # noqa: E402
from isp_templates import fachplan as FP  # noqa: E402
from isp_templates import t_sozialraummonitor as MON  # noqa: E402

sys_tools = os.path.join(S.ROOT, "addin", "tools")
import sys  # noqa: E402
sys.path.insert(0, sys_tools)
import langexport as L  # noqa: E402

STEMS = [stem for _, (_, stem) in sorted(build.TEMPLATES.items())]
ATLAS, MONITOR, KITA = "ISP_Sozialstrukturatlas", "ISP_Sozialraummonitor", "ISP_Kita-Bedarfsplanung"
JUGEND = "ISP_Jugendhilfeplanung"
SCRIPT = os.path.join(S.ROOT, "scripts", "langexport.sh")

office = workdir = None
COUNTS = set()  # (stem, level, area, indicator, year) of cells the Weitergabe suppresses below k (ISP_WG_ANZAHL)
docs, intern = {}, {}
started = time.monotonic()


def setUpModule():
    global office, workdir
    workdir = tempfile.mkdtemp(prefix="isp-langexport-")
    os.chmod(workdir, 0o755)
    S.register_types(workdir)
    office = lo.Office("langexport").start()


def tearDownModule():
    for d in docs.values():
        d.close(True)
    S.stop_all([office], workdir)
    print(f"\ncalc_langexport: {time.monotonic() - started:.0f} s", file=sys.stderr)


def original(stem):
    if stem not in docs:
        docs[stem] = office.load(S.private_copy(S.template_path(stem), workdir))
    return docs[stem]


def service():
    return office.ctx.ServiceManager.createInstanceWithContext(S.SERVICE, office.ctx)


def long_rows(stem, variant, area=""):
    doc = original(stem)
    return L.export(office, service(), doc, L.Structure(doc), variant, area, workdir)


def intern_rows(stem):
    if stem not in intern:
        intern[stem] = long_rows(stem, "intern")
    return intern[stem]


# ---- the expectation, read from the original at the templates' own coordinates -------------------------------

def grid(doc, sheet):
    return S.used_grid(doc.Sheets.getByName(sheet))


def cell(g, r, c):
    return g[r][c] if r < len(g) and c < len(g[r]) else ""


def named(doc, name):
    return doc.NamedRanges.getByName(name).getReferredCells().getDataArray()


def txt(v):
    return str(int(v)) if isinstance(v, float) and v == int(v) else str(v).strip()


def expected_intern(stem):
    """{(level, area ID, indicator ID, year): (value or None, class)} of the original workbook."""
    doc = original(stem)
    year = int(named(doc, "Jahr")[0][0])
    sheets = set(doc.Sheets.ElementNames)
    gebiete = {txt(r[0]): r for r in named(doc, "ISP_WG_GEBIETE") if txt(r[0])}
    exp = {}

    def put(key, value, klasse=""):
        value = value if isinstance(value, float) else None
        if key in exp:
            assert exp[key][0] == value or abs(exp[key][0] - value) < 1e-9, (key, exp[key], value)
            return
        exp[key] = (value, klasse)

    if "Atlas Sozialräume" in sheets:  # t_sozialstrukturatlas.atlas_sozialraeume: header row 5, Nr. in column B
        prior = int(named(doc, "Vorjahr")[0][0])
        g = grid(doc, "Atlas Sozialräume")
        for r in range(5, 5 + 56):
            ind = txt(cell(g, r, 1))
            for c in range(4, len(g[4])):
                head = cell(g, 4, c)
                if head.startswith("SR "):
                    put(("Sozialraum", head[3:], ind, year), g[r][c])
                elif head.startswith("PR "):
                    put(("Planungsraum", head[3:], ind, year), g[r][c])
                elif head == "Landkreis":
                    put(("Landkreis", "LK", ind, year), g[r][c])
                elif head == "Landkreis Vorjahr":
                    put(("Landkreis", "LK", ind, prior), g[r][c])
        g = grid(doc, "Atlas Gemeinden")  # atlas_gemeinden: Gemeinde-IDs in row 4
        for r in range(5, 5 + 56):
            ind = txt(cell(g, r, 1))
            for c in range(4, len(g[3])):
                gid = txt(cell(g, 3, c))
                if gid in gebiete:
                    put(("Gemeinde", gid, ind, year), g[r][c])
                elif cell(g, 4, c) == "Landkreis":
                    put(("Landkreis", "LK", ind, year), g[r][c])
    if "Sozialraumanalyse" in sheets:  # fachplan.analyse_sheet: Indikator-Nr. in row SA["nr"], SR rows from x0
        g = grid(doc, "Sozialraumanalyse")
        nr = FP.SA["nr"] - 1
        inds = [(c, txt(v)) for c, v in enumerate(g[nr]) if isinstance(v, float)]
        x0 = FP.SA["x0"] - 1
        index = [r[0] for r in named(doc, "Index_SR")]
        classes = [r[0] for r in named(doc, "Klasse_SR")]
        for i in range(FP.NSR + 1):
            area = ("Landkreis", "LK") if i == FP.NSR else ("Sozialraum", str(i + 1))
            for c, ind in inds:
                put(area + (ind, year), g[x0 + i][c])
            if i < FP.NSR:
                put(area + ("Belastungsindex", year), index[i], classes[i])
    for sheet in ("HzE-Monitoring", "Fallzahlen", "EGH-Monitoring"):  # t_jugendhilfe, t_psychiatrie, t_teilhabe
        if sheet not in sheets:
            continue
        g = grid(doc, sheet)  # header row 6, Sozialraum 1–13 in rows 7–19, the Landkreis in row 20
        anzahl = set()
        for name in doc.NamedRanges.ElementNames:
            if name.startswith("ISP_WG_ANZAHL_"):
                a = doc.NamedRanges.getByName(name).getReferredCells().RangeAddress
                if doc.Sheets.getByIndex(a.Sheet).Name == sheet:
                    anzahl |= set(range(a.StartColumn, a.EndColumn + 1))
        for c in range(1, len(g[5])):
            head = " ".join(str(g[5][c]).split())
            if not head or not any(isinstance(g[r][c], float) for r in range(6, 20)):
                continue
            for i in range(FP.NSR + 1):
                area = ("Landkreis", "LK") if i == FP.NSR else ("Sozialraum", str(i + 1))
                key = area + (f"{sheet}: {head}", year)
                put(key, g[6 + i][c])
                if c in anzahl:
                    COUNTS.add((stem,) + key)
    if "Kennzahlen" in sheets:  # t_demografie.kennzahlen: header row 6, SR 1–13, PR I–V, Landkreis in rows 7–25
        g = grid(doc, "Kennzahlen")
        anzahl = set()
        for name in doc.NamedRanges.ElementNames:
            if name.startswith("ISP_WG_ANZAHL_Kennzahlen"):
                a = doc.NamedRanges.getByName(name).getReferredCells().RangeAddress
                anzahl |= set(range(a.StartColumn, a.EndColumn + 1))
        for r in range(6, 6 + FP.NSR + len(D.PR_NAMES) + 1):
            key = txt(g[r][0])
            area = (("Landkreis", "LK") if key == "Landkreis" else ("Planungsraum", key) if key in D.PR_NAMES
                    else ("Sozialraum", key))
            for c in range(2, len(g[5])):
                head = " ".join(str(g[5][c]).split())
                if head:
                    put(area + (f"Kennzahlen: {head}", year), g[r][c])
                    if c in anzahl:
                        COUNTS.add((stem,) + area + (f"Kennzahlen: {head}", year))
    if "Sozialraummonitor" in sheets:  # t_sozialraummonitor.monitor_sheet: two blocks, header rows 6 and 24
        g = grid(doc, "Sozialraummonitor")
        for top, kind in ((5, "Dimension"), (5 + MON.NSR + 5, "Lebenslage")):
            h = top  # 0-based index of the header row top + 1
            for c in range(2, len(g[h])):
                name = " ".join(str(cell(g, h, c)).replace("-\n", "").split())
                if not name:
                    continue
                for i in range(MON.NSR):
                    klasse = cell(g, h + 2 + i, c)
                    put(("Sozialraum", str(i + 1), f"{kind}: {name}", year), None,
                        "" if klasse == "k. A." else klasse)
    if "Klassenwechsel" in sheets:  # klassenwechsel_sheet: Lebenslage blocks of two, names above "Klasse <Jahr>"
        g = grid(doc, "Klassenwechsel")
        prior = int(g[5][1])  # B6: the Vergleichsjahr
        for h, row in enumerate(g):
            if row[:2] != ["Sozialraum", "Städte und Gemeinden"]:
                continue
            for c in range(2, len(row), 4):  # per Lebenslage: Klasse Vorjahr, Klasse Jahr, Wechsel, Dynamik
                name = txt(cell(g, h - 1, c))
                if not name:
                    continue
                for i in range(MON.NSR):
                    klasse = cell(g, h + 1 + i, c)  # the Vergleichsjahr's class; the Datenjahr's: the monitor
                    put(("Sozialraum", str(i + 1), f"Lebenslage: {name}", prior), None,
                        "" if klasse == "k. A." else klasse)
    if "Sozialraumgespräch" in sheets:  # gespraech_sheet: Gemeinde-IDs in row 8, Sozialraum I, Landkreis J
        g = grid(doc, "Sozialraumgespräch")
        sr = txt(g[5][1])
        for r in range(9, len(g)):
            if not isinstance(cell(g, r, 0), float):
                break
            ind = txt(g[r][0])
            for c in range(3, 8):
                gid = txt(cell(g, 7, c))
                if gid in gebiete:
                    put(("Gemeinde", gid, ind, year), g[r][c])
            put(("Sozialraum", sr, ind, year), g[r][8])
            put(("Landkreis", "LK", ind, year), g[r][9])
    return exp


# ---- reading the outputs back ---------------------------------------------------------------------------------

def read_csv(path, german):
    with open(path, "rb") as f:
        raw = f.read()
    if german:
        assert raw.startswith(b"\xef\xbb\xbf"), "German CSV without BOM"
    text = raw.decode("utf-8-sig" if german else "utf-8")
    rows = list(csv.reader(text.splitlines(), delimiter=";" if german else ","))
    head = [de if german else plain for de, plain in L.COLUMNS]
    assert rows[0] == head, rows[0]
    out = {}
    for r in rows[1:]:
        rec = dict(zip(head, r))
        wert = rec[head[7]]
        if german:
            assert "." not in wert, wert  # no grouping, decimal comma
            value = float(wert.replace(",", ".")) if wert else None
        else:
            assert "," not in wert, wert
            value = float(wert) if wert else None
        key = (rec[head[0]], rec[head[1]], rec[head[3]], int(rec[head[6]]))
        assert key not in out, f"key twice: {key}"
        out[key] = (value, rec[head[8]], rec[head[9]], rec[head[2]])
    return out


def read_sheet(path):
    doc = office.load(path)
    try:
        sh = doc.Sheets.getByName("Langformat")
        g = S.used_grid(sh)
        assert tuple(g[0]) == tuple(de for de, _ in L.COLUMNS)
        out = {}
        for i, r in enumerate(g[1:]):
            # a missing value is an EMPTY cell (not an empty text), a number a number
            typ = sh.getCellByPosition(7, i + 1).Type.value
            value = r[7] if isinstance(r[7], float) else None
            assert (typ == "EMPTY") == (value is None), (i, r, typ)
            out[(r[0], txt(r[1]), txt(r[3]), int(r[6]))] = (value, r[8], r[9], r[2])
        return out
    finally:
        doc.close(True)


def write_all(stem, rows, tag):
    base = os.path.join(workdir, f"{stem}_{tag}")
    L.write_csvs(rows, base + ".csv", base + "_einfach.csv")
    L.write_sheet(office, rows, base + ".xlsx")
    return base + ".csv", base + "_einfach.csv", base + ".xlsx"


def close(a, b):
    return a is None and b is None or (a is not None and b is not None and
                                       abs(a - b) <= 1e-13 * max(1.0, abs(b)))


class Intern(unittest.TestCase):
    def test_every_template_reads_back_into_the_cells(self):
        for stem in STEMS:
            with self.subTest(stem):
                exp = expected_intern(stem)
                self.assertTrue(exp, f"{stem}: no table with values per area")
                paths = write_all(stem, intern_rows(stem), "intern")
                for what, got in (("German CSV", read_csv(paths[0], True)), ("plain CSV", read_csv(paths[1], False)),
                                  ("sheet", read_sheet(paths[2]))):
                    self.assertEqual(set(got), set(exp), f"{stem} {what}: keys")
                    for key, (value, klasse) in exp.items():
                        g = got[key]
                        self.assertTrue(close(g[0], value), f"{stem} {what} {key}: {g[0]!r} != {value!r}")
                        self.assertEqual(g[1], klasse, f"{stem} {what} {key}: class")
                        if value is None and not klasse:
                            self.assertTrue(g[2], f"{stem} {what} {key}: missing value without reason")
                        if value is not None:
                            self.assertEqual(g[2], "", f"{stem} {what} {key}: reason for a value")

    def test_classes_are_the_legend_labels(self):
        """The class column holds the labels of the workbook's own legend (ISP_KLASSEN on the Parameter sheet,
        named range Klassen_Legende), not numbers or codes."""
        doc = original(KITA)
        labels = {r[0] for r in named(doc, "Klassen_Legende") if isinstance(r[0], str) and r[0]}
        self.assertEqual(len(labels), 4, labels)
        found = {r[8] for r in intern_rows(KITA) if r[8]}
        self.assertTrue(found)
        self.assertLessEqual(found, labels)


def own_areas(doc, sr):
    gebiete = [r for r in named(doc, "ISP_WG_GEBIETE") if txt(r[0])]
    own = {("Sozialraum", sr), ("Landkreis", "LK")}
    own |= {("Gemeinde", txt(r[0])) for r in gebiete if txt(r[2]) == sr}
    prs = {txt(r[3]) for r in gebiete if txt(r[2]) == sr}
    for pr in prs:  # a Planungsraum of this Sozialraum alone stays (docs/weitergabe.md, rule 5)
        if {txt(r[2]) for r in gebiete if txt(r[3]) == pr} == {sr}:
            own.add(("Planungsraum", pr))
    own_names = {txt(r[1]) for r in gebiete if txt(r[2]) == sr}
    others = {txt(r[1]) for r in gebiete if txt(r[2]) != sr}
    others |= {txt(r[1]) for r in named(doc, "ISP_WG_SOZIALRAEUME") if txt(r[0]) and txt(r[0]) != sr}
    return own, others - own_names - {""}


def app_version(xlsx):
    with zipfile.ZipFile(xlsx) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
    m = re.search(r"<AppVersion>([0-9.]+)</AppVersion>", app)
    return float(m.group(1)) if m else -1.0


def forbidden_numbers(exp, own):
    """Values of other areas that no own area (nor the Landkreis) shows: a leak if they appear."""
    own_values = {S.norm_number(v) for (lvl, a, _, _), (v, _) in exp.items() if (lvl, a) in own and v is not None}
    return {S.norm_number(v) for (lvl, a, _, _), (v, _) in exp.items()
            if (lvl, a) not in own and v is not None and S.norm_number(v) not in own_values}


class Sozialraum(unittest.TestCase):
    def check(self, stem, sr="3"):
        doc = original(stem)
        own, other_names = own_areas(doc, sr)
        exp = expected_intern(stem)
        rows = long_rows(stem, "sozialraum", sr)
        paths = write_all(stem, rows, f"SR{sr}")
        german, plain = read_csv(paths[0], True), read_csv(paths[1], False)
        self.assertEqual(set(german), set(plain))
        areas = {(k[0], k[1]) for k in german}
        self.assertLessEqual(areas, own, f"{stem}: areas of other Sozialräume in the long export")
        self.assertIn(("Sozialraum", sr), areas)
        expected_keys = {k for k in exp if (k[0], k[1]) in own}
        self.assertEqual(set(german), expected_keys, f"{stem}: every own row, nothing else")
        suppressed = 0
        for key, g in german.items():
            v = exp[key][0]
            if (stem,) + key in COUNTS and v is not None and 1 <= v < S.THRESHOLD:
                suppressed += 1  # docs/weitergabe.md rule 10: 1 ≤ v < k becomes "."
                self.assertEqual((g[0], g[2]), (None, "geheim (< 3)"), f"{stem} {key}: count {v} not suppressed")
                continue
            self.assertTrue(close(g[0], v), f"{stem} {key}: {g[0]!r} != {v!r}")
        if stem == JUGEND:
            self.assertGreater(suppressed, 0, "Sozialraum 2 has HzE counts 1 and 2")
        numbers = forbidden_numbers(exp, own) - {float(k[3]) for k in german}  # a year is no area's value
        self.assertTrue(numbers and other_names)
        # docProps/app.xml of every XLSX says <AppVersion>15.0000</AppVersion>: not a value of the table.
        numbers.discard(S.norm_number(app_version(paths[2])))
        self.assertEqual(S.scan(paths[2], numbers, other_names), [], f"{stem}: leak in the Langformat sheet")
        for path in paths[:2]:
            with open(path, encoding="utf-8-sig") as f:
                text = f.read()
            for name in other_names:
                self.assertNotIn(name, text, f"{stem} {os.path.basename(path)}: another area's name")
        for _, (value, *_rest) in german.items():
            if value is not None:
                self.assertNotIn(S.norm_number(value), numbers, f"{stem}: another area's value")
        # Negative control: the intern export of the same workbook DOES hold those values and names.
        intern_xlsx = write_all(stem, intern_rows(stem), "intern_ctrl")[2]
        problems = S.scan(intern_xlsx, numbers, other_names)
        self.assertTrue(any("value" in p for p in problems), problems[:3])
        self.assertTrue(any("text" in p for p in problems), problems[:3])

    def test_atlas(self):
        self.check(ATLAS)

    @unittest.skipUnless(os.environ.get("ISP_LANGEXPORT_ALL"), "the Fachplan's Sozialraum export costs ~30 s; "
                         "set ISP_LANGEXPORT_ALL=1")
    def test_fachplan_with_suppressed_counts(self):
        self.check(JUGEND, "2")  # Sozialraum 2: HzE counts 1 and 2 become "." (geheim)


class Oeffentlich(unittest.TestCase):
    def test_monitor_classes_only(self):
        rows = long_rows(MONITOR, "oeffentlich")
        paths = write_all(MONITOR, rows, "oeffentlich")
        exp = {k: v for k, v in expected_intern(MONITOR).items() if k[2].startswith(("Dimension:", "Lebenslage:"))}
        jahr = max(k[3] for k in exp)  # the Vergleichsjahr's classes (sheet Klassenwechsel) are not public
        exp = {k: v for k, v in exp.items() if k[3] == jahr}
        for got in (read_csv(paths[0], True), read_csv(paths[1], False)):
            self.assertEqual(set(got), set(exp))
            for key, g in got.items():
                self.assertIsNone(g[0], f"{key}: a number in the public long export")
                self.assertEqual(g[1], exp[key][1], key)
                self.assertTrue(g[2], f"{key}: no reason for the missing value")
        self.assertEqual(S.scan(paths[2]), [])


class Kommandozeile(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([SCRIPT, *args, "--oxt", S.OXT], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=600, cwd=workdir)

    def test_refusals(self):
        src = S.private_copy(S.template_path(ATLAS), os.path.join(workdir, "cli"))
        r = self.run_cli(src, "--variante", "sozialraum")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--sozialraum ID oder --alle", r.stderr)
        r = self.run_cli(src, "--variante", "intern", "--sozialraum", "3")
        self.assertEqual(r.returncode, 2, r.stderr)
        r = self.run_cli(os.path.join(workdir, "fehlt.ods"), "--variante", "intern")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("nicht gefunden", r.stderr)
        out = os.path.join(workdir, "cli-out")
        os.makedirs(out, exist_ok=True)
        existing = os.path.join(out, f"{ATLAS}_langformat_intern.csv")
        with open(existing, "w") as f:
            f.write("alt")
        r = self.run_cli(src, "--variante", "intern", "--out", out)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--ueberschreiben", r.stderr)
        with open(existing) as f:
            self.assertEqual(f.read(), "alt")
        for r in (r,):
            self.assertNotIn("Traceback", r.stderr)

    @unittest.skipUnless(os.environ.get("ISP_LANGEXPORT_CLI_RUN"), "a full CLI run costs a profile installation "
                         "(~40 s); set ISP_LANGEXPORT_CLI_RUN=1")
    def test_run_for_one_sozialraum(self):
        src = S.private_copy(S.template_path(ATLAS), os.path.join(workdir, "cli-run"))
        out = os.path.join(workdir, "cli-run-out")
        r = self.run_cli(src, "--variante", "sozialraum", "--sozialraum", "3", "--out", out,
                         "--profile", os.path.join(workdir, "cli-profile"))
        self.assertEqual(r.returncode, 0, r.stderr)
        names = sorted(os.listdir(out))
        self.assertEqual(names, sorted(L.file_names(ATLAS, "SR3", "xlsx")))
        got = read_csv(os.path.join(out, names[0]), True)
        self.assertLessEqual({(k[0], k[1]) for k in got}, own_areas(original(ATLAS), "3")[0])


if __name__ == "__main__":
    unittest.main()
