"""The regionalised population projection (domain D7): one table per Gemeinde × Altersgruppe × Variante with the
years in columns, as the Statistisches Landesamt delivers the Regionalisierte Bevölkerungsvorausberechnung in
long form. Every Fachplan carries the same sheet; its Bevölkerungsprognose rolls the Gemeinden up to the
Sozialräume through the area hierarchy (Gebiete) for the variant chosen on the Parameter sheet, so that
switching the variant moves every Bedarf and Versorgungsgrad (F14). The Demografie-Monitor reads it too.

The age bands are disjoint and split where the Fachpläne and the demographic ratios need a boundary (3, 6, 10,
15, 18, 20, 27, 65, 80 …); a target group is an age range [von, bis unter) on band boundaries, summed with one
SUMIFS per cell (native, so the XLSX a Kommune opens without the add-in still recalculates). The
Schulentwicklungsplanung sums one Gemeinde's band instead (gemeinde_sum) and takes its share of one year of age.
"""
import math
import random

from . import common as C
from . import data as D
from .odf import col_letters

SHEET = "Bevölkerungsvorausberechnung"
# (key, label, von, bis unter, invented share of the population in the base year, invented trend per year)
BANDS = [("0-2", "unter 3", 0, 3, 0.024, -0.018), ("3-5", "3 bis unter 6", 3, 6, 0.026, -0.015),
         ("6-9", "6 bis unter 10", 6, 10, 0.036, -0.010), ("10-14", "10 bis unter 15", 10, 15, 0.045, 0.002),
         ("15-17", "15 bis unter 18", 15, 18, 0.027, 0.002),
         ("18-19", "18 bis unter 20", 18, 20, 0.016, 0.004), ("20-26", "20 bis unter 27", 20, 27, 0.055, -0.008),
         ("27-44", "27 bis unter 45", 27, 45, 0.210, -0.020), ("45-64", "45 bis unter 65", 45, 65, 0.273, -0.018),
         ("65-69", "65 bis unter 70", 65, 70, 0.075, 0.010), ("70-74", "70 bis unter 75", 70, 75, 0.065, 0.012),
         ("75-79", "75 bis unter 80", 75, 80, 0.055, -0.004), ("80-84", "80 bis unter 85", 80, 85, 0.050, 0.020),
         ("85-89", "85 bis unter 90", 85, 90, 0.030, 0.025), ("90+", "90 und älter", 90, None, 0.013, 0.030)]
# The variants as the planner chooses them on the Parameter sheet, with the invented extra migration balance per
# year under 65 / from 65 (Variante 2: lower net migration than Variante 1).
VARIANTEN = [("Variante 1", "höherer Wanderungssaldo", 0.0, 0.0),
             ("Variante 2", "niedrigerer Wanderungssaldo", -0.006, -0.002)]
JAHRE = list(range(D.BASE_YEAR, 2041))
ROW0 = 7  # first data row (header in row 6)
# The mean age of a band for the Durchschnittsalter: its middle; the open band "90 und älter" counts as 93.
OPEN_BAND_AGE = 93


def mean_age(band):
    _, _, von, bis, _, _ = band
    return OPEN_BAND_AGE if bis is None else (von + bis) / 2


def rows(sample):
    return len(VARIANTEN) * len(sample.gebiete) * len(BANDS)


# Empty rows below the sample's for Gemeinden a planner adds (three more Gemeinden in both variants), inside the
# names: a row pasted there is counted and checked like the others.
SPARE_ROWS = 3 * len(VARIANTEN) * len(BANDS)


def last_row(sample):
    return ROW0 + rows(sample) + SPARE_ROWS - 1


COL = {"id": "A", "name": "B", "sr": "C", "variante": "D", "alter": "E", "von": "F", "bis": "G"}
Y0 = 7  # column index (0-based) of the first year: H


def year_col(y):
    return col_letters(Y0 + JAHRE.index(y))


_PROJECTIONS = {}


def projection(sample):
    """Invented projection per (Variante, Gemeinde-ID, band key, year): base-year shares with a small
    Gemeinde-specific tilt, a trend per band and the variant's migration difference (computed once per sample)."""
    if id(sample) not in _PROJECTIONS:
        _PROJECTIONS[id(sample)] = (sample, _projection(sample))
    return _PROJECTIONS[id(sample)][1]


