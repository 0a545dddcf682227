"""Bildungsmonitoring (domain T2 "Bildungsplanung/-monitoring"): the educational transitions Kita → Grundschule →
weiterführende Schule → Ausbildung per Sozialraum and year. Counts are inputs; every quota is numerator ÷
denominator (ISP_QUOTE), and the Landkreis quota is recomputed from the summed numerators and denominators, never
a mean of the Sozialraum quotas. Landkreis time series with the change on the previous year (ISP_VERAENDERUNG),
change per Sozialraum in percentage points; Bedarf: places of Übergangsbegleitung Schule–Beruf per 1,000 young
people 10–17 in the target year; Belastungsindex Bildung."""
import random

from . import common as C
from . import data as D
from . import fachplan as F
from .odf import col_letters

JAHRE = [D.BASE_YEAR - 2, D.BASE_YEAR - 1, D.BASE_YEAR]
SHEET = "Übergänge"
# Columns of a year block (0-based from A): (header, kind, numerator column, denominator column). kind "n" = count
# (input), "s" = sum of the counts in the listed columns, "q" = quota = numerator ÷ denominator (ISP_QUOTE takes
# cell references only: the Zurückstellungsquote's denominator is the sum column G).
SPALTEN = [
    ("Sozialraum", "key", None, None),
    ("Kinder im Jahr vor der Einschulung", "n", None, None),  # B
    ("davon in Kita (letztes Kita-Jahr)", "n", None, None),  # C
    ("Kita-Besuchsquote vor Einschulung", "q", "C", "B"),  # D
    ("Schulanfänger (eingeschult)", "n", None, None),  # E
    ("Zurückstellungen", "n", None, None),  # F
    ("Schulpflichtige (Schulanfänger + Zurückstellungen)", "s", None, "EF"),  # G
    ("Zurückstellungsquote", "q", "F", "G"),  # H
    ("Schüler Klasse 4", "n", None, None),  # I
    ("Bildungsempfehlung Gymnasium", "n", None, None),  # J
    ("Übergang Gymnasium", "n", None, None),  # K
    ("Übergang Oberschule", "n", None, None),  # L
    ("Empfehlungsquote Gymnasium", "q", "J", "I"),  # M
    ("Übergangsquote Gymnasium", "q", "K", "I"),  # N
    ("Übergangsquote Oberschule", "q", "L", "I"),  # O
    ("Schulabgänger", "n", None, None),  # P
    ("davon ohne Abschluss", "n", None, None),  # Q
    ("Quote ohne Abschluss", "q", "Q", "P"),  # R
    ("Übergang in duale Ausbildung", "n", None, None),  # S
    ("Übergangsquote duale Ausbildung", "q", "S", "P"),  # T
]
COL = {h: col_letters(j) for j, (h, _, _, _) in enumerate(SPALTEN)}
QUOTEN = [(j, h) for j, (h, kind, _, _) in enumerate(SPALTEN) if kind == "q"]
LAST = col_letters(len(SPALTEN) - 1)
TR = 7  # header row of the Landkreis time series; years in rows TR + 1 …
CHART_TOP = TR + len(JAHRE) + 3
B0 = CHART_TOP + 22  # first year block, below the chart (9 cm ≈ 20 rows)
BLOCK = F.NSR + 4  # heading, header, 13 Sozialräume, Landkreis, then one empty row before the next block
VT = B0 + len(JAHRE) * BLOCK + 1  # the table of changes per Sozialraum (heading row)


def block_top(k):
    """The heading row of year k's block; its header row is top + 1, Sozialraum 1 in top + 2, Landkreis top + 15."""
    return B0 + k * BLOCK


def quote(num, den, r):
    """The quota of row r: ISP_QUOTE (numerator ÷ denominator, small numerators suppressed as "."); empty when a
    count is missing or the denominator is 0 (an area without children of that age shows no #DIV/0!)."""
    return f'=IF(OR({num}{r}="";{den}{r}="");"";IF({den}{r}=0;"";ISP_QUOTE({num}{r};{den}{r};1)))'


