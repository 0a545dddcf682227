"""The sheet "Zeitreihe" of a Fachplan (issue 16 item 2, Fortschreibung): one key indicator per Sozialraum and
year – counts as input, the rate as a formula, the Landkreis as Σ counts ÷ Σ reference population (never a mean
of rates), the change on the previous year (ISP_VERAENDERUNG) and a trend (ISP_CAGR, ISP_TRENDRICHTUNG).

Series breaks are flagged, not hidden: right of the counts, the input block has one cell per Sozialraum and year
(list: Gebietsänderung, Methodenwechsel, Sonstiges) and a Landkreis row that applies to every Sozialraum. A change across
a flagged break shows the text "Bruch" (with its own cell style) instead of a number; the trend starts at the last
break ("Trend ab"). The Landkreis change is flagged by its own row and by a break of a Sozialraum other than a
Gebietsänderung (moving a Gemeinde between Sozialräume leaves the Landkreis total comparable).

The newest year reads the Fachplan's monitoring sheet (one place to enter the current figures; Kita: the sums of its
two Bestand sheets per Sozialraum and the projection); earlier years are input cells with fictional values derived
from the newest one with a fixed seed.
"""
import random
from dataclasses import dataclass
from typing import Callable

from . import common as C
from . import data as D
from .odf import col_letters

NSR = 13
JAHRE = list(range(D.BASE_YEAR - 4, D.BASE_YEAR + 1))
BRUCH_ARTEN = ("Gebietsänderung", "Methodenwechsel", "Sonstiges")
BRUCH = "Bruch"  # what a change or trend cell across a flagged break shows

# Rows (1-based) of the sheet: parameters; the input block (counts, reference population and break flags side by
# side, one row per Sozialraum, then the Landkreis); the rate block (rate, change, trend); the chart's table.
TOLERANZ_ROW = 6
AUSWAHL_ROW = 7
EINGABE0 = 11  # first Sozialraum row of the input block (section title row 8, group row 9, years row 10)
QUOTE0 = EINGABE0 + NSR + 6  # first Sozialraum row of the rate block (a note row under the input block)
DIAGRAMM0 = QUOTE0 + NSR + 7  # the chart's table: Landkreis, two chosen Sozialräume (two note rows above)

N = len(JAHRE)
YC = [col_letters(1 + k) for k in range(N)]  # counts B..F; in the rate block the rates
RC = [col_letters(1 + N + k) for k in range(N)]  # reference population G..K
BC = [None] + [col_letters(1 + 2 * N + k) for k in range(N - 1)]  # break flags L..O of the years 2..N
CHANGE = [col_letters(1 + N + k) for k in range(N - 1)]  # rate block: changes G..J
TREND_AB, TREND_PA, TREND = (col_letters(2 * N + k) for k in range(3))  # rate block: K, L, M


@dataclass
class Reihe:
    """What a Fachplan shows as its series. newest_count(i) / newest_ref(i): formulas (without "=") of the newest
    year's count and reference population of Sozialraum i (0-based) on the monitoring sheet; sample(i, rng) ->
    [(count, reference)] of the years before the newest (the fictional sample)."""
    titel: str  # e.g. "Hilfen zur Erziehung"
    anzahl: str  # e.g. "Fälle (laufende + beendete Hilfen)"
    bezug: str  # e.g. "Einwohner unter 21"
    quote: str  # e.g. "Eckwert je 1.000 unter 21"
    je: int  # scale of the rate (per 1,000)
    quelle: object  # the monitoring sheet of the newest year, or a tuple of sheets
    newest_count: Callable
    newest_ref: Callable
    sample: Callable
    quote_fmt: str = "N1"
    beispiel_bruch: tuple = None  # (Sozialraum 1..13, year, Art): one break of the fictional sample, to show it


def styles(wb):
    if "ISP_Bruch" not in wb.styles:
        wb.style("ISP_Bruch", "ISP Bruch", "ISP_Formel", bg="#e4d2f0", color="#5b1f85", bold=True, align="center")
        wb.style("ISP_Bruch_Eingabe", "ISP Bruch Eingabe", "ISP_Eingabe", bg="#e4d2f0", color="#5b1f85", bold=True)
    if "v_bruch" not in wb.validations:
        wb.validation("v_bruch", "of:cell-content-is-in-list(" + ";".join(f'"{a}"' for a in BRUCH_ARTEN) + ")",
                      "Reihenbruch", "Bitte eine Art aus der Liste wählen (Gebietsänderung, Methodenwechsel, "
                      "Sonstiges) oder die Zelle leeren.",
                      "Reihenbruch: der Wert dieses Jahres ist mit dem Vorjahr nicht vergleichbar. Leer = kein Bruch.")


