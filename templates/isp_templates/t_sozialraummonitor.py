"""Sozialraummonitor (domain T5, §4; methods §8.6).

Public sheet "Sozialraummonitor": Sozialraum × Dimension and Sozialraum × Lebenslage as classes and colours
only – no raw value, no rank, rows fixed by Sozialraum ID, the Landkreis as the reference row. The numbers
behind it live on "Rechenweg" (internal) and "Sozialraumgespräch" (raw values of one SR's Gemeinden plus the
Landkreis, for the talk with those Kommunen only, domain G1).

Rechenweg (methods §8.6, project default): per indicator the SR value (Σ Zähler ÷ Σ Nenner, or the
population-weighted mean), the Landkreis value from all Gemeinden; z = d·(x − x_Landkreis)/s with s the
sample SD over the Sozialräume; per Dimension/Lebenslage the weighted mean of the available z (coverage ≥
Mindestabdeckung), divided by its SD over the Sozialräume without re-centring (0 = Landkreis level); classes
with the cut-points and labels of the Parameter sheet (ISP_KLASSE).
"""
from . import common as C
from . import data as D
from .odf import Workbook, col_letters

TITLE = "Sozialraummonitor"
NIND = 56
COL0 = 3  # first indicator column on Rechenweg (D)
PAR_I0 = 21  # first indicator row on Parameter
SCHEMA_ROW = 12  # Parameter: "Klassenschema"; the legend =ISP_KLASSEN(Klassenschema) in rows LEG0 … LEG0 + 3
LEG0 = SCHEMA_ROW + 3


def icol(k):
    return col_letters(COL0 + k)


LAST = icol(NIND - 1)  # BG

# Rechenweg rows (1-based)
# The Dynamik-Index (methods.md §8.1): scheme of the add-in and the class styles of its three classes (positiv = the
# least burden's colour, stabil = the middle's, negativ = the most burden's); legend on Klassenwechsel from row DYN_LEG0.
DYNAMIKSCHEMA = "mss-dynamik"
DYNAMIK_STILE = ["ISP_Klasse_1", "ISP_Klasse_2", "ISP_Klasse_4"]
DYN_LEG0 = 10
RW = dict(nr=6, name=7, dim=8, gew=9, pol=10, art=11, skala=12, K=13, T=14, S=15, B=16,
          x0=20, lk=33, mittel=34, bezug=35, sd=36, z0=40, wz0=56, wa0=72,
          grp=87, grpgew=88, raw0=89, rawsd=102, idx0=105, kl0=120)
NSR = 13
GROUP_COLS = [col_letters(COL0 + j) for j in range(len(D.DIMENSIONEN) + len(D.LEBENSLAGEN))]  # D..P


def parameter_sheet(wb, sample, fachplan_defaults=None):
    sh = wb.sheet("Parameter", tab="#c55a11")
    C.head(sh, "Parameter: Indikatorauswahl, Polarität, Gewichte, Methode, Klassenschema",
           "Alles, was die Bewertung bestimmt, steht hier sichtbar und änderbar (Was-wäre-wenn = eine Zelle "
           "ändern). Gleiche Gewichte sind der Standard.", 14)
    sh.set("A6", "Einstellungen", "ISP_Abschnitt")
    settings = [
        ("Datenjahr", D.BASE_YEAR, "v_jahr", "YEAR", "Jahr"),
        ("Bezugspunkt (Zentrierung)", "Landkreis", "v_zentrierung", None, "Zentrierung"),
        ("Streuung (SD)", "Stichprobe", "v_sdtyp", None, "SD_Typ"),
        ("Mindestabdeckung der Indikatoren", 2 / 3, "v_quote", "P0", "Mindestabdeckung"),
        ("Mindesteinwohner je Sozialraum", 300, "v_anzahl", "N0", "Mindesteinwohner"),
    ]
    wb.validation("v_zentrierung", 'of:cell-content-is-in-list("Landkreis";"Mittel der Sozialräume")',
                  "Bezugspunkt", "„Landkreis“ (Standard) oder „Mittel der Sozialräume“.")
    wb.validation("v_sdtyp", 'of:cell-content-is-in-list("Stichprobe";"Grundgesamtheit")', "Streuung",
                  "„Stichprobe“ (n−1, Standard) oder „Grundgesamtheit“ (n).")
    notes = ["Jahr der Werte auf dem Blatt Werte.",
             "Landkreis: z = (x − Landkreiswert) ÷ SD, 0 = Niveau des Landkreises (Standard).",
             "SD über die 13 Sozialräume.",
             "Anteil der Indikatoren (nach Gewicht), den ein Sozialraum je Gruppe mindestens braucht.",
             "Kleinere Sozialräume bleiben ohne Bewertung (Berliner MSS: 300)."]
    for i, (label, value, val, fmt, name) in enumerate(settings):
        r = 7 + i
        sh.set(f"A{r}", label, "ISP_Kopf")
        sh.set(f"B{r}", value, "ISP_Parameter", fmt, validation=val)
        sh.set(f"C{r}", notes[i], "ISP_Hinweis")
        wb.name(name, "Parameter", f"B{r}")
    C.klassen_legende(wb, sh, SCHEMA_ROW)
    sh.set(f"G{LEG0}", "Ein Index genau auf einer Grenze gehört zur Klasse näher an 0 (Berliner Regel: −1,0 und "
           "+1,0 sind „durchschnittlich“, 1,5 ist „erhöht“).", "ISP_Hinweis")
    sh.set(f"G{LEG0 + 1}", "Farben: Formatvorlagen ▸ Formatvorlagen verwalten, Zellvorlagen „ISP Klasse 1“ … "
           "„ISP Klasse 4“ ändern (Klasse 1 = geringste Belastung).", "ISP_Hinweis")
    # Indicator table
    r0 = PAR_I0 - 1
    sh.set(f"A{r0 - 1}", "Indikatoren", "ISP_Abschnitt")
    sh.row(f"A{r0}", ["Nr.", "Dimension", "Indikator", "Polarität (Katalog)", "Lebenslagen", "Art",
                      "einbeziehen", "Polarität verwendet", "Gewicht", "wirksames Gewicht",
                      "K", "T", "S", "B"], "ISP_Kopf")
    sh.height(r0, 1.2)
    defaults = fachplan_defaults or {}
    for k, ind in enumerate(sample.indikatoren):
        r = PAR_I0 + k
        ir = C.I0 + k
        sh.set(f"A{r}", f"=Indikatoren.A{ir}", "ISP_Formel")
        sh.set(f"B{r}", f"=Indikatoren.B{ir}", "ISP_Formel")
        sh.set(f"C{r}", f"=Indikatoren.C{ir}", "ISP_Formel")
        sh.set(f"D{r}", f"=Indikatoren.D{ir}", "ISP_Formel", extra={"align": "center"})
        sh.set(f"E{r}", f"=Indikatoren.E{ir}", "ISP_Formel")
        sh.set(f"F{r}", f'=IF(Indikatoren.F{ir}="";"";Indikatoren.F{ir})', "ISP_Formel")
        pol = {"+": 1, "-": -1}.get(ind["polaritaet"], 0)
        include = "ja" if pol != 0 and ind["art"] else "nein"
        if ind["nr"] in defaults:
            include, pol = defaults[ind["nr"]]
        sh.set(f"G{r}", include, "ISP_Parameter", validation="v_janein")
        sh.set(f"H{r}", pol, "ISP_Parameter", validation="v_polaritaet")
        sh.set(f"I{r}", 1, "ISP_Parameter", "N1", validation="v_gewicht")
        sh.set(f"J{r}", f'=IF(AND(G{r}="ja";H{r}<>0;F{r}<>"");I{r};0)', "ISP_Formel", "N1")
        for j, code in enumerate("KTSB"):
            sh.set((r - 1, 10 + j), f'=IF(ISNUMBER(FIND("{code}";E{r}));1;0)', "ISP_Formel")
    sh.width("A", 5.2)
    sh.width("B", 4.8)
    sh.width("C", 7.0)
    sh.width("D-J", 2.2)
    sh.width("K-N", 0.9)
    sh.freeze = (PAR_I0 - 1, 0)
    C.wg(wb, "ALLGEMEIN", sh)
    return sh


