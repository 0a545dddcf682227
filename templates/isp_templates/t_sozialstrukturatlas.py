"""Sozialstrukturatlas (domain T6, T7): 56 indicators × areas × years in 9 dimensions.

Sheets: the atlas per Sozialraum/Planungsraum/Landkreis and per Gemeinde (values of the chosen year, computed
from the long data sheet with summed numerators and denominators), a pivot by dimension, and a Raumprofil
(Musterdatenblatt) that regenerates for any area ID typed into one cell, with trend and Kreis comparison.
"""
from . import common as C
from . import data as D
from . import zeitreihe as Z
from .odf import Workbook, col_index, col_letters

ART = "Indikatoren.$F{r}"
SKALA = 'IF(Indikatoren.$G{r}="";1;Indikatoren.$G{r})'


def parameter_sheet(wb):
    sh = wb.sheet("Parameter", tab="#c55a11")
    C.head(sh, "Parameter des Atlas", "Datenjahr und Vergleichsjahr für alle Blätter; Toleranz für die "
           "Trendrichtung.", 6)
    C.parameter_rows(wb, sh, 6, [
        ("Datenjahr", D.BASE_YEAR, "YEAR", "v_jahr", "Jahr", "Jahr der Werte auf dem Blatt Werte"),
        ("Vergleichsjahr", D.PRIOR_YEAR, "YEAR", "v_jahr", "Vorjahr", "für Veränderung und Trend"),
        ("Toleranz Trendrichtung", 0.02, "P1", "v_quote", "Toleranz",
         "Veränderungen bis ± Toleranz gelten als „stabil“")])
    sh.width("A", 5.5)
    sh.width("B", 3.0)
    C.wg(wb, "ALLGEMEIN", sh)
    return sh


def label_cells(sh, r, ir):
    """Dimension, number, name and unit of the indicator in row r; the texts wrap (the row grows), so that no
    Dimension or Einheit is cut off."""
    sh.set(f"A{r}", f"=Indikatoren.B{ir}", "ISP_Formel_Text")
    sh.set(f"B{r}", f"=Indikatoren.A{ir}", "ISP_Formel", extra={"align": "center"})
    sh.set(f"C{r}", f"=Indikatoren.C{ir}", "ISP_Formel_Text")
    sh.set(f"D{r}", f"=Indikatoren.I{ir}", "ISP_Formel_Text")


def label_widths(sh):
    sh.width("A", 4.6)
    sh.width("B", 1.0)
    sh.width("C", 6.0)
    sh.width("D", 5.2)


def number_format(ind):
    """Counts (Art sum: Einwohner, Haushalte) as whole numbers, areas and everything else with one decimal."""
    return "N0" if ind["art"] == "sum" and "km" not in ind["einheit"] else "N1"