def sample_series(newest, rng, drift=(-0.04, 0.06), noise=0.04):
    """Fictional earlier values of one Sozialraum: the newest value moved back with a drift per year and noise."""
    g = rng.uniform(*drift)
    out = []
    for k in range(len(JAHRE) - 1):
        back = len(JAHRE) - 1 - k
        out.append(max(0, round(newest / (1 + g) ** back * rng.uniform(1 - noise, 1 + noise))))
    return out


def _years(sh, row, cols, years):
    for c, y in zip(cols, years):
        sh.set(f"{c}{row}", y, "ISP_Kopf", "YEAR", extra={"align": "center"})


def _area_keys(sh, top):
    for i in range(NSR):
        sh.set(f"A{top + i}", i + 1, "ISP_Formel", extra={"align": "center"})
    sh.set(f"A{top + NSR}", "Landkreis", "ISP_Ergebnis")


def _source(quelle):
    """ "vom Blatt X" or "aus den Blättern X, Y und Z"."""
    if isinstance(quelle, str):
        return f"vom Blatt {quelle}"
    return "aus den Blättern " + ", ".join(quelle[:-1]) + " und " + quelle[-1]


def _flag(k, i):
    """Condition (formula text) "the change JAHRE[k-1] -> JAHRE[k] of Sozialraum i (None = Landkreis) crosses a
    flagged break"."""
    c = BC[k]
    lk = f"${c}${EINGABE0 + NSR}<>\"\""
    if i is not None:
        return f"OR(${c}${EINGABE0 + i}<>\"\";{lk})"
    rng = f"${c}${EINGABE0}:${c}${EINGABE0 + NSR - 1}"
    return f'OR({lk};SUMPRODUCT(({rng}<>"")*({rng}<>"Gebietsänderung"))>0)'


