"""The Fachplan master template (domain T1, T2, T4; §7.1): the parts every Fachplan shares.

A Fachplan module gives a Plan description (name, Lebenslage, indicator subset, specific parameters, its own
data sheets and a Bedarf table) and calls build(plan, sample). The four planning phases are sheets with the
qualitative fields of §7.1; the Bestandsbewertung compares Bestand and Bedarf per Sozialraum and shows the
Belastungsklasse next to it ("unter Gewichtung der Sozialraumbelastung").
"""
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from . import common as C
from . import data as D
from . import demografie as DG
from .odf import Workbook, col_letters

NSR = 13
PAR = dict(jahr=7, methode=8, minew=9, mincov=10, schema=11, kl0=14, ind0=22)  # Parameter rows (1-based)
SA = dict(nr=5, pol=7, gew=8, x0=10)  # Sozialraumanalyse rows


@dataclass
class Plan:
    key: str
    name: str  # e.g. "Jugendhilfeplanung"
    motto: str
    lebenslage: str  # code K/T/S/B
    lebenslage_name: str
    # The Sozialraumanalyse uses the Lebenslage's indicators – the same set as the Sozialraummonitor, so that a
    # Sozialraum gets the same class in both; extra_indicators are listed too but not included by default.
    extra_indicators: List[int] = field(default_factory=list)
    params: list = field(default_factory=list)  # (label, value, fmt, validation, name, note)
    intro: List[str] = field(default_factory=list)
    how: List[str] = field(default_factory=list)
    method: List[str] = field(default_factory=list)
    sheets: Optional[Callable] = None  # (wb, sample, plan) -> None: plan-specific data sheets
    bestand: Optional[Callable] = None  # (wb, sample, plan) -> sheet name: Bestandserfassung table
    bedarf_rows: Optional[Callable] = None  # (wb, sample, plan) -> [(sr_formula, bereich, bestand_ref, bedarf_ref)]
    bedarf_unit: str = "Plätze"
    teilplaene: list = field(default_factory=list)
    korridor: list = field(default_factory=list)  # (label, value_ref, lower, upper[, number format, default N2])
    massnahmen: list = field(default_factory=list)  # (Maßnahme, Ziel, Indikator, Zielwert, Istwert)
    charts_phase3: bool = True


def lebenslage_indicators(sample, code):
    """The indicators of a Lebenslage as the Sozialraummonitor uses them: tagged with the code, with a way to
    compute them (Art) and a direction (+/−)."""
    return [i["nr"] for i in sample.indikatoren
            if code in i["lebenslage"].split(";") and i["art"] and i["polaritaet"] in ("+", "-")]


def indicators(sample, plan):
    """The indicator columns of the plan's Sozialraumanalyse: the Lebenslage's, then the plan's extras."""
    own = lebenslage_indicators(sample, plan.lebenslage)
    return own + [nr for nr in plan.extra_indicators if nr not in own]


def parameter_sheet(wb, sample, plan):
    sh = wb.sheet("Parameter", tab="#c55a11")
    C.head(sh, f"Parameter – {plan.name}",
           "Indikatorauswahl, Polarität, Gewichte, Methode, Klassenschema und Planungsparameter. Was-wäre-wenn: "
           "eine Zelle ändern, alles rechnet neu.", 10)
    sh.set("A6", "Belastungsindex „" + plan.lebenslage_name + "“", "ISP_Abschnitt")
    rows = [("Datenjahr", D.BASE_YEAR, "YEAR", "v_jahr", "Jahr", "Jahr der Werte auf dem Blatt Werte"),
            ("Methode", "mean", None, "v_methode", "Methode",
             "mean = gewichteter Mittelwert der z-Werte (Standard), mss, sum, geo"),
            ("Mindesteinwohner je Sozialraum", 300, "N0", "v_anzahl", "Mindesteinwohner",
             "kleinere Sozialräume bleiben ohne Index"),
            ("Mindestabdeckung der Indikatoren", 2 / 3, "P0", "v_quote", "Mindestabdeckung",
             "Anteil der Indikatoren mit Werten, sonst kein Index")]
    C.parameter_rows(wb, sh, PAR["jahr"], rows)
    k0 = C.klassen_legende(wb, sh, PAR["schema"], extra=("Bedarfszuschlag", [0.0, 0.0, 0.25, 0.5], "P0",
                                                                    "v_quote"))
    assert k0 == PAR["kl0"]
    sh.set(f"F{k0}", "Index in SD-Einheiten, 0 = Landkreis; ein Index genau auf einer Grenze gehört zur Klasse "
                     "näher an 0 (±1,0 = durchschnittlich, 1,5 = erhöht).", "ISP_Hinweis")
    sh.set(f"F{k0 + 1}", "Bedarfszuschlag: so wird die Sozialraumbelastung bei der Bedarfsermittlung gewichtet.",
           "ISP_Hinweis")
    wb.name("Zuschlaege", "Parameter", f"E{k0}:E{k0 + 3}")
    i0 = PAR["ind0"]
    sh.set(f"A{i0 - 2}", "Indikatoren der Lebenslage (vorausgewählt, änderbar)", "ISP_Abschnitt")
    sh.row(f"A{i0 - 1}", ["Nr.", "Indikator", "Dimension", "Polarität (Katalog)", "einbeziehen",
                          "Polarität verwendet", "Gewicht", "wirksames Gewicht", "Einheit"], "ISP_Kopf")
    sh.height(i0 - 1, 1.0)
    cat = {ind["nr"]: (k, ind) for k, ind in enumerate(sample.indikatoren)}
    for j, nr in enumerate(indicators(sample, plan)):
        k, ind = cat[nr]
        r, ir = i0 + j, C.I0 + k
        sh.set(f"A{r}", f"=Indikatoren.A{ir}", "ISP_Formel")
        sh.set(f"B{r}", f"=Indikatoren.C{ir}", "ISP_Formel")
        sh.set(f"C{r}", f"=Indikatoren.B{ir}", "ISP_Formel")
        sh.set(f"D{r}", f"=Indikatoren.D{ir}", "ISP_Formel", extra={"align": "center"})
        pol = {"+": 1, "-": -1}.get(ind["polaritaet"], 0)
        include = pol and nr not in plan.extra_indicators
        sh.set(f"E{r}", "ja" if include else "nein", "ISP_Parameter", validation="v_janein")
        sh.set(f"F{r}", pol, "ISP_Parameter", validation="v_polaritaet")
        sh.set(f"G{r}", 1, "ISP_Parameter", "N1", validation="v_gewicht")
        sh.set(f"H{r}", f'=IF(AND(E{r}="ja";F{r}<>0);G{r};0)', "ISP_Formel", "N1")
        sh.set(f"I{r}", f"=Indikatoren.I{ir}", "ISP_Formel")
    r = i0 + len(indicators(sample, plan)) + 1
    if plan.params:
        sh.set(f"A{r}", f"Planungsparameter {plan.name}", "ISP_Abschnitt")
        C.parameter_rows(wb, sh, r + 1, plan.params)
    sh.width("A", 6.0)
    sh.width("B", 6.5)
    sh.width("C", 5.0)
    sh.width("D", 3.2)
    sh.width("E-H", 2.2)
    sh.width("I", 5.0)
    C.wg(wb, "ALLGEMEIN", sh)
    return sh