def rechenweg_sheet(wb, sample, year="Jahr", name="Rechenweg", change_of=None, scheme="Klassenschema"):
    """The computation of one year (year: the name of the year cell): the same formulas for the Datenjahr
    (sheet Rechenweg) and for the Vergleichsjahr of the Fortschreibung (sheet Rechenweg_Vorjahr).

    change_of = (sheet now, sheet before): the Dynamik-Index of the Berlin MSS (methods.md §8.1) by the same steps,
    with the change of each value between the two sheets' years in place of the value (sheet Rechenweg_Dynamik),
    classed with scheme (the name of the cell holding the class scheme)."""
    sh = wb.sheet(name, tab="#808080")
    sh.printed = False  # the computation step by step: for checking on screen, not for paper
    if change_of:
        C.head(sh, f"{name.replace('_', ' ')} (intern): Veränderung der Werte, z-Werte, Dynamik-Index und -Klasse je "
                   "Sozialraum – Vergleichsjahr → Datenjahr",
               "Nur für die Planungsstelle: enthält Rohwerte. Wie beim Berliner Monitoring Soziale Stadtentwicklung "
               "(Dynamik-Index): Veränderung je Indikator (Datenjahr − Vergleichsjahr, bei Quoten in Punkten), dann "
               "dieselben Schritte wie auf dem Blatt Rechenweg; Parameter auf dem Blatt Parameter.", 12)
    else:
        which = "Datenjahr" if year == "Jahr" else "Vergleichsjahr (Blatt Klassenwechsel)"
        C.head(sh, f"{name.replace('_', ' ')} (intern): Werte, z-Werte, Index und Klasse je Sozialraum – {which}",
               "Nur für die Planungsstelle: enthält Rohwerte. Alle Schritte sind Formeln; Parameter auf dem Blatt "
               "Parameter.", 12)
    labels = {"nr": "Indikator-Nr.", "name": "Indikator", "dim": "Dimension", "gew": "wirksames Gewicht",
              "pol": "Polarität", "art": "Art", "skala": "Skala", "K": "Lebenslage K", "T": "Lebenslage T",
              "S": "Lebenslage S", "B": "Lebenslage B"}
    src = {"nr": "A", "name": "C", "dim": "B", "gew": "J", "pol": "H", "art": "F", "K": "K", "T": "L", "S": "M",
           "B": "N"}
    for key, label in labels.items():
        r = RW[key]
        sh.merge(f"A{r}", 3, 1, label, "ISP_Kopf")
        for k in range(NIND):
            c = icol(k)
            if key == "skala":
                sh.set(f"{c}{r}", f'=IF(Indikatoren.G{C.I0 + k}="";1;Indikatoren.G{C.I0 + k})', "ISP_Formel")
            else:
                st = "ISP_Kopf" if key in ("nr", "name") else "ISP_Formel"
                sh.set(f"{c}{r}", f"=Parameter.{src[key]}{PAR_I0 + k}", st)
    sh.height(RW["name"], 2.2)

    def sr_rows(first, title=None, note=None, header=True):
        if title:
            sh.set(f"A{first - 2}", title, "ISP_Abschnitt")
        if note:
            sh.set(f"E{first - 2}", note, "ISP_Hinweis")
        if header:
            sh.row(f"A{first - 1}", ["SR", "Einwohner", "im Bezug"], "ISP_Kopf")
        for i in range(NSR):
            r = first + i
            sh.set(f"A{r}", i + 1, "ISP_Kopf")
            sh.set(f"B{r}", f"=$B${RW['x0'] + i}" if first != RW["x0"] else
                   f"=IFERROR(VLOOKUP(A{r};Gebiete.$I${C.S0}:$L${C.S1};4;0);\"\")", "ISP_Formel", "N0")
            sh.set(f"C{r}", f"=$C${RW['x0'] + i}" if first != RW["x0"] else
                   f'=IF(B{r}="";"nein";IF(B{r}>=Mindesteinwohner;"ja";"nein"))', "ISP_Formel")

    # A. values (or their changes)
    if change_of:
        now, before = change_of
        sr_rows(RW["x0"], "A. Veränderung je Sozialraum: Wert im Datenjahr − Wert im Vergleichsjahr (Blätter "
                          f"{now} und {before})")

        def change(addr):
            return f'IF(OR({now}.{addr}="";{before}.{addr}="");"";{now}.{addr}-{before}.{addr})'
    else:
        sr_rows(RW["x0"], "A. Wert je Sozialraum (Σ Zähler ÷ Σ Nenner × Skala bzw. einwohnergewichtetes Mittel)")
    for k in range(NIND):
        c = icol(k)
        nr, art, sk = f"{c}${RW['nr']}", f"{c}${RW['art']}", f"{c}${RW['skala']}"
        for i in range(NSR):
            r = RW["x0"] + i
            f = "=" + change(f"{c}{r}") if change_of else C.sr_wert(f"$A{r}", nr, year, art, sk)
            sh.set(f"{c}{r}", f'=IF(OR($C{r}<>"ja";{c}${RW["gew"]}=0);"";{f[1:]})', "ISP_Formel", "N2")
        x = f"{c}{RW['x0']}:{c}{RW['x0'] + NSR - 1}"
        lk = change(f"{c}{RW['lk']}") if change_of else C.sr_wert(None, nr, year, art, sk)[1:]
        sh.set(f"{c}{RW['lk']}", f'=IF({c}${RW["gew"]}=0;"";{lk})', "ISP_Ergebnis", "N2")
        sh.set(f"{c}{RW['mittel']}", f'=IF(COUNT({x})=0;"";AVERAGE({x}))', "ISP_Formel", "N2")
        sh.set(f"{c}{RW['bezug']}", f'=IF(Zentrierung="Landkreis";{c}{RW["lk"]};{c}{RW["mittel"]})',
               "ISP_Formel", "N2")
        sh.set(f"{c}{RW['sd']}", f'=IF(COUNT({x})<2;"";IF(SD_Typ="Grundgesamtheit";STDEVP({x});STDEV({x})))',
               "ISP_Formel", "N3")
    for key, label in [("lk", "Landkreis (aus allen Gemeinden)"), ("mittel", "Mittel der Sozialräume"),
                       ("bezug", "Bezugspunkt"), ("sd", "Streuung (SD) über die Sozialräume")]:
        sh.merge(f"A{RW[key]}", 3, 1, label, "ISP_Kopf")

    # B. z-scores
    sr_rows(RW["z0"], "B. z-Wert = Polarität × (Wert − Bezugspunkt) ÷ SD")
    for k in range(NIND):
        c = icol(k)
        for i in range(NSR):
            r, rx = RW["z0"] + i, RW["x0"] + i
            sh.set(f"{c}{r}", f'=IF(OR({c}{rx}="";{c}${RW["bezug"]}="";{c}${RW["sd"]}="";{c}${RW["sd"]}=0);"";'
                              f'{c}${RW["pol"]}*({c}{rx}-{c}${RW["bezug"]})/{c}${RW["sd"]})', "ISP_Formel", "N2")
    # C. weighted z and D. available weights
    sr_rows(RW["wz0"], "C. Gewicht × z-Wert")
    sr_rows(RW["wa0"], "D. Gewicht, wo ein z-Wert vorliegt")
    for k in range(NIND):
        c = icol(k)
        for i in range(NSR):
            rz = RW["z0"] + i
            sh.set(f"{c}{RW['wz0'] + i}", f'=IF({c}{rz}="";"";{c}${RW["gew"]}*{c}{rz})', "ISP_Formel", "N2")
            sh.set(f"{c}{RW['wa0'] + i}", f'=IF({c}{rz}="";"";{c}${RW["gew"]})', "ISP_Formel", "N1")

    # E. groups: 9 Dimensionen + 4 Lebenslagen
    g = RW["grp"]
    sh.set(f"A{g - 2}", "E. Index je Dimension und Lebenslage", "ISP_Abschnitt")
    sh.set(f"E{g - 2}", "Roh-Index = Σ(Gewicht × z) ÷ Σ(Gewicht) der vorhandenen Indikatoren; Index = Roh-Index ÷ "
                        "SD des Roh-Index über die Sozialräume (ohne neue Zentrierung).", "ISP_Hinweis")
    sh.merge(f"A{g}", 3, 1, "Gruppe", "ISP_Kopf")
    sh.merge(f"A{RW['grpgew']}", 3, 1, "Gewicht der Gruppe", "ISP_Kopf")
    groups = [(d, f"$D${RW['dim']}:${LAST}${RW['dim']}", None) for d in D.DIMENSIONEN]
    groups += [(name, f"$D${RW[code]}:${LAST}${RW[code]}", 1) for code, name in D.LEBENSLAGEN]
    sh.height(g, 2.2)
    ind_range = f"$D${RW['gew']}:${LAST}${RW['gew']}"
    for j, (name, crit_range, crit_value) in enumerate(groups):
        c = GROUP_COLS[j]
        sh.set(f"{c}{g}", name, "ISP_Kopf")
        crit = f"{c}${g}" if crit_value is None else "1"
        sh.set(f"{c}{RW['grpgew']}", f"=SUMIFS({ind_range};{crit_range};{crit})", "ISP_Formel", "N1")
        for i in range(NSR):
            r = RW["raw0"] + i
            wz = f"$D{RW['wz0'] + i}:${LAST}{RW['wz0'] + i}"
            wa = f"$D{RW['wa0'] + i}:${LAST}{RW['wa0'] + i}"
            avail = f"SUMIFS({wa};{crit_range};{crit})"
            # Coverage counts indicators (weight > 0), as ISP_BELASTUNG and COINr's dat_thresh (methods.md §4).
            share = f'COUNTIFS({wa};">0";{crit_range};{crit})/COUNTIFS({ind_range};">0";{crit_range};{crit})'
            sh.set(f"{c}{r}", f'=IF({c}${RW["grpgew"]}=0;"";IF({avail}=0;"";IF({share}'
                              f'<Mindestabdeckung;"";SUMIFS({wz};{crit_range};{crit})/{avail})))', "ISP_Formel", "N2")
        x = f"{c}{RW['raw0']}:{c}{RW['raw0'] + NSR - 1}"
        sh.set(f"{c}{RW['rawsd']}", f'=IF(COUNT({x})<2;"";IF(SD_Typ="Grundgesamtheit";STDEVP({x});STDEV({x})))',
               "ISP_Formel", "N3")
        for i in range(NSR):
            r = RW["idx0"] + i
            raw = f"{c}{RW['raw0'] + i}"
            sh.set(f"{c}{r}", f'=IF(OR({raw}="";{c}${RW["rawsd"]}="";{c}${RW["rawsd"]}=0);"";{raw}/{c}${RW["rawsd"]})',
                   "ISP_Ergebnis", "SIGN2")
    sr_rows(RW["raw0"], header=False)
    sh.merge(f"A{RW['rawsd']}", 3, 1, "SD des Roh-Index", "ISP_Kopf")
    sr_rows(RW["idx0"], "Index (SD-Einheiten; 0 = Bezugspunkt)")
    where = "vom Blatt Parameter" if scheme == "Klassenschema" else "vom Blatt Klassenwechsel"
    sr_rows(RW["kl0"], f"Klasse (ISP_KLASSE mit dem Klassenschema {where})")
    last_g = GROUP_COLS[-1]
    sh.array(f"D{RW['kl0']}:{last_g}{RW['kl0'] + NSR - 1}",
             f"=ISP_KLASSE(D{RW['idx0']}:{last_g}{RW['idx0'] + NSR - 1};{scheme})", "ISP_Klasse")
    sh.conditional(f"D{RW['kl0']}:{last_g}{RW['kl0'] + NSR - 1}",
                   class_rules() if scheme == "Klassenschema" else dynamik_rules())
    for j in range(len(groups)):
        sh.set(f"{GROUP_COLS[j]}{RW['idx0'] - 1}", f"={GROUP_COLS[j]}{g}", "ISP_Kopf")
        sh.set(f"{GROUP_COLS[j]}{RW['kl0'] - 1}", f"={GROUP_COLS[j]}{g}", "ISP_Kopf")
    sh.height(RW["idx0"] - 1, 2.2)
    sh.height(RW["kl0"] - 1, 2.2)
    sh.width("A", 1.4)
    sh.width("B", 2.0)
    sh.width("C", 1.6)
    sh.width(f"D-{LAST}", 2.3)
    sh.freeze = (RW["skala"], 3)
    C.wg(wb, "INTERN", sh)  # raw values, z-scores and indices of all Sozialräume
    return sh