def sample_counts(sample):
    """Invented counts per (year, Sozialraum): the age groups of the sample's Sozialräume (data.sr_age_groups)
    times invented rates, with a fixed seed."""
    rng = random.Random(71)
    ages = D.sr_age_groups(sample, ["3-5", "6-9", "10-17"], JAHRE, "bildungsmonitoring")
    out = {}
    for sr in sample.sozialraeume:
        tilt = rng.uniform(-1, 1)  # a Sozialraum with more Zurückstellungen has fewer Gymnasium transitions
        for y in JAHRE:
            a35, a69, a1017 = (ages[(sr["id"], b, y)] for b in ("3-5", "6-9", "10-17"))
            vor = round(a35 / 3)
            kita = round(vor * rng.uniform(0.93, 0.99))
            start = round(a69 / 4 * rng.uniform(0.9, 0.97))
            zur = round(start * (0.075 + 0.025 * tilt) * rng.uniform(0.85, 1.15))
            kl4 = round(a69 / 4 * rng.uniform(0.95, 1.03))
            emp = round(kl4 * (0.45 - 0.07 * tilt) * rng.uniform(0.93, 1.07))
            gym = min(kl4, round(emp * rng.uniform(0.88, 1.0)))
            os_ = kl4 - gym - round(kl4 * rng.uniform(0.01, 0.04))
            abg = round(a1017 / 8 * rng.uniform(0.95, 1.05))
            ohne = round(abg * (0.07 + 0.025 * tilt) * rng.uniform(0.85, 1.15))
            dual = round(abg * (0.36 - 0.04 * tilt) * rng.uniform(0.9, 1.1))
            out[(y, sr["id"])] = [vor, kita, start, zur, kl4, emp, gym, os_, abg, ohne, dual]
    return out