def analyse_sheet(wb, sample, plan):
    """Sozialraumanalyse: values of the Lebenslage's indicators per SR, ISP_BELASTUNG, class (ISP_KLASSE)."""
    sh = wb.sheet("Sozialraumanalyse", tab="#2e75b6")
    n = len(indicators(sample, plan))
    C.head(sh, f"Sozialraumanalyse: Belastungsindex „{plan.lebenslage_name}“",
           "Werte je Sozialraum und des Landkreises (Σ Zähler ÷ Σ Nenner aller Gemeinden); Index mit ISP_BELASTUNG "
           "wie im Sozialraummonitor: z = Polarität × (Wert − Landkreiswert) ÷ SD über die Sozialräume, gewichtetes "
           "Mittel, geteilt durch seine SD (0 = Landkreis); Klasse mit ISP_KLASSE und dem Klassenschema.", n + 6)
    first, last = "C", col_letters(1 + n)
    cat = {ind["nr"]: k for k, ind in enumerate(sample.indikatoren)}
    sh.set(f"A{SA['nr']}", "Indikator-Nr.", "ISP_Kopf")
    sh.set(f"A{SA['nr'] + 1}", "Indikator", "ISP_Kopf")
    sh.set(f"A{SA['pol']}", "Polarität", "ISP_Kopf")
    sh.set(f"A{SA['gew']}", "Gewicht", "ISP_Kopf")
    sh.row(f"A{SA['x0'] - 1}", ["Sozialraum", "Einwohner"], "ISP_Kopf")
    for j, nr in enumerate(indicators(sample, plan)):
        c = col_letters(2 + j)
        pr = PAR["ind0"] + j
        ir = C.I0 + cat[nr]
        sh.set(f"{c}{SA['nr']}", f"=Parameter.A{pr}", "ISP_Kopf", extra={"align": "center"})
        sh.set(f"{c}{SA['nr'] + 1}", f"=Parameter.B{pr}", "ISP_Kopf")
        # ISP_BELASTUNG needs ±1 per column; an excluded indicator has weight 0, its polarity does not matter.
        sh.set(f"{c}{SA['pol']}", f"=IF(Parameter.F{pr}=0;1;Parameter.F{pr})", "ISP_Formel")
        sh.set(f"{c}{SA['gew']}", f"=Parameter.H{pr}", "ISP_Formel", "N1")
        sh.set(f"{c}{SA['x0'] - 1}", f"=Parameter.I{pr}", "ISP_Formel", extra={"size": 7, "wrap": True})
        art = f"Indikatoren.$F${ir}"
        sk = f'IF(Indikatoren.$G${ir}="";1;Indikatoren.$G${ir})'
        for i in range(NSR):
            r = SA["x0"] + i
            sh.set(f"{c}{r}", C.sr_wert(f"$A{r}", f"{c}${SA['nr']}", "Jahr", art, sk), "ISP_Formel", "N2")
        r = SA["x0"] + NSR
        sh.set(f"{c}{r}", C.sr_wert(None, f"{c}${SA['nr']}", "Jahr", art, sk), "ISP_Ergebnis", "N2")
    sh.height(SA["nr"] + 1, 2.6)
    sh.height(SA["x0"] - 1, 1.0)
    x0, x1 = SA["x0"], SA["x0"] + NSR - 1
    for i in range(NSR):
        r = x0 + i
        sh.set(f"A{r}", i + 1, "ISP_Kopf", extra={"align": "center"})
        sh.set(f"B{r}", f"=VLOOKUP(A{r};Gebiete.$I${C.S0}:$L${C.S1};4;0)", "ISP_Formel", "N0")
    sh.set(f"A{x1 + 1}", "Landkreis", "ISP_Ergebnis")
    sh.set(f"B{x1 + 1}", f"=SUM(B{x0}:B{x1})", "ISP_Ergebnis", "N0")
    ci = col_letters(2 + n)  # raw index
    cs = col_letters(3 + n)  # index in SD units
    ck = col_letters(4 + n)  # class
    sh.set(f"{ci}{x0 - 1}", "Index (roh)", "ISP_Kopf")
    sh.set(f"{cs}{x0 - 1}", "Belastungsindex (SD-Einheiten)", "ISP_Kopf")
    sh.set(f"{ck}{x0 - 1}", "Belastungsklasse", "ISP_Kopf")
    # The monitor's Rechenweg (methods §8.6): centred on the Landkreis row (reference), raw = weighted mean of z,
    # index = raw ÷ its SD over the Sozialräume without re-centring (rescaleBySd = 1).
    args = (f"{first}{x0}:{last}{x1};{first}{SA['pol']}:{last}{SA['pol']};{first}{SA['gew']}:{last}{SA['gew']};"
            f"Methode;B{x0}:B{x1};Mindesteinwohner;\"z\";Mindestabdeckung")
    reference = f"{first}{x1 + 1}:{last}{x1 + 1}"
    sh.array(f"{ci}{x0}:{ci}{x1}", f"=ISP_BELASTUNG({args};0;{reference})", "ISP_Formel", "N3")
    sh.array(f"{cs}{x0}:{cs}{x1}", f"=ISP_BELASTUNG({args};1;{reference})", "ISP_Ergebnis", "SIGN2")
    sh.array(f"{ck}{x0}:{ck}{x1}", f"=ISP_KLASSE({cs}{x0}:{cs}{x1};Klassenschema)", "ISP_Klasse")
    sh.conditional(f"{ck}{x0}:{ck}{x1}", klassen_rules())
    sh.width("A", 2.2)
    sh.width("B", 2.2)
    sh.width(f"C-{last}", 2.1)
    sh.width(f"{ci}-{cs}", 2.6)
    sh.width(ck, 3.4)
    sh.freeze = (x0 - 1, 2)
    # Chart helper columns (hidden): the Sozialraum's number and name as the category, and one series per class
    # (the index where the Sozialraum's class is that class, else empty), stacked so that each bar is one series
    # in its class colour and a what-if edit that changes a class moves the bar to the other series.
    cn = col_letters(5 + n)
    k0, k1 = col_letters(6 + n), col_letters(5 + n + len(C.KLASSEN_FARBEN))
    sh.set(f"{cn}{x0 - 1}", "Sozialraum (Diagramm)", "ISP_Kopf")
    for k in range(len(C.KLASSEN_FARBEN)):
        sh.set((x0 - 2, 6 + n + k), f"=Parameter.$A${PAR['kl0'] + k}", "ISP_Kopf")
    for i in range(NSR):
        r = x0 + i
        sh.set(f"{cn}{r}", f'=A{r}&": "&VLOOKUP(A{r};Gebiete.$I${C.S0}:$J${C.S1};2;0)', "ISP_Formel")
        for k in range(len(C.KLASSEN_FARBEN)):
            sh.set((r - 1, 6 + n + k), f'=IF(OR({ck}{r}="";{ck}{r}<>Parameter.$A${PAR["kl0"] + k});"";{cs}{r})',
                   "ISP_Formel", "SIGN2")
    sh.hide(f"{cn}-{k1}")
    sh.chart(anchor=f"A{x1 + 4}", width=20, height=10, type="hbar", stacked=True, reverse_categories=True,
             hidden_cells=True, ranges=[f"{cn}{x0 - 1}:{cn}{x1}", f"{k0}{x0 - 1}:{k1}{x1}"],
             title=f"Belastungsindex „{plan.lebenslage_name}“ je Sozialraum (0 = Landkreis)", legend="bottom",
             ytitle="SD-Einheiten", colours=C.KLASSEN_FARBEN, border="#7f7f7f")
    wb.name("Klasse_SR", "Sozialraumanalyse", f"{ck}{x0}:{ck}{x1}")
    wb.name("Index_SR", "Sozialraumanalyse", f"{cs}{x0}:{cs}{x1}")
    C.wg(wb, "ZEILEN", sh, f"A{x0}:A{x1 + 1}")  # one row per Sozialraum, then the Landkreis
    return sh


