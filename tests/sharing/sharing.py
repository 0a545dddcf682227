"""Shared helpers of the Weitergabe tests (docs/weitergabe.md).

- Offices: one soffice WITH the add-in (to read the originals' computed values and to call the service) and one
  WITHOUT it (to open the exports as a recipient would).
- What belongs to other areas in the original (`owned_by_others`: rows/columns keyed by other Sozialräume, their
  Gemeinden or mixed Planungsräume, undescribed and internal sheets, single-area views showing another area) –
  the independent statement of what an export must not contain. It is NOT a second implementation of the
  export: the plan's rules (docs/weitergabe.md, W1–W33) are tested by GoogleTests on the plan.
- A raw scanner: unzips an exported file and searches every XML part for values and names that belong only to
  other areas, for formulas, ranks, comments and names, and every value and text in the caches of the charts
  the export keeps (W34) (`scan`, fed by `ownership`).
- `check_remaining`: the cells an export keeps equal the original's computed values, in their order, and every
  cell of the original that belongs to no other area is there.

Environment (tests/sharing/CMakeLists.txt): ISP_TEMPLATES_OUT (built templates), ISP_PROFILE_TEMPLATE (profile
with the add-in; profile-plain beside it), ISP_CALC_WORKDIR, ISP_OXT, ISP_SOURCE_DIR.
"""
import math
import os
import re
import shutil
import sys
import zipfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("ISP_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "calc"))
sys.path.insert(0, os.path.join(ROOT, "templates"))

import lo  # noqa: E402
import uno  # noqa: E402

OUT = os.environ.get("ISP_TEMPLATES_OUT") or os.path.join(ROOT, "build-share", "templates")
OXT = os.environ.get("ISP_OXT") or os.path.join(ROOT, "build-share", "addin", "isp-sozialplanung.oxt")
SERVICE = "de.sozialplanung.isp.Weitergabe"
THRESHOLD = 3.0  # no template has ISP_WG_SCHWELLE: the default k = 3

def register_types(workdir):
    """Python must know XWeitergabe to talk to the service: load the .oxt's type library locally."""
    from isp_templates.office import register_types as register
    register(OXT, workdir)


def stop_all(offices, workdir):
    """A module's teardown: stop its offices (None = not started) and remove its work folder."""
    for o in offices:
        if o is not None:
            o.stop()
    shutil.rmtree(workdir or "", ignore_errors=True)


def template_path(stem, ext="ods"):
    return os.path.join(OUT, f"{stem}.{ext}")


def private_copy(src, workdir):
    """Loads never touch the fixture's files (a lock file there would block other tests)."""
    d = os.path.join(workdir, "src")
    os.makedirs(d, exist_ok=True)
    dst = os.path.join(d, os.path.basename(src))
    shutil.copyfile(src, dst)
    return dst


# ---- reading a document ---------------------------------------------------------------------------------------

def key_of(v):
    if isinstance(v, float):
        if math.isfinite(v) and v == math.floor(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return (v or "").strip()


def used_grid(sheet):
    """All cell contents from A1 to the end of the used area: floats and strings ("" = empty)."""
    cur = sheet.createCursor()
    cur.gotoEndOfUsedArea(False)
    end = cur.getRangeAddress()
    rng = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
    return [list(row) for row in rng.getDataArray()]


def trim(grid):
    rows = [list(r) for r in grid]
    while rows and all(v == "" for v in rows[-1]):
        rows.pop()
    width = 0
    for r in rows:
        for j in range(len(r) - 1, -1, -1):
            if r[j] != "":
                width = max(width, j + 1)
                break
    return [(r + [""] * width)[:width] for r in rows]


def hidden_columns(sheet, width):
    """0-based hidden columns among the first width (the templates hide chart helper columns, never rows)."""
    columns = sheet.Columns
    return {c for c in range(width) if not columns.getByIndex(c).IsVisible}


def read_doc(doc):
    """{sheet name: grid}, sheet order, visibility, hidden columns and the ISP_WG_ descriptions
    {name: (sheet, c0, r0, c1, r1)}."""
    grids, order, visible, hidden = {}, [], {}, {}
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        order.append(sh.Name)
        visible[sh.Name] = sh.IsVisible
        grids[sh.Name] = used_grid(sh)
        hidden[sh.Name] = hidden_columns(sh, max((len(r) for r in grids[sh.Name]), default=0))
    descs = {}
    for name in doc.NamedRanges.ElementNames:
        if not name.upper().startswith("ISP_WG_"):
            continue
        cells = doc.NamedRanges.getByName(name).getReferredCells()
        if cells is None:
            continue
        a = cells.getRangeAddress()
        descs[name] = (order[a.Sheet], a.StartColumn, a.StartRow, a.EndColumn, a.EndRow)
    return {"grids": grids, "order": order, "visible": visible, "hidden": hidden, "descs": descs}


def role(name):
    rest = name[len("ISP_WG_"):].upper()
    return rest.split("_", 1)[0]


def cell(grid, r, c):
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return ""


# ---- the area structure and the rules (independent of the C++ code) ----------------------------------------

class Structure:
    def __init__(self, info):
        d = info["descs"]
        sheet, c0, r0, c1, r1 = d["ISP_WG_GEBIETE"]
        g = info["grids"][sheet]
        self.gemeinden = {}  # id -> (name, sr, pr)
        for r in range(r0, r1 + 1):
            gid = key_of(cell(g, r, c0))
            if gid:
                self.gemeinden[gid] = (key_of(cell(g, r, c0 + 1)), key_of(cell(g, r, c0 + 2)),
                                       key_of(cell(g, r, c0 + 3)))
        sheet, c0, r0, c1, r1 = d["ISP_WG_SOZIALRAEUME"]
        g = info["grids"][sheet]
        self.sozialraeume = []
        for r in range(r0, r1 + 1):
            sid = key_of(cell(g, r, c0))
            if sid:
                self.sozialraeume.append((sid, key_of(cell(g, r, c0 + 1))))
        self.sr_ids = {s for s, _ in self.sozialraeume}
        self.pr_members = {}
        for _, (_, sr, pr) in self.gemeinden.items():
            self.pr_members.setdefault(pr, set()).add(sr)

    def area_of(self, key):
        """('lk'|'neutral'|'gem'|'sr'|'pr'|'unknown', the Sozialräume it covers)."""
        key = key.strip()
        if not key:
            return "neutral", set()
        low = key.lower()
        if low.startswith("landkreis") or low in ("summe", "insgesamt", "gesamt", "kreis"):
            return "lk", set(self.sr_ids)
        m = re.match(r"^(SR|Sozialraum|PR|Planungsraum) (.+)$", key, re.I)
        level, rest = (m.group(1).upper()[:2], m.group(2).strip()) if m else (None, key)
        if level is None and rest in self.gemeinden:
            return "gem", {self.gemeinden[rest][1]}
        if level in (None, "SR", "SO") and rest in self.sr_ids:
            return "sr", {rest}
        if level in (None, "PR", "PL") and rest in self.pr_members:
            return "pr", set(self.pr_members[rest])
        return "unknown", set()

    def keep(self, key, sr):
        kind, srs = self.area_of(key)
        if kind in ("neutral", "lk"):
            return True
        if kind == "unknown":
            return False
        return srs == {sr}


def sheet_classes(info):
    cls = {}
    for name, (sheet, *_r) in info["descs"].items():
        ro = role(name)
        cur = cls.get(sheet)
        if ro == "INTERN":
            cls[sheet] = "intern"
        elif ro == "OEFFENTLICH" and cur != "intern":
            cls[sheet] = "public"
        elif ro == "ALLGEMEIN" and cur is None:
            cls[sheet] = "general"
        elif ro in ("ZEILEN", "SPALTEN", "PROFIL") and cur is None:
            cls[sheet] = "areas"
    return cls


def compare_grids(test, expected, actual, where):
    """Cell by cell: numbers within 1e-12 (relative), texts exactly, empty where empty."""
    exp, act = trim(expected), trim(actual)
    test.assertEqual(len(exp), len(act), f"{where}: {len(act)} rows, expected {len(exp)}")
    for r, (re_, ra) in enumerate(zip(exp, act)):
        test.assertEqual(len(re_), len(ra), f"{where} row {r + 1}: width {len(ra)} != {len(re_)}")
        for c, (e, a) in enumerate(zip(re_, ra)):
            if isinstance(e, float) and isinstance(a, float):
                test.assertTrue(math.isclose(e, a, rel_tol=1e-12, abs_tol=1e-12),
                                f"{where} {lo_addr(r, c)}: {a!r} != {e!r}")
            else:
                test.assertEqual(e, a, f"{where} {lo_addr(r, c)}")


def lo_addr(r, c):
    s, c1 = "", c + 1
    while c1:
        c1, m = divmod(c1 - 1, 26)
        s = chr(65 + m) + s
    return f"{s}{r + 1}"


# ---- what belongs to whom in the original ------------------------------------------------------------------

def norm_number(v):
    return float(f"{v:.12g}")


ALL = "all"  # owned_by_others: the whole sheet belongs to other areas


def owned_by_others(info, sr, profile_shows=None):
    """{sheet: ALL or set of (r, c)}: the cells of the original that belong to other areas in a per-Sozialraum
    export for `sr` – rows/columns of other Sozialräume, their Gemeinden or mixed Planungsräume, unknown keys;
    every cell of a hidden, undescribed or internal sheet and of a single-area view that shows another
    Sozialraum (profile_shows: {sheet: shown SR}); and, though no other area's, the cells of hidden columns
    (W12 removes them)."""
    st = Structure(info)
    cls = sheet_classes(info)
    out = {}
    for name in info["order"]:
        grid = info["grids"][name]
        if cls.get(name) in (None, "intern") or not info["visible"][name]:
            out[name] = ALL
            continue
        if profile_shows and name in profile_shows and profile_shows[name] != sr:
            out[name] = ALL
            continue
        owner = set()
        for key, (s, c0, r0, c1, r1) in info["descs"].items():
            if s != name or role(key) not in ("ZEILEN", "SPALTEN"):
                continue
            if role(key) == "ZEILEN":
                cols = range(c0, c1 + 1) if c0 != c1 else range(max((len(x) for x in grid), default=0))
                for r in range(r0, r1 + 1):
                    if not st.keep(key_of(cell(grid, r, c0)), sr):
                        owner.update((r, c) for c in cols)
            else:
                rows = range(r0, r1 + 1) if r0 != r1 else range(len(grid))
                for c in range(c0, c1 + 1):
                    if not st.keep(key_of(cell(grid, r0, c)), sr):
                        owner.update((r, c) for r in rows)
        # W12: hidden columns of a kept sheet go too (what a planner hides is not for the recipient).
        owner.update((r, c) for c in info.get("hidden", {}).get(name, ()) for r in range(len(grid)))
        out[name] = owner
    return out


def ownership(info, sr, profile_shows=None):
    """(forbidden numbers, forbidden texts) for a per-Sozialraum export for `sr`: contents of the original that
    occur ONLY in cells that belong to other areas (owned_by_others). Everything that also occurs in the own
    area's rows, the Landkreis rows or any general cell is allowed: such a value does not reveal another area
    (e.g. an indicator number, a year, a count that the own area has too)."""
    owned = owned_by_others(info, sr, profile_shows)
    other, allowed = set(), set()
    for name in info["order"]:
        mine = owned[name]
        for r, row in enumerate(info["grids"][name]):
            for c, v in enumerate(row):
                if v == "":
                    continue
                k = norm_number(v) if isinstance(v, float) else v
                (other if mine == ALL or (r, c) in mine else allowed).add(k)
    forbidden = other - allowed
    return ({v for v in forbidden if isinstance(v, float)}, {v for v in forbidden if isinstance(v, str)})


# ---- what an export keeps -----------------------------------------------------------------------------------

def same_value(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def suppressed(v):
    """A count that a per-Sozialraum export shows as "." (W15: 1 <= v < k)."""
    return isinstance(v, float) and 0 < v < THRESHOLD


def check_remaining(test, info, sheet, original, owned, exported, where):
    """The cells a per-Sozialraum export keeps of one sheet, checked against the original's computed values
    without predicting which rows or columns go (that is the plan's business, tested by GoogleTests):

    1. the export of `sheet` holds exactly the cells of `original` (the grid the export starts from: the open
       document's values, or a single-area view switched to the recipient) that belong to no other area
       (`owned`: the set of (r, c) owned_by_others gives), as a multiset of values: none is missing (the own
       area, the Landkreis, headings), none is added or changed, and a cell of an ISP_WG_ANZAHL range with
       1 <= v < k shows ".";
    2. their order: every exported row, read left to right, equals a row of the original reduced to those
       cells, in the original's row order (within each band of columns of a side-by-side table, whose cells
       move up on their own); every exported column, read top to bottom, likewise."""
    counts = count_cells(info, sheet)

    def kept_value(r, c, v):
        return "." if (r, c) in counts and suppressed(v) else v

    orig = [[kept_value(r, c, v) if (r, c) not in owned else None for c, v in enumerate(row)]
            for r, row in enumerate(original)]
    exp = trim(exported)
    # 1. multiset of values
    want = sorted((v for row in orig for v in row if v not in (None, "")), key=_order)
    got = sorted((v for row in exp for v in row if v != ""), key=_order)
    missing, extra = _difference(want, got), _difference(got, want)
    test.assertEqual((missing[:10], extra[:10]), ([], []),
                     f"{where}: values missing from the export (own area, Landkreis, general cells) / values "
                     f"the original's remaining cells do not have ({len(missing)} / {len(extra)})")
    # 2. order of rows (per band of columns) and of columns
    width = max((len(r) for r in orig + exp), default=0)
    for band in _bands(width, counts.bands):
        _check_lines(test, [[row[c] if c < len(row) else "" for c in band] for row in orig],
                     [[row[c] if c < len(row) else "" for c in band] for row in exp], where, "row")
    _check_lines(test, [[row[c] if c < len(row) else "" for row in orig] for c in range(width)],
                 [[row[c] if c < len(row) else "" for row in exp] for c in range(width)], where, "column")


class CountCells(set):
    """The (r, c) of a sheet's ISP_WG_ANZAHL ranges; `bands`: the column spans of its side-by-side tables."""

    def __init__(self, cells=(), bands=()):
        super().__init__(cells)
        self.bands = list(bands)


def count_cells(info, sheet):
    cells, bands = set(), []
    for key, (s, c0, r0, c1, r1) in info["descs"].items():
        if s != sheet:
            continue
        if role(key) == "ANZAHL":
            cells.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        elif role(key) == "ZEILEN" and c1 > c0:
            bands.append((c0, c1))
    return CountCells(cells, sorted(set(bands)))


def _order(v):
    return (0, v, "") if isinstance(v, float) else (1, 0.0, v)


def _difference(a, b):
    """Elements of sorted list a without a counterpart in sorted list b (numbers within 1e-12)."""
    out, j = [], 0
    for v in a:
        while j < len(b) and _order(b[j]) < _order(v) and not same_value(b[j], v):
            j += 1
        if j < len(b) and same_value(b[j], v):
            j += 1
        else:
            out.append(v)
    return out


def _bands(width, spans):
    """Column lists: each side-by-side table's span, then every other column together."""
    out, inside = [], set()
    for c0, c1 in spans:
        out.append(list(range(c0, min(c1, width - 1) + 1)))
        inside.update(range(c0, c1 + 1))
    rest = [c for c in range(width) if c not in inside]
    return [b for b in out + [rest] if b]


def _check_lines(test, original, exported, where, kind):
    """Every non-empty exported line (its values in order) equals an original line, in the original's order;
    original lines wholly of other areas are skipped."""
    lines = []
    for line in original:
        if line and all(v is None for v in line if v != "") and any(v is None for v in line):
            continue  # the line belongs to other areas: it must be gone
        lines.append([v for v in line if v not in (None, "")])
    i = 0
    for n, line in enumerate(exported):
        values = [v for v in line if v != ""]
        if not values:
            continue  # an empty line reveals nothing (a side-by-side table's cells moved up leave some)
        while i < len(lines) and not (len(lines[i]) == len(values) and all(map(same_value, lines[i], values))):
            i += 1
        test.assertLess(i, len(lines), f"{where}: exported {kind} {n + 1} {values[:8]} is no {kind} of the "
                                       "original in this order")
        i += 1


# ---- charts (W34) ---------------------------------------------------------------------------------------------

ODF_RANGE = re.compile(r"\$?('(?:[^']|'')+'|[^ .:;]+)\.\$?([A-Z]+)\$?(\d+)"
                       r"(?::\$?(?:'(?:[^']|'')+'|[^ .:;]+)?\.\$?([A-Z]+)\$?(\d+))?")


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def odf_ranges(xml):
    """[(sheet, c0, r0, c1, r1)] of a range list in the ODF spelling ("'My sheet'.A1:'My sheet'.B5 Daten.C3")."""
    out = []
    for m in ODF_RANGE.finditer(xml):
        sheet = m.group(1)
        if sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        c0, r0 = col_index(m.group(2)), int(m.group(3)) - 1
        c1, r1 = (col_index(m.group(4)), int(m.group(5)) - 1) if m.group(4) else (c0, r0)
        out.append((sheet, min(c0, c1), min(r0, r1), max(c0, c1), max(r0, r1)))
    return out


def charts_of(doc):
    """{sheet: [(name, [(sheet, c0, r0, c1, r1)])]}: every chart of the document with the ranges it was given."""
    out = {}
    order = [doc.Sheets.getByIndex(i).Name for i in range(doc.Sheets.Count)]
    for i, sheet in enumerate(order):
        charts = doc.Sheets.getByIndex(i).Charts
        for name in charts.ElementNames:
            ranges = [(order[a.Sheet], a.StartColumn, a.StartRow, a.EndColumn, a.EndRow)
                      for a in charts.getByName(name).Ranges]
            out.setdefault(sheet, []).append((name, ranges))
    return out


def chart_data(doc):
    """[(sheet, [(xml, data, cells, first row, range sheet)])] per chart in sheet order: every data sequence the chart
    model reads (values, labels, categories) in the ODF spelling, the data the chart holds and the cells at that
    range in the opened file (row-major)."""
    out = []
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        for k in range(sh.Charts.Count):
            model = sh.Charts.getByIndex(k).EmbeddedObject
            seqs = []
            for lds in model.getUsedData().getDataSequences():
                for seq in (lds.getValues(), lds.getLabel()):
                    if seq is None:
                        continue
                    xml = model.getDataProvider().convertRangeToXML(seq.getSourceRangeRepresentation())
                    cells, first, where = [], None, None
                    for sheet, c0, r0, c1, r1 in odf_ranges(xml):
                        rng = doc.Sheets.getByName(sheet).getCellRangeByPosition(c0, r0, c1, r1)
                        cells += [v for row in rng.getDataArray() for v in row]
                        first = r0 if first is None else first
                        where = sheet
                    seqs.append((xml, list(seq.Data), cells, first, where))
            out.append((sh.Name, seqs))
    return out


def same_data(data, cells):
    """A chart's data equal to the cells it reads (an empty cell: NaN, None or "" in the chart)."""
    def norm(v):
        if v is None:
            return ""
        if isinstance(v, float):
            return "" if math.isnan(v) else norm_number(v)
        return v
    return [norm(v) for v in data] == [norm(v) for v in cells]


# ---- raw scan of an exported file ---------------------------------------------------------------------------

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
ODS_NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
NUM = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
RANK_HEADER = re.compile(r"^\s*(Rang|Rank|Rangplatz|Platz)\b", re.I)


DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
OFFICE_VALUE = "{%s}value" % ODS_NS["office"]
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
# The parts of a kept chart (W34): XLSX chart XML and the drawing that anchors it; in ODS the chart objects'
# folders (media type chart in the manifest) and their replacement images.
XLSX_CHART_PART = re.compile(r"^(xl/charts/|xl/drawings/drawing\d+\.xml$|xl/drawings/_rels/drawing\d+\.xml\.rels$)")
MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"


def chart_parts(parts):
    """The names of the parts that belong to charts."""
    out = {n for n in parts if XLSX_CHART_PART.match(n)}
    if "META-INF/manifest.xml" in parts:
        for e in ET.fromstring(parts["META-INF/manifest.xml"]).iter(MANIFEST + "file-entry"):
            if e.get(MANIFEST + "media-type") == "application/vnd.oasis.opendocument.chart":
                folder = e.get(MANIFEST + "full-path").rstrip("/")
                out |= {n for n in parts if n.startswith(folder + "/") or n == "ObjectReplacements/" + folder}
    return out


def chart_caches(parts):
    """{part: ([numbers], [texts])} of every chart part: every value and text a chart carries (XLSX numCache and
    strCache points, titles; ODS chart tables and texts), the data a recipient's program shows without the
    sheet."""
    out = {}
    for name in sorted(chart_parts(parts)):
        data = parts[name]
        if not name.endswith(".xml") or name.startswith("xl/drawings/"):
            continue
        numbers, texts = [], []
        for el in ET.fromstring(data).iter():
            v = el.get(OFFICE_VALUE)
            if v is not None:
                numbers.append(float(v))
            t = (el.text or "").strip()
            if not t or len(el):
                continue
            try:
                numbers.append(float(t))
            except ValueError:
                texts.append(t)
        out[name] = (numbers, texts)
    return out


# The map of the Sozialräume (W35, docs/karte.md): the only drawing objects besides charts that a copy may hold. A
# map shape carries its area's ID in its name and nothing else: an area or a border (no text) or a label reading
# "SR <id>", no alternative text. Its coordinates are the outline of public geography, its fill a class colour
# (the public class of the area) or the neutral grey – no cell value.
MAP_SHAPE = re.compile(r"^ISP_Karte_(SR|PR|Name)_([0-9IVX]+)$")
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
SVG_NS = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"


def map_shape_ok(name, text, alt_text):
    """Whether a drawing object is a map shape (name, its text, its title/description)."""
    m = MAP_SHAPE.match(name or "")
    if not m or alt_text:
        return False
    return text == (f"SR {m.group(2)}" if m.group(1) == "Name" else "")


def scan_charts(parts, fnum, ftext):
    """Problems in the parts of kept charts: any value or text that belongs only to another area (every number,
    not only distinctive ones: a chart cache is the data itself), an XLSX drawing object that is no chart, a
    forbidden name in an ODS chart's replacement image (a metafile: texts as UTF-8 or UTF-16)."""
    problems = []
    for name, (numbers, texts) in chart_caches(parts).items():
        problems += [f"{name}: chart value {v!r} belongs only to another area" for v in numbers
                     if norm_number(v) in fnum]
        problems += [f"{name}: chart text {t!r} belongs only to another area" for t in texts if t in ftext]
    for name, data in parts.items():
        if re.match(r"^xl/drawings/drawing\d+\.xml$", name):
            for anchor in ET.fromstring(data):
                for shape in anchor:
                    tag = shape.tag.replace(XDR, "")
                    if tag == "sp":
                        pr = shape.find(f"{XDR}nvSpPr/{XDR}cNvPr")
                        text = "".join(t.text or "" for t in shape.iter(A_NS + "t"))
                        if pr is not None and map_shape_ok(pr.get("name"), text, pr.get("descr") or pr.get("title")):
                            continue  # a map shape (W35)
                    if tag in ("sp", "pic", "cxnSp", "grpSp") or (tag == "graphicFrame" and b"/chart" not in
                                                                   ET.tostring(shape)):
                        problems.append(f"{name}: drawing object {tag} (not a chart)")
        elif name.startswith("ObjectReplacements/") and name in chart_parts(parts):
            for t in ftext:
                if len(t) >= 4 and (t.encode("utf-8") in data or t.encode("utf-16-le") in data):
                    problems.append(f"{name}: text {t!r} in the chart's image")
    return problems


def scan(path, forbidden_numbers=(), forbidden_texts=()):
    """Problems found in the raw file: every XML part (all sheets incl. hidden ones, workbook with its defined
    names, shared strings, comments, charts, drawings, document properties, cached values). Comments and drawing
    objects other than charts and the map's shapes (W35: name, text and alternative text checked by map_shape_ok)
    are problems in themselves; a chart (kept by W34) only when it carries a value or text of another area."""
    problems = []
    fnum = set(forbidden_numbers)
    ftext = set(forbidden_texts)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xlsx = "xl/workbook.xml" in parts
    charts = chart_parts(parts)
    for name in parts:
        low = name.lower()
        if name in charts:
            continue  # a kept chart (W34): its parts are searched below, value by value
        if any(k in low for k in ("chart", "comments", "drawing", "vmldrawing", "object")) and \
                not low.endswith("manifest.xml"):
            problems.append(f"{name}: chart, comment or drawing part")
    problems += scan_charts(parts, fnum, ftext)
    cells_numbers, cells_texts = [], []
    if xlsx:
        shared = []
        if "xl/sharedStrings.xml" in parts:
            for si in ET.fromstring(parts["xl/sharedStrings.xml"]).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        cells_texts += [("xl/sharedStrings.xml", s) for s in shared]
        wb = ET.fromstring(parts["xl/workbook.xml"])
        for dn in wb.iter("{%s}definedName" % NS["m"]):
            problems.append(f"xl/workbook.xml: defined name {dn.get('name')}")
        for name, data in parts.items():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            x = ET.fromstring(data)
            for c in x.iter("{%s}c" % NS["m"]):
                if c.find("m:f", NS) is not None:
                    problems.append(f"{name} {c.get('r')}: formula")
                v = c.find("m:v", NS)
                t = c.get("t")
                if v is not None and t in (None, "n"):
                    cells_numbers.append((f"{name} {c.get('r')}", float(v.text)))
                elif v is not None and t in ("str", "inlineStr"):
                    cells_texts.append((f"{name} {c.get('r')}", v.text or ""))
                inline = c.find("m:is", NS)
                if inline is not None:
                    cells_texts.append((f"{name} {c.get('r')}",
                                        "".join(t.text or "" for t in inline.iter("{%s}t" % NS["m"]))))
    else:
        x = ET.fromstring(parts["content.xml"])
        tcell = "{%s}table-cell" % ODS_NS["table"]
        for c in x.iter(tcell):
            if c.get("{%s}formula" % ODS_NS["table"]):
                problems.append("content.xml: formula " + c.get("{%s}formula" % ODS_NS["table"]))
            val = c.get("{%s}value" % ODS_NS["office"])
            if val is not None:
                cells_numbers.append(("content.xml", float(val)))
            text = "\n".join("".join(p.itertext()) for p in c.findall("text:p", ODS_NS))
            if text and val is None:
                cells_texts.append(("content.xml", text))
            if c.find("office:annotation", ODS_NS) is not None:
                problems.append("content.xml: comment")
        for shapes in x.iter("{%s}shapes" % ODS_NS["table"]):
            for shape in shapes:
                text = "\n".join("".join(p.itertext()) for p in shape.iter("{%s}p" % ODS_NS["text"]))
                alt = shape.find(SVG_NS + "title") is not None or shape.find(SVG_NS + "desc") is not None
                if map_shape_ok(shape.get(DRAW + "name"), text, alt):
                    continue  # a map shape (W35)
                if shape.tag != DRAW + "frame" or shape.find(DRAW + "object") is None:
                    problems.append(f"content.xml: drawing object {shape.tag.split('}')[1]} (not a chart)")
        for ne in x.iter("{%s}named-expressions" % ODS_NS["table"]):
            if len(ne):
                problems.append("content.xml: named ranges")
        for dr in x.iter("{%s}database-range" % ODS_NS["table"]):
            problems.append("content.xml: database range " + (dr.get("{%s}name" % ODS_NS["table"]) or ""))
    for where, v in cells_numbers:
        if norm_number(v) in fnum:
            problems.append(f"{where}: value {v!r} belongs only to another area")
    for where, s in cells_texts:
        if s in ftext:
            problems.append(f"{where}: text {s!r} belongs only to another area")
        if RANK_HEADER.match(s):
            problems.append(f"{where}: rank column {s!r}")
    # Everything else (document properties, settings, styles, workbook, relationships): raw text search for
    # distinctive forbidden values (at least 6 significant digits) and forbidden texts of 4+ characters.
    for name, data in parts.items():
        if name.startswith("xl/worksheets/") or name in ("xl/sharedStrings.xml", "content.xml"):
            continue
        if not (name.endswith(".xml") or name.endswith(".rels")):
            continue
        text = data.decode("utf-8", "replace")
        # A chart's values are searched one by one (scan_charts); the numbers of its parts' markup are geometry
        # (anchor offsets in EMU, layout), not cell values.
        for tok in ([] if name in charts else NUM.findall(text)):
            digits = len(tok.lstrip("-").replace(".", "").lstrip("0").split("e")[0].split("E")[0])
            if digits >= 6 and norm_number(float(tok)) in fnum:
                problems.append(f"{name}: value {tok} belongs only to another area")
        for s in ftext:
            if len(s) >= 4 and (">" + s + "<") in text:
                problems.append(f"{name}: text {s!r} belongs only to another area")
    return problems
