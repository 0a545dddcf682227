#!/usr/bin/python3
"""Data import on the command line (docs/import.md): an official table (GENESIS / Regionalstatistik CSV) into the
Werte sheet of an ISP workbook. Started by scripts/daten-import.sh.

  daten_import.py <Arbeitsmappe> <Datei> --indikator N [--jahr JJJJ] [--zaehler S] [--nenner S] [--wert S]
                  [--zuordnung CSV] [--gebietsaenderungen CSV] [--ziel PFAD | --mappe-aendern]
                  [--ueberschreiben] [--pruefen]
                  [--bericht PFAD] [--oxt PFAD] [--profile DIR]

The C++ tool isp_daten_import (addin/import) parses the file and plans the changes from the workbook's state
(Gebiete, Indikatoren, Werte columns A–F with their comments); this driver reads that state through UNO from a
private copy of the workbook in headless Calc, carries out the plan (input columns A–F only; appended rows go to
the first empty rows of the Werte block) and stores the result as a NEW file, `<Stamm>_import.<ext>` beside the
workbook unless --ziel says otherwise. The workbook itself is written only with --mappe-aendern. When nothing
changes, nothing is written. --pruefen shows the report without writing anything.

Exit codes (German messages on stderr): 0 done (also "nothing to change"); 1 failed (LibreOffice, writing the
target); 2 refused because of the call (arguments, unreadable file, wrong column, not an ISP workbook, target
exists without --ueberschreiben) – nothing written.

Python instead of C++ here: the applier must talk to Calc through UNO from outside the office (like
weitergabe.py); the rules themselves (parsing, matching, what changes) are C++ (isp_daten_import), tested
without Calc by tests/daten.
"""
import argparse
import os
import shutil
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import weitergabe as wg  # noqa: E402  (profile, office, path helpers and German argparse texts)

Abbruch = wg.Abbruch
EXIT_OK, EXIT_FEHLER, EXIT_AUFRUF = wg.EXIT_OK, wg.EXIT_FEHLER, wg.EXIT_AUFRUF
shown = wg.shown

# The blocks of the templates (templates/isp_templates/common.py: W0, W1, G0, G1, I0, I1); Werte and Gebiete are
# taken from the template's named ranges when present (named_rows).
W0, W1 = 6, 4005
G0, G1 = 6, 65
I0, I1 = 6, 85
# The sheet Reihenbrüche of the Sozialstrukturatlas (t_sozialstrukturatlas.py: BRUCH0, BRUCH_ROWS; named range
# Bruch_Nr = its column A), input columns A–E; the import enters the series breaks it makes there.
BRUCH_SHEET = "Reihenbrüche"
B0, B1 = 7, 26
DEFAULT_MAPPING = os.path.join(ROOT, "data", "import", "zuordnung_zwickau.csv")
FORMATS = {".ods": "calc8", ".ots": "calc8", ".xlsx": "Calc Office Open XML"}


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="daten-import.sh",
        description="Amtliche Tabelle (GENESIS/Regionalstatistik-CSV, XLSX der Bundesagentur) in das Blatt Werte "
                    "einer ISP-Arbeitsmappe übernehmen. Gebiete werden über den achtstelligen AGS oder den "
                    "Gemeindenamen (Zuordnungstabelle) gefunden; amtliche Zeichen (. x / - – … ( ) *) werden "
                    "fehlende Werte, der Grund steht als Kommentar an der Zelle.",
        epilog="Rückgabewert: 0 fertig, 1 Fehler beim Schreiben oder in LibreOffice, 2 falscher Aufruf (nichts "
               "geschrieben). Ohne --mappe-aendern wird die Arbeitsmappe selbst nie beschrieben.")
    ap.add_argument("workbook", metavar="Arbeitsmappe", help="ISP-Arbeitsmappe (.ods, .ots, .xlsx)")
    ap.add_argument("datei", metavar="Datei", help="CSV-Datei des Statistischen Landesamts / der Regionalstatistik "
                    "oder XLSX-Tabelle der Bundesagentur für Arbeit (erstes Blatt)")
    ap.add_argument("--indikator", type=int, required=True, metavar="NR", help="Indikator-Nr. (Blatt Indikatoren)")
    ap.add_argument("--jahr", type=int, metavar="JJJJ",
                    help="Jahr (nötig, wenn die Datei keine Stichtag-Spalte hat; sonst nur Zeilen dieses Jahres)")
    ap.add_argument("--zaehler", metavar="SPALTE", help="Spalte der Datei (Nummer oder Name) → Zähler (Quoten)")
    ap.add_argument("--nenner", metavar="SPALTE", help="Spalte der Datei → Nenner (Quoten)")
    ap.add_argument("--wert", metavar="SPALTE", help="Spalte der Datei → Wert (Mittelwerte, Anzahlen)")
    ap.add_argument("--zuordnung", metavar="CSV",
                    help="Zuordnungstabelle AGS;Gemeinde-ID;Name (Standard: data/import/zuordnung_zwickau.csv)")
    ap.add_argument("--gebietsaenderungen", metavar="CSV",
                    help="Gebietsänderungen Gültig ab;Art;AGS alt;Name alt;AGS neu;Name neu: Werte früherer Jahre "
                         "auf heutigen Gebietsstand umrechnen (Beispiel: data/import/gebietsaenderungen_beispiel.csv)")
    target = ap.add_mutually_exclusive_group()
    target.add_argument("--ziel", metavar="PFAD", help="Ergebnisdatei (Standard: <Stamm>_import.<Endung> daneben)")
    target.add_argument("--mappe-aendern", action="store_true",
                        help="die Arbeitsmappe selbst ändern (sonst wird eine neue Datei geschrieben)")
    ap.add_argument("--ueberschreiben", action="store_true", help="eine vorhandene Ergebnisdatei ersetzen")
    ap.add_argument("--pruefen", action="store_true", help="nur den Bericht zeigen, nichts schreiben")
    ap.add_argument("--bericht", metavar="PFAD", help="den Bericht zusätzlich in diese Textdatei schreiben")
    ap.add_argument("--oxt", metavar="PFAD", help="Pfad zu isp-sozialplanung.oxt (Standard: build/addin/)")
    ap.add_argument("--profile", metavar="DIR", help="LibreOffice-Profil (wird angelegt und wiederverwendet)")
    return ap.parse_args(argv)


