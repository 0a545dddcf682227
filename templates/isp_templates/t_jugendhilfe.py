"""Jugendhilfeplanung (domain §2.1; methods §9.2): HzE monitoring (Fallzahlen, Kosten, Eckwerte per 1,000
under 21, Wertekorridor, time series) and the Belastungsindex "Sozialisation Kindheit und Jugend"; Bedarf of
preventive offers (VZÄ) per SR weighted by the Sozialraumbelastung."""
import random

from . import common as C
from . import data as D
from . import demografie as DG
from . import fachplan as F
from . import zeitreihe as Z
from .odf import col_letters

HILFEARTEN = ["§ 29 Soziale Gruppenarbeit", "§ 30 Erziehungsbeistand", "§ 31 SPFH", "§ 32 Tagesgruppe",
              "§ 33 Vollzeitpflege", "§ 34 Heimerziehung", "§ 35 ISE", "§ 35a Eingliederungshilfe"]
JAHRE = [2019, 2020, 2021, 2022, 2023]
ANGEBOTE = ["Schulsozialarbeit", "Offene Kinder- und Jugendarbeit", "Familienzentrum", "Mobile Jugendarbeit",
            "Erziehungsberatung (Außenstelle)"]
HZ0 = 7  # first SR row on HzE-Monitoring


