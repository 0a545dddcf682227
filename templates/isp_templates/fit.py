"""Fits the printed cells to their text, measured with the office's own fonts (build.py, after the recalculation):
a number wider than its column widens the column (no ###), a header word wider than its column widens the column
(no break inside a word), a text that neither fits nor may run into empty neighbours wraps at spaces, and rows
grow to the lines their wrapped texts need (no overlapping or cut lines).

tests/templates/calc_print.py checks the printed result with its own measurement.
"""
import re

GAP = 160  # 1/100 mm: Calc keeps ~1 mm between border and text; printing at a scale rounds (measured: 0.6 mm broke words)
MAX_WIDEN = 6000  # a column is widened for a word or a number up to 6 cm, not beyond


class Fonts:
    """Text widths in 1/100 mm with the office's font rendering (an awt device of the running soffice)."""

    SCALE = 10  # measured at ten times the size: whole-pixel rounding stays below 1 %

    def __init__(self, office):
        device = office.service("com.sun.star.awt.Toolkit").createScreenCompatibleDevice(100, 100)
        self.device = device
        self.ppm = device.getInfo().PixelPerMeterX or 3780
        self.cache = {}

    def _font(self, font):
        from com.sun.star.awt import FontDescriptor
        if font not in self.cache:
            name, pt, bold, italic = font
            d = FontDescriptor()
            d.Name = name
            d.Height = int(round(pt * self.SCALE * self.ppm * 0.0254 / 72))
            d.Weight = 150.0 if bold else 100.0
            d.Slant = 2 if italic else 0
            self.cache[font] = self.device.getFont(d)
        return self.cache[font]

    def width(self, text, font):
        return self._font(font).getStringWidth(text) / self.SCALE / self.ppm * 100000

    def line_height(self, font):
        m = self._font(font).getFontMetric()
        return (m.Ascent + m.Descent) / self.SCALE / self.ppm * 100000


PROPS = ("CharFontName", "CharHeight", "CharWeight", "CharPosture", "ParaIndent", "IsTextWrapped", "HoriJustify")


def cell_props(cell):
    """(font, indent, wrapped, horizontal justification) in one call over the bridge."""
    name, height, weight, posture, indent, wrapped, hori = cell.getPropertyValues(PROPS)
    return (name, round(height, 1), weight > 100, posture.value != "NONE"), indent or 0, wrapped, hori


def cell_font(cell):
    return cell_props(cell)[0]


def lines_needed(fonts, text, width, font):
    lines = 0
    for para in text.split("\n"):
        lines += 1
        current = ""
        for word in para.split(" "):
            trial = (current + " " + word) if current else word
            if current and fonts.width(trial, font) > width:
                lines += 1
                current = word
            else:
                current = trial
    return lines


def _is_text(cell):
    from com.sun.star.table.CellContentType import FORMULA, TEXT
    if cell.Type == TEXT:
        return True
    return cell.Type == FORMULA and cell.getError() == 0 and cell.FormulaResultType2 == 2


def fit_sheet(fonts, sheet, area, fixed_rows):
    """Fits the content cells of area (a CellRangeAddress) on sheet; fixed_rows: 0-based rows with a height
    given by the template (they only grow), all other rows get the optimal height."""
    from com.sun.star.sheet.CellFlags import FORMULA, STRING, VALUE
    from com.sun.star.table.CellContentType import EMPTY
    from com.sun.star.table.CellHoriJustify import LEFT, STANDARD
    rng = sheet.getCellRangeByPosition(area.StartColumn, area.StartRow, area.EndColumn, area.EndRow)
    found = rng.queryContentCells(VALUE | STRING | FORMULA)
    cells = []
    for k in range(found.Count):
        a = found.getByIndex(k).RangeAddress
        for r in range(a.StartRow, a.EndRow + 1):
            for c in range(a.StartColumn, a.EndColumn + 1):
                cells.append((r, c))
    widen = {}  # column -> width it needs
    wrapped = []  # (row, col, merged) cells that wrap

    def col_width(c):
        return max(sheet.Columns.getByIndex(c).Width, widen.get(c, 0))

    for r, c in cells:
        cell = sheet.getCellByPosition(c, r)
        text = cell.String
        if not text:
            continue
        merged = cell.getIsMerged()
        font, indent, is_wrapped, hori = cell_props(cell)
        if is_wrapped and _is_text(cell):
            wrapped.append((r, c, merged))
            continue
        need = fonts.width(text.split("\n")[0], font) + GAP + indent
        if merged:
            continue  # merged titles and notes: the template sizes them
        if need <= col_width(c):
            continue
        if not _is_text(cell):
            if need - col_width(c) <= MAX_WIDEN:
                widen[c] = need
            continue
        avail = col_width(c)
        end = c + 1
        if hori in (STANDARD, LEFT):
            while avail < need and end <= area.EndColumn:
                neighbour = sheet.getCellByPosition(end, r)
                if neighbour.Type != EMPTY or neighbour.getIsMerged():
                    break
                avail += col_width(end)
                end += 1
        if avail >= need:
            continue
        if end > c + 1:
            # A note running into empty cells up to the edge of the print range: it wraps over all of them.
            sheet.getCellRangeByPosition(c, r, end - 1, r).merge(True)
        cell.IsTextWrapped = True
        wrapped.append((r, c, end > c + 1))
    # A word of a wrapped text wider than its column: widen the column (no break inside the word).
    for r, c, merged in wrapped:
        if merged:
            continue
        cell = sheet.getCellByPosition(c, r)
        font = cell_font(cell)
        longest = max((fonts.width(w, font) for w in re.split(r"[ \n]", cell.String) if w), default=0)
        need = longest + GAP + (cell.ParaIndent or 0)
        if need > col_width(c) and need - sheet.Columns.getByIndex(c).Width <= MAX_WIDEN:
            widen[c] = need
    for c, w in widen.items():
        sheet.Columns.getByIndex(c).Width = int(w) + 20
    # Rows: optimal height where the template gives none; given heights grow to what wrapped texts need.
    for r in range(area.StartRow, area.EndRow + 1):
        if r not in fixed_rows:
            sheet.Rows.getByIndex(r).OptimalHeight = True
    for r, c, merged in wrapped:
        cell = sheet.getCellByPosition(c, r)
        cursor = sheet.createCursorByRange(cell)
        if merged:
            cursor.collapseToMergedArea()
        box = cursor.Size
        font = cell_font(cell)
        lines = lines_needed(fonts, cell.String, box.Width - GAP - (cell.ParaIndent or 0), font)
        need = int(lines * fonts.line_height(font) * 1.05) + 40
        rows = cursor.RangeAddress.EndRow - cursor.RangeAddress.StartRow + 1
        if need > box.Height:
            row = sheet.Rows.getByIndex(cursor.RangeAddress.EndRow)
            row.Height = row.Height + (need - box.Height) if rows > 1 else need