def _projection(sample):
    rng = random.Random(2023_07)
    tilt = {(g["id"], b[0]): math.exp(rng.gauss(0, 0.08)) for g in sample.gebiete for b in BANDS}
    out = {}
    for v, _, extra_young, extra_old in VARIANTEN:
        for g in sample.gebiete:
            for key, _, von, _, share, trend in BANDS:
                base = g["ew"] * share * tilt[(g["id"], key)]
                growth = 1 + trend + (extra_old if von >= 65 else extra_young)
                for y in JAHRE:
                    out[(v, g["id"], key, y)] = round(base * growth ** (y - JAHRE[0]))
    return out


def sr_value(sample, sr, year, von, bis, variante=VARIANTEN[0][0]):
    """What the roll-up shows for Sozialraum sr (for sample series derived from the projection)."""
    values = projection(sample)
    keys = band_keys(von, bis)
    return sum(values[(variante, g["id"], k, year)] for g in sample.gebiete if g["sr"] == sr for k in keys)


def band_keys(von, bis):
    """The bands of the age range [von, bis unter); bis None = open upwards. The range must lie on band
    boundaries (a target group cannot split a band of the official table)."""
    keys = [b[0] for b in BANDS if b[2] >= von and (bis is None or (b[3] is not None and b[3] <= bis))]
    covered = sum((b[3] or 200) - b[2] for b in BANDS if b[0] in keys)
    if not keys or covered != (bis or 200) - von:
        raise ValueError(f"age range {von}-{bis} does not lie on the bands' boundaries")
    return keys


def sheet(wb, sample):
    """The sheet Bevölkerungsvorausberechnung with the names VB_Gemeinde, VB_SR, VB_Variante, VB_Von, VB_Bis, VB_Jahre,
    VB_Werte. Input: Gemeinde-ID, Gemeinde, Variante, Altersgruppe, von, bis unter, one column per year; the
    Sozialraum comes from Gebiete, a Prüfung column flags unknown Gemeinden and missing values. Built once per
    workbook (several projection sheets read it)."""
    if any(s.name == SHEET for s in wb.sheets):
        return wb.get_sheet(SHEET)
    variante_validation(wb)
    sh = wb.sheet(SHEET, tab="#2e75b6")
    sh.printed = False  # the input table (~900 rows): planners print the roll-ups, not the raw table
    C.head(sh, "Regionalisierte Bevölkerungsvorausberechnung je Gemeinde",
           f"Einwohner je Gemeinde, Altersgruppe, Jahr ({JAHRE[0]} Basisjahr, dann Vorausberechnung) und Variante, "
           "im Aufbau der Regionalisierten Bevölkerungsvorausberechnung des Statistischen Landesamts (eine Zeile je "
           "Gemeinde, Variante und Altersgruppe; fiktive Werte). Der Sozialraum kommt aus dem Blatt Gebiete; die "
           "Variante wählen Sie auf dem Blatt Parameter. Je Gemeinde und Variante genau eine Zeile je Altersgruppe "
           "der Vorlage (von / bis unter), keine Zwischensummen (insgesamt, unter 18): sonst zeigt die Spalte "
           "Prüfung den Fehler und die Summen des Sozialraums #NV.", 14)
    sh.height(3, 1.5)
    last = last_row(sample)
    ylast = col_letters(Y0 + len(JAHRE) - 1)
    check = col_letters(Y0 + len(JAHRE))
    sh.row("A6", ["Gemeinde-ID", "Gemeinde", "Sozialraum", "Variante", "Altersgruppe", "von", "bis unter"],
           "ISP_Kopf")
    for j, y in enumerate(JAHRE):
        sh.set((5, Y0 + j), y, "ISP_Kopf", "YEAR")
    sh.set(f"{check}6", "Prüfung", "ISP_Kopf")
    values = projection(sample)
    r = ROW0
    gem = f"Gebiete.$A${C.G0}:$C${C.G1}"
    for v, _, _, _ in VARIANTEN:
        for g in sample.gebiete:
            for key, label, von, bis, _, _ in BANDS:
                sh.row(f"A{r}", [g["id"], g["name"]], "ISP_Eingabe")
                sh.set(f"C{r}", f'=IFERROR(VLOOKUP(A{r};{gem};3;0);"")', "ISP_Formel")
                sh.row(f"D{r}", [v, label], "ISP_Eingabe")
                sh.set(f"F{r}", von, "ISP_Eingabe", "N0", validation="v_anzahl")
                sh.set(f"G{r}", bis, "ISP_Eingabe", "N0", validation="v_anzahl")
                for j, y in enumerate(JAHRE):
                    sh.set((r - 1, Y0 + j), values[(v, g["id"], key, y)], "ISP_Eingabe", "N0",
                           validation="v_anzahl")
                sh.set(f"{check}{r}", "=" + row_check(r, last, ylast), "ISP_Formel")
                r += 1
    sh.fill(f"A{r}:B{last}", "ISP_Eingabe")
    sh.fill(f"D{r}:E{last}", "ISP_Eingabe")
    sh.fill(f"F{r}:{ylast}{last}", "ISP_Eingabe", "N0", "v_anzahl")
    for k in range(r, last + 1):
        sh.set(f"C{k}", f'=IFERROR(VLOOKUP(A{k};{gem};3;0);"")', "ISP_Formel")
        sh.set(f"{check}{k}", "=" + row_check(k, last, ylast), "ISP_Formel")
    sh.width("A", 2.2)
    sh.width("B", 4.0)
    sh.width("C-D", 2.2)
    sh.width("E", 3.2)
    sh.width("F-G", 1.4)
    sh.width(f"H-{ylast}", 1.7)
    sh.width(check, 4.5)
    sh.freeze = (6, 5)
    wb.name("VB_Gemeinde", SHEET, f"A{ROW0}:A{last}")
    wb.name("VB_SR", SHEET, f"C{ROW0}:C{last}")
    wb.name("VB_Variante", SHEET, f"D{ROW0}:D{last}")
    wb.name("VB_Von", SHEET, f"F{ROW0}:F{last}")
    wb.name("VB_Bis", SHEET, f"G{ROW0}:G{last}")
    wb.name("VB_Jahre", SHEET, f"H6:{ylast}6")
    wb.name("VB_Werte", SHEET, f"H{ROW0}:{ylast}{last}")
    wb.name("VB_Pruefung", SHEET, f"{check}{ROW0}:{check}{last}")
    # Weitergabe: whole rows per Gemeinde (key Gemeinde-ID); the counts are person counts.
    C.wg(wb, "ZEILEN", sh, f"A{ROW0}:A{last}")
    C.wg(wb, "ANZAHL", sh, f"H{ROW0}:{ylast}{last}")
    return sh


