"""The sample workbook of the main job (README's first command): Belastungsindex per Sozialraum and Lebenslage.

Not one of the eight templates: a small, complete workbook that shows the add-in's chain on the bundled sample
data (data/sample, FICTIONAL values on the real Zwickau structure):

  Gemeinde counts (Zähler, Nenner, Werte; one row per Gemeinde, one column per indicator)
    -> ISP_AGGREGATE per Sozialraum ("ratio": Σ Zähler ÷ Σ Nenner; "wmean": population-weighted mean)
    -> ISP_BELASTUNG per Lebenslage (z-scores over the 13 Sozialräume centred on the Landkreis row = the same
       aggregation over all Gemeinden, weighted mean, divided by its SD without re-centring: the monitor's method)
    -> ISP_KLASSE with the scheme named on the Parameter sheet (legend: ISP_KLASSEN).

It computes exactly what engine/tools/isp_sample.cpp computes; the main job compares both (scripts/sample_job.py).
Weights, polarities, the class scheme and thresholds are cells on the Parameter sheet: what-if = edit a cell.
"""
from . import common as C
from . import data as D
from .odf import Workbook, col_letters

TITLE = "Belastungsindex je Sozialraum (Beispiel)"
STEM = "ISP_Beispiel_Belastungsindex"
RESULT_SHEET = "Belastungsindex"

G0 = 6  # first Gemeinde row on Gemeinden, Zähler, Nenner, Werte
S0 = 9  # first Sozialraum row on Sozialräume
R0 = 7  # first Sozialraum row on Belastungsindex
COL0 = 4  # first indicator column (E) on the data sheets, Sozialräume and Parameter
P_POL, P_W0 = 7, 8  # Parameter rows: polarity, weights of K, T, S, B
SCHEMA_ROW = 10  # Parameter: "Klassenschema"; the legend =ISP_KLASSEN(Klassenschema) in rows LEG0 … LEG0 + 3
LEG0 = SCHEMA_ROW + 3
KREIS = "Landkreis Zwickau"  # the group of every Gemeinde: the Landkreis row aggregates over it
LEBENSLAGEN = [("K", "Kindheit und Jugend"), ("T", "Teilhabe"), ("S", "Senioren"), ("B", "Bildung")]


def indicators(sample):
    """The indicators a Belastungsindex can use: with a way to compute them (Art) and a fixed polarity."""
    return [i for i in sample.indikatoren if i["art"] and i["polaritaet"] in ("+", "-")]


def members(ind, code):
    return code in ind["lebenslage"].split(";")


