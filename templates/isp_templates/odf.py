"""A small writer for flat ODF spreadsheets (.fods): the declarative template modules build a Workbook in
memory, this module turns it into XML that LibreOffice Calc opens directly.

Only what the templates need: named cell styles (the user can change them in Calc's style list), number
formats, cells with values or formulas (also array formulas), merged cells, validation, conditional formats,
sheet protection with unprotected input cells, named ranges, column widths, row heights, tab colours and
frozen panes. Charts, page set-up and the conversion to .ots/.ods/.xlsx are done afterwards in Calc
(build.py), because Calc writes them better than we could by hand.
"""
import datetime
import re
from xml.sax.saxutils import escape, quoteattr

from . import formula as fx

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "of": "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    "tableooo": "http://openoffice.org/2009/table",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}

# Number formats. Each carries the document's locale (number:language/number:country, added by
# _number_styles_xml): a number style without one follows the office's locale setting, so the same file would
# print "87,000" and "-0.44" in an English office. STANDARD is the "General" format ("Standard" in a German
# Calc: no decimal-places attribute) of the Default cell style, for cells without a format of their own.
NUMBER_FORMATS = {
    "STANDARD": '<number:number-style style:name="STANDARD"><number:number number:min-integer-digits="1"/>'
                '</number:number-style>',
    "N0": '<number:number-style style:name="N0"><number:number number:decimal-places="0" '
          'number:min-decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>',
    "N1": '<number:number-style style:name="N1"><number:number number:decimal-places="1" '
          'number:min-decimal-places="1" number:min-integer-digits="1" number:grouping="true"/></number:number-style>',
    "N2": '<number:number-style style:name="N2"><number:number number:decimal-places="2" '
          'number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>',
    "N3": '<number:number-style style:name="N3"><number:number number:decimal-places="3" '
          'number:min-decimal-places="3" number:min-integer-digits="1" number:grouping="true"/></number:number-style>',
    "P0": '<number:percentage-style style:name="P0"><number:number number:decimal-places="0" '
          'number:min-decimal-places="0" number:min-integer-digits="1"/><number:text> %</number:text>'
          '</number:percentage-style>',
    "P1": '<number:percentage-style style:name="P1"><number:number number:decimal-places="1" '
          'number:min-decimal-places="1" number:min-integer-digits="1"/><number:text> %</number:text>'
          '</number:percentage-style>',
    "EUR": '<number:number-style style:name="EUR"><number:number number:decimal-places="0" '
           'number:min-decimal-places="0" number:min-integer-digits="1" number:grouping="true"/>'
           '<number:text> €</number:text></number:number-style>',
    "DATE": '<number:date-style style:name="DATE"><number:day number:style="long"/><number:text>.</number:text>'
            '<number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/>'
            '</number:date-style>',
    "YEAR": '<number:number-style style:name="YEAR"><number:number number:decimal-places="0" '
            'number:min-decimal-places="0" number:min-integer-digits="1"/></number:number-style>',
    "SIGN2": '<number:number-style style:name="SIGN2P"><number:text>+</number:text><number:number '
             'number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/>'
             '</number:number-style><number:number-style style:name="SIGN2N"><number:text>−</number:text>'
             '<number:number number:decimal-places="2" number:min-decimal-places="2" '
             'number:min-integer-digits="1"/></number:number-style>'
             '<number:number-style style:name="SIGN2"><number:number number:decimal-places="2" '
             'number:min-decimal-places="2" number:min-integer-digits="1"/>'
             '<style:map style:condition="value()&gt;0" style:apply-style-name="SIGN2P"/>'
             '<style:map style:condition="value()&lt;0" style:apply-style-name="SIGN2N"/></number:number-style>',
}


_NUMBER_STYLE_START = re.compile(r"<number:(number|percentage|date|currency|time)-style ")


def _number_styles_xml(language):
    """Every number style of NUMBER_FORMATS in the document's locale (language, country)."""
    lang, country = language
    locale = f'number:language="{lang}" number:country="{country}" '
    return [_NUMBER_STYLE_START.sub(lambda m: m.group(0) + locale, xml) for xml in NUMBER_FORMATS.values()]


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
    """A named cell style. props: bg, color, bold, italic, size, wrap, align (start/center/end),
    valign (top/middle/bottom), border ('all' thin grey, 'bottom', 'none'), protect (False = input cell),
    fmt (number format key), indent, font."""

    def __init__(self, name, display, parent=None, **props):
        self.name, self.display, self.parent, self.props = name, display, parent, props