def uebergaenge_sheet(wb, sample, plan):
    sh = wb.sheet(SHEET, tab="#2e75b6")
    C.head(sh, "Bildungsmonitoring: Übergänge Kita → Grundschule → weiterführende Schule → Ausbildung",
           "Je Sozialraum und Jahr die Anzahlen eintragen (gelb); jede Quote = Zähler ÷ Nenner (ISP_QUOTE; ein Zähler "
           "von 1 oder 2 wird als „.“ geheim gehalten). Die Landkreisquote rechnet aus den Summen der Zähler und "
           "Nenner (nie ein Mittel der Quoten). Zurückstellungsquote = Zurückstellungen ÷ (Schulanfänger + "
           "Zurückstellungen); Quoten nach Klasse 4 bezogen auf die Schüler der Klasse 4; Abschluss- und "
           "Ausbildungsquote bezogen auf die Schulabgänger.", 14)
    counts = sample_counts(sample)
    n_cols = [j for j, (_, kind, _, _) in enumerate(SPALTEN) if kind == "n"]
    # Year blocks (one per year, Sozialräume in rows, the Landkreis below them).
    for k, y in enumerate(JAHRE):
        t = block_top(k)
        sh.set(f"A{t}", f"Jahr {y}", "ISP_Abschnitt")
        sh.row(f"A{t + 1}", [h for h, _, _, _ in SPALTEN], "ISP_Kopf")
        sh.height(t + 1, 2.2)
        lk = t + 2 + F.NSR
        for i, sr in enumerate(sample.sozialraeume):
            r = t + 2 + i
            sh.set(f"A{r}", sr["id"], "ISP_Formel")
            for j, v in zip(n_cols, counts[(y, sr["id"])]):
                sh.set((r - 1, j), v, "ISP_Eingabe", "N0", validation="v_anzahl")
        sh.set(f"A{lk}", "Landkreis", "ISP_Ergebnis")
        for j in n_cols:
            c = col_letters(j)
            # A missing count leaves the Landkreis sum empty: an incomplete sum would read as a complete one.
            rng = f"{c}{t + 2}:{c}{lk - 1}"
            sh.set(f"{c}{lk}", f'=IF(COUNTBLANK({rng})>0;"";SUM({rng}))', "ISP_Ergebnis", "N0")
        for r in range(t + 2, lk + 1):
            for j, (_, kind, _, parts) in enumerate(SPALTEN):
                if kind == "s":
                    a, b = parts
                    sh.set((r - 1, j), f'=IF(OR({a}{r}="";{b}{r}="");"";{a}{r}+{b}{r})',
                           "ISP_Ergebnis" if r == lk else "ISP_Formel", "N0")
            for j, h in QUOTEN:
                _, _, num, den = SPALTEN[j]
                sh.set((r - 1, j), quote(num, den, r), "ISP_Ergebnis" if r == lk else "ISP_Formel", "P1")
        C.wg(wb, "ZEILEN", sh, f"A{t + 2}:A{lk}")  # one row per Sozialraum, then the Landkreis
        for a, b in ("BC", "EG", "IL", "PQ", "SS"):  # the count columns (quotas are never counts)
            C.wg(wb, "ANZAHL", sh, f"{a}{t + 2}:{b}{lk}")
    last_lk = block_top(len(JAHRE) - 1) + 2 + F.NSR
    wb.name("Bildung_Kita_LK", SHEET, f"D{last_lk}")
    wb.name("Bildung_Zurueck_LK", SHEET, f"H{last_lk}")
    wb.name("Bildung_Gym_LK", SHEET, f"N{last_lk}")
    wb.name("Bildung_OhneAbschluss_LK", SHEET, f"R{last_lk}")
    wb.name("Bildung_Dual_LK", SHEET, f"T{last_lk}")
    # Landkreis time series: the quotas of each year's Landkreis row, counts with their change on the previous year.
    sh.set(f"A{TR - 1}", "Zeitreihe Landkreis", "ISP_Abschnitt")
    heads = ["Jahr"] + [h for _, h in QUOTEN] + ["Schulanfänger (eingeschult)", "Veränderung zum Vorjahr",
                                                  "Schulabgänger", "Veränderung zum Vorjahr"]
    sh.row(f"A{TR}", heads, "ISP_Kopf")
    sh.height(TR, 2.2)
    nq = len(QUOTEN)
    j_start, j_abg = 1 + nq, 3 + nq
    for k, y in enumerate(JAHRE):
        r = TR + 1 + k
        lk = block_top(k) + 2 + F.NSR
        sh.set(f"A{r}", y, "ISP_Formel", "YEAR")
        for q, (j, _) in enumerate(QUOTEN):
            sh.set((r - 1, 1 + q), f"={col_letters(j)}{lk}", "ISP_Ergebnis", "P1")
        sh.set((r - 1, j_start), f"=E{lk}", "ISP_Formel", "N0")
        sh.set((r - 1, j_abg), f"=P{lk}", "ISP_Formel", "N0")
        if k:
            for j in (j_start, j_abg):
                c = col_letters(j)
                sh.set((r - 1, j + 1), f'=IF(OR({c}{r - 1}="";{c}{r}="");"";ISP_VERAENDERUNG({c}{r - 1};{c}{r}))',
                       "ISP_Formel", "P1")
    t_end = TR + len(JAHRE)
    for j in (j_start, j_abg):
        C.wg(wb, "ANZAHL", sh, f"{col_letters(j)}{TR + 1}:{col_letters(j)}{t_end}")
    sh.chart(anchor=f"A{CHART_TOP}", width=22, height=9, type="line", ranges=[f"A{TR}:{col_letters(nq)}{t_end}"],
             title="Übergangsquoten im Landkreis", ytitle="Anteil",
             colours=["#2c7bb6", "#fdae61", "#abd9e9", "#1a9641", "#7f7f7f", "#d7191c", "#7030a0"])
    # Change on the previous year per Sozialraum, in percentage points.
    y0, y1 = JAHRE[-2], JAHRE[-1]
    sh.set(f"A{VT}", f"Veränderung der Quoten je Sozialraum {y0} → {y1} (Prozentpunkte)", "ISP_Abschnitt")
    sh.row(f"A{VT + 1}", ["Sozialraum"] + [h for _, h in QUOTEN], "ISP_Kopf")
    sh.height(VT + 1, 2.2)
    prev, cur = block_top(len(JAHRE) - 2), block_top(len(JAHRE) - 1)
    for i in range(F.NSR + 1):
        r = VT + 2 + i
        sh.set(f"A{r}", "Landkreis" if i == F.NSR else sample.sozialraeume[i]["id"],
               "ISP_Ergebnis" if i == F.NSR else "ISP_Formel")
        for q, (j, _) in enumerate(QUOTEN):
            c = col_letters(j)
            a, b = f"{c}{prev + 2 + i}", f"{c}{cur + 2 + i}"
            sh.set((r - 1, 1 + q), f'=IF(AND(ISNUMBER({a});ISNUMBER({b}));100*({b}-{a});"")',
                   "ISP_Ergebnis" if i == F.NSR else "ISP_Formel", "SIGN2")
    C.wg(wb, "ZEILEN", sh, f"A{VT + 2}:A{VT + 2 + F.NSR}")
    sh.set(f"A{VT + 4 + F.NSR}", "Prozentpunkte = Quote im Datenjahr − Quote im Vorjahr (× 100); leer, wenn eine der "
           "Quoten fehlt oder geheim gehalten ist.", "ISP_Hinweis")
    sh.width("A", 2.6)
    sh.width(f"B-{LAST}", 2.3)
    sh.freeze = (0, 1)


