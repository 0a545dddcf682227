"""Demografie-Monitor (issue 16 item 1; domain D7, F11): the Regionalisierte Bevölkerungsvorausberechnung per
Gemeinde, Altersgruppe, Jahr and Variante (the same sheet every Fachplan reads), rolled up to Sozialräume,
Planungsräume and the Landkreis, with demographic ratios (ISP_DEMOGRAFIE) and mean age
(ISP_DURCHSCHNITTSALTER) for a chosen year and over time."""
from . import common as C
from . import data as D
from . import demografie as DG
from .odf import Workbook, col_letters

NSR = 13
A0 = 8  # first area row on Altersstruktur and Kennzahlen (row 7 holds the band midpoints on Altersstruktur)
NB = len(DG.BANDS)
BAND_COLS = [col_letters(1 + k) for k in range(NB)]  # B.. on Altersstruktur
E0 = 9  # first year row on Entwicklung
CHECK_COL = col_letters(2 + NB)  # Prüfung on Altersstruktur, right of Planungsraum


def area_rows(sample):
    """(key, label, style) of the area rows: 13 Sozialräume, 5 Planungsräume, the Landkreis."""
    out = [(sr["id"], sample.sr_label(sr), "ISP_Formel") for sr in sample.sozialraeume]
    out += [(pr, f"PR {pr} {name}", "ISP_Formel") for pr, name in D.PR_NAMES.items()]
    return out + [("Landkreis", "Landkreis", "ISP_Ergebnis")]


def band_range_sum(cols, row, von, bis, sheet=""):
    """SUM over the band columns cols (one per DG.BANDS) of the age range [von, bis) in row."""
    keys = DG.band_keys(von, bis)
    sel = [cols[k] for k, b in enumerate(DG.BANDS) if b[0] in keys]
    return f"SUM({sheet}{sel[0]}{row}:{sel[-1]}{row})"


def band_sum(row, von, bis):
    """Sum of the Altersstruktur band columns of [von, bis) in row."""
    return band_range_sum(BAND_COLS, row, von, bis, "Altersstruktur.")


def parameter_sheet(wb):
    sh = wb.sheet("Parameter", tab="#c55a11")
    C.head(sh, "Parameter des Demografie-Monitors", "Betrachtungsjahr und Variante der Bevölkerungsvorausberechnung "
           "für die Blätter Altersstruktur, Kennzahlen und Entwicklung.", 6)
    C.parameter_rows(wb, sh, 6, [("Betrachtungsjahr", 2030, "YEAR", "v_jahr", "Jahr",
                                  f"ein Jahr der Vorausberechnung ({DG.JAHRE[0]}–{DG.JAHRE[-1]})"),
                                 DG.VARIANTE_PARAM])
    sh.width("A", 6.5)
    sh.width("B", 3.0)
    C.wg(wb, "ALLGEMEIN", sh)
    return sh