def atlas_sozialraeume(wb, sample):
    sh = wb.sheet("Atlas Sozialräume", tab="#2e75b6")
    C.head(sh, "Sozialstrukturatlas: Sozialräume, Planungsräume, Landkreis",
           "Werte des Datenjahres (Blatt Parameter). Quoten aus summierten Zählern und Nennern der Gemeinden, "
           "nie als Mittel von Quoten. Leer = kein Wert. Veränderung „Bruch“: Reihenbruch (Blatt Reihenbrüche).", 24)
    srs = sample.sozialraeume
    prs = list(D.PR_NAMES)
    sh.row("A5", ["Dimension", "Nr.", "Indikator", "Einheit"], "ISP_Kopf")
    for j, sr in enumerate(srs):
        sh.set((4, 4 + j), f"SR {sr['id']}", "ISP_Kopf", extra={"align": "center"})
    for j, pr in enumerate(prs):
        sh.set((4, 4 + len(srs) + j), f"PR {pr}", "ISP_Kopf", extra={"align": "center"})
    lk = 4 + len(srs) + len(prs)
    sh.set((4, lk), "Landkreis", "ISP_Kopf", extra={"align": "center"})
    sh.set((4, lk + 1), "Landkreis Vorjahr", "ISP_Kopf", extra={"align": "center"})
    sh.set((4, lk + 2), "Veränderung", "ISP_Kopf", extra={"align": "center"})
    sh.height(5, 1.0)
    for k, ind in enumerate(sample.indikatoren):
        r, ir = 6 + k, C.I0 + k
        art, sk = ART.format(r=ir), SKALA.format(r=ir)
        label_cells(sh, r, ir)
        fmt = number_format(ind)
        for j, sr in enumerate(srs):
            f = C.sr_wert(sr["id"], f"$B{r}", "Jahr", art, sk, at=(ir, j))
            sh.set((r - 1, 4 + j), f'=IF({art}="";"";{f[1:]})', "ISP_Formel", fmt)
        for j, pr in enumerate(prs):
            f = C.sr_wert(None, f"$B{r}", "Jahr", art, sk, pr=f'"{pr}"', at=(ir, j))
            sh.set((r - 1, 4 + len(srs) + j), f'=IF({art}="";"";{f[1:]})', "ISP_Formel", fmt)
        f = C.sr_wert(None, f"$B{r}", "Jahr", art, sk, at=(ir, None))
        sh.set((r - 1, lk), f'=IF({art}="";"";{f[1:]})', "ISP_Ergebnis", fmt)
        f = C.sr_wert(None, f"$B{r}", "Vorjahr", art, sk, at=(ir, None))
        sh.set((r - 1, lk + 1), f'=IF({art}="";"";{f[1:]})', "ISP_Formel", fmt)
        cur, prev = col_letters(lk), col_letters(lk + 1)
        # A break of this indicator (or of all) between Vergleichsjahr and Datenjahr that touches the Landkreis
        # total (sheet Reihenbrüche): "Bruch" instead of a change that would read as a development.
        brk = f'SUMPRODUCT(Bruch_LK*((Bruch_Nr=$B{r})+(Bruch_Nr="")>0))>0'
        sh.set((r - 1, lk + 2), f'=IF({brk};"{Z.BRUCH}";IF(OR({cur}{r}="";{prev}{r}="";{prev}{r}=0);"";'
                                f'{cur}{r}/{prev}{r}-1))', "ISP_Formel", "P1", extra={"align": "end"})
    label_widths(sh)
    sh.width(f"E-{col_letters(lk - 1)}", 1.9)
    sh.width(f"{col_letters(lk)}-{col_letters(lk + 2)}", 2.3)
    sh.conditional(f"{col_letters(lk + 2)}6:{col_letters(lk + 2)}{5 + len(sample.indikatoren)}",
                   [(f'"{Z.BRUCH}"', "ISP_Bruch")])
    sh.freeze = (5, 4)
    # Key row 5 ("SR 1" … "PR V", "Landkreis", "Landkreis Vorjahr"); the change column is the Landkreis's.
    C.wg(wb, "SPALTEN", sh, f"E5:{col_letters(lk + 1)}5")
    return sh


