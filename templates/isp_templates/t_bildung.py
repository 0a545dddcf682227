"""Bildungsmonitoring (domain T2 "Bildungsplanung/-monitoring"): the educational transitions Kita → Grundschule →
weiterführende Schule → Ausbildung per Sozialraum and year. Counts are inputs; every quota is numerator ÷
denominator (ISP_QUOTE), and the Landkreis quota is recomputed from the summed numerators and denominators, never
a mean of the Sozialraum quotas. Landkreis time series with the change on the previous year (ISP_VERAENDERUNG),
change per Sozialraum in percentage points; Bedarf: places of Übergangsbegleitung Schule–Beruf per 1,000 young
people 10–17 in the target year; Belastungsindex Bildung."""
import random

from . import common as C
from . import data as D
from . import demografie as DG
from . import fachplan as F
from .odf import col_letters

JAHRE = [D.BASE_YEAR - 2, D.BASE_YEAR - 1, D.BASE_YEAR]
SHEET = "Übergänge"
SHEET_LK = "Übergänge Landkreis"
# The measures of the long table, from column C on (A = Jahr, B = Sozialraum): (header, kind, numerator,
# denominator). kind "n" = count (input), "s" = the sum of the two counts named, "q" = quota = numerator ÷
# denominator (ISP_QUOTE takes cell references only: the Zurückstellungsquote's denominator is the sum column).
SPALTEN = [
    ("Kinder im Jahr vor der Einschulung", "n", None, None),
    ("davon in Kita (letztes Kita-Jahr)", "n", None, None),
    ("Kita-Besuchsquote vor Einschulung", "q", "davon in Kita (letztes Kita-Jahr)",
     "Kinder im Jahr vor der Einschulung"),
    ("Schulanfänger (eingeschult)", "n", None, None),
    ("Zurückstellungen", "n", None, None),
    ("Schulpflichtige (Schulanfänger + Zurückstellungen)", "s", None,
     ("Schulanfänger (eingeschult)", "Zurückstellungen")),
    ("Zurückstellungsquote", "q", "Zurückstellungen", "Schulpflichtige (Schulanfänger + Zurückstellungen)"),
    ("Schüler Klasse 4", "n", None, None),
    ("Bildungsempfehlung Gymnasium", "n", None, None),
    ("Übergang Gymnasium", "n", None, None),
    ("Übergang Oberschule", "n", None, None),
    ("Empfehlungsquote Gymnasium", "q", "Bildungsempfehlung Gymnasium", "Schüler Klasse 4"),
    ("Übergangsquote Gymnasium", "q", "Übergang Gymnasium", "Schüler Klasse 4"),
    ("Übergangsquote Oberschule", "q", "Übergang Oberschule", "Schüler Klasse 4"),
    ("Schulabgänger", "n", None, None),
    ("davon ohne Abschluss", "n", None, None),
    ("Quote ohne Abschluss", "q", "davon ohne Abschluss", "Schulabgänger"),
    ("Übergang in duale Ausbildung", "n", None, None),
    ("Übergangsquote duale Ausbildung", "q", "Übergang in duale Ausbildung", "Schulabgänger"),
]
COL = {h: col_letters(2 + j) for j, (h, _, _, _) in enumerate(SPALTEN)}
QUOTEN = [h for h, kind, _, _ in SPALTEN if kind == "q"]
LAST = col_letters(1 + len(SPALTEN))
H = 6  # header row of the long table; one block of 13 Sozialräume and the Landkreis per year below it
TR = 7  # header row of the Landkreis time series on SHEET_LK; years in rows TR + 1 …
CHART_TOP = TR + len(JAHRE) + 3
VT = CHART_TOP + 22  # the table of changes per Sozialraum on SHEET_LK (heading row), below the chart


