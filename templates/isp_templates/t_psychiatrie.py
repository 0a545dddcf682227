"""Psychiatrie- und Suchthilfeplanung: Versorgung and Fallzahlen per 1,000 adults per SR (SpDi, Suchtberatung,
Eingliederungshilfe für seelisch behinderte Menschen), Wertekorridor, Bedarf of Tagesstätten places; Lebenslage
Teilhabe (no own Lebenslage, domain §2.1)."""
import random

from . import common as C
from . import demografie as DG
from . import fachplan as F
from .odf import col_letters

FAELLE = ["Sozialpsychiatrischer Dienst", "Suchtberatung", "EGH seelische Behinderung"]


def fall_sheet(wb, sample, plan):
    rng = random.Random(51)
    sh = wb.sheet("Fallzahlen", tab="#2e75b6")
    C.head(sh, "Versorgung und Fallzahlen je 1.000 Erwachsene",
           "Fälle je Sozialraum (fiktiv); je 1.000 Einwohner ab 18 im Datenjahr (Blatt Bevölkerungsprognose; "
           "ISP_ECKWERT); Suchtberatung gegen den Wertekorridor (ISP_KORRIDOR).", 10)
    sh.row("A6", ["Sozialraum", "Einwohner ab 18"] + FAELLE + [f + " je 1.000" for f in FAELLE] +
           ["Suchtberatung: Lage im Korridor"], "ISP_Kopf")
    sh.height(6, 1.6)
    for i, sr in enumerate(sample.sozialraeume):
        r = 7 + i
        sh.set(f"A{r}", sr["id"], "ISP_Formel")
        sh.set(f"B{r}", f"={F.prognose(f'A{r}', 'Jahr')}", "ISP_Formel", "N0")  # the Datenjahr
        base = [0.0042, 0.0061, 0.0024]
        d = rng.uniform(0.75, 1.35)
        for j, b in enumerate(base):
            sh.set((r - 1, 2 + j), round(sr["ew"] * 0.84 * b * d * rng.uniform(0.85, 1.15)), "ISP_Eingabe", "N0",
                   validation="v_anzahl")
        for j in range(3):
            c = "CDE"[j]
            sh.set((r - 1, 5 + j), f"=ISP_ECKWERT({c}{r};B{r};1000)", "ISP_Ergebnis", "N2")
        sh.set(f"I{r}", f'=ISP_KORRIDOR(G{r};Sucht_min;Sucht_max;"lage")', "ISP_Formel", extra={"align": "center"})
    lk = 7 + F.NSR
    sh.set(f"A{lk}", "Landkreis", "ISP_Ergebnis")
    for c in "BCDE":
        sh.set(f"{c}{lk}", f"=SUM({c}7:{c}{lk - 1})", "ISP_Ergebnis", "N0")
    for j in range(3):
        sh.set((lk - 1, 5 + j), f"=ISP_ECKWERT({'CDE'[j]}{lk};B{lk};1000)", "ISP_Ergebnis", "N2")
    sh.set(f"I{lk}", f'=ISP_KORRIDOR(G{lk};Sucht_min;Sucht_max;"lage")', "ISP_Ergebnis")
    sh.conditional(f"I7:I{lk}", [('"oberhalb"', "ISP_Klasse_3"), ('"unterhalb"', "ISP_Klasse_1")])
    wb.name("Sucht_LK", "Fallzahlen", f"G{lk}")
    wb.name("SpDi_LK", "Fallzahlen", f"F{lk}")
    sh.width("A", 2.4)
    sh.width("B-H", 3.0)
    sh.width("I", 3.4)
    sh.chart(anchor=f"A{lk + 3}", width=22, height=9, type="bar", ranges=[f"A6:A{lk - 1}", f"F6:H{lk - 1}"],
             title="Fälle je 1.000 Einwohner ab 18 nach Sozialraum", ytitle="je 1.000")


def bestand_sheet(wb, sample, plan):
    arts = [("Tagesstätte", 1.0), ("ambulant betreutes Wohnen", 1.4), ("Suchtberatungsstelle", 0.5),
            ("Kontakt- und Beratungsstelle", 0.4)]
    return F.angebote_sheet(
        wb, sample, plan, arts, 53,
        per_gemeinde=lambda g, a: (2 if g["ew"] > 50000 else 1) if g["ew"] > 9000 or a == "ambulant betreutes Wohnen"
        else 0,
        capacity=lambda g, a: max(5, g["ew"] * 0.0009), unit="Plätze", title="gemeindenahe psychiatrische Versorgung "
        "und Suchthilfe")


