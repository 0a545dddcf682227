#!/usr/bin/python3
"""Builds the ISP templates: declarative description (isp_templates/t_*.py) -> flat ODF written by odfpy (.fods,
everything but the formulas; isp_templates/odf.py) -> Calc with the add-in installed (formulas entered and checked
by Calc's own compiler, charts, page set-up, recalculation) -> .ots, .ods, .xlsx (and on request PDF and PNG
pages).

  /usr/bin/python3 templates/build.py --out build/templates --oxt isp-sozialplanung.oxt [--only a,b]
                                      [--pdf] [--png DPI]

Without --oxt the add-in is not installed and every ISP_* cell would be #NAME?: the build refuses. Calc runs once
for all templates (one soffice, its own profile under --out). A formula Calc cannot read, and any cell that shows
an error after the recalculation, fails the build with sheet, cell and formula.
"""
import argparse
import importlib
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from isp_templates import data as D  # noqa: E402

# slug -> (module, file name stem, sheets to render for the guide)
TEMPLATES = {
    "sozialraummonitor": ("t_sozialraummonitor", "ISP_Sozialraummonitor"),
    "sozialstrukturatlas": ("t_sozialstrukturatlas", "ISP_Sozialstrukturatlas"),
    "jugendhilfe": ("t_jugendhilfe", "ISP_Jugendhilfeplanung"),
    "kita": ("t_kita", "ISP_Kita-Bedarfsplanung"),
    "schule": ("t_schule", "ISP_Schulentwicklungsplanung"),
    "senioren": ("t_senioren", "ISP_Senioren-Sozialplanung"),
    "teilhabe": ("t_teilhabe", "ISP_Teilhabeplanung"),
    "psychiatrie": ("t_psychiatrie", "ISP_Psychiatrie-Suchthilfeplanung"),
    "demografie": ("t_demografie", "ISP_Demografie-Monitor"),
    "bildung": ("t_bildung", "ISP_Bildungsmonitoring"),
}


def available():
    out = {}
    for slug, (mod, stem) in TEMPLATES.items():
        if os.path.exists(os.path.join(HERE, "isp_templates", mod + ".py")):
            out[slug] = (mod, stem)
    return out


def describe(slug, sample):
    mod, _ = TEMPLATES[slug]
    return importlib.import_module("isp_templates." + mod).build(sample)


def write_fods(wb, path):
    """The layout file (no formulas yet: convert enters them in Calc)."""
    wb.write_layout(path)


# ---- Calc steps ---------------------------------------------------------------------------------------------

def _cm(x):
    return int(round(x * 1000))  # 1/100 mm