def find_tool(name="isp_daten_import", env="ISP_DATEN_IMPORT_TOOL"):
    """A planner process of addin/import: $env, else the build folders of the checkout."""
    candidates = [os.environ.get(env)]
    for build in ("build", "build-share"):
        candidates.append(os.path.join(ROOT, build, "addin", "import", name))
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    raise Abbruch(f"Das Programm {name} wurde nicht gefunden: erst bauen (scripts/build.sh).", EXIT_AUFRUF)


def esc(text):
    return str(text).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def unesc(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            i += 1
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(text[i], text[i]))
        else:
            out.append(c)
        i += 1
    return "".join(out)


def tool_args(args, csv_path=None):
    """csv_path: the text isp_daten_import reads when the file is a spreadsheet (sheet_as_csv); the reason
    comments name the planner's file either way."""
    out = ["--datei", csv_path or args.datei_path, "--indikator", str(args.indikator), "--quelle",
           os.path.basename(args.datei_path)]
    if args.jahr is not None:
        out += ["--jahr", str(args.jahr)]
    for opt in ("zaehler", "nenner", "wert"):
        if getattr(args, opt):
            out += ["--" + opt, getattr(args, opt)]
    # The mapping table is read by the planner (parse_mapping), like the table of territorial changes.
    out += ["--zuordnung", wg.local_path(args.zuordnung, "--zuordnung") if args.zuordnung else DEFAULT_MAPPING]
    if args.gebietsaenderungen:
        out += ["--gebietsaenderungen", wg.local_path(args.gebietsaenderungen, "--gebietsaenderungen")]
    return out


def run_tool(tool, argv, state=""):
    r = subprocess.run([tool] + argv, input=state.encode("utf-8"), capture_output=True, timeout=120)
    if r.returncode == 2:
        raise Abbruch(r.stderr.decode("utf-8", "replace").strip(), EXIT_AUFRUF)
    if r.returncode != 0:
        raise Abbruch("isp_daten_import ist gescheitert: " + r.stderr.decode("utf-8", "replace").strip())
    return [[unesc(f) for f in line.split("\t")] for line in r.stdout.decode("utf-8").splitlines()]


SPREADSHEETS = (".xlsx", ".xls", ".ods")
DATE_TYPE = 2  # com.sun.star.util.NumberFormat.DATE


def german_number(v):
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    text = format(v, ".15g")
    if "e" in text:
        text = format(v, ".15f").rstrip("0")
    return text.replace(".", ",")


