"""Schulentwicklungsplanung (methods §9.4): Schülerprognose by cohort shifting with entry and transition quotas
(ISP_TRENDMITTEL, ISP_SCHUELERPROGNOSE), classes per grade (ISP_KLASSENZAHL), Zügigkeit, Auslastung of the
classrooms (ISP_AUSLASTUNG); Belastungsindex Bildung."""
import random

from . import common as C
from . import fachplan as F
from .odf import col_letters

SCHULEN = [("Grundschule Zwickau-Mitte", "G01", 12), ("Grundschule Zwickau-Nord", "G01", 8),
           ("Grundschule Werdau", "G04", 8), ("Grundschule Crimmitschau", "G05", 8), ("Grundschule Glauchau", "G10", 8),
           ("Grundschule Limbach-Oberfrohna", "G14", 8), ("Grundschule Hohenstein-Ernstthal", "G17", 6),
           ("Grundschule Lichtenstein", "G22", 4), ("Grundschule Mülsen", "G23", 4), ("Grundschule Kirchberg", "G29", 4)]
YEARS = list(range(2023, 2030))
BLOCK = 14
CHART_TOP = 16  # the overview's chart, below the overview (A7:K14): the sheet stays one page wide
B0 = 37  # first school block, below the chart (9 cm ≈ 20 rows of 0.45 cm)


def top(k):
    return B0 + k * BLOCK


def prognose_sheet(wb, sample, plan):
    rng = random.Random(61)
    sh = wb.sheet("Schülerprognose", tab="#2e75b6")
    C.head(sh, "Schülerprognose Grundschulen (Kohortenfortschreibung)",
           "Je Schule: Schulanfänger = Kinder im Einschulungsalter × Eingangsquote (Trendmittel der letzten 3 Jahre, "
           "Gewichte 1:2:3); Klasse g+1 = Übergangsquote × Klasse g des Vorjahres (ISP_SCHUELERPROGNOSE); Klassen je "
           "Klassenstufe = AUFRUNDEN(Schüler ÷ Richtwert) (ISP_KLASSENZAHL).", 13)
    gid_sr = {g["id"]: g["sr"] for g in sample.gebiete}
    # Overview (for the chart and the phase sheets)
    sh.set("A6", "Übersicht: Schüler je Schule und Jahr", "ISP_Abschnitt")
    sh.set("A7", "Jahr", "ISP_Kopf")
    for j, y in enumerate(YEARS):
        sh.set(f"A{8 + j}", y, "ISP_Formel", "YEAR")
    for k, (name, gid, rooms) in enumerate(SCHULEN):
        c = col_letters(1 + k)
        sh.set(f"{c}7", name.replace("Grundschule ", "GS "), "ISP_Kopf")
        for j in range(len(YEARS)):
            sh.set(f"{c}{8 + j}", f"=F{top(k) + 2 + j}", "ISP_Formel", "N0")
    sh.height(7, 1.3)
    for k, (name, gid, rooms) in enumerate(SCHULEN):
        t = top(k)
        size = rooms * 22 / 4 * rng.uniform(0.7, 1.15)
        # A section heading (not a subtitle): print_layout keeps each school's block whole on one page.
        sh.set(f"A{t}", f"{name} (Sozialraum {gid_sr[gid]})", "ISP_Abschnitt")
        sh.row(f"A{t + 1}", ["Jahr", "Klasse 1", "Klasse 2", "Klasse 3", "Klasse 4", "Schüler", "Klassen", "Zügigkeit",
                             "Klassenräume", "Auslastung", "Kinder 6 J.", "Eingangsquote", "Schulanfänger"], "ISP_Kopf")
        r0, r1 = t + 2, t + 1 + len(YEARS)
        rb, rq, rt = t + 2 + len(YEARS), t + 3 + len(YEARS), t + 4 + len(YEARS)
        sh.array(f"B{r0}:E{r1}", f"=ISP_SCHUELERPROGNOSE(B{rb}:E{rb};M{r0 + 1}:M{r1};B{rt}:D{rt})", "ISP_Formel", "N0")
        for j, y in enumerate(YEARS):
            r = r0 + j
            sh.set(f"A{r}", y, "ISP_Formel", "YEAR")
            sh.set(f"F{r}", f"=SUM(B{r}:E{r})", "ISP_Ergebnis", "N0")
            sh.array(f"G{r}", f"=SUM(ISP_KLASSENZAHL(B{r}:E{r};Richtwert;Min_Klasse;Max_Klasse))", "ISP_Formel", "N0")
            sh.array(f"H{r}", f"=MAX(ISP_KLASSENZAHL(B{r}:E{r};Richtwert;Min_Klasse;Max_Klasse))", "ISP_Formel", "N0")
            sh.set(f"I{r}", rooms if j == 0 else f"=I{r0}", "ISP_Eingabe" if j == 0 else "ISP_Formel", "N0",
                   validation="v_anzahl" if j == 0 else None)
            sh.set(f"J{r}", f"=ISP_AUSLASTUNG(G{r};I{r})", "ISP_Ergebnis", "P0")
            if j:
                sh.set(f"K{r}", round(size * rng.uniform(0.85, 1.08)), "ISP_Eingabe", "N0", validation="v_anzahl")
                sh.set(f"L{r}", f"=$E${rq}", "ISP_Formel", "P1")
                sh.set(f"M{r}", f"=K{r}*L{r}", "ISP_Formel", "N1")
        sh.set(f"A{rb}", "Schüler Basisjahr", "ISP_Kopf")
        for g in range(4):
            sh.set((rb - 1, 1 + g), round(size * rng.uniform(0.9, 1.1)), "ISP_Eingabe", "N0", validation="v_anzahl")
        sh.set(f"A{rq}", "Eingangsquote 2021–2023", "ISP_Kopf")
        for g in range(3):
            sh.set((rq - 1, 1 + g), round(rng.uniform(0.95, 1.01), 3), "ISP_Eingabe", "P1", validation="v_quote")
        sh.set(f"E{rq}", f"=ISP_TRENDMITTEL(B{rq}:D{rq})", "ISP_Ergebnis", "P1")
        sh.set(f"F{rq}", "← Trendmittel (1:2:3)", "ISP_Hinweis")
        sh.set(f"A{rt}", "Übergangsquoten 1→2, 2→3, 3→4", "ISP_Kopf")
        for g in range(3):
            sh.set((rt - 1, 1 + g), round(rng.uniform(0.97, 1.02), 3), "ISP_Eingabe", "P1", validation="v_quote")
        wb.name(f"Schule{k + 1}_Raeume", "Schülerprognose", f"I{r0}")
        wb.name(f"Schule{k + 1}_Klassen", "Schülerprognose", f"G{r0}:G{r1}")
    sh.width("A", 4.6)
    sh.width("B-M", 2.2)
    last = col_letters(len(SCHULEN))
    sh.chart(anchor=f"A{CHART_TOP}", width=16, height=9, type="line", ranges=[f"A7:{last}{7 + len(YEARS)}"],
             title="Schüler je Grundschule (Prognose)", ytitle="Schüler")
    sh.freeze = (0, 1)


