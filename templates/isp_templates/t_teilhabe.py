"""Teilhabeplanung (methods §9.5): Eingliederungshilfe – Dichte je 1,000 inhabitants, ambulant/stationär,
Ambulantisierungsquote, time series; Belastungsindex Teilhabe."""
import random

from . import common as C
from . import data as D
from . import demografie as DG
from . import fachplan as F
from . import zeitreihe as Z

ARTEN = ["ambulant (Assistenz außerhalb besonderer Wohnformen)", "stationär (besondere Wohnformen)",
         "Werkstatt (WfbM)", "Frühförderung"]
JAHRE = [2019, 2020, 2021, 2022, 2023]


def egh_sheet(wb, sample, plan):
    rng = random.Random(41)
    sh = wb.sheet("EGH-Monitoring", tab="#2e75b6")
    C.head(sh, "Monitoring Eingliederungshilfe",
           "Leistungsberechtigte je Sozialraum und Leistungsart; Dichte je 1.000 Einwohner (ISP_ECKWERT); "
           "Ambulantisierungsquote = ambulant ÷ (ambulant + stationär).", 10)
    sh.row("A6", ["Sozialraum", "Einwohner"] + ARTEN + ["gesamt", "Dichte je 1.000", "Ambulantisierungsquote"],
           "ISP_Kopf")
    sh.height(6, 1.6)
    tot_a = tot_s = 0
    for i, sr in enumerate(sample.sozialraeume):
        r = 7 + i
        sh.set(f"A{r}", sr["id"], "ISP_Formel")
        sh.set(f"B{r}", f"={F.sr_ew(r)}", "ISP_Formel", "N0")
        d = rng.uniform(0.8, 1.25)
        vals = [round(sr["ew"] * 0.0032 * d * rng.uniform(0.8, 1.2)), round(sr["ew"] * 0.0021 * d),
                round(sr["ew"] * 0.0038 * d), round(sr["ew"] * 0.0009 * d)]
        tot_a += vals[0]
        tot_s += vals[1]
        for j, v in enumerate(vals):
            sh.set((r - 1, 2 + j), v, "ISP_Eingabe", "N0", validation="v_anzahl")
        sh.set(f"G{r}", f"=SUM(C{r}:F{r})", "ISP_Formel", "N0")
        sh.set(f"H{r}", f"=ISP_ECKWERT(G{r};B{r};1000)", "ISP_Ergebnis", "N2")
        sh.set(f"I{r}", f'=IF(C{r}+D{r}=0;"";C{r}/(C{r}+D{r}))', "ISP_Ergebnis", "P1")
    lk = 7 + F.NSR
    sh.set(f"A{lk}", "Landkreis", "ISP_Ergebnis")
    for c in "BCDEFG":
        sh.set(f"{c}{lk}", f"=SUM({c}7:{c}{lk - 1})", "ISP_Ergebnis", "N0")
    sh.set(f"H{lk}", f"=ISP_ECKWERT(G{lk};B{lk};1000)", "ISP_Ergebnis", "N2")
    sh.set(f"I{lk}", f"=C{lk}/(C{lk}+D{lk})", "ISP_Ergebnis", "P1")
    wb.name("EGH_Dichte_LK", "EGH-Monitoring", f"H{lk}")
    wb.name("EGH_Amb_LK", "EGH-Monitoring", f"I{lk}")
    t0 = lk + 3
    sh.set(f"A{t0}", "Zeitreihe Landkreis", "ISP_Abschnitt")
    sh.row(f"A{t0 + 1}", ["Jahr", "ambulant", "stationär", "Ambulantisierungsquote", "Veränderung ambulant"], "ISP_Kopf")
    for k, y in enumerate(JAHRE):
        r = t0 + 2 + k
        sh.set(f"A{r}", y, "ISP_Formel", "YEAR")
        if k == len(JAHRE) - 1:
            sh.set(f"B{r}", f"=C{lk}", "ISP_Formel", "N0")
            sh.set(f"C{r}", f"=D{lk}", "ISP_Formel", "N0")
        else:
            sh.set(f"B{r}", round(tot_a * (1 - 0.05 * (4 - k))), "ISP_Eingabe", "N0", validation="v_anzahl")
            sh.set(f"C{r}", round(tot_s * (1 + 0.025 * (4 - k))), "ISP_Eingabe", "N0", validation="v_anzahl")
        sh.set(f"D{r}", f"=B{r}/(B{r}+C{r})", "ISP_Formel", "P1")
        if k:
            sh.set(f"E{r}", f"=ISP_VERAENDERUNG(B{r - 1};B{r})", "ISP_Formel", "P1")
    t1 = t0 + 1 + len(JAHRE)
    sh.width("A", 2.4)
    sh.width("B", 2.4)
    sh.width("C-F", 3.4)
    sh.width("G-I", 2.6)
    sh.chart(anchor=f"A{t1 + 3}", width=12, height=8, type="bar", ranges=[f"A6:A{lk - 1}", f"H6:H{lk - 1}"],
             title="Leistungsberechtigte je 1.000 Einwohner", legend=False, ytitle="je 1.000")
    sh.chart(anchor=f"F{t1 + 3}", width=12, height=8, type="line", ranges=[f"A{t0 + 1}:A{t1}", f"D{t0 + 1}:D{t1}"],
             title="Ambulantisierungsquote Landkreis", legend=False, ytitle="Anteil ambulant")