def hze_sheet(wb, sample, plan):
    rng = random.Random(7)
    sh = wb.sheet("HzE-Monitoring", tab="#2e75b6")
    C.head(sh, "Monitoring Hilfen zur Erziehung (HzE)",
           "Fallzahlen (laufende am 31.12. + beendete im Jahr) je Sozialraum und Hilfeart, Kosten, Eckwert je 1.000 "
           "unter 21 (ISP_ECKWERT), Wertekorridor (ISP_KORRIDOR); Zeitreihe des Landkreises. Jährlich fortschreiben.",
           14)
    n = len(HILFEARTEN)
    cols = ["Sozialraum", "Einwohner unter 21"] + HILFEARTEN + ["Fälle gesamt", "Eckwert je 1.000 u21",
                                                                 "Lage im Korridor", "Kosten (EUR)", "Kosten je Fall"]
    sh.row("A6", cols, "ISP_Kopf")
    sh.height(6, 1.5)
    cs, ce, ck, ckos, ckf = (col_letters(2 + n + j) for j in range(5))
    total_cases = total_costs = 0
    for i, sr in enumerate(sample.sozialraeume):
        r = HZ0 + i
        u21 = round(sr["ew"] * 0.165 * rng.uniform(0.92, 1.08))
        sh.set(f"A{r}", sr["id"], "ISP_Formel")
        sh.set(f"B{r}", u21, "ISP_Eingabe", "N0", validation="v_anzahl")
        rate = 0.028 * rng.uniform(0.6, 1.5)
        shares = [0.06, 0.12, 0.30, 0.06, 0.18, 0.20, 0.03, 0.05]
        for j, share in enumerate(shares):
            cases = max(0, round(u21 * rate * share * rng.uniform(0.7, 1.3)))
            total_cases += cases
            sh.set((r - 1, 2 + j), cases, "ISP_Eingabe", validation="v_anzahl")
        sh.set(f"{cs}{r}", f"=SUM(C{r}:{col_letters(1 + n)}{r})", "ISP_Formel", "N0")
        sh.set(f"{ce}{r}", f"=ISP_ECKWERT({cs}{r};B{r};1000)", "ISP_Ergebnis", "N1")
        sh.set(f"{ck}{r}", f'=ISP_KORRIDOR({ce}{r};Eckwert_min;Eckwert_max;"lage")', "ISP_Formel",
               extra={"align": "center"})
        costs = round(u21 * rate * 26500 * rng.uniform(0.85, 1.15), -2)
        total_costs += costs
        sh.set(f"{ckos}{r}", costs, "ISP_Eingabe", "EUR", validation="v_nichtneg")
        sh.set(f"{ckf}{r}", f'=IF({cs}{r}=0;"";{ckos}{r}/{cs}{r})', "ISP_Formel", "EUR")
    end = HZ0 + F.NSR - 1
    lk = end + 1
    sh.set(f"A{lk}", "Landkreis", "ISP_Ergebnis")
    for c in ["B"] + [col_letters(2 + j) for j in range(n)] + [cs, ckos]:
        sh.set(f"{c}{lk}", f"=SUM({c}{HZ0}:{c}{end})", "ISP_Ergebnis", "N0" if c != ckos else "EUR")
    sh.set(f"{ce}{lk}", f"=ISP_ECKWERT({cs}{lk};B{lk};1000)", "ISP_Ergebnis", "N1")
    sh.set(f"{ck}{lk}", f'=ISP_KORRIDOR({ce}{lk};Eckwert_min;Eckwert_max;"lage")', "ISP_Ergebnis")
    sh.set(f"{ckf}{lk}", f"={ckos}{lk}/{cs}{lk}", "ISP_Ergebnis", "EUR")
    sh.conditional(f"{ck}{HZ0}:{ck}{lk}", [('"oberhalb"', "ISP_Klasse_3"), ('"unterhalb"', "ISP_Klasse_1")])
    wb.name("HzE_Eckwert_LK", "HzE-Monitoring", f"{ce}{lk}")
    # Time series of the Landkreis
    t0 = lk + 3
    sh.set(f"A{t0}", "Zeitreihe Landkreis", "ISP_Abschnitt")
    sh.row(f"A{t0 + 1}", ["Jahr", "Fälle", "Kosten (EUR)", "Kosten je Fall", "Veränderung Fälle",
                          "Veränderung Kosten", "Index Fälle (2019 = 100)", "Index Kosten (2019 = 100)", "Trend Fälle"],
           "ISP_Kopf")
    sh.height(t0 + 1, 1.3)
    for k, y in enumerate(JAHRE):
        r = t0 + 2 + k
        sh.set(f"A{r}", y, "ISP_Formel", "YEAR")
        if y == JAHRE[-1]:
            sh.set(f"B{r}", f"={cs}{lk}", "ISP_Formel", "N0")
            sh.set(f"C{r}", f"={ckos}{lk}", "ISP_Formel", "EUR")
        else:
            rng.uniform(0.98, 1.02)  # (the cases were drawn here before they came from the Zeitreihe)
            # The cases of earlier years: the Landkreis row of the Zeitreihe (one place to enter them).
            sh.set(f"B{r}", f"=INDEX(Zeitreihe_Anzahl_LK;MATCH(A{r};Zeitreihe_Jahre;0))", "ISP_Formel", "N0")
            sh.set(f"C{r}", round(total_costs * (1 + 0.06 * (k - 4)) * rng.uniform(0.98, 1.02), -3), "ISP_Eingabe",
                   "EUR", validation="v_nichtneg")
        sh.set(f"D{r}", f"=C{r}/B{r}", "ISP_Formel", "EUR")
        if k:
            sh.set(f"E{r}", f"=ISP_VERAENDERUNG(B{r - 1};B{r})", "ISP_Formel", "P1")
            sh.set(f"F{r}", f"=ISP_VERAENDERUNG(C{r - 1};C{r})", "ISP_Formel", "P1")
            sh.set(f"I{r}", f"=ISP_TRENDRICHTUNG(E{r};0,02)".replace("0,02", "0.02"), "ISP_Formel")
        sh.set(f"G{r}", f"=ISP_BASISINDEX(B{r};B${t0 + 2})", "ISP_Formel", "N1")
        sh.set(f"H{r}", f"=ISP_BASISINDEX(C{r};C${t0 + 2})", "ISP_Formel", "N1")
    t1 = t0 + 1 + len(JAHRE)
    sh.width("A", 2.2)
    sh.width("B", 2.3)
    sh.width(f"C-{col_letters(1 + n)}", 2.7)
    sh.width(f"{cs}-{ckf}", 2.6)
    sh.freeze = (6, 1)
    sh.chart(anchor=f"A{t1 + 3}", width=13, height=8, type="bar", ranges=[f"A6:A{end}", f"{ce}6:{ce}{end}"],
             title="Eckwert HzE je 1.000 unter 21 nach Sozialraum", legend=False, ytitle="Fälle je 1.000")
    sh.chart(anchor=f"H{t1 + 3}", width=13, height=8, type="line", ranges=[f"A{t0 + 1}:A{t1}", f"G{t0 + 1}:H{t1}"],
             title="Fälle und Kosten, Index 2019 = 100", ytitle="Index", colours=["#2c7bb6", "#d7191c"])


