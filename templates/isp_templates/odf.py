"""The template writer: the declarative template modules build a Workbook in memory; this module writes it as an
OpenDocument spreadsheet through odfpy (Debian package python3-odf) and lets Calc itself enter the formulas.

Only what the templates need: named cell styles (the user can change them in Calc's style list), number
formats, cells with values or formulas (also array formulas), merged cells, validation, conditional formats,
sheet protection with unprotected input cells, named ranges, column widths, row heights, tab colours and
frozen panes.

Two steps, one path (`Workbook.open_in` / `Workbook.save`):
1. `write_layout` writes everything but the formulas with odfpy (flat ODF, .fods): odfpy builds and escapes the
   XML, so no text of a template reaches the file unescaped.
2. In the office, after loading, `put_formulas` enters every formula as the templates write it (Calc's A1
   notation with English function names, ';' between arguments, add-in functions by their display name ISP_*):
   Calc's own formula compiler reads them (XCellRangeFormula.setFormulaArray, one call per block of formula
   cells; XArrayFormulaRange for array formulas), and a formula it rejects (syntax, unknown function or name)
   fails the build naming sheet, cell and formula (`FormulaError`). Conditional formats are added the same way
   (their operands are formulas too).
Charts, page set-up and the conversion to .ots/.ods/.xlsx are done afterwards in Calc (templates/build.py).
"""
import datetime
import functools
import re

from odf import config, dc, meta, number, style, table, text
from odf.element import Element
from odf.namespaces import (CONFIGNS, FONS, LOEXTNS, NUMBERNS, OFFICENS, STYLENS, SVGNS, TABLENS, TABLEOOONS,
                            TEXTNS)
from odf.office import Annotation
from odf.opendocument import OpenDocumentSpreadsheet

PREFIXES = {"office": OFFICENS, "style": STYLENS, "text": TEXTNS, "table": TABLENS, "fo": FONS, "number": NUMBERNS,
            "config": CONFIGNS, "loext": LOEXTNS, "tableooo": TABLEOOONS, "svg": SVGNS}


@functools.lru_cache(maxsize=None)
def _qname(attr):
    """'table:style-name' -> (namespace, 'style-name')."""
    prefix, local = attr.split(":")
    return PREFIXES[prefix], local


def el(factory, attrs=None, *children, text=None):
    """An odfpy element: factory is one of odfpy's element functions (table.TableCell, ...), attrs maps
    'prefix:name' to its value (odfpy escapes it). Attributes are set by qualified name, which also takes those of
    ODF 1.3 and the LibreOffice extensions that odfpy's grammar tables do not list."""
    if attrs:
        node = factory(qattributes={_qname(k): str(v) for k, v in attrs.items()}, check_grammar=False)
    else:
        node = factory(check_grammar=False)  # some factories (office:annotation) take no qattributes
    if text is not None:
        node.addText(text)
    for child in children:
        node.addElement(child, check_grammar=False)
    return node


# Number formats, as (kind, parts, maps): kind number/percentage/date; parts are ("number", decimals, grouping,
# with min-decimal-places), ("text", "…"), ("day"|"month"|"year",); maps are (condition, style applied). Each
# style carries the document's locale (number:language/number:country): a number style without one follows the
# office's locale setting, so the same file would print "87,000" and "-0.44" in an English office. STANDARD is the
# "General" format ("Standard" in a German Calc: no decimal-places attribute) of the Default cell style, for
# cells without a format of their own.
def _num(decimals=None, grouping=False):
    return ("number", decimals, grouping)


NUMBER_FORMATS = {
    "STANDARD": [("STANDARD", "number", [_num()], [])],
    "N0": [("N0", "number", [_num(0, True)], [])],
    "N1": [("N1", "number", [_num(1, True)], [])],
    "N2": [("N2", "number", [_num(2, True)], [])],
    "N3": [("N3", "number", [_num(3, True)], [])],
    "P0": [("P0", "percentage", [_num(0), ("text", " %")], [])],
    "P1": [("P1", "percentage", [_num(1), ("text", " %")], [])],
    "EUR": [("EUR", "number", [_num(0, True), ("text", " €")], [])],
    "DATE": [("DATE", "date", [("day",), ("text", "."), ("month",), ("text", "."), ("year",)], [])],
    "YEAR": [("YEAR", "number", [_num(0)], [])],
    "SIGN2": [("SIGN2P", "number", [("text", "+"), _num(2)], []),
              ("SIGN2N", "number", [("text", "−"), _num(2)], []),
              ("SIGN2", "number", [_num(2)], [("value()>0", "SIGN2P"), ("value()<0", "SIGN2N")])],
    "SIGN0": [("SIGN0P", "number", [("text", "+"), _num(0, True)], []),
              ("SIGN0N", "number", [("text", "−"), _num(0, True)], []),
              ("SIGN0", "number", [_num(0, True)], [("value()>0", "SIGN0P"), ("value()<0", "SIGN0N")])],
}
_NUMBER_STYLE = {"number": number.NumberStyle, "percentage": number.PercentageStyle, "date": number.DateStyle}
_DATE_PART = {"day": number.Day, "month": number.Month, "year": number.Year}


