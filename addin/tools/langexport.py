#!/usr/bin/python3
"""Long export (requirement X4): area × indicator × year × value × class as CSV (German and plain) and as a sheet
"Langformat", for GIS, R and BI tools. Started by scripts/langexport.sh; developer reference: docs/weitergabe.md,
section "Long export".

  langexport.py <Arbeitsmappe> --variante intern|sozialraum|oeffentlich [--sozialraum ID | --alle]
                [--blatt xlsx|ods|nein] [--out DIR] [--ueberschreiben] [--oxt PFAD] [--profile DIR]

The Weitergabe rules are NOT implemented here a second time: the add-in's Weitergabe service first writes the
variant's copy (intern = the values-only copy "werte", sozialraum = the pack of one Sozialraum, oeffentlich =
the public copy) to a private temporary file, and the long table is read only from that copy. What the copy
lacks (other areas' rows and columns, internal sheets, suppressed counts) cannot reach the long table. From the
original workbook only general data is read: the Datenjahr and Vergleichsjahr (named ranges Jahr, Vorjahr), the
area structure (ISP_WG_GEBIETE, ISP_WG_SOZIALRAEUME) to name the level of a key, and the indicator catalogue
(sheet Indikatoren) for names and units.

Tables read from the copy (found by their header texts, so inserted rows or columns do not matter):
  - indicator rows × area columns: a header row with "Nr." and "Einheit" (Atlas Sozialräume, Atlas Gemeinden,
    Sozialraumgespräch); the column key is a Gemeinde-ID in the row above the header, else the header itself
    ("SR 3", "PR II", "Landkreis", "Landkreis Vorjahr", "Sozialraum" = the sheet's Sozialraum-Nr.);
  - area rows × indicator columns: a row "Indikator-Nr." and a header row "Sozialraum" below it (Fachpläne:
    Sozialraumanalyse), with the columns "Belastungsindex (SD-Einheiten)" and "Belastungsklasse";
  - measures per Sozialraum: a header row "Sozialraum" | "Einwohner…" (monitoring sheets of the Fachpläne:
    HzE-Monitoring, Fallzahlen, EGH-Monitoring), indicator ID "<sheet>: <column header>";
  - classes only: a header row "Sozialraum" | "Städte und Gemeinden" (Sozialraummonitor: Dimensionen and
    Lebenslagen).

Exit codes as scripts/weitergabe.sh: 0 done, 1 failed, 2 refused because of the call (nothing written).
"""
import argparse
import csv
import io
import math
import os
import re
import shutil
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import weitergabe as W  # noqa: E402  (German argparse, office, profile, target checks)

Abbruch = W.Abbruch
EXIT_OK, EXIT_FEHLER, EXIT_AUFRUF = W.EXIT_OK, W.EXIT_FEHLER, W.EXIT_AUFRUF

# Columns of the long table: German header (German CSV, sheet) and plain header (plain CSV: ASCII, for R/GIS).
COLUMNS = [("Ebene", "ebene"), ("Gebiet-ID", "gebiet_id"), ("Gebiet", "gebiet"), ("Indikator-ID", "indikator_id"),
           ("Indikator", "indikator"), ("Einheit", "einheit"), ("Jahr", "jahr"), ("Wert", "wert"),
           ("Klasse", "klasse"), ("Grund", "grund")]

# The Weitergabe variant whose copy the long table is read from.
SERVICE_VARIANT = {"intern": "werte", "sozialraum": "sozialraum", "oeffentlich": "oeffentlich"}