def altersstruktur(wb, sample):
    sh = wb.sheet("Altersstruktur", tab="#2e75b6")
    C.head(sh, "Altersstruktur je Sozialraum, Planungsraum und Landkreis",
           "Einwohner je Altersgruppe im Betrachtungsjahr und in der Variante des Blatts Parameter: Sozialräume = "
           "Summe ihrer Gemeinden (Blatt Bevölkerungsvorausberechnung), Planungsräume = Summe ihrer Sozialräume "
           "(Blatt Gebiete). #NV: Grund in der Spalte Prüfung.", 12)
    sh.row("A6", ["Gebiet"] + [b[1] for b in DG.BANDS] + ["Planungsraum", "Prüfung"], "ISP_Kopf")
    sh.height(6, 1.0)
    sh.set("A7", "Alter (Klassenmitte)", "ISP_Kopf")
    for k, b in enumerate(DG.BANDS):
        sh.set(f"{BAND_COLS[k]}7", DG.mean_age(b), "ISP_Parameter", "N1", validation="v_nichtneg")
    pr_col = col_letters(1 + NB)
    areas = area_rows(sample)
    sr_last = A0 + NSR - 1
    for i in range(NSR):  # one check per Sozialraum row instead of three COUNTIFS per cell (docs/performance.md)
        sh.set(f"{CHECK_COL}{A0 + i}", "=" + DG.sr_check(f"$A{A0 + i}", 0, None, ok=DG.CHECK_OK), "ISP_Formel")
    for i, (key, label, style) in enumerate(areas):
        r = A0 + i
        sh.set(f"A{r}", key, style)
        for k, (_, _, von, bis, _, _) in enumerate(DG.BANDS):
            c = BAND_COLS[k]
            if i < NSR:
                f = "=" + DG.sr_sum(f"$A{r}", "Jahr", von, bis, check=f"${CHECK_COL}{r}", ok=DG.CHECK_OK)
            elif key == "Landkreis":
                f = f"=SUM({c}{A0}:{c}{sr_last})"
            else:
                f = f"=SUMIF(${pr_col}${A0}:${pr_col}${sr_last};$A{r};{c}${A0}:{c}${sr_last})"
            sh.set(f"{c}{r}", f, style, "N0")
        if i < NSR:
            sh.set(f"{pr_col}{r}", f'=IFERROR(VLOOKUP(A{r};Gebiete.$I${C.S0}:$K${C.S1};3;0);"")', "ISP_Formel")
    sh.width("A", 2.4)
    sh.width(f"B-{BAND_COLS[-1]}", 1.75)
    sh.width(pr_col, 2.2)
    sh.width(CHECK_COL, 4.0)
    sh.freeze = (7, 1)
    wb.name("Klassenmitten", "Altersstruktur", f"B7:{BAND_COLS[-1]}7")
    end = A0 + len(areas) - 1
    C.wg(wb, "ZEILEN", sh, f"A{A0}:A{end}")
    C.wg(wb, "ANZAHL", sh, f"B{A0}:{BAND_COLS[-1]}{end}")


KENNZAHLEN = ["Gebiet", "Bezeichnung", "Einwohner", "unter 15", "unter 20", "20 bis unter 65", "65 und älter",
              "80 und älter", "Anteil 65+", "Anteil 80+", "Jugendquotient", "Altenquotient", "Gesamtquotient",
              "Alterungsindex", "Durchschnittsalter", f"Einwohner {DG.JAHRE[0]}", f"Veränderung seit {DG.JAHRE[0]}"]