def klassenwechsel_sheet(wb, sample):
    """Fortschreibung (issue 16 item 2): the classes of each Sozialraum and Lebenslage in the Vergleichsjahr
    (sheet Rechenweg_Vorjahr, the same computation) and in the Datenjahr, the direction of the change (by the
    position of the class in the legend: class 1 = least burden), and per Lebenslage the change table (how many
    Sozialräume moved from class a to class b). Classes and counts of Sozialräume only: no raw value, no rank."""
    sh = wb.sheet("Klassenwechsel", tab="#2e75b6")
    sh.fit_page = True
    C.head(sh, "Klassenwechsel: Fortschreibung gegenüber dem Vergleichsjahr",
           "Klasse je Sozialraum und Lebenslage im Vergleichsjahr und im Datenjahr, dieselbe Rechnung und dasselbe "
           "Klassenschema (Blatt Parameter); darunter je Lebenslage, wie viele Sozialräume von welcher Klasse in "
           "welche gewechselt sind.", 14)
    sh.set("A6", "Vergleichsjahr", "ISP_Kopf")
    sh.set("B6", "=Jahr-1", "ISP_Parameter", "YEAR", validation="v_jahr")
    sh.merge("C6", 6, 1, "Jahr der Werte auf dem Blatt Werte, mit dem verglichen wird (Standard: Datenjahr − 1).",
             "ISP_Hinweis")
    wb.name("Vorjahr", "Klassenwechsel", "B6")
    sh.set("A7", "Datenjahr", "ISP_Kopf")
    sh.set("B7", "=Jahr", "ISP_Formel", "YEAR")
    sh.merge("C7", 6, 1, "vom Blatt Parameter", "ISP_Hinweis")
    # The Dynamik-Index of the Berlin MSS (methods.md §8.1): how the values moved between the two years, relative to
    # the Landkreis's own movement; classes and descriptions from the add-in's scheme (ISP_KLASSEN), not copied.
    sh.set("A8", "Dynamik", "ISP_Kopf")
    sh.set("B8", DYNAMIKSCHEMA, "ISP_Formel")
    sh.merge("C8", 6, 1, "Schema des Dynamik-Index (Berliner MSS): Veränderung gegenüber der im Landkreis",
             "ISP_Hinweis")
    wb.name("Dynamikschema", "Klassenwechsel", "B8")
    n_dyn = len(DYNAMIK_STILE)
    sh.array(f"A{DYN_LEG0}:A{DYN_LEG0 + n_dyn - 1}", '=ISP_KLASSEN(Dynamikschema;;;;"beschriftung")', "ISP_Klasse")
    sh.array(f"B{DYN_LEG0}:B{DYN_LEG0 + n_dyn - 1}", '=ISP_KLASSEN(Dynamikschema;;;;"beschreibung")', "ISP_Hinweis")
    sh.conditional(f"A{DYN_LEG0}:A{DYN_LEG0 + n_dyn - 1}", dynamik_rules())
    lagen = [name for _, name in D.LEBENSLAGEN]
    # Two Lebenslagen side by side, two blocks one below the other: one page wide.
    per_block = 2
    where = {}  # Lebenslage index -> (first row, first column) of its class columns
    top = DYN_LEG0 + n_dyn + 1
    for blk in range(0, len(lagen), per_block):
        h = top + 2 + blk // per_block * (NSR + 4)
        # One section per block (heading + table): print breaks keep each whole.
        sh.set(f"A{h - 2}", "Klassen je Sozialraum: " + " und ".join(lagen[blk:blk + per_block]), "ISP_Abschnitt")
        sh.row(f"A{h}", ["Sozialraum", "Städte und Gemeinden"], "ISP_Kopf")
        sh.height(h - 1, 0.6)
        sh.height(h, 0.9)
        first = h + 1
        for j in range(blk, min(blk + per_block, len(lagen))):
            c0 = 2 + 4 * (j - blk)
            where[j] = (first, c0)
            sh.merge((h - 2, c0), 4, 1, lagen[j], "ISP_Kopf", extra={"align": "center"})
            sh.set((h - 1, c0), '="Klasse "&Vorjahr', "ISP_Kopf", extra={"align": "center"})
            sh.set((h - 1, c0 + 1), '="Klasse "&Jahr', "ISP_Kopf", extra={"align": "center"})
            sh.set((h - 1, c0 + 2), "Wechsel", "ISP_Kopf", extra={"align": "center"})
            sh.set((h - 1, c0 + 3), "Dynamik", "ISP_Kopf", extra={"align": "center"})
            src_col = GROUP_COLS[len(D.DIMENSIONEN) + j]
            for i in range(NSR):
                r, src = first + i, f"{src_col}{RW['kl0'] + i}"
                before, now = col_letters(c0) + str(r), col_letters(c0 + 1) + str(r)
                sh.set((r - 1, c0), f'=IF(Rechenweg_Vorjahr.{src}="";"k. A.";Rechenweg_Vorjahr.{src})',
                       "ISP_Klasse")
                sh.set((r - 1, c0 + 1), f'=IF(Rechenweg.{src}="";"k. A.";Rechenweg.{src})', "ISP_Klasse")
                sh.set((r - 1, c0 + 2), direction(before, now), "ISP_Formel_Text", extra={"align": "center"})
                sh.set((r - 1, c0 + 3), f'=IF(Rechenweg_Dynamik.{src}="";"k. A.";Rechenweg_Dynamik.{src})',
                       "ISP_Klasse")
            sh.conditional(f"{col_letters(c0)}{first}:{col_letters(c0 + 1)}{first + NSR - 1}", class_rules())
            sh.conditional(f"{col_letters(c0 + 3)}{first}:{col_letters(c0 + 3)}{first + NSR - 1}", dynamik_rules())
        for i in range(NSR):
            r = first + i
            sh.set(f"A{r}", f'="SR "&Rechenweg.A{RW["kl0"] + i}', "ISP_Kopf")
            sh.set(f"B{r}", f'=IFERROR(VLOOKUP(Rechenweg.A{RW["kl0"] + i};Gebiete.$I${C.S0}:$J${C.S1};2;0);"")',
                   "ISP_Formel_Text")
    last = max(f for f, _ in where.values()) + NSR - 1
    sh.merge(f"A{last + 1}", 2 + 4 * per_block, 1, "Wechsel: ↑ = höhere Belastungsklasse als im Vergleichsjahr, "
             "↓ = niedrigere, = gleiche. Dynamik: wie sich die Werte des Sozialraums gegenüber denen des Landkreises "
             "verändert haben (Dynamik-Index, Rechenweg intern); „negativ“ = mehr Belastung hinzugekommen als im "
             "Landkreis. k. A. = in einem der Jahre keine Aussage (zu wenige Indikatoren mit Werten).",
             "ISP_Hinweis_Umbruch")
    sh.height(last + 1, 1.3)
    # Change tables: rows = class in the Vergleichsjahr, columns = class in the Datenjahr (+ "k. A.").
    t = last + 4
    sh.set(f"A{t}", "Klassenwechsel je Lebenslage (Anzahl Sozialräume)", "ISP_Abschnitt")
    sh.merge(f"C{t}", 6, 1, "Zeile = Klasse im Vergleichsjahr, Spalte = Klasse im Datenjahr; auf der Diagonale "
             "die Sozialräume ohne Wechsel.", "ISP_Hinweis")
    nk = len(C.KLASSEN_FARBEN)
    labels = [f"Parameter.$A${LEG0 + k}" for k in range(nk)] + ['"k. A."']
    for j, lage in enumerate(lagen):
        first, c0 = where[j]
        before = f"${col_letters(c0)}${first}:${col_letters(c0)}${first + NSR - 1}"
        now = f"${col_letters(c0 + 1)}${first}:${col_letters(c0 + 1)}${first + NSR - 1}"
        r0 = t + 2 + j * (nk + 4)
        sh.merge(f"A{r0}", 2, 1, lage, "ISP_Kopf")
        sh.set(f"C{r0}", '="von "&Vorjahr&" ↓ / nach "&Jahr&" →"', "ISP_Hinweis")
        for k, lab in enumerate(labels):
            sh.set((r0, 2 + k), f"={lab}", "ISP_Kopf", extra={"align": "center"})
            sh.merge(f"A{r0 + 2 + k}", 2, 1, f"={lab}", "ISP_Kopf")
        sh.set((r0, 2 + len(labels)), "zusammen", "ISP_Kopf", extra={"align": "center"})
        for a in range(len(labels)):
            r = r0 + 2 + a
            for b in range(len(labels)):
                row_label, col_label = f"$A{r}", f"{col_letters(2 + b)}${r0 + 1}"
                sh.set((r - 1, 2 + b), f"=COUNTIFS({before};{row_label};{now};{col_label})", "ISP_Ergebnis", "N0",
                       extra={"align": "center"})
            sh.set((r - 1, 2 + len(labels)), f"=SUM(C{r}:{col_letters(1 + len(labels))}{r})", "ISP_Formel", "N0",
                   extra={"align": "center"})
        sh.conditional(f"A{r0 + 2}:A{r0 + 1 + len(labels)}", class_rules())
        sh.conditional(f"C{r0 + 1}:{col_letters(1 + len(labels))}{r0 + 1}", class_rules())
    # The Dimensionen of the monitor: the direction per Sozialraum only (their classes stand on the monitor sheet).
    d0 = t + 2 + len(lagen) * (nk + 4) + 1
    sh.set(f"A{d0}", "Wechsel je Dimension (Richtung der Klasse gegenüber dem Vergleichsjahr)", "ISP_Abschnitt")
    h = d0 + 1
    sh.row(f"A{h}", ["Sozialraum", "Städte und Gemeinden (Dimensionen)"], "ISP_Kopf")
    for j, name in enumerate(D.DIMENSIONEN):
        # Breaks by hand where a word is longer than the column (German hyphenation, not a cut mid-word).
        label = name.replace("Beschäftigungsbedingungen", "Beschäfti-\ngungsbe-\ndingungen").replace(
            "Administrative", "Administ-\nrative").replace("Beschaffenheit", "Beschaf-\nfenheit")
        sh.set((h - 1, 2 + j), label, "ISP_Kopf", extra={"align": "center"})
    sh.height(h, 2.4)
    for i in range(NSR):
        r = h + 1 + i
        sh.set(f"A{r}", f'="SR "&Rechenweg.A{RW["kl0"] + i}', "ISP_Kopf")
        sh.set(f"B{r}", f'=IFERROR(VLOOKUP(Rechenweg.A{RW["kl0"] + i};Gebiete.$I${C.S0}:$J${C.S1};2;0);"")',
               "ISP_Formel_Text")
        for j in range(len(D.DIMENSIONEN)):
            src = f"{GROUP_COLS[j]}{RW['kl0'] + i}"
            sh.set((r - 1, 2 + j), direction(f"Rechenweg_Vorjahr.{src}", f"Rechenweg.{src}"), "ISP_Formel_Text",
                   extra={"align": "center"})
    sh.width("A", 2.1)
    sh.width("B", 4.0)
    for j in range(per_block):
        c0 = 2 + 4 * j
        sh.width(f"{col_letters(c0)}-{col_letters(c0 + 1)}", 3.3)
        sh.width(col_letters(c0 + 2), 1.5)
        sh.width(col_letters(c0 + 3), 2.2)
    sh.width(col_letters(2 + len(D.DIMENSIONEN) - 1), 2.2)
    sh.protected = True
    C.wg(wb, "ALLGEMEIN", sh)  # classes and counts of Sozialräume: what every Kommune may see
    return sh


