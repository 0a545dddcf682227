"""Building blocks every template shares: cell styles, validation rules, the page head with the FIKTIV
banner, and the data sheets (Gebiete, Indikatoren, Werte) in one layout, so that the strategic view (colours,
Kreis) and the operative view (values, Gemeinde) read the same source range (domain G5)."""
import datetime
import re

from . import data as D
from .odf import Workbook, col_letters

# Colours. Input cells are yellow, parameters orange, computed cells white on a protected sheet, key results
# light blue. Classes: a diverging scheme (ColorBrewer RdYlBu, colour-blind safe), low burden blue.
C_INPUT = "#fff2cc"
C_PARAM = "#fce4d6"
C_HEAD = "#d9e1f2"
C_RESULT = "#ddebf7"
C_CALC = "#f7f7f7"
C_FIKTIV = "#fde9e7"
# Colours by class position (1 = lowest Belastung). Labels and cut-points are NOT kept here: the Parameter sheet
# names a scheme of the add-in (cell "Klassenschema", default "belastung") and =ISP_KLASSEN(Klassenschema) writes
# the legend (label, bounds, description) that classes, colours and legends read (klassen_legende).
KLASSEN_FARBEN = ["#abd9e9", "#f7f7f7", "#fdae61", "#d7191c"]
KLASSEN_TEXT = ["#000000", "#000000", "#000000", "#ffffff"]
KLASSENSCHEMA = "belastung"
# The polarities of the indicator catalogue (column D of Indikatoren): code, label and chart colour (Belastung red,
# Ressource blue as the classes' ends; Kontext grey; "+/-" = direction set per Fachplan, orange).
POLARITAETEN = [("+", "Belastung (+)", "#d7191c"), ("-", "Ressource (−)", "#2c7bb6"), ("0", "Kontext (0)", "#bfbfbf"),
                ("+/-", "je Fachplan (+/-)", "#fdae61")]

# The long data sheet: rows W0..W1 (1-based) hold the data and the helper formulas.
W0, W1 = 6, 4005
G0, G1 = 6, 65  # Gemeinden table
S0, S1 = 6, 18  # 13 Sozialräume (fixed IDs 1..13)
P0, P1 = 6, 10  # 5 Planungsräume
I0, I1 = 6, 85  # indicator catalogue (56 used, room for more)


# ---- Weitergabe description (docs/weitergabe.md) -------------------------------------------------------------
# Named ranges ISP_WG_<ROLE>_<tag> tell the add-in's "Weitergabe" export what belongs to which area. Safe by
# default: a sheet without any ISP_WG_ name is removed from per-Sozialraum and public exports.
WG_ROLES = ("GEBIETE", "SOZIALRAEUME", "SCHWELLE", "ZEILEN", "SPALTEN", "ANZAHL", "PROFIL", "ALLGEMEIN", "INTERN",
            "OEFFENTLICH")
_UMLAUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def wg(wb, role, sheet, rng="A1"):
    """Describes a sheet or a block of it for the Weitergabe export: role is one of WG_ROLES; rng an A1 range on
    the sheet. ZEILEN/SPALTEN: the key column (row) of area rows (columns) – one column wide = whole rows go,
    wider = a table beside others, first column = key. ANZAHL: counts to suppress below the threshold. PROFIL:
    the area ID cell (or level + ID cells) of a single-area view. ALLGEMEIN/INTERN/OEFFENTLICH: the whole sheet."""
    if role not in WG_ROLES:
        raise ValueError("unknown Weitergabe role " + role)
    name = sheet if isinstance(sheet, str) else sheet.name
    if role in ("GEBIETE", "SOZIALRAEUME", "SCHWELLE"):
        key = f"ISP_WG_{role}"
    else:
        tag = re.sub(r"[^A-Za-z0-9]", "", name.translate(_UMLAUT)) or "Blatt"
        key = f"ISP_WG_{role}_{tag}"
        n = 2
        while key in wb.names:
            key = f"ISP_WG_{role}_{tag}_{n}"
            n += 1
    if key in wb.names:
        raise ValueError("duplicate Weitergabe name " + key)
    wb.name(key, name, rng)
    return key


def R(col, a=W0, b=W1, sheet="Werte"):
    """An absolute column range on a sheet, e.g. R('D') -> Werte.$D$6:$D$4005."""
    return f"{sheet}.${col}${a}:${col}${b}"