def plan_sheets(wb, sample, plan):
    uebergaenge_sheet(wb, sample, plan)
    F.zielgruppe_prognose(wb, sample, plan, "10-17", "Kinder und Jugendliche 10 bis 17 Jahre", "bildung")


ARTEN = [("Übergangsbegleitung Schule–Beruf", 1.0), ("Sprachförderung vor der Einschulung", 0.8),
         ("Lernförderung und Hausaufgabenhilfe", 1.2)]


def bestand_sheet(wb, sample, plan):
    return F.angebote_sheet(
        wb, sample, plan, ARTEN, 72,
        per_gemeinde=lambda g, a: (2 if g["ew"] > 50000 else 1) if a != ARTEN[0][0] or g["ew"] > 6000 else 0,
        capacity=lambda g, a: max(6, g["ew"] * 0.0009), unit="Plätze",
        title="Angebote an den Bildungsübergängen")


def bedarf_rows(wb, sample, plan):
    rows = [(sr["id"], ARTEN[0][0]) for sr in sample.sozialraeume]
    return F.bedarf_sheet(
        wb, sample, plan, rows, "Bedarfsrechnung: Plätze Übergangsbegleitung Schule–Beruf je Sozialraum",
        "Bedarf = Kinder und Jugendliche 10–17 im Zieljahr (Blatt Bevölkerungsprognose) × Richtwert je 1.000 × "
        "(1 + Zuschlag nach Belastungsklasse) – mehr Begleitung, wo die Sozialraumbelastung Bildung höher ist. "
        "Versorgungsgrad = Plätze ÷ prognostizierte Altersgruppe.",
        population=lambda i, sr, b, r: f"={F.prognose(f'A{r}')}",
        quote=lambda b: "Richtwert_UeB/1000", buffer=lambda r: f"={F.zuschlag(f'A{r}')}",
        bestand=lambda i, sr, b, r: f'=SUMIFS(Ang_Kap;Ang_SR;A{r};Ang_Art;"{ARTEN[0][0]}")',
        group_label="Einwohner 10–17 im Zieljahr", quote_fmt="N4")