def add_charts(doc, wb):
    from com.sun.star.awt import Rectangle
    from com.sun.star.table import CellRangeAddress
    from isp_templates.odf import parse_range
    for spec_sheet in wb.sheets:
        if not spec_sheet.charts:
            continue
        sheet = doc.Sheets.getByName(spec_sheet.name)
        charts = sheet.Charts
        for i, spec in enumerate(spec_sheet.charts):
            name = spec.get("name") or "Diagramm_" + "".join(ch for ch in spec_sheet.name if ch.isalnum()) + f"_{i + 1}"
            anchor = sheet.getCellRangeByName(spec["anchor"]).Position
            rect = Rectangle(anchor.X, anchor.Y, _cm(spec.get("width", 16)), _cm(spec.get("height", 9)))
            ranges = []
            for rng in spec["ranges"]:
                r0, c0, r1, c1 = parse_range(rng)
                addr = CellRangeAddress()
                addr.Sheet = doc.Sheets.getByName(spec.get("sheet", spec_sheet.name)).RangeAddress.Sheet
                addr.StartColumn, addr.StartRow, addr.EndColumn, addr.EndRow = c0, r0, c1, r1
                ranges.append(addr)
            if charts.hasByName(name):
                charts.removeByName(name)
            charts.addNewByName(name, rect, tuple(ranges), True, True)
            chart = charts.getByName(name).EmbeddedObject
            kind = spec.get("type", "bar")
            if kind in ("bar", "hbar"):
                diagram = chart.createInstance("com.sun.star.chart.BarDiagram")
                chart.setDiagram(diagram)
                diagram.Vertical = kind == "hbar"
                if spec.get("stacked"):
                    diagram.Stacked = True
            elif kind == "line":
                diagram = chart.createInstance("com.sun.star.chart.LineDiagram")
                chart.setDiagram(diagram)
                diagram.SymbolType = -2  # automatic symbols: readable in black and white
            diagram = chart.Diagram
            from com.sun.star.chart.ChartDataRowSource import COLUMNS, ROWS
            diagram.DataRowSource = ROWS if spec.get("series_in_rows") else COLUMNS
            chart.HasMainTitle = True
            chart.Title.String = spec["title"]
            chart.Title.CharHeight = 11
            legend = spec.get("legend", True)
            chart.HasLegend = bool(legend)
            if legend == "bottom":
                from com.sun.star.chart.ChartLegendPosition import BOTTOM
                chart.Legend.Alignment = BOTTOM
            if kind == "hbar":
                # Names left of the plot, not on the zero line between bars that run both ways.
                from com.sun.star.chart.ChartAxisLabelPosition import OUTSIDE_START
                diagram.XAxis.LabelPosition = OUTSIDE_START
            if spec.get("reverse_categories"):
                # Horizontal bars run bottom-up; reversed, the first category stands on top as in the table, and
                # the value axis stays below the plot (where the reversed category axis ends).
                from com.sun.star.chart.ChartAxisPosition import END
                diagram.XAxis.ReverseDirection = True
                diagram.YAxis.CrossoverPosition = END
            if spec.get("category_size"):
                diagram.XAxis.CharHeight = spec["category_size"]
                diagram.XAxis.TextCanOverlap = True  # every name shown (the size is chosen so that they fit)
            if spec.get("y_from_zero"):  # bars of a ratio start at 0: an axis cut at 32 would exaggerate
                diagram.YAxis.AutoMin = False
                diagram.YAxis.Min = 0
            if spec.get("hidden_cells"):
                diagram.IncludeHiddenCells = True  # the series come from hidden helper columns
            if spec.get("ytitle"):
                diagram.HasYAxisTitle = True
                diagram.YAxisTitle.String = spec["ytitle"]
                diagram.YAxisTitle.CharHeight = 10  # >= 7 pt on paper at the sheet's print scale
            if spec.get("xtitle"):
                diagram.HasXAxisTitle = True
                diagram.XAxisTitle.String = spec["xtitle"]
                diagram.XAxisTitle.CharHeight = 10
            colours = spec.get("colours", ["#2c7bb6", "#fdae61", "#d7191c", "#abd9e9", "#7f7f7f", "#1a9641"])
            for s in range(len(colours)):
                try:
                    props = diagram.getDataRowProperties(s)
                    props.setPropertyValue("Color", int(colours[s][1:], 16))
                    if spec.get("border"):  # a light colour (the class "durchschnittlich") needs an outline
                        from com.sun.star.drawing.LineStyle import SOLID
                        props.setPropertyValue("BorderStyle", SOLID)
                        props.setPropertyValue("BorderColor", int(spec["border"][1:], 16))
                    if kind == "line":
                        props.setPropertyValue("LineWidth", 60)
                except Exception:
                    break  # fewer series than colours


# ---- printing (docs/vorlagen.md "Drucken") -----------------------------------------------------------------
# A4 landscape, margins 1.2 cm left/right and 1.0 cm top/bottom, header and footer 0.7 cm + 0.25 cm distance.
PAGE_W, PAGE_H = 29700, 21000
MARGIN_X, MARGIN_Y, HF_HEIGHT, HF_GAP = 1200, 1000, 700, 250
PRINT_W = PAGE_W - 2 * MARGIN_X  # 1/100 mm
PRINT_H = PAGE_H - 2 * MARGIN_Y - 2 * (HF_HEIGHT + HF_GAP)
MIN_PRINT_PT = 7.0  # the smallest text on paper (font size × scale)


