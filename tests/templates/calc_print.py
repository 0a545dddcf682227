"""Printing the built templates in a German LibreOffice (issue 12, "Print layout of every template"): every
template exported to PDF stays within the page budget stated below (the sheets a planner prints), no printed
cell's text is wider than its cell (measured with the office's own fonts, as tests/sharing/test_ui_dialog.py
measures dialog texts) and no cell shows ###, no text is cut at a page edge or at the repeated columns (the title
"Sozialraumanaly…" on the further pages of a wide sheet), every page of a multi-page table repeats the table's
header rows, no chart is cut by a page break, no text on paper is smaller than 7 pt, and the footers' page numbers
run on across the sheets (1, 2, 3, … over the whole PDF).

Needs the files of templates/build.py in ISP_TEMPLATES_OUT (the ctest fixture templates_build makes them) and its
profile with the add-in installed (ISP_TEMPLATES_OUT/profile), copied per run with a German user interface.
"""
import os
import re
import shutil
import subprocess
import sys
import unittest

ROOT = os.environ.get("ISP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.environ.get("ISP_TEMPLATES_OUT") or os.path.join(ROOT, "build", "templates")
sys.path.insert(0, os.path.join(ROOT, "templates"))
sys.path.insert(0, os.path.join(ROOT, "tests", "calc"))

import build  # noqa: E402
import lo  # noqa: E402
from isp_templates.office import store  # noqa: E402

# Pages a planner gets when printing the whole template (Werte and Rechenweg are not printed): what the layout
# gives today plus a little room (113–122 pages before, issue 12); a sheet that starts to sprawl (empty grid, a
# raw table, a too-small scale turned into many pages) breaks them.
PAGE_BUDGET = {
    "sozialraummonitor": 19,  # measured 18: Klassenwechsel 4 pages, Karte 1 (before: ~115, Werte and Rechenweg included)
    "sozialstrukturatlas": 29,  # measured 27 (Raumprofil 4 pages, Reihenbrüche 1); Atlas Gemeinden alone 8 (38 columns at 70 %)
    "jugendhilfe": 32,  # measured 30 (Zeitreihe 3 pages)
    "kita": 36,  # measured 34 (with Kindertagespflege, Kosten and Zeitreihe 3 pages)
    "schule": 28,  # measured 26 (Schülerprognose one page wide, chart below the overview: 5 pages)
    "senioren": 30,  # measured 28 (Zeitreihe 3 pages)
    "teilhabe": 30,  # measured 28 (Zeitreihe 3 pages)
    "psychiatrie": 28,  # measured 26
    "demografie": 12,  # measured 11 (the input table Bevölkerungsvorausberechnung is not printed)
    "bildung": 34,  # measured 32 (Übergänge 2 pages wide, Übergänge Landkreis 2)
}
NOT_PRINTED = {"Werte", "Rechenweg", "Rechenweg_Vorjahr", "Rechenweg_Dynamik", "Summen",
               "Bevölkerungsvorausberechnung"}
# Not solved yet (issue 12), shown as skipped subtests so that they stay visible (none at present):
KNOWN_GAPS = {}
MIN_PT = 7.0
# pdftotext's word box is 1.3 × the font size for Liberation Sans (10 pt cells of an unscaled page: 13.0 pt).
BOX_PER_PT = 1.3
# Calc leaves a small gap between the cell border and its text; what must fit is the text plus this gap.
CELL_GAP = 120  # 1/100 mm (0.6 mm let words break in the PDF)

office = None
pdf_dir = None


def setUpModule():
    global office, pdf_dir
    pdf_dir = os.path.join(OUT, "print")  # the PDFs stay for a look (pdftoppm) after the run
    os.makedirs(pdf_dir, exist_ok=True)
    office = lo.Office("tpl_print", template=os.path.join(OUT, "profile"), locale="de-DE").start()


def tearDownModule():
    if office:
        office.stop()


def template_path(slug):
    """A private copy of the built template: other Calc tests running at the same time open the same files, and
    a document another office has open (lock file) does not load here."""
    name = f"{build.TEMPLATES[slug][1]}.ods"
    target = os.path.join(pdf_dir, "src", name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copy(os.path.join(OUT, name), target)
    return target


# ---- measuring text with the office's fonts ----------------------------------------------------------------

class Fonts:
    """Text widths in 1/100 mm with the office's own font rendering (an awt device of the running soffice)."""

    SCALE = 10  # measure at ten times the size: whole-pixel rounding stays below 1 %

    def __init__(self):
        toolkit = office.service("com.sun.star.awt.Toolkit")
        self.device = toolkit.createScreenCompatibleDevice(100, 100)
        info = self.device.getInfo()
        self.ppm = info.PixelPerMeterX or 3780  # pixels per metre
        self.cache = {}

    def font(self, name, pt, bold, italic):
        from com.sun.star.awt import FontDescriptor
        key = (name, pt, bold, italic)
        if key not in self.cache:
            d = FontDescriptor()
            d.Name = name
            d.Height = int(round(pt * self.SCALE * self.ppm * 0.0254 / 72))  # pixels
            d.Weight = 150.0 if bold else 100.0
            d.Slant = 2 if italic else 0  # ITALIC
            self.cache[key] = self.device.getFont(d)
        return self.cache[key]

    def width(self, text, name, pt, bold=False, italic=False):
        px = self.font(name, pt, bold, italic).getStringWidth(text)
        return px / self.SCALE / self.ppm * 100000  # 1/100 mm

    def line_height(self, name, pt, bold=False, italic=False):
        m = self.font(name, pt, bold, italic).getFontMetric()
        return (m.Ascent + m.Descent) / self.SCALE / self.ppm * 100000


def wrapped_lines(fonts, text, width, font):
    """Greedy line count of text wrapped at spaces into width (what Calc does without hyphenation)."""
    lines = 0
    for para in text.split("\n"):
        lines += 1
        current = ""
        for word in para.split(" "):
            trial = (current + " " + word) if current else word
            if current and fonts.width(trial, *font) > width:
                lines += 1
                current = word
            else:
                current = trial
    return lines


def layout_problems(doc, fonts):
    """Printed cells whose text does not fit: numbers wider than the cell (###), text wider than the cell and the
    empty cells it may run into, wrapped text with a word wider than the cell (a break inside the word) or more
    lines than the row height holds (overlapping or cut text).

    Returns (problems, extents): extents are the printed texts that cover more than one cell, per sheet name
    [(first row, first column, last row, last column, cell, text)] (merged cells, text running into empty
    neighbours); page_cuts checks them against the pages."""
    problems = []
    extents = {}
    for i in range(doc.Sheets.Count):
        sheet = doc.Sheets.getByIndex(i)
        for pr in sheet.getPrintAreas():
            problems += _range_problems(sheet, pr, fonts, extents.setdefault(sheet.Name, []))
    return problems, extents


def _range_problems(sheet, pr, fonts, extents):
    """layout_problems of one print range; adds the range's texts wider than one cell to extents."""
    from com.sun.star.sheet.CellFlags import FORMULA, STRING, VALUE
    from com.sun.star.table.CellContentType import EMPTY, TEXT
    from com.sun.star.table.CellContentType import VALUE as VALUE_TYPE
    from com.sun.star.table.CellHoriJustify import LEFT, STANDARD
    problems = []
    area = sheet.getCellRangeByPosition(pr.StartColumn, pr.StartRow, pr.EndColumn, pr.EndRow)
    found = area.queryContentCells(VALUE | STRING | FORMULA)
    hidden = {c for c in range(pr.StartColumn, pr.EndColumn + 1) if not sheet.Columns.getByIndex(c).IsVisible}
    for k in range(found.Count):
        block = found.getByIndex(k)
        a = block.RangeAddress
        for r in range(a.StartRow, a.EndRow + 1):
            if not sheet.Rows.getByIndex(r).IsVisible:
                continue
            for c in range(a.StartColumn, a.EndColumn + 1):
                if c in hidden:
                    continue  # hidden columns (chart helpers) are not printed
                cell = sheet.getCellByPosition(c, r)
                text = cell.String
                if not text:
                    continue
                where = f"{sheet.Name}.{cell.AbsoluteName.split('.')[-1].replace('$', '')}"
                cursor = sheet.createCursorByRange(cell)
                if cell.getIsMerged():
                    cursor.collapseToMergedArea()
                    m = cursor.RangeAddress
                    extents.append((m.StartRow, m.StartColumn, m.EndRow, m.EndColumn, where, text))
                box = cursor.Size
                name, height, weight, posture, indent, is_wrapped, hori = cell.getPropertyValues(
                    ("CharFontName", "CharHeight", "CharWeight", "CharPosture", "ParaIndent", "IsTextWrapped",
                     "HoriJustify"))
                font = (name, round(height, 1), weight > 100, posture.value != "NONE")
                indent = indent or 0
                avail = box.Width - CELL_GAP - indent
                kind = cell.Type
                is_text = kind == TEXT or (kind != EMPTY and kind != VALUE_TYPE and cell.getError() == 0
                                           and cell.FormulaResultType2 == 2)  # a formula with a text result
                if is_wrapped and is_text:
                    words = [w for w in re.split(r"[ \n]", text) if w]
                    wide = [w for w in words if fonts.width(w, *font) > avail]
                    if wide:
                        problems.append(f"{where}: word {wide[0]!r} wider than the cell (breaks inside it)")
                    lines = wrapped_lines(fonts, text, avail, font)
                    need = lines * fonts.line_height(*font)
                    if need > box.Height * 1.02 + 20:
                        problems.append(f"{where}: {lines} lines need {need / 100:.1f} mm, the row has "
                                        f"{box.Height / 100:.1f} mm ({text[:40]!r})")
                    continue
                width = fonts.width(text.split("\n")[0], *font)
                if width <= avail:
                    continue
                if not is_text:
                    problems.append(f"{where}: number {text!r} wider than its column (prints ###)")
                    continue
                # Left-aligned text may run into empty neighbours inside the print range.
                if hori in (STANDARD, LEFT):
                    end = cursor.RangeAddress.EndColumn + 1
                    while width > avail and end <= pr.EndColumn:
                        neighbour = sheet.getCellByPosition(end, r)
                        if neighbour.Type != EMPTY or neighbour.getIsMerged():
                            break
                        avail += sheet.Columns.getByIndex(end).Width
                        end += 1
                if width > avail:
                    problems.append(f"{where}: text {text[:40]!r} needs {width / 100:.1f} mm, has "
                                    f"{avail / 100:.1f} mm")
                elif hori in (STANDARD, LEFT) and end > cursor.RangeAddress.EndColumn + 1:
                    extents.append((r, c, r, end - 1, where, text))
    return problems


def _spans(start, end, breaks):
    """[(first, last)] of the pages between start and end (inclusive) split at the breaks (first of a page)."""
    edges = [start] + sorted(b for b in breaks if start < b <= end) + [end + 1]
    return [(edges[k], edges[k + 1] - 1) for k in range(len(edges) - 1)]


def page_cuts(doc, extents):
    """Texts cut on paper: a text covering several cells (merged, or running into empty neighbours) of which a
    printed page shows some cells but not all: at a page edge, or in the repeated columns whose neighbours on
    that page are other columns (the title "Sozialraumanaly…" on the second page of a wide sheet).

    Each print range is paginated the way printing does it (on its own: Calc shows no breaks for several ranges
    together); a page shows the columns of its strip plus the repeated columns, the rows of its band plus the
    repeated rows."""
    from isp_templates.office import prop
    cuts = []
    for i in range(doc.Sheets.Count):
        sheet = doc.Sheets.getByIndex(i)
        ranges = sheet.getPrintAreas()
        if not ranges or not extents.get(sheet.Name):
            continue
        tc, tr = sheet.TitleColumns, sheet.TitleRows
        pages = []
        for pr in ranges:
            sheet.setPrintAreas((pr,))
            doc.getRendererCount(sheet, (prop("IsPrinter", True),))
            strips = _spans(pr.StartColumn, pr.EndColumn, [b.Position for b in sheet.getColumnPageBreaks()])
            bands = _spans(pr.StartRow, pr.EndRow, [b.Position for b in sheet.getRowPageBreaks()])
            for c0, c1 in strips:
                cols = set(range(c0, c1 + 1))
                if sheet.PrintTitleColumns and c0 > tc.EndColumn:
                    cols |= set(range(tc.StartColumn, tc.EndColumn + 1))
                for r0, r1 in bands:
                    rows = set(range(r0, r1 + 1))
                    if sheet.PrintTitleRows and r0 > tr.EndRow:
                        rows |= set(range(tr.StartRow, tr.EndRow + 1))
                    pages.append((rows, cols, f"rows {r0 + 1}-{r1 + 1}, columns {c0 + 1}-{c1 + 1}"))
        sheet.setPrintAreas(ranges)
        for r0, c0, r1, c1, where, text in extents[sheet.Name]:
            covered_rows, covered_cols = set(range(r0, r1 + 1)), set(range(c0, c1 + 1))
            for rows, cols, page in pages:
                if rows & covered_rows and cols & covered_cols and not (covered_rows <= rows
                                                                       and covered_cols <= cols):
                    cuts.append(f"{where}: {text[:30]!r} cut on the page of {page}")
                    break
    return cuts


# ---- the PDF ------------------------------------------------------------------------------------------------

def pdf_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_words(pdf):
    """Per page the words with their boxes in pt: [(x0, y0, x1, y1, word)] (pdftotext -bbox)."""
    import html
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for line in out.splitlines():
        if "<page " in line:
            pages.append([])
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            pages[-1].append((*(float(m.group(i)) for i in range(1, 5)), html.unescape(m.group(5))))
    return pages


HEADER_BOTTOM = 50  # pt: top margin 1 cm + header 0.7 cm = 48 pt


def page_sheet(words, title, names):
    """The sheet a page belongs to: the page header reads 'title   sheet name   FIKTIVE BEISPIELDATEN'."""
    head = " ".join(w for x0, y0, x1, y1, w in sorted(words, key=lambda b: b[0]) if y1 < HEADER_BOTTOM)
    middle = head.replace(title, "", 1).replace("FIKTIVE BEISPIELDATEN", "").strip()
    return middle if middle in names else None


def small_words(pages):
    """Words on paper smaller than MIN_PT. A short word may be rotated (an axis title): its box's longer side is
    then the height of its line."""
    small = []
    for n, words in enumerate(pages, 1):
        for x0, y0, x1, y1, w in words:
            size = (max(y1 - y0, x1 - x0) if len(w) <= 3 else y1 - y0) / BOX_PER_PT
            if size < MIN_PT - 0.3:
                small.append((n, w, round(size, 1)))
    return small


def page_numbers(pages):
    """The number in each page's footer ("Seite 7"; the lowest "Seite <n>" on the page), None if there is none."""
    numbers = []
    for words in pages:
        found = [(y0, int(nxt[4])) for (x0, y0, x1, y1, w), nxt in zip(words, words[1:])
                 if w == "Seite" and nxt[4].isdigit()]
        numbers.append(max(found)[1] if found else None)
    return numbers


def range_breaks(doc, sheet, pr):
    """(row breaks, column breaks) inside print range pr as printing places them when pr is printed (the sheet's
    other ranges are set back by the caller)."""
    from isp_templates.office import prop
    sheet.setPrintAreas((pr,))
    doc.getRendererCount(sheet, (prop("IsPrinter", True),))
    rows = [b.Position for b in sheet.getRowPageBreaks() if pr.StartRow < b.Position <= pr.EndRow]
    cols = [b.Position for b in sheet.getColumnPageBreaks() if pr.StartColumn < b.Position <= pr.EndColumn]
    return rows, cols


def squash(s):
    return re.sub(r"\s+", "", s)


class PrintLayout(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.fonts = Fonts()

    def check_template(self, slug):
        doc = office.desktop.loadComponentFromURL(lo.file_url(template_path(slug)), "_blank", 0,
                                                  (lo.prop("Hidden", True),))
        try:
            title = doc.DocumentProperties.Title
            names = [doc.Sheets.getByIndex(i).Name for i in range(doc.Sheets.Count)]
            pdf = os.path.join(pdf_dir, slug + ".pdf")
            store(doc, pdf, "pdf")
            boxes = pdf_words(pdf)
            pages = [" ".join(b[4] for b in words) for words in boxes]
            count = pdf_pages(pdf)
            print(f"\n{slug}: {count} pages", flush=True)
            with self.subTest(slug=slug, check="page budget"):
                self.assertLessEqual(count, PAGE_BUDGET[slug], f"{slug}: {count} pages")
            sheet_of = [page_sheet(words, title, names) for words in boxes]
            with self.subTest(slug=slug, check="every page names its sheet"):
                self.assertNotIn(None, sheet_of, f"pages without a sheet name in the header: "
                                 f"{[i + 1 for i, s in enumerate(sheet_of) if s is None]}")
            with self.subTest(slug=slug, check="raw data sheets not printed"):
                self.assertFalse(NOT_PRINTED & set(sheet_of), f"printed: {NOT_PRINTED & set(sheet_of)}")
            with self.subTest(slug=slug, check="no ###"):
                self.assertEqual([i + 1 for i, p in enumerate(pages) if "###" in p], [])
            with self.subTest(slug=slug, check="text >= 7 pt"):
                small = small_words(boxes)
                self.assertEqual(small[:10], [], f"{len(small)} words below {MIN_PT} pt")
            with self.subTest(slug=slug, check="page numbers run on across the sheets"):
                numbers = page_numbers(boxes)
                self.assertEqual(numbers, list(range(1, count + 1)), "the footers' page numbers")
            problems, extents = layout_problems(doc, self.fonts)
            with self.subTest(slug=slug, check="cells fit"):
                self.assertEqual(problems, [])
            with self.subTest(slug=slug, check="no text cut at a page edge or at the repeated columns"):
                self.assertEqual(page_cuts(doc, extents), [])
            for name in names:
                sheet = doc.Sheets.getByName(name)
                ranges = sheet.getPrintAreas()
                if not ranges:
                    continue
                breaks = [range_breaks(doc, sheet, pr) for pr in ranges]
                sheet.setPrintAreas(ranges)
                row_breaks = [b for rows, _ in breaks for b in rows]
                with self.subTest(slug=slug, sheet=name, check="charts whole"):
                    if (slug, name, "charts whole") in KNOWN_GAPS:
                        self.skipTest(KNOWN_GAPS[(slug, name, "charts whole")])
                    last_row = max(pr.EndRow for pr in ranges)
                    last_col = max(pr.EndColumn for pr in ranges)
                    spans = build.chart_cells(sheet, last_row + 60, last_col + 30)
                    for r0, c0, r1, c1 in spans:
                        inside = [k for k, pr in enumerate(ranges) if pr.StartRow <= r0 and r1 <= pr.EndRow
                                  and pr.StartColumn <= c0 and c1 <= pr.EndColumn]
                        self.assertTrue(inside, f"chart rows {r0}-{r1} cols {c0}-{c1} outside the print ranges")
                        rows, cols = breaks[inside[0]]
                        self.assertEqual([b for b in rows if r0 < b <= r1], [],
                                         f"page break inside the chart at rows {r0 + 1}-{r1 + 1}")
                        self.assertEqual([b for b in cols if c0 < b <= c1], [],
                                         f"page break inside the chart at columns {c0}-{c1}")
                sheet_pages = [p for p, s in zip(pages, sheet_of) if s == name]
                if not row_breaks:
                    continue
                with self.subTest(slug=slug, sheet=name, check="header rows repeated"):
                    if (slug, name, "header rows repeated") in KNOWN_GAPS:
                        self.skipTest(KNOWN_GAPS[(slug, name, "header rows repeated")])
                    self.assertTrue(sheet.PrintTitleRows, f"{len(sheet_pages)} pages without repeated rows")
                    t = sheet.TitleRows
                    heads = set()
                    for r in range(t.StartRow, t.EndRow + 1):
                        for c in range(ranges[0].StartColumn, ranges[0].EndColumn + 1):
                            s = squash(sheet.getCellByPosition(c, r).String)
                            if len(s) >= 6 and "FIKTIV" not in s:
                                heads.add(s)
                    self.assertTrue(heads, "title rows without text")
                    missing = [i + 1 for i, p in enumerate(sheet_pages) if not any(h in squash(p) for h in heads)]
                    self.assertEqual(missing, [], f"pages of {name} without its header rows")
        finally:
            doc.close(True)

    def test_sozialraummonitor(self):
        self.check_template("sozialraummonitor")

    def test_sozialstrukturatlas(self):
        self.check_template("sozialstrukturatlas")

    def test_jugendhilfe(self):
        self.check_template("jugendhilfe")

    def test_kita(self):
        self.check_template("kita")

    def test_schule(self):
        self.check_template("schule")

    def test_senioren(self):
        self.check_template("senioren")

    def test_teilhabe(self):
        self.check_template("teilhabe")

    def test_psychiatrie(self):
        self.check_template("psychiatrie")

    def test_demografie(self):
        self.check_template("demografie")

    def test_bildung(self):
        self.check_template("bildung")


if __name__ == "__main__":
    unittest.main()
