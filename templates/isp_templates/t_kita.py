"""Kita-Bedarfsplanung (Teilplan der Jugendhilfeplanung; methods §9.1): U3 / Ü3 / Hort. Versorgungsgrad
against the projected age group of the target year, Bedarf from target quotas plus buffer, offener Bedarf,
what-if on places; Kindertagespflege, the Landkreis costs and the Betreuungsquote U3 per Sozialraum and year
(sheet Zeitreihe, zeitreihe.py)."""
import random

from . import common as C
from . import data as D
from . import demografie as DG
from . import fachplan as F
from . import zeitreihe as Z
from .odf import col_letters

BEREICHE = [("U3", "0-2", "Kinder unter 3"), ("Ü3", "3-5", "Kinder 3 bis Schuleintritt"), ("Hort", "6-9", "Grundschulkinder")]
JAHRE = list(range(2023, 2031))
PB = {b: 7 + k * 17 for k, (b, _, _) in enumerate(BEREICHE)}  # first SR row of each block on Bevölkerungsprognose


def plan_sheets(wb, sample, plan):
    prognose_sheet(wb, sample, plan)
    zeitreihe(wb, sample)
    kosten_sheet(wb, sample, plan)


assert JAHRE[0] == D.BASE_YEAR == Z.JAHRE[-1], "the Bestand and the first projection year are the series' newest"


def zeitreihe(wb, sample):
    """The sheet Zeitreihe: children under 3 in care (occupied U3 places in Kitas + occupied Kindertagespflege
    places) and the Betreuungsquote U3 per Sozialraum and year. The newest year sums the two Bestand sheets per
    Sozialraum (empty, not a partial sum, while a row with places has no occupancy) and reads the children under 3
    of the Basisjahr from Bevölkerungsprognose (the projection the Bedarfsrechnung uses)."""
    betreut = {sr["id"]: 0 for sr in sample.sozialraeume}
    sr_of = {g["id"]: g["sr"] for g in sample.gebiete}
    for row in kitas(sample):
        betreut[sr_of[row[2]]] += row[7]  # Belegung U3
    for row in tagespflegestellen(sample):
        betreut[sr_of[row[1]]] += row[4]  # belegt

    def newest_count(i):
        sr = f"$A{Z.EINGABE0 + i}"
        sources = (("Kita_SR", "Kita_Plaetze_U3", "Kita_Belegt_U3"), ("KTP_SR", "KTP_Plaetze", "KTP_Belegt"))
        missing = "+".join(f'SUMPRODUCT(({key}={sr})*({places}>0)*({occupied}=""))'
                           for key, places, occupied in sources)
        return f'IF({missing}>0;"";SUMIF(Kita_SR;{sr};Kita_Belegt_U3)+SUMIF(KTP_SR;{sr};KTP_Belegt))'

    def sample_years(i, rng):
        sr = sample.sozialraeume[i]["id"]
        counts = Z.sample_series(betreut[sr], rng, drift=(0.01, 0.05), noise=0.03)
        refs = Z.sample_series(DG.sr_value(sample, sr, D.BASE_YEAR, 0, 3), rng, drift=(-0.025, 0.0), noise=0.01)
        return list(zip(counts, refs))

    Z.sheet(wb, Z.Reihe(
        titel="Betreuung unter 3", anzahl="betreute Kinder unter 3 (Kita + Tagespflege)", bezug="Kinder unter 3",
        quote="Betreuungsquote U3 in %", je=100,
        quelle=("1 Bestandserfassung (Belegung U3)", "1 Kindertagespflege (belegt)",
                "Bevölkerungsprognose"),
        newest_count=newest_count, newest_ref=lambda i: f"Bevölkerungsprognose.B{PB['U3'] + i}",
        beispiel_bruch=(12, D.BASE_YEAR - 3, "Methodenwechsel"), sample=sample_years), seed=2307)