MISSING = "fehlend"
NO_STATEMENT = "keine Aussage"
CLASS_ONLY = "nur Klasse"
IMPORT_PREFIX = "ISP-Import: "
VALUE, STRING = 1, 4  # com.sun.star.sheet.CellFlags


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="langexport.sh",
        description="Langformat einer ISP-Arbeitsmappe (Gebiet × Indikator × Jahr × Wert × Klasse) als CSV "
                    "(deutsch und einfach) und als Tabelle „Langformat“ – nach den Regeln der gewählten "
                    "Weitergabe-Variante.",
        epilog="Rückgabewert: 0 fertig, 1 eine Ausgabe ist gescheitert, 2 falscher Aufruf (es wurde nichts "
               "geschrieben). Die Arbeitsmappe selbst wird nie beschrieben.")
    ap.add_argument("workbook", metavar="Arbeitsmappe", help="Pfad oder file:-URL der Arbeitsmappe")
    ap.add_argument("--variante", required=True, choices=["intern", "sozialraum", "oeffentlich"],
                    help="intern: alle Gebiete (nur für den internen Gebrauch); sozialraum: nur was die Fassung "
                         "für einen Sozialraum enthält; oeffentlich: nur Klassen")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--sozialraum", metavar="ID", help="Sozialraum-Nummer (Variante sozialraum)")
    group.add_argument("--alle", action="store_true", help="eine Ausgabe je Sozialraum (Variante sozialraum)")
    ap.add_argument("--blatt", choices=["xlsx", "ods", "nein"], default="xlsx",
                    help="zusätzlich eine Tabelle mit dem Blatt „Langformat“ (Standard: xlsx)")
    ap.add_argument("--out", metavar="DIR", help="Zielordner (Standard: <Ordner der Arbeitsmappe>/weitergabe)")
    ap.add_argument("--ueberschreiben", action="store_true",
                    help="vorhandene Zieldateien ersetzen (sonst wird abgebrochen, bevor etwas geschrieben wird)")
    ap.add_argument("--oxt", metavar="PFAD", help="Pfad zu isp-sozialplanung.oxt (Standard: build/addin/)")
    ap.add_argument("--profile", metavar="DIR", help="LibreOffice-Profil (wird angelegt und wiederverwendet)")
    args = ap.parse_args(argv)
    if args.variante == "sozialraum" and not (args.sozialraum or args.alle):
        ap.error("für --variante sozialraum bitte --sozialraum ID oder --alle angeben")
    if args.variante != "sozialraum" and (args.sozialraum or args.alle):
        ap.error("--sozialraum und --alle gelten nur für --variante sozialraum")
    return args


def file_names(stem, suffix, blatt):
    """German CSV, plain CSV and (unless blatt == "nein") the workbook with the sheet Langformat."""
    base = f"{stem}_langformat_{suffix}"
    names = [f"{base}.csv", f"{base}_einfach.csv"]
    if blatt != "nein":
        names.append(f"{base}.{blatt}")
    return names


def suffix_of(variant, area):
    return f"SR{area}" if variant == "sozialraum" else variant


# ---- general data of the original ----------------------------------------------------------------------------

def key_text(v):
    """A key cell as text: a number as its integer text (3.0 -> "3"), texts stripped."""
    if isinstance(v, float):
        return str(int(v)) if v == int(v) else repr(v)
    return (v or "").strip()


def named_cells(doc, name):
    names = doc.NamedRanges
    if not names.hasByName(name):
        return None
    try:
        return names.getByName(name).getReferredCells()
    except Exception:
        return None


def named_number(doc, name):
    cells = named_cells(doc, name)
    if cells is None:
        return None
    v = cells.getDataArray()[0][0]
    return int(v) if isinstance(v, float) and v == int(v) else None