def atlas_gemeinden(wb, sample):
    sh = wb.sheet("Atlas Gemeinden", tab="#2e75b6")
    n = len(sample.gebiete)
    C.head(sh, "Sozialstrukturatlas: Städte und Gemeinden",
           "Werte des Datenjahres je Gemeinde (operative Sicht). Spaltenköpfe kommen vom Blatt Gebiete.", 20)
    sh.row("A5", ["Dimension", "Nr.", "Indikator", "Einheit"], "ISP_Kopf")
    sh.set("D4", "Gemeinde-ID →", "ISP_Hinweis")
    for j in range(n):
        c = col_letters(4 + j)
        sh.set(f"{c}4", f"=Gebiete.A{C.G0 + j}", "ISP_Formel", extra={"align": "center"})
        sh.set(f"{c}5", f"=Gebiete.B{C.G0 + j}", "ISP_Kopf", extra={"align": "center"})
    lk = col_letters(4 + n)
    sh.set(f"{lk}5", "Landkreis", "ISP_Kopf")
    sh.height(5, 1.3)
    for k, ind in enumerate(sample.indikatoren):
        r, ir = 6 + k, C.I0 + k
        art, sk = ART.format(r=ir), SKALA.format(r=ir)
        label_cells(sh, r, ir)
        fmt = number_format(ind)
        for j in range(n):
            c = col_letters(4 + j)
            f = C.sr_wert(None, f"$B{r}", "Jahr", art, sk, gemeinde=f"{c}$4", at=(ir, j))
            sh.set(f"{c}{r}", f'=IF(OR({art}="";{c}$4="");"";{f[1:]})', "ISP_Formel", fmt)
        f = C.sr_wert(None, f"$B{r}", "Jahr", art, sk, at=(ir, None))
        sh.set(f"{lk}{r}", f'=IF({art}="";"";{f[1:]})', "ISP_Ergebnis", fmt)
    label_widths(sh)
    sh.width(f"E-{col_letters(3 + n)}", 1.9)
    sh.width(lk, 2.3)
    sh.freeze = (5, 4)
    C.wg(wb, "SPALTEN", sh, f"E4:{col_letters(3 + n)}4")  # key row 4: Gemeinde-IDs
    return sh


def dimensionen(wb, sample):
    """The pivot by dimension (T6: 9 groups)."""
    sh = wb.sheet("Dimensionen", tab="#2e75b6")
    sh.fit_page = True
    C.head(sh, "Indikatoren je Dimension", "Zählt den Katalog je Dimension und Polarität. Ein Diagramm zeigt die "
           "Verteilung.", 8)
    sh.row("A5", ["Dimension", "Indikatoren", "mit Werten (Art)"] + [label for _, label, _ in C.POLARITAETEN],
           "ISP_Kopf")
    cat = lambda col: f"Indikatoren.${col}${C.I0}:${col}${C.I1}"  # noqa: E731
    for i, d in enumerate(D.DIMENSIONEN):
        r = 6 + i
        sh.set(f"A{r}", d, "ISP_Formel")
        sh.set(f"B{r}", f"=COUNTIF({cat('B')};A{r})", "ISP_Formel")
        sh.set(f"C{r}", f'=COUNTIFS({cat("B")};A{r};{cat("F")};"?*")', "ISP_Formel")
        for j, (p, _, _) in enumerate(C.POLARITAETEN):
            sh.set((r - 1, 3 + j), f'=COUNTIFS({cat("B")};A{r};{cat("D")};"{p}")', "ISP_Formel")
    r = 6 + len(D.DIMENSIONEN)
    sh.set(f"A{r}", "Summe", "ISP_Ergebnis")
    for j in range(6):
        c = col_letters(1 + j)
        sh.set(f"{c}{r}", f"=SUM({c}6:{c}{r - 1})", "ISP_Ergebnis")
    sh.set(f"A{r + 1}", f"=COUNTIF(B6:B{r - 1};\">0\")&\" Dimensionen mit Indikatoren\"", "ISP_Hinweis")
    sh.width("A", 7.0)
    sh.width("B-G", 2.6)
    sh.height(5, 1.0)
    sh.chart(anchor=f"A{r + 3}", width=24, height=9, type="bar", stacked=True,
             ranges=[f"A5:A{r - 1}", f"D5:G{r - 1}"], title="Indikatoren je Dimension und Polarität",
             ytitle="Anzahl Indikatoren", colours=[colour for _, _, colour in C.POLARITAETEN])
    C.wg(wb, "ALLGEMEIN", sh)
    return sh