def prognose_sheet(wb, sample, plan):
    DG.sheet(wb, sample)
    sh = wb.sheet("Bevölkerungsprognose", tab="#2e75b6")
    C.head(sh, "Bevölkerungsprognose der Altersgruppen je Sozialraum",
           "Kinder je Sozialraum und Jahr (Basisjahr 2023, dann Vorausberechnung): Summe der Gemeinden des "
           "Sozialraums auf dem Blatt Bevölkerungsvorausberechnung in der Variante des Blatts Parameter. Die "
           "Bedarfsrechnung liest das Zieljahr vom Blatt Parameter; #NV = Variante oder Wert fehlt dort.", 10)
    for b, band, label in BEREICHE:
        top = PB[b]
        sh.set(f"A{top - 2}", f"{b}: {label}", "ISP_Abschnitt")
        F.prognose_block(sh, top, sample, band, JAHRE)
    sh.width("A", 2.6)
    sh.width("B-I", 2.2)
    sh.width("J", 2.6)  # Prüfung
    last = PB["Hort"] + F.NSR
    sh.chart(anchor="K6", width=14, height=8, type="line",
             ranges=[f"A{PB['U3'] - 1}:I{PB['U3'] - 1}", f"A{PB['U3'] + F.NSR}:I{PB['U3'] + F.NSR}",
                     f"A{PB['Ü3'] + F.NSR}:I{PB['Ü3'] + F.NSR}", f"A{last}:I{last}"],
             series_in_rows=True, title="Kinder im Landkreis nach Altersgruppe (Prognose)", ytitle="Kinder",
             colours=["#2c7bb6", "#fdae61", "#d7191c"])
    # Label the three total rows so that the chart legend is readable.
    for b, _, _ in BEREICHE:
        sh.set(f"A{PB[b] + F.NSR}", f"Landkreis {b}", "ISP_Ergebnis")


def kitas(sample):
    """The fictional Einrichtungen of the sample as rows of "1 Bestandserfassung" (A..M, the Sozialraum D and the
    Auslastung K empty: formulas); the sheet and the Zeitreihe's earlier years read them."""
    rng = random.Random(21)
    traeger = ["Kommune (fiktiv)", "AWO (fiktiv)", "Volkssolidarität (fiktiv)", "Ev. Kirchgemeinde (fiktiv)",
               "Elterninitiative (fiktiv)"]
    ages = D.sr_age_groups(sample, ["0-2", "3-5", "6-9"], [2023], "kita")
    out = []
    for g in sample.gebiete:
        n = max(1, round(g["ew"] / 6000))
        sr_children = {b: ages[(g["sr"], band, 2023)] * g["ew"] / next(s["ew"] for s in sample.sozialraeume
                                                                           if s["id"] == g["sr"])
                       for b, band, _ in BEREICHE}
        for j in range(n):
            places = [round(sr_children["U3"] * rng.uniform(0.38, 0.55) / n),
                      round(sr_children["Ü3"] * rng.uniform(0.88, 1.02) / n),
                      round(sr_children["Hort"] * rng.uniform(0.6, 0.85) / n)]
            occ = [round(p * rng.uniform(0.85, 1.0)) for p in places]
            out.append([f"Kita {g['name']} {j + 1}" if n > 1 else f"Kita {g['name']}", rng.choice(traeger),
                        g["id"], None] + places + occ + [None, rng.choice([0, 2, 4]),
                                                       rng.choice(["6–17 Uhr", "6–18 Uhr", "7–16:30 Uhr"])])
    return out