def bedarf_rows(wb, sample, plan):
    rows = [(sr["id"], "Tagesstätte") for sr in sample.sozialraeume]
    return F.bedarf_sheet(
        wb, sample, plan, rows, "Bedarfsrechnung: Plätze in Tagesstätten je Sozialraum",
        "Bedarf = Einwohner ab 18 im Zieljahr (Blatt Bevölkerungsprognose) × Richtwert je 1.000 × (1 + Zuschlag "
        "nach Belastungsklasse); Bestand aus der Bestandserfassung (Art „Tagesstätte“). Versorgungsgrad = Plätze ÷ "
        "prognostizierte Altersgruppe.",
        population=lambda i, sr, b, r: f"={F.prognose(f'A{r}')}",
        quote=lambda b: "Richtwert_TS/1000", buffer=lambda r: f"={F.zuschlag(f'A{r}')}",
        bestand=lambda i, sr, b, r: f'=SUMIFS(Ang_Kap;Ang_SR;A{r};Ang_Art;"Tagesstätte")',
        group_label="Einwohner ab 18 im Zieljahr", quote_fmt="N4")


def plan_sheets(wb, sample, plan):
    fall_sheet(wb, sample, plan)
    F.zielgruppe_prognose(wb, sample, plan, "18+", "Einwohner ab 18 Jahren", "psychiatrie")


def build(sample=None):
    plan = F.Plan(
        key="psychiatrie", name="Psychiatrie- und Suchthilfeplanung",
        motto="„Gemeindenahe personenzentrierte Versorgung“ – präventive, begleitende und nachsorgende Hilfen",
        lebenslage="T", lebenslage_name="Teilhabe (psychische Gesundheit)",
        extra_indicators=[26, 47],
        params=[F.ZIELJAHR, DG.VARIANTE_PARAM,
                ("Richtwert Tagesstätte (Plätze je 1.000 Einw. ab 18)", 0.45, "N2", "v_nichtneg", "Richtwert_TS",
                 "politisch zu beschließen (fiktiv)"),
                ("Wertekorridor Suchtberatung: untere Grenze (je 1.000)", 4.0, "N1", "v_nichtneg", "Sucht_min", ""),
                ("Wertekorridor Suchtberatung: obere Grenze (je 1.000)", 6.5, "N1", "v_nichtneg", "Sucht_max", "")],
        intro=["Die Psychiatrie- und Suchthilfeplanung hat keine eigene Lebenslage; sie nutzt die Indikatoren der "
               "Teilhabe und ergänzt Fallzahlen (Sucht-Indikatoren sind nicht im 56er-Katalog). Hilfe zum "
               "Lebensunterhalt (Nr. 26) und Langzeitarbeitslosigkeit (Nr. 47) stehen zur Auswahl, sind aber nicht "
               "einbezogen: So hat jeder Sozialraum dieselbe Klasse „Teilhabe“ wie im Sozialraummonitor."],
        how=["1. Fallzahlen je Sozialraum eintragen (Sozialpsychiatrischer Dienst, Suchtberatung, Eingliederungshilfe).",
             "2. 1 Bestandserfassung: Tagesstätten, ambulant betreutes Wohnen, Beratungsstellen pflegen.",
             "3. Bevölkerungsvorausberechnung: Einwohner je Gemeinde, Altersg"
             "ruppe, Jahr und Variante einfügen (Aufbau der Regionalisierten Bevölkerungsvorausberechnung); die Bevölkerungsprognose je Sozialraum rechnet sich daraus (ab 18 Jahren).",
             "4. Parameter: Zieljahr, Variante der Vorausberechnung, Richtwerte und Korridor prüfen.",
             "5. 3 Bewertung und Empfehlung lesen."],
        method=["Fälle je 1.000 = Fälle ÷ Einwohner ab 18 × 1.000 (ISP_ECKWERT). Wertekorridor mit ISP_KORRIDOR "
                "(Grenzen gehören zum Korridor). Fälle je 1.000 beziehen sich auf die Einwohner ab 18 im Datenjahr.",
                "Bedarf und Versorgungsgrad beziehen sich auf die prognostizierte Altersgruppe im Zieljahr "
                "(Einwohner ab 18 Jahren): Versorgungsgrad = Plätze ÷ Einwohner ab 18 im Zieljahr "
                "(ISP_VERSORGUNGSGRAD)."],
        sheets=plan_sheets, bestand=bestand_sheet, bedarf_rows=bedarf_rows, bedarf_unit="Plätze",
        korridor=[("Suchtberatung je 1.000 (Landkreis)", "Sucht_LK", 4.0, 6.5),
                  ("Sozialpsychiatrischer Dienst je 1.000 (Landkreis)", "SpDi_LK", 3.0, 5.0)],
        massnahmen=[("Außenstelle Suchtberatung im südlichen Landkreis", "Erreichbarkeit", "Fälle je 1.000 SR 12",
                     3.1, 4.5, 3.9)],
    )
    wb = F.build(plan, sample)
    # Weitergabe (docs/weitergabe.md)
    C.wg(wb, "ZEILEN", "Fallzahlen", f"A7:A{7 + F.NSR}")
    C.wg(wb, "ANZAHL", "Fallzahlen", f"C7:{col_letters(1 + len(FAELLE))}{7 + F.NSR}")
    return wb