def sheet(wb, reihe: Reihe, seed):
    """Builds the sheet "Zeitreihe" and its Weitergabe description."""
    styles(wb)
    rng = random.Random(seed)
    sh = wb.sheet("Zeitreihe", tab="#2e75b6")
    je = f"{reihe.je:,}".replace(",", ".")
    C.head(sh, f"Zeitreihe {reihe.titel} je Sozialraum ({JAHRE[0]}–{JAHRE[-1]})",
           f"{reihe.anzahl} und {reihe.bezug} je Sozialraum und Jahr (Eingabe; {JAHRE[-1]} {_source(reihe.quelle)}); "
           f"{reihe.quote} = Anzahl ÷ {reihe.bezug} × {je} (ISP_ECKWERT); Landkreis = Summe der Anzahlen ÷ Summe "
           "der Bezugsgröße. Reihenbrüche (Gebietsänderung, Methodenwechsel) rechts markieren: Veränderung und Trend "
           "über einen Bruch zeigen „Bruch“ statt einer Zahl.", 3 * N)
    sh.set(f"A{TOLERANZ_ROW}", "Toleranz Trend", "ISP_Kopf")
    sh.set(f"B{TOLERANZ_ROW}", 0.02, "ISP_Parameter", "P1", validation="v_quote")
    sh.set(f"C{TOLERANZ_ROW}", "Ø Veränderung je Jahr bis ± Toleranz gilt als „stabil“.", "ISP_Hinweis")
    sh.set(f"A{AUSWAHL_ROW}", "Diagramm: SR", "ISP_Kopf")
    sh.set(f"B{AUSWAHL_ROW}", 1, "ISP_Parameter", validation="v_sr")
    sh.set(f"C{AUSWAHL_ROW}", 8, "ISP_Parameter", validation="v_sr")
    sh.set(f"D{AUSWAHL_ROW}", "zwei Sozialraum-Nummern (1–13) für das Diagramm unten, neben dem Landkreis.",
           "ISP_Hinweis")
    newest = N - 1
    # 1. input: counts, reference population, breaks; the newest year's figures from the monitoring sheet
    top = EINGABE0
    sh.set(f"A{top - 3}", f"1. Eingabe: {reihe.anzahl}, {reihe.bezug}, Reihenbrüche", "ISP_Abschnitt")
    sh.set(f"A{top - 2}", "", "ISP_Kopf")
    sh.set(f"A{top - 1}", "Sozialraum", "ISP_Kopf")
    sh.merge(f"{YC[0]}{top - 2}", N, 1, reihe.anzahl, "ISP_Kopf", extra={"align": "center"})
    sh.merge(f"{RC[0]}{top - 2}", N, 1, reihe.bezug, "ISP_Kopf", extra={"align": "center"})
    sh.merge(f"{BC[1]}{top - 2}", N - 1, 1, "Reihenbruch (Art)", "ISP_Kopf", extra={"align": "center"})
    _years(sh, top - 1, YC, JAHRE)
    _years(sh, top - 1, RC, JAHRE)
    _years(sh, top - 1, BC[1:], JAHRE[1:])
    _area_keys(sh, top)
    for i in range(NSR):
        values = reihe.sample(i, rng)
        for k in range(newest):
            count, ref = values[k]
            sh.set(f"{YC[k]}{top + i}", count, "ISP_Eingabe", "N0", validation="v_anzahl")
            sh.set(f"{RC[k]}{top + i}", ref, "ISP_Eingabe", "N0", validation="v_anzahl")
        sh.set(f"{YC[newest]}{top + i}", f"={reihe.newest_count(i)}", "ISP_Formel", "N0")
        sh.set(f"{RC[newest]}{top + i}", f"={reihe.newest_ref(i)}", "ISP_Formel", "N0")
    for c in YC + RC:
        col = f"{c}{top}:{c}{top + NSR - 1}"
        # Every Sozialraum needs its number: a missing one leaves the Landkreis empty, never a partial sum.
        sh.set(f"{c}{top + NSR}", f'=IF(COUNT({col})<{NSR};"";SUM({col}))', "ISP_Ergebnis", "N0")
    for i in range(NSR + 1):
        for c in BC[1:]:
            sh.set(f"{c}{top + i}", None, "ISP_Eingabe", validation="v_bruch", extra={"align": "center"})
    if reihe.beispiel_bruch:
        sr, year, art = reihe.beispiel_bruch
        sh.set(f"{BC[JAHRE.index(year)]}{top + sr - 1}", art, "ISP_Eingabe", validation="v_bruch",
               extra={"align": "center"})
    sh.conditional(f"{BC[1]}{top}:{BC[-1]}{top + NSR}", [(f'"{a}"', "ISP_Bruch_Eingabe") for a in BRUCH_ARTEN])
    sh.height(top - 2, 0.9)
    sh.set(f"A{top + NSR + 2}", "Reihenbruch im ersten Jahr der neuen Reihe eintragen: Gebietsänderung (Gemeinden "
                                "haben den Sozialraum gewechselt), Methodenwechsel (Zählweise, Stichtag, Quelle), "
                                "Sonstiges. Zeile Landkreis: gilt für alle Sozialräume (z. B. neue Kreisgrenze).",
           "ISP_Hinweis")
    # 2. rate per Sozialraum and year, change on the previous year, trend since the last break
    q0, q1 = QUOTE0, QUOTE0 + NSR
    hdr = q0 - 1
    sh.set(f"A{q0 - 2}", f"2. {reihe.quote}: Veränderung zum Vorjahr und Trend", "ISP_Abschnitt")
    sh.set(f"A{hdr}", "Sozialraum", "ISP_Kopf")
    _years(sh, hdr, YC, JAHRE)
    sh.row(f"{CHANGE[0]}{hdr}", [f"Veränd. {y}" for y in JAHRE[1:]] + ["Trend ab", "Ø Veränd. je Jahr",
                                                                      "Trend"], "ISP_Kopf")
    sh.height(hdr, 0.9)
    _area_keys(sh, q0)
    for i in range(NSR + 1):
        r, a = q0 + i, EINGABE0 + i
        style = "ISP_Ergebnis" if i == NSR else "ISP_Formel"
        who = None if i == NSR else i
        for k in range(N):
            cnt, ref = f"{YC[k]}{a}", f"{RC[k]}{a}"
            sh.set(f"{YC[k]}{r}", f'=IF(OR({cnt}="";{ref}="";N({ref})=0);"";ISP_ECKWERT({cnt};{ref};{reihe.je}))',
                   "ISP_Ergebnis" if i == NSR or k == newest else "ISP_Formel", reihe.quote_fmt)
        for k in range(1, N):
            prev, cur = f"{YC[k - 1]}{r}", f"{YC[k]}{r}"
            sh.set(f"{CHANGE[k - 1]}{r}", f'=IF({_flag(k, who)};"{BRUCH}";IF(OR({prev}="";{cur}="";N({prev})<=0);"";'
                                          f'ISP_VERAENDERUNG({prev};{cur})))', style, "P1", extra={"align": "end"})
        starts = ";".join(f"IF({_flag(k, who)};{YC[k]}${hdr};0)" for k in range(1, N))
        sh.set(f"{TREND_AB}{r}", f"=MAX({YC[0]}${hdr};{starts})", style, "YEAR", extra={"align": "center"})
        first = f"INDEX({YC[0]}{r}:{YC[-1]}{r};{TREND_AB}{r}-{YC[0]}${hdr}+1)"
        sh.set(f"{TREND_PA}{r}", f'=IF({TREND_AB}{r}={YC[-1]}${hdr};"{BRUCH}";IF(OR({first}="";{YC[-1]}{r}="";'
                                 f'N({first})<=0);"";ISP_CAGR({first};{YC[-1]}{r};{YC[-1]}${hdr}-{TREND_AB}{r})))',
               style, "P1", extra={"align": "end"})
        sh.set(f"{TREND}{r}", f'=IF({TREND_PA}{r}="";"";IF({TREND_PA}{r}="{BRUCH}";"{BRUCH}";'
                              f'ISP_TRENDRICHTUNG({TREND_PA}{r};$B${TOLERANZ_ROW})))', style,
               extra={"align": "center"})
    sh.conditional(f"{CHANGE[0]}{q0}:{TREND}{q1}", [(f'"{BRUCH}"', "ISP_Bruch")])
    sh.set(f"A{q1 + 2}", f"„{BRUCH}“: ein Reihenbruch ist markiert (Block 1) – die Werte sind nicht vergleichbar, die "
                         "Veränderung wird nicht berechnet. Der Trend (Ø Veränderung je Jahr, ISP_CAGR) beginnt im "
                         "Jahr des letzten Bruchs („Trend ab“); liegt er im letzten Jahr, gibt es keinen.",
           "ISP_Hinweis")
    sh.set(f"A{q1 + 3}", "Landkreis: Quote aus den Summen, nicht Mittel der Quoten. Eine Gebietsänderung zwischen "
                         "Sozialräumen lässt die Landkreissumme vergleichbar, ein Methodenwechsel in einem Sozialraum "
                         "nicht.", "ISP_Hinweis")
    # 3. the chart: the Landkreis and two chosen Sozialräume
    d = DIAGRAMM0
    sh.set(f"A{d - 2}", "3. Verlauf: Landkreis und ausgewählte Sozialräume", "ISP_Abschnitt")
    sh.set(f"A{d - 1}", "Gebiet", "ISP_Kopf")
    for c in YC:
        sh.set(f"{c}{d - 1}", f"={c}${hdr}", "ISP_Kopf", "YEAR", extra={"align": "center"})
    sh.set(f"A{d}", "Landkreis", "ISP_Ergebnis")
    for c in YC:
        sh.set(f"{c}{d}", f"={c}{q1}", "ISP_Ergebnis", reihe.quote_fmt)
    ids = f"$A${q0}:$A${q1 - 1}"
    for j, sel in enumerate(("B", "C")):
        r = d + 1 + j
        sh.set(f"A{r}", f'="SR "&${sel}${AUSWAHL_ROW}', "ISP_Formel")
        for c in YC:
            sh.set(f"{c}{r}", f'=IFERROR(INDEX({c}${q0}:{c}${q1 - 1};MATCH(${sel}${AUSWAHL_ROW};{ids};0));"")',
                   "ISP_Formel", reihe.quote_fmt)
    sh.set(f"A{d + 4}", "Die Linien verbinden auch Jahre über einen Reihenbruch:", "ISP_Hinweis")
    sh.set(f"A{d + 5}", f"markierte Brüche stehen in Block 1 und als „{BRUCH}“ in Block 2.", "ISP_Hinweis")
    sh.chart(anchor=f"{CHANGE[0]}{d - 2}", width=14.5, height=7.5, type="line", series_in_rows=True,
             ranges=[f"A{d - 1}:{YC[-1]}{d - 1}", f"A{d}:{YC[-1]}{d + 2}"],
             title=f"{reihe.quote}: Landkreis und ausgewählte Sozialräume", legend="bottom", ytitle=reihe.quote,
             colours=["#1f3864", "#d7191c", "#2c7bb6"])
    sh.width("A", 2.6)
    sh.width(f"{YC[0]}-{BC[-1]}", 1.75)
    sh.freeze = (0, 1)
    # Weitergabe (docs/weitergabe.md): each block one row per Sozialraum + the Landkreis; counts suppressed.
    for t in (EINGABE0, QUOTE0):
        C.wg(wb, "ZEILEN", sh, f"A{t}:A{t + NSR}")
    C.wg(wb, "ZEILEN", sh, f"A{d}:A{d + 2}")  # "Landkreis", "SR a", "SR b": other Sozialräume go
    C.wg(wb, "ANZAHL", sh, f"{YC[0]}{EINGABE0}:{YC[-1]}{EINGABE0 + NSR}")
    wb.name("Zeitreihe_Jahre", "Zeitreihe", f"{YC[0]}{hdr}:{YC[-1]}{hdr}")
    wb.name("Zeitreihe_Quote_LK", "Zeitreihe", f"{YC[0]}{q1}:{YC[-1]}{q1}")
    wb.name("Zeitreihe_Anzahl_LK", "Zeitreihe", f"{YC[0]}{EINGABE0 + NSR}:{YC[-1]}{EINGABE0 + NSR}")
    return sh