def _number_styles(language):
    """Every number style of NUMBER_FORMATS in the document's locale (language, country), as odfpy elements."""
    lang, country = language
    out = []
    for variants in NUMBER_FORMATS.values():
        for name, kind, parts, maps in variants:
            children = []
            for part in parts:
                if part[0] == "text":
                    children.append(el(number.Text, text=part[1]))
                elif part[0] == "number":
                    _, decimals, grouping = part
                    attrs = {}
                    if decimals is not None:
                        attrs = {"number:decimal-places": decimals, "number:min-decimal-places": decimals}
                    attrs["number:min-integer-digits"] = 1
                    if grouping:
                        attrs["number:grouping"] = "true"
                    children.append(el(number.Number, attrs))
                else:
                    children.append(el(_DATE_PART[part[0]], {"number:style": "long"}))
            children += [el(style.Map, {"style:condition": cond, "style:apply-style-name": target})
                         for cond, target in maps]
            out.append(el(_NUMBER_STYLE[kind], {"style:name": name, "number:language": lang,
                                                "number:country": country}, *children))
    return out


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def col_letters(index):
    s = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s


_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def parse_a1(a1):
    m = _A1.match(a1)
    if not m:
        raise ValueError("not a cell address: " + a1)
    return int(m.group(2)) - 1, col_index(m.group(1))


def parse_range(rng):
    if ":" in rng:
        a, b = rng.split(":")
        r0, c0 = parse_a1(a)
        r1, c1 = parse_a1(b)
    else:
        r0, c0 = parse_a1(rng)
        r1, c1 = r0, c0
    return r0, c0, r1, c1


def a1(row, col, absolute=False):
    if absolute:
        return f"${col_letters(col)}${row + 1}"
    return f"{col_letters(col)}{row + 1}"


class Style:
    """A named cell style. props: bg, color, bold, italic, size, wrap, shrink (to fit the cell), align
    (start/center/end), valign (top/middle/bottom), border ('all' thin grey, 'bottom', 'none'), protect (False =
    input cell), fmt (number format key), indent, font."""

    def __init__(self, name, display, parent=None, **props):
        self.name, self.display, self.parent, self.props = name, display, parent, props


def _cell_properties(p):
    """The properties of a cell style (Style props or a cell's extra) as odfpy elements."""
    cell, para, txt = {}, {}, {}
    if "bg" in p:
        cell["fo:background-color"] = p["bg"]
    if p.get("wrap"):
        cell["fo:wrap-option"] = "wrap"
    if p.get("shrink"):
        cell["style:shrink-to-fit"] = "true"
    if "valign" in p:
        cell["style:vertical-align"] = p["valign"]
    border = p.get("border")
    if border == "all":
        cell["fo:border"] = "0.5pt solid #a6a6a6"
    elif border == "bottom":
        cell["fo:border-bottom"] = "1pt solid #404040"
    elif border == "top":
        cell["fo:border-top"] = "1pt solid #404040"
    elif border == "box":
        cell["fo:border"] = "1pt solid #404040"
    if "protect" in p:
        cell["style:cell-protect"] = "protected" if p["protect"] else "none"
    if "align" in p:
        cell["style:text-align-source"] = "fix"
        para["fo:text-align"] = p["align"]
    if "indent" in p:
        para["fo:margin-left"] = f"{p['indent']}cm"
    if "color" in p:
        txt["fo:color"] = p["color"]
    if p.get("bold"):
        txt.update({"fo:font-weight": "bold", "style:font-weight-asian": "bold", "style:font-weight-complex": "bold"})
    if "bold" in p and not p["bold"]:
        txt["fo:font-weight"] = "normal"
    if p.get("italic"):
        txt["fo:font-style"] = "italic"
    if "size" in p:
        txt["fo:font-size"] = f"{p['size']}pt"
    if p.get("underline"):
        txt.update({"style:text-underline-style": "solid", "style:text-underline-width": "auto",
                    "style:text-underline-color": "font-color"})
    out = []
    if cell:
        out.append(el(style.TableCellProperties, cell))
    if para:
        out.append(el(style.ParagraphProperties, para))
    if txt:
        out.append(el(style.TextProperties, txt))
    return out


class Cell:
    __slots__ = ("value", "formula", "style", "fmt", "extra", "span", "matrix", "validation", "note", "kind")

    def __init__(self, value=None, formula=None, style=None, fmt=None, extra=None, span=None, matrix=None,
                 validation=None, note=None, kind=None):
        self.value, self.formula, self.style, self.fmt = value, formula, style, fmt
        self.extra, self.span, self.matrix, self.validation, self.note = extra, span, matrix, validation, note
        self.kind = kind