def first_row(k):
    """Row of Sozialraum 1 in year k's block; the Landkreis row is first_row(k) + 13."""
    return H + 1 + k * (F.NSR + 1)


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
    """The long table: one row per year and Sozialraum, the year's Landkreis row below its 13 Sozialräume."""
    sh = wb.sheet(SHEET, tab="#2e75b6")
    C.head(sh, "Bildungsmonitoring: Übergänge Kita → Grundschule → weiterführende Schule → Ausbildung",
           "Je Jahr und Sozialraum die Anzahlen eintragen (gelb); jede Quote = Zähler ÷ Nenner (ISP_QUOTE; ein Zähler "
           "von 1 oder 2 wird als „.“ geheim gehalten). Die Landkreiszeile summiert die Anzahlen der 13 "
           "Sozialräume und rechnet die Quote aus den Summen (nie ein Mittel der Quoten). Zeitreihe, Diagramm und "
           "Veränderungen: Blatt „Übergänge Landkreis“.", 14)
    counts = sample_counts(sample)
    sh.row(f"A{H}", ["Jahr", "Sozialraum"] + [h for h, _, _, _ in SPALTEN], "ISP_Kopf")
    sh.height(H, 2.2)
    for k, y in enumerate(JAHRE):
        r0 = first_row(k)
        lk = r0 + F.NSR
        for i, sr in enumerate(sample.sozialraeume):
            r = r0 + i
            sh.set(f"A{r}", y, "ISP_Formel", "YEAR")
            sh.set(f"B{r}", sr["id"], "ISP_Formel")
            n = iter(counts[(y, sr["id"])])
            for h, kind, _, _ in SPALTEN:
                if kind == "n":
                    sh.set(f"{COL[h]}{r}", next(n), "ISP_Eingabe", "N0", validation="v_anzahl")
        sh.set(f"A{lk}", y, "ISP_Ergebnis", "YEAR")
        sh.set(f"B{lk}", "Landkreis", "ISP_Ergebnis")
        for h, kind, num, den in SPALTEN:
            c = COL[h]
            if kind == "n":
                # A missing count leaves the Landkreis sum empty: an incomplete sum would read as a complete one.
                rng = f"{c}{r0}:{c}{lk - 1}"
                sh.set(f"{c}{lk}", f'=IF(COUNTBLANK({rng})>0;"";SUM({rng}))', "ISP_Ergebnis", "N0")
            for r in range(r0, lk + 1):
                style = "ISP_Ergebnis" if r == lk else "ISP_Formel"
                if kind == "s":
                    a, b = COL[den[0]], COL[den[1]]
                    sh.set(f"{c}{r}", f'=IF(OR({a}{r}="";{b}{r}="");"";{a}{r}+{b}{r})', style, "N0")
                elif kind == "q":
                    sh.set(f"{c}{r}", quote(COL[num], COL[den], r), style, "P1")
    end = first_row(len(JAHRE)) - 1
    C.wg(wb, "ZEILEN", sh, f"B{H + 1}:B{end}")  # key: the Sozialraum (whole rows go); Landkreis rows stay
    for h, kind, _, _ in SPALTEN:
        if kind in ("n", "s"):  # counts (quotas are never counts: a quota of 100 % would read as 1)
            C.wg(wb, "ANZAHL", sh, f"{COL[h]}{H + 1}:{COL[h]}{end}")
    last_lk = first_row(len(JAHRE) - 1) + F.NSR
    for name, h in (("Bildung_Kita_LK", "Kita-Besuchsquote vor Einschulung"),
                    ("Bildung_Zurueck_LK", "Zurückstellungsquote"), ("Bildung_Gym_LK", "Übergangsquote Gymnasium"),
                    ("Bildung_OhneAbschluss_LK", "Quote ohne Abschluss"),
                    ("Bildung_Dual_LK", "Übergangsquote duale Ausbildung")):
        wb.name(name, SHEET, f"{COL[h]}{last_lk}")
    sh.width("A", 1.8)
    sh.width("B", 2.6)
    sh.width(f"C-{LAST}", 2.3)
    sh.freeze = (H, 2)


