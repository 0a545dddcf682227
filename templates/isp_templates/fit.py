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
        self.widths = {}

    def _font(self, font):
        if font not in self.cache:
            from com.sun.star.awt import FontDescriptor  # inside: each import through pyuno's hook costs ~0.5 ms
            name, pt, bold, italic = font
            d = FontDescriptor()
            d.Name = name
            d.Height = int(round(pt * self.SCALE * self.ppm * 0.0254 / 72))
            d.Weight = 150.0 if bold else 100.0
            d.Slant = 2 if italic else 0
            self.cache[font] = self.device.getFont(d)
        return self.cache[font]

    def width(self, text, font):
        key = (text, font)
        if key not in self.widths:
            self.widths[key] = self._font(font).getStringWidth(text) / self.SCALE / self.ppm * 100000
        return self.widths[key]

    def line_height(self, font):
        m = self._font(font).getFontMetric()
        return (m.Ascent + m.Descent) / self.SCALE / self.ppm * 100000


PROPS = ("CharFontName", "CharHeight", "CharWeight", "CharPosture", "ParaIndent", "IsTextWrapped", "HoriJustify")


def cell_props(cell):
    """(font, indent, wrapped, horizontal justification) in one call over the bridge."""
    name, height, weight, posture, indent, wrapped, hori = cell.getPropertyValues(PROPS)
    return (name, round(height, 1), weight > 100, posture.value != "NONE"), indent or 0, wrapped, hori


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


def _format_ranges(rng):
    """{(row, col): (font, indent, wrapped, hori, number format key)} for every cell of rng, from the ranges of
    equal cell format: one bridge call per format instead of one per cell (cell by cell took 50 s on the atlas)."""
    out = {}
    unique = rng.getUniqueCellFormatRanges()
    for k in range(unique.Count):
        ranges = unique.getByIndex(k)
        props = cell_props(ranges) + (ranges.NumberFormat,)
        for a in ranges.RangeAddresses:
            for r in range(a.StartRow, a.EndRow + 1):
                for c in range(a.StartColumn, a.EndColumn + 1):
                    out[(r, c)] = props
    return out


class _Widest:
    """Upper bounds of a cell's shown width without asking the office for its text: characters × the widest
    character they can be. Most cells fit their column by far; only the others are measured."""

    TEXT = "WM@%€–—0123456789"
    DIGIT = "0123456789.,−-+"

    def __init__(self, fonts, number_formats):
        self.fonts = fonts
        self.number_formats = number_formats
        self.per_font = {}
        self.per_key = {}

    def _char(self, font, kind):
        if (font, kind) not in self.per_font:
            self.per_font[(font, kind)] = max(self.fonts.width(ch, font) for ch in getattr(self, kind))
        return self.per_font[(font, kind)]

    def text(self, text, font):
        return len(text) * self._char(font, "TEXT")

    def number(self, value, key, font):
        """Bound of a number shown in format key: its digits with the format's decimals (×100 for percent) or a
        date's ten characters, one digit of slack, plus the format's other characters (" %", " €", quoted
        text) as wide as the widest letter."""
        if key not in self.per_key:
            from com.sun.star.util.NumberFormat import DATE, PERCENT
            f = self.number_formats.getByKey(key) if self.number_formats is not None else None
            if f is None or re.search(r"General|Standard", f.FormatString):
                self.per_key[key] = ("general", 0, 2)
            else:
                kind = "date" if f.Type & DATE else "percent" if f.Type & PERCENT else "number"
                literal = sum(len(x) for x in re.findall(r'"([^"]*)"', f.FormatString))
                extra = literal + (2 if kind == "percent" else 0) + (2 if "€" in f.FormatString else 0)
                self.per_key[key] = (kind, f.Decimals, extra)
        kind, decimals, extra = self.per_key[key]
        if kind == "date":
            digits = 10
        elif kind == "general":
            digits = len(f"{value:.10g}")
        else:
            digits = len(f"{value * (100 if kind == 'percent' else 1):,.{decimals}f}")
        return (digits + 1) * self._char(font, "DIGIT") + extra * self._char(font, "TEXT")


