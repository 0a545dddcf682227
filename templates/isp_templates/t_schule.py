"""Schulentwicklungsplanung (methods §9.4): Schülerprognose by cohort shifting with entry and transition quotas
(ISP_TRENDMITTEL, ISP_SCHUELERPROGNOSE), classes per grade (ISP_KLASSENZAHL), Zügigkeit, Auslastung of the
classrooms (ISP_AUSLASTUNG); Belastungsindex Bildung.

The children at school-entry age come from the shared Bevölkerungsvorausberechnung (demografie.py): it publishes
age bands, not single years, so the entry cohort of a Gemeinde in year y is 1/4 of its band "6 bis unter 10" in
year y (even spread within the band), and a school gets its Einzugsanteil of that cohort (the shares of one
Gemeinde's schools add up to 100 %; otherwise, or without a projection value, #NV and a Prüfung text)."""
import math
import random

from . import common as C
from . import demografie as DG
from . import fachplan as F
from .odf import col_letters

# (name, Gemeinde-ID, Einzugsanteil: the school's share of its Gemeinde's entry cohort)
SCHULEN = [("Grundschule Zwickau-Mitte", "G01", 0.6), ("Grundschule Zwickau-Nord", "G01", 0.4),
           ("Grundschule Werdau", "G04", 1.0), ("Grundschule Crimmitschau", "G05", 1.0),
           ("Grundschule Glauchau", "G10", 1.0), ("Grundschule Limbach-Oberfrohna", "G14", 1.0),
           ("Grundschule Hohenstein-Ernstthal", "G17", 1.0), ("Grundschule Lichtenstein", "G22", 1.0),
           ("Grundschule Mülsen", "G23", 1.0), ("Grundschule Kirchberg", "G29", 1.0)]
YEARS = list(range(2023, 2030))
assert set(YEARS) <= set(DG.JAHRE), "the projection must cover the years of the Schülerprognose"
ENTRY_AGE = 6
ENTRY_BAND = DG.band_of_age(ENTRY_AGE)  # "6 bis unter 10": its children spread evenly over its years
ENTRY_VON, ENTRY_BIS = ENTRY_BAND[2], ENTRY_BAND[3]
BLOCK = 14
CHART_TOP = 16  # the overview's chart, below the overview (A7:K14): the sheet stays one page wide
E0 = 37  # the table of Einzugsanteile, below the chart (9 cm ≈ 20 rows of 0.45 cm)
B0 = E0 + 3 + len(SCHULEN) + 3  # first school block, below that table and its note


def top(k):
    return B0 + k * BLOCK


def einzug_row(k):
    """The row of school k in the table of Einzugsanteile."""
    return E0 + 2 + k


def entry_cohort(sample, gid, year, variante=DG.VARIANTEN[0][0]):
    """Children at school-entry age of the Gemeinde in the sample's projection (for the invented sample inputs)."""
    return DG.projection(sample)[(variante, gid, ENTRY_BAND[0], year)] / (ENTRY_BIS - ENTRY_VON)