def class_rules():
    return C.klassen_rules(LEG0)


def direction(before, now):
    """↑ / ↓ / = by the positions of the two classes in the legend (class 1 = least burden); "k. A." where either
    year has no class."""
    a, b = f"MATCH({before};Beschriftungen;0)", f"MATCH({now};Beschriftungen;0)"
    return f'=IF(OR(ISNA({a});ISNA({b}));"k. A.";IF({b}>{a};"↑";IF({b}<{a};"↓";"=")))'


def dynamik_rules():
    """A Dynamik class gets the colour of the legend row it equals (Klassenwechsel, rows DYN_LEG0 …)."""
    return [(f"Klassenwechsel.$A${DYN_LEG0 + i}", style) for i, style in enumerate(DYNAMIK_STILE)]


def monitor_sheet(wb, sample):
    """The public sheet: texts only (classes), no numbers, no ranking, rows fixed by SR ID. Two blocks:
    Sozialraum × Dimension, then Sozialraum × Lebenslage."""
    sh = wb.sheet("Sozialraummonitor", tab="#2e75b6")
    sh.fit_page = True
    sh.set("A1", "Sozialraummonitor Landkreis Zwickau", "ISP_Titel")
    sh.set("A2", D.FIKTIV, "ISP_Fiktiv")
    for c in range(1, 11):
        sh.set((1, c), None, "ISP_Fiktiv")
    sh.set("A3", '="Lebens- und Risikofaktoren je Sozialraum im Vergleich zum Landkreis – Datenjahr "&Jahr&'
                 '". Nur Klassen, keine Werte, keine Rangfolge."', "ISP_Hinweis")
    blocks = [("Dimensionen des Sozialstrukturatlas", D.DIMENSIONEN, 0, 5),
              ("Lebenslagen", [name for _, name in D.LEBENSLAGEN], len(D.DIMENSIONEN), 5 + NSR + 5)]
    for title, names, g0, top in blocks:
        sh.set(f"A{top}", title, "ISP_Abschnitt")
        h = top + 1
        sh.row(f"A{h}", ["Sozialraum", "Städte und Gemeinden"], "ISP_Kopf")
        for j, name in enumerate(names):
            # A break by hand where a word is longer than the column (German hyphenation, not a cut mid-word).
            label = name.replace("Beschäftigungsbedingungen", "Beschäftigungs-\nbedingungen")
            sh.set((h - 1, 2 + j), label, "ISP_Kopf", extra={"align": "center"})
        sh.height(h, 2.0)
        sh.set(f"A{h + 1}", "Landkreis", "ISP_Kopf")
        sh.set(f"B{h + 1}", "Bezug: Landkreis Zwickau", "ISP_Kopf")
        for j in range(len(names)):
            sh.set((h, 2 + j), "Bezug", "ISP_Klasse", extra={"bold": True})
        for i in range(NSR):
            r = h + 2 + i
            sh.set(f"A{r}", f'="SR "&Rechenweg.A{RW["kl0"] + i}', "ISP_Kopf")
            sh.set(f"B{r}", f'=IFERROR(VLOOKUP(Rechenweg.A{RW["kl0"] + i};Gebiete.$I${C.S0}:$J${C.S1};2;0);"")',
                   "ISP_Formel_Text")
            for j in range(len(names)):
                src = f"Rechenweg.{GROUP_COLS[g0 + j]}{RW['kl0'] + i}"
                sh.set((r - 1, 2 + j), f'=IF({src}="";"k. A.";{src})', "ISP_Klasse")
        last = col_letters(2 + len(names) - 1)
        sh.conditional(f"C{h + 2}:{last}{h + 1 + NSR}", class_rules())
    # One A4 landscape page wide at >= 7 pt: 35.8 cm of columns print at 76 %; "unterdurchschnittlich" fits.
    sh.width("A", 2.1)
    sh.width("B", 4.0)
    sh.width("C-K", 3.3)
    # Legend: texts only.
    lg = 5 + 2 * (NSR + 5)
    sh.set(f"A{lg}", "Legende", "ISP_Abschnitt")
    for i in range(4):  # label and description from the legend ISP_KLASSEN writes on Parameter
        sh.merge(f"A{lg + 1 + i}", 2, 1, f"=Parameter.A{LEG0 + i}", f"ISP_Klasse_{i + 1}")
        sh.set(f"C{lg + 1 + i}", f'="Index "&Parameter.D{LEG0 + i}', "ISP_Hinweis")
    notes = [
        "Index in Standardabweichungen: 0 = Niveau des Landkreises; höher = mehr Belastung (Ressourcen sind "
        "umgepolt). „k. A.“ = keine Aussage (zu wenige Indikatoren mit Werten oder nur Kontextindikatoren).",
        "Keine Rangfolge: Die Sozialräume stehen fest in der Reihenfolge ihrer Nummer. Werte erhalten nur die "
        "Städte und Gemeinden des jeweiligen Sozialraums im Sozialraumgespräch.",
        "Grundlage: Sozialstrukturatlas (56 Indikatoren, 9 Dimensionen); Methode, Auswahl und Gewichte: Blatt "
        "Parameter.",
    ]
    for i, n in enumerate(notes):
        sh.merge(f"A{lg + 6 + i}", 11, 1, n, "ISP_Hinweis_Umbruch")
        sh.height(lg + 6 + i, 0.9)
    sh.freeze = (0, 2)
    sh.protected = True
    C.wg(wb, "OEFFENTLICH", sh)  # classes and colours only
    return sh


