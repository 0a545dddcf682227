#!/usr/bin/python3
"""Datenmeldung der Kommunen (docs/import.md, "Datenmeldung"; docs/vorlagen.md for planners): forms for the
Kommunen generated from a Landkreis workbook, and the returned forms merged back. Started by
scripts/datenmeldung.sh.

  datenmeldung.py erzeugen <Arbeitsmappe> [--kommune ID ...] [--jahr JJJJ] [--ziel ORDNER] [--format ods|xlsx|beide]
                  [--ueberschreiben] [--oxt PFAD] [--profile DIR]
  datenmeldung.py zusammenfuehren <Arbeitsmappe> <Rückmeldung> ... [--kommune ID] [--uebernehmen]
                  [--ziel PFAD | --mappe-aendern] [--ueberschreiben] [--pruefen] [--bericht PFAD] [--oxt] [--profile]

The rules (which rows, which cell accepts what, the checksum of the structure, what a merge fills, changes,
refuses and logs) are C++ (addin/import/datenmeldung.cpp, process isp_datenmeldung, tests/daten); this driver
reads and writes the workbooks through UNO in one headless Calc (the helpers of weitergabe.py and
daten_import.py). Every file is written to a temporary name beside its target and renamed when whole; the
Landkreis workbook is only ever read, the result goes to a new file (or, with --mappe-aendern, replaces the
workbook as a whole).

Exit codes (German messages on stderr): 0 done (also "nothing to change"); 1 failed (nothing written); 2 refused
because of the call or the file (nothing written); 3 merged, but at least one returned file was refused (see the
report).
"""
import argparse
import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import weitergabe as wg  # noqa: E402  (profile, office, path helpers and German argparse texts)
import daten_import as di  # noqa: E402  (workbook state, applying a plan, the record escapes)

Abbruch = wg.Abbruch
EXIT_OK, EXIT_FEHLER, EXIT_AUFRUF, EXIT_TEILWEISE = 0, 1, 2, 3
shown = wg.shown

FORM_SHEET, GUIDE_SHEET, IDENTITY_SHEET = "Meldung", "Anleitung", "ISP_Kennung"
LOG_SHEET = "Änderungsprotokoll"
FIRST = 6  # first form row (kFormFirstRow)
IDENTITY_KEYS = ("Art", "Fassung", "Kommune", "Kommune-Name", "Quelle", "Vorlage", "Erzeugt", "Prüfsumme")
KEY_LIST_ROW = 12  # first row of the hidden key list on ISP_Kennung (row 11: its header)
KEY_LIST_HEAD = ("Meldung-Zeile", "Werte-Zeile", "Jahr", "Gemeinde-ID", "Gemeinde", "Indikator-Nr.", "Indikator",
                 "Einheit", "Pflicht", "Regel Zähler", "Regel Nenner", "Regel Wert", "Zähler bisher",
                 "Nenner bisher", "Wert bisher")
FORM_HEAD = ("Jahr", "Gemeinde-ID", "Gemeinde", "Nr.", "Indikator", "Einheit", "Zähler bisher", "Nenner bisher",
             "Wert bisher", "Zähler", "Nenner", "Wert", "Pflicht", "Erlaubt")
LOG_HEAD = ("Zeitpunkt", "Kommune", "Kommune-Name", "Blatt", "Zelle", "Indikator-Nr.", "Indikator", "Gemeinde-ID",
            "Gemeinde", "Jahr", "Feld", "Alt", "Neu", "Art", "Quelldatei")
FIELD_NAMES = ("Zähler", "Nenner", "Wert")
RULE_TEXT = {"anzahl": "ganze Zahl ≥ 0", "ganzzahl": "ganze Zahl (auch negativ)", "positiv": "Zahl > 0",
             "nichtneg": "Zahl ≥ 0", "zahl": "Zahl (auch negativ)"}
INPUT_COLOUR, REQUIRED_COLOUR, LOCKED_COLOUR, HEAD_COLOUR = 0xFFF2CC, 0xFCE4D6, 0xEDEDED, 0xD9E1F2
FORMATS = {".ods": "calc8", ".xlsx": "Calc Office Open XML"}