class Structure:
    """The area structure and the indicator catalogue of the original (no values of areas)."""

    def __init__(self, doc):
        self.gemeinden = {}  # ID -> (name, SR-ID, PR-ID)
        cells = named_cells(doc, "ISP_WG_GEBIETE")
        if cells is not None:
            for row in cells.getDataArray():
                gid = key_text(row[0])
                if gid:
                    self.gemeinden[gid] = (key_text(row[1]), key_text(row[2]), key_text(row[3]))
        self.sozialraeume = {}  # ID -> name
        cells = named_cells(doc, "ISP_WG_SOZIALRAEUME")
        if cells is not None:
            for row in cells.getDataArray():
                if key_text(row[0]):
                    self.sozialraeume[key_text(row[0])] = key_text(row[1])
        for gid, (_, sr, _) in self.gemeinden.items():
            self.sozialraeume.setdefault(sr, "")
        self.planungsraeume = {pr for _, _, pr in self.gemeinden.values() if pr}
        self.year = named_number(doc, "Jahr")
        self.prior_year = named_number(doc, "Vorjahr")
        self.catalogue = {}  # "13" -> (name, unit)
        if doc.Sheets.hasByName("Indikatoren"):
            grid = used_grid(doc.Sheets.getByName("Indikatoren"))
            head = next((i for i, row in enumerate(grid) if row and row[0] == "Nr."), None)
            if head is not None:
                cols = {h: j for j, h in enumerate(grid[head]) if isinstance(h, str)}
                for row in grid[head + 1:]:
                    if isinstance(row[0], float):
                        self.catalogue[key_text(row[0])] = (cell_text(row, cols.get("Indikator")),
                                                            cell_text(row, cols.get("Einheit")))

    def area(self, key, sheet_sr=None):
        """(Ebene, Gebiet-ID, Gebiet, year offset) for a key of the copy, or None (not an area)."""
        k = key.strip()
        if not k:
            return None
        if k in self.gemeinden:
            return ("Gemeinde", k, self.gemeinden[k][0], 0)
        if k == "Landkreis":
            return ("Landkreis", "LK", "Landkreis", 0)
        if k == "Landkreis Vorjahr":
            return ("Landkreis", "LK", "Landkreis", -1)
        if k == "Sozialraum" and sheet_sr:
            k = sheet_sr
        m = re.fullmatch(r"(?:SR|Sozialraum)\s*(\S+)", k)
        sr = m.group(1) if m else k
        if sr in self.sozialraeume:
            return ("Sozialraum", sr, self.sozialraeume[sr] or f"Sozialraum {sr}", 0)
        m = re.fullmatch(r"(?:PR|Planungsraum)\s*(\S+)", k)
        pr = m.group(1) if m else k  # a bare Planungsraum-ID as in GEBIETE (Weitergabe rule W4)
        if pr in self.planungsraeume:
            return ("Planungsraum", pr, f"Planungsraum {pr}", 0)
        return None


def cell_text(row, j):
    if j is None or j >= len(row):
        return ""
    return key_text(row[j])


def used_grid(sheet):
    cur = sheet.createCursor()
    cur.gotoEndOfUsedArea(False)
    a = cur.RangeAddress
    if a.EndRow < 0 or a.EndColumn < 0:
        return []
    return [list(r) for r in sheet.getCellRangeByPosition(0, 0, a.EndColumn, a.EndRow).getDataArray()]


# ---- the long table from the copy ----------------------------------------------------------------------------

class Collector:
    """Rows of the long table; the first row of a key (level, area, indicator, year) wins: the Landkreis stands
    on both atlas sheets with the same value."""

    def __init__(self, structure, threshold_text, import_reasons):
        self.s = structure
        self.rows = []
        self.keys = set()
        self.suppressed = threshold_text
        self.import_reasons = import_reasons

    def add(self, area, indicator_id, indicator, unit, year, raw, klasse=""):
        level, aid, name, _ = area
        key = (level, aid, indicator_id, year)
        if key in self.keys:
            return
        self.keys.add(key)
        value, reason = "", ""
        if isinstance(raw, float) and math.isfinite(raw):
            value = raw
        else:
            text = (raw or "").strip() if isinstance(raw, str) else ""
            if text == ".":
                reason = self.suppressed
            elif text == "k. A.":
                reason = NO_STATEMENT
            elif text.startswith(("#", "Err:")):
                reason = f"Fehler: {text}"
            elif raw is None:
                reason = CLASS_ONLY
            else:
                reason = self.import_reasons.get((year, aid, indicator_id), MISSING) if level == "Gemeinde" \
                    else MISSING
                if text and reason == MISSING:
                    reason = f"kein Zahlenwert: „{text}“"
        if value == "" and klasse and reason == MISSING:
            reason = ""
        self.rows.append([level, aid, name, indicator_id, indicator, unit, year, value, klasse, reason])