# The map sheet (issue 16 item 5, docs/karte.md). Cells: the class of every Sozialraum for the chosen Dimension or
# Lebenslage and the legend; the drawing shapes are placed by build.py / addin/tools/karte.py into the frame
# ISP_Karte_Rahmen and coloured from these cells (class label → legend cell → its cell style's background).
KARTE = dict(wahl=6, kopf=8, sr0=9, legende=24, rahmen="E6:N30", hinweise=32)
KARTE_GEOJSON = "data/karte/gemeinden_fiktiv.geojson"


def karte_sheet(wb, sample):
    sh = wb.sheet("Karte", tab="#2e75b6")
    sh.fit_page = True
    sh.set("A1", "Karte der Sozialräume", "ISP_Titel")
    sh.set("A2", D.FIKTIV, "ISP_Fiktiv")
    for c in range(1, 14):
        sh.set((1, c), None, "ISP_Fiktiv")
    sh.set("A3", '="Klassen je Sozialraum – "&Karte_Gruppe&", Datenjahr "&Jahr&". Nur Klassen, keine Werte, keine '
                 'Rangfolge."', "ISP_Hinweis")
    sh.set("A4", "Umrisse: FIKTIVE Geometrie (data/karte/gemeinden_fiktiv.geojson), nicht die echten Grenzen – die "
                 "eigenen Gemeindegrenzen (GeoJSON) zeichnet scripts/karte.sh ein.", "ISP_Hinweis")
    w = KARTE["wahl"]
    groups = list(D.DIMENSIONEN) + [name for _, name in D.LEBENSLAGEN]
    wb.validation("v_karte", "of:cell-content-is-in-list(" + ";".join(f'"{g}"' for g in groups) + ")",
                  "Karte", "Eine Dimension oder Lebenslage des Sozialraummonitors wählen.")
    sh.set(f"A{w}", "Klassen für", "ISP_Kopf")
    sh.merge(f"B{w}", 2, 1, D.LEBENSLAGEN[0][1], "ISP_Parameter", validation="v_karte")
    wb.name("Karte_Gruppe", "Karte", f"B{w}")
    k = KARTE["kopf"]
    sh.row(f"A{k}", ["Sozialraum", "Städte und Gemeinden", "Klasse"], "ISP_Kopf")
    g = RW["grp"]
    heads = f"Rechenweg.$D${g}:${GROUP_COLS[-1]}${g}"
    for i in range(NSR):
        r, rk = KARTE["sr0"] + i, RW["kl0"] + i
        sh.set(f"A{r}", f'="SR "&Rechenweg.A{rk}', "ISP_Kopf")
        sh.set(f"B{r}", f'=IFERROR(VLOOKUP(Rechenweg.A{rk};Gebiete.$I${C.S0}:$J${C.S1};2;0);"")', "ISP_Formel_Text")
        cls = f"INDEX(Rechenweg.$D${rk}:${GROUP_COLS[-1]}${rk};1;MATCH(Karte_Gruppe;{heads};0))"
        sh.set(f"C{r}", f'=IF(ISNA(MATCH(Karte_Gruppe;{heads};0));"k. A.";IF({cls}="";"k. A.";{cls}))', "ISP_Klasse")
    last = KARTE["sr0"] + NSR - 1
    sh.conditional(f"C{KARTE['sr0']}:C{last}", class_rules())
    wb.name("ISP_Karte_Klassen", "Karte", f"A{KARTE['sr0']}:C{last}")
    lg = KARTE["legende"]
    sh.set(f"A{lg - 1}", "Legende", "ISP_Abschnitt")
    for i in range(len(C.KLASSEN_FARBEN)):  # labels from the Parameter legend, colours from the class styles
        sh.merge(f"A{lg + i}", 2, 1, f"=Parameter.A{LEG0 + i}", f"ISP_Klasse_{i + 1}")
        sh.set(f"C{lg + i}", f'="Index "&Parameter.D{LEG0 + i}', "ISP_Hinweis")
    wb.name("ISP_Karte_Legende", "Karte", f"A{lg}:A{lg + len(C.KLASSEN_FARBEN) - 1}")
    n = lg + len(C.KLASSEN_FARBEN)
    sh.merge(f"A{n}", 2, 1, "k. A.", "ISP_Klasse")
    sh.set(f"C{n}", "schraffiert: keine Aussage", "ISP_Hinweis")
    notes = [
        "Flächen: Sozialräume in der Farbe ihrer Klasse (Zellvorlagen „ISP Klasse 1“ … „ISP Klasse 4“); dicke "
        "Linien: Grenzen der Planungsräume. Maßgeblich ist die Tabelle links.",
        "Die ISP-Erweiterung färbt die Flächen nach jeder Neuberechnung um. Ohne Erweiterung (XLSX in einer Kommune) "
        "und in Weitergabe-Kopien bleiben die Farben der letzten Speicherung; in der Kopie für einen Sozialraum "
        "sind die anderen Sozialräume grau.",
    ]
    for i, text in enumerate(notes):
        sh.merge(f"A{KARTE['hinweise'] + i}", 14, 1, text, "ISP_Hinweis_Umbruch")
        sh.height(KARTE["hinweise"] + i, 0.9)
    # Fixed heights in the frame: fitting the cells to their texts must not stretch the map's box.
    top, bottom = (int(x[1:]) for x in KARTE["rahmen"].split(":"))
    for r in range(top, bottom + 1):
        sh.height(r, 0.8 if KARTE["sr0"] - 1 <= r <= last else 0.5)
    sh.width("A", 2.1)
    sh.width("B", 5.2)
    sh.width("C", 3.3)
    sh.width("D", 0.5)
    sh.width("E-N", 1.6)
    wb.name("ISP_Karte_Rahmen", "Karte", KARTE["rahmen"])
    sh.karte = {"geojson": KARTE_GEOJSON, "rahmen": KARTE["rahmen"]}  # drawn by build.py (add_maps)
    sh.protected = True
    C.wg(wb, "OEFFENTLICH", sh)  # classes and colours only, like the Sozialraummonitor
    return sh


