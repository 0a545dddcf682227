#!/usr/bin/python3
"""Compares two builds of the templates in Calc: are the workbooks the same for a planner?

  /usr/bin/python3 templates/compare.py BEFORE_DIR AFTER_DIR [--oxt isp-sozialplanung.oxt] [--only a,b]
                                        [--work DIR]

BEFORE_DIR and AFTER_DIR hold the .ods files of two template builds (templates/build.py --out DIR), e.g. of main
and of a branch that changes how the templates are written. Both files of each template are opened in one
headless Calc and compared sheet by sheet: sheet names, order, tab colour, visibility and protection; every
cell's formula (getFormula) or value/string, and its computed result; per cell the cell style, number format
string, protection, validation (type, operator, formulas, messages), conditional formats (operator, operands,
style) and the other attributes Calc keeps per cell range (font, colours, borders, alignment, wrapping); merged
areas; column widths and row heights (visibility, optimal flag, manual page breaks); print ranges, repeated
rows/columns and the page style; charts (name and ranges; the number of drawing objects); named ranges; the
stamp of the template's own formulas (ISP_WG_Formeln); the named cell and page styles. Differences are printed
per template (at most --max per kind); exit code 1 if any. Without --oxt the files open without the add-in
(cached results are compared as stored).
"""
import argparse
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from build import TEMPLATES, merged_area  # noqa: E402
from isp_templates.odf import a1  # noqa: E402

# Per-range attributes read from each range of equal formatting (XFormatRangesSupplier).
RANGE_PROPERTIES = ("CellStyle", "CellBackColor", "IsCellBackgroundTransparent", "CharColor", "CharHeight",
                    "CharWeight", "CharPosture", "CharUnderline", "CharFontName", "HoriJustify", "VertJustify",
                    "IsTextWrapped", "ParaIndent", "RotateAngle", "ShrinkToFit")
BORDERS = ("TopBorder", "BottomBorder", "LeftBorder", "RightBorder")
OBJECT_PROPERTIES = ("NumberFormat", "CellProtection", "Validation", "ConditionalFormat")
VALIDATION = ("Type", "ShowInputMessage", "InputTitle", "InputMessage", "ShowErrorMessage", "ErrorTitle",
              "ErrorMessage", "IgnoreBlankCells", "ShowList", "ErrorAlertStyle")
ROW_PROPERTIES = ("Height", "OptimalHeight", "IsVisible", "IsStartOfNewPage", "IsManualPageBreak")
COLUMN_PROPERTIES = ("Width", "OptimalWidth", "IsVisible", "IsStartOfNewPage", "IsManualPageBreak")
PAGE_PROPERTIES = ("IsLandscape", "Width", "Height", "LeftMargin", "RightMargin", "TopMargin", "BottomMargin",
                   "ScaleToPagesX", "ScaleToPagesY", "PageScale", "HeaderIsOn", "FooterIsOn", "FirstPageNumber",
                   "PrintGrid", "CenterHorizontally")


def _border(b):
    return (b.Color, b.InnerLineWidth, b.OuterLineWidth, b.LineDistance, b.LineStyle, b.LineWidth)


def _validation(v):
    values = tuple(v.getPropertyValue(p) for p in VALIDATION)  # no XMultiPropertySet
    if values[0].value == "ANY":
        return values  # no validation: operator and formulas do not matter
    return values + (str(v.getOperator().value), v.getFormula1(), v.getFormula2())


def _conditional(cf):
    out = []
    for i in range(cf.getCount()):
        e = cf.getByIndex(i)
        out.append((str(e.getOperator().value), e.getFormula1(), e.getFormula2(), e.StyleName))
    return tuple(out)


def _format(doc, key, cache):
    if key not in cache:
        fmt = doc.NumberFormats.getByKey(key)
        cache[key] = (fmt.FormatString, fmt.Locale.Language, fmt.Locale.Country)
    return cache[key]