def sheet_sr(grid):
    """The Sozialraum a single-area sheet shows: the number beside "Sozialraum-Nr."."""
    for row in grid:
        if row and row[0] == "Sozialraum-Nr." and len(row) > 1:
            return key_text(row[1])
    return None


def indicator_rows_by_area_columns(grid, col, s):
    """Header rows with "Nr." and "Einheit": indicators in rows, areas in columns."""
    own_sr = sheet_sr(grid)
    for h, row in enumerate(grid):
        labels = [x if isinstance(x, str) else "" for x in row]
        if "Nr." not in labels or "Einheit" not in labels:
            continue
        nr, unit = labels.index("Nr."), labels.index("Einheit")
        name_col = labels.index("Indikator") if "Indikator" in labels else None
        areas = []
        for c in range(unit + 1, len(row)):
            above = key_text(grid[h - 1][c]) if h > 0 else ""
            area = s.area(above) if above else None
            if area is None or area[0] != "Gemeinde":
                area = s.area(key_text(row[c]), own_sr)
            if area is not None:
                areas.append((c, area))
        for r in range(h + 1, len(grid)):
            line = grid[r]
            if not isinstance(line[nr], float):
                if any(isinstance(x, float) for x in line):
                    continue
                break
            ind = key_text(line[nr])
            cat = s.catalogue.get(ind, ("", ""))
            name = cat[0] or cell_text(line, name_col)
            for c, area in areas:
                year = s.year if area[3] == 0 else s.prior_year
                col.add(area, ind, name, cat[1] or cell_text(line, unit), year, line[c])


def area_rows_by_indicator_columns(grid, col, s):
    """A row "Indikator-Nr." above a header row "Sozialraum": areas in rows, indicators in columns, then the
    index and its class."""
    for i, row in enumerate(grid):
        if not row or row[0] != "Indikator-Nr.":
            continue
        head = next((h for h in range(i + 1, len(grid)) if grid[h][0] == "Sozialraum"), None)
        if head is None:
            continue
        labels = [x if isinstance(x, str) else "" for x in grid[head]]
        for h2 in range(i, head):  # the index columns are labelled in a row between
            for c, x in enumerate(grid[h2]):
                if isinstance(x, str) and x and not labels[c]:
                    labels[c] = x
        indicators = [(c, key_text(x)) for c, x in enumerate(row) if isinstance(x, float)]
        index_col = labels.index("Belastungsindex (SD-Einheiten)") if "Belastungsindex (SD-Einheiten)" in labels \
            else None
        class_col = labels.index("Belastungsklasse") if "Belastungsklasse" in labels else None
        title = grid[0][0] if grid and isinstance(grid[0][0], str) else ""
        m = re.search(r"„([^“]+)“", title)
        index_name = f"Belastungsindex „{m.group(1)}“" if m else "Belastungsindex"
        for r in range(head + 1, len(grid)):
            area = s.area(key_text(grid[r][0]))
            if area is None:
                if key_text(grid[r][0]):
                    continue
                break
            for c, ind in indicators:
                name, unit = s.catalogue.get(ind, ("", ""))
                col.add(area, ind, name, unit, s.year, grid[r][c])
            if index_col is not None and area[0] != "Landkreis":
                klasse = key_text(grid[r][class_col]) if class_col is not None else ""
                col.add(area, "Belastungsindex", index_name, "SD-Einheiten (0 = Landkreis)", s.year,
                        grid[r][index_col], klasse)


