#!/usr/bin/python3
"""The map of the Sozialräume (docs/karte.md): draws the Sozialräume of a GeoJSON of the Gemeinden as shapes on
the sheet Karte of an ISP workbook (Sozialraummonitor) and colours them by class. Started by scripts/karte.sh;
the template build (templates/build.py) uses draw() and colour() on the sample with the fictional geometry.

  karte.py <Arbeitsmappe> <Gemeinden.geojson> [--schluessel EIGENSCHAFT] [--zuordnung CSV]
           [--ziel PFAD | --mappe-aendern] [--ueberschreiben] [--oxt PFAD] [--profile DIR]

The C++ tool isp_karte (addin/karte) reads the GeoJSON, dissolves the Gemeinden to Sozialräume and
Planungsräume by the workbook's sheet Gebiete and scales them into the frame ISP_Karte_Rahmen; this driver
reads the hierarchy through UNO from a private copy of the workbook, replaces the shapes ISP_Karte_* and stores
the result as a NEW file (<Stamm>_karte.<ext> beside the workbook) unless --mappe-aendern. A workbook that is
open in LibreOffice (lock file beside it) is never written.

Colours: set by the extension's job de.sozialplanung.isp.KarteJob (addin/src/karte_job.cpp), which also
recolours the map after every recalculation while the workbook is open with the extension installed.

Exit codes (German messages on stderr): 0 done; 1 failed (LibreOffice, writing); 2 refused because of the call
(arguments, unreadable or invalid GeoJSON, a Gemeinde without geometry, no sheet Karte) – nothing written.
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import weitergabe as wg  # noqa: E402  (profile, office, path helpers)
import daten_import as di  # noqa: E402  (record escapes, mapping table, sheet helpers, CLI ending)

Abbruch = wg.Abbruch
EXIT_OK, EXIT_FEHLER, EXIT_AUFRUF = wg.EXIT_OK, wg.EXIT_FEHLER, wg.EXIT_AUFRUF
shown = wg.shown
PREFIX = "ISP_Karte_"


def find_tool(oxt=None):
    """isp_karte: $ISP_KARTE_TOOL, else beside the .oxt of the build (<build>/addin/karte), else build/."""
    candidates = [os.environ.get("ISP_KARTE_TOOL")]
    if oxt:
        candidates.append(os.path.join(os.path.dirname(os.path.abspath(oxt)), "karte", "isp_karte"))
    for build in ("build", "build-share"):
        candidates.append(os.path.join(ROOT, build, "addin", "karte", "isp_karte"))
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    raise Abbruch("Das Programm isp_karte wurde nicht gefunden: erst bauen (scripts/build.sh).", EXIT_AUFRUF)


def hierarchy_state(doc):
    """stdin of isp_karte: the Gemeinden of the sheet Gebiete (ID, name, SR, PR)."""
    lines = []
    g0, g1 = di.named_rows(doc, "ISP_WG_GEBIETE", (di.G0, di.G1))
    for gid, name, sr, pr in di.sheet(doc, "Gebiete").getCellRangeByName(f"A{g0}:D{g1}").getDataArray():
        if di.key_text(gid):
            lines.append("\t".join(di.esc(x) for x in ("gemeinde", di.key_text(gid), name, di.key_text(sr),
                                                        di.key_text(pr))))
    return "\n".join(lines) + "\n"


def run_tool(tool, geojson, width, height, state, mapping, key=None):
    argv = [tool, "--datei", geojson, "--breite", str(width), "--hoehe", str(height), "--zuordnung", mapping]
    if key:
        argv += ["--schluessel", key]
    r = subprocess.run(argv, input=state.encode("utf-8"), capture_output=True, timeout=300)
    if r.returncode == 2:
        raise Abbruch(f"„{shown(geojson)}“: " + r.stderr.decode("utf-8", "replace").strip(), EXIT_AUFRUF)
    if r.returncode != 0:
        raise Abbruch("isp_karte ist gescheitert: " + r.stderr.decode("utf-8", "replace").strip())
    return [[di.unesc(f) for f in line.split("\t")] for line in r.stdout.decode("utf-8").splitlines()]


def frame(doc):
    """The sheet and cell range that hold the map (named range ISP_Karte_Rahmen)."""
    if not doc.NamedRanges.hasByName(PREFIX + "Rahmen"):
        raise Abbruch("Die Arbeitsmappe hat kein Blatt Karte (Bereich ISP_Karte_Rahmen): die Karte braucht einen "
                      "Sozialraummonitor ab dieser Version der Vorlagen.", EXIT_AUFRUF)
    cells = doc.NamedRanges.getByName(PREFIX + "Rahmen").getReferredCells()
    return doc.Sheets.getByIndex(cells.getRangeAddress().Sheet), cells


def remove_map(page):
    for i in reversed(range(page.Count)):
        s = page.getByIndex(i)
        if s.getName().startswith(PREFIX):
            page.remove(s)


def _points(flat, dx, dy):
    from com.sun.star.awt import Point
    return tuple(Point(int(flat[i]) + dx, int(flat[i + 1]) + dy) for i in range(0, len(flat), 2))


def set_props(obj, **props):
    """setPropertyValue for each: PyUNO's attribute access to shapes (shape.Name, shape.FillColor) answered
    with other shapes' values in LibreOffice 7.4 (measured: the name and fill of another shape of the same
    page), so the map uses the interface calls only."""
    for name, value in props.items():
        obj.setPropertyValue(name, value)


def draw(doc, records):
    """Replaces the map shapes on the sheet of ISP_Karte_Rahmen by the areas of isp_karte's records: one
    PolyPolygonShape per Sozialraum (ISP_Karte_SR_<id>), the Planungsraum borders on top (ISP_Karte_PR_<id>, no
    fill) and the Sozialraum names (ISP_Karte_Name_<id>). Names carry IDs only, never values."""
    import uno
    from com.sun.star.awt import Point, Size
    sheet, cells = frame(doc)
    page = sheet.DrawPage
    remove_map(page)
    box = next(r for r in records if r[0] == "box")
    w, h = int(box[1]), int(box[2])
    pos, size = cells.Position, cells.Size
    dx, dy = pos.X + (size.Width - w) // 2, pos.Y + (size.Height - h) // 2
    rings = {}
    areas = []
    for r in records:
        if r[0] == "area":
            areas.append(r)
        elif r[0] == "ring":
            rings.setdefault((r[1], r[2]), []).append(_points(r[3:], dx, dy))
    srnames = {}
    for rec in areas:
        level, aid = rec[1], rec[2]
        shape = doc.createInstance("com.sun.star.drawing.PolyPolygonShape")
        page.add(shape)
        uno.invoke(shape, "setPropertyValue",
                   ("PolyPolygon", uno.Any("[][]com.sun.star.awt.Point", tuple(rings.get((level, aid), ())))))
        if level == "sr":
            shape.setName(f"{PREFIX}SR_{aid}")
            set_props(shape, LineColor=0x595959, LineWidth=0)
            srnames[aid] = (int(rec[6]) + dx, int(rec[7]) + dy)
        else:
            shape.setName(f"{PREFIX}PR_{aid}")
            set_props(shape, FillStyle=uno.Enum("com.sun.star.drawing.FillStyle", "NONE"), LineColor=0x1F3864,
                      LineWidth=60)
    for aid, (x, y) in srnames.items():
        text = doc.createInstance("com.sun.star.drawing.TextShape")
        page.add(text)
        text.setName(f"{PREFIX}Name_{aid}")
        text.setSize(Size(1600, 500))
        text.setPosition(Point(x - 800, y - 250))
        text.setString(f"SR {aid}")
        set_props(text, CharHeight=9.0, CharWeight=150.0, CharFontName="Liberation Sans",
                  TextHorizontalAdjust=uno.Enum("com.sun.star.drawing.TextHorizontalAdjust", "CENTER"),
                  TextVerticalAdjust=uno.Enum("com.sun.star.drawing.TextVerticalAdjust", "CENTER"))
    return len(areas)


def colour(ctx, doc):
    """Colours the map through the extension's job de.sozialplanung.isp.KarteJob (addin/src/karte_job.cpp: the
    one implementation of the colour rule, which also keeps the colours in step after every recalculation while
    the document is open). Returns the number of shapes recoloured."""
    from com.sun.star.beans import NamedValue
    job = ctx.ServiceManager.createInstanceWithContext("de.sozialplanung.isp.KarteJob", ctx)
    if job is None:
        raise Abbruch("Die ISP-Erweiterung (isp-sozialplanung.oxt) ist in diesem LibreOffice-Profil nicht "
                      "installiert: die Karte kann nicht gefärbt werden.")
    return job.execute((NamedValue("Model", doc),)) or 0


def make_map(ctx, doc, tool, geojson, mapping=di.DEFAULT_MAPPING, key=None):
    """Draws and colours the map of geojson into doc (ctx: the office's component context; mapping: the path of
    the table AGS;Gemeinde-ID;Name, read by isp_karte); returns (areas drawn, isp_karte's report lines)."""
    _, cells = frame(doc)
    records = run_tool(tool, geojson, cells.Size.Width, cells.Size.Height, hierarchy_state(doc), mapping, key)
    n = draw(doc, records)
    colour(ctx, doc)
    report = [r[1] for r in records if r[0] == "report"]
    count = next(r for r in records if r[0] == "count")
    nsr = sum(1 for r in records if r[0] == "area" and r[1] == "sr")
    report.insert(0, f"{nsr} Sozialräume und {n - nsr} Planungsräume gezeichnet ({count[1]} Punkte der Datei, "
                     f"{count[2]} gezeichnet).")
    return n, report


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="karte.sh",
        description="Karte der Sozialräume: Gemeindegrenzen (GeoJSON, WGS84) über das Blatt Gebiete zu Sozialräumen "
                    "und Planungsräumen zusammenfassen und auf dem Blatt Karte einer ISP-Arbeitsmappe "
                    "(Sozialraummonitor) in den Farben der Klassen zeichnen.",
        epilog="Rückgabewert: 0 fertig, 1 Fehler beim Schreiben oder in LibreOffice, 2 falscher Aufruf (nichts "
               "geschrieben). Ohne --mappe-aendern wird die Arbeitsmappe selbst nie beschrieben.")
    ap.add_argument("workbook", metavar="Arbeitsmappe", help="ISP-Arbeitsmappe (.ods, .xlsx) mit dem Blatt Karte")
    ap.add_argument("geojson", metavar="Gemeinden.geojson",
                    help="GeoJSON-FeatureCollection der Gemeinden (Polygon/MultiPolygon, Länge/Breite in Grad)")
    ap.add_argument("--schluessel", metavar="EIGENSCHAFT",
                    help="Eigenschaft mit dem Gemeindeschlüssel (Standard: gemeinde_id, Gemeinde-ID, AGS, ags, AGS_0)")
    ap.add_argument("--zuordnung", metavar="CSV",
                    help="Zuordnungstabelle AGS;Gemeinde-ID;Name (Standard: data/import/zuordnung_zwickau.csv)")
    target = ap.add_mutually_exclusive_group()
    target.add_argument("--ziel", metavar="PFAD", help="Ergebnisdatei (Standard: <Stamm>_karte.<Endung> daneben)")
    target.add_argument("--mappe-aendern", action="store_true", help="die Arbeitsmappe selbst ändern")
    ap.add_argument("--ueberschreiben", action="store_true", help="eine vorhandene Ergebnisdatei ersetzen")
    ap.add_argument("--oxt", metavar="PFAD", help="Pfad zu isp-sozialplanung.oxt (Standard: build/addin/)")
    ap.add_argument("--profile", metavar="DIR", help="LibreOffice-Profil (wird angelegt und wiederverwendet)")
    return ap.parse_args(argv)


