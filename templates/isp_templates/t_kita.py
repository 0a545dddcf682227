"""Kita-Bedarfsplanung (Teilplan der Jugendhilfeplanung; methods §9.1): U3 / Ü3 / Hort. Versorgungsgrad
against the projected age group of the target year, Bedarf from target quotas plus buffer, offener Bedarf,
what-if on places."""
import random

from . import common as C
from . import data as D
from . import fachplan as F
from .odf import col_letters

BEREICHE = [("U3", "0-2", "Kinder unter 3"), ("Ü3", "3-5", "Kinder 3 bis Schuleintritt"), ("Hort", "6-9", "Grundschulkinder")]
JAHRE = list(range(2023, 2031))
PB = {b: 7 + k * 17 for k, (b, _, _) in enumerate(BEREICHE)}  # first SR row of each block on Bevölkerungsprognose


def prognose_sheet(wb, sample, plan):
    sh = wb.sheet("Bevölkerungsprognose", tab="#2e75b6")
    C.head(sh, "Bevölkerungsprognose der Altersgruppen je Sozialraum",
           "Kinder je Sozialraum und Jahr (Basisjahr 2023, dann Prognose; fiktiv). Die Bedarfsrechnung liest das "
           "Zieljahr vom Blatt Parameter.", 10)
    ages = D.sr_age_groups(sample, [a for _, a, _ in BEREICHE], JAHRE, "kita")
    for b, band, label in BEREICHE:
        top = PB[b]
        sh.set(f"A{top - 2}", f"{b}: {label}", "ISP_Abschnitt")
        F.prognose_block(sh, top, sample, ages, band, JAHRE)
    sh.width("A", 2.6)
    sh.width("B-I", 2.2)
    last = PB["Hort"] + F.NSR
    sh.chart(anchor="K6", width=14, height=8, type="line",
             ranges=[f"A{PB['U3'] - 1}:I{PB['U3'] - 1}", f"A{PB['U3'] + F.NSR}:I{PB['U3'] + F.NSR}",
                     f"A{PB['Ü3'] + F.NSR}:I{PB['Ü3'] + F.NSR}", f"A{last}:I{last}"],
             series_in_rows=True, title="Kinder im Landkreis nach Altersgruppe (Prognose)", ytitle="Kinder",
             colours=["#2c7bb6", "#fdae61", "#d7191c"])
    # Label the three total rows so that the chart legend is readable.
    for b, _, _ in BEREICHE:
        sh.set(f"A{PB[b] + F.NSR}", f"Landkreis {b}", "ISP_Ergebnis")