def styles(wb: Workbook):
    wb.style("ISP_Standard", "ISP Standard", valign="middle")
    wb.style("ISP_Titel", "ISP Titel", "ISP_Standard", bold=True, size=16, color="#1f3864")
    wb.style("ISP_Untertitel", "ISP Untertitel", "ISP_Standard", bold=True, size=12, color="#1f3864")
    wb.style("ISP_Hinweis", "ISP Hinweis", "ISP_Standard", italic=True, color="#595959")
    wb.style("ISP_Hinweis_Umbruch", "ISP Hinweis Umbruch", "ISP_Hinweis", wrap=True, valign="top")
    wb.style("ISP_Text", "ISP Text", "ISP_Standard", wrap=True, valign="top")
    wb.style("ISP_Fiktiv", "ISP Fiktiv", "ISP_Standard", bold=True, color="#9c0006", bg=C_FIKTIV)
    wb.style("ISP_Kopf", "ISP Kopf", "ISP_Standard", bold=True, bg=C_HEAD, wrap=True, border="all", valign="middle")
    wb.style("ISP_Eingabe", "ISP Eingabe", "ISP_Standard", bg=C_INPUT, border="all", protect=False)
    wb.style("ISP_Eingabe_Text", "ISP Eingabe Text", "ISP_Eingabe", wrap=True, valign="top")
    wb.style("ISP_Parameter", "ISP Parameter", "ISP_Standard", bg=C_PARAM, border="all", protect=False, bold=True)
    wb.style("ISP_Formel", "ISP Formel", "ISP_Standard", border="all", protect=True)
    wb.style("ISP_Formel_Text", "ISP Formel Text", "ISP_Formel", wrap=True)
    wb.style("ISP_Ergebnis", "ISP Ergebnis", "ISP_Formel", bg=C_RESULT, bold=True)
    wb.style("ISP_Legende_Eingabe", "ISP Legende Eingabe", "ISP_Standard", bg=C_INPUT, border="all")
    wb.style("ISP_Legende_Parameter", "ISP Legende Parameter", "ISP_Standard", bg=C_PARAM, border="all")
    wb.style("ISP_Legende_Ergebnis", "ISP Legende Ergebnis", "ISP_Standard", bg=C_RESULT, border="all")
    wb.style("ISP_Legende_Formel", "ISP Legende Formel", "ISP_Standard", border="all")
    wb.style("ISP_Abschnitt", "ISP Abschnitt", "ISP_Standard", bold=True, size=11, color="#1f3864",
             border="bottom")
    wb.style("ISP_Klasse", "ISP Klasse", "ISP_Formel", align="center", color="#7f7f7f")  # 10 pt: >= 7 pt at 70 %
    for i, (bg, fg) in enumerate(zip(KLASSEN_FARBEN, KLASSEN_TEXT), 1):
        wb.style(f"ISP_Klasse_{i}", f"ISP Klasse {i}", "ISP_Klasse", bg=bg, color=fg)
    wb.style("ISP_Status_gedeckt", "ISP Status gedeckt", "ISP_Formel", bg="#abd9e9", bold=True, align="center")
    wb.style("ISP_Status_offen", "ISP Status offen", "ISP_Formel", bg="#fdae61", bold=True, align="center")
    wb.style("ISP_Warnung", "ISP Warnung", "ISP_Formel", bg="#d7191c", color="#ffffff", bold=True)


def klassen_legende(wb, sh, top, extra=None, hint_cell=None):
    """The class scheme on a Parameter sheet: row top = "Klassenschema" with the scheme's name (named range
    Klassenschema), row top + 2 the header, rows top + 3 … top + 6 the legend =ISP_KLASSEN(Klassenschema;;;;output)
    (label | von | bis | Beschreibung, columns A-D, one output each; named ranges Beschriftungen = the labels,
    Klassen_Legende).
    extra: (header, [values], fmt, validation) for column E next to the classes; hint_cell: where the hint goes
    (default C of row top). Returns the first legend row."""
    sh.set(f"A{top}", "Klassenschema", "ISP_Kopf")
    sh.set(f"B{top}", KLASSENSCHEMA, "ISP_Parameter")
    sh.set(hint_cell or f"C{top}", "Name eines Klassenschemas des Add-ins (Standard „belastung“); Grenzen, Beschriftungen und "
                      "Legende liefert =ISP_KLASSEN(Klassenschema).", "ISP_Hinweis")
    wb.name("Klassenschema", sh.name, f"B{top}")
    first = top + 3
    sh.row(f"A{top + 2}", ["Klasse", "von", "bis", "Beschreibung"], "ISP_Kopf")
    # One output per column: a text-only column comes back as sequence<string>, which Calc 7.4 interns, so that
    # MATCH(class; Beschriftungen; 0) and conditional formats find the labels (in the mixed 4-column legend
    # they would not: docs/architecture.md, "Array results are declared any").
    for column, output in zip("ABCD", ("beschriftung", "untere", "obere", "beschreibung")):
        sh.array(f"{column}{first}:{column}{first + 3}", f'=ISP_KLASSEN(Klassenschema;;;;"{output}")', "ISP_Formel",
                 "N1")
    if extra:
        header, values, fmt, validation = extra
        sh.set(f"E{top + 2}", header, "ISP_Kopf")
        for i, v in enumerate(values):
            sh.set(f"E{first + i}", v, "ISP_Parameter", fmt, validation=validation)
    sh.conditional(f"A{first}:A{first + 3}", klassen_rules(first, sh.name))
    wb.name("Beschriftungen", sh.name, f"A{first}:A{first + 3}")
    wb.name("Klassen_Legende", sh.name, f"A{first}:D{first + 3}")
    return first


def klassen_rules(first, sheet="Parameter"):
    """Conditional formats: a cell equal to the k-th legend label (sheet, rows first …) gets class k's colour."""
    return [(f"{sheet}.$A${first + i}", f"ISP_Klasse_{i + 1}") for i in range(len(KLASSEN_FARBEN))]