def bestand_sheet(wb, sample, plan):
    sh = wb.sheet("1 Bestandserfassung", tab="#548235")
    C.head(sh, "Phase 1: Bestandserfassung – Kindertageseinrichtungen und Kindertagespflege",
           "Plätze laut Betriebserlaubnis und Belegung je Einrichtung; Auslastung = Belegung ÷ Plätze "
           "(ISP_AUSLASTUNG).", 14)
    cols = ["Einrichtung", "Träger", "Gemeinde-ID", "Sozialraum", "Plätze U3", "Plätze Ü3", "Plätze Hort",
            "Belegung U3", "Belegung Ü3", "Belegung Hort", "Auslastung", "Integrationsplätze", "Öffnungszeiten"]
    sh.row("A6", cols, "ISP_Kopf")
    sh.height(6, 1.0)
    einrichtungen = kitas(sample)
    for k, row in enumerate(einrichtungen):
        sh.row(f"A{7 + k}", row)
    rows = len(einrichtungen) + 10
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
        key = ['U3', 'Ue3', 'Hort'][j]
        wb.name(f"Kita_Plaetze_{key}", "1 Bestandserfassung", f"{col_letters(4 + j)}7:{col_letters(4 + j)}{6 + rows}")
        wb.name(f"Kita_Belegt_{key}", "1 Bestandserfassung", f"{col_letters(7 + j)}7:{col_letters(7 + j)}{6 + rows}")
    ktp_sheet(wb, sample)
    return sh.name


KTP0 = 7  # first Tagespflegestelle row on "1 Kindertagespflege"
KTP_MAX = 5  # § 43 Abs. 3 SGB VIII: a Tagespflegeperson cares for up to five children at the same time


def tagespflegestellen(sample):
    """The fictional Tagespflegestellen of the sample as rows of "1 Kindertagespflege" (A..G; the Sozialraum C and
    the Auslastung F empty: formulas)."""
    rng = random.Random(43)
    out = []
    for g in sample.gebiete:
        for j in range(round(g["ew"] / 14000) + (1 if rng.random() < 0.3 else 0)):
            places = rng.choice([3, 4, 5, 5])
            out.append([f"Tagespflege {g['name']} {j + 1} (fiktiv)", g["id"], None, places,
                        rng.randint(max(1, places - 2), places), None, rng.choice([620, 680, 710, 760])])
    return out


def ktp_sheet(wb, sample):
    """Kindertagespflege (§ 23, § 43 SGB VIII): places and occupancy per Tagespflegestelle; its places count towards
    the U3 supply of the Sozialraum (Bedarfsrechnung), as the Rechtsanspruch (§ 24 Abs. 2) can be met by either."""
    sh = wb.sheet("1 Kindertagespflege", tab="#548235")
    C.head(sh, "Phase 1: Bestandserfassung – Kindertagespflege",
           "Plätze und belegte Plätze je Tagespflegestelle (höchstens fünf Kinder gleichzeitig, § 43 SGB VIII); die "
           "Plätze zählen im Sozialraum zum Angebot U3 (Blatt Bedarfsrechnung).", 9)
    sh.row(f"A{KTP0 - 1}", ["Tagespflegestelle", "Gemeinde-ID", "Sozialraum", "Plätze (U3)", "belegt", "Auslastung",
                            "Kosten je Platz und Monat (EUR)"], "ISP_Kopf")
    sh.height(KTP0 - 1, 1.0)
    stellen = tagespflegestellen(sample)
    for k, row in enumerate(stellen):
        sh.row(f"A{KTP0 + k}", row)
    rows = len(stellen) + 10
    last = KTP0 + rows - 1
    for r in range(KTP0, last + 1):
        sh.set(f"C{r}", f'=IF(B{r}="";"";IFERROR(VLOOKUP(B{r};Gebiete.$A${C.G0}:$C${C.G1};3;0);"?"))', "ISP_Formel")
        sh.set(f"F{r}", f'=IF(OR(D{r}="";E{r}="");"";ISP_AUSLASTUNG(E{r};D{r}))', "ISP_Formel", "P0")
    sh.fill(f"A{KTP0}:B{last}", "ISP_Eingabe")
    sh.fill(f"D{KTP0}:E{last}", "ISP_Eingabe", "N0", "v_ktp")
    sh.fill(f"G{KTP0}:G{last}", "ISP_Eingabe", "EUR", "v_nichtneg")
    sh.width("A", 7.2)
    sh.width("B-F", 2.4)
    sh.width("G", 3.2)
    sh.freeze = (KTP0 - 1, 1)
    wb.validation("v_ktp", f"of:cell-content-is-whole-number() and cell-content-is-between(0;{KTP_MAX})",
                  "Plätze Kindertagespflege", f"Bitte eine ganze Zahl von 0 bis {KTP_MAX} eingeben: eine "
                  f"Tagespflegeperson betreut höchstens {KTP_MAX} Kinder gleichzeitig (§ 43 SGB VIII).",
                  f"Ganze Zahl 0–{KTP_MAX}; leer lassen, wenn unbekannt.")
    wb.name("KTP_SR", sh.name, f"C{KTP0}:C{last}")
    wb.name("KTP_Plaetze", sh.name, f"D{KTP0}:D{last}")
    wb.name("KTP_Belegt", sh.name, f"E{KTP0}:E{last}")
    C.wg(wb, "ZEILEN", sh.name, f"B{KTP0}:B{last}")  # key: Gemeinde-ID; a row goes to that Kommune only
    return sh