GUIDE = [
    ("Datenmeldung an den Landkreis – so geht es", "title"),
    ("", None),
    ("Diese Datei ist nur für {name} ({id}). Bitte keine andere Gemeinde eintragen und die Datei nicht an "
     "eine andere Gemeinde weitergeben.", None),
    ("1. Öffnen Sie das Blatt „Meldung“. Jede Zeile ist ein Indikator für ein Jahr.", None),
    ("2. In den farbigen Zellen (Spalten Zähler, Nenner, Wert) stehen schon die Zahlen, die der Landkreis hat. "
     "Tragen Sie ein, was fehlt, und berichtigen Sie, was falsch ist. Was stimmt, lassen Sie stehen.", None),
    ("3. Orange Zellen (Spalte „Pflicht“: ja) gehören zum Berichtsjahr {jahr}: bitte immer ausfüllen. Gelbe "
     "Zellen (frühere Jahre) nur, wenn etwas fehlt oder falsch ist.",
     None),
    ("4. Nur Zahlen eintragen, ohne Einheit und ohne Prozentzeichen. Anzahlen (Zähler) sind ganze Zahlen ab 0, "
     "ein Nenner ist größer als 0. In der Spalte „Erlaubt“ steht, was jede Zeile annimmt. Große Zahlen am "
     "besten ohne Tausenderpunkt (1234): ein Excel mit englischen Ländereinstellungen liest „1.234“ als 1,234.",
     None),
    ("5. Wenn Sie einen Wert nicht kennen: die Zelle leer lassen – nie 0 eintragen. Eine 0 bedeutet "
     "„es gibt keinen Fall“.", None),
    ("6. Bei Quoten den Zähler (z. B. Zahl der Arbeitslosen) und den Nenner (z. B. Einwohner 15 bis 64 Jahre) "
     "eintragen, nicht die fertige Quote. Der Landkreis rechnet die Quote selbst.", None),
    ("7. Bitte keine Zeilen, Spalten oder Blätter einfügen, löschen, sortieren oder umbenennen. Die Datei ist "
     "geschützt; nur die farbigen Zellen lassen sich ändern. Eine veränderte Datei kann der Landkreis nicht "
     "einlesen.", None),
    ("8. Speichern Sie die Datei im selben Format (.xlsx oder .ods) und schicken Sie sie an den Landkreis zurück.",
     None),
    ("", None),
    ("Was passiert danach? Der Landkreis liest die Datei mit einem Programm ein. Neue Werte werden übernommen; "
     "wenn Sie einen vorhandenen Wert ändern, prüft der Landkreis die Änderung, bevor er sie übernimmt. Jede "
     "übernommene Änderung wird mit altem und neuem Wert protokolliert.", None),
    ("", None),
    ("Erzeugt am {datum} aus „{quelle}“.", None),
]


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="datenmeldung.sh",
        description="Datenmeldung der Kommunen: je Kommune eine geschützte Arbeitsmappe mit ihren Werten zum "
                    "Ausfüllen erzeugen und ausgefüllte Datenmeldungen in die Arbeitsmappe des Landkreises "
                    "übernehmen (geprüft, mit Änderungsprotokoll).",
        epilog="Rückgabewert: 0 fertig, 1 Fehler (nichts geschrieben), 2 falscher Aufruf oder abgelehnte Datei "
               "(nichts geschrieben), 3 übernommen, aber mindestens eine Datei abgelehnt.")
    sub = ap.add_subparsers(dest="befehl", metavar="Befehl", required=True)
    gen = sub.add_parser("erzeugen", help="je Kommune eine Datenmeldung (.xlsx und .ods) erzeugen",
                         description="Erzeugt je Kommune (Gemeinde des Blatts Gebiete) eine Datenmeldung.")
    gen.add_argument("workbook", metavar="Arbeitsmappe", help="Arbeitsmappe des Landkreises (.ods, .ots, .xlsx)")
    gen.add_argument("--kommune", action="append", metavar="ID",
                     help="nur diese Kommune (Gemeinde-ID, mehrfach möglich; Standard: alle)")
    gen.add_argument("--jahr", type=int, metavar="JJJJ",
                     help="zusätzlich ein neues Berichtsjahr erfragen (je Indikator eine leere Zeile)")
    gen.add_argument("--ziel", metavar="ORDNER", help="Ordner für die Dateien (Standard: <Stamm>_Datenmeldungen)")
    gen.add_argument("--format", choices=("xlsx", "ods", "beide"), default="beide", help="Dateiformat")
    gen.add_argument("--ueberschreiben", action="store_true", help="vorhandene Datenmeldungen ersetzen")
    merge = sub.add_parser("zusammenfuehren", help="ausgefüllte Datenmeldungen übernehmen",
                           description="Prüft ausgefüllte Datenmeldungen und übernimmt sie in das Blatt Werte.")
    merge.add_argument("workbook", metavar="Arbeitsmappe", help="Arbeitsmappe des Landkreises (.ods, .xlsx)")
    merge.add_argument("dateien", metavar="Rückmeldung", nargs="+", help="ausgefüllte Datenmeldung(en)")
    merge.add_argument("--kommune", metavar="ID", help="die Datei muss von dieser Kommune sein (eine Datei)")
    merge.add_argument("--uebernehmen", action="store_true",
                       help="auch Änderungen vorhandener Werte übernehmen (sonst nur gemeldet)")
    target = merge.add_mutually_exclusive_group()
    target.add_argument("--ziel", metavar="PFAD", help="Ergebnisdatei (Standard: <Stamm>_meldungen.<Endung>)")
    target.add_argument("--mappe-aendern", action="store_true", help="die Arbeitsmappe selbst ersetzen")
    merge.add_argument("--ueberschreiben", action="store_true", help="eine vorhandene Ergebnisdatei ersetzen")
    merge.add_argument("--pruefen", action="store_true", help="nur den Bericht zeigen, nichts schreiben")
    merge.add_argument("--bericht", metavar="PFAD", help="den Bericht zusätzlich in diese Textdatei schreiben")
    for p in (gen, merge):
        p.add_argument("--oxt", metavar="PFAD", help="Pfad zu isp-sozialplanung.oxt (Standard: build/addin/)")
        p.add_argument("--profile", metavar="DIR", help="LibreOffice-Profil (wird angelegt und wiederverwendet)")
    return ap.parse_args(argv)


def find_tool():
    return di.find_tool("isp_datenmeldung", "ISP_DATENMELDUNG_TOOL")


def run_tool(tool, argv, state):
    r = subprocess.run([tool] + argv, input=state.encode("utf-8"), capture_output=True, timeout=120)
    if r.returncode == 2:
        raise Abbruch(r.stderr.decode("utf-8", "replace").strip(), EXIT_AUFRUF)
    if r.returncode != 0:
        raise Abbruch("isp_datenmeldung ist gescheitert: " + r.stderr.decode("utf-8", "replace").strip())
    return [[di.unesc(f) for f in line.split("\t")] for line in r.stdout.decode("utf-8").splitlines()]