def bestand_sheet(wb, sample, plan):
    rng = random.Random(21)
    sh = wb.sheet("1 Bestandserfassung", tab="#548235")
    C.head(sh, "Phase 1: Bestandserfassung – Kindertageseinrichtungen und Kindertagespflege",
           "Plätze laut Betriebserlaubnis und Belegung je Einrichtung; Auslastung = Belegung ÷ Plätze "
           "(ISP_AUSLASTUNG).", 14)
    cols = ["Einrichtung", "Träger", "Gemeinde-ID", "Sozialraum", "Plätze U3", "Plätze Ü3", "Plätze Hort",
            "Belegung U3", "Belegung Ü3", "Belegung Hort", "Auslastung", "Integrationsplätze", "Öffnungszeiten"]
    sh.row("A6", cols, "ISP_Kopf")
    sh.height(6, 1.0)
    traeger = ["Kommune (fiktiv)", "AWO (fiktiv)", "Volkssolidarität (fiktiv)", "Ev. Kirchgemeinde (fiktiv)",
               "Elterninitiative (fiktiv)"]
    ages = D.sr_age_groups(sample, ["0-2", "3-5", "6-9"], [2023], "kita")
    k = 0
    for g in sample.gebiete:
        n = max(1, round(g["ew"] / 6000))
        sr_children = {b: ages[(g["sr"], band, 2023)] * g["ew"] / next(s["ew"] for s in sample.sozialraeume
                                                                           if s["id"] == g["sr"])
                       for b, band, _ in BEREICHE}
        for j in range(n):
            r = 7 + k
            places = [round(sr_children["U3"] * rng.uniform(0.38, 0.55) / n),
                      round(sr_children["Ü3"] * rng.uniform(0.88, 1.02) / n),
                      round(sr_children["Hort"] * rng.uniform(0.6, 0.85) / n)]
            occ = [round(p * rng.uniform(0.85, 1.0)) for p in places]
            sh.row(f"A{r}", [f"Kita {g['name']} {j + 1}" if n > 1 else f"Kita {g['name']}", rng.choice(traeger),
                             g["id"], None] + places + occ + [None, rng.choice([0, 2, 4]),
                                                            rng.choice(["6–17 Uhr", "6–18 Uhr", "7–16:30 Uhr"])])
            k += 1
    rows = k + 10
    for r in range(7, 7 + rows):
        sh.set(f"D{r}", f'=IF(C{r}="";"";IFERROR(VLOOKUP(C{r};Gebiete.$A${C.G0}:$C${C.G1};3;0);"?"))', "ISP_Formel")
        sh.set(f"K{r}", f'=IF(SUM(E{r}:G{r})=0;"";SUM(H{r}:J{r})/SUM(E{r}:G{r}))', "ISP_Formel", "P0")
    sh.fill(f"A7:C{6 + rows}", "ISP_Eingabe")
    sh.fill(f"E7:J{6 + rows}", "ISP_Eingabe", "N0", "v_anzahl")
    sh.fill(f"L7:L{6 + rows}", "ISP_Eingabe", "N0", "v_anzahl")
    sh.fill(f"M7:M{6 + rows}", "ISP_Eingabe_Text")
    sh.width("A", 5.5)
    sh.width("B", 4.5)
    sh.width("C-L", 2.2)
    sh.width("M", 3.0)
    sh.freeze = (6, 1)
    wb.name("Kita_SR", "1 Bestandserfassung", f"D7:D{6 + rows}")
    for j, (b, _, _) in enumerate(BEREICHE):
        wb.name(f"Kita_Plaetze_{['U3', 'Ue3', 'Hort'][j]}", "1 Bestandserfassung",
                f"{col_letters(4 + j)}7:{col_letters(4 + j)}{6 + rows}")
    return sh.name


def bedarf_rows(wb, sample, plan):
    rows = [(sr["id"], b) for sr in sample.sozialraeume for b, _, _ in BEREICHE]
    key = {"U3": "U3", "Ü3": "Ue3", "Hort": "Hort"}

    def population(i, sr, b, r):
        top = PB[b]
        return (f"=INDEX(Bevölkerungsprognose.$B${top}:$I${top + F.NSR - 1};A{r};"
                f"MATCH(Zieljahr;Bevölkerungsprognose.$B${top - 1}:$I${top - 1};0))")

    def extra(sh, end):
        sh.chart(anchor=f"N6", width=15, height=9, type="bar",
                 ranges=[f"B6:B{end}", f"J6:J{end}"], title="Versorgungsgrad je Sozialraum und Bereich",
                 legend=False, ytitle="Plätze je Kind")

    out = F.bedarf_sheet(
        wb, sample, plan, rows, "Bedarfsrechnung: Plätze U3, Ü3 und Hort je Sozialraum",
        "Bedarf = Kinder im Zieljahr × Zielquote × (1 + Puffer); Versorgungsgrad = Plätze ÷ Kinder der prognostizierten "
        "Altersgruppe. Spalte „geplant zusätzlich“ für neue Plätze (Was-wäre-wenn).",
        population=population, quote=lambda b: f"Zielquote_{key[b]}", buffer=lambda r: "=Puffer",
        bestand=lambda i, sr, b, r: f"=SUMIF(Kita_SR;A{r};Kita_Plaetze_{key[b]})", group_label="Kinder im Zieljahr",
        extra=extra)
    # Bereich labels with the SR, so that charts and tables read on their own.
    sh = wb.get_sheet("Bedarfsrechnung")
    for i, (sr, b) in enumerate(rows):
        sh.set(f"B{7 + i}", f"SR {sr} {b}", "ISP_Formel")
    return [(sr, f"SR {sr} {b}", bs, bd) for (sr, b, bs, bd) in out]