def klassen_rules():
    return C.klassen_rules(PAR["kl0"])


QUALITATIV = ["Angebotsprofile", "Flexibilität der Angebote", "Qualifikation des Personals",
              "Fachberatung / Supervision", "Fortbildung", "Zufriedenheit der Adressaten",
              "Partizipation der Adressaten", "Vernetzung", "Einbindung ins Gemeinwesen", "Pluralität der Träger",
              "Fachlichkeit", "Qualitätssicherung"]


def qualitative_block(sh, top, title, fields, columns):
    sh.set(f"A{top}", title, "ISP_Abschnitt")
    sh.row(f"A{top + 1}", columns, "ISP_Kopf")
    for i, f in enumerate(fields):
        r = top + 2 + i
        sh.set(f"A{r}", f, "ISP_Kopf")
        for j in range(1, len(columns)):
            sh.set((r - 1, j), None, "ISP_Eingabe_Text")
        sh.height(r, 0.9)
    return top + 2 + len(fields)


def phase1(wb, sample, plan):
    """Bestandserfassung: the plan's quantitative table (plan.bestand) plus the qualitative fields (§7.1)."""
    name = plan.bestand(wb, sample, plan)
    sh = wb.get_sheet(name)
    r = sh.extent()[0] + 3
    qualitative_block(sh, r, "Qualitative Bestandserfassung (je Planungsregion oder Angebot)",
                      QUALITATIV, ["Merkmal", "Befund (Text)", "Bewertung 1–4", "Quelle / Datum"])
    for i in range(len(QUALITATIV)):
        sh.fill(f"C{r + 2 + i}", "ISP_Eingabe", validation="v_raster")
    sh.set(f"A{r + 3 + len(QUALITATIV)}", "Erfassung: fortlaufend (Leitpapier). Bewertung: 1 = gut erfüllt, "
           "2 = überwiegend, 3 = teilweise, 4 = nicht erfüllt.", "ISP_Hinweis")


QUELLEN = ["Adressaten", "Leistungserbringer", "Kommunen", "Landkreis", "Sozialarbeiter der Fachämter"]