def measures_by_area_rows(grid, col, s, sheet):
    """Header rows "Sozialraum" | "Einwohner…" without an "Indikator-Nr." row above (monitoring of the Fachpläne:
    HzE-Monitoring, Fallzahlen, EGH-Monitoring) or "Gebiet" | "Bezeichnung" | "Einwohner…" (the Demografie-Monitor's
    Kennzahlen: Sozialräume, Planungsräume, Landkreis): areas in rows, one measure per column with numbers; the
    indicator ID is "<sheet>: <column header>". A suppressed count (".") is kept as a missing value."""
    for h, row in enumerate(grid):
        if len(row) < 3 or not (row[0] == "Sozialraum" and str(row[1]).startswith("Einwohner") or
                                row[0] == "Gebiet" and row[1] == "Bezeichnung" and str(row[2]).startswith("Einwohner")):
            continue
        if any(r and r[0] == "Indikator-Nr." for r in grid[max(0, h - 8):h]):
            continue
        rows = []
        for r in range(h + 1, len(grid)):
            area = s.area(key_text(grid[r][0]))
            if area is None:
                break
            rows.append((r, area))
        for c in range(1, len(row)):
            head = " ".join(str(row[c]).split())
            if not head or not any(isinstance(grid[r][c], float) or grid[r][c] == "." for r, _ in rows):
                continue
            for r, area in rows:
                col.add(area, f"{sheet}: {head}", head, "", s.year, grid[r][c])


YEAR_CLASS = re.compile(r"^Klasse (\d{4})$")


def class_changes(grid, col, s):
    """Klassenwechsel (t_sozialraummonitor.klassenwechsel_sheet): header rows "Sozialraum" | "Städte und Gemeinden"
    | "Klasse <Jahr>" "Klasse <Jahr>" "Wechsel" … under the Lebenslage's name: the class of each Sozialraum and
    Lebenslage in the Vergleichsjahr and the Datenjahr (the monitor sheet gives the Datenjahr's first)."""
    for h, row in enumerate(grid):
        if len(row) < 3 or row[0] != "Sozialraum" or row[1] != "Städte und Gemeinden" or h == 0:
            continue
        for c, head in enumerate(row):
            m = YEAR_CLASS.match(head) if isinstance(head, str) else None
            if not m:
                continue
            # The Lebenslage heading is merged over the block: its text stands above the first class column.
            name = key_text(grid[h - 1][c]) or key_text(grid[h - 1][c - 1])
            for r in range(h + 1, len(grid)):
                area = s.area(key_text(grid[r][0]))
                if area is None:
                    break
                text = key_text(grid[r][c])
                col.add(area, f"Lebenslage: {name}", f"Belastungsindex Lebenslage „{name}“", "Klasse",
                        int(m.group(1)), "k. A." if text in ("", "k. A.") else None,
                        "" if text == "k. A." else text)


def classes_only(grid, col, s):
    """Header rows "Sozialraum" | "Städte und Gemeinden": one class per Sozialraum and group (public sheet)."""
    for h, row in enumerate(grid):
        if len(row) < 3 or row[0] != "Sozialraum" or row[1] != "Städte und Gemeinden":
            continue
        if any(isinstance(x, str) and YEAR_CLASS.match(x) for x in row):
            continue  # a Klassenwechsel block: class_changes
        group = key_text(grid[h - 1][0]) if h > 0 else ""
        kind = "Lebenslage" if "Lebenslage" in group else "Dimension"
        names = [(c, " ".join(x.replace("-\n", "").split())) for c, x in enumerate(row)
                 if c >= 2 and isinstance(x, str) and x]
        for r in range(h + 1, len(grid)):
            area = s.area(key_text(grid[r][0]))
            if area is None:
                break
            if area[0] == "Landkreis":
                continue  # "Bezug": the reference, no class
            for c, name in names:
                text = key_text(grid[r][c])
                klasse = "" if text == "k. A." else text
                col.add(area, f"{kind}: {name}", f"Belastungsindex {kind} „{name}“", "Klasse", s.year,
                        "k. A." if not klasse else None, klasse)