# The age bands as "/von|bis/" keys ("/90|/" for the open band): a row whose von/bis is not one of BANDS is
# flagged (an "insgesamt" or "unter 18" subtotal pasted with the official table would be counted twice).
SCHEMA = "/" + "/".join(f"{von}|{'' if bis is None else bis}" for _, _, von, bis, _, _ in BANDS) + "/"
# The Prüfung texts (German, what the planner reads): a row's, and why a sum of rows gives no value.
NOT_IN_GEBIETE = "Gemeinde-ID fehlt auf Blatt Gebiete"
VALUE_MISSING = "Wert fehlt"
VARIANT_MISSING = "Variante fehlt"
GEMEINDE_MISSING = "Gemeinde fehlt in der Vorausberechnung"
ZEILEN_FEHLER = "Zeilen fehlen oder doppelt"
# What a check cell that stands alone shows when all is well: not "" – Calc stores no cached value for an empty
# text result and evaluated such a cell on opening before the sheets it reads (t_sozialraummonitor, "–").
CHECK_OK = "in Ordnung"
# What a row's Prüfung says, the first that applies; sr_check reports VALUE_MISSING per area (the others make the
# row count differ, which sr_check reports as ZEILEN_FEHLER).
ROW_ERRORS = (NOT_IN_GEBIETE, "Altersgruppe nicht im Schema der Vorlage", "Zeile doppelt", VALUE_MISSING)


def row_check(r, last, ylast):
    """Prüfung of row r of the projection sheet: the first of ROW_ERRORS that applies, else empty."""
    unknown, schema, twice, missing = ROW_ERRORS
    same = f"$A${ROW0}:$A${last};A{r};$D${ROW0}:$D${last};D{r};$F${ROW0}:$F${last};F{r}"
    return (f'IF(A{r}="";"";IF(C{r}="";"{unknown}";IF(ISERROR(FIND("/"&F{r}&"|"&G{r}&"/";"{SCHEMA}"));"{schema}";'
            f'IF(COUNTIFS({same})>1;"{twice}";IF(COUNT(H{r}:{ylast}{r})<{len(JAHRE)};"{missing}";"")))))')


def variante_validation(wb):
    listed = ";".join(f'"{v}"' for v, _, _, _ in VARIANTEN)
    wb.validation("v_variante", f"of:cell-content-is-in-list({listed})", "Variante",
                  "Bitte eine Variante der Bevölkerungsvorausberechnung wählen.",
                  "Variante der Regionalisierten Bevölkerungsvorausberechnung (Blatt " + SHEET + ").")