def build(sample=None):
    plan = F.Plan(
        key="kita", name="Kita-Bedarfsplanung",
        motto="„Stehen ausreichend Kita-Plätze zur Verfügung?“ (Teilplan der Jugendhilfeplanung)",
        lebenslage="K", lebenslage_name="Sozialisation Kindheit und Jugend",
        params=[("Zieljahr der Planung", 2027, "YEAR", "v_jahr", "Zieljahr", "Jahr der Bevölkerungsprognose"),
                ("Zielquote U3 (Bedarfsquote)", 0.45, "P1", "v_quote", "Zielquote_U3",
                 "gemessener Elternbedarf; bundesweites Ausbauziel 35 %"),
                ("Zielquote Ü3", 0.97, "P1", "v_quote", "Zielquote_Ue3", "„Vollversorgung“ ≈ 100 %"),
                ("Zielquote Hort", 0.80, "P1", "v_quote", "Zielquote_Hort", "Anteil der Grundschulkinder"),
                ("Puffer (Pufferplätze)", 0.05, "P1", "v_quote", "Puffer", "Reserve für Zuzug und Wahlrecht")],
        intro=["Kita-Bedarfsplanung als Teilplan der Jugendhilfeplanung: Plätze für Kinder unter 3 Jahren (U3), "
               "von 3 Jahren bis zum Schuleintritt (Ü3) und im Hort, je Sozialraum gegen die prognostizierte "
               "Altersgruppe des Zieljahres."],
        how=["1. Bevölkerungsprognose: Kinder je Sozialraum und Jahr eintragen (regionalisierte Prognose).",
             "2. 1 Bestandserfassung: Einrichtungen mit Gemeinde-ID, Plätzen und Belegung pflegen.",
             "3. Parameter: Zieljahr, Zielquoten und Puffer setzen.",
             "4. Bedarfsrechnung und 3 Bewertung und Empfehlung lesen; neue Plätze in „geplant zusätzlich“ testen."],
        method=["Versorgungsgrad = Plätze ÷ Kinder der Altersgruppe im Zieljahr (ISP_VERSORGUNGSGRAD). Bedarf = Kinder "
                "× Zielquote × (1 + Puffer) (ISP_BEDARF). Offener Bedarf = max(0; Bedarf − Plätze)."],
        sheets=prognose_sheet, bestand=bestand_sheet, bedarf_rows=bedarf_rows, bedarf_unit="Plätze",
        teilplaene=[("Kita-Bedarfsplan (Teilplan der Jugendhilfeplanung)", C.date(2024, 1, 15),
                     "Jugendhilfeausschuss (fiktiv)", 5),
                    ("Jährliche Fortschreibung der Bedarfszahlen", C.date(2024, 9, 30), "Verwaltung (fiktiv)", 1)],
        korridor=[("Versorgungsgrad U3 in SR 1", "Bedarfsrechnung.J7", 0.40, 0.50)],
        massnahmen=[("Neubau Kita mit 30 U3-Plätzen", "U3-Bedarf decken", "Versorgungsgrad U3 SR 1", 0.38, 0.45, 0.41)],
    )
    wb = F.build(plan, sample)
    # Weitergabe (docs/weitergabe.md)
    for b, _, _ in BEREICHE:
        C.wg(wb, "ZEILEN", "Bevölkerungsprognose", f"A{PB[b]}:A{PB[b] + F.NSR}")
    last = wb.names["Kita_SR"][1].split(":")[1][1:]
    C.wg(wb, "ZEILEN", "1 Bestandserfassung", f"C7:C{last}")  # key: Gemeinde-ID
    return wb