def validations(wb: Workbook):
    nonneg = "of:cell-content-is-decimal-number() and cell-content()>=0"
    wb.validation("v_anzahl", "of:cell-content-is-whole-number() and cell-content()>=0", "Anzahl",
                  "Bitte eine ganze Zahl ≥ 0 eingeben: Anzahlen können nicht negativ sein.",
                  "Ganze Zahl ≥ 0; leer lassen, wenn der Wert fehlt (nie 0 für „unbekannt“).")
    wb.validation("v_nichtneg", nonneg, "Wert ≥ 0", "Bitte eine Zahl ≥ 0 eingeben (keine negativen Werte).",
                  "Zahl ≥ 0; leer lassen, wenn der Wert fehlt.")
    wb.validation("v_zahl", "of:cell-content-is-decimal-number()", "Zahl", "Bitte eine Zahl eingeben.",
                  "Zahl (auch negativ, z. B. Salden); leer = fehlt.")
    wb.validation("v_quote", "of:cell-content-is-decimal-number() and cell-content-is-between(0;2)", "Quote",
                  "Bitte eine Quote zwischen 0 % und 200 % eingeben.", "Quote in Prozent, z. B. 45 %.")
    wb.validation("v_janein", 'of:cell-content-is-in-list("ja";"nein")', "ja/nein", "Bitte „ja“ oder „nein“ wählen.")
    wb.validation("v_polaritaet", "of:cell-content-is-in-list(1;-1;0)", "Polarität",
                  "Polarität: 1 = Belastung, −1 = Ressource, 0 = nicht einbeziehen.",
                  "1 = höhere Werte bedeuten mehr Belastung; −1 = Ressource; 0 = nicht einbeziehen.")
    wb.validation("v_gewicht", nonneg, "Gewicht", "Gewichte müssen ≥ 0 sein (0 lässt den Indikator weg).",
                  "Gewicht ≥ 0; gleiche Gewichte = gleiche Anteile.")
    wb.validation("v_datum", "of:cell-content-is-date()", "Datum", "Bitte ein Datum eingeben (TT.MM.JJJJ).")
    wb.validation("v_jahr", "of:cell-content-is-whole-number() and cell-content-is-between(1990;2100)", "Jahr",
                  "Bitte ein Jahr zwischen 1990 und 2100 eingeben.")
    wb.validation("v_intervall", "of:cell-content-is-whole-number() and cell-content-is-between(1;20)",
                  "Intervall", "Fortschreibungsintervall in Jahren (1–20).")
    wb.validation("v_raster", "of:cell-content-is-whole-number() and cell-content-is-between(1;4)",
                  "Bewertungsraster", "Bewertung 1 bis 4 (1 = gut erfüllt … 4 = nicht erfüllt).",
                  "Einheitliches Bewertungsraster: 1 = gut erfüllt, 2 = überwiegend, 3 = teilweise, 4 = nicht.")
    wb.validation("v_methode", 'of:cell-content-is-in-list("mean";"mss";"sum";"geo")', "Methode",
                  "Methode: mean (Mittelwert), mss (Berliner MSS), sum (Summe) oder geo (geometrisch).")
    wb.validation("v_sr", "of:cell-content-is-whole-number() and cell-content-is-between(1;13)", "Sozialraum",
                  "Bitte eine Sozialraum-Nummer von 1 bis 13 eingeben.")


def head(sh, title, purpose, width=8):
    """Rows 1-4: title, FIKTIV banner, purpose, colour legend. Returns the first free row (6)."""
    sh.set("A1", title, "ISP_Titel")
    sh.set("A2", D.FIKTIV, "ISP_Fiktiv")
    for c in range(1, width):
        sh.set((1, c), None, "ISP_Fiktiv")
    sh.merge("A3", width, 1, purpose, "ISP_Hinweis_Umbruch")
    sh.set("A4", "Zellfarben: gelb = Eingabe · orange = Parameter · weiß = berechnet (geschützt) · blau = "
                 "Ergebnis", "ISP_Hinweis")
    sh.height(3, 0.9)
    return 6


def parameter_rows(wb, sh, first_row, rows):
    """Parameter cells from first_row: (label, value, number format, validation, name, note) per row; each value
    cell gets its name (what the formulas read)."""
    for i, (label, value, fmt, val, name, note) in enumerate(rows):
        r = first_row + i
        sh.set(f"A{r}", label, "ISP_Kopf")
        sh.set(f"B{r}", value, "ISP_Parameter", fmt, validation=val)
        sh.set(f"C{r}", note, "ISP_Hinweis")
        wb.name(name, sh.name, f"B{r}")


def anleitung(wb, title, sections):
    """The instructions sheet: one wide text column, headings and paragraphs."""
    sh = wb.sheet("Anleitung", tab="#1f3864")
    sh.width("A", 25.0)
    sh.set("A1", title, "ISP_Titel")
    sh.set("A2", D.FIKTIV, "ISP_Fiktiv")
    r = 4
    for heading, paragraphs in sections:
        sh.set((r - 1, 0), heading, "ISP_Abschnitt")
        r += 1
        for p in paragraphs:
            sh.set((r - 1, 0), p, "ISP_Text")
            r += 1
        r += 1
    sh.set((r - 1, 0), "Farben der Zellen", "ISP_Abschnitt")
    for text, st in [("Gelb: Eingabe – hier tragen Sie Daten ein.", "ISP_Legende_Eingabe"),
                     ("Orange: Parameter – Auswahl, Gewichte, Quoten, Klassengrenzen; Änderungen wirken sofort.",
                      "ISP_Legende_Parameter"),
                     ("Weiß: berechnet – geschützt (aufheben: Extras ▸ Tabelle schützen…, ohne Kennwort).",
                      "ISP_Legende_Formel"),
                     ("Blau: wichtige Ergebnisse.", "ISP_Legende_Ergebnis")]:
        r += 1
        sh.set((r - 1, 0), text, st)
    sh.protected = True
    wg(wb, "ALLGEMEIN", sh)
    return sh