def text(v):
    """A cell of getDataArray as text: numbers as their integer text when whole; an error value (getDataArray
    gives None for a formula that fails) as "#FEHLER"."""
    if v is None:
        return "#FEHLER"
    if isinstance(v, float):
        return str(int(v)) if v == int(v) else repr(v)
    return v.strip()


# ---- The Landkreis workbook ----------------------------------------------------------------------------------

def landkreis_state(doc):
    """The records isp_datenmeldung reads about the Landkreis workbook (Gebiete, Indikatoren, Werte)."""
    lines = [di.workbook_state(doc).rstrip("\n")]
    for row in di.sheet(doc, "Indikatoren").getCellRangeByName(f"A{di.I0}:I{di.I1}").getDataArray():
        if isinstance(row[0], float):
            lines.append("\t".join(["ind", str(int(row[0])), di.esc(text(row[5])), di.esc(text(row[2])),
                                    di.esc(text(row[8]))]))
    return "\n".join(lines) + "\n"


def plan_forms(tool, state, kommunen, year):
    argv = ["erzeugen"] + ([a for k in kommunen for a in ("--kommune", k)] if kommunen else ["--alle"])
    if year is not None:
        argv += ["--jahr", str(year)]
    forms = []
    for rec in run_tool(tool, argv, state):
        if rec[0] == "form":
            forms.append({"id": rec[1], "name": rec[2], "jahr": int(rec[3]), "pruefsumme": rec[4], "zeilen": []})
        elif rec[0] == "zeile":
            forms[-1]["zeilen"].append(rec[1:])
    return forms


def file_stem(form):
    name = re.sub(r"[^0-9A-Za-zÄÖÜäöüß-]+", "_", form["name"]).strip("_")
    return f"Datenmeldung_{form['id']}_{name}"


# ---- Writing a form ------------------------------------------------------------------------------------------

def _validation(rng, rule, field):
    import uno
    from com.sun.star.sheet.ValidationType import WHOLE, DECIMAL
    from com.sun.star.sheet.ConditionOperator import GREATER_EQUAL, GREATER, BETWEEN
    from com.sun.star.sheet.ValidationAlertStyle import STOP
    v = rng.Validation
    kind, op, f1, f2 = {
        "anzahl": (WHOLE, GREATER_EQUAL, "0", ""),
        "ganzzahl": (WHOLE, BETWEEN, "-1000000000000", "1000000000000"),
        "positiv": (DECIMAL, GREATER, "0", ""),
        "nichtneg": (DECIMAL, GREATER_EQUAL, "0", ""),
        "zahl": (DECIMAL, BETWEEN, "-1000000000000000", "1000000000000000"),
    }[rule]
    v.Type = kind
    v.setOperator(op)
    v.setFormula1(f1)
    if f2:
        v.setFormula2(f2)
    v.IgnoreBlankCells = True
    v.ShowErrorMessage = True
    v.ErrorAlertStyle = STOP
    v.ErrorTitle = f"{field}: nur {RULE_TEXT[rule]}"
    v.ErrorMessage = (f"Bitte eine {RULE_TEXT[rule]} eintragen, ohne Einheit. Unbekannt? Dann die Zelle leer "
                      "lassen (nie 0).")
    v.ShowInputMessage = True
    v.InputTitle = field
    v.InputMessage = f"{RULE_TEXT[rule]}; leer lassen, wenn unbekannt."
    rng.Validation = v
    del uno


def _spans(numbers):
    """Sorted row numbers as (first, last) spans of consecutive rows."""
    start = prev = numbers[0]
    for n in numbers[1:]:
        if n != prev + 1:
            yield start, prev
            start = n
        prev = n
    yield start, prev


def _style_range(rng, **props):
    for k, v in props.items():
        rng.setPropertyValue(k, v)


MISSING_STYLE, MISSING_COLOUR = "ISP_Pflicht_fehlt", 0xF8CBAD


def _mark_when_empty(doc, ranges, col, first_row):
    """Conditional format: a required input cell that is empty turns darker (Calc cannot refuse an empty cell
    at input; the merge reports it as "Pflichtangabe fehlt")."""
    import uno
    from com.sun.star.sheet.ConditionOperator import FORMULA
    styles = doc.StyleFamilies.getByName("CellStyles")
    if not styles.hasByName(MISSING_STYLE):
        style = doc.createInstance("com.sun.star.style.CellStyle")
        styles.insertByName(MISSING_STYLE, style)
        style.CellBackColor = MISSING_COLOUR
    position = uno.createUnoStruct("com.sun.star.table.CellAddress")
    position.Sheet, position.Column, position.Row = 1, col, first_row
    cell = "JKL"[col - 9] + str(first_row + 1)
    entries = ranges.ConditionalFormat
    entries.addNew((wg.prop("Operator", FORMULA), wg.prop("Formula1", f"LEN({cell})=0"),
                    wg.prop("SourcePosition", position), wg.prop("StyleName", MISSING_STYLE)))
    ranges.ConditionalFormat = entries


def _print_across(doc, sh):
    """The Meldung sheet prints landscape, one page wide, headings on every page: otherwise the keys (A–F) and the
    input cells (J–L) land on different pages (measured: 10 pages for 112 rows, no row readable across)."""
    style = doc.StyleFamilies.getByName("PageStyles").getByName(sh.PageStyle)
    width, height = style.Width, style.Height
    style.IsLandscape = True
    style.Width, style.Height = max(width, height), min(width, height)
    style.ScaleToPagesX, style.ScaleToPagesY = 1, 0
    sh.setPrintTitleRows(True)
    sh.setTitleRows(_address(1, 0, FIRST - 2, len(FORM_HEAD) - 1, FIRST - 2))