def bestand_sheet(wb, sample, plan):
    arts = [("ambulante Assistenz", 1.0), ("besondere Wohnform", 1.2), ("Beratungsstelle", 0.3)]
    return F.angebote_sheet(
        wb, sample, plan, arts, 43,
        per_gemeinde=lambda g, a: (2 if g["ew"] > 50000 else 1) if a != "besondere Wohnform" or g["ew"] > 9000 else 0,
        capacity=lambda g, a: max(6, g["ew"] * 0.0025), unit="Plätze", title="Angebote der Eingliederungshilfe")


def bedarf_rows(wb, sample, plan):
    rows = [(sr["id"], "ambulante Assistenz") for sr in sample.sozialraeume]
    return F.bedarf_sheet(
        wb, sample, plan, rows, "Bedarfsrechnung: Plätze ambulante Assistenz je Sozialraum",
        "Bedarf = Einwohner 18–64 im Zieljahr (Blatt Bevölkerungsprognose) × Richtwert je 1.000 × (1 + Zuschlag "
        "nach Belastungsklasse) – „Inklusion statt Separation“: ambulante vor stationären Hilfen. Versorgungsgrad = "
        "Plätze ÷ prognostizierte Altersgruppe.",
        population=lambda i, sr, b, r: f"={F.prognose(f'A{r}')}",
        quote=lambda b: "Richtwert_amb/1000", buffer=lambda r: f"={F.zuschlag(f'A{r}')}",
        bestand=lambda i, sr, b, r: f'=SUMIFS(Ang_Kap;Ang_SR;A{r};Ang_Art;"ambulante Assistenz")',
        group_label="Einwohner 18–64 im Zieljahr", quote_fmt="N4")


def zeitreihe(wb, sample):
    """The sheet Zeitreihe: Leistungsberechtigte and Dichte per Sozialraum and year; the newest year from
    EGH-Monitoring."""
    egh = wb.get_sheet("EGH-Monitoring")

    def sample_years(i, rng):
        r = 7 + i
        total = sum(egh.get(f"{c}{r}").value for c in "CDEF")
        counts = Z.sample_series(total, rng, drift=(0.0, 0.05), noise=0.03)
        refs = Z.sample_series(sample.sozialraeume[i]["ew"], rng, drift=(-0.01, 0.0), noise=0.002)
        return list(zip(counts, refs))

    Z.sheet(wb, Z.Reihe(
        titel="Eingliederungshilfe", anzahl="Leistungsberechtigte (alle Leistungsarten)", bezug="Einwohner",
        quote="Dichte je 1.000 Einwohner", je=1000, quelle="EGH-Monitoring",
        newest_count=lambda i: f"'EGH-Monitoring'.G{7 + i}", newest_ref=lambda i: f"'EGH-Monitoring'.B{7 + i}",
        beispiel_bruch=(9, D.BASE_YEAR - 2, "Methodenwechsel"), sample=sample_years, quote_fmt="N2"), seed=4107)