COMMON_HINTS = [
    ("Add-in", [
        "Die Vorlage rechnet mit den Funktionen des ISP-Add-ins (ISP_BELASTUNG, ISP_KLASSE, ISP_AGGREGATE …). "
        "Ohne installiertes Add-in zeigen diese Zellen #NAME?. Installation: "
        "Extras ▸ Erweiterungsverwaltung… ▸ Hinzufügen… ▸ isp-sozialplanung.oxt, dann LibreOffice neu starten.",
        "Fehler:502 und andere Fehlerwerte erklärt =ISP_DIAGNOSE(\"ISP_BELASTUNG\"; …) mit denselben Argumenten in Worten.",
        "Fehlende Werte bleiben leer – nie 0 eintragen, wenn ein Wert unbekannt ist.",
    ]),
    ("Weitergabe", [
        "Als .xlsx gespeichert bleiben Formeln und Werte erhalten. Empfänger ohne Add-in sehen nur die Werte "
        "einzelner ISP-Formeln; Index, Klassen und Legende (Matrixformeln) und leere Ergebnisse zeigen schon beim "
        "Öffnen #NAME?, nach dem Neuberechnen alles. Für die Weitergabe die ISP-Weitergabe des Add-ins verwenden: "
        "Fassung für einen Sozialraum (nur seine Werte, Landkreis als Bezug), öffentliche Fassung (nur Klassen) "
        "oder Kopie nur mit Werten; sie entfernt, was nicht weitergegeben werden darf (Handbuch der Vorlagen, "
        "Abschnitt Weitergabe).",
        "Blattschutz: ohne Kennwort, er schützt nur vor versehentlichem Überschreiben der Formeln.",
    ]),
]


def gebiete(wb, sample):
    """Gemeinden (input), Sozialräume and Planungsräume with population from ISP_AGGREGATE."""
    sh = wb.sheet("Gebiete", tab="#bf9000")
    head(sh, "Gebiete: Gemeinden, Sozialräume, Planungsräume",
         "Jede Gemeinde gehört zu genau einem Sozialraum (SR), jeder SR zu einem Planungsraum (PR). "
         "Schlüssel sind die IDs, nicht die Namen (Namen können doppelt vorkommen).", 12)
    sh.row("A5", ["Gemeinde-ID", "Gemeinde", "Sozialraum", "Planungsraum", "Einwohner", "Fläche km²",
                  "Nr. im SR"], "ISP_Kopf")
    for i, g in enumerate(sample.gebiete):
        r = G0 + i
        sh.row(f"A{r}", [g["id"], g["name"], g["sr"], g["pr"], g["ew"], g["flaeche"]], "ISP_Eingabe")
    sh.fill(f"A{G0}:D{G1}", "ISP_Eingabe")
    sh.fill(f"E{G0}:E{G1}", "ISP_Eingabe", "N0", "v_anzahl")
    sh.fill(f"F{G0}:F{G1}", "ISP_Eingabe", "N1", "v_nichtneg")
    sh.set("H5", "Schlüssel", "ISP_Kopf")
    for r in range(G0, G1 + 1):
        sh.set(f"G{r}", f'=IF(C{r}="";"";COUNTIF(C${G0}:C{r};C{r}))', "ISP_Formel")
        sh.set(f"H{r}", f'=IF(C{r}="";"";C{r}&"-"&G{r})', "ISP_Formel")
    sh.width("A", 2.6)
    sh.width("B", 4.2)
    sh.width("C-G", 2.4)
    sh.width("H", 1.6)
    # Sozialräume: fixed IDs 1..13, names editable; population = ISP_AGGREGATE over the Gemeinden.
    sh.row("I5", ["SR-ID", "Bezeichnung (Gemeinden)", "PR", "Einwohner", "Gemeinden"], "ISP_Kopf")
    for i, sr in enumerate(sample.sozialraeume):
        r = S0 + i
        sh.set(f"I{r}", sr["id"], "ISP_Formel")
        sh.set(f"J{r}", sample.sr_label(sr), "ISP_Eingabe_Text")
        sh.set(f"K{r}", f'=IFERROR(INDEX($D${G0}:$D${G1};MATCH(I{r};$C${G0}:$C${G1};0));"")', "ISP_Formel")
        sh.set(f"L{r}", f"=ISP_AGGREGATE($E${G0}:$E${G1};$C${G0}:$C${G1};I{r})", "ISP_Formel", "N0")
        sh.set(f"M{r}", f"=COUNTIF($C${G0}:$C${G1};I{r})", "ISP_Formel")
    r = S1 + 1
    sh.set(f"I{r}", "Landkreis", "ISP_Ergebnis")
    sh.set(f"J{r}", "Landkreis insgesamt", "ISP_Ergebnis")
    sh.set(f"K{r}", "", "ISP_Ergebnis")
    sh.set(f"L{r}", f"=SUM($E${G0}:$E${G1})", "ISP_Ergebnis", "N0")
    sh.set(f"M{r}", f"=COUNT($E${G0}:$E${G1})", "ISP_Ergebnis")
    sh.width("I", 1.6)
    sh.width("J", 7.5)
    sh.width("K-M", 2.4)
    # Planungsräume
    sh.row("I22", ["PR-ID", "Bezeichnung", "", "Einwohner", "Sozialräume"], "ISP_Kopf")
    for i, (pr, name) in enumerate(D.PR_NAMES.items()):
        r = 23 + i
        sh.set(f"I{r}", pr, "ISP_Formel")
        sh.set(f"J{r}", name, "ISP_Eingabe_Text")
        sh.set(f"K{r}", "", "ISP_Formel")
        sh.set(f"L{r}", f"=ISP_AGGREGATE($E${G0}:$E${G1};$D${G0}:$D${G1};I{r})", "ISP_Formel", "N0")
        sh.set(f"M{r}", f"=COUNTIF($K${S0}:$K${S1};I{r})", "ISP_Formel")
    sh.freeze = (5, 0)
    wb.name("Gemeinde_IDs", "Gebiete", f"A{G0}:A{G1}")
    # Three tables side by side: each block deletes only its own cells (shift up).
    wg(wb, "GEBIETE", sh, f"A{G0}:D{G1}")
    wg(wb, "SOZIALRAEUME", sh, f"I{S0}:J{S1}")
    wg(wb, "ZEILEN", sh, f"A{G0}:H{G1}")
    wg(wb, "ZEILEN", sh, f"I{S0}:M{S1 + 1}")
    wg(wb, "ZEILEN", sh, "I23:M27")  # Planungsräume (rows 23-27)
    return sh