def import_reasons(doc, year):
    """The import's reasons of missing values (comments "ISP-Import: …" on the Werte sheet, docs/import.md), by
    (year, Gemeinde-ID, indicator): only when the copy still has the Werte sheet (variant intern)."""
    reasons = {}
    if not doc.Sheets.hasByName("Werte"):
        return reasons
    sh = doc.Sheets.getByName("Werte")
    for note in sh.Annotations:
        text = note.String
        if not text.startswith(IMPORT_PREFIX):
            continue
        pos = note.Position
        key = sh.getCellRangeByPosition(0, pos.Row, 2, pos.Row).getDataArray()[0]
        if isinstance(key[0], float):
            reasons[(int(key[0]), key_text(key[1]), key_text(key[2]))] = text[len(IMPORT_PREFIX):]
    return reasons


def long_table(copy, structure, threshold=3):
    """The long table of a Weitergabe copy: a list of rows (COLUMNS), sorted by level, area, indicator, year."""
    col = Collector(structure, f"geheim (< {threshold})", import_reasons(copy, structure.year))
    for i in range(copy.Sheets.Count):
        sh = copy.Sheets.getByIndex(i)
        if sh.Name in ("Werte", "Summen", "Indikatoren", "Gebiete", "Rechenweg_Vorjahr", "Rechenweg_Dynamik",
                       "Karte"):
            # Rechenweg_Vorjahr: the Vergleichsjahr's classes come from the sheet Klassenwechsel;
            # Rechenweg_Dynamik: changes between two years, not values of a year; Karte: the monitor's classes of
            # one chosen group again (docs/karte.md), exported from the monitor itself
            continue
        grid = used_grid(sh)
        if not grid:
            continue
        width = max(len(r) for r in grid)
        grid = [r + [""] * (width - len(r)) for r in grid]
        indicator_rows_by_area_columns(grid, col, structure)
        area_rows_by_indicator_columns(grid, col, structure)
        measures_by_area_rows(grid, col, structure, sh.Name)
        classes_only(grid, col, structure)
        class_changes(grid, col, structure)
    order = {"Landkreis": 0, "Planungsraum": 1, "Sozialraum": 2, "Gemeinde": 3}

    def sort_key(row):
        aid = row[1]
        ind = row[3]
        return (order[row[0]], (0, int(aid), "") if aid.isdigit() else (1, 0, aid),
                (0, int(ind), "") if ind.isdigit() else (1, 0, ind), row[6] or 0)
    col.rows.sort(key=sort_key)
    return col.rows


# ---- writing --------------------------------------------------------------------------------------------------

def german_number(v):
    """A number in German notation without grouping: 1234,5 (repr precision, no exponent for usual sizes)."""
    text = repr(v)
    if "e" in text or "E" in text:
        text = f"{v:.17f}".rstrip("0").rstrip(".")
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def plain_number(v):
    text = repr(v)
    return text[:-2] if text.endswith(".0") else text


def csv_text(rows, german):
    out = io.StringIO()
    w = csv.writer(out, delimiter=";" if german else ",", lineterminator="\r\n" if german else "\n")
    w.writerow([de if german else plain for de, plain in COLUMNS])
    fmt = german_number if german else plain_number
    for row in rows:
        w.writerow([fmt(x) if isinstance(x, float) else ("" if x is None else str(x)) for x in row])
    return out.getvalue()


def write_atomic(path, data):
    tmp = os.path.join(os.path.dirname(path), f"{W.TEMP_PREFIX}{uuid.uuid4().hex[:12]}-{os.path.basename(path)}")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_csvs(rows, german_path, plain_path):
    # German: UTF-8 with BOM, so that Excel opens it with umlauts; plain: UTF-8 without BOM.
    write_atomic(german_path, b"\xef\xbb\xbf" + csv_text(rows, True).encode("utf-8"))
    write_atomic(plain_path, csv_text(rows, False).encode("utf-8"))