def _german_standard_format(doc):
    """The number format "Standard" in the language German (Germany). Calc reads what is typed into a cell by the
    language of the cell's number format, so the input cells read "1.234" as 1234 and "12,5" as 12.5 also in a
    Calc with an English user interface and locale (measured: tests/daten/calc_datenmeldung_locale.py, ODS and
    XLSX). Excel reads typed input by the Windows regional settings, not by the cell's format: there an English
    setting still reads "1.234" as 1.234 (not testable here)."""
    import uno
    return doc.NumberFormats.getStandardIndex(uno.createUnoStruct("com.sun.star.lang.Locale", "de", "DE", ""))


def _unlocked():
    import uno
    p = uno.createUnoStruct("com.sun.star.util.CellProtection")
    p.IsLocked = False
    p.IsFormulaHidden = False
    return p


def _address(sheet_index, col0, row0, col1, row1):
    import uno
    a = uno.createUnoStruct("com.sun.star.table.CellRangeAddress")  # built locally: no call into the office
    a.Sheet, a.StartColumn, a.StartRow, a.EndColumn, a.EndRow = sheet_index, col0, row0, col1, row1
    return a


def layout_signature(form):
    """Forms with equal signatures share their layout (rows, rules, Pflicht): the writer reuses the document."""
    return tuple((z[8], z[9], z[10], z[11]) for z in form["zeilen"])


class FormWriter:
    """Writes the Datenmeldungen of one Landkreis workbook in one office session. Every UNO call costs a round
    trip (measured 20–40 ms on a loaded machine), so the layout (colours, protection, validation, widths) is made
    once per layout signature and only the contents are replaced for the next Kommune with the same rows."""

    def __init__(self, desktop, source_name, template_name, created):
        self.desktop, self.source_name, self.template_name, self.created = desktop, source_name, template_name, created
        self.doc, self.signature = None, None

    def close(self):
        if self.doc is not None:
            self.doc.close(True)
            self.doc = None

    def build(self, form):
        signature = layout_signature(form)
        if self.doc is None or signature != self.signature:
            self.close()
            self.doc = self._layout(form)
            self.signature = signature
        self._fill(form)
        return self.doc

    def _layout(self, form):
        doc = self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (wg.prop("Hidden", True),))
        sheets = doc.Sheets
        sheets.getByIndex(0).setName(GUIDE_SHEET)
        while sheets.Count > 1:
            sheets.removeByName(sheets.getByIndex(1).Name)
        sheets.insertNewByName(FORM_SHEET, 1)
        sheets.insertNewByName(IDENTITY_SHEET, 2)
        guide, sh, ident = (sheets.getByIndex(i) for i in range(3))
        self.sheets = (guide, sh, ident)
        block = guide.getCellRangeByPosition(0, 0, 0, len(GUIDE) - 1)
        block.IsTextWrapped = True
        title = guide.getCellByPosition(0, 0)
        title.CharHeight = 14
        title.CharWeight = 150.0
        guide.getColumns().getByIndex(0).Width = 17000
        title = sh.getCellByPosition(0, 0)
        title.CharHeight = 14
        title.CharWeight = 150.0
        head = sh.getCellRangeByPosition(0, FIRST - 2, len(FORM_HEAD) - 1, FIRST - 2)
        head.setDataArray((FORM_HEAD,))
        _style_range(head, CharWeight=150.0, CellBackColor=HEAD_COLOUR, IsTextWrapped=True)
        rows = form["zeilen"]
        # One multi-range per kind of input cell (field, rule, Pflicht): protection, colour and validation are a
        # handful of calls per form, not one per run of rows.
        groups = {}
        german_input_format = _german_standard_format(doc)
        for i, z in enumerate(rows):
            for k in range(3):
                groups.setdefault((k, z[9 + k], z[8] == "1"), []).append(FIRST - 1 + i)
        for (k, rule, required), members in groups.items():
            ranges = doc.createInstance("com.sun.star.sheet.SheetCellRanges")
            ranges.addRangeAddresses(tuple(_address(1, 9 + k, a, 9 + k, b) for a, b in _spans(members)), False)
            if not rule:
                ranges.CellBackColor = LOCKED_COLOUR
                continue
            ranges.CellProtection = _unlocked()
            ranges.NumberFormat = german_input_format
            ranges.CellBackColor = REQUIRED_COLOUR if required else INPUT_COLOUR
            _validation(ranges, rule, FIELD_NAMES[k])
            if required:
                _mark_when_empty(doc, ranges, 9 + k, members[0])
        _print_across(doc, sh)
        columns = sh.getColumns()
        for c, w in enumerate((1300, 2200, 3500, 1000, 7000, 6000, 2000, 2000, 2000, 2200, 2200, 2200, 1500, 10000)):
            columns.getByIndex(c).Width = w
        try:
            ctrl = doc.getCurrentController()
            ctrl.setActiveSheet(sh)
            ctrl.freezeAtPosition(0, FIRST - 1)
        except Exception:
            pass  # no view: the form works without frozen headings
        ident.getCellRangeByPosition(0, KEY_LIST_ROW - 2, len(KEY_LIST_HEAD) - 1, KEY_LIST_ROW - 1).setDataArray(
            (("Schlüsselliste der Datenmeldung (nicht ändern: daran erkennt der Landkreis die Datei)",) +
             ("",) * (len(KEY_LIST_HEAD) - 1), KEY_LIST_HEAD))
        ident.IsVisible = False
        return doc

    def _fill(self, form):
        doc = self.doc
        guide, sh, ident = self.sheets
        if doc.isProtected():
            doc.unprotect("")
        for s in self.sheets:
            s.unprotect("")
        rows = form["zeilen"]
        n = len(rows)
        created, source_name = self.created, self.source_name
        values = {"name": form["name"], "id": form["id"], "jahr": form["jahr"], "datum": created,
                  "quelle": source_name}
        guide.getCellRangeByPosition(0, 0, 0, len(GUIDE) - 1).setDataArray(
            tuple((line.format(**values),) for line, _ in GUIDE))
        sh.getCellRangeByPosition(0, 0, 0, 2).setDataArray((
            (f"Datenmeldung {form['name']} ({form['id']}) an den Landkreis",),
            (f"Nur die farbigen Zellen ausfüllen oder berichtigen (orange = Pflichtangabe für {form['jahr']}, gelb = "
             "freiwillig); leer = unbekannt, nie 0 eintragen. Mehr auf dem Blatt „Anleitung“.",),
            (f"Erzeugt am {created} aus „{source_name}“.",)))
        data = []
        for z in rows:
            (_form_row, _werte_row, year, gid, gname, ind, iname, unit, required, rz, rn, rw, bz, bn, bw) = z
            bases = [float(b) if b != "" else "" for b in (bz, bn, bw)]
            allowed = "; ".join(f"{FIELD_NAMES[k]}: {RULE_TEXT[r]}" for k, r in enumerate((rz, rn, rw)) if r)
            data.append((float(year), gid, gname, float(ind), iname, unit, *bases,
                         *[b if r else "" for b, r in zip(bases, (rz, rn, rw))], "ja" if required == "1" else "",
                         allowed))
        if n:
            sh.getCellRangeByPosition(0, FIRST - 1, len(FORM_HEAD) - 1, FIRST + n - 2).setDataArray(tuple(data))
        # ISP_Kennung: identity and the key list with the base values, all as text (exact when read back)
        identity = (("Art", "ISP-Datenmeldung"), ("Fassung", "1"), ("Kommune", form["id"]),
                    ("Kommune-Name", form["name"]), ("Quelle", source_name), ("Vorlage", self.template_name),
                    ("Erzeugt", created), ("Prüfsumme", form["pruefsumme"]))
        ident.getCellRangeByPosition(0, 0, 1, len(identity) - 1).setDataArray(identity)
        if n:
            ident.getCellRangeByPosition(0, KEY_LIST_ROW, len(KEY_LIST_HEAD) - 1, KEY_LIST_ROW + n - 1).setDataArray(
                tuple(tuple(z) for z in rows))
        for s in self.sheets:
            s.protect("")
        doc.protect("")  # structure: no sheet renamed, moved, inserted or deleted