def raumprofil(wb, sample):
    """Musterdatenblatt for one area: type the level and the ID into two cells (T7)."""
    sh = wb.sheet("Raumprofil", tab="#70ad47")
    C.head(sh, "Raumprofil (Musterdatenblatt)", "Ebene und Kennung eingeben – das Blatt rechnet für dieses Gebiet "
           "neu: Werte, Vorjahr, Veränderung, Vergleich mit dem Landkreis.", 10)
    wb.validation("v_ebene", 'of:cell-content-is-in-list("Gemeinde";"Sozialraum";"Planungsraum")', "Ebene",
                  "Ebene: Gemeinde, Sozialraum oder Planungsraum.")
    sh.set("A6", "Ebene", "ISP_Kopf")
    sh.set("B6", "Sozialraum", "ISP_Parameter", validation="v_ebene")
    sh.set("A7", "Kennung", "ISP_Kopf")
    sh.set("B7", 3, "ISP_Parameter")
    sh.set("C7", "Gemeinde-ID (z. B. G05), Sozialraum-Nr. (1–13) oder Planungsraum (I–V)", "ISP_Hinweis")
    gem = f"Gebiete.$A${C.G0}:$F${C.G1}"
    srt = f"Gebiete.$I${C.S0}:$L${C.S1}"
    prt = "Gebiete.$I$23:$L$27"
    sh.set("A8", "Gebiet", "ISP_Kopf")
    sh.merge("B8", 4, 1, f'=IFERROR(IF(B6="Gemeinde";VLOOKUP(B7;{gem};2;0);IF(B6="Sozialraum";"Sozialraum "&B7&": "&'
                         f'VLOOKUP(B7;{srt};2;0);"Planungsraum "&B7&": "&VLOOKUP(B7;{prt};2;0)));"unbekannte Kennung")',
             "ISP_Ergebnis")
    sh.set("A9", "Einwohner", "ISP_Kopf")
    sh.set("B9", f'=IFERROR(IF(B6="Gemeinde";VLOOKUP(B7;{gem};5;0);IF(B6="Sozialraum";VLOOKUP(B7;{srt};4;0);'
                 f'VLOOKUP(B7;{prt};4;0)));"")', "ISP_Ergebnis", "N0")
    sh.set("A10", "Fläche km²", "ISP_Kopf")
    areas = f"Gebiete.$F${C.G0}:$F${C.G1}"
    sh.set("B10", f'=IFERROR(IF(B6="Gemeinde";VLOOKUP(B7;{gem};6;0);IF(B6="Sozialraum";SUMIF(Gebiete.$C${C.G0}:'
                  f'$C${C.G1};B7;{areas});SUMIF(Gebiete.$D${C.G0}:$D${C.G1};B7;{areas})));"")', "ISP_Formel", "N1")
    sh.set("A11", "Einwohner je km²", "ISP_Kopf")
    sh.set("B11", '=IF(OR(B9="";B10="");"";ISP_DICHTE(B9;B10))', "ISP_Formel", "N1")
    sh.set("A12", "Datenjahr / Vergleich", "ISP_Kopf")
    sh.set("B12", '=Jahr&" / "&Vorjahr', "ISP_Formel")
    top = 14
    sh.row(f"A{top}", ["Nr.", "Indikator", "Einheit", "Wert", "Vorjahr", "Veränderung", "Trend", "Landkreis",
                       "Index (Landkreis = 100)"], "ISP_Kopf")
    sh.height(top, 1.0)
    rows = [k for k, ind in enumerate(sample.indikatoren) if ind["art"]]
    for i, k in enumerate(rows):
        r, ir = top + 1 + i, C.I0 + k
        art, sk = ART.format(r=ir), SKALA.format(r=ir)
        sh.set(f"A{r}", f"=Indikatoren.A{ir}", "ISP_Formel")
        sh.set(f"B{r}", f"=Indikatoren.C{ir}", "ISP_Formel")
        sh.set(f"C{r}", f"=Indikatoren.I{ir}", "ISP_Formel")
        for col, year in (("D", "Jahr"), ("E", "Vorjahr")):
            g = C.sr_wert(None, f"$A{r}", year, art, sk, gemeinde="$B$7")[1:]
            s = C.sr_wert("$B$7", f"$A{r}", year, art, sk)[1:]
            p = C.sr_wert(None, f"$A{r}", year, art, sk, pr="$B$7")[1:]
            sh.set(f"{col}{r}", f'=IF($B$6="Gemeinde";{g};IF($B$6="Sozialraum";{s};{p}))',
                   "ISP_Ergebnis" if col == "D" else "ISP_Formel", "N2")
        sh.set(f"F{r}", f'=IF(OR(D{r}="";E{r}="";E{r}=0);"";ISP_VERAENDERUNG(E{r};D{r}))', "ISP_Formel", "P1")
        # A break of this indicator (or of all) for the shown area between Vergleichsjahr and Datenjahr.
        sh.set(f"G{r}", f'=IF(SUMPRODUCT(Bruch_Profil*((Bruch_Nr=A{r})+(Bruch_Nr="")>0))>0;"{REIHENBRUCH}";'
                        f'IF(F{r}="";"";ISP_TRENDRICHTUNG(F{r};Toleranz)))', "ISP_Formel")
        lkf = C.sr_wert(None, f"$A{r}", "Jahr", art, sk)[1:]
        sh.set(f"H{r}", f"={lkf}", "ISP_Formel", "N2")
        sh.set(f"I{r}", f'=IF(OR(D{r}="";H{r}="";H{r}<=0;D{r}<0);"";ISP_BASISINDEX(D{r};H{r}))', "ISP_Formel", "N0")
    last = top + len(rows)
    sh.conditional(f"G{top + 1}:G{last}", [(f'"{REIHENBRUCH}"', "ISP_Bruch")])
    # The deviation from the Landkreis (index − 100 = per cent above or below), in the column of the indicator's
    # polarity (read from the catalogue): one chart series per polarity, so that the bars carry its colour.
    dev0, dev1 = "J", col_letters(col_index("J") + len(C.POLARITAETEN) - 1)
    sh.merge(f"{dev0}{top - 1}", len(C.POLARITAETEN), 1,
             "Abweichung vom Landkreis in % (Index − 100) nach Polarität", "ISP_Kopf", extra={"align": "center"})
    for j, (code, label, _) in enumerate(C.POLARITAETEN):
        c = col_letters(col_index(dev0) + j)
        sh.set(f"{c}{top}", label, "ISP_Kopf")
        for i, k in enumerate(rows):
            r, ir = top + 1 + i, C.I0 + k
            sh.set(f"{c}{r}", f'=IF(OR($I{r}="";Indikatoren.$D${ir}<>"{code}");"";$I{r}-100)', "ISP_Formel",
                   "SIGN0")
    sh.width("A", 3.2)
    sh.width("B", 7.5)
    sh.width("C", 4.3)
    sh.width("D-I", 2.4)
    sh.width(f"{dev0}-{dev1}", 2.2)
    chart_col = col_letters(col_index(dev1) + 2)
    # 10 pt: 7 pt on paper at the sheet's print scale (70 %); the legend at the right leaves the height to the
    # names, so that all of them show.
    sh.chart(anchor=f"{chart_col}6", width=22, height=24, type="hbar", stacked=True, reverse_categories=True,
             category_size=10, ranges=[f"B{top}:B{last}", f"{dev0}{top}:{dev1}{last}"],
             title="Abweichung vom Landkreis in % (Landkreis = 100)", legend=True,
             ytitle="Abweichung in % (Index − 100)", colours=[colour for _, _, colour in C.POLARITAETEN])
    trend(wb, sh, top, last)
    sh.freeze = (top, 2)
    C.wg(wb, "PROFIL", sh, "B6:B7")  # level + ID: the export switches it to the recipient's Sozialraum
    return sh


