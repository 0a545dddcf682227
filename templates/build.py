#!/usr/bin/python3
"""Builds the ISP templates: declarative description (isp_templates/t_*.py) -> flat ODF (.fods) -> Calc with the
add-in installed (charts, page set-up, recalculation) -> .ots, .ods, .xlsx (and on request PDF and PNG pages).

  /usr/bin/python3 templates/build.py --out build/templates [--oxt isp-sozialplanung.oxt] [--only a,b]
                                      [--fods-only] [--pdf] [--png DPI]

Without --oxt the add-in is not installed and every ISP_* cell would be #NAME?: the build refuses unless
--fods-only is given. Calc runs once for all templates (one soffice, its own profile under --out).
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
    with open(path, "w", encoding="utf-8") as f:
        f.write(wb.to_xml())


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
            chart.HasLegend = spec.get("legend", True)
            if spec.get("ytitle"):
                diagram.HasYAxisTitle = True
                diagram.YAxisTitle.String = spec["ytitle"]
            if spec.get("xtitle"):
                diagram.HasXAxisTitle = True
                diagram.XAxisTitle.String = spec["xtitle"]
            colours = spec.get("colours", ["#2c7bb6", "#fdae61", "#d7191c", "#abd9e9", "#7f7f7f", "#1a9641"])
            for s in range(len(colours)):
                try:
                    props = diagram.getDataRowProperties(s)
                    props.setPropertyValue("Color", int(colours[s][1:], 16))
                    if kind == "line":
                        props.setPropertyValue("LineWidth", 60)
                except Exception:
                    break  # fewer series than colours


def page_setup(doc, wb):
    styles = doc.StyleFamilies.getByName("PageStyles")
    _page_style(styles.getByName("Default"), wb, 0)
    one = doc.createInstance("com.sun.star.style.PageStyle")
    styles.insertByName("ISP_EineSeite", one)
    _page_style(styles.getByName("ISP_EineSeite"), wb, 1)
    for s in wb.sheets:
        if s.fit_page:
            doc.Sheets.getByName(s.name).PageStyle = "ISP_EineSeite"


def _page_style(ps, wb, pages_y):
    ps.IsLandscape = True
    ps.Width, ps.Height = 29700, 21000
    ps.LeftMargin = ps.RightMargin = 1200
    ps.TopMargin = ps.BottomMargin = 1000
    ps.ScaleToPagesX = 1
    ps.ScaleToPagesY = pages_y
    ps.CenterHorizontally = False
    ps.HeaderIsOn = True
    ps.FooterIsOn = True
    ps.HeaderHeight = ps.FooterHeight = 700
    ps.HeaderBodyDistance = ps.FooterBodyDistance = 250
    header = ps.RightPageHeaderContent
    header.LeftText.setString(wb.title)
    header.RightText.setString("FIKTIVE BEISPIELDATEN")
    header.CenterText.setString("")
    ps.RightPageHeaderContent = header
    footer = ps.RightPageFooterContent
    footer.LeftText.setString("ISP-Vorlage")
    footer.CenterText.setString("")
    ps.RightPageFooterContent = footer


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


def convert(office, wb, fods, out_dir, stem, formats, oxt, pdf_sheets=None):
    from isp_templates.office import store
    doc = office.load(fods)
    try:
        add_charts(doc, wb)
        page_setup(doc, wb)
        doc.calculateAll()
        errors = error_cells(doc)
        from isp_templates.stamp import stamp
        stamp(office, doc, oxt, out_dir)  # the template's own formulas, for the Weitergabe (docs/weitergabe.md)
        for fmt in formats:
            store(doc, os.path.join(out_dir, f"{stem}.{fmt}"), fmt)
        if pdf_sheets is not None:
            names = [doc.Sheets.getByIndex(i).Name for i in range(doc.Sheets.Count)]
            keep = pdf_sheets or names
            for n in names:
                doc.Sheets.getByName(n).IsVisible = n in keep
            store(doc, os.path.join(out_dir, f"{stem}.pdf"), "pdf")
        return errors
    finally:
        doc.close(True)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--oxt")
    ap.add_argument("--only")
    ap.add_argument("--fods-only", action="store_true")
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
    if args.fods_only:
        return 0
    if not args.oxt or not os.path.isfile(args.oxt):
        print("no add-in (.oxt) given: cannot compute the ISP_* cells; use --fods-only", file=sys.stderr)
        return 2
    from isp_templates.office import Office, init_profile
    profile = init_profile(os.path.join(out, "profile"), args.oxt)
    report = {}
    failed = False
    with Office(profile, log_dir=out) as office:
        for slug, (wb, path) in built.items():
            t0 = time.monotonic()
            pdf = None if args.pdf is None else [s for s in args.pdf.split(",") if s]
            errors = convert(office, wb, path, out, TEMPLATES[slug][1], args.formats.split(","), args.oxt, pdf)
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