def store_atomic(doc, target, fail_before_rename=False):
    """Writes doc to target through a temporary file beside it; the target appears only when whole."""
    import uno
    ext = os.path.splitext(target)[1].lower()
    tmp = os.path.join(os.path.dirname(target) or ".", f"{wg.TEMP_PREFIX}{uuid.uuid4().hex[:8]}-"
                                                       f"{os.path.basename(target)}")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(tmp)),
                       (wg.prop("FilterName", FORMATS[ext]), wg.prop("Overwrite", True)))
        if ext == ".xlsx":
            wg.launcher.normal_style_general(tmp)
        if fail_before_rename:
            raise RuntimeError("Testabbruch vor dem Umbenennen")
        if os.path.exists(target):
            shutil.copymode(target, tmp)  # a replaced workbook keeps its permissions
        os.replace(tmp, target)
    except BaseException as e:  # also Ctrl-C (KeyboardInterrupt): no temporary file stays behind
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(e, (Abbruch, KeyboardInterrupt)):
            raise
        raise Abbruch(f"„{shown(target)}“ ließ sich nicht schreiben: {wg.clean_message(wg.uno_message(e))}. "
                      "Es wurde nichts verändert.")


def generate(desktop, doc, tool, out_dir, formats, kommunen=None, year=None, source_name="", overwrite=False,
             created=None):
    """All forms of a loaded Landkreis workbook into out_dir; returns the written paths. Refuses before writing
    when a target exists (without overwrite)."""
    forms = plan_forms(tool, landkreis_state(doc), kommunen, year)
    targets = [(form, os.path.join(out_dir, file_stem(form) + "." + ext)) for form in forms for ext in formats]
    existing = [t for _, t in targets if os.path.lexists(t)]
    if existing and not overwrite:
        raise Abbruch(f"„{shown(existing[0])}“ gibt es schon ({len(existing)} Dateien): --ueberschreiben angeben "
                      "oder mit --ziel einen anderen Ordner wählen. Es wurde nichts geschrieben.", EXIT_AUFRUF)
    created = created or datetime.date.today().strftime("%d.%m.%Y")
    template_name = doc.DocumentProperties.Title or source_name
    written = []
    writer = FormWriter(desktop, source_name, template_name, created)
    try:
        for form in forms:
            out = writer.build(form)
            for ext in formats:
                path = os.path.join(out_dir, file_stem(form) + "." + ext)
                store_atomic(out, path)
                written.append(path)
    finally:
        writer.close()
    return forms, written


# ---- Reading a returned form and merging -----------------------------------------------------------------------