NO_GEMEINDE = "–"  # the Sozialraum has fewer Gemeinden than the sheet has columns


def gespraech_sheet(wb, sample):
    """Operative view for one SR: raw values of its Gemeinden plus the SR and the Landkreis (domain G1)."""
    sh = wb.sheet("Sozialraumgespräch", tab="#808080")
    C.head(sh, "Sozialraumgespräch (intern): Werte eines Sozialraums",
           "Nur für das Gespräch mit den Städten und Gemeinden dieses Sozialraums: Werte der eigenen Gemeinden, "
           "des Sozialraums und des Landkreises – keine Werte anderer Sozialräume.", 10)
    sh.set("A6", "Sozialraum-Nr.", "ISP_Kopf")
    sh.set("B6", 3, "ISP_Parameter", validation="v_sr")
    sh.merge("C6", 5, 1, f'=IFERROR(VLOOKUP(B6;Gebiete.$I${C.S0}:$J${C.S1};2;0);"")', "ISP_Ergebnis")
    sh.set("A7", "Datenjahr", "ISP_Kopf")
    sh.set("B7", "=Jahr", "ISP_Formel", "YEAR")
    sh.row("A9", ["Nr.", "Indikator", "Einheit"], "ISP_Kopf")
    for k in range(5):
        c = col_letters(3 + k)
        # "–" where the Sozialraum has no k-th Gemeinde, not "": Calc writes no cached value for an empty
        # result and, on opening the file, evaluated one such cell before the Gebiete sheet was read (measured:
        # 0 in H8 and #NV in H9; calc_templates compares every cell on opening with a recalculation).
        sh.set(f"{c}8", f'=IFERROR(INDEX(Gebiete.$A${C.G0}:$A${C.G1};MATCH($B$6&"-"&{k + 1};'
                        f'Gebiete.$H${C.G0}:$H${C.G1};0));"{NO_GEMEINDE}")', "ISP_Formel")
        sh.set(f"{c}9", f'=IF({c}8="{NO_GEMEINDE}";"";VLOOKUP({c}8;Gebiete.$A${C.G0}:$B${C.G1};2;0))', "ISP_Kopf")
    sh.set("I9", "Sozialraum", "ISP_Kopf")
    sh.set("J9", "Landkreis", "ISP_Kopf")
    sh.set("A8", "Gemeinde-ID →", "ISP_Hinweis")
    for k, ind in enumerate(sample.indikatoren):
        r = 10 + k
        ir = C.I0 + k
        sh.set(f"A{r}", f"=Indikatoren.A{ir}", "ISP_Formel")
        sh.set(f"B{r}", f"=Indikatoren.C{ir}", "ISP_Formel")
        sh.set(f"C{r}", f"=Indikatoren.I{ir}", "ISP_Formel")
        art, sk = f"Indikatoren.$F{ir}", f"IF(Indikatoren.$G{ir}=\"\";1;Indikatoren.$G{ir})"
        for j in range(5):
            c = col_letters(3 + j)
            f = C.sr_wert(None, f"$A{r}", "Jahr", art, sk, gemeinde=f"{c}$8")
            sh.set(f"{c}{r}", f'=IF(OR({c}$8="{NO_GEMEINDE}";{art}="");"";{f[1:]})', "ISP_Formel", "N2")
        f = C.sr_wert("$B$6", f"$A{r}", "Jahr", art, sk)
        sh.set(f"I{r}", f'=IF({art}="";"";{f[1:]})', "ISP_Ergebnis", "N2")
        f = C.sr_wert(None, f"$A{r}", "Jahr", art, sk)
        sh.set(f"J{r}", f'=IF({art}="";"";{f[1:]})', "ISP_Formel", "N2")
    sh.width("A", 1.2)
    sh.width("B", 7.0)
    sh.width("C", 4.8)
    sh.width("D-J", 2.5)
    sh.freeze = (9, 3)
    C.wg(wb, "PROFIL", sh, "B6")  # the Sozialraum shown: the export switches it to the recipient's
    return sh