def bestand_sheet(wb, sample, plan):
    rng = random.Random(62)
    sh = wb.sheet("1 Bestandserfassung", tab="#548235")
    C.head(sh, "Phase 1: Bestandserfassung – Schulen", "Schulnetz: Schulart, Träger, Lage, Klassenräume, Ganztag, "
           "Schulsozialarbeit, DaZ-Klassen, Hort; Schulweg (Erreichbarkeit).", 11)
    sh.row("A6", ["Schule", "Schulart", "Träger", "Gemeinde-ID", "Sozialraum", "Klassenräume", "Schüler (Basisjahr)",
                  "Ganztagsangebot", "Schulsozialarbeit", "DaZ-Klasse", "Schulweg max. (Min.)"], "ISP_Kopf")
    sh.height(6, 1.0)
    gid_sr = {g["id"]: g["sr"] for g in sample.gebiete}
    for k, (name, gid, rooms) in enumerate(SCHULEN):
        r = 7 + k
        t = top(k)
        rb = t + 2 + len(YEARS)
        sh.row(f"A{r}", [name, "Grundschule", "Gemeinde (fiktiv)", gid])
        sh.set(f"E{r}", f'=IFERROR(VLOOKUP(D{r};Gebiete.$A${C.G0}:$C${C.G1};3;0);"?")', "ISP_Formel")
        sh.set(f"F{r}", f"=Schule{k + 1}_Raeume", "ISP_Formel", "N0")
        sh.set(f"G{r}", f"=SUM(Schülerprognose.B{rb}:E{rb})", "ISP_Formel", "N0")
        sh.row(f"H{r}", [rng.choice(["ja", "nein"]), rng.choice(["ja", "nein"]), rng.choice(["ja", "nein"]),
                         rng.choice([15, 20, 30, 40])])
    n = len(SCHULEN) + 5
    sh.fill(f"A7:D{6 + n}", "ISP_Eingabe")
    sh.fill(f"H7:J{6 + n}", "ISP_Eingabe", validation="v_janein")
    sh.fill(f"K7:K{6 + n}", "ISP_Eingabe", "N0", "v_nichtneg")
    sh.set(f"A{8 + n}", "Klassenräume werden auf dem Blatt Schülerprognose je Schule eingetragen.", "ISP_Hinweis")
    sh.width("A", 6.5)
    sh.width("B-C", 3.6)
    sh.width("D-K", 2.4)
    return sh.name