REIHENBRUCH = "Reihenbruch"  # the Raumprofil's trend cell of an indicator with a flagged break
BRUCH0, BRUCH_ROWS = 7, 20  # the table on the sheet Reihenbrüche: first row, number of rows
# One break of the fictional sample: the area change of data/import/gebietsaenderungen_beispiel.csv (Altdorf and
# Niederau to Werdau, 01.01. of the Datenjahr) on the indicator the Verlauf shows.
BEISPIEL_BRUCH = (18, "G04", D.BASE_YEAR, "Gebietsänderung",
                  "Altdorf und Niederau zu Werdau eingegliedert (fiktives Beispiel); Vorjahr umgerechnet")


def reihenbrueche(wb, sample):
    """The planner's list of series breaks (Reihenbrüche): indicator, Gemeinde, first year of the new series, kind.
    The atlas's year comparison reads it: a break between Vergleichsjahr and Datenjahr that touches the Landkreis
    total turns the Landkreis change on Atlas Sozialräume into "Bruch"; the Raumprofil shows "Reihenbruch" in the
    trend of every area that contains the Gemeinde. The data
    import marks a converted value with a comment on the Werte cell and enters the break into the first free row of
    this list (Art Gebietsänderung; a break already listed is not entered again; docs/import.md)."""
    Z.styles(wb)
    sh = wb.sheet("Reihenbrüche", tab="#7030a0")
    C.head(sh, "Reihenbrüche: Gebietsänderungen und Methodenwechsel",
           "Je Bruch eine Zeile: Indikator-Nr. (leer = alle Indikatoren), Gemeinde-ID (leer = ganzer Landkreis), "
           "erstes Jahr der neuen Reihe, Art. Liegt das Jahr nach dem Vergleichsjahr und spätestens im Datenjahr, "
           "zeigen Atlas Sozialräume (Veränderung des Landkreises „Bruch“) und Raumprofil (Trend „Reihenbruch“) "
           "den Bruch.", 9)
    sh.row(f"A{BRUCH0 - 1}", ["Indikator-Nr.", "Gemeinde-ID", "Jahr (neue Reihe ab)", "Art", "Bemerkung",
                              "Sozialraum", "Planungsraum", "im Vergleich", "im Raumprofil", "Landkreis betroffen"], "ISP_Kopf")
    sh.height(BRUCH0 - 1, 1.0)
    gem = f"Gebiete.$A${C.G0}:$D${C.G1}"
    for k in range(BRUCH_ROWS):
        r = BRUCH0 + k
        if k == 0:
            sh.row(f"A{r}", list(BEISPIEL_BRUCH))
        sh.set(f"F{r}", f'=IF(B{r}="";"";IFERROR(VLOOKUP(B{r};{gem};3;0);"?"))', "ISP_Formel")
        sh.set(f"G{r}", f'=IF(B{r}="";"";IFERROR(VLOOKUP(B{r};{gem};4;0);"?"))', "ISP_Formel")
        sh.set(f"H{r}", f'=IF(OR(C{r}="";D{r}="");0;IF(AND(C{r}>Vorjahr;C{r}<=Jahr);1;0))', "ISP_Formel")
        # What the atlas shows beside the Landkreis change: kind, year and reach, no area name (a per-Sozialraum copy
        # keeps the column but not the rows of other Gemeinden; the Raumprofil shows the own area's breaks).
        sh.set(f"I{r}", f'=IF(H{r}=0;0;IF(B{r}="";1;IF(Raumprofil.$B$6="Gemeinde";IF(B{r}=Raumprofil.$B$7;1;0);'
                        f'IF(Raumprofil.$B$6="Sozialraum";IF(F{r}=Raumprofil.$B$7;1;0);'
                        f'IF(G{r}=Raumprofil.$B$7;1;0)))))', "ISP_Formel")
        # The Landkreis total breaks with a break of the whole Landkreis and with any but a Gebietsänderung (moving
        # Gemeinden between areas leaves the total comparable).
        sh.set(f"J{r}", f'=IF(AND(H{r}=1;OR(B{r}="";D{r}<>"Gebietsänderung"));1;0)', "ISP_Formel")
    last = BRUCH0 + BRUCH_ROWS - 1
    sh.fill(f"A{BRUCH0}:A{last}", "ISP_Eingabe", None, "v_anzahl")
    sh.fill(f"B{BRUCH0}:B{last}", "ISP_Eingabe")
    sh.fill(f"C{BRUCH0}:C{last}", "ISP_Eingabe", "YEAR", "v_jahr")
    sh.fill(f"D{BRUCH0}:D{last}", "ISP_Eingabe", None, "v_bruch")
    sh.fill(f"E{BRUCH0}:E{last}", "ISP_Eingabe_Text")
    sh.set(f"A{last + 2}", "Art: Gebietsänderung (Gemeinden eingegliedert, zusammengeschlossen, umbenannt), "
                           "Methodenwechsel (Zählweise, Stichtag, Quelle), Sonstiges. Der Datenimport mit "
                           "Gebietsänderungen rechnet frühere Jahre auf den heutigen Gebietsstand um, vermerkt das an "
                           "der Werte-Zelle und trägt den Bruch hier in die erste freie Zeile ein (nie doppelt).",
           "ISP_Hinweis")
    for name, col in (("Bruch_Nr", "A"), ("Bruch_Profil", "I"), ("Bruch_LK", "J")):
        wb.name(name, sh.name, f"{col}{BRUCH0}:{col}{last}")
    for cols, cm in (("A-C", 2.4), ("D", 3.4), ("E", 7.5), ("F-J", 2.4)):
        sh.width(cols, cm)
    sh.freeze = (BRUCH0 - 1, 0)
    C.wg(wb, "ZEILEN", sh, f"B{BRUCH0}:B{last}")  # key: Gemeinde-ID (empty = the whole Landkreis, kept)
    return sh