def decide_target(args, workbook):
    if args.mappe_aendern:
        target = workbook
    else:
        stem, ext = os.path.splitext(os.path.basename(workbook))
        ext = ".ods" if ext.lower() == ".ots" else ext.lower()
        target = (wg.local_path(args.ziel, "--ziel") if args.ziel
                  else os.path.join(os.path.dirname(workbook), f"{stem}_karte{ext}"))
        if os.path.splitext(target)[1].lower() not in (".ods", ".xlsx"):
            raise Abbruch(f"Ergebnisdatei „{shown(target)}“: Endung .ods oder .xlsx angeben.", EXIT_AUFRUF)
        if os.path.lexists(target) and wg.same_file(target, workbook):
            raise Abbruch("Die Ergebnisdatei ist die Arbeitsmappe selbst: dafür --mappe-aendern angeben.",
                          EXIT_AUFRUF)
        if os.path.lexists(target) and not args.ueberschreiben:
            raise Abbruch(f"„{shown(target)}“ gibt es schon: --ueberschreiben angeben oder mit --ziel eine andere "
                          "Datei wählen. Es wurde nichts geschrieben.", EXIT_AUFRUF)
    lock = os.path.join(os.path.dirname(target), f".~lock.{os.path.basename(target)}#")
    if os.path.exists(lock):
        raise Abbruch(f"„{shown(target)}“ ist in LibreOffice geöffnet (Sperrdatei {os.path.basename(lock)}): erst "
                      "schließen. Es wurde nichts geschrieben.", EXIT_AUFRUF)
    return target