def bedarf_rows(wb, sample, plan):
    """Bestand = classrooms, Bedarf = classes needed in the target year, per school."""
    gid_sr = {g["id"]: g["sr"] for g in sample.gebiete}
    sh = wb.sheet("Bedarfsrechnung", tab="#2e75b6")
    C.head(sh, "Bedarfsrechnung: Klassenräume je Schule im Zieljahr",
           "Bedarf = benötigte Klassen im Zieljahr (Schülerprognose); Bestand = Klassenräume; Spalte „geplant "
           "zusätzlich“ für Erweiterungen (Was-wäre-wenn).", 10)
    sh.row("A6", ["Sozialraum", "Schule", "Klassen im Zieljahr", "Zügigkeit im Zieljahr", "Klassenräume",
                  "geplant zusätzlich", "Räume gesamt", "Auslastung im Zieljahr"], "ISP_Kopf")
    sh.height(6, 1.0)
    out = []
    for k, (name, gid, rooms) in enumerate(SCHULEN):
        r = 7 + k
        t = top(k)
        r0 = t + 2
        sh.set(f"A{r}", gid_sr[gid], "ISP_Formel")
        sh.set(f"B{r}", name.replace("Grundschule ", "GS "), "ISP_Formel")
        sh.set(f"C{r}", f"=INDEX(Schule{k + 1}_Klassen;MATCH(Zieljahr;Schülerprognose.$A${r0}:$A${r0 + len(YEARS) - 1};0))",
               "ISP_Ergebnis", "N0")
        sh.set(f"D{r}", f"=INDEX(Schülerprognose.$H${r0}:$H${r0 + len(YEARS) - 1};MATCH(Zieljahr;"
                        f"Schülerprognose.$A${r0}:$A${r0 + len(YEARS) - 1};0))", "ISP_Formel", "N0")
        sh.set(f"E{r}", f"=Schule{k + 1}_Raeume", "ISP_Formel", "N0")
        sh.set(f"F{r}", 0, "ISP_Eingabe", "N0", validation="v_anzahl")
        sh.set(f"G{r}", f"=E{r}+F{r}", "ISP_Formel", "N0")
        sh.set(f"H{r}", f"=ISP_AUSLASTUNG(C{r};G{r})", "ISP_Ergebnis", "P0")
        out.append((gid_sr[gid], name.replace("Grundschule ", "GS "), f"Bedarfsrechnung.G{r}", f"Bedarfsrechnung.C{r}"))
    sh.width("A", 2.2)
    sh.width("B", 5.5)
    sh.width("C-H", 2.6)
    return out


def build(sample=None):
    plan = F.Plan(
        key="schule", name="Schulentwicklungsplanung", motto="„Gleiche Bildungschancen bei kurzen Schulwegen“",
        lebenslage="B", lebenslage_name="Bildung",
        params=[("Zieljahr der Planung", 2028, "YEAR", "v_jahr", "Zieljahr", "2024–2029"),
                ("Klassenfrequenzrichtwert", 25, "N0", "v_anzahl", "Richtwert", "Schüler je Klasse"),
                ("Mindestklassengröße", 15, "N0", "v_anzahl", "Min_Klasse", "keine Klasse darunter"),
                ("Höchstklassengröße", 28, "N0", "v_anzahl", "Max_Klasse", "keine Klasse darüber")],
        intro=["Ein regional ausgewogenes Schulnetz: Schülerprognose je Grundschule, Klassenbildung und Zügigkeit, "
               "Auslastung der Klassenräume; Schularten, DaZ-Klassen, Schulsozialarbeit und Hort als Merkmale."],
        how=["1. Schülerprognose: je Schule Schüler im Basisjahr, Eingangsquoten der letzten drei Jahre, "
             "Übergangsquoten, Kinder im Einschulungsalter und Klassenräume eintragen.",
             "2. Parameter: Zieljahr, Klassenfrequenzrichtwert, Mindest- und Höchstklassengröße setzen.",
             "3. Bedarfsrechnung und 3 Bewertung und Empfehlung lesen; Erweiterungen in „geplant zusätzlich“ testen."],
        method=["Eingangsquote = Trendmittel der letzten drei Jahre mit Gewichten 1:2:3 (ISP_TRENDMITTEL). "
                "Kohortenfortschreibung: Klasse 1 im Jahr t = Schulanfänger t; Klasse g+1 im Jahr t = Übergangsquote g × "
                "Klasse g im Jahr t−1 (ISP_SCHUELERPROGNOSE). Klassen je Stufe = AUFRUNDEN(Schüler ÷ Richtwert), "
                "begrenzt durch Mindest- und Höchstgröße (ISP_KLASSENZAHL); Zügigkeit = größte Zahl paralleler Klassen."],
        sheets=prognose_sheet, bestand=bestand_sheet, bedarf_rows=bedarf_rows, bedarf_unit="Klassenräume",
        korridor=[("Auslastung GS Zwickau-Mitte im Zieljahr", "Bedarfsrechnung.H7", 0.8, 1.0)],
        massnahmen=[("Erweiterung GS Zwickau-Mitte um 2 Räume", "Auslastung ≤ 100 %", "Auslastung", 1.1, 1.0, 1.05)],
    )
    wb = F.build(plan, sample)
    # Weitergabe (docs/weitergabe.md): the forecast is laid out per school without an area key: internal.
    C.wg(wb, "INTERN", "Schülerprognose")
    C.wg(wb, "ZEILEN", "1 Bestandserfassung", f"D7:D{6 + len(SCHULEN)}")  # key: Gemeinde-ID
    C.wg(wb, "ZEILEN", "Bedarfsrechnung", f"A7:A{6 + len(SCHULEN)}")
    return wb