def indikatoren(wb, sample):
    sh = wb.sheet("Indikatoren", tab="#bf9000")
    head(sh, "Indikatorenkatalog (56 Indikatoren, 9 Dimensionen)",
         "Polarität: + = mehr Belastung, − = Ressource, 0 = Kontext (geht in keinen Index ein), +/- = vor Gebrauch "
         "festlegen. Art: rate = Quote aus Zähler ÷ Nenner × Skala (Sozialraum: Summe der Zähler ÷ Summe der "
         "Nenner), mean = Wert je Gemeinde (Sozialraum: einwohnergewichtetes Mittel), sum = Anzahl (Sozialraum: "
         "Summe). Lebenslagen: K = Kindheit und Jugend, T = Teilhabe, S = Senioren, B = Bildung, all = "
         "Sozialstrukturatlas; mehrere mit Semikolon.", 10)
    sh.row("A5", ["Nr.", "Dimension", "Indikator", "Polarität", "Lebenslagen", "Art", "Skala",
                  "Bezugsgröße (Nenner)", "Einheit", "Quelle / Stichtag"], "ISP_Kopf")
    for i, ind in enumerate(sample.indikatoren):
        r = I0 + i
        sh.row(f"A{r}", [ind["nr"], ind["dimension"], ind["name"], ind["polaritaet"], ind["lebenslage"],
                         ind["art"] or None, ind["skala"], ind["nenner"] or None], "ISP_Eingabe")
    sh.fill(f"A{I0}:H{I1}", "ISP_Eingabe")
    for r in range(I0, I1 + 1):
        k = r - I0
        sh.set(f"I{r}", sample.indikatoren[k]["einheit"] if k < len(sample.indikatoren) else None,
               "ISP_Eingabe_Text")
        sh.set(f"J{r}", "fiktiv, Stichtag 31.12." if k < len(sample.indikatoren) else None, "ISP_Eingabe")
    sh.width("A", 1.2)
    sh.width("B", 5.6)
    sh.width("C", 7.5)
    sh.width("D-G", 1.9)
    sh.width("H", 4.5)
    sh.width("I", 5.0)
    sh.width("J", 4.0)
    sh.freeze = (5, 3)
    wg(wb, "ALLGEMEIN", sh)
    return sh