KOSTEN_JAHRE = [2019, 2020, 2021, 2022, 2023]
K0 = 7  # first year row on Kosten


def kosten_sheet(wb, sample, plan):
    """Kita- und KTP-Monitoring of the costs (annual Fortschreibung): Landkreis totals per year, own share, costs per
    place and their change; the newest year's places come from the two Bestand sheets."""
    rng = random.Random(44)
    sh = wb.sheet("Kosten", tab="#2e75b6")
    C.head(sh, "Kosten der Kindertagesbetreuung (Kitas und Kindertagespflege), Zeitreihe Landkreis",
           "Betriebskosten, Elternbeiträge und Landeszuschuss je Jahr; kommunaler Anteil = Kosten − Elternbeiträge − "
           "Landeszuschuss; Kosten je Platz und Veränderung zum Vorjahr (ISP_VERAENDERUNG, ISP_BASISINDEX). Jährlich "
           "fortschreiben. Die Kosten sind Summen des Landkreises, nicht je Sozialraum aufgeteilt; je Sozialraum und "
           "Jahr zeigt das Blatt Zeitreihe die Betreuungsquote U3.", 12)
    cols = ["Jahr", "Plätze Kitas", "Plätze Kindertagespflege", "Betriebskosten Kitas (EUR)",
            "Kosten Kindertagespflege (EUR)", "Elternbeiträge (EUR)", "Landeszuschuss (EUR)", "Kosten gesamt (EUR)",
            "kommunaler Anteil (EUR)", "Kosten je Platz (EUR)", "Veränderung Kosten je Platz",
            "Index Kosten (2019 = 100)"]
    sh.row(f"A{K0 - 1}", cols, "ISP_Kopf")
    sh.height(K0 - 1, 1.5)
    newest = K0 + len(KOSTEN_JAHRE) - 1
    kita_places = "SUM(Kita_Plaetze_U3)+SUM(Kita_Plaetze_Ue3)+SUM(Kita_Plaetze_Hort)"
    base_kita = sample_places(sample)
    for k, y in enumerate(KOSTEN_JAHRE):
        r = K0 + k
        growth = 1 + 0.055 * (k - len(KOSTEN_JAHRE) + 1)
        sh.set(f"A{r}", y, "ISP_Formel", "YEAR")
        if r == newest:
            sh.set(f"B{r}", f"={kita_places}", "ISP_Formel", "N0")
            sh.set(f"C{r}", "=SUM(KTP_Plaetze)", "ISP_Formel", "N0")
        else:
            sh.set(f"B{r}", round(base_kita * (1 + 0.01 * (k - 4)) * rng.uniform(0.99, 1.01)), "ISP_Eingabe", "N0",
                   validation="v_anzahl")
            sh.set(f"C{r}", round(140 * (1 + 0.03 * (k - 4)) * rng.uniform(0.97, 1.03)), "ISP_Eingabe", "N0",
                   validation="v_anzahl")
        kita_cost = round(base_kita * 11800 * growth * rng.uniform(0.99, 1.01), -3)
        ktp_cost = round(140 * 8200 * growth * rng.uniform(0.98, 1.02), -3)
        sh.set(f"D{r}", kita_cost, "ISP_Eingabe", "EUR", validation="v_nichtneg")
        sh.set(f"E{r}", ktp_cost, "ISP_Eingabe", "EUR", validation="v_nichtneg")
        sh.set(f"F{r}", round((kita_cost + ktp_cost) * 0.16 * rng.uniform(0.97, 1.03), -3), "ISP_Eingabe", "EUR",
               validation="v_nichtneg")
        sh.set(f"G{r}", round((kita_cost + ktp_cost) * 0.31 * rng.uniform(0.98, 1.02), -3), "ISP_Eingabe", "EUR",
               validation="v_nichtneg")
        # Missing is never 0: a year without its cost figures has no total, share or cost per place.
        sh.set(f"H{r}", f'=IF(OR(D{r}="";E{r}="");"";D{r}+E{r})', "ISP_Formel", "EUR")
        sh.set(f"I{r}", f'=IF(OR(H{r}="";F{r}="";G{r}="");"";H{r}-F{r}-G{r})', "ISP_Formel", "EUR")
        sh.set(f"J{r}", f'=IF(OR(H{r}="";B{r}="";C{r}="";B{r}+C{r}=0);"";H{r}/(B{r}+C{r}))', "ISP_Ergebnis", "EUR")
        if k:
            sh.set(f"K{r}", f"=ISP_VERAENDERUNG(J{r - 1};J{r})", "ISP_Formel", "P1")  # empty where one is missing
        sh.set(f"L{r}", f"=ISP_BASISINDEX(H{r};H${K0})", "ISP_Formel", "N1")
    sh.fill(f"D{K0}:G{newest}", "ISP_Eingabe", "EUR", "v_nichtneg")
    sh.width("A", 1.8)
    sh.width("B-C", 2.4)
    sh.width("D-J", 3.0)
    sh.width("K-L", 2.6)
    sh.freeze = (K0 - 1, 1)
    sh.chart(anchor=f"A{newest + 3}", width=16, height=8, type="line",
             ranges=[f"A{K0 - 1}:A{newest}", f"J{K0 - 1}:J{newest}"], title="Kosten je Platz im Landkreis",
             ytitle="EUR je Platz und Jahr", legend=False, colours=["#d7191c"])
    C.wg(wb, "ALLGEMEIN", sh)  # totals of the Landkreis: no figure of a single area
    return sh