def einzug_table(wb, sample, sh):
    """Per school: Gemeinde-ID (from 1 Bestandserfassung), Einzugsanteil (input), the sum of the shares of its
    Gemeinde and a Prüfung: why the school's Kinder 6 J. are #NV (shares ≠ 100 %, projection value or variant
    missing), else empty."""
    sh.set(f"A{E0}", "Kinder im Einschulungsalter: Einzugsanteile der Schulen", "ISP_Abschnitt")
    sh.row(f"A{E0 + 1}", ["Schule", "Gemeinde-ID", "Gemeinde", "Einzugsanteil", "Summe der Gemeinde", "Prüfung"],
           "ISP_Kopf")
    sh.height(E0 + 1, 1.0)
    t0, t1 = einzug_row(0), einzug_row(len(SCHULEN) - 1)
    bestand = "$'1 Bestandserfassung'"
    for k, (name, gid, share) in enumerate(SCHULEN):
        r = einzug_row(k)
        sh.set(f"A{r}", name.replace("Grundschule ", "GS "), "ISP_Formel")
        sh.set(f"B{r}", f'=IF({bestand}.$D${7 + k}="";"";{bestand}.$D${7 + k})', "ISP_Formel")
        sh.set(f"C{r}", f'=IF(B{r}="";"";IFERROR(VLOOKUP(B{r};Gebiete.$A${C.G0}:$B${C.G1};2;0);"?"))',
               "ISP_Formel")
        sh.set(f"D{r}", share, "ISP_Eingabe", "P0", validation="v_quote")
        sh.set(f"E{r}", f'=IF(B{r}="";"";SUMIF($B${t0}:$B${t1};B{r};$D${t0}:$D${t1}))', "ISP_Formel", "P0")
        sh.set(f"F{r}", f'=IF(B{r}="";"Gemeinde-ID fehlt (Blatt 1 Bestandserfassung)";IF(D{r}="";'
                        f'"Einzugsanteil fehlt";IF(ROUND(E{r};6)<>1;"Einzugsanteile der Gemeinde ergeben "&'
                        f'FIXED(E{r}*100;1)&" % statt 100 %";'
                        + DG.gemeinde_check(f"B{r}", ENTRY_VON, ENTRY_BIS) + ")))", "ISP_Formel")
    width = ENTRY_BIS - ENTRY_VON
    sh.merge(f"A{t1 + 1}", 13, 2,
             f"Kinder 6 J. im Jahr = 1/{width} der Altersgruppe „{ENTRY_BAND[1]}“ der Gemeinde in diesem Jahr (Blatt "
             "Bevölkerungsvorausberechnung, Variante des Blatts Parameter; die Vorausberechnung liefert "
             "Altersgruppen, keine Einzeljahre: gleichmäßig verteilt) × Einzugsanteil der Schule. Die Einzugsanteile "
             "der Schulen einer Gemeinde ergeben zusammen 100 %; sonst, oder wenn ein Wert oder die Variante fehlt, "
             "bleibt die Spalte Kinder 6 J. #NV und die Prüfung sagt warum.", "ISP_Hinweis_Umbruch")
    sh.height(t1 + 1, 0.9)
    sh.height(t1 + 2, 0.9)


