"""Senioren-Sozialplanung (methods §9.3): status-quo Pflegeprognose with age-specific rates (ISP_PFLEGEPROGNOSE),
Versorgung with stationary places against the projected need, Belastungsindex Senioren."""
from . import common as C
from . import data as D
from . import demografie as DG
from . import fachplan as F
from . import zeitreihe as Z
from .odf import col_letters

BANDS = ["65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
RATES = [0.03, 0.06, 0.12, 0.24, 0.44, 0.72]  # invented Pflegequoten per age band
YEARS = [2023, 2025, 2030, 2035, 2040]
BLOCK = 17  # rows per year block
Y0 = 12  # first block's first SR row
CHECK = "Q"  # hidden: per Sozialraum, why its projection rows give no sum (DG.sr_check)


def block_top(k):
    return Y0 + k * BLOCK


def prognose_sheet(wb, sample, plan):
    sh = wb.sheet("Pflegeprognose", tab="#2e75b6")
    C.head(sh, "Pflegeprognose je Sozialraum (Status-quo-Verfahren)",
           "Pflegebedürftige im Jahr t = Σ Pflegequote der Altersgruppe (Basisjahr) × Einwohner der Altersgruppe im "
           "Jahr t (ISP_PFLEGEPROGNOSE). Einwohner: Summe der Gemeinden des Sozialraums auf dem Blatt "
           "Bevölkerungsvorausberechnung in der Variante des Blatts Parameter. Quoten und Bevölkerung fiktiv.", 10)
    sh.set("A6", "Pflegequoten (Basisjahr)", "ISP_Abschnitt")
    sh.row("A7", ["Altersgruppe"] + BANDS, "ISP_Kopf")
    sh.set("A8", "Pflegequote", "ISP_Kopf")
    for j, q in enumerate(RATES):
        sh.set((7, 1 + j), q, "ISP_Parameter", "P1", validation="v_quote")
    sh.set("H8", "Szenario: Quoten senken (Kompression) oder erhöhen (Medikalisierung) und neu rechnen.", "ISP_Hinweis")
    DG.sheet(wb, sample)
    for k, y in enumerate(YEARS):
        top = block_top(k)
        sh.set(f"A{top - 2}", f"Einwohner {y}" + (" (Basisjahr)" if k == 0 else " (Prognose)"), "ISP_Abschnitt")
        sh.row(f"A{top - 1}", ["Sozialraum"] + BANDS + ["Pflegebedürftige"], "ISP_Kopf")
        for i, sr in enumerate(sample.sozialraeume):
            r = top + i
            sh.set(f"A{r}", sr["id"], "ISP_Formel")
            if k == 0:  # one check per Sozialraum for all years and bands (docs/performance.md), in a hidden
                # column: the sheet stays one page wide; the sheet Bevölkerungsvorausberechnung names the row
                sh.set(f"{CHECK}{r}", "=" + DG.sr_check(f"$A{r}", 65, None), "ISP_Formel")
            for j, b in enumerate(BANDS):
                sh.set((r - 1, 1 + j), "=" + DG.sr_sum(f"$A{r}", y, *DG.parse_band(b), check=f"${CHECK}${Y0 + i}"),
                       "ISP_Formel", "N0")
            sh.set(f"H{r}", f"=ISP_PFLEGEPROGNOSE($B$8:$G$8;B{r}:G{r})", "ISP_Ergebnis", "N0")
        r = top + F.NSR
        sh.set(f"A{r}", "Landkreis", "ISP_Ergebnis")
        for j in range(7):
            c = col_letters(1 + j)
            sh.set(f"{c}{r}", f"=SUM({c}{top}:{c}{r - 1})", "ISP_Ergebnis", "N0")
    # Summary: Pflegebedürftige per SR and year
    sh.set("J10", "Pflegebedürftige je Sozialraum und Jahr", "ISP_Abschnitt")
    sh.set("J11", "Sozialraum", "ISP_Kopf")
    for k, y in enumerate(YEARS):
        sh.set((10, 10 + k), y, "ISP_Kopf", "YEAR")
    for i in range(F.NSR + 1):
        r = 12 + i
        sh.set(f"J{r}", i + 1 if i < F.NSR else "Landkreis", "ISP_Formel" if i < F.NSR else "ISP_Ergebnis")
        for k in range(len(YEARS)):
            sh.set((r - 1, 10 + k), f"=H{block_top(k) + i}", "ISP_Ergebnis" if i == F.NSR else "ISP_Formel", "N0")
    wb.name("Pflege_Jahre", "Pflegeprognose", "K11:O11")
    wb.name("Pflege_SR", "Pflegeprognose", f"K12:O{11 + F.NSR}")
    sh.width("A", 2.6)
    sh.width("B-G", 2.0)
    sh.width("H", 2.8)
    sh.width("I", 0.5)
    sh.set(f"{CHECK}{Y0 - 1}", "Prüfung", "ISP_Kopf")
    sh.hide(CHECK)
    sh.width("J-O", 2.2)
    # Below the summary, level with the second year block's heading (a section start: print_layout breaks the
    # page there, not inside the chart), so that the sheet stays one page wide and every page shows its title.
    sh.chart(anchor=f"J{block_top(1) - 2}", width=13, height=7.5, type="bar", series_in_rows=True,
             ranges=["J11:O11", f"J{12 + F.NSR}:O{12 + F.NSR}"], title="Pflegebedürftige im Landkreis (Prognose)",
             legend=False, ytitle="Personen")


def zeitreihe(wb, sample):
    """The sheet Zeitreihe: Pflegebedürftige per 1,000 inhabitants 65+ per Sozialraum and year; the newest year
    (the Basisjahr) from the first block of Pflegeprognose."""
    def sample_years(i, rng):
        sr = sample.sozialraeume[i]["id"]
        ages = [DG.sr_value(sample, sr, YEARS[0], *DG.parse_band(band)) for band in BANDS]
        counts = Z.sample_series(sum(q * a for q, a in zip(RATES, ages)), rng, drift=(0.01, 0.06), noise=0.03)
        refs = Z.sample_series(sum(ages), rng, drift=(0.0, 0.015), noise=0.004)
        return list(zip(counts, refs))

    assert YEARS[0] == Z.JAHRE[-1], "the Basisjahr of the Pflegeprognose is the newest year of the series"
    Z.sheet(wb, Z.Reihe(
        titel="Pflegebedürftige", anzahl="Pflegebedürftige", bezug="Einwohner ab 65",
        quote="Pflegebedürftige je 1.000 Einwohner ab 65", je=1000, quelle="Pflegeprognose (Basisjahr)",
        newest_count=lambda i: f"Pflegeprognose.H{Y0 + i}",
        newest_ref=lambda i: f"SUM(Pflegeprognose.B{Y0 + i}:G{Y0 + i})",
        beispiel_bruch=(3, D.BASE_YEAR, "Gebietsänderung"), sample=sample_years), seed=6507)


def plan_sheets(wb, sample, plan):
    prognose_sheet(wb, sample, plan)
    zeitreihe(wb, sample)


def bestand_sheet(wb, sample, plan):
    arts = [("stationär", 1.0), ("teilstationär", 0.25), ("ambulant", 1.6)]
    return F.angebote_sheet(
        wb, sample, plan, arts, 31,
        per_gemeinde=lambda g, a: (3 if g["ew"] > 50000 else 1) if a != "teilstationär" or g["ew"] > 9000 else 0,
        capacity=lambda g, a: max(12, g["ew"] * 0.0075 / (3 if g["ew"] > 50000 else 1)), unit="Plätze/Klienten",
        occupancy=(0.85, 1.0), title="Pflege- und Seniorenangebote")


def bedarf_rows(wb, sample, plan):
    rows = [(sr["id"], "stationär") for sr in sample.sozialraeume]
    return F.bedarf_sheet(
        wb, sample, plan, rows, "Bedarfsrechnung: stationäre Pflegeplätze je Sozialraum",
        "Bedarf = Pflegebedürftige im Zieljahr × Anteil stationär × (1 + Puffer). Bestand aus der Bestandserfassung "
        "(Art „stationär“).",
        population=lambda i, sr, b, r: f"=INDEX(Pflege_SR;A{r};MATCH(Zieljahr;Pflege_Jahre;0))",
        quote=lambda b: "Anteil_stationaer", buffer=lambda r: "=Puffer",
        bestand=lambda i, sr, b, r: f'=SUMIFS(Ang_Kap;Ang_SR;A{r};Ang_Art;"stationär")',
        group_label="Pflegebedürftige im Zieljahr")


def build(sample=None):
    plan = F.Plan(
        key="senioren", name="Senioren-Sozialplanung", motto="„Selbstbestimmt altern“",
        lebenslage="S", lebenslage_name="Senioren",
        params=[("Zieljahr der Planung", 2030, "YEAR", "v_jahr", "Zieljahr", "ein Jahr der Pflegeprognose"),
                DG.VARIANTE_PARAM,
                ("Anteil stationär versorgter Pflegebedürftiger", 0.18, "P1", "v_quote", "Anteil_stationaer",
                 "Basisjahr, fiktiv"),
                ("Puffer", 0.03, "P1", "v_quote", "Puffer", "Reserve (Kurzzeitpflege, Wahlrecht)")],
        intro=["Offene Angebote für Seniorinnen und Senioren und pflegebedürftige Menschen, pflegende Angehörige und "
               "Netzwerke; Pflegeprognose aus der regionalisierten Bevölkerungsprognose."],
        how=["1. Bevölkerungsvorausberechnung: Einwohner je Gemeinde, Altersgruppe, Jahr und Variante einfügen; auf "
             "dem Blatt Parameter die Variante wählen. Pflegeprognose: Pflegequoten prüfen; Vorjahre der "
             "Pflegebedürftigen je Sozialraum auf dem Blatt Zeitreihe ergänzen, Reihenbrüche dort markieren.",
             "2. 1 Bestandserfassung: Pflegeheime, Tagespflegen, ambulante Dienste mit Kapazität pflegen.",
             "3. Parameter: Zieljahr, Anteil stationär, Puffer setzen.",
             "4. Bedarfsrechnung und 3 Bewertung und Empfehlung lesen."],
        method=["Pflegebedürftige_t = Σ_a Pflegequote_a × Einwohner_a,t (ISP_PFLEGEPROGNOSE, Status-quo-Annahme). "
                "Pkw-Ausstattung (Indikator 55) gilt hier als Ressource (Polarität −1)."],
        sheets=plan_sheets, bestand=bestand_sheet, bedarf_rows=bedarf_rows, bedarf_unit="Plätze",
        teilplaene=[("Senioren-Sozialplan (Gesamtplan)", C.date(2024, 1, 15), "Sozialausschuss (fiktiv)", 5),
                    ("Teilfachplan Pflege (Pflegesozialplanung)", C.date(2023, 5, 10), "Kreistag (fiktiv)", 5)],
        korridor=[("Pflegebedürftige je 1.000 Einw. 65+ (Landkreis, Basisjahr)",
                   f"Pflegeprognose.H{Y0 + F.NSR}/SUM(Pflegeprognose.B{Y0 + F.NSR}:G{Y0 + F.NSR})*1000", 150, 200)],
        massnahmen=[("Seniorenbegleitung im ländlichen Raum", "Teilhabe", "Teilnehmende", 0, 200, 140)],
    )
    wb = F.build(plan, sample)
    # Weitergabe (docs/weitergabe.md): the forecast blocks carry no area key column: internal.
    C.wg(wb, "INTERN", "Pflegeprognose")
    return wb