def sheet_as_csv(doc):
    """The first sheet of a spreadsheet table (the Bundesagentur's XLSX) as the ';'-separated text that
    isp_daten_import reads: numbers in German notation without grouping, date cells as dd.mm.yyyy (else a date
    serial like 45657 would pass for a Kreis key), texts as they are – so a Gemeindeschlüssel stored as text keeps
    its leading zeros."""
    import datetime
    sh = doc.Sheets.getByIndex(0)
    cursor = sh.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_row, last_col = cursor.RangeAddress.EndRow, cursor.RangeAddress.EndColumn
    data = sh.getCellRangeByPosition(0, 0, last_col, last_row).getDataArray()
    date_cols = set()
    for c in range(last_col + 1):
        # The last number of each column tells whether the column holds dates (one UNO call per column).
        for r in range(last_row, -1, -1):
            if isinstance(data[r][c], float):
                key = sh.getCellByPosition(c, r).NumberFormat
                if doc.NumberFormats.getByKey(key).Type & DATE_TYPE:
                    date_cols.add(c)
                break
    lines = []
    for row in data:
        cells = []
        for c, v in enumerate(row):
            if isinstance(v, float):
                if c in date_cols:
                    v = (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(v))).strftime("%d.%m.%Y")
                else:
                    v = german_number(v)
            elif any(ch in v for ch in ';"\n'):
                v = '"' + v.replace('"', '""').replace("\n", " ") + '"'
            cells.append(v)
        lines.append(";".join(cells))
    return "\n".join(lines) + "\n"


def key_text(v):
    """A key cell as text: numbers as their integer text (a Gemeinde-ID typed as number)."""
    if isinstance(v, float):
        return str(int(v)) if v == int(v) else repr(v)
    return v.strip()


def sheet(doc, name):
    if not doc.Sheets.hasByName(name):
        raise Abbruch(f"Die Arbeitsmappe hat kein Blatt „{name}“: keine ISP-Vorlage (Blätter Gebiete, "
                      "Indikatoren, Werte nötig).", EXIT_AUFRUF)
    return doc.Sheets.getByName(name)


def comments_by_cell(sh):
    out = {}
    anns = sh.Annotations
    for i in range(anns.Count):
        a = anns.getByIndex(i)
        pos = a.Position
        out[(pos.Row, pos.Column)] = a.String
    return out


def named_rows(doc, name, default):
    """First and last row (1-based) of a named range of the template's Weitergabe description
    (docs/weitergabe.md: ISP_WG_ZEILEN_Werte = the Werte block, ISP_WG_GEBIETE = the Gemeinden): they move with
    inserted rows, so the import follows a template whose blocks changed; default when the name is missing."""
    try:
        if doc.NamedRanges.hasByName(name):
            cells = doc.NamedRanges.getByName(name).getReferredCells()
            if cells is not None:
                a = cells.getRangeAddress()
                return a.StartRow + 1, a.EndRow + 1
    except Exception:
        pass  # not a plain reference: the template's default layout
    return default


def werte_rows(doc):
    return named_rows(doc, "ISP_WG_ZEILEN_Werte", (W0, W1))


def workbook_state(doc):
    """The lines for isp_daten_import's stdin (see addin/import/daten_import_main.cpp)."""
    lines = []
    g0, g1 = named_rows(doc, "ISP_WG_GEBIETE", (G0, G1))
    w0, w1 = werte_rows(doc)
    for gid, name, *_ in sheet(doc, "Gebiete").getCellRangeByName(f"A{g0}:B{g1}").getDataArray():
        if key_text(gid):
            lines.append(f"area\t{esc(key_text(gid))}\t{esc(name)}")
    for row in sheet(doc, "Indikatoren").getCellRangeByName(f"A{I0}:F{I1}").getDataArray():
        if isinstance(row[0], float):
            lines.append(f"art\t{int(row[0])}\t{esc(key_text(row[5]))}")
    werte = sheet(doc, "Werte")
    notes = comments_by_cell(werte)
    data = werte.getCellRangeByName(f"A{w0}:F{w1}").getDataArray()
    for i, (jahr, gid, ind, *cells) in enumerate(data):
        r = w0 + i
        if all(c == "" for c in (jahr, gid, ind, *cells)):
            lines.append(f"free\t{r}")
            continue
        if not key_text(gid):
            continue
        fields = ["row", str(r), str(int(jahr)) if isinstance(jahr, float) else "", esc(key_text(gid)),
                  str(int(ind)) if isinstance(ind, float) else ""]
        for k, v in enumerate(cells):
            kind = "number" if isinstance(v, float) else "text" if v != "" else "empty"
            fields += [kind, repr(v) if kind == "number" else esc(v), esc(notes.get((r - 1, 3 + k), ""))]
        lines.append("\t".join(fields))
    if doc.Sheets.hasByName(BRUCH_SHEET):
        lines.append("breaks")
        b0, b1 = named_rows(doc, "Bruch_Nr", (B0, B1))
        data = doc.Sheets.getByName(BRUCH_SHEET).getCellRangeByName(f"A{b0}:E{b1}").getDataArray()
        for i, (ind, gid, jahr, *rest) in enumerate(data):
            r = b0 + i
            if all(c == "" for c in (ind, gid, jahr, *rest)):
                lines.append(f"breakfree\t{r}")
            else:
                num = [str(int(v)) if isinstance(v, float) else "" for v in (ind, jahr)]
                lines.append(f"break\t{r}\t{num[0]}\t{num[1]}\t{esc(key_text(gid))}")
    return "\n".join(lines) + "\n"