def add_maps(office, doc, wb, oxt):
    """The map of the Sozialräume (docs/karte.md) on every sheet that asks for one (sheet.karte): the fictional
    geometry through isp_karte and the driver's draw and colour steps (addin/tools/karte.py), after the
    recalculation, so that the shapes carry the classes the file is stored with."""
    specs = [s for s in wb.sheets if getattr(s, "karte", None)]
    if not specs:
        return
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, os.path.join(root, "addin", "tools"))
    import karte
    for spec in specs:
        karte.make_map(office.ctx, doc, karte.find_tool(oxt), os.path.join(root, spec.karte["geojson"]))


def _style_size(wb, key):
    """Font size (pt) of a named cell style, following its parents (Default: 10 pt)."""
    while key:
        st = wb.styles.get(key)
        if st is None:
            break
        if "size" in st.props:
            return st.props["size"]
        key = st.parent
    return 10.0


def min_font(wb, spec):
    """The smallest font size of the sheet's cells with content (what must stay >= 7 pt on paper)."""
    sizes = [10.0]
    for cell in spec.cells.values():
        if cell.value is None and cell.formula is None:
            continue
        size = (cell.extra or {}).get("size") or _style_size(wb, cell.style)
        sizes.append(float(size))
    for _, rules in spec.cond:  # conditional formats (class colours) bring their own styles
        sizes += [float(_style_size(wb, key)) for _, key in rules]
    return min(sizes)


def _edges(items, count, size):
    """Cumulative start positions (1/100 mm) of the first count rows (size "Height") or columns ("Width")."""
    out, pos = [0], 0
    for i in range(count):
        item = items.getByIndex(i)
        pos += getattr(item, size) if item.IsVisible else 0
        out.append(pos)
    return out


def _index_at(edges, pos):
    """The row/column index that contains position pos (1/100 mm)."""
    for i in range(len(edges) - 1):
        if edges[i + 1] > pos:
            return i
    return len(edges) - 2


def chart_cells(sheet, rows, cols):
    """(row0, col0, row1, col1) of every chart (drawing object) on the sheet, 0-based."""
    if sheet.DrawPage.Count == 0:
        return []  # the edges cost a call per row and column
    row_edges = _edges(sheet.Rows, rows, "Height")
    col_edges = _edges(sheet.Columns, cols, "Width")
    out = []
    for i in range(sheet.DrawPage.Count):
        shape = sheet.DrawPage.getByIndex(i)
        pos, size = shape.Position, shape.Size
        out.append((_index_at(row_edges, pos.Y), _index_at(col_edges, pos.X),
                    _index_at(row_edges, pos.Y + size.Height - 1), _index_at(col_edges, pos.X + size.Width - 1)))
    return out


def _new_page_style(doc, name, wb, **scale):
    styles = doc.StyleFamilies.getByName("PageStyles")
    if not styles.hasByName(name):
        styles.insertByName(name, doc.createInstance("com.sun.star.style.PageStyle"))
    ps = styles.getByName(name)
    _page_style(doc, ps, wb, **scale)
    return name


def _insert_field(doc, text, kind):
    cursor = text.createTextCursor()  # Calc takes header fields only at its own header cursor
    cursor.gotoEnd(False)
    text.insertTextContent(cursor, doc.createInstance("com.sun.star.text.TextField." + kind), False)