def build(sample=None):
    plan = F.Plan(
        key="bildung", name="Bildungsmonitoring", motto="„Kein Abschluss ohne Anschluss“",
        lebenslage="B", lebenslage_name="Bildung",
        params=[F.ZIELJAHR,
                ("Richtwert Übergangsbegleitung (Plätze je 1.000 Einw. 10–17)", 12.0, "N1", "v_nichtneg",
                 "Richtwert_UeB", "politisch zu beschließen (fiktiv)")],
        intro=["Bildungsübergänge je Sozialraum und Jahr beobachten: Kita-Besuch vor der Einschulung, Schulanfänger "
               "und Zurückstellungen, Übergänge nach Klasse 4 auf Gymnasium und Oberschule mit der "
               "Bildungsempfehlung, Schulabgänger ohne Abschluss und Übergang in die duale Ausbildung; Angebote an "
               "den Übergängen dort ausbauen, wo die Quoten und die Sozialraumbelastung es verlangen."],
        how=["1. Übergänge: je Jahr und Sozialraum die Anzahlen eintragen (Schulstatistik, Schuleingangsuntersuchung, "
             "Kita-Statistik, Agentur für Arbeit); Quoten, Landkreiswerte, Zeitreihe und Veränderungen rechnen.",
             "2. 1 Bestandserfassung: Angebote (Übergangsbegleitung, Sprachförderung, Lernförderung) mit Lage und "
             "Plätzen pflegen.",
             "3. Bevölkerungsprognose: Kinder und Jugendliche 10 bis 17 Jahre je Sozialraum und Jahr eintragen.",
             "4. Parameter: Zieljahr, Richtwert und Bedarfszuschläge prüfen; 2 Bedarfserfassung: Wertekorridore "
             "der Landkreisquoten setzen.",
             "5. 3 Bewertung und Empfehlung lesen; 4 Evaluation: Maßnahmen an den Quoten messen."],
        method=["Quote = Zähler ÷ Nenner (ISP_QUOTE; ein Zähler von 1 oder 2 wird als „.“ geheim gehalten). "
                "Landkreis: Summe der Zähler ÷ Summe der Nenner aller Sozialräume – kein Mittel der "
                "Sozialraumquoten (ein kleiner Sozialraum zählt so nach seiner Größe). Kita-Besuchsquote = Kinder "
                "in Kita im letzten Kita-Jahr ÷ Kinder im Jahr vor der Einschulung; Zurückstellungsquote = "
                "Zurückstellungen ÷ (Schulanfänger + Zurückstellungen); Übergangs- und Empfehlungsquoten nach "
                "Klasse 4 ÷ Schüler der Klasse 4; Quote ohne Abschluss und Übergangsquote duale Ausbildung ÷ "
                "Schulabgänger.",
                "Veränderung zum Vorjahr: Anzahlen relativ (ISP_VERAENDERUNG: aktuell ÷ Vorjahr − 1), Quoten in "
                "Prozentpunkten (Differenz der Quoten × 100).",
                "Bedarf: Plätze Übergangsbegleitung = Einwohner 10–17 im Zieljahr × Richtwert je 1.000 × (1 + "
                "Zuschlag nach Belastungsklasse) (ISP_BEDARF); Versorgungsgrad = Plätze ÷ Einwohner 10–17 im "
                "Zieljahr (ISP_VERSORGUNGSGRAD)."],
        sheets=plan_sheets, bestand=bestand_sheet, bedarf_rows=bedarf_rows, bedarf_unit="Plätze",
        korridor=[("Kita-Besuchsquote vor Einschulung (Landkreis)", "Bildung_Kita_LK", 0.95, 1.0),
                  ("Zurückstellungsquote (Landkreis)", "Bildung_Zurueck_LK", 0.05, 0.08),
                  ("Quote ohne Abschluss (Landkreis)", "Bildung_OhneAbschluss_LK", 0.04, 0.06),
                  ("Übergangsquote duale Ausbildung (Landkreis)", "Bildung_Dual_LK", 0.35, 0.45)],
        massnahmen=[("Ausbau der Übergangsbegleitung an Oberschulen", "weniger Abgänge ohne Abschluss",
                     "Quote ohne Abschluss", 0.075, 0.05, 0.068),
                    ("Sprachförderung im letzten Kita-Jahr", "weniger Zurückstellungen", "Zurückstellungsquote",
                     0.085, 0.06, 0.078)],
    )
    wb = F.build(plan, sample)
    # Weitergabe (docs/weitergabe.md): the blocks of Übergänge are described in uebergaenge_sheet; the
    # Bestandserfassung (Gemeinde-ID), Bedarfsrechnung and Bevölkerungsprognose (Sozialraum rows) in fachplan.
    return wb