def build(sample=None):
    sample = sample or D.Sample()
    inds = indicators(sample)
    gem = sample.gebiete
    srs = sample.sozialraeume
    g1 = G0 + len(gem) - 1
    s1 = S0 + len(srs) - 1
    first, last = col_letters(COL0), col_letters(COL0 + len(inds) - 1)

    wb = Workbook(TITLE, "ISP-Beispiel: Belastungsindex je Sozialraum und Lebenslage aus Gemeindedaten "
                         "(fiktive Werte, Gebietsstruktur Landkreis Zwickau)")
    C.styles(wb)
    C.validations(wb)
    result = wb.sheet(RESULT_SHEET, tab="#2e75b6")
    soz = wb.sheet("Sozialräume", tab="#2e75b6")
    par = wb.sheet("Parameter", tab="#c55a11")
    geb = wb.sheet("Gemeinden", tab="#bf9000")
    data_sheets = {"Zähler": wb.sheet("Zähler", tab="#bf9000"), "Nenner": wb.sheet("Nenner", tab="#bf9000"),
                   "Werte": wb.sheet("Werte", tab="#bf9000")}

    # ---- Parameter ------------------------------------------------------------------------------------
    C.head(par, "Parameter", "Polarität und Gewicht je Indikator und Lebenslage (Gewicht 0 = nicht einbezogen), "
                             "Schwellen und Klassenschema. Eine Zelle ändern – alles rechnet neu.", 10)
    settings = [("Mindesteinwohner je Sozialraum", 300, "v_anzahl", "N0", "Mindesteinwohner"),
                ("Mindestabdeckung der Indikatoren", 2 / 3, "v_quote", "P0", "Mindestabdeckung")]
    for i, (label, value, val, fmt, name) in enumerate(settings):
        r = 6 + i  # rows 6-7 in columns A-B, left of the indicator table
        par.set(f"A{r}", label, "ISP_Kopf")
        par.set(f"B{r}", value, "ISP_Parameter", fmt, validation=val)
        wb.name(name, "Parameter", f"B{r}")
    par.set(f"A{SCHEMA_ROW - 1}", "Klassen", "ISP_Abschnitt")
    C.klassen_legende(wb, par, SCHEMA_ROW, hint_cell=f"A{LEG0 + 5}")
    par.set(f"A{LEG0 + 4}", "Ein Index genau auf einer Grenze gehört zur Klasse näher an 0 (±1,0 = durchschnittlich, "
                            "1,5 = erhöht).", "ISP_Hinweis")
    par.set(f"D{P_POL - 2}", "Indikator-Nr.", "ISP_Kopf")
    par.set(f"D{P_POL - 1}", "Indikator", "ISP_Kopf")
    par.set(f"D{P_POL}", "Polarität (1 / −1)", "ISP_Kopf")
    for j, (code, name) in enumerate(LEBENSLAGEN):
        par.set(f"D{P_W0 + j}", f"Gewicht {code}: {name}", "ISP_Kopf")
    for k, ind in enumerate(inds):
        c = col_letters(COL0 + k)
        par.set(f"{c}{P_POL - 2}", ind["nr"], "ISP_Kopf")
        par.set(f"{c}{P_POL - 1}", ind["name"], "ISP_Kopf")
        par.set(f"{c}{P_POL}", 1 if ind["polaritaet"] == "+" else -1, "ISP_Parameter",
                validation="v_polaritaet")
        for j, (code, _) in enumerate(LEBENSLAGEN):
            par.set(f"{c}{P_W0 + j}", 1 if members(ind, code) else 0, "ISP_Parameter", "N1",
                    validation="v_gewicht")
    par.height(P_POL - 1, 2.6)
    par.width("A", 5.5)
    par.width("B", 3.6)
    par.width("C", 2.4)
    par.width("D", 5.0)
    par.width(f"{first}-{last}", 2.2)
    par.freeze = (P_POL - 1, 4)

    # ---- Gemeinden and the wide data sheets --------------------------------------------------------------
    C.head(geb, "Gemeinden", "Gebietsstruktur: jede Gemeinde mit Sozialraum, Planungsraum und Einwohnern. "
                             "Verknüpft wird über die Kennungen, nie über Namen (Namen kommen doppelt vor).", 6)
    geb.row("A5", ["Gemeinde-ID", "Gemeinde", "Sozialraum", "Planungsraum", "Einwohner", "Landkreis"], "ISP_Kopf")
    for i, g in enumerate(gem):
        geb.row(f"A{G0 + i}", [g["id"], g["name"], g["sr"], g["pr"], g["ew"], KREIS], "ISP_Eingabe")
        geb.set(f"E{G0 + i}", g["ew"], "ISP_Eingabe", "N0", validation="v_anzahl")
    geb.width("A", 2.6)
    geb.width("B", 5.5)
    geb.width("C-E", 2.6)
    geb.width("F", 3.6)
    geb.freeze = (5, 2)

    value_of = {(v["gid"], v["nr"]): v for v in sample.werte}
    for sheet_name, sh in data_sheets.items():
        what = {"Zähler": "Zähler der Quoten (Art rate)", "Nenner": "Nenner der Quoten (Art rate)",
                "Werte": "Werte je Gemeinde (Art mean, z. B. Durchschnittsalter)"}[sheet_name]
        C.head(sh, sheet_name, f"{what}: eine Zeile je Gemeinde, eine Spalte je Indikator. Leer = kein Wert "
                               "(zählt als fehlend, nie als 0).", 10)
        sh.row("A5", ["Gemeinde-ID", "Gemeinde", "Sozialraum", "Einwohner"], "ISP_Kopf")
        for i, g in enumerate(gem):
            r = G0 + i
            sh.row(f"A{r}", [f"=Gemeinden.A{r}", f"=Gemeinden.B{r}", f"=Gemeinden.C{r}", f"=Gemeinden.E{r}"],
                   "ISP_Formel")
        for k, ind in enumerate(inds):
            c = col_letters(COL0 + k)
            sh.set(f"{c}4", ind["nr"], "ISP_Kopf")
            sh.set(f"{c}5", ind["name"], "ISP_Kopf")
            relevant = (ind["art"] == "rate") == (sheet_name != "Werte")
            for i, g in enumerate(gem):
                v = value_of.get((g["id"], ind["nr"]))
                key = {"Zähler": "z", "Nenner": "n", "Werte": "w"}[sheet_name]
                val = v[key] if (v is not None and relevant) else None
                sh.set(f"{c}{G0 + i}", val, "ISP_Eingabe" if relevant else "ISP_Formel", "N0" if key != "w" else "N2",
                       validation="v_anzahl" if key != "w" else None)
        sh.height(5, 2.6)
        sh.width("A", 2.4)
        sh.width("B", 4.6)
        sh.width("C-D", 2.0)
        sh.width(f"{first}-{last}", 2.0)
        sh.freeze = (5, 2)

    # ---- Sozialräume: one row per Sozialraum, one column per indicator ------------------------------------
    C.head(soz, "Indikatorwerte je Sozialraum", "Quoten aus den summierten Zählern und Nennern der Gemeinden "
                                                "(ISP_AGGREGATE „ratio“, nie Mittel von Quoten) × Skala; Mittelwerte "
                                                "einwohnergewichtet („wmean“). Leer = kein Wert.", 10)
    soz.row("A5", ["Sozialraum", "Gemeinden", "Planungsraum", "Einwohner"], "ISP_Kopf")
    soz.set(f"D{S0 - 3}", "Indikator-Nr.", "ISP_Kopf")
    soz.set(f"D{S0 - 2}", "Art / Skala", "ISP_Kopf")
    soz.set(f"D{S0 - 1}", "Lebenslagen", "ISP_Kopf")
    gid_sr = f"Gemeinden.$C${G0}:$C${g1}"
    for i, sr in enumerate(srs):
        r = S0 + i
        soz.set(f"A{r}", sr["id"], "ISP_Kopf")
        soz.set(f"B{r}", sample.sr_label(sr), "ISP_Formel_Text")
        soz.set(f"C{r}", sr["pr"], "ISP_Formel")
        soz.set(f"D{r}", f'=ISP_AGGREGATE(Gemeinden.$E${G0}:$E${g1};{gid_sr};$A{r};"summe")', "ISP_Formel", "N0")
    lk = s1 + 1  # the Landkreis row: the same aggregation over all Gemeinden (the reference of the index)
    kreis = f"Gemeinden.$F${G0}:$F${g1}"
    soz.set(f"A{lk}", "Landkreis", "ISP_Ergebnis")
    soz.set(f"B{lk}", KREIS, "ISP_Ergebnis")
    soz.set(f"C{lk}", "", "ISP_Ergebnis")
    soz.set(f"D{lk}", f"=SUM(D{S0}:D{s1})", "ISP_Ergebnis", "N0")
    for k, ind in enumerate(inds):
        c = col_letters(COL0 + k)
        soz.set(f"{c}5", ind["name"], "ISP_Kopf")
        soz.set(f"{c}{S0 - 3}", ind["nr"], "ISP_Kopf")
        scale = ind["skala"] or 1
        soz.set(f"{c}{S0 - 2}", f"{ind['art']} / {scale:g}" if ind["art"] == "rate" else "mean", "ISP_Formel")
        soz.set(f"{c}{S0 - 1}", ind["lebenslage"], "ISP_Formel")
        for i in range(len(srs)):
            r = S0 + i
            if ind["art"] == "rate":
                agg = (f'ISP_AGGREGATE(Zähler.{c}${G0}:{c}${g1};{gid_sr};$A{r};"quote";'
                       f'Nenner.{c}${G0}:{c}${g1})')
                f = f'=IF({agg}="";"";{agg}*{scale:g})'
            else:
                f = (f'=ISP_AGGREGATE(Werte.{c}${G0}:{c}${g1};{gid_sr};$A{r};"wmean";'
                     f'Gemeinden.$E${G0}:$E${g1})')
            soz.set(f"{c}{r}", f, "ISP_Formel", "N2")
        if ind["art"] == "rate":
            agg = f'ISP_AGGREGATE(Zähler.{c}${G0}:{c}${g1};{kreis};"{KREIS}";"quote";Nenner.{c}${G0}:{c}${g1})'
            soz.set(f"{c}{lk}", f'=IF({agg}="";"";{agg}*{scale:g})', "ISP_Ergebnis", "N2")
        else:
            soz.set(f"{c}{lk}", f'=ISP_AGGREGATE(Werte.{c}${G0}:{c}${g1};{kreis};"{KREIS}";"wmean";'
                                f'Gemeinden.$E${G0}:$E${g1})', "ISP_Ergebnis", "N2")
    soz.height(5, 2.6)
    soz.width("A", 2.0)
    soz.width("B", 6.0)
    soz.width("C-D", 2.4)
    soz.width(f"{first}-{last}", 2.2)
    soz.freeze = (S0 - 1, 2)

    # ---- Belastungsindex: the result ------------------------------------------------------------------------
    result.fit_page = True
    C.head(result, TITLE, "Je Lebenslage: z = Polarität × (Wert − Landkreiswert) ÷ SD über die 13 Sozialräume, "
                          "gewichtetes Mittel, geteilt durch seine Standardabweichung (ISP_BELASTUNG mit dem "
                          "Landkreis als Bezug; 0 = Landkreis), Klasse mit ISP_KLASSE und dem Klassenschema. "
                          "Sozialräume unter der Mindesteinwohnerzahl oder mit zu wenigen Indikatoren bleiben leer.",
           12)
    header = ["Nr.", "Sozialraum (Gemeinden)", "Planungsraum", "Einwohner"]
    for code, name in LEBENSLAGEN:
        header += [f"{name}: Index", f"{name}: Klasse"]
    result.row("A6", header, "ISP_Kopf")
    result.height(6, 1.8)
    r1 = R0 + len(srs) - 1
    matrix = f"Sozialräume.${first}${S0}:${last}${s1}"
    pol = f"Parameter.${first}${P_POL}:${last}${P_POL}"
    reference = f"Sozialräume.${first}${s1 + 1}:${last}${s1 + 1}"
    for i in range(len(srs)):
        r, sr_row = R0 + i, S0 + i
        result.set(f"A{r}", f"=Sozialräume.A{sr_row}", "ISP_Kopf")
        result.set(f"B{r}", f"=Sozialräume.B{sr_row}", "ISP_Formel_Text")
        result.set(f"C{r}", f"=Sozialräume.C{sr_row}", "ISP_Formel")
        result.set(f"D{r}", f"=Sozialräume.D{sr_row}", "ISP_Formel", "N0")
    for j, (code, name) in enumerate(LEBENSLAGEN):
        ci, ck = col_letters(4 + 2 * j), col_letters(5 + 2 * j)
        weights = f"Parameter.${first}${P_W0 + j}:${last}${P_W0 + j}"
        result.array(f"{ci}{R0}:{ci}{r1}",
                     f'=ISP_BELASTUNG({matrix};{pol};{weights};"mean";$D${R0}:$D${r1};Mindesteinwohner;"z";'
                     f"Mindestabdeckung;1;{reference})", "ISP_Ergebnis", "SIGN2")
        result.array(f"{ck}{R0}:{ck}{r1}", f"=ISP_KLASSE({ci}{R0}:{ci}{r1};Klassenschema)", "ISP_Klasse")
        result.conditional(f"{ck}{R0}:{ck}{r1}", C.klassen_rules(LEG0))
    result.set(f"A{r1 + 2}", "Index: 0 = Landkreis, ±1 = eine Standardabweichung. Klassen: Klassenschema und Legende "
                             "auf dem Blatt Parameter (ISP_KLASSEN).", "ISP_Hinweis")
    result.width("A", 1.2)
    result.width("B", 7.5)
    result.width("C-D", 3.0)
    for j in range(len(LEBENSLAGEN)):
        result.width(col_letters(4 + 2 * j), 2.2)
        result.width(col_letters(5 + 2 * j), 3.6)
    result.freeze = (6, 2)
    wb.active = RESULT_SHEET
    return wb