def werte(wb, sample, years=(D.PRIOR_YEAR, D.BASE_YEAR)):
    """The long data sheet: one row per year, Gemeinde and indicator. Helper columns G-J are protected."""
    sh = wb.sheet("Werte", tab="#bf9000")
    sh.printed = False  # raw data: ~70 pages nobody hands out
    head(sh, "Werte je Gemeinde und Indikator (Langformat)",
         "Quoten als Zähler und Nenner eintragen (nicht als fertige Quote): nur so lassen sich Sozialräume "
         "richtig zusammenfassen. Mittelwert-Indikatoren (Art mean) in Spalte F. Leere Zelle = fehlender Wert.", 10)
    sh.row("A5", ["Jahr", "Gemeinde-ID", "Indikator-Nr.", "Zähler", "Nenner", "Wert", "Sozialraum",
                  "Gewicht", "Zählgröße", "Prüfung", "Planungsraum"], "ISP_Kopf")
    rows = []
    for y in years:
        src = sample.werte if y == D.BASE_YEAR else sample.werte_prior
        rows += src
    if len(rows) > W1 - W0 + 1:
        raise ValueError("too many sample rows for the Werte sheet")
    for i, v in enumerate(rows):
        r = W0 + i
        sh.row(f"A{r}", [v["jahr"], v["gid"], v["nr"], v["z"], v["n"], v["w"]])
    sh.fill(f"A{W0}:A{W1}", "ISP_Eingabe", "YEAR", "v_jahr")
    sh.fill(f"B{W0}:B{W1}", "ISP_Eingabe")
    sh.fill(f"C{W0}:C{W1}", "ISP_Eingabe", None, "v_anzahl")
    sh.fill(f"D{W0}:D{W1}", "ISP_Eingabe", None, "v_zahl")
    sh.fill(f"E{W0}:E{W1}", "ISP_Eingabe", None, "v_nichtneg")
    sh.fill(f"F{W0}:F{W1}", "ISP_Eingabe", None, "v_zahl")
    gem = f"Gebiete.$A${G0}:$F${G1}"
    for r in range(W0, W1 + 1):
        sh.set(f"G{r}", f'=IF(B{r}="";"";IFERROR(VLOOKUP(B{r};{gem};3;0);""))', "ISP_Formel")
        # Gewicht: the denominator of a rate, the population for a mean value (population-weighted mean).
        # A count (Art sum) gets the weight 1, so that Σ Zählgröße is its sum (sr_wert).
        art = f'IFERROR(VLOOKUP(C{r};Indikatoren.$A${I0}:$F${I1};6;0);"")'
        sh.set(f"H{r}", f'=IF(G{r}="";"";IF(F{r}<>"";IF({art}="sum";1;VLOOKUP(B{r};{gem};5;0));'
                        f'IF(AND(D{r}<>"";E{r}<>"");E{r};"")))', "ISP_Formel")
        sh.set(f"I{r}", f'=IF(H{r}="";"";IF(F{r}<>"";F{r}*H{r};D{r}))', "ISP_Formel")
        sh.set(f"J{r}", f'=IF(B{r}="";"";IF(G{r}="";"Gemeinde-ID unbekannt";IF(AND(D{r}<>"";E{r}="");'
                        f'"Nenner fehlt";IF(AND(E{r}<>"";D{r}="");"Zähler fehlt";IF(AND(E{r}<>"";E{r}=0);'
                        f'"Nenner ist 0";"")))))', "ISP_Formel")
        sh.set(f"K{r}", f'=IF(G{r}="";"";VLOOKUP(B{r};{gem};4;0))', "ISP_Formel")
    sh.width("A-F", 2.3)
    sh.width("G-I", 2.3)
    sh.width("J", 4.5)
    sh.width("K", 2.3)
    sh.freeze = (5, 0)
    # Rows of other Gemeinden go (key: Gemeinde-ID); numerators are counts (Zählgröße repeats them).
    wg(wb, "ZEILEN", sh, f"B{W0}:B{W1}")
    wg(wb, "ANZAHL", sh, f"D{W0}:D{W1}")
    wg(wb, "ANZAHL", sh, f"I{W0}:I{W1}")
    return sh


# The sheet "Summen": Σ Gewicht and Σ Zählgröße of the Werte rows per indicator (rows I0..I1, as on Indikatoren)
# and area. Per year and sum one ISP_KREUZTABELLE array formula gives the Gemeinden (one pass over Werte instead
# of one SUMIFS per value cell, docs/performance.md, "Templates"); Sozialräume, Planungsräume and the Landkreis
# are one MMULT each of the Gemeinde block with the membership table below it (rows SUMMEN_M0.., one row per
# Gebiete row: 1 where the Gemeinde belongs to the Sozialraum / Planungsraum / Landkreis; 1,000 SUMIF cells cost
# 10× more on a count edit). Every value cell of the templates looks its two sums up there (sr_wert). Blocks from column B
# on: per year (SUMMEN_JAHRE), per sum (Gewicht, Zählgröße), the levels Gemeinde, Sozialraum, Planungsraum,
# Landkreis.
GEMEINDE_IDS = f"Gebiete.$A${G0}:$A${G1}"
PR_IDS = "Gebiete.$I$23:$I$27"
SR_IDS = f"Gebiete.$I${S0}:$I${S1}"
SUMMEN_JAHRE = ("Jahr", "Vorjahr")  # the names of the year cells; a template builds the first `years` of them
SUMMEN_M0 = I1 + 3  # first row of the membership table (one row per Gebiete row G0..G1)
# level: (width, the area IDs (result columns), the Gebiete row of the first area)
SUMMEN_EBENEN = {"gemeinde": (G1 - G0 + 1, GEMEINDE_IDS, G0), "sr": (S1 - S0 + 1, SR_IDS, S0),
                 "pr": (5, PR_IDS, 23), None: (1, None, None)}
SUMMEN_SUMMEN = (("H", "Σ Gewicht"), ("I", "Σ Zählgröße"))
_SUMMEN_BREITE = sum(w for w, _, _ in SUMMEN_EBENEN.values())


def summen_spalte(year, measure, level):
    """0-based first column of the block of year (index into SUMMEN_JAHRE), measure (0 Gewicht, 1 Zählgröße)
    and level."""
    c = 1 + (year * len(SUMMEN_SUMMEN) + measure) * _SUMMEN_BREITE
    for lv, (w, _, _) in SUMMEN_EBENEN.items():
        if lv == level:
            return c
        c += w
    raise ValueError(level)


# Columns of the membership table per level (0-based; the table starts in column B like the first block).
_ZUGEHOERIG = {"sr": 1, "pr": 1 + (S1 - S0 + 1), None: 1 + (S1 - S0 + 1) + 5}