def bestand_sheet(wb, sample, plan):
    rng = random.Random(11)
    sh = wb.sheet("1 Bestandserfassung", tab="#548235")
    C.head(sh, "Phase 1: Bestandserfassung – präventive Angebote der Kinder- und Jugendhilfe",
           "Angebote, Dienste, Einrichtungen mit Träger, Lage, Personal (VZÄ), Kapazität und Nutzung. "
           "Auslastung = Nutzung ÷ Kapazität (ISP_AUSLASTUNG).", 12)
    sh.row("A6", ["Angebot", "Art", "Träger", "Gemeinde-ID", "Sozialraum", "Fachkräfte (VZÄ)", "Kapazität (Plätze)",
                  "Nutzung (Teilnehmende)", "Auslastung", "Erreichbarkeit (ÖPNV, Min.)", "Strukturqualität"],
           "ISP_Kopf")
    sh.height(6, 1.3)
    traeger = ["Kreisjugendring (fiktiv)", "Diakonie (fiktiv)", "Caritas (fiktiv)", "AWO (fiktiv)", "Stadt (fiktiv)"]
    rows = 70
    k = 0
    for g in sample.gebiete:
        for _ in range(8 if g["ew"] > 50000 else 3 if g["ew"] >= 10000 else 1):
            r = 7 + k
            cap = rng.choice([20, 30, 40, 60])
            sh.row(f"A{r}", [f"Angebot {k + 1:02d} {g['name']}", rng.choice(ANGEBOTE), rng.choice(traeger), g["id"],
                             None, round(rng.uniform(0.5, 2.5) * 2) / 2, cap, round(cap * rng.uniform(0.55, 1.1)),
                             None, rng.choice([10, 15, 20, 30, 45]), rng.choice(["gut", "ausreichend", "mangelhaft"])])
            k += 1
    for r in range(7, 7 + rows):
        sh.set(f"E{r}", f'=IF(D{r}="";"";IFERROR(VLOOKUP(D{r};Gebiete.$A${C.G0}:$C${C.G1};3;0);"?"))', "ISP_Formel")
        sh.set(f"I{r}", f'=IF(OR(G{r}="";G{r}=0;H{r}="");"";ISP_AUSLASTUNG(H{r};G{r}))', "ISP_Formel", "P0")
    sh.fill(f"A7:D{6 + rows}", "ISP_Eingabe")
    sh.fill(f"F7:F{6 + rows}", "ISP_Eingabe", "N1", "v_nichtneg")
    sh.fill(f"G7:H{6 + rows}", "ISP_Eingabe", "N0", "v_anzahl")
    sh.fill(f"J7:J{6 + rows}", "ISP_Eingabe", "N0", "v_nichtneg")
    sh.fill(f"K7:K{6 + rows}", "ISP_Eingabe_Text")
    sh.width("A", 6.0)
    sh.width("B-C", 4.6)
    sh.width("D-J", 2.3)
    sh.width("K", 3.0)
    sh.freeze = (6, 1)
    wb.name("JH_SR", "1 Bestandserfassung", f"E7:E{6 + rows}")
    wb.name("JH_VZAE", "1 Bestandserfassung", f"F7:F{6 + rows}")
    return sh.name