def kennzahlen(wb, sample):
    sh = wb.sheet("Kennzahlen", tab="#2e75b6")
    C.head(sh, "Demografische Kennzahlen im Betrachtungsjahr",
           "Jugendquotient = unter 20 je 100 im Alter 20 bis unter 65, Altenquotient = 65+ je 100 im Alter 20 bis "
           "unter 65, Gesamtquotient = beide zusammen, Alterungsindex = 65+ je 100 unter 15 (ISP_DEMOGRAFIE); "
           "Durchschnittsalter aus den Altersgruppen mit ihren Klassenmitten (ISP_DURCHSCHNITTSALTER). Jahr und "
           "Variante: Blatt Parameter.", 14)
    sh.row("A6", KENNZAHLEN, "ISP_Kopf")
    sh.height(6, 1.3)
    areas = area_rows(sample)
    last = BAND_COLS[-1]
    pr_col = col_letters(1 + NB)
    for i, (key, label, style) in enumerate(areas):
        r, a = 7 + i, A0 + i
        sh.set(f"A{r}", f"=Altersstruktur.A{a}", style)
        sh.set(f"B{r}", label if i >= NSR else f'=VLOOKUP(A{r};Gebiete.$I${C.S0}:$J${C.S1};2;0)', style)
        sh.set(f"C{r}", f"=SUM(Altersstruktur.B{a}:{last}{a})", style, "N0")
        for c, (von, bis) in zip("DEFGH", [(0, 15), (0, 20), (20, 65), (65, None), (80, None)]):
            sh.set(f"{c}{r}", "=" + band_sum(a, von, bis), style, "N0")
        sh.set(f"I{r}", f"=G{r}/C{r}", style, "P1")
        sh.set(f"J{r}", f"=H{r}/C{r}", style, "P1")
        sh.set(f"K{r}", f'=ISP_DEMOGRAFIE("jugendquotient";E{r};F{r})', style, "N1")
        sh.set(f"L{r}", f'=ISP_DEMOGRAFIE("altenquotient";G{r};F{r})', style, "N1")
        sh.set(f"M{r}", f'=ISP_DEMOGRAFIE("gesamtquotient";E{r};G{r};F{r})', style, "N1")
        sh.set(f"N{r}", f'=ISP_DEMOGRAFIE("alterungsindex";G{r};D{r})', style, "N1")
        sh.set(f"O{r}", f"=ISP_DURCHSCHNITTSALTER(Altersstruktur.B{a}:{last}{a};Klassenmitten)", style, "N1")
        if i < NSR:
            base = "=" + DG.sr_sum(f"$A{r}", DG.JAHRE[0], 0, None, check=f"Altersstruktur.${CHECK_COL}{a}",
                                   ok=DG.CHECK_OK)
        elif key == "Landkreis":
            base = f"=SUM(P7:P{6 + NSR})"
        else:
            base = f"=SUMIF(Altersstruktur.${pr_col}${A0}:${pr_col}${A0 + NSR - 1};A{r};P$7:P${6 + NSR})"
        sh.set(f"P{r}", base, style, "N0")
        sh.set(f"Q{r}", f"=ISP_VERAENDERUNG(P{r};C{r})", style, "P1")
    end = 6 + len(areas)
    sh.width("A", 1.8)
    sh.width("B", 5.5)
    sh.width("C-J", 1.8)
    sh.width("K-O", 2.4)
    sh.width("P-Q", 1.8)
    sh.freeze = (6, 2)
    C.wg(wb, "ZEILEN", sh, f"A7:A{end}")
    C.wg(wb, "ANZAHL", sh, f"C7:H{end}")
    C.wg(wb, "ANZAHL", sh, f"P7:P{end}")
    sh.chart(anchor=f"A{end + 3}", width=16, height=8, type="bar", series_in_rows=False,
             ranges=[f"A6:A{6 + NSR}", f"L6:L{6 + NSR}"], title="Altenquotient je Sozialraum im Betrachtungsjahr",
             legend=False, ytitle="65+ je 100 im Alter 20–64", xtitle="Sozialraum", colours=["#fdae61"],
             y_from_zero=True)