def _summen_zugehoerigkeit(sh):
    """The membership table under the blocks: per Gebiete row 1 where its Gemeinde belongs to the Sozialraum /
    Planungsraum of the column, and to the Landkreis; 0 for an empty row and for a Gemeinde-ID listed a second
    time (it counts once, as each Werte row counted once before)."""
    top = SUMMEN_M0 - 1
    sh.set(f"A{top - 1}", "Zugehörigkeit der Gemeinden (1 = gehört dazu)", "ISP_Kopf")
    sh.set(f"A{top}", "Gemeinde-ID", "ISP_Kopf")
    for level, (width, area_ids, a0) in SUMMEN_EBENEN.items():
        if level == "gemeinde":
            continue
        m0 = _ZUGEHOERIG[level]
        id_col = area_ids.split("$")[1] if area_ids else None
        for k in range(width):
            head_ref = f"Gebiete.{id_col}{a0 + k}" if id_col else None
            sh.set((top - 1, m0 + k), f'=IF({head_ref}="";"";{head_ref})' if head_ref else "Landkreis", "ISP_Kopf")
    for k in range(G1 - G0 + 1):
        g, r = G0 + k, SUMMEN_M0 + k
        sh.set(f"A{r}", f'=IF(Gebiete.A{g}="";"";Gebiete.A{g})', "ISP_Formel")
        counted = f'AND(Gebiete.A{g}<>"";COUNTIF(Gebiete.$A${G0}:$A{g};Gebiete.A{g})=1)'
        for level, (width, area_ids, a0) in SUMMEN_EBENEN.items():
            if level == "gemeinde":
                continue
            m0 = _ZUGEHOERIG[level]
            of = {"sr": f"Gebiete.C{g}", "pr": f"Gebiete.D{g}", None: None}[level]
            for j in range(width):
                head = f"{col_letters(m0 + j)}${top}"
                f = f"=IF({counted};1;0)" if of is None else f'=IF(AND({counted};{of}<>"";{of}={head});1;0)'
                sh.set((r - 1, m0 + j), f, "ISP_Formel")


def summen(wb, years=1):
    """The sheet Summen (see SUMMEN_EBENEN): protected, not printed, internal (raw sums of all Gemeinden)."""
    sh = wb.sheet("Summen", tab="#bf9000")
    sh.printed = False
    head(sh, "Summen je Indikator und Gebiet (Rechenhilfe)",
         "Σ Gewicht und Σ Zählgröße der Zeilen des Blatts Werte je Indikator und Gemeinde (ISP_KREUZTABELLE), "
         "Sozialraum, Planungsraum und Landkreis (Summen der Gemeinden). Alle Gebietswerte der Arbeitsmappe lesen "
         "hier; nichts eintragen.", 10)
    sh.set("A5", "Nr.", "ISP_Kopf")
    for r in range(I0, I1 + 1):
        sh.set(f"A{r}", f'=IF(Indikatoren.A{r}="";"";Indikatoren.A{r})', "ISP_Formel")
    _summen_zugehoerigkeit(sh)
    names = {"gemeinde": "Gemeinden", "sr": "Sozialräume", "pr": "Planungsräume", None: "Landkreis"}
    ids = f"Gebiete.$A${G0}:$A${G1}"
    for y in range(years):
        year = SUMMEN_JAHRE[y]
        for m, (wcol, label) in enumerate(SUMMEN_SUMMEN):
            g0 = summen_spalte(y, m, "gemeinde")
            gw = SUMMEN_EBENEN["gemeinde"][0]
            ga, gb = col_letters(g0), col_letters(g0 + gw - 1)
            for level, (width, area_ids, a0) in SUMMEN_EBENEN.items():
                c0 = summen_spalte(y, m, level)
                sh.set((3, c0), f"{label}, {names[level]}, {year}", "ISP_Kopf")
                if level is None:
                    sh.set((4, c0), "Landkreis", "ISP_Kopf")
                else:
                    id_col = area_ids.split("$")[1]
                    for k in range(width):
                        sh.set((4, c0 + k), f'=IF(Gebiete.{id_col}{a0 + k}="";"";Gebiete.{id_col}{a0 + k})',
                               "ISP_Kopf")
                if level == "gemeinde":
                    # Leer = 0: the MMULT of the other levels needs numbers (an IF over the block in array
                    # context costs 15 ms per block on every count edit).
                    args = [R(wcol), R("C"), f"Indikatoren.$A${I0}:$A${I1}", R("B"), ids, R("A"), year, "0"]
                    sh.array(f"{ga}{I0}:{gb}{I1}", f"=ISP_KREUZTABELLE({';'.join(args)})", "ISP_Formel", "N2")
                    continue
                m0 = _ZUGEHOERIG[level]
                member = (f"${col_letters(m0)}${SUMMEN_M0}:${col_letters(m0 + width - 1)}"
                          f"${SUMMEN_M0 + gw - 1}")
                block = f"${ga}${I0}:${gb}${I1}"
                sh.array(f"{col_letters(c0)}{I0}:{col_letters(c0 + width - 1)}{I1}",
                         f"=MMULT({block};{member})", "ISP_Formel", "N2")
    sh.width("A", 3.5)
    sh.freeze = (5, 1)
    sh.protected = True
    wg(wb, "INTERN", sh)  # raw sums of every Gemeinde
    return sh