def phase2(wb, sample, plan, bedarf_rows):
    sh = wb.sheet("2 Bedarfserfassung", tab="#548235")
    C.head(sh, f"Phase 2: Bedarfserfassung – {plan.name}",
           "Bedarf = das, was auf der Grundlage politischer Entscheidungen als erforderlich und finanzierbar gilt. "
           "Grundlage: Sozialraumbelastung, Bevölkerung mit Prognose, einheitliche Indikatoren.", 10)
    # Bedarf per SR (from the plan's Bedarf table) next to the Belastungsklasse.
    sh.set("A6", "Rechnerischer Bedarf je Sozialraum (Blatt Bedarfsrechnung)", "ISP_Abschnitt")
    sh.row("A7", ["Sozialraum", "Bereich", f"Bedarf ({plan.bedarf_unit})", "Belastungsklasse"], "ISP_Kopf")
    for i, (srf, bereich, _, bedarf) in enumerate(bedarf_rows):
        r = 8 + i
        sh.set(f"A{r}", srf, "ISP_Formel")
        sh.set(f"B{r}", bereich, "ISP_Formel")
        sh.set(f"C{r}", f"={bedarf}", "ISP_Ergebnis", "N1")
        sh.set(f"D{r}", f'=IFERROR(INDEX(Klasse_SR;A{r});"")', "ISP_Klasse")
    end = 8 + len(bedarf_rows)
    sh.conditional(f"D8:D{end - 1}", klassen_rules())
    C.wg(wb, "ZEILEN", sh, f"A8:A{end - 1}")
    # T9: Bedarfsanzeigen and Befragungen by source and SR
    r0 = end + 2
    sh.set(f"A{r0}", "Bedarfsanzeigen und Befragungen (Anzahl je Quelle und Sozialraum)", "ISP_Abschnitt")
    sh.row(f"A{r0 + 1}", ["Sozialraum"] + QUELLEN + ["Summe"], "ISP_Kopf")
    sh.height(r0 + 1, 1.0)
    import random
    rng = random.Random(plan.key)
    for i in range(NSR):
        r = r0 + 2 + i
        sh.set(f"A{r}", i + 1, "ISP_Formel")
        for j in range(len(QUELLEN)):
            sh.set((r - 1, 1 + j), rng.randint(0, 6), "ISP_Eingabe", validation="v_anzahl")
        sh.set(f"G{r}", f"=SUM(B{r}:F{r})", "ISP_Formel")
    r = r0 + 2 + NSR
    C.wg(wb, "ZEILEN", sh, f"A{r0 + 2}:A{r}")  # the Summe row is the Landkreis
    C.wg(wb, "ANZAHL", sh, f"B{r0 + 2}:G{r}")
    sh.set(f"A{r}", "Summe", "ISP_Ergebnis")
    for j in range(len(QUELLEN) + 1):
        c = col_letters(1 + j)
        sh.set(f"{c}{r}", f"=SUM({c}{r0 + 2}:{c}{r - 1})", "ISP_Ergebnis")
    # Planungsgespräche
    r1 = r + 3
    sh.set(f"A{r1}", "Planungsgespräche je Planungsregion", "ISP_Abschnitt")
    sh.row(f"A{r1 + 1}", ["Planungsregion", "Datum", "Beteiligte", "Ergebnisse / Bedarfe", "Folgetermin"],
           "ISP_Kopf")
    for i, pr in enumerate(D.PR_NAMES):
        rr = r1 + 2 + i
        sh.set(f"A{rr}", f"PR {pr}", "ISP_Formel")
        sh.set(f"B{rr}", None, "ISP_Eingabe", "DATE", validation="v_datum")
        sh.set(f"C{rr}", None, "ISP_Eingabe_Text")
        sh.set(f"D{rr}", None, "ISP_Eingabe_Text")
        sh.set(f"E{rr}", None, "ISP_Eingabe", "DATE", validation="v_datum")
        sh.height(rr, 0.9)
    C.wg(wb, "ZEILEN", sh, f"A{r1 + 2}:A{r1 + 1 + len(D.PR_NAMES)}")
    # Wertekorridor (F8)
    r2 = r1 + 2 + len(D.PR_NAMES) + 2
    sh.set(f"A{r2}", "Wertekorridor (Berechnungen, PROSOZ 14+)", "ISP_Abschnitt")
    sh.row(f"A{r2 + 1}", ["Kennzahl", "Wert", "untere Grenze", "obere Grenze", "Lage", "Abweichung"], "ISP_Kopf")
    for i, (label, ref, lo, hi, *fmt) in enumerate(plan.korridor):
        rr = r2 + 2 + i
        fmt = fmt[0] if fmt else "N2"
        sh.set(f"A{rr}", label, "ISP_Formel")
        sh.set(f"B{rr}", f"={ref}", "ISP_Formel", fmt)
        sh.set(f"C{rr}", lo, "ISP_Parameter", fmt, validation="v_zahl")
        sh.set(f"D{rr}", hi, "ISP_Parameter", fmt, validation="v_zahl")
        sh.set(f"E{rr}", f'=IF(B{rr}="";"";ISP_KORRIDOR(B{rr};C{rr};D{rr};"lage"))', "ISP_Ergebnis")
        sh.set(f"F{rr}", f'=IF(B{rr}="";"";ISP_KORRIDOR(B{rr};C{rr};D{rr};"abweichung"))', "ISP_Formel", fmt)
    r3 = r2 + 3 + len(plan.korridor)
    qualitative_block(sh, r3, "Einheitliches Bewertungsraster", [
        "Erreichbarkeit der Angebote", "Passgenauigkeit für die Zielgruppe", "Dringlichkeit",
        "Ressourcen im Gemeinwesen", "Synergien mit anderen Fachplanungen"],
        ["Kriterium", "Begründung", "Bewertung 1–4", "Quelle"])
    sh.width("A", 5.0)
    sh.width("B", 3.5)
    sh.width("C-F", 3.2)
    sh.width("G", 2.4)
    return sh