TREND_INDIKATOR = 18  # the indicator the Verlauf shows at first (ALG II); the planner types another number


def trend(wb, sh, top, last):
    """Verlauf below the Raumprofil: one indicator (number in a parameter cell) for the area and the Landkreis
    over the years the Summen sheet holds (Vergleichsjahr, Datenjahr), as a table and a line chart."""
    t = last + 3
    sh.set(f"A{t}", "Verlauf eines Indikators: Gebiet und Landkreis", "ISP_Abschnitt")
    sh.set(f"A{t + 1}", "Indikator-Nr.", "ISP_Kopf")
    sh.set(f"B{t + 1}", TREND_INDIKATOR, "ISP_Parameter")
    table = f"$A${top + 1}:$C${last}"
    sh.merge(f"C{t + 1}", 3, 1, f'=IFERROR(VLOOKUP($B${t + 1};{table};2;0)&" ("&VLOOKUP($B${t + 1};{table};3;0)&")";'
                                f'"nicht im Raumprofil: Nr. aus Spalte A eingeben")', "ISP_Ergebnis")
    sh.row(f"A{t + 3}", ["Jahr", "Gebiet", "Landkreis"], "ISP_Kopf")
    sh.set(f"B{t + 3}", '=IF($B$8="";"Gebiet";$B$8)', "ISP_Kopf")  # the series' name in the chart
    match = f"MATCH($B${t + 1};$A${top + 1}:$A${last};0)"
    cat = f"MATCH($B${t + 1};Indikatoren.$A${C.I0}:$A${C.I1};0)"
    art = f"INDEX(Indikatoren.$F${C.I0}:$F${C.I1};{cat})"
    sk = f'IF(INDEX(Indikatoren.$G${C.I0}:$G${C.I1};{cat})="";1;INDEX(Indikatoren.$G${C.I0}:$G${C.I1};{cat}))'
    for i, (year, col) in enumerate((("Vorjahr", "E"), ("Jahr", "D"))):
        r = t + 4 + i
        sh.set(f"A{r}", f"={year}", "ISP_Formel", "YEAR")
        sh.set(f"B{r}", f'=IFERROR(INDEX(${col}${top + 1}:${col}${last};{match});"")', "ISP_Formel", "N2")
        lk = C.sr_wert(None, f"$B${t + 1}", year, art, sk)[1:]
        sh.set(f"C{r}", f'=IFERROR({lk};"")', "ISP_Formel", "N2")
    sh.chart(anchor=f"F{t + 1}", width=14, height=7, type="line", ranges=[f"A{t + 3}:A{t + 5}", f"B{t + 3}:C{t + 5}"],
             title="Verlauf des gewählten Indikators", legend="bottom", ytitle="Wert",
             colours=["#d7191c", "#7f7f7f"])