def build(sample=None):
    sample = sample or D.Sample()
    wb = Workbook("Sozialraummonitor (Vorlage, fiktive Beispieldaten)",
                  "ISP-Vorlage: Sozialraummonitor mit Klassen und Farben je Sozialraum und Dimension/Lebenslage")
    C.styles(wb)
    C.validations(wb)
    C.anleitung(wb, "Sozialraummonitor – Anleitung", [
        ("Wozu", [
            "Der Sozialraummonitor zeigt für jeden der 13 Sozialräume, wie stark Lebens- und Risikofaktoren im "
            "Vergleich zum Landkreis ausgeprägt sind – je Dimension des Sozialstrukturatlas und je Lebenslage. "
            "Er zeigt nur Klassen und Farben, keine Werte und keine Rangfolge (Leitpapier: „ohne dabei die "
            "dahinterstehenden Daten und Werte abzubilden“; kein Ranking).",
        ]),
        ("Blätter", [
            "Sozialraummonitor – das öffentliche Blatt: Klassen als Text und Farbe, Sozialräume fest nach Nummer, "
            "Landkreis als Bezug. Dieses Blatt darf weitergegeben werden.",
            "Karte – die Sozialräume als Flächen in der Farbe ihrer Klasse für eine gewählte Dimension oder "
            "Lebenslage, mit den Grenzen der Planungsräume und Legende (fiktive Umrisse; eigene Gemeindegrenzen "
            "mit scripts/karte.sh). Nur Klassen: darf wie der Sozialraummonitor weitergegeben werden.",
            "Parameter – Datenjahr, Bezugspunkt, Streuung, Mindestabdeckung, Mindesteinwohner, Klassenschema mit "
            "Legende, Indikatorauswahl mit Polarität und Gewicht.",
            "Klassenwechsel – Fortschreibung: Klasse je Sozialraum und Lebenslage im Vergleichsjahr und im "
            "Datenjahr, Richtung der Veränderung, Dynamik (positiv / stabil / negativ wie im Berliner Monitoring "
            "Soziale Stadtentwicklung) und je Lebenslage die Tabelle der Klassenwechsel.",
            "Rechenweg (intern) – jeder Rechenschritt als Formel: Werte je Sozialraum, Landkreiswert, z-Werte, "
            "Index je Dimension und Lebenslage, Klasse. Rechenweg_Vorjahr: dieselbe Rechnung für das "
            "Vergleichsjahr. Rechenweg_Dynamik: dieselbe Rechnung mit der Veränderung jedes Werts zwischen den "
            "beiden Jahren (Dynamik-Index).",
            "Sozialraumgespräch (intern) – Werte der Gemeinden eines Sozialraums, des Sozialraums und des "
            "Landkreises für das Gespräch mit diesen Kommunen.",
            "Gebiete, Indikatoren, Werte – die Datengrundlage (dieselbe wie im Sozialstrukturatlas).",
        ]),
        ("So gehen Sie vor", [
            "1. Gebiete prüfen (Gemeinde → Sozialraum → Planungsraum).",
            "2. Werte im Langformat einfügen: Jahr, Gemeinde-ID, Indikator-Nr., Zähler und Nenner (Quoten) oder "
            "Wert (Mittelwerte). Spalte „Prüfung“ meldet unbekannte Gemeinden und fehlende Nenner.",
            "3. Auf dem Blatt Parameter das Datenjahr setzen, Indikatoren aus- oder abwählen, bei „+/-“-"
            "Indikatoren die Richtung festlegen, Gewichte und Klassenschema prüfen.",
            "4. Ergebnis auf dem Blatt Sozialraummonitor lesen. Für die Öffentlichkeit die öffentliche Fassung der "
            "ISP-Weitergabe erzeugen (nur dieses Blatt, Klassen und Farben) oder nur dieses Blatt als PDF "
            "exportieren (Datei ▸ Als PDF exportieren… ▸ Bereich „Auswahl/Ausgewählte Tabelle(n)“). Für die "
            "Kommunen eines Sozialraums die Fassung „Sozialraum“ der ISP-Weitergabe verwenden.",
        ]),
        ("Methode", [
            "Je Indikator: Wert des Sozialraums = Summe der Zähler ÷ Summe der Nenner seiner Gemeinden (nie der "
            "Mittelwert von Quoten). z = Polarität × (Wert − Landkreiswert) ÷ Streuung über die Sozialräume. "
            "Je Dimension/Lebenslage: gewichteter Mittelwert der vorhandenen z-Werte (mindestens 2/3 der "
            "Indikatoren), geteilt durch seine Streuung über die Sozialräume. 0 = Niveau des Landkreises.",
            "Klassen nach dem Klassenschema des Blatts Parameter (Standard „belastung“); Grenzen und "
            "Beschriftungen stehen in der Legende dort. Ein Index genau auf einer Grenze gehört beim Schema "
            "„belastung“ zur Klasse näher an 0 (wie im Berliner Monitoring Soziale Stadtentwicklung). Dieselbe Rechnung und "
            "dieselben Klassen verwenden die Sozialraumanalysen der Fachpläne (ISP_BELASTUNG mit dem Landkreis "
            "als Bezug).",
            "Was-wäre-wenn: ein Gewicht, das Klassenschema oder die Auswahl auf dem Blatt Parameter ändern – alles "
            "rechnet sofort neu, ohne Makro.",
        ]),
    ] + C.COMMON_HINTS)
    monitor_sheet(wb, sample)
    karte_sheet(wb, sample)
    parameter_sheet(wb, sample)
    klassenwechsel_sheet(wb, sample)
    rechenweg_sheet(wb, sample)
    rechenweg_sheet(wb, sample, year="Vorjahr", name="Rechenweg_Vorjahr")
    rechenweg_sheet(wb, sample, name="Rechenweg_Dynamik", change_of=("Rechenweg", "Rechenweg_Vorjahr"),
                    scheme="Dynamikschema")
    gespraech_sheet(wb, sample)
    C.gebiete(wb, sample)
    C.indikatoren(wb, sample)
    C.werte(wb, sample)
    C.summen(wb, years=2)
    wb.active = "Sozialraummonitor"
    return wb