def bedarf_rows(wb, sample, plan):
    rows = [(sr["id"], "VZÄ präventiv") for sr in sample.sozialraeume]
    return F.bedarf_sheet(
        wb, sample, plan, rows, "Bedarfsrechnung: präventive Fachkräfte je Sozialraum",
        "Zielgruppe: junge Menschen 6 bis unter 27 Jahre im Zieljahr (Blatt Bevölkerungsprognose); Richtwert VZÄ je "
        "1.000; Zuschlag nach Belastungsklasse (Parameter) – „Wohnortnahe Prävention vermindert administrative "
        "Intervention“. Versorgungsgrad = VZÄ ÷ prognostizierte Altersgruppe.",
        population=lambda i, sr, b, r: f"={F.prognose(f'A{r}')}",
        quote=lambda b: "Richtwert_VZAE/1000", buffer=lambda r: f"={F.zuschlag(f'A{r}')}",
        bestand=lambda i, sr, b, r: f"=SUMIF(JH_SR;A{r};JH_VZAE)", group_label="junge Menschen 6–u27 im Zieljahr",
        quote_fmt="N3")


assert JAHRE == Z.JAHRE, "the Landkreis series reads the Zeitreihe's years"


def zeitreihe(wb, sample):
    """The sheet Zeitreihe: HzE cases and Eckwert per Sozialraum and year; the newest year from HzE-Monitoring."""
    hze = wb.get_sheet("HzE-Monitoring")
    n = len(HILFEARTEN)
    cs = col_letters(2 + n)

    def sample_years(i, rng):
        r = HZ0 + i
        cases = sum(hze.get(f"{col_letters(2 + j)}{r}").value for j in range(n))
        u21 = hze.get(f"B{r}").value
        counts = Z.sample_series(cases, rng, drift=(-0.02, 0.07), noise=0.06)
        refs = Z.sample_series(u21, rng, drift=(-0.012, 0.002), noise=0.003)
        return list(zip(counts, refs))

    Z.sheet(wb, Z.Reihe(
        titel="Hilfen zur Erziehung", anzahl="Fälle HzE (laufende am 31.12. + beendete)", bezug="Einwohner unter 21",
        quote="Eckwert HzE je 1.000 unter 21", je=1000, quelle="HzE-Monitoring",
        newest_count=lambda i: f"'HzE-Monitoring'.{cs}{HZ0 + i}", newest_ref=lambda i: f"'HzE-Monitoring'.B{HZ0 + i}",
        beispiel_bruch=(5, D.BASE_YEAR - 1, "Gebietsänderung"), sample=sample_years), seed=1607)


def plan_sheets(wb, sample, plan):
    hze_sheet(wb, sample, plan)
    zeitreihe(wb, sample)
    F.zielgruppe_prognose(wb, sample, plan, "6-26", "Junge Menschen 6 bis unter 27 Jahre", "jugendhilfe")