def phase3(wb, sample, plan, bedarf_rows):
    sh = wb.sheet("3 Bewertung und Empfehlung", tab="#548235")
    C.head(sh, f"Phase 3: Bestandsbewertung und Handlungsempfehlung – {plan.name}",
           "Bestand und Bedarf je Sozialraum unter Gewichtung der Sozialraumbelastung: gedeckt oder offener Bedarf; "
           "Empfehlung: Umsteuerung oder zusätzliche Angebote. Ergebnisse mit dem Fachamt abstimmen.", 12)
    sh.row("A6", ["Sozialraum", "Bereich", "Bestand", "Bedarf", "Deckungsgrad", "offener Bedarf", "Status",
                  "Belastungsklasse", "Priorität", "Handlungsempfehlung", "Synergien / Ressourcen",
                  "abgestimmt mit Fachamt am"], "ISP_Kopf")
    sh.height(6, 1.0)
    wb.validation("v_prioritaet", 'of:cell-content-is-in-list("hoch";"mittel";"niedrig")', "Priorität",
                  "Priorität: hoch, mittel oder niedrig.")
    n = len(bedarf_rows)
    for i, (srf, bereich, bestand, bedarf) in enumerate(bedarf_rows):
        r = 7 + i
        sh.set(f"A{r}", srf, "ISP_Formel")
        sh.set(f"B{r}", bereich, "ISP_Formel")
        sh.set(f"C{r}", f"={bestand}", "ISP_Formel", "N1")
        sh.set(f"D{r}", f"={bedarf}", "ISP_Formel", "N1")
        sh.set(f"E{r}", f'=IF(OR(C{r}="";D{r}="";D{r}=0);"";ISP_DECKUNG(C{r};D{r};"grad"))', "ISP_Ergebnis", "P0")
        sh.set(f"F{r}", f'=IF(OR(C{r}="";D{r}="");"";ISP_DECKUNG(C{r};D{r};"offen"))', "ISP_Formel", "N1")
        sh.set(f"G{r}", f'=IF(OR(C{r}="";D{r}="";D{r}=0);"";ISP_DECKUNG(C{r};D{r};"status"))', "ISP_Formel",
               extra={"align": "center"})
        sh.set(f"H{r}", f'=IFERROR(INDEX(Klasse_SR;A{r});"")', "ISP_Klasse")
        # Suggested priority: open demand in a burdened SR first (the planner may overwrite the cell).
        sh.set(f"I{r}", f'=IF(OR(C{r}="";D{r}="");"";IF(AND(C{r}<D{r};OR(H{r}=Parameter.$A${PAR["kl0"] + 2};'
                        f'H{r}=Parameter.$A${PAR["kl0"] + 3}));"hoch";IF(C{r}<D{r};"mittel";"niedrig")))',
               "ISP_Eingabe", validation="v_prioritaet")
        for c in "JK":
            sh.set(f"{c}{r}", None, "ISP_Eingabe_Text")
        sh.set(f"L{r}", None, "ISP_Eingabe", "DATE", validation="v_datum")
    end = 6 + n
    sh.conditional(f"G7:G{end}", [('"gedeckt"', "ISP_Status_gedeckt"), ('"offener Bedarf"', "ISP_Status_offen")])
    sh.conditional(f"H7:H{end}", klassen_rules())
    sh.conditional(f"I7:I{end}", [('"hoch"', "ISP_Klasse_4"), ('"mittel"', "ISP_Klasse_3")])
    r = end + 1
    sh.set(f"A{r}", "Landkreis", "ISP_Ergebnis")
    sh.set(f"B{r}", "", "ISP_Ergebnis")
    for c in "CDF":
        sh.set(f"{c}{r}", f"=SUM({c}7:{c}{end})", "ISP_Ergebnis", "N1")
    sh.set(f"E{r}", f'=IF(D{r}=0;"";ISP_DECKUNG(C{r};D{r};"grad"))', "ISP_Ergebnis", "P0")
    sh.set(f"G{r}", f'="offen: "&COUNTIF(G7:G{end};"offener Bedarf")', "ISP_Ergebnis", extra={"align": "center"})
    C.wg(wb, "ZEILEN", sh, f"A7:A{r}")
    sh.width("A", 4.2)
    sh.width("B", 3.6)
    sh.width("C-F", 2.4)
    sh.width("G", 3.3)
    sh.width("H", 3.4)
    sh.width("I", 2.2)
    sh.width("J-K", 6.0)
    sh.width("L", 2.8)
    sh.freeze = (6, 2)
    if plan.charts_phase3:
        sh.chart(anchor=f"A{r + 3}", width=24, height=9, type="bar",
                 ranges=[f"A6:A{end}", f"C6:D{end}"] if len({b for _, b, _, _ in bedarf_rows}) == 1 else
                 [f"B6:B{end}", f"C6:D{end}"],
                 title=f"Bestand und Bedarf je Sozialraum ({plan.bedarf_unit})", ytitle=plan.bedarf_unit,
                 colours=["#2c7bb6", "#fdae61"])
    r2 = r + 23 if plan.charts_phase3 else r + 3
    qualitative_block(sh, r2, "Gesamtbewertung und Empfehlungen", [
        "Gedeckte Bedarfe", "Offene Bedarfe", "Umsteuerung bestehender Angebote", "Schaffung zusätzlicher Angebote",
        "Synergien und Ressourcen aus dem Gemeinwesen", "Prioritätensetzung", "Abstimmung mit dem Fachamt",
        "Entscheidungsvorbereitung (Gremien)"], ["Thema", "Empfehlung / Begründung", "Zuständig", "Termin"])
    return sh


def phase4(wb, sample, plan):
    sh = wb.sheet("4 Evaluation und Controlling", tab="#548235")
    C.head(sh, f"Phase 4: Evaluation, Controlling und Fortschreibung – {plan.name}",
           "Wirksamkeit und Bedarfsgerechtigkeit prüfen, Erfolgskontrolle, operatives und strategisches "
           "Controlling mit Berichtswesen, Hinweise für die Fortschreibung.", 10)
    sh.row("A6", ["Maßnahme", "Ziel", "Kennzahl", "Ausgangswert", "Zielwert", "Istwert", "Zielerreichung",
                  "Wirksamkeit 1–4", "Bedarfsgerechtigkeit 1–4", "Bemerkung"], "ISP_Kopf")
    sh.height(6, 1.0)
    rows = max(len(plan.massnahmen), 3) + 5
    for i in range(rows):
        r = 7 + i
        if i < len(plan.massnahmen):
            sh.row(f"A{r}", list(plan.massnahmen[i]))
        sh.fill(f"A{r}:C{r}", "ISP_Eingabe_Text")
        sh.fill(f"D{r}:F{r}", "ISP_Eingabe", "N1", "v_zahl")
        sh.set(f"G{r}", f'=IF(OR(D{r}="";E{r}="";F{r}="";E{r}=D{r});"";(F{r}-D{r})/(E{r}-D{r}))', "ISP_Ergebnis", "P0")
        sh.fill(f"H{r}:I{r}", "ISP_Eingabe", None, "v_raster")
        sh.fill(f"J{r}", "ISP_Eingabe_Text")
    sh.set(f"A{8 + rows}", "Zielerreichung = (Ist − Ausgang) ÷ (Ziel − Ausgang); 100 % = Ziel erreicht. Auch für "
           "Ziele, die eine Senkung verlangen.", "ISP_Hinweis")
    top = 10 + rows
    qualitative_block(sh, top, "Evaluation und Controlling", [
        "Wirksamkeit (Erfolgskontrolle)", "Bedarfsgerechtigkeit", "Operatives Controlling", "Strategisches Controlling",
        "Berichtswesen (Bericht an Ausschuss, Turnus)", "Hinweise für die Fortschreibung", "Prüfungsturnus"],
        ["Thema", "Befund", "Bewertung 1–4", "Nächster Schritt / Termin"])
    sh.width("A", 5.5)
    sh.width("B-C", 4.5)
    sh.width("D-I", 2.4)
    sh.width("J", 6.0)
    for r in range(top + 2, top + 9):
        sh.fill(f"C{r}", "ISP_Eingabe", validation="v_raster")
    # Measures carry no area key, and their texts may name a Sozialraum: not for per-area exports.
    C.wg(wb, "INTERN", sh)
    return sh