def prognose_sheet(wb, sample, plan):
    rng = random.Random(61)
    DG.sheet(wb, sample)
    sh = wb.sheet("Schülerprognose", tab="#2e75b6")
    C.head(sh, "Schülerprognose Grundschulen (Kohortenfortschreibung)",
           "Je Schule: Kinder 6 J. = ¼ der Altersgruppe 6 bis unter 10 der Gemeinde (Bevölkerungsvorausberechnung) × "
           "Einzugsanteil; Schulanfänger = Kinder 6 J. × Eingangsquote (Trendmittel der letzten 3 Jahre, "
           "Gewichte 1:2:3); Klasse g+1 = Übergangsquote × Klasse g des Vorjahres (ISP_SCHUELERPROGNOSE); Klassen je "
           "Klassenstufe = AUFRUNDEN(Schüler ÷ Richtwert) (ISP_KLASSENZAHL).", 13)
    sh.height(3, 1.0)
    gid_sr = {g["id"]: g["sr"] for g in sample.gebiete}
    # Overview (for the chart and the phase sheets)
    sh.set("A6", "Übersicht: Schüler je Schule und Jahr", "ISP_Abschnitt")
    sh.set("A7", "Jahr", "ISP_Kopf")
    for j, y in enumerate(YEARS):
        sh.set(f"A{8 + j}", y, "ISP_Formel", "YEAR")
    for k, (name, gid, share) in enumerate(SCHULEN):
        c = col_letters(1 + k)
        sh.set(f"{c}7", name.replace("Grundschule ", "GS "), "ISP_Kopf")
        for j in range(len(YEARS)):
            sh.set(f"{c}{8 + j}", f"=F{top(k) + 2 + j}", "ISP_Formel", "N0")
    sh.height(7, 1.3)
    einzug_table(wb, sample, sh)
    for k, (name, gid, share) in enumerate(SCHULEN):
        t = top(k)
        tr = einzug_row(k)
        # Invented inputs that fit the projection: pupils per grade near the school's entry cohort of the base
        # year, classrooms for the classes they need (Richtwert 25) with a little room to spare or not.
        size = entry_cohort(sample, gid, YEARS[0]) * share
        rooms = 4 * math.ceil(size / 25) + rng.choice([-1, 0, 1, 2])
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
                kinder = DG.gemeinde_sum(f"$B${tr}", f"$A{r}", ENTRY_VON, ENTRY_BIS, check=f"$F${tr}")
                sh.set(f"K{r}", f"=({kinder})/{ENTRY_BIS - ENTRY_VON}*$D${tr}", "ISP_Formel", "N1")
                sh.set(f"L{r}", f"=$E${rq}", "ISP_Formel", "P1")
                sh.set(f"M{r}", f"=K{r}*L{r}", "ISP_Formel", "N1")
        sh.set(f"A{rb}", "Schüler Basisjahr", "ISP_Kopf")
        for g in range(4):
            sh.set((rb - 1, 1 + g), round(size * rng.uniform(0.93, 1.05)), "ISP_Eingabe", "N0", validation="v_anzahl")
        sh.set(f"F{rb}", f'=IF($F${tr}="";"";"Kinder 6 J.: "&$F${tr})', "ISP_Hinweis")
        sh.set(f"A{rq}", "Eingangsquote 2021–2023", "ISP_Kopf")
        for g in range(3):
            sh.set((rq - 1, 1 + g), round(rng.uniform(0.95, 1.01), 3), "ISP_Eingabe", "P1", validation="v_quote")
        sh.set(f"E{rq}", f"=ISP_TRENDMITTEL(B{rq}:D{rq})", "ISP_Ergebnis", "P1")
        sh.set(f"F{rq}", "← Trendmittel (1:2:3)", "ISP_Hinweis")
        sh.set(f"A{rt}", "Übergangsquoten 1→2, 2→3, 3→4", "ISP_Kopf")
        for g in range(3):
            sh.set((rt - 1, 1 + g), round(rng.uniform(0.97, 1.02), 3), "ISP_Eingabe", "P1", validation="v_quote")
        sh.set(f"F{rt}", f"← Kinder 6 J.: Gemeinde und Einzugsanteil in Zeile {tr}", "ISP_Hinweis")
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
    for k, (name, gid, _) in enumerate(SCHULEN):
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
    sh.set(f"A{8 + n}", "Klassenräume und Einzugsanteile werden auf dem Blatt Schülerprognose je Schule eingetragen; "
           "die Gemeinde-ID hier bestimmt, aus welcher Gemeinde die Kinder im Einschulungsalter kommen.", "ISP_Hinweis")
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
    for k, (name, gid, _) in enumerate(SCHULEN):
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
                DG.VARIANTE_PARAM,
                ("Klassenfrequenzrichtwert", 25, "N0", "v_anzahl", "Richtwert", "Schüler je Klasse"),
                ("Mindestklassengröße", 15, "N0", "v_anzahl", "Min_Klasse", "keine Klasse darunter"),
                ("Höchstklassengröße", 28, "N0", "v_anzahl", "Max_Klasse", "keine Klasse darüber")],
        intro=["Ein regional ausgewogenes Schulnetz: Schülerprognose je Grundschule, Klassenbildung und Zügigkeit, "
               "Auslastung der Klassenräume; Schularten, DaZ-Klassen, Schulsozialarbeit und Hort als Merkmale."],
        how=["1. Bevölkerungsvorausberechnung: Einwohner je Gemeinde, Altersgruppe, Jahr und Variante einfügen "
             "(Aufbau der Regionalisierten Bevölkerungsvorausberechnung); daraus kommen die Kinder im "
             "Einschulungsalter je Gemeinde.",
             "2. Schülerprognose: je Schule den Einzugsanteil (Anteil der Schule an den Schulanfängern ihrer Gemeinde; "
             "die Schulen einer Gemeinde zusammen 100 %), Schüler im Basisjahr, Eingangsquoten der letzten drei "
             "Jahre, Übergangsquoten und Klassenräume eintragen; die Gemeinde der Schule steht auf dem Blatt "
             "1 Bestandserfassung.",
             "3. Parameter: Zieljahr, Variante der Vorausberechnung, Klassenfrequenzrichtwert, Mindest- und "
             "Höchstklassengröße setzen.",
             "4. Bedarfsrechnung und 3 Bewertung und Empfehlung lesen; Erweiterungen in „geplant zusätzlich“ testen."],
        method=["Kinder im Einschulungsalter (6 J.) einer Schule im Jahr t = ¼ der Altersgruppe „6 bis unter 10“ "
                "ihrer Gemeinde im Jahr t (Bevölkerungsvorausberechnung in der gewählten Variante; sie liefert "
                "Altersgruppen, keine Einzeljahre, daher gleichmäßig verteilt) × Einzugsanteil der Schule; fehlt ein "
                "Wert oder die Variante oder ergeben die Einzugsanteile einer Gemeinde nicht 100 %, bleibt der Wert "
                "#NV mit Prüfungstext. Eingangsquote (Schulanfänger ÷ Kinder im Einschulungsalter) = Trendmittel der letzten "
                "drei Jahre mit Gewichten 1:2:3 (ISP_TRENDMITTEL). "
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