def _cell_props_xml(p):
    cell, text, para = [], [], []
    if "bg" in p:
        cell.append(f'fo:background-color="{p["bg"]}"')
    if p.get("wrap"):
        cell.append('fo:wrap-option="wrap"')
    if "valign" in p:
        cell.append(f'style:vertical-align="{p["valign"]}"')
    border = p.get("border")
    if border == "all":
        cell.append('fo:border="0.5pt solid #a6a6a6"')
    elif border == "bottom":
        cell.append('fo:border-bottom="1pt solid #404040"')
    elif border == "top":
        cell.append('fo:border-top="1pt solid #404040"')
    elif border == "box":
        cell.append('fo:border="1pt solid #404040"')
    if "protect" in p:
        cell.append('style:cell-protect="%s"' % ("protected" if p["protect"] else "none"))
    if "align" in p:
        cell.append('style:text-align-source="fix"')
        para.append(f'fo:text-align="{p["align"]}"')
    if "indent" in p:
        para.append(f'fo:margin-left="{p["indent"]}cm"')
    if "color" in p:
        text.append(f'fo:color="{p["color"]}"')
    if p.get("bold"):
        text.append('fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"')
    if "bold" in p and not p["bold"]:
        text.append('fo:font-weight="normal"')
    if p.get("italic"):
        text.append('fo:font-style="italic"')
    if "size" in p:
        text.append(f'fo:font-size="{p["size"]}pt"')
    if p.get("underline"):
        text.append('style:text-underline-style="solid" style:text-underline-width="auto" '
                    'style:text-underline-color="font-color"')
    out = ""
    if cell:
        out += "<style:table-cell-properties " + " ".join(cell) + "/>"
    if para:
        out += "<style:paragraph-properties " + " ".join(para) + "/>"
    if text:
        out += "<style:text-properties " + " ".join(text) + "/>"
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

    # -- XML -----------------------------------------------------------------------------------------------
    def to_xml(self):
        auto = {}  # (style, fmt, extra) -> automatic style name
        auto_xml = []

        def cell_style(cell):
            key = (cell.style, cell.fmt, tuple(sorted((cell.extra or {}).items())))
            if key == (None, None, ()):
                return None
            if key not in auto:
                name = f"ce{len(auto) + 1}"
                auto[key] = name
                parent = cell.style or "Default"
                ds = f' style:data-style-name="{cell.fmt}"' if cell.fmt else ""
                props = _cell_props_xml(cell.extra or {})
                auto_xml.append(f'<style:style style:name="{name}" style:family="table-cell" '
                                f'style:parent-style-name="{parent}"{ds}>{props}</style:style>')
            return auto[key]

        col_styles, row_styles, table_styles = {}, {}, {}

        def col_style(cm):
            key = round(cm, 3)
            if key not in col_styles:
                col_styles[key] = f"co{len(col_styles) + 1}"
                auto_xml.append(f'<style:style style:name="{col_styles[key]}" style:family="table-column">'
                                f'<style:table-column-properties fo:break-before="auto" '
                                f'style:column-width="{key}cm"/></style:style>')
            return col_styles[key]

        def row_style(cm):
            key = round(cm, 3) if cm else None
            if key not in row_styles:
                row_styles[key] = f"ro{len(row_styles) + 1}"
                if key:
                    props = f'style:row-height="{key}cm" style:use-optimal-row-height="false"'
                else:
                    props = 'style:use-optimal-row-height="true"'
                auto_xml.append(f'<style:style style:name="{row_styles[key]}" style:family="table-row">'
                                f'<style:table-row-properties fo:break-before="auto" {props}/></style:style>')
            return row_styles[key]

        def table_style(tab):
            if tab not in table_styles:
                table_styles[tab] = f"ta{len(table_styles) + 1}"
                colour = f' tableooo:tab-color="{tab}"' if tab else ""
                auto_xml.append(f'<style:style style:name="{table_styles[tab]}" style:family="table" '
                                f'style:master-page-name="Default"><style:table-properties table:display="true" '
                                f'style:writing-mode="lr-tb"{colour}/></style:style>')
            return table_styles[tab]

        body = []
        for sh in self.sheets:
            body.append(self._sheet_xml(sh, cell_style, col_style, row_style, table_style))

        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<office:document ']
        out.append(" ".join(f'xmlns:{k}="{v}"' for k, v in NS.items()))
        out.append(' office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">\n')
        out.append("<office:meta><dc:title>%s</dc:title><dc:description>%s</dc:description>"
                   "<dc:language>%s-%s</dc:language><meta:generator>isp templates generator</meta:generator>"
                   "</office:meta>\n" % (escape(self.title), escape(self.description), *self.language))
        out.append(self._settings_xml())
        out.append('<office:font-face-decls><style:font-face style:name="Liberation Sans" '
                   'svg:font-family="&apos;Liberation Sans&apos;" style:font-family-generic="swiss" '
                   'style:font-pitch="variable"/></office:font-face-decls>\n')
        out.append("<office:styles>\n")
        out.extend(_number_styles_xml(self.language))
        lang, country = self.language
        out.append('<style:default-style style:family="table-cell"><style:text-properties '
                   f'style:font-name="Liberation Sans" fo:language="{lang}" fo:country="{country}"/>'
                   '</style:default-style>')
        out.append('<style:style style:name="Default" style:family="table-cell" style:data-style-name="STANDARD">'
                   '<style:text-properties '
                   'style:font-name="Liberation Sans" fo:font-size="10pt"/></style:style>')
        for st in self.styles.values():
            parent = st.parent or "Default"
            ds = f' style:data-style-name="{st.props["fmt"]}"' if st.props.get("fmt") else ""
            out.append(f'<style:style style:name="{st.name}" style:display-name={quoteattr(st.display)} '
                       f'style:family="table-cell" style:parent-style-name="{parent}"{ds}>'
                       f'{_cell_props_xml(st.props)}</style:style>')
        out.append("\n</office:styles>\n<office:automatic-styles>\n")
        out.extend(auto_xml)
        out.append('<style:page-layout style:name="pm1"><style:page-layout-properties style:writing-mode="lr-tb"/>'
                   '</style:page-layout>')
        out.append("\n</office:automatic-styles>\n")
        out.append('<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/>'
                   "</office:master-styles>\n")
        out.append("<office:body><office:spreadsheet>\n")
        out.append('<table:calculation-settings table:automatic-find-labels="false" '
                   'table:use-regular-expressions="false" table:use-wildcards="true"/>\n')
        if self.validations:
            out.append("<table:content-validations>")
            for key, (cond, title, err, help_text, allow_empty) in self.validations.items():
                out.append(f'<table:content-validation table:name="{key}" table:condition={quoteattr(cond)} '
                           f'table:allow-empty-cell="{"true" if allow_empty else "false"}" '
                           f'table:base-cell-address="{self._quoted(self.sheets[0].name)}.A1">')
                if help_text:
                    out.append(f'<table:help-message table:title={quoteattr(title)} table:display="true">'
                               f"<text:p>{escape(help_text)}</text:p></table:help-message>")
                out.append(f'<table:error-message table:message-type="stop" table:title={quoteattr(title)} '
                           f'table:display="true"><text:p>{escape(err)}</text:p></table:error-message>')
                out.append("</table:content-validation>")
            out.append("</table:content-validations>\n")
        out.extend(body)
        if self.names:
            out.append("<table:named-expressions>")
            for name, (sheet, rng) in self.names.items():
                r0, c0, r1, c1 = parse_range(rng)
                q = "$" + self._quoted(sheet)
                addr = f"{q}.{a1(r0, c0, True)}"
                if (r0, c0) != (r1, c1):
                    addr += f":.{a1(r1, c1, True)}"
                out.append(f'<table:named-range table:name="{name}" table:base-cell-address="{q}.$A$1" '
                           f'table:cell-range-address={quoteattr(addr)}/>')
            out.append("</table:named-expressions>\n")
        out.append("</office:spreadsheet></office:body></office:document>\n")
        return "".join(out)

    @staticmethod
    def _quoted(name):
        if re.fullmatch(r"[^\W\d]\w*", name):
            return name
        return "'" + name.replace("'", "''") + "'"

    def _settings_xml(self):
        items = []
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
                inner = "".join(f'<config:config-item config:name="{n}" config:type="{t}">{v}</config:config-item>'
                                for n, t, v in conf)
                items.append(f'<config:config-item-map-entry config:name={quoteattr(sh.name)}>{inner}'
                             "</config:config-item-map-entry>")
        active = self.active or self.sheets[0].name
        return ('<office:settings><config:config-item-set config:name="ooo:view-settings">'
                '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
                '<config:config-item config:name="ViewId" config:type="string">view1</config:config-item>'
                '<config:config-item-map-named config:name="Tables">' + "".join(items) +
                "</config:config-item-map-named>"
                f'<config:config-item config:name="ActiveTable" config:type="string">{escape(active)}'
                "</config:config-item>"
                "</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set>"
                "</office:settings>\n")

    def _sheet_xml(self, sh, cell_style, col_style, row_style, table_style):
        nrows, ncols = sh.extent()
        ncols = max(ncols, max(sh.col_widths) + 1 if sh.col_widths else 0)
        out = [f'<table:table table:name={quoteattr(sh.name)} table:style-name="{table_style(sh.tab)}"'
               + (' table:protected="true"' if sh.protected else "")
               + ("" if sh.printed else ' table:print="false"') + ">"]
        if sh.protected:
            out.append('<loext:table-protection loext:select-protected-cells="true" '
                       'loext:select-unprotected-cells="true"/>')
        for c in range(ncols):
            out.append(f'<table:table-column table:style-name="{col_style(sh.col_widths.get(c, 2.5))}" '
                       'table:default-cell-style-name="Default"/>')
        out.append('<table:table-column table:style-name="%s" table:number-columns-repeated="%d" '
                   'table:default-cell-style-name="Default"/>' % (col_style(2.5), 1024 - ncols))
        by_row = {}
        for (r, c), cell in sh.cells.items():
            by_row.setdefault(r, {})[c] = cell
        for r in range(nrows):
            out.append(f'<table:table-row table:style-name="{row_style(sh.row_heights.get(r))}">')
            row = by_row.get(r, {})
            c = 0
            last = max(row) if row else -1
            while c <= last:
                cell = row.get(c)
                if cell is None:
                    n = 1
                    while c + n <= last and (c + n) not in row:
                        n += 1
                    out.append('<table:table-cell table:number-columns-repeated="%d"/>' % n if n > 1
                               else "<table:table-cell/>")
                    c += n
                    continue
                out.append(self._cell_xml(sh, r, c, cell, cell_style))
                c += 1
            if last < 0:
                out.append("<table:table-cell/>")
            out.append("</table:table-row>")
        if sh.cond:
            out.append("<calcext:conditional-formats>")
            for rng, rules in sh.cond:
                r0, c0, r1, c1 = parse_range(rng)
                q = self._quoted(sh.name)
                target = f"{q}.{a1(r0, c0)}:{q}.{a1(r1, c1)}"
                out.append(f'<calcext:conditional-format calcext:target-range-address={quoteattr(target)}>')
                for value, style_key in rules:
                    disp = self.styles[style_key].display
                    out.append(f'<calcext:condition calcext:apply-style-name={quoteattr(disp)} '
                               f'calcext:value={quoteattr(fx.condition_value(value))} '
                               f'calcext:base-cell-address="{q}.{a1(r0, c0)}"/>')
                out.append("</calcext:conditional-format>")
            out.append("</calcext:conditional-formats>")
        out.append("</table:table>\n")
        return "".join(out)

    def _cell_xml(self, sh, r, c, cell, cell_style):
        if cell.kind == "covered":
            st = cell_style(cell)
            return "<table:covered-table-cell%s/>" % (f' table:style-name="{st}"' if st else "")
        attrs = []
        st = cell_style(cell)
        if st:
            attrs.append(f'table:style-name="{st}"')
        if cell.span:
            cols, rows = cell.span
            attrs.append(f'table:number-columns-spanned="{cols}" table:number-rows-spanned="{rows}"')
        if cell.validation:
            attrs.append(f'table:content-validation-name="{cell.validation}"')
        text = None
        if cell.formula is not None:
            attrs.append(f"table:formula={quoteattr(fx.to_odf(cell.formula))}")
            if cell.matrix:
                rows, cols = cell.matrix
                attrs.append(f'table:number-matrix-columns-spanned="{cols}" '
                             f'table:number-matrix-rows-spanned="{rows}"')
        elif cell.value is not None:
            v = cell.value
            if isinstance(v, bool):
                attrs.append(f'office:value-type="boolean" office:boolean-value="{"true" if v else "false"}"')
                text = "WAHR" if v else "FALSCH"
            elif isinstance(v, (int, float)):
                attrs.append(f'office:value-type="float" office:value="{repr(float(v)) if isinstance(v, float) else v}"')
                text = str(v)
            elif isinstance(v, datetime.date):
                attrs.append(f'office:value-type="date" office:date-value="{v.isoformat()}"')
                text = v.strftime("%d.%m.%Y")
            else:
                attrs.append('office:value-type="string"')
                text = str(v)
        inner = ""
        if cell.note:
            inner += ("<office:annotation><text:p>" + escape(cell.note) + "</text:p></office:annotation>")
        if text is not None:
            inner += "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
        if not attrs and not inner:
            return "<table:table-cell/>"
        if inner:
            return f"<table:table-cell {' '.join(attrs)}>{inner}</table:table-cell>"
        return f"<table:table-cell {' '.join(attrs)}/>"