def _cell_record(v, formula=""):
    """An input cell as a record. A formula counts by its number; a formula that fails (v is None) or gives a text
    goes as its formula text, so the merge refuses the cell with it ("„=A1*2 (Formel ergibt keine Zahl)“ ist keine
    Zahl") instead of reading the text as a number or the failure as an empty cell."""
    if isinstance(v, float):
        return ["number", repr(v)]
    if v is None or formula.startswith("="):
        return ["text", di.esc(f"{formula or '#FEHLER'} (Formel ergibt keine Zahl)")]
    return ["text", di.esc(v)] if v.strip() != "" else ["empty", ""]


def returned_state(form_doc):
    """The records about a returned form (sheets, hidden identity and key list, visible rows)."""
    lines = []
    sheets = form_doc.Sheets
    names = list(sheets.ElementNames)
    lines += [f"blatt\t{di.esc(n)}" for n in names]
    if IDENTITY_SHEET in names:
        ident = sheets.getByName(IDENTITY_SHEET)
        for key, value in ident.getCellRangeByName(f"A1:B{len(IDENTITY_KEYS)}").getDataArray():
            lines.append(f"kennung\t{di.esc(text(key))}\t{di.esc(text(value))}")
        cursor = ident.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.RangeAddress.EndRow
        if end >= KEY_LIST_ROW:
            rng = ident.getCellRangeByPosition(0, KEY_LIST_ROW, len(KEY_LIST_HEAD) - 1, end)
            for row in rng.getDataArray():
                if text(row[0]):
                    lines.append("\t".join(["schluessel"] + [di.esc(text(v)) for v in row]))
    if FORM_SHEET in names:
        sh = sheets.getByName(FORM_SHEET)
        cursor = sh.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.RangeAddress.EndRow
        if end >= FIRST - 1:
            data = sh.getCellRangeByPosition(0, FIRST - 1, 11, end).getDataArray()
            formulas = sh.getCellRangeByPosition(9, FIRST - 1, 11, end).getFormulaArray()
            for i, row in enumerate(data):
                if not any(text(v) for v in row[:4]):
                    continue
                rec = ["eingabe", str(FIRST + i), di.esc(text(row[0])), di.esc(text(row[1])), di.esc(text(row[3]))]
                for v, formula in zip(row[9:12], formulas[i]):
                    rec += _cell_record(v, formula)
                lines.append("\t".join(rec))
    return "\n".join(lines) + "\n"


def plan_merge(tool, doc, form_doc, source_file, kommune=None, apply_changes=False):
    argv = ["zusammenfuehren", "--quelle", source_file]
    if kommune:
        argv += ["--kommune", kommune]
    if apply_changes:
        argv.append("--uebernehmen")
    return run_tool(tool, argv, landkreis_state(doc) + returned_state(form_doc))


def _log_value(kind, value):
    if kind == "number":
        return float(value)
    return value  # a text that stood in the cell, or "" for an empty cell


def write_log(doc, plan, identity, source_file, when):
    """Appends the plan's log records to the sheet Änderungsprotokoll (made at the end when missing)."""
    logs = [r for r in plan if r[0] == "log"]
    if not logs:
        return 0
    sheets = doc.Sheets
    if not sheets.hasByName(LOG_SHEET):
        sheets.insertNewByName(LOG_SHEET, sheets.Count)
        sh = sheets.getByName(LOG_SHEET)
        sh.getCellByPosition(0, 0).setString("Änderungsprotokoll der Datenmeldungen")
        sh.getCellByPosition(0, 0).CharWeight = 150.0
        sh.getCellByPosition(0, 1).setString(
            "Jeder Wert, den eine Datenmeldung auf dem Blatt Werte eingetragen oder ersetzt hat, mit altem und neuem "
            "Wert (scripts/datenmeldung.sh zusammenfuehren). Bitte nichts löschen.")
        head = sh.getCellRangeByPosition(0, 3, len(LOG_HEAD) - 1, 3)
        head.setDataArray((LOG_HEAD,))
        _style_range(head, CharWeight=150.0, CellBackColor=HEAD_COLOUR)
        for c, w in enumerate((3300, 1800, 3000, 1800, 1400, 1600, 6000, 1800, 3000, 1200, 1600, 2000, 2000, 1800,
                               6000)):
            sh.getColumns().getByIndex(c).Width = w
    sh = sheets.getByName(LOG_SHEET)
    cursor = sh.createCursor()
    cursor.gotoEndOfUsedArea(False)
    start = max(cursor.RangeAddress.EndRow + 1, 4)
    rows = []
    for (_tag, cell, ind, iname, gid, gname, year, field, old_kind, old, new, what) in logs:
        rows.append((when, identity[0], identity[1], "Werte", cell, float(ind), iname, gid, gname, float(year), field,
                     _log_value(old_kind, old), float(new), what, source_file))
    sh.getCellRangeByPosition(0, start, len(LOG_HEAD) - 1, start + len(rows) - 1).setDataArray(tuple(rows))
    return len(rows)


def identity_of(plan):
    line = next((r[1] for r in plan if r[0] == "report"), "")
    m = re.match(r"Datenmeldung (\S+) (.*?) aus „", line)
    return (m.group(1), m.group(2)) if m else ("", "")


def apply_merge(doc, plan, source_file, when):
    di.apply(doc, plan)
    return write_log(doc, plan, identity_of(plan), source_file, when)


RETURN_FORMATS = (".xlsx", ".ods", ".xls")