def write_sheet(calc, rows, path):
    """A workbook with the one sheet "Langformat": numbers as numbers, missing values as empty cells."""
    import uno
    doc = calc.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (W.prop("Hidden", True),))
    try:
        sheets = doc.Sheets
        sh = sheets.getByIndex(0)
        sh.Name = "Langformat"
        data = [tuple(de for de, _ in COLUMNS)]
        data += [tuple(x if isinstance(x, float) else (float(x) if isinstance(x, int) else (x or "")) for x in r)
                 for r in rows]
        rng = sh.getCellRangeByPosition(0, 0, len(COLUMNS) - 1, len(data) - 1)
        rng.setDataArray(tuple(data))
        # setDataArray writes "" as an empty text cell; a missing value must be an empty cell: cleared in runs.
        for j in range(len(COLUMNS)):
            start = None
            for i in range(len(rows) + 1):
                empty = i < len(rows) and rows[i][j] in ("", None)
                if empty and start is None:
                    start = i
                elif not empty and start is not None:
                    sh.getCellRangeByPosition(j, start + 1, j, i).clearContents(STRING | VALUE)
                    start = None
        sh.getCellRangeByPosition(0, 0, len(COLUMNS) - 1, 0).CharWeight = 150.0  # bold header
        sh.getColumns().OptimalWidth = True
        filt = "Calc Office Open XML" if path.endswith(".xlsx") else "calc8"
        tmp = os.path.join(os.path.dirname(path), f"{W.TEMP_PREFIX}{uuid.uuid4().hex[:12]}-{os.path.basename(path)}")
        try:
            doc.storeToURL(uno.systemPathToFileUrl(tmp), (W.prop("FilterName", filt), W.prop("Overwrite", True)))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):  # a failed store leaves no partial file
                os.unlink(tmp)
    finally:
        doc.close(True)


def export(calc, service, doc, structure, variant, area, workdir):
    """The long table of one variant. intern: the open workbook itself – the Weitergabe variant "werte" keeps
    every sheet and every value unchanged (only formulas become values), so its copy would hold the same
    numbers, and writing it costs ~20 s per workbook. sozialraum, oeffentlich: the service's copy of the variant
    is written to a temporary ODS, read and removed; only what it holds reaches the long table."""
    import uno
    threshold = 3
    cells = named_cells(doc, "ISP_WG_SCHWELLE")
    if cells is not None and isinstance(cells.getDataArray()[0][0], float):
        threshold = cells.getDataArray()[0][0]
        threshold = int(threshold) if threshold == int(threshold) else threshold
    if variant == "intern":
        return long_table(doc, structure, threshold)
    tmp = os.path.join(workdir, f"kopie-{uuid.uuid4().hex[:8]}.ods")
    service.exportCopy(doc, SERVICE_VARIANT[variant], area, uno.systemPathToFileUrl(tmp))
    copy = calc.desktop.loadComponentFromURL(uno.systemPathToFileUrl(tmp), "_blank", 0, (W.prop("Hidden", True),))
    try:
        return long_table(copy, structure, threshold)
    finally:
        copy.close(True)
        os.unlink(tmp)