def sample_places(sample):
    """Roughly the Kita places of the sample (children of the three age groups × typical provision), for the
    fictional earlier years of the cost series."""
    ages = D.sr_age_groups(sample, ["0-2", "3-5", "6-9"], [2023], "kita")
    return round(sum(v * q for (sr, band, y), v in ages.items() for b, q in (("0-2", 0.46), ("3-5", 0.95),
                                                                           ("6-9", 0.72)) if b == band))


def bedarf_rows(wb, sample, plan):
    rows = [(sr["id"], b) for sr in sample.sozialraeume for b, _, _ in BEREICHE]
    key = {"U3": "U3", "Ü3": "Ue3", "Hort": "Hort"}

    def population(i, sr, b, r):
        top = PB[b]
        return (f"=INDEX(Bevölkerungsprognose.$B${top}:$I${top + F.NSR - 1};A{r};"
                f"MATCH(Zieljahr;Bevölkerungsprognose.$B${top - 1}:$I${top - 1};0))")

    def extra(sh, end):
        sh.chart(anchor="N6", width=15, height=9, type="bar",
                 ranges=[f"B6:B{end}", f"J6:J{end}"], title="Versorgungsgrad je Sozialraum und Bereich",
                 legend=False, ytitle="Plätze je Kind")

    out = F.bedarf_sheet(
        wb, sample, plan, rows, "Bedarfsrechnung: Plätze U3, Ü3 und Hort je Sozialraum",
        "Bedarf = Kinder im Zieljahr × Zielquote × (1 + Puffer); Versorgungsgrad = Plätze ÷ Kinder der prognostizierten "
        "Altersgruppe. Spalte „geplant zusätzlich“ für neue Plätze (Was-wäre-wenn).",
        population=population, quote=lambda b: f"Zielquote_{key[b]}", buffer=lambda r: "=Puffer",
        # Kindertagespflege counts towards U3 (ktp_sheet).
        bestand=lambda i, sr, b, r: f"=SUMIF(Kita_SR;A{r};Kita_Plaetze_{key[b]})" + (
            f"+SUMIF(KTP_SR;A{r};KTP_Plaetze)" if b == "U3" else ""), group_label="Kinder im Zieljahr",
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
                DG.VARIANTE_PARAM,
                ("Zielquote U3 (Bedarfsquote)", 0.45, "P1", "v_quote", "Zielquote_U3",
                 "gemessener Elternbedarf; bundesweites Ausbauziel 35 %"),
                ("Zielquote Ü3", 0.97, "P1", "v_quote", "Zielquote_Ue3", "„Vollversorgung“ ≈ 100 %"),
                ("Zielquote Hort", 0.80, "P1", "v_quote", "Zielquote_Hort", "Anteil der Grundschulkinder"),
                ("Puffer (Pufferplätze)", 0.05, "P1", "v_quote", "Puffer", "Reserve für Zuzug und Wahlrecht")],
        intro=["Kita-Bedarfsplanung als Teilplan der Jugendhilfeplanung: Plätze für Kinder unter 3 Jahren (U3), "
               "von 3 Jahren bis zum Schuleintritt (Ü3) und im Hort, je Sozialraum gegen die prognostizierte "
               "Altersgruppe des Zieljahres."],
        how=["1. Bevölkerungsvorausberechnung: Einwohner je Gemeinde, Altersg"
             "ruppe, Jahr und Variante einfügen (Aufbau der Regionalisierten Bevölkerungsvorausberechnung); die Bevölkerungsprognose je Sozialraum rechnet sich daraus (Kinder je Altersgruppe).",
             "2. 1 Bestandserfassung: Einrichtungen mit Gemeinde-ID, Plätzen und Belegung pflegen; 1 "
             "Kindertagespflege: Tagespflegestellen ebenso (ihre Plätze zählen zum Angebot U3); Kosten: jährlich die "
             "Kosten, Elternbeiträge und Zuschüsse des Landkreises fortschreiben; Zeitreihe: Vorjahre der betreuten "
             "Kinder unter 3 und der Kinder unter 3 je Sozialraum ergänzen und Reihenbrüche dort markieren.",
             "3. Parameter: Zieljahr, Variante der Vorausberechnung, Zielquoten und Puffer setzen.",
             "4. Bedarfsrechnung und 3 Bewertung und Empfehlung lesen; neue Plätze in „geplant zusätzlich“ testen."],
        method=["Versorgungsgrad = Plätze ÷ Kinder der Altersgruppe im Zieljahr (ISP_VERSORGUNGSGRAD). Bedarf = Kinder "
                "× Zielquote × (1 + Puffer) (ISP_BEDARF). Offener Bedarf = max(0; Bedarf − Plätze). Plätze U3 = "
                "Kita-Plätze U3 + Plätze der Kindertagespflege im Sozialraum.",
                "Kosten je Platz = (Betriebskosten Kitas + Kosten Kindertagespflege) ÷ (Plätze Kitas + Plätze "
                "Kindertagespflege); kommunaler Anteil = Kosten − Elternbeiträge − Landeszuschuss.",
                "Betreuungsquote U3 (Blatt Zeitreihe) = (belegte Plätze U3 der Kitas + belegte Plätze der "
                "Kindertagespflege) ÷ Kinder unter 3 × 100 je Sozialraum und Jahr; Landkreis = Summe ÷ Summe."],
        sheets=plan_sheets, bestand=bestand_sheet, bedarf_rows=bedarf_rows, bedarf_unit="Plätze",
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