def plan_sheets(wb, sample, plan):
    egh_sheet(wb, sample, plan)
    zeitreihe(wb, sample)
    F.zielgruppe_prognose(wb, sample, plan, "18-64", "Einwohner 18 bis 64 Jahre", "teilhabe")


def build(sample=None):
    plan = F.Plan(
        key="teilhabe", name="Teilhabeplanung", motto="„Inklusion statt Separation“ (UN-BRK)",
        lebenslage="T", lebenslage_name="Teilhabe",
        params=[F.ZIELJAHR, DG.VARIANTE_PARAM,
                ("Richtwert ambulante Assistenz (Plätze je 1.000 Einw. 18–64)", 6.0, "N1", "v_nichtneg",
                 "Richtwert_amb", "politisch zu beschließen (fiktiv)")],
        intro=["Teilhabe von Menschen mit Behinderungen: Eingliederungshilfe nach Leistungsart, Dichte je 1.000 "
               "Einwohner, Ambulantisierung; Angebote wohnortnah planen."],
        how=["1. EGH-Monitoring: Leistungsberechtigte je Sozialraum und Leistungsart eintragen; Vorjahre je "
             "Sozialraum auf dem Blatt Zeitreihe ergänzen und Reihenbrüche dort markieren.",
             "2. 1 Bestandserfassung: Angebote mit Art, Lage und Plätzen pflegen.",
             "3. Bevölkerungsvorausberechnung: Einwohner je Gemeinde, Altersg"
             "ruppe, Jahr und Variante einfügen (Aufbau der Regionalisierten Bevölkerungsvorausberechnung); die Bevölkerungsprognose je Sozialraum rechnet sich daraus (18 bis 64 Jahre).",
             "4. Parameter: Zieljahr, Variante der Vorausberechnung, Richtwert und Bedarfszuschläge prüfen; Ausländeranteil (Nr. 9) zählt als "
             "Bedarfssignal (+1).",
             "5. 3 Bewertung und Empfehlung lesen."],
        method=["Dichte = Leistungsberechtigte ÷ Einwohner × 1.000 (ISP_ECKWERT; Kennzahlenvergleich "
                "Eingliederungshilfe). Ambulantisierungsquote = ambulant ÷ (ambulant + stationär).",
                "Bedarf und Versorgungsgrad beziehen sich auf die prognostizierte Altersgruppe im Zieljahr "
                "(Einwohner 18 bis 64 Jahre): Versorgungsgrad = Plätze ÷ Einwohner 18–64 im Zieljahr "
                "(ISP_VERSORGUNGSGRAD)."],
        sheets=plan_sheets, bestand=bestand_sheet, bedarf_rows=bedarf_rows, bedarf_unit="Plätze",
        korridor=[("Dichte EGH je 1.000 Einwohner (Landkreis)", "EGH_Dichte_LK", 8, 12),
                  ("Ambulantisierungsquote (Landkreis)", "EGH_Amb_LK", 0.5, 0.7)],
        massnahmen=[("Umwandlung von 20 Plätzen in ambulante Assistenz", "Ambulantisierung",
                     "Ambulantisierungsquote", 0.55, 0.65, 0.60)],
    )
    wb = F.build(plan, sample)
    # Weitergabe (docs/weitergabe.md)
    C.wg(wb, "ZEILEN", "EGH-Monitoring", f"A7:A{7 + F.NSR}")
    C.wg(wb, "ANZAHL", "EGH-Monitoring", f"C7:G{7 + F.NSR}")
    return wb