def entwicklung(wb, sample):
    sh = wb.sheet("Entwicklung", tab="#2e75b6")
    C.head(sh, "Entwicklung der Bevölkerung über die Jahre",
           "Für ein Gebiet (Sozialraum-Nummer oder „Landkreis“ in B6): Einwohner in beiden Varianten, Quotienten und "
           "Durchschnittsalter je Jahr der Vorausberechnung in der Variante des Blatts Parameter.", 14)
    sh.set("A6", "Gebiet", "ISP_Kopf")
    sh.set("B6", "Landkreis", "ISP_Parameter", validation="v_gebiet_demo")
    sh.set("C6", "Sozialraum 1–13 oder „Landkreis“", "ISP_Hinweis")
    choices = ";".join(['"Landkreis"'] + [str(sr["id"]) for sr in sample.sozialraeume])
    wb.validation("v_gebiet_demo", f"of:cell-content-is-in-list({choices})", "Gebiet",
                  "Bitte eine Sozialraum-Nummer (1–13) oder „Landkreis“ eingeben.")
    crit = 'IF($B$6="Landkreis";">0";$B$6)'
    v1, v2 = DG.VARIANTEN[0][0], DG.VARIANTEN[1][0]
    groups = [("unter 15", 0, 15), ("unter 20", 0, 20), ("20 bis unter 65", 20, 65), ("65 und älter", 65, None),
              ("80 und älter", 80, None)]
    cols = ["Jahr", f"Einwohner ({v1})", f"Einwohner ({v2})", "Einwohner (gewählte Variante)"] + \
        [g[0] for g in groups] + ["Jugendquotient", "Altenquotient", "Alterungsindex", "Durchschnittsalter",
                                  "Anteil 80+"]
    sh.row("A8", cols + [b[1] for b in DG.BANDS], "ISP_Kopf")
    sh.height(8, 1.3)
    first_band = len(cols)
    bc = [col_letters(first_band + k) for k in range(NB)]

    def bands(r, von, bis):
        return band_range_sum(bc, r, von, bis)

    # One check per variant column above it (not three COUNTIFS in each of the ~300 cells): why a column is #NV.
    sh.set("A7", "Prüfung", "ISP_Kopf")
    for c, variante in (("B", f'"{v1}"'), ("C", f'"{v2}"'), ("D", "Prognosevariante")):
        sh.set(f"{c}7", "=" + DG.sr_check(crit, 0, None, variante, ok=DG.CHECK_OK), "ISP_Formel",
               extra={"shrink": True})

    for j, y in enumerate(DG.JAHRE):
        r = E0 + j
        sh.set(f"A{r}", y, "ISP_Formel", "YEAR")
        sh.set(f"B{r}", "=" + DG.sr_sum(crit, f"$A{r}", 0, None, f'"{v1}"', check="$B$7", ok=DG.CHECK_OK), "ISP_Formel",
               "N0")
        sh.set(f"C{r}", "=" + DG.sr_sum(crit, f"$A{r}", 0, None, f'"{v2}"', check="$C$7", ok=DG.CHECK_OK), "ISP_Formel",
               "N0")
        sh.set(f"D{r}", f"=SUM({bc[0]}{r}:{bc[-1]}{r})", "ISP_Ergebnis", "N0")
        for c, (_, von, bis) in zip("EFGHI", groups):
            sh.set(f"{c}{r}", "=" + bands(r, von, bis), "ISP_Formel", "N0")
        sh.set(f"J{r}", f'=ISP_DEMOGRAFIE("jugendquotient";F{r};G{r})', "ISP_Formel", "N1")
        sh.set(f"K{r}", f'=ISP_DEMOGRAFIE("altenquotient";H{r};G{r})', "ISP_Formel", "N1")
        sh.set(f"L{r}", f'=ISP_DEMOGRAFIE("alterungsindex";H{r};E{r})', "ISP_Formel", "N1")
        sh.set(f"M{r}", f"=ISP_DURCHSCHNITTSALTER({bc[0]}{r}:{bc[-1]}{r};Klassenmitten)", "ISP_Formel", "N1")
        sh.set(f"N{r}", f"=I{r}/D{r}", "ISP_Formel", "P1")
        for k, (_, _, von, bis, _, _) in enumerate(DG.BANDS):
            sh.set(f"{bc[k]}{r}", "=" + DG.sr_sum(crit, f"$A{r}", von, bis, check="$D$7", ok=DG.CHECK_OK),
                   "ISP_Formel", "N0")
    end = E0 + len(DG.JAHRE) - 1
    sh.width("A", 1.6)
    sh.width("B-D", 2.3)
    sh.width("E-I", 1.9)
    sh.width("J-M", 2.4)
    sh.width("N", 1.9)
    sh.width(f"{bc[0]}-{bc[-1]}", 1.75)
    sh.freeze = (8, 1)
    sh.chart(anchor=f"A{end + 3}", width=14, height=7.5, type="line", series_in_rows=False,
             ranges=[f"A8:A{end}", f"B8:B{end}", f"C8:C{end}"], title="Einwohner nach Variante", legend="bottom",
             ytitle="Einwohner", colours=["#2c7bb6", "#d7191c"])
    sh.chart(anchor=f"G{end + 3}", width=12, height=7.5, type="line", series_in_rows=False,
             ranges=[f"A8:A{end}", f"J8:J{end}", f"K8:K{end}"], title="Jugend- und Altenquotient (gewählte Variante)",
             legend="bottom", ytitle="je 100 im Alter 20–64", colours=["#2c7bb6", "#fdae61"])
    C.wg(wb, "PROFIL", sh, "B6")  # the area shown: the export switches it to the recipient's Sozialraum
    C.wg(wb, "ANZAHL", sh, f"B{E0}:I{end}")
    C.wg(wb, "ANZAHL", sh, f"{bc[0]}{E0}:{bc[-1]}{end}")