def used_extent(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    a = cursor.RangeAddress
    return a.EndRow + 1, a.EndColumn + 1


def read_attributes(doc, sheet, cache):
    """cell (row, col) -> attributes, for every cell in a range of equal formatting that differs from the default
    somewhere (Calc's own partition of the sheet, so a few thousand ranges instead of a call per cell)."""
    out = {}
    ranges = sheet.getCellFormatRanges()
    for i in range(ranges.getCount()):
        rng = ranges.getByIndex(i)
        a = rng.RangeAddress
        if a.EndRow - a.StartRow > 5000 or a.EndColumn - a.StartColumn > 200:
            continue  # the untouched rest of the sheet (default formatting to the last row/column)
        values = rng.getPropertyValues(RANGE_PROPERTIES + OBJECT_PROPERTIES + BORDERS)
        attrs = dict(zip(RANGE_PROPERTIES, values))
        number_format, prot, validation, conditional = values[len(RANGE_PROPERTIES):-len(BORDERS)]
        attrs["NumberFormat"] = _format(doc, number_format, cache)
        attrs["CellProtection"] = (prot.IsLocked, prot.IsFormulaHidden, prot.IsHidden, prot.IsPrintHidden)
        attrs["Borders"] = tuple(_border(b) for b in values[-len(BORDERS):])
        attrs["Validation"] = _validation(validation)
        attrs["ConditionalFormat"] = _conditional(conditional)
        attrs["Merged"] = rng.getIsMerged()
        for r in range(a.StartRow, a.EndRow + 1):
            for c in range(a.StartColumn, a.EndColumn + 1):
                out[(r, c)] = attrs
    return out


def merged_areas(sheet, attributes):
    out = set()
    for (r, c), attrs in attributes.items():
        if not attrs["Merged"]:
            continue
        cursor = merged_area(sheet, sheet.getCellByPosition(c, r))
        if cursor is not None:
            a = cursor.RangeAddress
            out.add((a.StartRow, a.StartColumn, a.EndRow, a.EndColumn))
    return out


def _addresses(addrs):
    return tuple((a.Sheet, a.StartColumn, a.StartRow, a.EndColumn, a.EndRow) for a in addrs)


class Reader:
    def __init__(self, doc):
        self.doc = doc
        self.formats = {}

    def sheets(self):
        return [self.doc.Sheets.getByIndex(i).Name for i in range(self.doc.Sheets.Count)]

    def sheet_facts(self, name):
        sh = self.doc.Sheets.getByName(name)
        facts = {"protected": sh.isProtected(), "visible": sh.IsVisible, "tab colour": sh.TabColor,
                 "page style": sh.PageStyle, "print areas": _addresses(sh.getPrintAreas()),
                 "title rows": (sh.getPrintTitleRows(), _addresses([sh.getTitleRows()])),
                 "title columns": (sh.getPrintTitleColumns(), _addresses([sh.getTitleColumns()])),
                 "conditional formats": sh.ConditionalFormats.getLength()}
        charts = sh.Charts
        facts["charts"] = sorted((n, _addresses(charts.getByName(n).getRanges())) for n in charts.ElementNames)
        # Positions of the chart shapes are not compared: a hidden document reports them before its charts are laid
        # out (the same file gave different positions in two loads).
        facts["shapes"] = sh.DrawPage.Count
        return facts

    def cells(self, name, rows, cols):
        """(formula-or-content, result) per cell of the first rows x cols."""
        sh = self.doc.Sheets.getByName(name)
        if rows == 0 or cols == 0:
            return {}
        rng = sh.getCellRangeByPosition(0, 0, cols - 1, rows - 1)
        formulas = rng.getFormulaArray()
        data = rng.getDataArray()
        return {(r, c): (formulas[r][c], data[r][c]) for r in range(rows) for c in range(cols)}

    def lines(self, name, rows, cols):
        sh = self.doc.Sheets.getByName(name)
        row_facts = [tuple(sh.Rows.getByIndex(r).getPropertyValues(ROW_PROPERTIES)) for r in range(rows)]
        col_facts = [tuple(sh.Columns.getByIndex(c).getPropertyValues(COLUMN_PROPERTIES)) for c in range(cols)]
        return row_facts, col_facts

    def names(self):
        ranges = self.doc.NamedRanges
        return {n: (ranges.getByName(n).Content, ranges.getByName(n).Type) for n in ranges.ElementNames}

    def page_styles(self):
        styles = self.doc.StyleFamilies.getByName("PageStyles")
        return {n: tuple(styles.getByName(n).getPropertyValues(PAGE_PROPERTIES)) for n in styles.ElementNames}

    def cell_styles(self):
        """Named cell styles: parent, number format, and the attributes of RANGE_PROPERTIES."""
        styles = self.doc.StyleFamilies.getByName("CellStyles")
        out = {}
        for n in styles.ElementNames:
            st = styles.getByName(n)
            if not st.isInUse() and not n.startswith("ISP"):
                continue
            props = tuple(st.getPropertyValue(p) for p in RANGE_PROPERTIES[1:])
            out[n] = (st.ParentStyle, _format(self.doc, st.NumberFormat, self.formats), props,
                      tuple(_border(st.getPropertyValue(b)) for b in BORDERS),
                      (st.CellProtection.IsLocked, st.CellProtection.IsHidden))
        return out

    def stamp(self):
        props = self.doc.DocumentProperties.UserDefinedProperties
        info = props.getPropertySetInfo()
        return props.getPropertyValue("ISP_WG_Formeln") if info.hasPropertyByName("ISP_WG_Formeln") else None


class Differences:
    def __init__(self, limit):
        self.limit = limit
        self.by_kind = {}

    def add(self, kind, text):
        self.by_kind.setdefault(kind, []).append(text)

    def compare(self, kind, before, after, where=""):
        if before != after:
            self.add(kind, f"{where}: before {before!r}, after {after!r}")

    def report(self, title):
        if not self.by_kind:
            print(f"{title}: equal", flush=True)
            return 0
        print(f"{title}: {sum(len(v) for v in self.by_kind.values())} differences", flush=True)
        for kind, items in self.by_kind.items():
            print(f"  {kind}: {len(items)}")
            for text in items[:self.limit]:
                print(f"    {text}")
        return 1


def compare_docs(before, after, diff):
    b, a = Reader(before), Reader(after)
    diff.compare("sheets", b.sheets(), a.sheets(), "sheet names in order")
    diff.compare("named ranges", b.names(), a.names(), "document")
    diff.compare("page styles", b.page_styles(), a.page_styles(), "document")
    diff.compare("cell styles", b.cell_styles(), a.cell_styles(), "document")
    diff.compare("stamp ISP_WG_Formeln", b.stamp(), a.stamp(), "document")
    for name in b.sheets():
        if name not in a.sheets():
            continue
        fb, fa = b.sheet_facts(name), a.sheet_facts(name)
        for key in fb:
            diff.compare(key, fb[key], fa[key], name)
        sb = before.Sheets.getByName(name)
        sa = after.Sheets.getByName(name)
        rb, cb = used_extent(sb)
        ra, ca = used_extent(sa)
        diff.compare("used area", (rb, cb), (ra, ca), name)
        rows, cols = max(rb, ra), max(cb, ca)
        vb, va = b.cells(name, rows, cols), a.cells(name, rows, cols)
        for key in vb:
            if vb[key][0] != va[key][0]:
                diff.add("cell content (formula or value)", f"{name}.{a1(*key)}: before {vb[key][0]!r}, "
                                                            f"after {va[key][0]!r}")
            elif vb[key][1] != va[key][1]:
                diff.add("cell result", f"{name}.{a1(*key)}: before {vb[key][1]!r}, after {va[key][1]!r}")
        attr_b, attr_a = read_attributes(before, sb, b.formats), read_attributes(after, sa, a.formats)
        for key in sorted(set(attr_b) | set(attr_a)):
            xb, xa = attr_b.get(key), attr_a.get(key)
            if xb == xa:
                continue
            if xb is None or xa is None:
                diff.add("cell attributes", f"{name}.{a1(*key)}: only {'after' if xb is None else 'before'} "
                                            "has a range of its own formatting")
                continue
            for prop in xb:
                if xb[prop] != xa[prop]:
                    diff.add(f"cell {prop}", f"{name}.{a1(*key)}: before {xb[prop]!r}, after {xa[prop]!r}")
        diff.compare("merged areas", sorted(merged_areas(sb, attr_b)), sorted(merged_areas(sa, attr_a)), name)
        lb, la = b.lines(name, rows + 5, cols + 5), a.lines(name, rows + 5, cols + 5)
        for i, (x, y) in enumerate(zip(lb[0], la[0])):
            diff.compare("row", x, y, f"{name} row {i + 1}")
        for i, (x, y) in enumerate(zip(lb[1], la[1])):
            diff.compare("column", x, y, f"{name} column {i + 1}")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--oxt")
    ap.add_argument("--only")
    ap.add_argument("--max", type=int, default=10, help="differences printed per kind")
    ap.add_argument("--work", help="folder for the office profile and copies (default: a temporary one)")
    args = ap.parse_args(argv)
    from isp_templates.office import Office, init_profile
    work = args.work or tempfile.mkdtemp(prefix="isp-compare-")
    os.makedirs(work, exist_ok=True)
    profile = init_profile(os.path.join(work, "profile"), args.oxt)
    slugs = [s for s in args.only.split(",") if s] if args.only else list(TEMPLATES)
    failed = 0
    with Office(profile, log_dir=work) as office:
        for slug in slugs:
            stem = TEMPLATES[slug][1]
            docs = []
            try:
                for side, folder in (("before", args.before), ("after", args.after)):
                    copy = os.path.join(work, f"{side}-{stem}.ods")  # a private copy: no lock on the build's file
                    shutil.copy(os.path.join(folder, stem + ".ods"), copy)
                    docs.append(office.load(copy))
                diff = Differences(args.max)
                compare_docs(docs[0], docs[1], diff)
                failed |= diff.report(stem)
            finally:
                for doc in docs:
                    doc.close(True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return failed


if __name__ == "__main__":
    sys.exit(main())