def run(args):
    try:
        import uno
    except ImportError:
        raise Abbruch("Python kann LibreOffice nicht ansprechen: das Paket python3-uno fehlt "
                      "(scripts/install-deps.sh).")
    workbook = W.local_path(args.workbook, "Arbeitsmappe")
    if not os.path.isfile(workbook):
        raise Abbruch(f"Arbeitsmappe nicht gefunden: {args.workbook}", EXIT_AUFRUF)
    stem = os.path.splitext(os.path.basename(workbook))[0]
    out_dir = W.local_path(args.out, "--out") if args.out else os.path.join(os.path.dirname(workbook), "weitergabe")
    W.check_out_dir(out_dir, args.out or W.shown(out_dir))
    if os.path.isdir(out_dir) and not args.alle:
        suffix = suffix_of(args.variante, W.area_id(args.sozialraum or ""))
        W.check_targets(workbook, out_dir, file_names(stem, suffix, args.blatt), args.ueberschreiben)
    oxt = W.find_oxt(args.oxt)
    created = W.make_out_dir(out_dir)
    workdir = W.work_dir("isp-langexport-")
    written = []
    try:
        profile = W.private_profile(args, oxt, workdir)
        W.register_types(oxt, workdir)
        copy = W.private_copy(workbook, workdir)
        calc = W.Calc(profile, workdir)
        try:
            calc.start()
            doc = calc.desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0,
                                                    (W.prop("Hidden", True),))
            if doc is None or not doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
                raise Abbruch(f"„{W.shown(workbook)}“ ist keine Tabellen-Arbeitsmappe.", EXIT_AUFRUF)
            service = calc.ctx.ServiceManager.createInstanceWithContext(W.SERVICE, calc.ctx)
            if service is None:
                raise Abbruch("Der Weitergabe-Dienst des Add-ins fehlt (Add-in zu alt?).")
            areas = [""]
            if args.variante == "sozialraum":
                try:
                    ids = [a.split("\t", 1)[0] for a in service.listAreas(doc)]
                except Exception as e:
                    raise Abbruch(W.clean_message(W.uno_message(e)))
                areas = ids if args.alle else [W.area_id(args.sozialraum)]
                if areas[0] not in ids:
                    raise Abbruch(f"Sozialraum „{args.sozialraum}“ gibt es in dieser Arbeitsmappe nicht "
                                  f"(vorhanden: {', '.join(ids)}). Es wurde nichts geschrieben.", EXIT_AUFRUF)
                if args.alle:
                    W.check_targets(workbook, out_dir, [n for a in areas for n in file_names(
                        stem, suffix_of("sozialraum", a), args.blatt)], args.ueberschreiben)
            structure = Structure(doc)
            if structure.year is None:
                raise Abbruch("Die Arbeitsmappe hat keinen Bereichsnamen „Jahr“ (Datenjahr): das Langformat "
                              "braucht das Jahr der Werte.")
            for area in areas:
                try:
                    rows = export(calc, service, doc, structure, args.variante, area, workdir)
                except Abbruch:
                    raise
                except Exception as e:
                    if calc.gone():
                        raise Abbruch("LibreOffice wurde während des Langformat-Exports beendet.")
                    raise Abbruch(W.clean_message(W.uno_message(e)) or "Die Weitergabe-Kopie ließ sich nicht "
                                  "erstellen.")
                if not rows:
                    raise Abbruch("Die Arbeitsmappe enthält in dieser Variante keine Tabelle mit Indikatorwerten "
                                  "je Gebiet (erkannt werden die Blätter des Atlas, des Monitors und die "
                                  "Sozialraumanalyse der Fachpläne).")
                names = [os.path.join(out_dir, n) for n in
                         file_names(stem, suffix_of(args.variante, area), args.blatt)]
                write_csvs(rows, names[0], names[1])
                written += names[:2]
                if args.blatt != "nein":
                    write_sheet(calc, rows, names[2])
                    written.append(names[2])
                print(f"Langformat ({args.variante}{' SR ' + area if area else ''}): {len(rows)} Zeilen → "
                      + ", ".join(os.path.basename(n) for n in names))
            doc.close(True)
        finally:
            calc.stop()
        return EXIT_OK
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if not written:
            W.remove_created(created)


def main(argv=None):
    for sig in (W.signal.SIGTERM, W.signal.SIGHUP):
        W.signal.signal(sig, W._on_signal)
    return W.guarded_main(lambda: run(parse_args(argv)),
                          "Langformat-Export abgebrochen; die Arbeitsmappe selbst wird nie beschrieben.",
                          "Der Langformat-Export ist an einem unerwarteten Fehler gescheitert. Die Arbeitsmappe "
                          "selbst wird nie beschrieben.")


if __name__ == "__main__":
    sys.exit(main())