def set_comment(sh, row, col, text):
    """Replaces the comment of a cell (row, col 0-based); text "" removes it."""
    anns = sh.Annotations
    for i in range(anns.Count - 1, -1, -1):
        pos = anns.getByIndex(i).Position
        if pos.Row == row and pos.Column == col:
            anns.removeByIndex(i)
    if text:
        anns.insertNew(sh.getCellByPosition(col, row).CellAddress, text)


def apply(doc, plan):
    werte = sheet(doc, "Werte")
    for rec in plan:
        if rec[0] == "new":
            r = int(rec[1]) - 1
            werte.getCellByPosition(0, r).setValue(float(rec[2]))
            werte.getCellByPosition(1, r).setString(rec[3])  # text: AGS-like IDs keep their leading zeros
            werte.getCellByPosition(2, r).setValue(float(rec[4]))
        elif rec[0] == "break":  # a row of the sheet Reihenbrüche: Indikator-Nr., Gemeinde-ID, Jahr, Art, Bemerkung
            sh, r = doc.Sheets.getByName(BRUCH_SHEET), int(rec[1]) - 1
            sh.getCellByPosition(0, r).setValue(float(rec[2]))
            sh.getCellByPosition(1, r).setString(rec[3])
            sh.getCellByPosition(2, r).setValue(float(rec[4]))
            sh.getCellByPosition(3, r).setString(rec[5])
            sh.getCellByPosition(4, r).setString(rec[6])
            sh.getRows().getByIndex(r).OptimalHeight = True  # the wrapped Bemerkung shows whole
    for rec in plan:
        if rec[0] != "set":
            continue
        r, c = int(rec[1]) - 1, int(rec[2])
        cell = werte.getCellByPosition(c, r)
        if rec[3] == "number":
            cell.setValue(float(rec[4]))
        else:
            cell.setString("")  # missing: an empty cell, never 0
        if rec[5] == "set":
            set_comment(werte, r, c, rec[6])
        elif rec[5] == "remove":
            set_comment(werte, r, c, "")


def decide_target(args, workbook):
    if args.mappe_aendern:
        return workbook
    stem, ext = os.path.splitext(os.path.basename(workbook))
    ext = ".ods" if ext.lower() == ".ots" else ext.lower()
    target = wg.local_path(args.ziel, "--ziel") if args.ziel else os.path.join(os.path.dirname(workbook),
                                                                              f"{stem}_import{ext}")
    if os.path.splitext(target)[1].lower() not in (".ods", ".xlsx"):
        raise Abbruch(f"Ergebnisdatei „{shown(target)}“: Endung .ods oder .xlsx angeben.", EXIT_AUFRUF)
    if os.path.lexists(target) and wg.same_file(target, workbook):
        raise Abbruch("Die Ergebnisdatei ist die Arbeitsmappe selbst: dafür --mappe-aendern angeben.", EXIT_AUFRUF)
    if os.path.isdir(target):
        raise Abbruch(f"„{shown(target)}“ ist ein Ordner.", EXIT_AUFRUF)
    if os.path.lexists(target) and not args.ueberschreiben and not args.pruefen:
        raise Abbruch(f"„{shown(target)}“ gibt es schon: --ueberschreiben angeben oder mit --ziel eine andere "
                      "Datei wählen. Es wurde nichts geschrieben.", EXIT_AUFRUF)
    return target


def open_copy(desktop, copy, workbook):
    """The private copy of the workbook, opened hidden in the driver's office (refused if it is no spreadsheet)."""
    import uno
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0,
                                          (wg.prop("Hidden", True),))
    except Exception:
        doc = None
    if doc is None or not doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        raise Abbruch(f"„{shown(workbook)}“ ließ sich nicht als Tabelle öffnen.", EXIT_AUFRUF)
    return doc