def build(plan, sample=None):
    sample = sample or D.Sample()
    wb = Workbook(f"{plan.name} (Vorlage, fiktive Beispieldaten)",
                  f"ISP-Fachplanvorlage {plan.name}: vier Planungsphasen, Belastungsindex {plan.lebenslage_name}")
    C.styles(wb)
    C.validations(wb)
    C.anleitung(wb, f"{plan.name} – Anleitung", [
        ("Wozu", [f"Leitsatz: {plan.motto}"] + plan.intro),
        ("Aufbau: die vier Planungsphasen", [
            "1 Bestandserfassung – Angebote, Dienste, Einrichtungen mit Träger, Lage, Kapazität und Belegung "
            "(Auslastung) sowie die qualitativen Merkmale (Angebotsprofile, Flexibilität, Qualifikation, "
            "Fachberatung/Supervision, Fortbildung, Zufriedenheit und Partizipation der Adressaten, Vernetzung, "
            "Einbindung ins Gemeinwesen, Pluralität, Fachlichkeit, Qualitätssicherung).",
            "2 Bedarfserfassung – rechnerischer Bedarf je Sozialraum, Bedarfsanzeigen und Befragungen nach Quelle, "
            "Planungsgespräche je Planungsregion, Wertekorridor, einheitliches Bewertungsraster.",
            "3 Bewertung und Empfehlung – Bestand gegen Bedarf je Sozialraum: Deckungsgrad, offener Bedarf, Status "
            "„gedeckt“/„offener Bedarf“, Belastungsklasse, Priorität, Handlungsempfehlung, Abstimmung mit dem Fachamt.",
            "4 Evaluation und Controlling – Maßnahmen mit Ziel- und Istwerten, Wirksamkeit, Bedarfsgerechtigkeit, "
            "Controlling, Berichtswesen, Hinweise für die Fortschreibung.",
            f"Sozialraumanalyse – Belastungsindex „{plan.lebenslage_name}“ je Sozialraum mit Klasse (ISP_BELASTUNG, "
            "ISP_KLASSE). Parameter – Indikatorauswahl, Polarität, Gewichte, Methode, Klassenschema, "
            "Planungsparameter. Fortschreibung – Beschluss, Intervall, nächste Fälligkeit je Teilfachplan.",
        ]),
        ("So gehen Sie vor", plan.how + [
            "Was-wäre-wenn: auf dem Blatt Parameter ein Gewicht, eine Zielquote oder das Klassenschema ändern, in "
            "der Bedarfsrechnung geplante zusätzliche Plätze eintragen – Deckungsgrad, Status und Priorität rechnen "
            "sofort neu.",
        ]),
        ("Methode", plan.method + [
            "Belastungsindex wie im Sozialraummonitor (ISP_BELASTUNG mit dem Landkreis als Bezug): je Indikator "
            "z = Polarität × (Wert des Sozialraums − Landkreiswert) ÷ Standardabweichung über die 13 Sozialräume; "
            "gewichteter Mittelwert je Sozialraum, geteilt durch seine Standardabweichung (0 = Landkreis). Klassen "
            "nach dem Klassenschema des Blatts Parameter (Standard „belastung“; Grenzen und Beschriftungen in der "
            "Legende dort; ISP_KLASSE). So hat "
            "jeder Sozialraum hier dieselbe Klasse wie im Sozialraummonitor.",
            "Deckungsgrad = Bestand ÷ Bedarf; offener Bedarf = max(0; Bedarf − Bestand); „gedeckt“, wenn der Bestand "
            "den Bedarf erreicht (ISP_DECKUNG).",
        ]),
    ] + C.COMMON_HINTS)
    if plan.sheets:
        plan.sheets(wb, sample, plan)
    bedarf_rows = plan.bedarf_rows(wb, sample, plan)
    phase1(wb, sample, plan)
    phase2(wb, sample, plan, bedarf_rows)
    phase3(wb, sample, plan, bedarf_rows)
    phase4(wb, sample, plan)
    analyse_sheet(wb, sample, plan)
    parameter_sheet(wb, sample, plan)
    C.fortschreibung(wb, plan.name, plan.teilplaene or [
        (f"{plan.name} (Gesamtplan)", C.date(2024, 1, 15), "Kreistag, Beschluss (fiktiv)", 5)])
    C.gebiete(wb, sample)
    C.indikatoren(wb, sample)
    C.werte(wb, sample)
    C.summen(wb)
    order = ["Anleitung", "3 Bewertung und Empfehlung"]
    wb.sheets.sort(key=lambda s: order.index(s.name) if s.name in order else len(order))
    _order_phases(wb)
    wb.active = "3 Bewertung und Empfehlung"
    return wb


def _order_phases(wb):
    """Anleitung, the four phases, Sozialraumanalyse, plan sheets, Parameter, Fortschreibung, data sheets."""
    names = [s.name for s in wb.sheets]
    phase1_name = [n for n in names if n.startswith("1 ")]
    head = ["Anleitung"] + phase1_name + ["2 Bedarfserfassung", "3 Bewertung und Empfehlung",
                                          "4 Evaluation und Controlling", "Sozialraumanalyse"]
    tail = ["Parameter", "Fortschreibung", "Gebiete", DG.SHEET, "Indikatoren", "Werte", "Summen"]
    middle = [n for n in names if n not in head and n not in tail]
    order = head + middle + tail
    wb.sheets.sort(key=lambda s: order.index(s.name))


def sr_label(i):
    return f"SR {i + 1}"


def zuschlag(sr_ref):
    """Bedarfszuschlag of the Sozialraum's Belastungsklasse (Parameter), 0 when it has no class."""
    return f"IFERROR(INDEX(Zuschlaege;MATCH(INDEX(Klasse_SR;{sr_ref});Beschriftungen;0));0)"