class Sheet:
    def __init__(self, wb, name, tab=None, protected=True):
        self.wb, self.name, self.tab, self.protected = wb, name, tab, protected
        self.cells = {}  # (row, col) -> Cell
        self.col_widths = {}  # col -> cm
        self.hidden_cols = set()  # 0-based columns written hidden (chart helper columns)
        self.row_heights = {}  # row -> cm
        self.cond = []  # (range, [(value, style display name)])
        self.freeze = None  # (row, col): rows above / columns left stay fixed
        self.charts = []  # dicts, placed by build.py
        self.landscape = True
        self.print_fit_width = True
        self.zoom = None
        self.fit_page = False  # print on one page (build.py gives the sheet its own page style)
        # Printing (build.py print_layout): printed=False = a data sheet planners do not print (empty print
        # range); repeat_rows = (first, last) 1-based rows printed on top of every page (default: the frozen
        # rows); repeat_cols = (first, last) 0-based columns repeated on every page when the sheet is wider
        # than a page (default: the frozen columns).
        self.printed = True
        self.repeat_rows = None
        self.repeat_cols = None

    # -- writing cells ---------------------------------------------------------------------------------
    def set(self, addr, value=None, style=None, fmt=None, **kw):
        r, c = parse_a1(addr) if isinstance(addr, str) else addr
        if isinstance(value, str) and value.startswith("="):
            cell = Cell(formula=value, style=style, fmt=fmt, **kw)
        else:
            cell = Cell(value=value, style=style, fmt=fmt, **kw)
        old = self.cells.get((r, c))
        if old is not None and old.validation and not cell.validation:
            cell.validation = old.validation
        self.cells[(r, c)] = cell
        if cell.span:
            cols, rows = cell.span
            for rr in range(r, r + rows):
                for cc in range(c, c + cols):
                    if (rr, cc) != (r, c):
                        self.cells[(rr, cc)] = Cell(kind="covered", style=style)
        return cell

    def row(self, addr, values, style=None, fmt=None, **kw):
        """Writes values to the right of addr; a value may be a (value, style[, fmt]) tuple."""
        r, c = parse_a1(addr)
        for i, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, tuple):
                val, st = v[0], v[1]
                f = v[2] if len(v) > 2 else fmt
                self.set((r, c + i), val, style=st, fmt=f, **kw)
            else:
                self.set((r, c + i), v, style=style, fmt=fmt, **kw)

    def col(self, addr, values, style=None, fmt=None, **kw):
        r, c = parse_a1(addr)
        for i, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, tuple):
                self.set((r + i, c), v[0], style=v[1], fmt=v[2] if len(v) > 2 else fmt, **kw)
            else:
                self.set((r + i, c), v, style=style, fmt=fmt, **kw)

    def fill(self, rng, style=None, fmt=None, validation=None, keep=True):
        """Gives every cell of rng a style (and validation); keeps the values already there."""
        r0, c0, r1, c1 = parse_range(rng)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cell = self.cells.get((r, c))
                if cell is None or not keep:
                    cell = self.cells[(r, c)] = Cell()
                if cell.kind == "covered":
                    continue
                if style is not None:
                    cell.style = style
                if fmt is not None:
                    cell.fmt = fmt
                if validation is not None:
                    cell.validation = validation

    def array(self, rng, formula, style=None, fmt=None):
        r0, c0, r1, c1 = parse_range(rng)
        self.set((r0, c0), formula, style=style, fmt=fmt, matrix=(r1 - r0 + 1, c1 - c0 + 1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    self.cells[(r, c)] = Cell(style=style, fmt=fmt)

    def merge(self, addr, cols, rows=1, value=None, style=None, **kw):
        return self.set(addr, value, style=style, span=(cols, rows), **kw)

    def width(self, col_letters_, cm):
        for part in col_letters_.split(","):
            if "-" in part:
                a, b = part.split("-")
                for c in range(col_index(a), col_index(b) + 1):
                    self.col_widths[c] = cm
            else:
                self.col_widths[col_index(part)] = cm

    def hide(self, col_letters_):
        """Hides columns ("A" or "A-C"): helper columns a chart plots (build.py includes hidden cells)."""
        a, _, b = col_letters_.partition("-")
        self.hidden_cols.update(range(col_index(a), col_index(b or a) + 1))

    def height(self, row1, cm):
        self.row_heights[row1 - 1] = cm

    def conditional(self, rng, rules):
        """rules: [(text value, style key)] -- 'cell equals text' (what the class columns need)."""
        self.cond.append((rng, rules))

    def chart(self, **spec):
        self.charts.append(spec)

    # -- reading back (for tests of the description itself) -------------------------------------------
    def get(self, addr):
        return self.cells.get(parse_a1(addr))

    def extent(self):
        if not self.cells:
            return 0, 0
        return max(r for r, _ in self.cells) + 1, max(c for _, c in self.cells) + 1


class Workbook:
    def __init__(self, title, description="", language=("de", "DE")):
        self.title, self.description, self.language = title, description, language
        self.sheets = []
        self.styles = {}  # key -> Style
        self.validations = {}  # key -> (condition, title, error, help)
        self.names = {}  # name -> (sheet, range)
        self.active = None

    def sheet(self, name, **kw):
        s = Sheet(self, name, **kw)
        self.sheets.append(s)
        return s

    def get_sheet(self, name):
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    def style(self, key, display, parent=None, **props):
        self.styles[key] = Style(key, display, parent, **props)

    def validation(self, key, condition, title, error, help_text=None, allow_empty=True):
        self.validations[key] = (condition, title, error, help_text, allow_empty)

    def name(self, name, sheet, rng):
        self.names[name] = (sheet, rng)


    # -- the document ----------------------------------------------------------------------------------
    def open_in(self, office, path):
        """Writes the workbook to path (.fods, without formulas), opens it in office (templates/isp_templates/
        office.py) and enters the formulas there (put_formulas); returns the open document (the caller closes
        it). Raises FormulaError for a formula Calc rejects."""
        self.write_layout(path)
        doc = office.load(path)
        try:
            self.put_formulas(doc)
        except BaseException:
            doc.close(True)
            raise
        return doc

    def save(self, office, path):
        """The whole workbook, formulas included, as one flat ODF file written by Calc (for the main job and the
        tests that open the sample workbook themselves)."""
        from .office import store
        doc = self.open_in(office, path)
        try:
            store(doc, path, "fods")
        finally:
            doc.close(True)

    def write_layout(self, path):
        """Everything but the formulas and conditional formats, as flat ODF written by odfpy."""
        with open(path, "wb") as f:
            f.write(self.layout().xml())

    def put_formulas(self, doc):
        """Enters every formula and conditional format of the workbook into doc, the loaded write_layout file.

        Calc compiles the source notation itself (setFormulaArray and setArrayFormula take Calc's A1 notation with
        English function names, as the templates write them). With the automatic calculation off nothing is
        computed yet, so a formula cell that shows an error is one Calc could not compile: those fail with sheet,
        cell and formula (a name Calc does not know shows #NAME? only when computed: build.py's error check after
        the recalculation names those). References that name their sheet are then made sheet-absolute on Calc's
        tokens (_sheet_absolute). The caller recalculates (calculateAll)."""
        from com.sun.star.sheet.FormulaResult import ERROR
        doc.enableAutomaticCalculation(False)
        try:
            protected = []
            sheet_refs = []  # (sheet, block, filled down exactly)
            for spec in self.sheets:
                sheet = doc.Sheets.getByName(spec.name)
                if sheet.isProtected():
                    sheet.unprotect("")  # no password (write_layout sets none)
                    protected.append(sheet)
                # Array formulas are entered once as plain formulas too (at their first cell): the check below sees
                # them before Calc computes arrays, which it does on any query.
                for (r0, c0, r1, c1), rows in _formula_blocks(spec):
                    if r1 - r0 + 1 >= FILL_MIN_ROWS and _fillable(spec, r0, c0, r1, c1):
                        exact = _fill_down(sheet, (r0, c0, r1, c1), rows) == 0
                    else:
                        sheet.getCellRangeByPosition(c0, r0, c1, r1).setFormulaArray(rows)
                        exact = False
                    sheet_refs.append((sheet, (r0, c0, r1, c1), exact))
            rejected = []
            for spec in self.sheets:
                found = doc.Sheets.getByName(spec.name).queryFormulaCells(ERROR)
                for address in found.RangeAddresses if found.Count else ():
                    for r in range(address.StartRow, address.EndRow + 1):
                        for c in range(address.StartColumn, address.EndColumn + 1):
                            cell = doc.Sheets.getByName(spec.name).getCellByPosition(c, r)
                            rejected.append((spec.name, a1(r, c), spec.cells[(r, c)].formula, cell.getError()))
            if rejected:
                raise FormulaError(rejected)
            for sheet, block, exact in sheet_refs:
                _absolute_sheets_in(sheet, block, exact)
            parser = doc.createInstance("com.sun.star.sheet.FormulaParser")  # English names, Calc's A1 notation
            parser.CompileEnglish = True
            parser.FormulaConvention = 0  # com.sun.star.sheet.AddressConvention.OOO
            for spec in self.sheets:
                sheet = doc.Sheets.getByName(spec.name)
                for (r, c), cell in spec.cells.items():
                    if cell.formula is not None and cell.matrix:
                        rows, cols = cell.matrix
                        target = sheet.getCellRangeByPosition(c, r, c + cols - 1, r + rows - 1)
                        target.setArrayFormula(cell.formula)
                        tokens = _sheet_absolute(target.getArrayTokens(), sheet.RangeAddress.Sheet)
                        if tokens is not None:
                            target.setArrayTokens(tokens)
                same_rules = {}  # ranges with the same rules share one conditional format, as Calc merges them
                for rng, rules in spec.cond:
                    same_rules.setdefault(tuple(rules), []).append(rng)
                for rules, ranges in same_rules.items():
                    self._put_conditional(doc, sheet, ranges, rules, parser)
            doc.enableAutomaticCalculation(True)
            # Calc gives a formula entered over the API in a cell of the General format the format of its result's
            # source when it first computes it (as if typed); a loaded file's formula keeps its cell's format. So
            # compute once, then drop those inherited formats: the cells keep the format the workbook gave them.
            doc.calculateAll()
            for spec in self.sheets:
                sheet = doc.Sheets.getByName(spec.name)
                for (r0, c0, r1, c1), _ in _formula_blocks(spec):
                    if all(spec.cells[(r, c)].fmt is None for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)):
                        sheet.getCellRangeByPosition(c0, r0, c1, r1).setPropertyToDefault("NumberFormat")
                        continue
                    for r in range(r0, r1 + 1):
                        run = [c for c in range(c0, c1 + 1) if spec.cells[(r, c)].fmt is None]
                        if len(run) == c1 - c0 + 1:
                            sheet.getCellRangeByPosition(c0, r, c1, r).setPropertyToDefault("NumberFormat")
                        else:
                            for c in run:
                                sheet.getCellByPosition(c, r).setPropertyToDefault("NumberFormat")
            for sheet in protected:
                sheet.protect("")
        finally:
            doc.enableAutomaticCalculation(True)

    def _put_conditional(self, doc, sheet, ranges, rules, parser):
        """'Cell equals' rules (value = a formula operand in the templates' notation, e.g. '"erhöht"' or
        'Parameter.$A$21') on the ranges (A1 ranges of the sheet); Calc's parser reads the operand (and prints it
        with its sheet absolute, as the cells' formulas)."""
        import uno
        from com.sun.star.table import CellAddress
        from .office import prop
        first = sheet.getCellRangeByName(ranges[0]).RangeAddress
        base = CellAddress(first.Sheet, first.StartColumn, first.StartRow)
        if len(ranges) == 1:
            target = sheet.getCellRangeByName(ranges[0])
        else:
            target = doc.createInstance("com.sun.star.sheet.SheetCellRanges")
            target.addRangeAddresses(tuple(sheet.getCellRangeByName(r).RangeAddress for r in ranges), False)
        entries = target.ConditionalFormat
        for value, style_key in rules:
            tokens = parser.parseFormula(value, base)
            operand = parser.printFormula(_sheet_absolute(tokens, base.Sheet) or tokens, base)
            entries.addNew((prop("Operator", uno.Enum("com.sun.star.sheet.ConditionOperator", "EQUAL")),
                            prop("Formula1", operand), prop("SourcePosition", base),
                            prop("StyleName", self.styles[style_key].display)))
        target.ConditionalFormat = entries

    # -- odfpy ---------------------------------------------------------------------------------------------
    def layout(self):
        """The odfpy document: styles, sheets with values, merged cells, validations, named ranges, view settings;
        formula cells carry their style and a placeholder value (put_formulas enters the formulas)."""
        doc = OpenDocumentSpreadsheet()
        lang, country = self.language
        doc.meta.addElement(el(dc.Title, text=self.title))
        doc.meta.addElement(el(dc.Description, text=self.description))
        doc.meta.addElement(el(dc.Language, text=f"{lang}-{country}"))
        doc.settings.addElement(self._view_settings())
        doc.fontfacedecls.addElement(el(style.FontFace, {
            "style:name": "Liberation Sans", "svg:font-family": "'Liberation Sans'",
            "style:font-family-generic": "swiss", "style:font-pitch": "variable"}))
        for node in _number_styles(self.language):
            doc.styles.addElement(node)
        doc.styles.addElement(el(style.DefaultStyle, {"style:family": "table-cell"}, el(style.TextProperties, {
            "style:font-name": "Liberation Sans", "fo:language": lang, "fo:country": country})))
        doc.styles.addElement(el(style.Style, {"style:name": "Default", "style:family": "table-cell",
                                               "style:data-style-name": "STANDARD"},
                                 el(style.TextProperties, {"style:font-name": "Liberation Sans",
                                                           "fo:font-size": "10pt"})))
        for st in self.styles.values():
            attrs = {"style:name": st.name, "style:display-name": st.display, "style:family": "table-cell",
                     "style:parent-style-name": st.parent or "Default"}
            if st.props.get("fmt"):
                attrs["style:data-style-name"] = st.props["fmt"]
            doc.styles.addElement(el(style.Style, attrs, *_cell_properties(st.props)))
        auto = _AutomaticStyles(doc.automaticstyles)
        spreadsheet = doc.spreadsheet
        spreadsheet.addElement(el(table.CalculationSettings, {
            "table:automatic-find-labels": "false", "table:use-regular-expressions": "false",
            "table:use-wildcards": "true"}))
        if self.validations:
            spreadsheet.addElement(self._validations())
        for sh in self.sheets:
            spreadsheet.addElement(_sheet(sh, auto))
        doc.automaticstyles.addElement(el(style.PageLayout, {"style:name": "pm1"}, el(
            style.PageLayoutProperties, {"style:writing-mode": "lr-tb"})))
        doc.masterstyles.addElement(el(style.MasterPage, {"style:name": "Default", "style:page-layout-name": "pm1"}))
        if self.names:
            spreadsheet.addElement(self._named_ranges())
        return doc

    def _validations(self):
        node = el(table.ContentValidations)
        base = f"{_quoted(self.sheets[0].name)}.A1"
        for key, (cond, title, err, help_text, allow_empty) in self.validations.items():
            rule = el(table.ContentValidation, {"table:name": key, "table:condition": cond,
                                                "table:allow-empty-cell": "true" if allow_empty else "false",
                                                "table:base-cell-address": base})
            if help_text:
                rule.addElement(el(table.HelpMessage, {"table:title": title, "table:display": "true"},
                                   el(text.P, text=help_text)))
            rule.addElement(el(table.ErrorMessage, {"table:message-type": "stop", "table:title": title,
                                                    "table:display": "true"}, el(text.P, text=err)))
            node.addElement(rule)
        return node

    def _named_ranges(self):
        node = el(table.NamedExpressions)
        for name, (sheet, rng) in self.names.items():
            r0, c0, r1, c1 = parse_range(rng)
            q = "$" + _quoted(sheet)
            addr = f"{q}.{a1(r0, c0, True)}"
            if (r0, c0) != (r1, c1):
                addr += f":.{a1(r1, c1, True)}"
            node.addElement(el(table.NamedRange, {"table:name": name, "table:base-cell-address": f"{q}.$A$1",
                                                  "table:cell-range-address": addr}))
        return node

    def _view_settings(self):
        tables = el(config.ConfigItemMapNamed, {"config:name": "Tables"})
        for sh in self.sheets:
            conf = []
            if sh.freeze:
                r, c = sh.freeze
                conf += [("HorizontalSplitMode", "short", 2 if c else 0), ("VerticalSplitMode", "short", 2 if r else 0),
                         ("HorizontalSplitPosition", "int", c), ("VerticalSplitPosition", "int", r),
                         ("ActiveSplitRange", "short", 2), ("PositionLeft", "int", 0), ("PositionRight", "int", c),
                         ("PositionTop", "int", 0), ("PositionBottom", "int", r)]
            if sh.zoom:
                conf += [("ZoomType", "short", 0), ("ZoomValue", "int", sh.zoom)]
            if conf:
                tables.addElement(el(config.ConfigItemMapEntry, {"config:name": sh.name},
                                     *(_config_item(n, t, v) for n, t, v in conf)))
        view = el(config.ConfigItemMapEntry, None, _config_item("ViewId", "string", "view1"), tables,
                  _config_item("ActiveTable", "string", self.active or self.sheets[0].name))
        return el(config.ConfigItemSet, {"config:name": "ooo:view-settings"},
                  el(config.ConfigItemMapIndexed, {"config:name": "Views"}, view))


class FormulaError(Exception):
    """Formulas Calc could not compile: [(sheet, cell, formula, Calc's error code)]."""

    def __init__(self, rejected):
        self.rejected = rejected
        lines = [f"  {sheet}.{cell}: {formula}  (Calc: {_error_text(code)})" for sheet, cell, formula, code in rejected]
        super().__init__(f"{len(rejected)} formula(s) Calc cannot read:\n" + "\n".join(lines[:50]))


def _error_text(code):
    return {525: "#NAME?", 524: "#REF!", 532: "#DIV/0!", 503: "#NUM!", 519: "#VALUE!"}.get(code, f"Err:{code}")


def _config_item(name, kind, value):
    return el(config.ConfigItem, {"config:name": name, "config:type": kind}, text=str(value))


def _quoted(name):
    """A sheet name as ODF cell addresses write it ('1 Bestandserfassung' quoted, Werte not)."""
    if re.fullmatch(r"[^\W\d]\w*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


# Calc compiles a formula entered over the API in about a millisecond: the long data sheets' 20,000 helper
# formulas (the same formula in every row, references relative) would take minutes. A block of at least
# FILL_MIN_ROWS rows is entered as its first row and filled down by Calc (XCellSeries.fillAuto, what dragging the fill
# handle does: references move with the row); every filled cell is then compared with the formula the template
# wrote for it, and rows that differ are entered as written.
FILL_MIN_ROWS = 50


def _fillable(sh, r0, c0, r1, c1):
    """Filling copies the first row's cell attributes too: only for blocks whose columns have one style, format,
    validation each, and no array formula, note or merged cell."""
    for c in range(c0, c1 + 1):
        first = sh.cells[(r0, c)]
        look = (first.style, first.fmt, first.extra, first.validation)
        for r in range(r0, r1 + 1):
            cell = sh.cells[(r, c)]
            if cell.matrix or cell.note or cell.span or (cell.style, cell.fmt, cell.extra, cell.validation) != look:
                return False
    return True


def _fill_down(sheet, block, rows):
    import uno
    r0, c0, r1, c1 = block
    sheet.getCellRangeByPosition(c0, r0, c1, r0).setFormulaArray(rows[:1])
    target = sheet.getCellRangeByPosition(c0, r0, c1, r1)
    target.fillAuto(uno.Enum("com.sun.star.sheet.FillDirection", "TO_BOTTOM"), 1)
    filled = target.getFormulaArray()
    wrong = [i for i, (want, got) in enumerate(zip(rows, filled)) if tuple(want) != tuple(got)]
    start = 0
    while start < len(wrong):  # runs of rows that differ from the filled formula, entered as written
        end = start
        while end + 1 < len(wrong) and wrong[end + 1] == wrong[end] + 1:
            end += 1
        first, last = wrong[start], wrong[end]
        sheet.getCellRangeByPosition(c0, r0 + first, c1, r0 + last).setFormulaArray(rows[first:last + 1])
        start = end + 1
    return len(wrong)


def _sheet_absolute(tokens, tab):
    """The formula tokens with every reference that names its sheet (Werte.$A$1) made sheet-absolute
    ($Werte.$A$1): what Calc makes of a reference a planner points at on another sheet, and how the templates have
    always been stored (a copied formula keeps reading the same sheet). tab: the sheet of the formula's cell.
    None when no reference changes."""
    from com.sun.star.sheet.ReferenceFlags import SHEET_3D, SHEET_RELATIVE

    def absolute(ref):
        ref.Sheet = tab + ref.RelativeSheet
        ref.Flags = ref.Flags & ~SHEET_RELATIVE
        return ref

    changed = False
    out = []
    for token in tokens:
        data = token.Data
        if hasattr(data, "Reference1"):
            first = data.Reference1
            if first.Flags & SHEET_3D and first.Flags & SHEET_RELATIVE:
                data.Reference1 = absolute(first)
                second = data.Reference2
                if second.Flags & SHEET_RELATIVE:
                    data.Reference2 = absolute(second)  # the range's end is on the same sheet
                token.Data = data
                changed = True
        elif hasattr(data, "RelativeSheet") and data.Flags & SHEET_3D and data.Flags & SHEET_RELATIVE:
            token.Data = absolute(data)
            changed = True
        out.append(token)
    return tuple(out) if changed else None


def _absolute_sheets_in(sheet, block, filled):
    """_sheet_absolute for every formula of the block: cell by cell, or for a block filled down exactly from its
    first row, that row and the fill again."""
    import uno
    r0, c0, r1, c1 = block
    tab = sheet.RangeAddress.Sheet
    changed = False
    for r in range(r0, r0 + 1 if filled else r1 + 1):
        for c in range(c0, c1 + 1):
            cell = sheet.getCellByPosition(c, r)
            tokens = _sheet_absolute(cell.getTokens(), tab)
            if tokens is not None:
                cell.setTokens(tokens)
                changed = True
    if filled and changed:
        sheet.getCellRangeByPosition(c0, r0, c1, r1).fillAuto(
            uno.Enum("com.sun.star.sheet.FillDirection", "TO_BOTTOM"), 1)


def _formula_blocks(sh):
    """The sheet's formulas as rectangular blocks for setFormulaArray: ((r0, c0, r1, c1), rows of formulas).
    Cells in a row that follow each other form a run; runs of the same columns in consecutive rows one block.
    An array formula stands at its first cell (put_formulas enters it as an array afterwards)."""
    by_row = {}
    for (r, c), cell in sh.cells.items():
        if cell.formula is not None:
            by_row.setdefault(r, []).append(c)
    blocks = []
    open_blocks = {}  # (c0, c1) -> [r0, r1, rows]
    for r in sorted(by_row):
        cols = sorted(by_row[r])
        row_runs = []
        start = prev = cols[0]
        for c in cols[1:] + [None]:
            if c is not None and c == prev + 1:
                prev = c
                continue
            row_runs.append((start, prev))
            if c is not None:
                start = prev = c
        still_open = {}
        for c0, c1 in row_runs:
            formulas = tuple(sh.cells[(r, c)].formula for c in range(c0, c1 + 1))
            block = open_blocks.get((c0, c1))
            if block is not None and block[1] == r - 1:
                block[1] = r
                block[2].append(formulas)
            else:
                block = [r, r, [formulas]]
                blocks.append(((c0, c1), block))
            still_open[(c0, c1)] = block
        open_blocks = still_open
    return [((r0, c0, r1, c1), tuple(rows)) for (c0, c1), (r0, r1, rows) in blocks]


class _AutomaticStyles:
    """The automatic styles of cells (style, format, extra properties), columns (width), rows (height) and tables
    (tab colour), each written once into office:automatic-styles."""

    def __init__(self, parent):
        self.parent = parent
        self.cells, self.columns, self.rows, self.tables = {}, {}, {}, {}

    def _add(self, node):
        self.parent.addElement(node, check_grammar=False)

    def cell(self, cell):
        key = (cell.style, cell.fmt, tuple(sorted((cell.extra or {}).items())))
        if key == (None, None, ()):
            return None
        name = self.cells.get(key)
        if name is None:
            name = self.cells[key] = f"ce{len(self.cells) + 1}"
            attrs = {"style:name": name, "style:family": "table-cell",
                     "style:parent-style-name": cell.style or "Default"}
            if cell.fmt:
                attrs["style:data-style-name"] = cell.fmt
            self._add(el(style.Style, attrs, *_cell_properties(cell.extra or {})))
        return name

    def column(self, cm):
        key = round(cm, 3)
        name = self.columns.get(key)
        if name is None:
            name = self.columns[key] = f"co{len(self.columns) + 1}"
            self._add(el(style.Style, {"style:name": name, "style:family": "table-column"}, el(
                style.TableColumnProperties, {"fo:break-before": "auto", "style:column-width": f"{key}cm"})))
        return name

    def row(self, cm):
        key = round(cm, 3) if cm else None
        name = self.rows.get(key)
        if name is None:
            name = self.rows[key] = f"ro{len(self.rows) + 1}"
            props = {"fo:break-before": "auto"}
            if key:
                props.update({"style:row-height": f"{key}cm", "style:use-optimal-row-height": "false"})
            else:
                props["style:use-optimal-row-height"] = "true"
            self._add(el(style.Style, {"style:name": name, "style:family": "table-row"},
                         el(style.TableRowProperties, props)))
        return name

    def table(self, tab):
        name = self.tables.get(tab)
        if name is None:
            name = self.tables[tab] = f"ta{len(self.tables) + 1}"
            props = {"table:display": "true", "style:writing-mode": "lr-tb"}
            if tab:
                props["tableooo:tab-color"] = tab
            self._add(el(style.Style, {"style:name": name, "style:family": "table",
                                       "style:master-page-name": "Default"}, el(style.TableProperties, props)))
        return name


def _sheet(sh, auto):
    nrows, ncols = sh.extent()
    ncols = max(ncols, max(sh.col_widths) + 1 if sh.col_widths else 0)
    attrs = {"table:name": sh.name, "table:style-name": auto.table(sh.tab)}
    if sh.protected:
        attrs["table:protected"] = "true"
    if not sh.printed:
        attrs["table:print"] = "false"
    node = el(table.Table, attrs)
    if sh.protected:
        node.addElement(el(_table_protection, {"loext:select-protected-cells": "true",
                                               "loext:select-unprotected-cells": "true"}), check_grammar=False)
    for c in range(ncols):
        attrs = {"table:style-name": auto.column(sh.col_widths.get(c, 2.5)), "table:default-cell-style-name": "Default"}
        if c in sh.hidden_cols:
            attrs["table:visibility"] = "collapse"
        node.addElement(el(table.TableColumn, attrs))
    node.addElement(el(table.TableColumn, {"table:style-name": auto.column(2.5),
                                           "table:number-columns-repeated": 1024 - ncols,
                                           "table:default-cell-style-name": "Default"}))
    by_row = {}
    for (r, c), cell in sh.cells.items():
        by_row.setdefault(r, {})[c] = cell
    for r in range(nrows):
        row = el(table.TableRow, {"table:style-name": auto.row(sh.row_heights.get(r))})
        cells = by_row.get(r, {})
        last = max(cells) if cells else -1
        c = 0
        while c <= last:
            cell = cells.get(c)
            key = _repeat_key(cell, auto)
            n = 1  # equal neighbours (empty, or only a style) are one element with number-columns-repeated
            while c + n <= last and key is not None and _repeat_key(cells.get(c + n), auto) == key:
                n += 1
            cell_node = _cell(cell, auto)
            if n > 1:
                cell_node.setAttrNS(TABLENS, "number-columns-repeated", str(n))
            row.addElement(cell_node, check_grammar=False)
            c += n
        if last < 0:
            row.addElement(el(table.TableCell), check_grammar=False)
        node.addElement(row, check_grammar=False)
    return node


def _table_protection(**args):
    return Element(qname=(LOEXTNS, "table-protection"), **args)


def _repeat_key(cell, auto):
    """Equal for neighbours one element with number-columns-repeated stands for: only cells the workbook does not
    describe. (Calc 7.4 loses the style of a styled empty cell repeated past the 13th column: measured on Rechenweg
    row 6, so styled cells, with or without a formula, get an element each.)"""
    return ("empty",) if cell is None else None


def _cell(cell, auto):
    """The odfpy element of one cell (a formula cell: its style only)."""
    if cell is None:
        return el(table.TableCell)
    if cell.kind == "covered":
        st = auto.cell(cell)
        return el(table.CoveredTableCell, {"table:style-name": st} if st else None)
    attrs = {}
    st = auto.cell(cell)
    if st:
        attrs["table:style-name"] = st
    if cell.span:
        cols, rows = cell.span
        attrs["table:number-columns-spanned"] = cols
        attrs["table:number-rows-spanned"] = rows
    if cell.validation:
        attrs["table:content-validation-name"] = cell.validation
    lines = None
    if cell.formula is not None:
        # A placeholder put_formulas replaces: Calc 7.4 drops the style of long runs of empty styled cells in a row
        # (measured: Rechenweg row 6 of the Sozialraummonitor kept it for 13 cells only), not of cells with content.
        attrs.update({"office:value-type": "float", "office:value": 0})
    elif cell.value is not None:
        v = cell.value
        if isinstance(v, bool):
            attrs.update({"office:value-type": "boolean", "office:boolean-value": "true" if v else "false"})
            lines = ["WAHR" if v else "FALSCH"]
        elif isinstance(v, (int, float)):
            attrs.update({"office:value-type": "float", "office:value": repr(float(v)) if isinstance(v, float) else v})
            lines = [str(v)]
        elif isinstance(v, datetime.date):
            attrs.update({"office:value-type": "date", "office:date-value": v.isoformat()})
            lines = [v.strftime("%d.%m.%Y")]
        else:
            attrs["office:value-type"] = "string"
            lines = str(v).split("\n")
    node = el(table.TableCell, attrs)
    if cell.note:
        node.addElement(el(Annotation, None, el(text.P, text=cell.note)), check_grammar=False)
    for line in lines or ():
        node.addElement(el(text.P, text=line), check_grammar=False)
    return node