def store_target(doc, target):
    """Stores doc as target (.ods or .xlsx by its ending) under a temporary name beside it and renames it into
    place: whole or not at all."""
    import uno
    ext = os.path.splitext(target)[1].lower()
    tmp = os.path.join(os.path.dirname(target), f".~isp-tmp-{uuid.uuid4().hex[:8]}-{os.path.basename(target)}")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(tmp), (wg.prop("FilterName", FORMATS[ext]), wg.prop("Overwrite", True)))
        if ext == ".xlsx":
            wg.launcher.normal_style_general(tmp)
        os.replace(tmp, target)
    except Exception as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        reason = wg.clean_message(wg.uno_message(e))
        raise Abbruch(f"„{shown(target)}“ ließ sich nicht schreiben: {reason}")


def run(args):
    workbook = wg.local_path(args.workbook, "Arbeitsmappe")
    args.datei_path = wg.local_path(args.datei, "Datei")
    for path, what in ((workbook, "Arbeitsmappe"), (args.datei_path, "Datei")):
        if not os.path.isfile(path):
            raise Abbruch(f"{what} „{shown(path)}“ gibt es nicht.", EXIT_AUFRUF)
    if os.path.splitext(workbook)[1].lower() not in FORMATS:
        raise Abbruch(f"„{shown(workbook)}“: erwartet eine Arbeitsmappe .ods, .ots oder .xlsx.", EXIT_AUFRUF)
    target = decide_target(args, workbook)
    tool = find_tool()
    spreadsheet = os.path.splitext(args.datei_path)[1].lower() in SPREADSHEETS
    if not spreadsheet:
        # An unreadable file or a wrong column stops before Calc starts.
        run_tool(tool, tool_args(args) + ["--spalten"])
    oxt = wg.find_oxt(args.oxt)
    workdir = wg.work_dir("isp-daten-import-")
    try:
        profile = wg.private_profile(args, oxt, workdir)
        copy = wg.private_copy(workbook, workdir)
        calc = wg.Calc(profile, workdir)
        try:
            calc.start()
            import uno
            doc = open_copy(calc.desktop, copy, workbook)
            csv_path = None
            if spreadsheet:
                table = calc.desktop.loadComponentFromURL(uno.systemPathToFileUrl(args.datei_path), "_blank", 0,
                                                          (wg.prop("Hidden", True), wg.prop("ReadOnly", True)))
                if table is None or not table.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
                    raise Abbruch(f"„{shown(args.datei_path)}“ ließ sich nicht als Tabelle öffnen.", EXIT_AUFRUF)
                csv_path = os.path.join(workdir, "tabelle.csv")
                with open(csv_path, "w", encoding="utf-8") as f:
                    f.write(sheet_as_csv(table))
                table.close(True)
            plan = run_tool(tool, tool_args(args, csv_path), workbook_state(doc))
            report = [r[1] for r in plan if r[0] == "report"]
            changes = [r for r in plan if r[0] in ("new", "set", "break")]
            text = "\n".join(report)
            print(text)
            if args.bericht:
                with open(wg.local_path(args.bericht, "--bericht"), "w", encoding="utf-8") as f:
                    f.write(text + "\n")
            if args.pruefen:
                print("\n(Nur geprüft: es wurde nichts geschrieben.)")
                return EXIT_OK
            if not changes:
                print("\nEs wurde keine Datei geschrieben.")
                return EXIT_OK
            apply(doc, plan)
            doc.calculateAll()
            store_target(doc, target)
            doc.close(True)
            print(f"\nGeschrieben: {shown(target)}")
            return EXIT_OK
        finally:
            calc.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def cli_main(run, parse, argv, debug_env, interrupted, unexpected):
    """The drivers' common ending: German message and exit code for a refusal, Ctrl-C or an unexpected error
    (with debug_env set in the environment, the traceback too)."""
    try:
        return run(parse(argv))
    except Abbruch as e:
        print(f"FEHLER: {e}", file=sys.stderr)
        return e.code
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print(f"FEHLER: {interrupted}", file=sys.stderr)
        return EXIT_FEHLER
    except BaseException:
        if os.environ.get(debug_env):
            import traceback
            traceback.print_exc()
        print(f"FEHLER: {unexpected} (Für Entwickler: {debug_env}=1 zeigt die Einzelheiten.)", file=sys.stderr)
        return EXIT_FEHLER


def main(argv=None):
    return cli_main(run, parse_args, argv, "ISP_DATEN_IMPORT_DEBUG", "Import abgebrochen; es wurde nichts geschrieben.",
                    "Der Import ist an einem unerwarteten Fehler gescheitert; die Arbeitsmappe ist unverändert.")


if __name__ == "__main__":
    sys.exit(main())