def bedarf_sheet(wb, sample, plan, rows, title, note, population, quote, buffer, bestand, group_label,
                 quote_fmt="P1", extra=None):
    """The Bedarfsrechnung: one row per Sozialraum (and Bereich).

    rows: [(sr_id, bereich)]; population(i, sr, bereich, r) -> formula of the target group (projected);
    quote(bereich) -> cell/name of the quota; buffer(r) -> formula of the buffer/surcharge; bestand(i, sr,
    bereich, r) -> formula of the existing supply. Returns bedarf_rows for the phase sheets.
    """
    sh = wb.sheet("Bedarfsrechnung", tab="#2e75b6")
    C.head(sh, title, note, 12)
    sh.row("A6", ["Sozialraum", "Bereich", group_label, "Bedarfsquote", "Zuschlag (Puffer + Belastung)",
                  f"Bedarf ({plan.bedarf_unit})", f"Bestand ({plan.bedarf_unit})", "geplant zusätzlich",
                  "Bestand gesamt", "Versorgungsgrad", "Deckungsgrad", "offener Bedarf"], "ISP_Kopf")
    sh.height(6, 1.3)
    out = []
    for i, (sr, bereich) in enumerate(rows):
        r = 7 + i
        sh.set(f"A{r}", sr, "ISP_Formel")
        sh.set(f"B{r}", bereich, "ISP_Formel")
        sh.set(f"C{r}", population(i, sr, bereich, r), "ISP_Formel", "N0")
        sh.set(f"D{r}", f"={quote(bereich)}", "ISP_Formel", quote_fmt)
        sh.set(f"E{r}", buffer(r), "ISP_Formel", "P0")
        sh.set(f"F{r}", f'=IF(C{r}="";"";ISP_BEDARF(C{r};D{r};E{r}))', "ISP_Ergebnis", "N1")
        sh.set(f"G{r}", bestand(i, sr, bereich, r), "ISP_Formel", "N1")
        sh.set(f"H{r}", 0, "ISP_Eingabe", "N1", validation="v_nichtneg")
        sh.set(f"I{r}", f"=G{r}+H{r}", "ISP_Formel", "N1")
        sh.set(f"J{r}", f'=IF(OR(C{r}="";C{r}=0);"";ISP_VERSORGUNGSGRAD(I{r};C{r}))', "ISP_Formel", "P1")
        sh.set(f"K{r}", f'=IF(OR(F{r}="";F{r}=0);"";ISP_DECKUNG(I{r};F{r};"grad"))', "ISP_Ergebnis", "P0")
        sh.set(f"L{r}", f'=IF(F{r}="";"";ISP_DECKUNG(I{r};F{r};"offen"))', "ISP_Formel", "N1")
        out.append((sr, bereich, f"Bedarfsrechnung.I{r}", f"Bedarfsrechnung.F{r}"))
    end = 6 + len(rows)
    r = end + 1
    sh.set(f"A{r}", "Landkreis", "ISP_Ergebnis")
    for c in "CFGHIL":
        sh.set(f"{c}{r}", f"=SUM({c}7:{c}{end})", "ISP_Ergebnis", "N1")
    sh.set(f"K{r}", f'=IF(F{r}=0;"";ISP_DECKUNG(I{r};F{r};"grad"))', "ISP_Ergebnis", "P0")
    sh.set(f"A{r + 2}", "Bedarf = Zielgruppe im Zieljahr × Bedarfsquote × (1 + Zuschlag) (ISP_BEDARF); Versorgungsgrad "
           "= Bestand ÷ prognostizierte Zielgruppe im Zieljahr (ISP_VERSORGUNGSGRAD); Deckungsgrad = Bestand ÷ Bedarf "
           "(ISP_DECKUNG). Spalte „geplant zusätzlich“: Was-wäre-wenn für neue Plätze.", "ISP_Hinweis")
    sh.width("A", 2.2)
    sh.width("B", 3.0)
    sh.width("C-L", 2.5)
    sh.freeze = (6, 2)
    C.wg(wb, "ZEILEN", sh, f"A7:A{end + 1}")
    if extra:
        extra(sh, end)
    return out


def angebote_sheet(wb, sample, plan, arts, seed, per_gemeinde, capacity, unit="Plätze", occupancy=(0.8, 1.0),
                   title="Angebote, Dienste und Einrichtungen"):
    """A generic Bestandserfassung list: one row per offer with Art, Träger, Gemeinde, SR, capacity and use.
    Defines the names Ang_SR, Ang_Art, Ang_Kap for SUMIFS in the Bedarfsrechnung."""
    import random
    rng = random.Random(seed)
    sh = wb.sheet("1 Bestandserfassung", tab="#548235")
    C.head(sh, f"Phase 1: Bestandserfassung – {title}",
           f"Je Angebot: Art, Träger, Lage (Gemeinde-ID → Sozialraum), Kapazität ({unit}) und Belegung; Auslastung = "
           "Belegung ÷ Kapazität (ISP_AUSLASTUNG). Erreichbarkeit und Strukturqualität als Merkmale.", 11)
    sh.row("A6", ["Angebot", "Art", "Träger", "Gemeinde-ID", "Sozialraum", f"Kapazität ({unit})", "Belegung",
                  "Auslastung", "Erreichbarkeit (ÖPNV, Min.)", "Strukturqualität", "Angebotsprofil"], "ISP_Kopf")
    sh.height(6, 1.0)
    traeger = ["Diakonie (fiktiv)", "Caritas (fiktiv)", "AWO (fiktiv)", "DRK (fiktiv)", "privat (fiktiv)",
               "Landkreis (fiktiv)"]
    k = 0
    for g in sample.gebiete:
        for art, share in arts:
            n = per_gemeinde(g, art)
            for j in range(n):
                r = 7 + k
                cap = max(1, round(capacity(g, art) * share * rng.uniform(0.8, 1.2)))
                sh.row(f"A{r}", [f"{art} {g['name']}" + (f" {j + 1}" if n > 1 else ""), art, rng.choice(traeger),
                                 g["id"], None, cap, round(cap * rng.uniform(*occupancy)), None,
                                 rng.choice([5, 10, 15, 25, 40]), rng.choice(["gut", "ausreichend", "verbesserungsbedürftig"]),
                                 None])
                k += 1
    rows = k + 15
    for r in range(7, 7 + rows):
        sh.set(f"E{r}", f'=IF(D{r}="";"";IFERROR(VLOOKUP(D{r};Gebiete.$A${C.G0}:$C${C.G1};3;0);"?"))', "ISP_Formel")
        sh.set(f"H{r}", f'=IF(OR(F{r}="";F{r}=0;G{r}="");"";ISP_AUSLASTUNG(G{r};F{r}))', "ISP_Formel", "P0")
    sh.fill(f"A7:D{6 + rows}", "ISP_Eingabe")
    sh.fill(f"F7:G{6 + rows}", "ISP_Eingabe", "N0", "v_anzahl")
    sh.fill(f"I7:I{6 + rows}", "ISP_Eingabe", "N0", "v_nichtneg")
    sh.fill(f"J7:K{6 + rows}", "ISP_Eingabe_Text")
    wb.validation("v_art_" + plan.key, "of:cell-content-is-in-list(" + ";".join(f'"{a}"' for a, _ in arts) + ")",
                  "Art", "Bitte eine Art aus der Liste wählen.")
    sh.fill(f"B7:B{6 + rows}", "ISP_Eingabe", validation="v_art_" + plan.key)
    sh.width("A", 6.5)
    sh.width("B", 5.0)
    sh.width("C", 3.8)
    sh.width("D-I", 2.3)
    sh.width("J-K", 4.0)
    sh.freeze = (6, 1)
    wb.name("Ang_SR", "1 Bestandserfassung", f"E7:E{6 + rows}")
    wb.name("Ang_Art", "1 Bestandserfassung", f"B7:B{6 + rows}")
    wb.name("Ang_Kap", "1 Bestandserfassung", f"F7:F{6 + rows}")
    C.wg(wb, "ZEILEN", sh, f"D7:D{6 + rows}")  # key: Gemeinde-ID
    C.wg(wb, "ANZAHL", sh, f"G7:G{6 + rows}")  # occupancy counts persons
    return sh.name