def landkreis_sheet(wb, sample, plan):
    """Time series of the Landkreis quotas with chart, counts with their change on the previous year, and the
    change of every quota per Sozialraum in percentage points."""
    sh = wb.sheet(SHEET_LK, tab="#2e75b6")
    C.head(sh, "Bildungsübergänge im Landkreis: Zeitreihe und Veränderungen",
           "Die Quoten der Landkreiszeilen des Blatts „Übergänge“ je Jahr (Summe der Zähler ÷ Summe der Nenner); "
           "Veränderung der Anzahlen zum Vorjahr mit ISP_VERAENDERUNG (aktuell ÷ Vorjahr − 1); darunter die "
           "Veränderung jeder Quote je Sozialraum in Prozentpunkten.", 12)
    sh.set(f"A{TR - 1}", "Zeitreihe Landkreis", "ISP_Abschnitt")
    zaehl = ["Schulanfänger (eingeschult)", "Schulabgänger"]
    heads = ["Jahr"] + QUOTEN
    for h in zaehl:
        heads += [h, "Veränderung zum Vorjahr"]
    sh.row(f"A{TR}", heads, "ISP_Kopf")
    sh.height(TR, 2.2)
    nq = len(QUOTEN)
    for k, y in enumerate(JAHRE):
        r = TR + 1 + k
        lk = first_row(k) + F.NSR
        sh.set(f"A{r}", y, "ISP_Formel", "YEAR")
        for q, h in enumerate(QUOTEN):
            sh.set((r - 1, 1 + q), f"='{SHEET}'.{COL[h]}{lk}", "ISP_Ergebnis", "P1")
        for z, h in enumerate(zaehl):
            j = 1 + nq + 2 * z
            c = col_letters(j)
            sh.set((r - 1, j), f"='{SHEET}'.{COL[h]}{lk}", "ISP_Formel", "N0")
            if k:
                sh.set((r - 1, j + 1), f'=IF(OR({c}{r - 1}="";{c}{r}="");"";ISP_VERAENDERUNG({c}{r - 1};{c}{r}))',
                       "ISP_Formel", "P1")
    t_end = TR + len(JAHRE)
    for z in range(len(zaehl)):
        c = col_letters(1 + nq + 2 * z)
        C.wg(wb, "ANZAHL", sh, f"{c}{TR + 1}:{c}{t_end}")
    sh.chart(anchor=f"A{CHART_TOP}", width=22, height=9, type="line", ranges=[f"A{TR}:{col_letters(nq)}{t_end}"],
             title="Übergangsquoten im Landkreis", ytitle="Anteil",
             colours=["#2c7bb6", "#fdae61", "#abd9e9", "#1a9641", "#7f7f7f", "#d7191c", "#7030a0"])
    # Change on the previous year per Sozialraum, in percentage points.
    y0, y1 = JAHRE[-2], JAHRE[-1]
    sh.set(f"A{VT}", f"Veränderung der Quoten je Sozialraum {y0} → {y1} (Prozentpunkte)", "ISP_Abschnitt")
    sh.row(f"A{VT + 1}", ["Sozialraum"] + QUOTEN, "ISP_Kopf")
    sh.height(VT + 1, 2.2)
    prev, cur = first_row(len(JAHRE) - 2), first_row(len(JAHRE) - 1)
    for i in range(F.NSR + 1):
        r = VT + 2 + i
        style = "ISP_Ergebnis" if i == F.NSR else "ISP_Formel"
        sh.set(f"A{r}", "Landkreis" if i == F.NSR else sample.sozialraeume[i]["id"], style)
        for q, h in enumerate(QUOTEN):
            a, b = f"'{SHEET}'.{COL[h]}{prev + i}", f"'{SHEET}'.{COL[h]}{cur + i}"
            sh.set((r - 1, 1 + q), f'=IF(AND(ISNUMBER({a});ISNUMBER({b}));100*({b}-{a});"")', style, "SIGN2")
    C.wg(wb, "ZEILEN", sh, f"A{VT + 2}:A{VT + 2 + F.NSR}")
    sh.set(f"A{VT + 4 + F.NSR}", "Prozentpunkte = Quote im Datenjahr − Quote im Vorjahr (× 100); leer, wenn eine der "
           "Quoten fehlt oder geheim gehalten ist.", "ISP_Hinweis")
    sh.width("A", 2.6)
    sh.width(f"B-{col_letters(nq + 4)}", 2.4)


def plan_sheets(wb, sample, plan):
    uebergaenge_sheet(wb, sample, plan)
    landkreis_sheet(wb, sample, plan)
    F.zielgruppe_prognose(wb, sample, plan, "10-17", "Kinder und Jugendliche 10 bis 17 Jahre", "bildung")


ARTEN = [("Übergangsbegleitung Schule–Beruf", 1.0), ("Sprachförderung vor der Einschulung", 0.8),
         ("Lernförderung und Hausaufgabenhilfe", 1.2)]


KOOPERATION = ["Kooperationsvereinbarung Kita – Grundschule", "Sprachstandsfeststellung vor der Einschulung",
               "Schulsozialarbeit an allen Oberschulen", "Berufsorientierung ab Klasse 7",
               "Anlaufstelle Jugendberufsagentur"]