def open_returned(desktop, path):
    import uno
    ext = os.path.splitext(path)[1].lower()
    if ext not in RETURN_FORMATS:
        raise Abbruch(f"„{shown(path)}“ ist keine Datenmeldung im Format .xlsx oder .ods (Endung „{ext or 'keine'}“): "
                      "als CSV oder Text gespeichert fehlen Kennung, Prüfung und Blätter. Bitte die Kommune, die "
                      "Datenmeldung im Format zurückzuschicken, in dem sie sie bekommen hat.", EXIT_AUFRUF)
    try:
        form_doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                                (wg.prop("Hidden", True), wg.prop("ReadOnly", True)))
    except Exception:
        form_doc = None
    if form_doc is None or not form_doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        if form_doc is not None:
            form_doc.close(True)
        raise Abbruch(f"„{shown(path)}“ ließ sich nicht als Tabelle öffnen.", EXIT_AUFRUF)
    return form_doc


def merge_files(desktop, doc, tool, paths, kommune=None, apply_changes=False, when=None):
    """Plans and applies each returned file in turn on doc (a private copy). Returns (report lines, number of
    cells written, refused files)."""
    when = when or datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    report, written, refused = [], 0, []
    for path in paths:
        name = os.path.basename(path)
        try:
            form_doc = open_returned(desktop, path)
            try:
                plan = plan_merge(tool, doc, form_doc, name, kommune, apply_changes)
            finally:
                form_doc.close(True)
        except Abbruch as e:
            if e.code != EXIT_AUFRUF:
                raise
            refused.append(name)
            report.append(f"Abgelehnt: „{name}“ – {e}")
            continue
        report += [r[1] for r in plan if r[0] == "report"]
        written += sum(1 for r in plan if r[0] == "set")
        apply_merge(doc, plan, name, when)
    return report, written, refused


# ---- Command line ------------------------------------------------------------------------------------------------

def fault(stage):
    """Test hook (ISP_DATENMELDUNG_ABBRUCH=nach-anwenden|beim-speichern): a failure between reading and storing."""
    return os.environ.get("ISP_DATENMELDUNG_ABBRUCH") == stage