def _page_style(doc, ps, wb, pages_x=1, pages_y=0, percent=100):
    ps.IsLandscape = True
    ps.Width, ps.Height = PAGE_W, PAGE_H
    ps.LeftMargin = ps.RightMargin = MARGIN_X
    ps.TopMargin = ps.BottomMargin = MARGIN_Y
    if pages_x or pages_y:
        ps.ScaleToPagesX = pages_x
        ps.ScaleToPagesY = pages_y
    else:
        ps.ScaleToPagesX = 0
        ps.ScaleToPagesY = 0
        ps.PageScale = percent
    ps.CenterHorizontally = False
    ps.PrintGrid = False
    ps.HeaderIsOn = True
    ps.FooterIsOn = True
    ps.HeaderHeight = ps.FooterHeight = HF_HEIGHT
    ps.HeaderBodyDistance = ps.FooterBodyDistance = HF_GAP
    ps.HeaderIsShared = ps.FooterIsShared = True
    header = ps.RightPageHeaderContent
    header.LeftText.setString(wb.title)
    header.RightText.setString("FIKTIVE BEISPIELDATEN")
    # The sheet's name in the middle: a reader (and the print test) knows which sheet a page belongs to.
    header.CenterText.setString("")
    _insert_field(doc, header.CenterText, "SheetName")
    ps.RightPageHeaderContent = header
    footer = ps.RightPageFooterContent
    footer.LeftText.setString("ISP-Vorlage")
    footer.CenterText.setString("")
    footer.RightText.setString("Seite ")
    _insert_field(doc, footer.RightText, "PageNumber")
    ps.RightPageFooterContent = footer
    # Page numbers run on across the sheets of the workbook: Calc restarts them at every sheet whose page style
    # differs from the previous sheet's and has a first page number (a new style has 1).
    ps.FirstPageNumber = 0


def page_setup(doc, wb):
    """Page styles only (before the recalculation); print_layout places ranges and breaks afterwards."""
    styles = doc.StyleFamilies.getByName("PageStyles")
    _page_style(doc, styles.getByName("Default"), wb)
    _new_page_style(doc, "ISP_EineSeite", wb, pages_x=1, pages_y=1)


def _range(sheet_index, r0, c0, r1, c1):
    from com.sun.star.table import CellRangeAddress
    addr = CellRangeAddress()
    addr.Sheet, addr.StartColumn, addr.StartRow, addr.EndColumn, addr.EndRow = sheet_index, c0, r0, c1, r1
    return addr