def bestand_sheet(wb, sample, plan):
    name = F.angebote_sheet(
        wb, sample, plan, ARTEN, 72,
        per_gemeinde=lambda g, a: (2 if g["ew"] > 50000 else 1) if a != ARTEN[0][0] or g["ew"] > 6000 else 0,
        capacity=lambda g, a: max(6, g["ew"] * 0.0009), unit="Plätze",
        title="Angebote an den Bildungsübergängen")
    # Structures at the transitions per Sozialraum (ja/nein), below the list of offers (an empty row between).
    rng = random.Random(73)
    sh = wb.get_sheet(name)
    top = sh.extent()[0] + 3
    sh.set(f"A{top}", "Kooperation an den Bildungsübergängen je Sozialraum", "ISP_Abschnitt")
    sh.row(f"A{top + 1}", ["Sozialraum"] + KOOPERATION + ["Bemerkung"], "ISP_Kopf")
    sh.height(top + 1, 1.6)
    for i, sr in enumerate(sample.sozialraeume):
        r = top + 2 + i
        sh.set(f"A{r}", sr["id"], "ISP_Formel")
        for j in range(len(KOOPERATION)):
            sh.set((r - 1, 1 + j), "ja" if rng.random() < 0.7 else "nein", "ISP_Eingabe", validation="v_janein")
        sh.set((r - 1, 1 + len(KOOPERATION)), None, "ISP_Eingabe_Text")
    C.wg(wb, "ZEILEN", sh, f"A{top + 2}:A{top + 1 + F.NSR}")
    return name


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
        params=[F.ZIELJAHR, DG.VARIANTE_PARAM,
                ("Richtwert Übergangsbegleitung (Plätze je 1.000 Einw. 10–17)", 12.0, "N1", "v_nichtneg",
                 "Richtwert_UeB", "politisch zu beschließen (fiktiv)")],
        intro=["Bildungsübergänge je Sozialraum und Jahr beobachten: Kita-Besuch vor der Einschulung, Schulanfänger "
               "und Zurückstellungen, Übergänge nach Klasse 4 auf Gymnasium und Oberschule mit der "
               "Bildungsempfehlung, Schulabgänger ohne Abschluss und Übergang in die duale Ausbildung; Angebote an "
               "den Übergängen dort ausbauen, wo die Quoten und die Sozialraumbelastung es verlangen."],
        how=["1. Übergänge: je Jahr und Sozialraum die Anzahlen eintragen (Schulstatistik, Schuleingangsuntersuchung, "
             "Kita-Statistik, Agentur für Arbeit); Quoten und Landkreiszeilen rechnen. Zeitreihe, Diagramm und "
             "Veränderungen zeigt das Blatt Übergänge Landkreis.",
             "2. 1 Bestandserfassung: Angebote (Übergangsbegleitung, Sprachförderung, Lernförderung) mit Lage und "
             "Plätzen pflegen.",
             "3. Bevölkerungsvorausberechnung: Einwohner je Gemeinde, Altersgruppe, Jahr und Variante einfügen; die "
             "Bevölkerungsprognose je Sozialraum (10 bis 17 Jahre) rechnet sich daraus.",
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
        korridor=[("Kita-Besuchsquote vor Einschulung (Landkreis)", "Bildung_Kita_LK", 0.95, 1.0, "P1"),
                  ("Zurückstellungsquote (Landkreis)", "Bildung_Zurueck_LK", 0.05, 0.08, "P1"),
                  ("Quote ohne Abschluss (Landkreis)", "Bildung_OhneAbschluss_LK", 0.04, 0.06, "P1"),
                  ("Übergangsquote duale Ausbildung (Landkreis)", "Bildung_Dual_LK", 0.35, 0.45, "P1")],
        massnahmen=[("Ausbau der Übergangsbegleitung an Oberschulen", "weniger Abgänge ohne Abschluss",
                     "Quote ohne Abschluss", 0.075, 0.05, 0.068),
                    ("Sprachförderung im letzten Kita-Jahr", "weniger Zurückstellungen", "Zurückstellungsquote",
                     0.085, 0.06, 0.078)],
    )
    wb = F.build(plan, sample)
    # Weitergabe (docs/weitergabe.md): Übergänge and Übergänge Landkreis are described where they are made; the
    # Bestandserfassung (Gemeinde-ID), Bedarfsrechnung and Bevölkerungsprognose (Sozialraum rows) in fachplan.
    return wb