def sr_ew(r):
    """Population of the Sozialraum in column A of row r."""
    return f"VLOOKUP(A{r};Gebiete.$I${C.S0}:$L${C.S1};4;0)"


PROGNOSE_JAHRE = list(range(D.BASE_YEAR, D.BASE_YEAR + 8))


def prognose_block(sh, top, sample, band, years):
    """One age band of a projection sheet: the years in row top - 1, one row per Sozialraum from row top (the
    Gemeinden of the Bevölkerungsvorausberechnung summed per Sozialraum for the chosen variant), then the
    Landkreis row (sums)."""
    von, bis = DG.parse_band(band)
    sh.set(f"A{top - 1}", "Sozialraum", "ISP_Kopf")
    for j, y in enumerate(years):
        sh.set((top - 2, 1 + j), y, "ISP_Kopf", "YEAR")
    check = col_letters(1 + len(years))
    sh.set(f"{check}{top - 1}", "Prüfung", "ISP_Kopf")
    for i, sr in enumerate(sample.sozialraeume):
        r = top + i
        sh.set(f"A{r}", sr["id"], "ISP_Formel")
        sh.set(f"{check}{r}", "=" + DG.sr_check(f"$A{r}", von, bis), "ISP_Formel")
        for j in range(len(years)):
            c = col_letters(1 + j)
            sh.set(f"{c}{r}", "=" + DG.sr_sum(f"$A{r}", f"{c}${top - 1}", von, bis, check=f"${check}{r}"),
                   "ISP_Formel", "N0")
    r = top + NSR
    sh.set(f"A{r}", "Landkreis", "ISP_Ergebnis")
    for j in range(len(years)):
        c = col_letters(1 + j)
        sh.set(f"{c}{r}", f"=SUM({c}{top}:{c}{r - 1})", "ISP_Ergebnis", "N0")


def zielgruppe_prognose(wb, sample, plan, band, label, seed=None):
    """The sheet "Bevölkerungsprognose": the plan's target group (age band) per Sozialraum and year, rolled up
    from the Gemeinden of the Bevölkerungsvorausberechnung (built here too) for the variant on the Parameter
    sheet. Defines Prognose_SR (13 rows × years) and Prognose_Jahre; the Bedarfsrechnung and the
    Versorgungsgrad read the column of the Zieljahr (Parameter), current rates per 1,000 the column of the
    Datenjahr."""
    DG.sheet(wb, sample)
    sh = wb.sheet("Bevölkerungsprognose", tab="#2e75b6")
    C.head(sh, f"Bevölkerungsprognose: {label} je Sozialraum",
           f"{label} je Sozialraum und Jahr (Basisjahr {PROGNOSE_JAHRE[0]}, dann Vorausberechnung): Summe der "
           "Gemeinden des Sozialraums auf dem Blatt Bevölkerungsvorausberechnung in der Variante des Blatts "
           "Parameter. Bedarf und Versorgungsgrad beziehen sich auf die prognostizierte Altersgruppe im Zieljahr; "
           "#NV = Variante oder Wert fehlt dort.", 10)
    top = 7
    last = col_letters(len(PROGNOSE_JAHRE))
    prognose_block(sh, top, sample, band, PROGNOSE_JAHRE)
    r = top + NSR
    sh.width("A", 2.6)
    sh.width(f"B-{last}", 2.2)
    sh.width(col_letters(1 + len(PROGNOSE_JAHRE)), 2.6)
    sh.chart(anchor=f"A{r + 3}", width=14, height=8, type="line", ranges=[f"A{top - 1}:{last}{top - 1}",
                                                                          f"A{r}:{last}{r}"],
             series_in_rows=True, title=f"{label} im Landkreis (Prognose)", legend=False, ytitle="Personen")
    wb.name("Prognose_SR", "Bevölkerungsprognose", f"B{top}:{last}{top + NSR - 1}")
    wb.name("Prognose_Jahre", "Bevölkerungsprognose", f"B{top - 1}:{last}{top - 1}")
    C.wg(wb, "ZEILEN", sh, f"A{top}:A{top + NSR}")  # one row per Sozialraum, then the Landkreis
    return sh


def prognose(sr_ref, year="Zieljahr"):
    """The projected target group of the Sozialraum sr_ref in the given year (a name or cell)."""
    return f"INDEX(Prognose_SR;{sr_ref};MATCH({year};Prognose_Jahre;0))"


ZIELJAHR = ("Zieljahr der Planung", 2027, "YEAR", "v_jahr", "Zieljahr",
            "Jahr der Bevölkerungsprognose: Bedarf und Versorgungsgrad für die prognostizierte Altersgruppe")