def fit_sheet(fonts, sheet, area, fixed_rows, number_formats=None):
    """Fits the content cells of area (a CellRangeAddress) on sheet; fixed_rows: 0-based rows with a height
    given by the template (they only grow), all other rows get the optimal height; number_formats: the
    document's (for bounds of numbers' widths without asking for each cell's text)."""
    from com.sun.star.table.CellContentType import EMPTY
    from com.sun.star.table.CellHoriJustify import LEFT, STANDARD
    r0, c0 = area.StartRow, area.StartColumn
    rng = sheet.getCellRangeByPosition(c0, r0, area.EndColumn, area.EndRow)
    data = rng.getDataArray()  # texts (also formula results) as str, numbers as float, errors as None
    formats = _format_ranges(rng)
    widest = _Widest(fonts, number_formats)
    widths = {}
    widen = {}  # column -> width it needs
    wrapped = []  # (row, col, merged) cells that wrap

    def col_width(c):
        if c not in widths:
            widths[c] = sheet.Columns.getByIndex(c).Width
        return max(widths[c], widen.get(c, 0))

    def value_at(r, c):
        return data[r - r0][c - c0]

    columns = sheet.Columns
    hidden = {c for c in range(c0, area.EndColumn + 1) if not columns.getByIndex(c).IsVisible}  # chart helpers
    for i, row in enumerate(data):
        for j, value in enumerate(row):
            if value is None or value == "" or c0 + j in hidden:
                continue
            r, c = r0 + i, c0 + j
            font, indent, is_wrapped, hori, key = formats[(r, c)]
            is_text = isinstance(value, str)
            if is_wrapped and is_text:
                wrapped.append((r, c, sheet.getCellByPosition(c, r).getIsMerged()))
                continue
            bound = widest.text(value.split("\n")[0], font) if is_text else widest.number(value, key, font)
            if bound + GAP + indent <= col_width(c):
                continue
            cell = sheet.getCellByPosition(c, r)
            if cell.getIsMerged():
                continue  # merged titles and notes: the template sizes them
            text = cell.String
            if not text:
                continue
            need = fonts.width(text.split("\n")[0], font) + GAP + indent
            if need <= col_width(c):
                continue
            if not is_text:
                if need - col_width(c) <= MAX_WIDEN:
                    widen[c] = need
                continue
            avail = col_width(c)
            end = c + 1
            if hori in (STANDARD, LEFT):
                while avail < need and end <= area.EndColumn:
                    neighbour = sheet.getCellByPosition(end, r)
                    if value_at(r, end) != "" or neighbour.Type != EMPTY or neighbour.getIsMerged():
                        break  # a formula with an empty result stops the text as a value does
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
        font, indent = formats[(r, c)][:2]
        words = [w for w in re.split(r"[ \n]", value_at(r, c)) if w]
        if not words or widest.text(max(words, key=len), font) + GAP + (indent or 0) <= col_width(c):
            continue
        longest = max(fonts.width(w, font) for w in words)
        need = longest + GAP + (indent or 0)
        if need > col_width(c) and need - widths[c] <= MAX_WIDEN:
            widen[c] = need
    for c, w in widen.items():
        sheet.Columns.getByIndex(c).Width = int(w) + 20
    # Rows: optimal height where the template gives none (one call per run of such rows); given heights grow
    # to what wrapped texts need.
    run_start = None
    for r in range(area.StartRow, area.EndRow + 2):
        free = r <= area.EndRow and r not in fixed_rows
        if free and run_start is None:
            run_start = r
        elif not free and run_start is not None:
            sheet.getCellRangeByPosition(0, run_start, 0, r - 1).Rows.OptimalHeight = True
            run_start = None
    for r, c, merged in wrapped:
        cell = sheet.getCellByPosition(c, r)
        cursor = sheet.createCursorByRange(cell)
        if merged:
            cursor.collapseToMergedArea()
        box = cursor.Size
        font, indent = formats[(r, c)][:2]
        lines = lines_needed(fonts, value_at(r, c), box.Width - GAP - (indent or 0), font)
        need = int(lines * fonts.line_height(font) * 1.05) + 40
        rows = cursor.RangeAddress.EndRow - cursor.RangeAddress.StartRow + 1
        if need > box.Height:
            row = sheet.Rows.getByIndex(cursor.RangeAddress.EndRow)
            row.Height = row.Height + (need - box.Height) if rows > 1 else need