def run(args):
    workbook = wg.local_path(args.workbook, "Arbeitsmappe")
    geojson = wg.local_path(args.geojson, "GeoJSON")
    for path, what in ((workbook, "Arbeitsmappe"), (geojson, "GeoJSON-Datei")):
        if not os.path.isfile(path):
            raise Abbruch(f"{what} „{shown(path)}“ gibt es nicht.", EXIT_AUFRUF)
    if os.path.splitext(workbook)[1].lower() not in di.FORMATS:
        raise Abbruch(f"„{shown(workbook)}“: erwartet eine Arbeitsmappe .ods, .ots oder .xlsx.", EXIT_AUFRUF)
    target = decide_target(args, workbook)
    mapping = wg.local_path(args.zuordnung, "--zuordnung") if args.zuordnung else di.DEFAULT_MAPPING
    oxt = wg.find_oxt(args.oxt)
    tool = find_tool(oxt)
    workdir = wg.work_dir("isp-karte-")
    try:
        profile = wg.private_profile(args, oxt, workdir)
        copy = wg.private_copy(workbook, workdir)
        calc = wg.Calc(profile, workdir)
        try:
            calc.start()
            doc = di.open_copy(calc.desktop, copy, workbook)
            doc.calculateAll()
            _, report = make_map(calc.ctx, doc, tool, geojson, mapping, args.schluessel)
            print("\n".join(report))
            di.store_target(doc, target)
            doc.close(True)
            print(f"\nGeschrieben: {shown(target)}")
            return EXIT_OK
        finally:
            calc.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    return di.cli_main(run, parse_args, argv, "ISP_KARTE_DEBUG", "Karte abgebrochen; es wurde nichts geschrieben.",
                       "Die Karte ist an einem unerwarteten Fehler gescheitert; die Arbeitsmappe ist unverändert.")


if __name__ == "__main__":
    sys.exit(main())