def sr_wert(sr, ind, year, art, scale, gemeinde=None, pr=None, at=None):
    """Value of an indicator for a Sozialraum (or, with gemeinde, a Gemeinde; with pr a Planungsraum; with
    none of them the Landkreis): Σ Zählgröße ÷ Σ Gewicht over the Werte rows (sheet Summen), × Skala for
    rates, Σ Zählgröße for counts (Art sum); empty when no row has data or the area is unknown.

    at = (row on Indikatoren, position of the area in its list on Gebiete) when the cell shows the indicator of
    that row and the area of that position (the atlas's tables): the sums are then read by plain references,
    so that a changed count recalculates only the cells whose sums changed (docs/performance.md)."""
    if gemeinde is not None:
        level, area = "gemeinde", gemeinde
    elif pr is not None:
        level, area = "pr", pr
    elif sr is not None:
        level, area = "sr", sr
    else:
        level, area = None, None
    y = SUMMEN_JAHRE.index(year)
    width, ids, _ = SUMMEN_EBENEN[level]
    row = f"MATCH({ind};Indikatoren.$A${I0}:$A${I1};0)"

    def ref(measure):
        c0 = summen_spalte(y, measure, level)
        block = f"Summen.${col_letters(c0)}${I0}:${col_letters(c0 + width - 1)}${I1}"
        return f"INDEX({block};{row})" if level is None else f"INDEX({block};{row};MATCH({area};{ids};0))"

    if at is not None:
        ind_row, pos = at

        def ref(measure):  # noqa: F811 – the positional form of ref
            return f"Summen.${col_letters(summen_spalte(y, measure, level) + (pos or 0))}${ind_row}"

        den, num = ref(0), ref(1)
        return (f'=IF(N({den})=0;"";N({num})/IF({art}="sum";1;N({den}))'
                f'*IF({art}="rate";{scale};1))')
    den, num = ref(0), ref(1)
    # An unknown indicator or area (#N/A of MATCH) matches no row, as before with SUMIFS; an error of the data
    # itself shows.
    return (f'=IF(ISNA({den});"";IF(N({den})=0;"";N({num})/IF({art}="sum";1;N({den}))'
            f'*IF({art}="rate";{scale};1)))')


def fortschreibung(wb, plan, teilplaene, extra_rows=4):
    """Fortschreibung metadata (domain T3, T4): one row per Teilfachplan, due date = EDATE(adopted; 12 × interval)."""
    sh = wb.sheet("Fortschreibung", tab="#7030a0")
    head(sh, f"Fortschreibung – {plan}",
         "Beschluss, Geltungsdauer und nächste Fortschreibung je (Teil-)Fachplan. Fortschreibung in der Regel "
         "alle 5 Jahre (Leitpapier); das Intervall ist änderbar.", 8)
    sh.row("A5", ["(Teil-)Fachplan", "Beschlossen am", "Gremium / Beschluss-Nr.", "Intervall (Jahre)",
                  "Nächste Fortschreibung fällig", "Status", "Veröffentlichung (URL)", "Zuständig"], "ISP_Kopf")
    n = len(teilplaene) + extra_rows
    for i in range(n):
        r = 6 + i
        if i < len(teilplaene):
            name, date, gremium, interval = teilplaene[i]
            sh.row(f"A{r}", [name, date, gremium, interval])
        sh.set(f"E{r}", f'=IF(OR(B{r}="";D{r}="");"";EDATE(B{r};12*D{r}))', "ISP_Ergebnis", "DATE")
        sh.set(f"F{r}", f'=IF(E{r}="";"";IF(E{r}<TODAY();"überfällig";IF(E{r}-TODAY()<=365;'
                        f'"im nächsten Jahr fällig";"gültig")))', "ISP_Formel")
    sh.fill(f"A6:A{5 + n}", "ISP_Eingabe_Text")
    sh.fill(f"B6:B{5 + n}", "ISP_Eingabe", "DATE", "v_datum")
    sh.fill(f"C6:C{5 + n}", "ISP_Eingabe_Text")
    sh.fill(f"D6:D{5 + n}", "ISP_Eingabe", None, "v_intervall")
    sh.fill(f"G6:H{5 + n}", "ISP_Eingabe_Text")
    sh.conditional(f"F6:F{5 + n}", [('"überfällig"', "ISP_Warnung"), ('"im nächsten Jahr fällig"', "ISP_Klasse_3")])
    sh.width("A", 6.5)
    sh.width("B", 3.0)
    sh.width("C", 4.5)
    sh.width("D", 2.4)
    sh.width("E", 3.6)
    sh.width("F", 4.2)
    sh.width("G", 6.0)
    sh.width("H", 3.5)
    r = 8 + n
    sh.set(f"A{r}", "Prüfungsturnus Bestand", "ISP_Kopf")
    sh.set(f"B{r}", "fortlaufend", "ISP_Eingabe_Text")
    sh.set(f"A{r + 1}", "Fortschreibung", "ISP_Kopf")
    sh.set(f"B{r + 1}", "mittelfristig, i. d. R. alle 5 Jahre", "ISP_Eingabe_Text")
    sh.set(f"A{r + 2}", "Planungsgrundsätze (Methodenwahl, Beteiligung, Gremien)", "ISP_Kopf")
    sh.merge(f"B{r + 2}", 4, 1, "", "ISP_Eingabe_Text")
    sh.height(r + 2, 1.6)
    wg(wb, "ALLGEMEIN", sh)
    return sh


def date(y, m, d):
    return datetime.date(y, m, d)