def print_layout(doc, wb, office=None):
    """Print ranges, page style, repeated rows/columns and page breaks that keep charts and sections whole.

    Per printed sheet: the print range is the described area plus its charts; a sheet that fits the page width
    at >= 7 pt (smallest font × scale) is scaled to one page width, a wider one is printed at the smallest
    readable scale over several pages with its key columns repeated. Non-printed sheets (Werte, Rechenweg) have
    an empty print range (table:print="false" in the .fods). With office, cells are fitted to their texts first
    (isp_templates/fit.py)."""
    from isp_templates import fit as fitting
    fonts = fitting.Fonts(office) if office is not None else None
    for spec in wb.sheets:
        if not spec.printed:
            continue
        sheet = doc.Sheets.getByName(spec.name)
        index = sheet.RangeAddress.Sheet
        rows, cols = spec.extent()
        cols = max(cols, max(spec.col_widths) + 1 if spec.col_widths else 0)
        charts = chart_cells(sheet, rows + 80, cols + 30)
        for r0, c0, r1, c1 in charts:
            rows, cols = max(rows, r1 + 1), max(cols, c1 + 1)
        area = _range(index, 0, 0, rows - 1, cols - 1)
        sheet.setPrintAreas((area,))
        protected = sheet.isProtected()
        if protected:
            sheet.unprotect("")  # cell attributes and breaks cannot change on a protected sheet (no password)
        if fonts is not None:
            fitting.fit_sheet(fonts, sheet, area, set(spec.row_heights), doc.NumberFormats)
            follow_anchors(sheet, spec)
            # Optimal heights may shrink rows: a chart then reaches further down; the range grows with it.
            for r0, c0, r1, c1 in chart_cells(sheet, rows + 80, cols + 30):
                rows, cols = max(rows, r1 + 1), max(cols, c1 + 1)
            area = _range(index, 0, 0, rows - 1, cols - 1)
            sheet.setPrintAreas((area,))
        width = sheet.getCellRangeByPosition(0, 0, cols - 1, 0).Size.Width  # hidden columns count 0
        min_scale = MIN_PRINT_PT / min_font(wb, spec)
        fit = min(1.0, PRINT_W / width)
        height = sheet.getCellRangeByPosition(0, 0, 0, rows - 1).Size.Height
        if spec.fit_page and min(fit, PRINT_H / height) >= min_scale:
            sheet.PageStyle = "ISP_EineSeite"
        elif fit >= min_scale:
            sheet.PageStyle = "Default"
        else:
            percent = int(-(-min_scale * 100 // 1))
            sheet.PageStyle = _new_page_style(doc, f"ISP_Breit_{percent}", wb, pages_x=0, pages_y=0,
                                              percent=percent)
        # Repeated on every page: the frozen rows (a table's head), else the title and the FIKTIV banner.
        # (only the table's header row when more than six rows are frozen).
        title_rows = spec.repeat_rows
        if not title_rows and spec.freeze and spec.freeze[0]:
            title_rows = (1, spec.freeze[0]) if spec.freeze[0] <= 6 else (spec.freeze[0], spec.freeze[0])
        title_rows = title_rows or (1, 2)
        title_cols = spec.repeat_cols or ((0, spec.freeze[1] - 1) if spec.freeze and spec.freeze[1] else None)
        if not sheet.PageStyle.startswith("ISP_Breit"):
            title_cols = None
        head = head_rows(spec)
        if title_cols and title_rows[0] <= head:
            # Repeated columns print their part of every repeated row: the title block would be cut there.
            title_rows = (head + 1, title_rows[1]) if title_rows[1] > head else None
        if title_rows:
            sheet.setTitleRows(_range(index, title_rows[0] - 1, 0, title_rows[1] - 1, 0))
            sheet.setPrintTitleRows(True)
        if title_cols:
            sheet.setTitleColumns(_range(index, 0, title_cols[0], 0, title_cols[1]))
            sheet.setPrintTitleColumns(True)
        charts = chart_cells(sheet, rows + 80, cols + 30)  # again: fitting moved rows and columns
        keep_whole(doc, sheet, spec, charts, title_rows)
        col_breaks = [b for b in _breaks(doc, sheet, "columns") if 0 < b < cols]
        if col_breaks and fonts is not None:
            head_on_first_page(doc, sheet, spec, fonts, head, col_breaks[0], rows, cols, title_cols, title_rows)
        if protected:
            sheet.protect("")


HEAD_STYLES = {"ISP_Titel", "ISP_Fiktiv", "ISP_Hinweis", "ISP_Hinweis_Umbruch"}


def head_rows(spec):
    """Number of leading rows that form the sheet's title block (title, FIKTIV banner, purpose, colour legend;
    common.head): rows with nothing but texts in those styles, or empty."""
    by_row = {}
    for (r, c), cell in spec.cells.items():
        if cell.value is not None or cell.formula is not None:
            by_row.setdefault(r, set()).add(cell.style)
    r = 0
    while r in by_row and by_row[r] <= HEAD_STYLES or r not in by_row and r < max(by_row, default=0):
        r += 1
    while r > 0 and r - 1 not in by_row:
        r -= 1  # empty rows below the block belong to the table part
    return r


def merged_area(sheet, cell):
    """A cursor on the merged area a merged cell starts; None for a cell that starts none."""
    if not cell.getIsMerged():
        return None
    cursor = sheet.createCursorByRange(cell)
    cursor.collapseToMergedArea()
    return cursor


def _merged_within(sheet, r0, r1, c0, last):
    """Merged cells starting in rows r0..r1, columns c0..last that reach past column last end at last instead
    and wrap their text (fit_sheet then gives the rows the lines)."""
    for r in range(r0, r1 + 1):
        for c in range(c0, last + 1):
            cell = sheet.getCellByPosition(c, r)
            cursor = merged_area(sheet, cell)
            if cursor is None:
                continue
            a = cursor.RangeAddress
            if a.EndColumn > last:
                cursor.merge(False)
                if c < last or a.EndRow > a.StartRow:
                    sheet.getCellRangeByPosition(c, a.StartRow, last, a.EndRow).merge(True)
                cell.IsTextWrapped = True


def head_on_first_page(doc, sheet, spec, fonts, head, first_break, rows, cols, title_cols, title_rows):
    """A sheet wider than a page: its first page's columns hold their texts whole (title block, notes); texts and
    merged cells that reach past them are wrapped inside them. With repeated columns the sheet gets two print
    ranges: the first page's columns, then the other columns from below the title block, only the rows that have
    something there; the repeated columns would otherwise print the start of the title on every further page, cut
    at their edge ("Sozialraumanaly"). Texts of the repeated columns in the second range wrap inside them."""
    from com.sun.star.sheet.CellFlags import FORMULA, STRING, VALUE
    from isp_templates import fit as fitting
    index = sheet.RangeAddress.Sheet
    fixed = set(spec.row_heights)
    _merged_within(sheet, 0, rows - 1, 0, first_break - 1)
    fitting.fit_sheet(fonts, sheet, _range(index, 0, 0, rows - 1, first_break - 1), fixed, doc.NumberFormats)
    follow_anchors(sheet, spec)  # taller rows moved the cells under the charts
    if not title_cols:
        return  # the further pages show rows of their own columns only: nothing of the first page's texts

    def charts_right():
        return [(r0, r1) for r0, c0, r1, c1 in chart_cells(sheet, rows + 80, cols + 30) if c1 >= first_break]

    found = sheet.getCellRangeByPosition(first_break, head, cols - 1, rows - 1).queryContentCells(
        VALUE | STRING | FORMULA).RangeAddresses
    spans = [(a.StartRow, a.EndRow) for a in found] + charts_right()
    if title_rows:
        spans.append((title_rows[0] - 1, title_rows[1] - 1))
    if not spans:
        return
    top, bottom = max(head, min(a for a, _ in spans)), max(b for _, b in spans)
    _merged_within(sheet, top, bottom, title_cols[0], title_cols[1])
    fitting.fit_sheet(fonts, sheet, _range(index, top, title_cols[0], bottom, title_cols[1]), fixed,
                      doc.NumberFormats)
    follow_anchors(sheet, spec)
    bottom = max([bottom] + [r1 for _, r1 in charts_right()])  # rows may have shrunk to their optimal height
    rows = max([rows] + [r1 + 1 for _, _, r1, _ in chart_cells(sheet, rows + 80, cols + 30)])
    parts = (_range(index, 0, 0, rows - 1, first_break - 1), _range(index, top, first_break, bottom, cols - 1))
    for part in parts:  # page breaks for each part as printing paginates it (two ranges show no breaks)
        sheet.setPrintAreas((part,))
        keep_whole(doc, sheet, spec, chart_cells(sheet, rows + 80, cols + 30), title_rows)
    sheet.setPrintAreas(parts)


ANCHOR_INSET = 20  # 1/100 mm


def follow_anchors(sheet, spec):
    """Moves each chart back to the top left corner of its anchor cell. Charts stand at fixed positions on the
    page; when fitting grows rows or columns, a chart would slide over the table above or next to it and off the
    section start a page break is placed at. (Anchoring them to the cell instead crashed the office on storing.)"""
    shapes = sheet.DrawPage
    if shapes.Count != len(spec.charts):
        return  # other drawing objects on the sheet: the order of shapes and chart specs need not match
    from com.sun.star.awt import Point
    for i, chart in enumerate(spec.charts):
        cell = sheet.getCellRangeByName(chart["anchor"]).Position
        # 0.2 mm inside the cell: Calc rounds positions to twips, and a chart on the cell's very edge may start
        # in the row above (a page break before that row would then leave the section heading behind).
        shapes.getByIndex(i).Position = Point(cell.X + ANCHOR_INSET, cell.Y + ANCHOR_INSET)


def _section_blocks(spec, rows):
    """(first, last) 0-based rows of each section: a row with an ISP_Abschnitt heading starts one."""
    starts = sorted({r for (r, c), cell in spec.cells.items() if cell.style == "ISP_Abschnitt" and r > 0})
    blocks = []
    for i, r in enumerate(starts):
        end = (starts[i + 1] - 1) if i + 1 < len(starts) else rows - 1
        blocks.append((r, end))
    return blocks


def _breaks(doc, sheet, kind):
    """Row or column page breaks as printing places them: paginating the sheet (getRendererCount) brings
    Calc's breaks up to date; before that they can be stale (no break at all on a two-page sheet)."""
    from isp_templates.office import prop
    doc.getRendererCount(sheet, (prop("IsPrinter", True),))
    found = sheet.getRowPageBreaks() if kind == "rows" else sheet.getColumnPageBreaks()
    return sorted(b.Position for b in found)


def keep_whole(doc, sheet, spec, charts, title_rows):
    """Manual page breaks before a chart or a section (heading + table) that an automatic break would cut,
    when it fits on one page; columns likewise for charts on sheets wider than a page."""
    rows, _ = spec.extent()
    row_blocks = [(r0, r1) for r0, _, r1, _ in charts] + _section_blocks(spec, rows)
    first_row = title_rows[1] if title_rows else 0
    for _ in range(40):
        breaks = _breaks(doc, sheet, "rows")
        cut = [(r0, r1) for r0, r1 in row_blocks if r0 > first_row and any(r0 < b <= r1 for b in breaks)]
        if not cut:
            break
        r0, r1 = min(cut)
        row = sheet.Rows.getByIndex(r0)
        if row.IsStartOfNewPage:
            row_blocks.remove((r0, r1))  # taller than a page: nothing a break can do
            continue
        row.IsStartOfNewPage = True
    for _ in range(10):
        breaks = _breaks(doc, sheet, "columns")
        cut = [(c0, c1) for _, c0, _, c1 in charts if c0 > 0 and any(c0 < b <= c1 for b in breaks)]
        if not cut:
            break
        c0, _ = min(cut)
        col = sheet.Columns.getByIndex(c0)
        if col.IsStartOfNewPage:
            break
        col.IsStartOfNewPage = True


def error_cells(doc):
    from com.sun.star.sheet.CellFlags import FORMULA
    from com.sun.star.sheet.FormulaResult import ERROR
    out = []
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        try:
            found = sh.queryFormulaCells(ERROR)
        except Exception:
            continue
        for addr in found.RangeAddressesAsString.split(";") if found.Count else []:
            if addr:
                out.append(addr)
    return out


def error_details(doc, limit=20):
    """'Sheet.B5: =formula (Err:502)' for the first cells that show an error (the cells of error_cells)."""
    from com.sun.star.sheet.FormulaResult import ERROR
    out = []
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        found = sh.queryFormulaCells(ERROR)
        for a in found.RangeAddresses if found.Count else ():
            for r in range(a.StartRow, a.EndRow + 1):
                for c in range(a.StartColumn, a.EndColumn + 1):
                    cell = sh.getCellByPosition(c, r)
                    out.append(f"{sh.Name}.{cell.AbsoluteName.rsplit('.', 1)[1].replace('$', '')}: "
                               f"{cell.getFormula()} (Err:{cell.getError()})")
                    if len(out) >= limit:
                        return out
    return out


def convert(office, wb, fods, out_dir, stem, formats, oxt, pdf_sheets=None):
    from isp_templates.office import store
    doc = office.load(fods)
    try:
        wb.put_formulas(doc)  # raises FormulaError for a formula Calc cannot read
        add_charts(doc, wb)
        page_setup(doc, wb)
        doc.calculateAll()
        add_maps(office, doc, wb, oxt)
        print_layout(doc, wb, office)
        errors = error_cells(doc)
        for line in error_details(doc) if errors else ():
            print(f"{stem}: {line}", file=sys.stderr, flush=True)
        from isp_templates.stamp import stamp
        stamp(office, doc, oxt, out_dir)  # the template's own formulas, for the Weitergabe (docs/weitergabe.md)
        for fmt in formats:
            store(doc, os.path.join(out_dir, f"{stem}.{fmt}"), fmt)
        if pdf_sheets is not None:
            names = [doc.Sheets.getByIndex(i).Name for i in range(doc.Sheets.Count)]
            keep = pdf_sheets or names
            for n in names:
                sheet = doc.Sheets.getByName(n)
                sheet.IsVisible = n in keep
                if n not in keep:
                    sheet.setPrintAreas(())  # the PDF export prints hidden sheets too, but not one without a range
            store(doc, os.path.join(out_dir, f"{stem}.pdf"), "pdf")
        return errors
    finally:
        doc.close(True)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--oxt")
    ap.add_argument("--only")
    ap.add_argument("--formats", default="ots,ods,xlsx")
    ap.add_argument("--pdf", nargs="?", const="", default=None,
                    help="also export PDF; optionally a comma list of sheets to include")
    ap.add_argument("--png", type=int, default=0, help="render PDF pages to PNG at this DPI (needs --pdf)")
    args = ap.parse_args(argv)

    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "fods"), exist_ok=True)
    slugs = list(available())
    if args.only:
        slugs = [s for s in args.only.split(",") if s]
    sample = D.Sample()
    built = {}
    for slug in slugs:
        t0 = time.monotonic()
        wb = describe(slug, sample)
        path = os.path.join(out, "fods", TEMPLATES[slug][1] + ".fods")
        write_fods(wb, path)
        built[slug] = (wb, path)
        print(f"{slug}: {path} ({time.monotonic() - t0:.1f} s)", flush=True)
    if not args.oxt or not os.path.isfile(args.oxt):
        print("no add-in (.oxt) given: cannot compute the ISP_* cells", file=sys.stderr)
        return 2
    from isp_templates.odf import FormulaError
    from isp_templates.office import Office, init_profile
    profile = init_profile(os.path.join(out, "profile"), args.oxt)
    report = {}
    failed = False
    with Office(profile, log_dir=out) as office:
        for slug, (wb, path) in built.items():
            t0 = time.monotonic()
            pdf = None if args.pdf is None else [s for s in args.pdf.split(",") if s]
            try:
                errors = convert(office, wb, path, out, TEMPLATES[slug][1], args.formats.split(","), args.oxt, pdf)
            except FormulaError as e:
                print(f"{slug}: {e}", file=sys.stderr, flush=True)
                report[slug] = {"errors": [f"{s}.{c}: {f}" for s, c, f, _ in e.rejected]}
                failed = True
                continue
            report[slug] = {"errors": errors}
            status = "ok" if not errors else f"{len(errors)} error ranges: {', '.join(errors[:8])}"
            failed |= bool(errors)
            print(f"{slug}: converted in {time.monotonic() - t0:.1f} s – {status}", flush=True)
    with open(os.path.join(out, "build-report.json"), "w") as f:
        json.dump(report, f, indent=1, ensure_ascii=False)
    if args.pdf is not None and args.png:
        for slug in built:
            stem = TEMPLATES[slug][1]
            pdf = os.path.join(out, stem + ".pdf")
            os.makedirs(os.path.join(out, "png"), exist_ok=True)
            subprocess.run(["pdftoppm", "-r", str(args.png), "-png", pdf, os.path.join(out, "png", stem)],
                           check=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