def build(sample=None):
    sample = sample or D.Sample()
    wb = Workbook("Demografie-Monitor (Vorlage, fiktive Beispieldaten)",
                  "ISP-Vorlage: Regionalisierte Bevölkerungsvorausberechnung je Gemeinde, Altersgruppe, Jahr und "
                  "Variante; Kennzahlen je Sozialraum, Planungsraum und Landkreis")
    C.styles(wb)
    C.validations(wb)
    C.anleitung(wb, "Demografie-Monitor – Anleitung", [
        ("Wozu", [
            "Der Demografie-Monitor zeigt, wie sich die Bevölkerung der Sozialräume nach der Regionalisierten "
            "Bevölkerungsvorausberechnung entwickelt. Jede Fachplanung liest dieselbe Tabelle (Blatt "
            "Bevölkerungsvorausberechnung) für ihre Zielgruppe: Wer die Variante wechselt, sieht in jedem Fachplan "
            "den Bedarf für dieselben Zahlen.",
        ]),
        ("Blätter", [
            "Kennzahlen – Einwohner, Altersgruppen, Jugend-, Alten- und Gesamtquotient, Alterungsindex und "
            "Durchschnittsalter je Sozialraum, Planungsraum und Landkreis im Betrachtungsjahr.",
            "Altersstruktur – Einwohner je Altersgruppe und Gebiet im Betrachtungsjahr (Grundlage der Kennzahlen).",
            "Entwicklung – ein Gebiet über alle Jahre der Vorausberechnung, beide Varianten im Vergleich.",
            "Bevölkerungsvorausberechnung – die Eingabetabelle: eine Zeile je Gemeinde, Variante und Altersgruppe, "
            "eine Spalte je Jahr.",
            "Parameter – Betrachtungsjahr und Variante.",
        ]),
        ("So gehen Sie vor", [
            "1. Die Tabelle des Statistischen Landesamts je Gemeinde auf dem Blatt Bevölkerungsvorausberechnung "
            "einfügen (Gemeinde-ID wie auf dem Blatt Gebiete, Variante, Altersgruppe mit „von“ und „bis unter“, "
            "Werte je Jahr). Die Spalte „Prüfung“ meldet unbekannte Gemeinden und fehlende Werte.",
            "2. Auf dem Blatt Parameter Jahr und Variante wählen; auf dem Blatt Entwicklung ein Gebiet.",
            "3. Dieselbe Tabelle in die Fachplan-Vorlagen kopieren (gleiches Blatt, gleicher Aufbau).",
        ]),
        ("Methode", [
            "Sozialräume sind die Summe ihrer Gemeinden, Planungsräume die Summe ihrer Sozialräume (Blatt Gebiete). "
            "Fehlt ein Wert, zeigt das Gebiet #NV statt einer zu kleinen Summe. Quotienten je 100 mit "
            "ISP_DEMOGRAFIE; Durchschnittsalter = Σ Einwohner × Klassenmitte ÷ Σ Einwohner (ISP_DURCHSCHNITTSALTER; "
            f"die offene Gruppe „90 und älter“ zählt mit {DG.OPEN_BAND_AGE} Jahren, änderbar auf dem Blatt "
            "Altersstruktur).",
        ]),
    ] + C.COMMON_HINTS)
    kennzahlen(wb, sample)
    altersstruktur(wb, sample)
    entwicklung(wb, sample)
    DG.sheet(wb, sample)
    parameter_sheet(wb)
    C.fortschreibung(wb, "Demografie-Monitor", [
        ("Demografie-Monitor (jährliche Datenfortschreibung)", C.date(2024, 1, 15), "Kreistag (fiktiv)", 1),
    ])
    C.gebiete(wb, sample)
    wb.active = "Kennzahlen"
    return wb