def build(sample=None):
    plan = F.Plan(
        key="jugendhilfe", name="Jugendhilfeplanung",
        motto="„Wohnortnahe Prävention vermindert administrative Intervention“",
        lebenslage="K", lebenslage_name="Sozialisation Kindheit und Jugend",
        params=[F.ZIELJAHR, DG.VARIANTE_PARAM,
                ("Richtwert präventive Fachkräfte (VZÄ je 1.000 junge Menschen)", 1.0, "N2", "v_nichtneg",
                 "Richtwert_VZAE", "politisch zu beschließender Richtwert (fiktiv)"),
                ("Wertekorridor Eckwert HzE: untere Grenze", 20.0, "N1", "v_nichtneg", "Eckwert_min",
                 "Fälle je 1.000 unter 21"),
                ("Wertekorridor Eckwert HzE: obere Grenze", 35.0, "N1", "v_nichtneg", "Eckwert_max",
                 "Fälle je 1.000 unter 21")],
        intro=["Die Vorlage verbindet das Monitoring der Hilfen zur Erziehung (Fallzahlen, Kosten, Eckwerte, jährlich "
               "fortgeschrieben) mit dem Belastungsindex „Sozialisation Kindheit und Jugend“ und der Planung "
               "präventiver Angebote je Sozialraum."],
        how=["1. HzE-Monitoring: Einwohner unter 21, Fälle je Hilfeart und Kosten je Sozialraum eintragen; "
             "Vorjahre je Sozialraum auf dem Blatt Zeitreihe ergänzen und Reihenbrüche dort markieren.",
             "2. 1 Bestandserfassung: präventive Angebote mit Gemeinde-ID, VZÄ, Kapazität und Nutzung pflegen.",
             "3. Bevölkerungsvorausberechnung: Einwohner je Gemeinde, Altersg"
             "ruppe, Jahr und Variante einfügen (Aufbau der Regionalisierten Bevölkerungsvorausberechnung); die Bevölkerungsprognose je Sozialraum rechnet sich daraus (junge Menschen 6 bis unter 27 Jahre).",
             "4. Parameter: Zieljahr, Variante der Vorausberechnung, Richtwert VZÄ, Korridor des Eckwerts, Bedarfszuschläge je Belastungsklasse "
             "prüfen.",
             "5. 3 Bewertung und Empfehlung lesen; Priorität und Empfehlung mit dem Fachamt abstimmen."],
        method=["Eckwert = Fälle ÷ Einwohner unter 21 × 1.000 (ISP_ECKWERT; HzE-Monitor: × 10.000). Kosten je Fall = "
                "Kosten ÷ Fälle. Wertekorridor: unterhalb / im Korridor / oberhalb (Grenzen gehören zum Korridor).",
                "Bedarf und Versorgungsgrad beziehen sich auf die prognostizierte Altersgruppe im Zieljahr "
                "(junge Menschen 6 bis unter 27 Jahre): Versorgungsgrad = VZÄ ÷ junge Menschen im Zieljahr "
                "(ISP_VERSORGUNGSGRAD)."],
        sheets=plan_sheets, bestand=bestand_sheet, bedarf_rows=bedarf_rows, bedarf_unit="VZÄ",
        teilplaene=[("Jugendhilfeplanung (Gesamtplan)", C.date(2024, 1, 15), "Jugendhilfeausschuss (fiktiv)", 5),
                    ("Teilfachplan Kinder- und Jugendarbeit", C.date(2022, 6, 20), "Jugendhilfeausschuss (fiktiv)", 5),
                    ("Teilfachplan Hilfen zur Erziehung", C.date(2021, 3, 1), "Jugendhilfeausschuss (fiktiv)", 3)],
        korridor=[("Eckwert HzE Landkreis (je 1.000 u21)", "HzE_Eckwert_LK", 20, 35)],
        massnahmen=[("Schulsozialarbeit an allen Oberschulen in SR mit erhöhter Belastung", "Prävention",
                     "Eckwert HzE je 1.000 u21", 32, 28, 30.5),
                    ("Familienzentrum SR 5", "Frühe Hilfen", "Familien erreicht", 0, 120, 85)],
    )
    wb = F.build(plan, sample)
    # Weitergabe (docs/weitergabe.md): rows per Sozialraum + Landkreis; case numbers are counts.
    end = HZ0 + F.NSR
    C.wg(wb, "ZEILEN", "HzE-Monitoring", f"A{HZ0}:A{end}")
    C.wg(wb, "ANZAHL", "HzE-Monitoring", f"C{HZ0}:{col_letters(2 + len(HILFEARTEN))}{end}")
    last = wb.names["JH_SR"][1].split(":")[1][1:]
    C.wg(wb, "ZEILEN", "1 Bestandserfassung", f"D7:D{last}")  # key: Gemeinde-ID
    C.wg(wb, "ANZAHL", "1 Bestandserfassung", f"H7:H{last}")  # Teilnehmende
    return wb