def build(sample=None):
    sample = sample or D.Sample()
    wb = Workbook("Sozialstrukturatlas (Vorlage, fiktive Beispieldaten)",
                  "ISP-Vorlage: 56 Indikatoren je Gemeinde, Sozialraum, Planungsraum und Landkreis in 9 Dimensionen")
    C.styles(wb)
    C.validations(wb)
    C.anleitung(wb, "Sozialstrukturatlas – Anleitung", [
        ("Wozu", [
            "Der Sozialstrukturatlas ist die Datensammlung zu 56 Indikatoren in 9 Dimensionen. Alle Fachplanungen "
            "erhalten dieselben Strukturdaten; der Sozialraummonitor bewertet sie.",
        ]),
        ("Blätter", [
            "Atlas Sozialräume – jeder Indikator für die 13 Sozialräume, 5 Planungsräume und den Landkreis, mit "
            "Vorjahr und Veränderung.",
            "Atlas Gemeinden – jeder Indikator für die 33 Städte und Gemeinden.",
            "Raumprofil – Musterdatenblatt für ein Gebiet: Ebene und Kennung eingeben, Vergleich mit dem Landkreis "
            "als Tabelle (Index Landkreis = 100) und Diagramm (Abweichung vom Landkreis in %, gefärbt nach "
            "Polarität: rot Belastung, blau Ressource); darunter der Verlauf eines Indikators (Nummer eingeben) "
            "für Gebiet und Landkreis.",
            "Dimensionen – Zählung des Katalogs je Dimension und Polarität.",
            "Parameter – Datenjahr, Vergleichsjahr, Toleranz der Trendrichtung.",
            "Reihenbrüche – Gebietsänderungen und Methodenwechsel je Indikator und Gemeinde; der Vergleich mit dem "
            "Vorjahr zeigt sie (Atlas Sozialräume: Veränderung „Bruch“; Raumprofil: Trend „Reihenbruch“).",
            "Fortschreibung – Beschluss und nächste Fortschreibung.",
            "Gebiete, Indikatoren, Werte – die Datengrundlage.",
        ]),
        ("So gehen Sie vor", [
            "1. Werte im Langformat auf dem Blatt Werte einfügen (Jahr, Gemeinde-ID, Indikator-Nr., Zähler, Nenner "
            "oder Wert). Die Spalte „Prüfung“ meldet Auffälligkeiten.",
            "2. Auf dem Blatt Parameter das Datenjahr wählen.",
            "3. Atlas-Blätter lesen; für einen Gebietssteckbrief das Raumprofil verwenden.",
        ]),
        ("Methode", [
            "Quoten werden für Sozialräume, Planungsräume und den Landkreis aus den summierten Zählern und Nennern "
            "der Gemeinden berechnet (10/100 und 50/1000 ergibt 60/1100 = 5,45 %, nicht 7,5 %). Mittelwerte "
            "(z. B. Durchschnittsalter) werden mit den Einwohnern gewichtet.",
            "Veränderung = Wert ÷ Vorjahreswert − 1 (ISP_VERAENDERUNG); Trend „steigend“/„fallend“ außerhalb der "
            "Toleranz (ISP_TRENDRICHTUNG); Index = 100 × Wert ÷ Landkreiswert (ISP_BASISINDEX).",
        ]),
    ] + C.COMMON_HINTS)
    atlas_sozialraeume(wb, sample)
    atlas_gemeinden(wb, sample)
    raumprofil(wb, sample)
    dimensionen(wb, sample)
    parameter_sheet(wb)
    reihenbrueche(wb, sample)
    C.fortschreibung(wb, "Sozialstrukturatlas", [
        ("Sozialstrukturatlas (jährliche Datenfortschreibung)", C.date(2024, 1, 15), "Kreistag (fiktiv)", 1),
    ])
    C.gebiete(wb, sample)
    C.indikatoren(wb, sample)
    C.werte(wb, sample)
    C.summen(wb, years=2)
    wb.active = "Atlas Sozialräume"
    return wb