def merge_into_file(desktop, doc, tool, paths, target, kommune=None, apply_changes=False, check_only=False,
                    report_path=None, when=None):
    """Merges the returned files into doc (a private copy of the workbook) and stores it to target through a
    temporary file. Returns (exit code, report text). Nothing is written when every file is refused, nothing
    changes, or check_only; an error before the rename leaves target as it was."""
    report, count, refused = merge_files(desktop, doc, tool, paths, kommune, apply_changes, when)
    text = "\n".join(report)
    print(text)
    if report_path:
        with open(wg.local_path(report_path, "--bericht"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
    if refused and len(refused) == len(paths):
        print("\nAlle Dateien wurden abgelehnt; es wurde nichts geschrieben.")
        return EXIT_AUFRUF, text
    partial = EXIT_TEILWEISE if refused else EXIT_OK
    if check_only:
        print("\n(Nur geprüft: es wurde nichts geschrieben.)")
        return partial, text
    if count == 0:
        print("\nKeine Änderung: es wurde keine Datei geschrieben.")
        return partial, text
    if fault("nach-anwenden"):
        raise Abbruch("Testabbruch nach dem Anwenden, vor dem Speichern.")
    doc.calculateAll()
    store_atomic(doc, target, fail_before_rename=fault("beim-speichern"))
    STORED.append(target)
    cells = "1 Zelle" if count == 1 else f"{count} Zellen"
    print(f"\nGeschrieben: {shown(target)} ({cells}, jede im Blatt „{LOG_SHEET}“ protokolliert)")
    return partial, text


def check_workbook(path):
    if not os.path.isfile(path):
        raise Abbruch(f"Arbeitsmappe „{shown(path)}“ gibt es nicht.", EXIT_AUFRUF)
    if os.path.splitext(path)[1].lower() not in di.FORMATS:
        raise Abbruch(f"„{shown(path)}“: erwartet eine Arbeitsmappe .ods, .ots oder .xlsx.", EXIT_AUFRUF)


def lock_owner(path):
    """Who has path open in LibreOffice (its `.~lock.<name>#` file beside it: ",name,host,date,..."), or None."""
    lock = os.path.join(os.path.dirname(path), f".~lock.{os.path.basename(path)}#")
    try:
        with open(lock, encoding="utf-8", errors="replace") as f:
            fields = f.read(4096).split(",")
    except OSError:
        return None
    return (fields[1].strip() if len(fields) > 1 else "") or "unbekannt"


def check_writable(path, what):
    """Refuses a file that another LibreOffice has open (its later save would undo the merge) or that is
    read-only (replacing it would override the write protection)."""
    owner = lock_owner(path)
    if owner is not None:
        raise Abbruch(f"{what} „{shown(path)}“ ist gerade in LibreOffice geöffnet (von „{owner}“): erst dort schließen, "
                      "sonst überschreibt das spätere Speichern die übernommenen Werte. Es wurde nichts geschrieben.",
                      EXIT_AUFRUF)
    if os.path.exists(path) and (not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o200):
        # the mode bit too: root may write anywhere, but a file marked read-only is not replaced
        raise Abbruch(f"{what} „{shown(path)}“ ist schreibgeschützt: es wurde nichts geschrieben. Mit --ziel eine "
                      "andere Datei wählen.", EXIT_AUFRUF)


def merge_target(args, workbook, paths=()):
    if args.mappe_aendern:
        if os.path.splitext(workbook)[1].lower() == ".ots":
            raise Abbruch("Eine Vorlage (.ots) wird nicht ersetzt: --ziel angeben.", EXIT_AUFRUF)
        if not args.pruefen:
            check_writable(workbook, "Die Arbeitsmappe")
        return workbook
    stem, ext = os.path.splitext(os.path.basename(workbook))
    ext = ".ods" if ext.lower() == ".ots" else ext.lower()
    target = wg.local_path(args.ziel, "--ziel") if args.ziel else os.path.join(os.path.dirname(workbook),
                                                                              f"{stem}_meldungen{ext}")
    if os.path.splitext(target)[1].lower() not in FORMATS:
        raise Abbruch(f"Ergebnisdatei „{shown(target)}“: Endung .ods oder .xlsx angeben.", EXIT_AUFRUF)
    if os.path.lexists(target) and wg.same_file(target, workbook):
        raise Abbruch("Die Ergebnisdatei ist die Arbeitsmappe selbst: dafür --mappe-aendern angeben.", EXIT_AUFRUF)
    if os.path.lexists(target) and any(wg.same_file(target, p) for p in paths):
        raise Abbruch(f"Die Ergebnisdatei „{shown(target)}“ ist eine der Rückmeldungen: mit --ziel eine andere Datei "
                      "wählen.", EXIT_AUFRUF)
    if os.path.lexists(target) and not args.ueberschreiben and not args.pruefen:
        raise Abbruch(f"„{shown(target)}“ gibt es schon: --ueberschreiben angeben oder mit --ziel eine andere "
                      "Datei wählen. Es wurde nichts geschrieben.", EXIT_AUFRUF)
    if os.path.lexists(target) and not args.pruefen:
        check_writable(target, "Die Ergebnisdatei")
    return target


def load_copy(desktop, workbook, workdir):
    """The workbook is never opened itself: a private copy is (so an error midway cannot touch it)."""
    return di.open_copy(desktop, wg.private_copy(workbook, workdir), workbook)


STORED = []  # the merge results renamed into place in this run (for the message after a late Ctrl-C)


def _without_interrupt(action):
    """Runs the clean-up (ending the office) so that Ctrl-C or SIGTERM cannot cut it short and leave soffice
    running; a signal that arrives meanwhile is raised afterwards."""
    pending = []

    def remember(signum, frame):
        pending.append(signum)

    old = {sig: signal.signal(sig, remember) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        action()
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    if pending:
        raise KeyboardInterrupt


def run(args):
    try:
        return _run(args)
    except KeyboardInterrupt:
        if STORED:  # interrupted after the rename: the result is whole, and the message must say so
            raise Abbruch(f"abgebrochen, aber erst nach dem Speichern: „{shown(STORED[-1])}“ ist vollständig "
                          "geschrieben, jeder übernommene Wert im Blatt „Änderungsprotokoll“.", EXIT_FEHLER)
        raise


def _run(args):
    workbook = wg.local_path(args.workbook, "Arbeitsmappe")
    check_workbook(workbook)
    tool = find_tool()
    if args.befehl == "erzeugen":
        stem = os.path.splitext(os.path.basename(workbook))[0]
        out_dir = (wg.local_path(args.ziel, "--ziel") if args.ziel
                   else os.path.join(os.path.dirname(workbook), f"{stem}_Datenmeldungen"))
        if os.path.exists(out_dir) and not os.path.isdir(out_dir):
            raise Abbruch(f"„{shown(out_dir)}“ ist kein Ordner.", EXIT_AUFRUF)
        formats = ("xlsx", "ods") if args.format == "beide" else (args.format,)
    else:
        paths = [wg.local_path(p, "Rückmeldung") for p in args.dateien]
        for p in paths:
            if not os.path.isfile(p):
                raise Abbruch(f"Rückmeldung „{shown(p)}“ gibt es nicht.", EXIT_AUFRUF)
        if args.kommune and len(paths) > 1:
            raise Abbruch("--kommune passt nur zu einer Rückmeldung.", EXIT_AUFRUF)
        target = merge_target(args, workbook, paths)
    oxt = wg.find_oxt(args.oxt)
    workdir = wg.work_dir("isp-datenmeldung-")
    try:
        profile = wg.private_profile(args, oxt, workdir)
        calc = wg.Calc(profile, workdir)
        try:
            calc.start()
            doc = load_copy(calc.desktop, workbook, workdir)
            if args.befehl == "erzeugen":
                os.makedirs(out_dir, exist_ok=True)
                forms, written = generate(calc.desktop, doc, tool, out_dir, formats, args.kommune, args.jahr,
                                          os.path.basename(workbook), args.ueberschreiben)
                for form in forms:
                    print(f"{form['id']} {form['name']}: {len(form['zeilen'])} Zeilen")
                print(f"\n{len(written)} Datenmeldungen geschrieben in {shown(out_dir)}")
                return EXIT_OK
            code, _report = merge_into_file(calc.desktop, doc, tool, paths, target, args.kommune, args.uebernehmen,
                                            args.pruefen, args.bericht)
            return code
        finally:
            _without_interrupt(calc.stop)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # SIGTERM / SIGHUP end the run like Ctrl-C: temporary files and the office cleaned up


def main(argv=None):
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupted)
    return di.cli_main(run, parse_args, argv, "ISP_DATENMELDUNG_DEBUG",
                       "abgebrochen; die Arbeitsmappe ist unverändert.",
                       "unerwarteter Fehler; die Arbeitsmappe ist unverändert.")


if __name__ == "__main__":
    sys.exit(main())