VARIANTE_PARAM = ("Variante der Bevölkerungsvorausberechnung", VARIANTEN[0][0], None, "v_variante",
                  "Prognosevariante", "; ".join(f"{v}: {d}" for v, d, _, _ in VARIANTEN) +
                  " – Bedarf und Versorgungsgrad rechnen neu")


# The key column an area reference is matched against: a Sozialraum (from Gebiete) or a Gemeinde-ID (input).
BY_SR, BY_GEMEINDE = "VB_SR", "VB_Gemeinde"


def _criteria(area_ref, von, bis, variante, by):
    band_keys(von, bis)
    return f'{by};{area_ref};VB_Variante;{variante};VB_Von;">={von}"' + (f';VB_Bis;"<={bis}"' if bis else "")


def _expected_rows(area_ref, von, bis, by):
    """How many projection rows the area must have for one variant: one per band of [von, bis) for a Gemeinde;
    for a Sozialraum (or ">0": all) its Gemeinden on Gebiete × the bands. More (a row twice, a subtotal) or fewer
    (a Gemeinde missing) is never summed."""
    bands = len(band_keys(von, bis))
    return str(bands) if by == BY_GEMEINDE else f"COUNTIF(Gebiete.$C${C.G0}:$C${C.G1};{area_ref})*{bands}"


def sr_sum(sr_ref, year_ref, von, bis, variante="Prognosevariante", *, check, by=BY_SR, ok=""):
    """Formula (without "="): persons aged [von, bis) of the Sozialraum sr_ref (by=BY_GEMEINDE: of the Gemeinde
    with the ID sr_ref) in the year year_ref (a cell or name holding the year) for the variant. check: a cell
    holding sr_check() of the same rows (with the same ok); anything but ok there gives #NV – never a partial or
    double sum. One check per row of years instead of guards in every cell (docs/performance.md)."""
    col = f"INDEX(VB_Werte;0;MATCH({year_ref};VB_Jahre;0))"
    return f'IF({check}<>"{ok}";NA();SUMIFS({col};{_criteria(sr_ref, von, bis, variante, by)}))'


def sr_check(sr_ref, von, bis, variante="Prognosevariante", by=BY_SR, ok=""):
    """Formula (without "="): why the rows of sr_sum give no sum – "Variante fehlt" (no row), ZEILEN_FEHLER (not
    one row per Gemeinde and band), "Wert fehlt" (a row's Prüfung says so; any year) – else ok (CHECK_OK for a
    cell that stands alone). By Gemeinde (by=BY_GEMEINDE) also "Gemeinde fehlt in der Vorausberechnung" (no row
    of that ID at all) and "Gemeinde-ID fehlt auf Blatt Gebiete" (its rows' Prüfung stops there, so a missing
    value of such a row would not be flagged: no sum either)."""
    crit = _criteria(sr_ref, von, bis, variante, by)
    missing = (f'IF(COUNTIFS({crit};VB_Pruefung;"{VALUE_MISSING}")>0;"{VALUE_MISSING}";'
               + (f'IF(COUNTIFS({crit};VB_Pruefung;"{NOT_IN_GEBIETE}")>0;"{NOT_IN_GEBIETE}";"{ok}")'
                  if by == BY_GEMEINDE else f'"{ok}"') + ")")
    no_rows = (f'IF(COUNTIF(VB_Gemeinde;{sr_ref})=0;"{GEMEINDE_MISSING}";"{VARIANT_MISSING}")'
               if by == BY_GEMEINDE else f'"{VARIANT_MISSING}"')
    counted = f'IF(COUNTIFS({crit})<>{_expected_rows(sr_ref, von, bis, by)};"{ZEILEN_FEHLER}";{missing})'
    return f"IF(COUNTIFS({crit})=0;{no_rows};{counted})"


def gemeinde_sum(gid_ref, year_ref, von, bis, variante="Prognosevariante", *, check):
    """sr_sum of one Gemeinde (gid_ref: a cell holding its Gemeinde-ID)."""
    return sr_sum(gid_ref, year_ref, von, bis, variante, check=check, by=BY_GEMEINDE)


def gemeinde_check(gid_ref, von, bis, variante="Prognosevariante"):
    """sr_check of one Gemeinde."""
    return sr_check(gid_ref, von, bis, variante, by=BY_GEMEINDE)


def band_of_age(age):
    """The band (a row of BANDS) that contains the age in whole years."""
    return next(b for b in BANDS if b[2] <= age and (b[3] is None or age < b[3]))


def parse_band(band):
    """"6-26" → (6, 27), "18+" → (18, None): the age range of a label as the templates name target groups."""
    if band.endswith("+"):
        return int(band[:-1]), None
    von, bis = band.split("-")
    return int(von), int(bis) + 1
