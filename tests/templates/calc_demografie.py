"""The Regionalisierte Bevölkerungsvorausberechnung feeding every Fachplan (issue 16 item 1, domain D7, F14) in
headless Calc with the add-in.

Expected values are computed here in Python from the input rows of the sheet Bevölkerungsvorausberechnung
(Gemeinde-ID, Variante, von, bis unter, one value per year) and the sample's Gemeinde → Sozialraum table
(data/sample/gebiete.csv, not the sheet's own lookup): the target group of a Sozialraum = Σ of its Gemeinden's
rows of the variant whose age band lies in the group; Bedarf = target group in the Zieljahr × Bedarfsquote ×
(1 + Zuschlag) (the quota and surcharge columns do not depend on the population and are read from the sheet);
Senioren: Pflegebedürftige = Σ Pflegequote × Einwohner of the band (the quotas from the Pflegeprognose sheet).
Schulentwicklung: children at entry age = ¼ × the Gemeinde's rows of the band 6 bis unter 10 × the school's
Einzugsanteil, then entrants, cohort shifting and classes per grade by hand (SchulentwicklungFollowsTheProjection).
"""
import math
import unittest

import calc_templates as T
from calc_templates import SR_OF, cell, named
from isp_templates import demografie as DG
from isp_templates import t_demografie as TD
from isp_templates import t_schule as S

NSR = 13
# Fachplan → {Bereich (None = one row per SR): (von, bis unter)}
ZIELGRUPPEN = {"jugendhilfe": {None: (6, 27)}, "teilhabe": {None: (18, 65)}, "psychiatrie": {None: (18, None)},
               "kita": {"U3": (0, 3), "Ü3": (3, 6), "Hort": (6, 10)}, "bildung": {None: (10, 18)}}
SENIOREN_BANDS = [(65, 70), (70, 75), (75, 80), (80, 85), (85, 90), (90, None)]


def setUpModule():
    T.setUpModule()


def tearDownModule():
    T.tearDownModule()


def vb_rows(doc):
    sh = doc.Sheets.getByName(DG.SHEET)
    last = chr(ord("A") + DG.Y0 + len(DG.JAHRE) - 1)
    data = sh.getCellRangeByName(f"A{DG.ROW0}:{last}{DG.ROW0 + 2000}").getDataArray()
    years = [int(y) for y in sh.getCellRangeByName(f"H6:{last}6").getDataArray()[0]]
    out = []
    for row in data:
        if not row[0]:
            break
        out.append({"gid": row[0], "variante": row[3], "von": row[5], "bis": row[6] if row[6] != "" else None,
                    "werte": dict(zip(years, row[DG.Y0:]))})
    return out


def group_by_hand(rows, sr, variante, year, von, bis):
    return sum(r["werte"][year] for r in rows
               if SR_OF[r["gid"]] == sr and r["variante"] == variante and r["von"] >= von
               and (bis is None or (r["bis"] is not None and r["bis"] <= bis)))


def bedarf_rows(doc):
    """(Sozialraum, Bereich, target group, quota, surcharge, Bedarf) per row of the Bedarfsrechnung."""
    sh = doc.Sheets.getByName("Bedarfsrechnung")
    out = []
    for row in sh.getCellRangeByName("A7:F60").getDataArray():
        if row[0] in ("", "Landkreis"):
            break
        out.append((int(row[0]), row[1], row[2], row[3], row[4], row[5]))
    return out


class VariantFeedsEveryFachplan(unittest.TestCase):
    def open(self, slug):
        doc = T.office.load(T.private_copy(slug))
        self.addCleanup(doc.close, True)
        doc.calculateAll()
        return doc

    def set_variant(self, doc, variante):
        c = named(doc, "Prognosevariante")
        c.Spreadsheet.unprotect("")
        c.setString(variante)
        doc.calculateAll()

    def check_bedarf(self, slug, doc, variante):
        rows = vb_rows(doc)
        year = int(named(doc, "Zieljahr").getValue())
        checked = 0
        for sr, bereich, group, quote, zuschlag, bedarf in bedarf_rows(doc):
            if slug == "senioren":
                rates = doc.Sheets.getByName("Pflegeprognose").getCellRangeByName("B8:G8").getDataArray()[0]
                expected_group = sum(q * group_by_hand(rows, sr, variante, year, a, b)
                                     for q, (a, b) in zip(rates, SENIOREN_BANDS))
            else:
                groups = ZIELGRUPPEN[slug]
                key = next((k for k in groups if k and str(bereich).endswith(k)), None)
                expected_group = group_by_hand(rows, sr, variante, year, *groups[key])
            self.assertAlmostEqual(group, expected_group, places=6, msg=f"{slug} SR {sr} {bereich} {variante}")
            self.assertAlmostEqual(bedarf, expected_group * quote * (1 + zuschlag), places=6,
                                   msg=f"{slug} Bedarf SR {sr} {bereich} {variante}")
            checked += 1
        self.assertGreaterEqual(checked, NSR)
        return [b[5] for b in bedarf_rows(doc)]

    def check_plan(self, slug):
        doc = self.open(slug)
        self.assertEqual(named(doc, "Prognosevariante").getString(), "Variante 1")
        v1 = self.check_bedarf(slug, doc, "Variante 1")
        self.set_variant(doc, "Variante 2")
        v2 = self.check_bedarf(slug, doc, "Variante 2")
        # Variante 2 (lower migration) lowers the need in every row, so that the switch visibly matters.
        for a, b in zip(v1, v2):
            self.assertLess(b, a)

    def test_jugendhilfe(self):
        self.check_plan("jugendhilfe")

    def test_kita(self):
        self.check_plan("kita")

    def test_teilhabe(self):
        self.check_plan("teilhabe")

    def test_psychiatrie(self):
        self.check_plan("psychiatrie")

    def test_senioren(self):
        self.check_plan("senioren")

    def test_bildung(self):
        self.check_plan("bildung")


class HierarchyAndGaps(unittest.TestCase):
    """The roll-up follows the area hierarchy; gaps are shown, never summed as 0."""

    def setUp(self):
        self.doc = T.office.load(T.private_copy("teilhabe"))
        self.doc.calculateAll()

    def tearDown(self):
        self.doc.close(True)

    def prognose(self, sr, col="B"):
        return cell(self.doc, "Bevölkerungsprognose", f"{col}{6 + sr}")

    def vb(self, addr):
        sh = self.doc.Sheets.getByName(DG.SHEET)
        sh.unprotect("")
        return sh.getCellRangeByName(addr)

    def test_moving_a_gemeinde_moves_its_people(self):
        rows = vb_rows(self.doc)
        year = int(self.doc.Sheets.getByName("Bevölkerungsprognose").getCellRangeByName("B6").getValue())
        gid = "G02"  # Fraureuth, Sozialraum 2 in the sample
        moved = group_by_hand([r for r in rows if r["gid"] == gid], 2, "Variante 1", year, 18, 65)
        self.assertGreater(moved, 0)
        before2, before3 = self.prognose(2).getValue(), self.prognose(3).getValue()
        geb = self.doc.Sheets.getByName("Gebiete")
        geb.unprotect("")
        row = next(r for r in range(6, 66) if geb.getCellRangeByName(f"A{r}").getString() == gid)
        geb.getCellRangeByName(f"C{row}").setValue(3)
        self.doc.calculateAll()
        self.assertAlmostEqual(self.prognose(2).getValue(), before2 - moved, places=6)
        self.assertAlmostEqual(self.prognose(3).getValue(), before3 + moved, places=6)

    def test_unknown_gemeinde_and_missing_value_are_flagged(self):
        check = chr(ord("A") + DG.Y0 + len(DG.JAHRE))
        r = DG.ROW0  # first row: Variante 1, first Gemeinde (Zwickau, Sozialraum 1), youngest band
        self.vb(f"H{r}").setString("")  # the base-year value of that row goes missing
        self.doc.calculateAll()
        self.assertEqual(self.vb(f"{check}{r}").getString(), "Wert fehlt")
        # Sozialraum 1's base year for 18–64 does not contain the youngest band: still a number ...
        self.assertEqual(self.prognose(1).getError(), 0)
        # ... but emptying an adult band's value makes the Sozialraum's figure #NV, not a partial sum.
        adult = next(i for i, b in enumerate(DG.BANDS) if b[2] == 27)
        self.vb(f"H{r + adult}").setString("")
        self.doc.calculateAll()
        self.assertNotEqual(self.prognose(1).getError(), 0)
        self.assertEqual(self.prognose(2).getError(), 0)
        self.assertEqual(self.prognose(1, "J").getString(), "Wert fehlt")  # the row's Prüfung says why
        self.assertEqual(self.prognose(2, "J").getString(), "")
        self.vb(f"A{r + 1}").setString("G99")
        self.doc.calculateAll()
        self.assertEqual(self.vb(f"{check}{r + 1}").getString(), "Gemeinde-ID fehlt auf Blatt Gebiete")

    def test_variant_without_rows_is_an_error_not_zero(self):
        c = named(self.doc, "Prognosevariante")
        c.Spreadsheet.unprotect("")
        c.setString("Variante 9")  # a planner's typing past the list (validation is only a hint on paste)
        self.doc.calculateAll()
        for sr in range(1, NSR + 1):
            self.assertNotEqual(self.prognose(sr).getError(), 0, f"SR {sr}")
            self.assertEqual(self.prognose(sr, "J").getString(), "Variante fehlt")


def classes_by_hand(pupils, guide, min_size, max_size):
    """docs/methods/fachplan-stability.md, classes_needed: ⌈pupils ÷ guide⌉, at most ⌊pupils ÷ min⌋, at least
    ⌈pupils ÷ max⌉ (the maximum wins), at least 1 for a grade with pupils; quotients with a tolerance of 1e-9."""
    if pupils <= 0:
        return 0
    c = math.ceil(pupils / guide - 1e-9)
    c = min(c, math.floor(pupils / min_size + 1e-9))
    c = max(c, math.ceil(pupils / max_size - 1e-9), 1)
    return c


class SchulentwicklungFollowsTheProjection(unittest.TestCase):
    """Schülerprognose: Kinder 6 J. of every school and year = ¼ × (Σ of its Gemeinde's rows of the band 6 bis
    unter 10 of the variant in that year, read from the sheet Bevölkerungsvorausberechnung) × Einzugsanteil;
    Schulanfänger = Kinder × trend mean 1:2:3 of the three past Eingangsquoten; grade 1 of year t = entrants of t,
    grade g+1 = Übergangsquote g × grade g of t−1; classes per grade as classes_by_hand. The inputs (shares,
    quotas, base-year pupils, Richtwert …) are read from their cells; every derived figure is computed here."""

    def setUp(self):
        self.doc = T.office.load(T.private_copy("schule"))
        self.doc.calculateAll()
        self.sh = self.doc.Sheets.getByName("Schülerprognose")
        self.sh.unprotect("")

    def tearDown(self):
        self.doc.close(True)

    def rng(self, addr):
        return self.sh.getCellRangeByName(addr)

    def values(self, addr):
        return self.rng(addr).getDataArray()[0]

    def expected(self, rows, k, variante):
        """{year: (Kinder, Schulanfänger, [pupils per grade], Klassen, Zügigkeit)} of school k by hand."""
        e = S.einzug_row(k)
        gid, share = self.rng(f"B{e}").getString(), self.rng(f"D{e}").getValue()
        t = S.top(k)
        r0, rb, rq, rt = t + 2, t + 2 + len(S.YEARS), t + 3 + len(S.YEARS), t + 4 + len(S.YEARS)
        base = list(self.values(f"B{rb}:E{rb}"))
        q1, q2, q3 = self.values(f"B{rq}:D{rq}")
        quote = (q1 + 2 * q2 + 3 * q3) / 6
        trans = self.values(f"B{rt}:D{rt}")
        guide, lo, hi = (named(self.doc, n).getValue() for n in ("Richtwert", "Min_Klasse", "Max_Klasse"))
        band = [r for r in rows if r["gid"] == gid and r["variante"] == variante and r["von"] == 6 and r["bis"] == 10]
        self.assertEqual(len(band), 1, f"{gid} {variante}: one row of the band 6 bis unter 10")
        out, grades = {}, base
        for j, year in enumerate(S.YEARS):
            kinder = entrants = None
            if j:
                kinder = band[0]["werte"][year] / 4 * share  # 4 single years in the band 6 bis unter 10
                entrants = kinder * quote
                grades = [entrants] + [trans[g] * grades[g] for g in range(3)]
            classes = [classes_by_hand(p, guide, lo, hi) for p in grades]
            out[year] = (kinder, entrants, list(grades), sum(classes), max(classes))
            self.assertEqual(int(self.rng(f"A{r0 + j}").getValue()), year)
        return out

    def check(self, variante):
        rows = vb_rows(self.doc)
        zieljahr = int(named(self.doc, "Zieljahr").getValue())
        result = {}
        for k, (name, _, _) in enumerate(S.SCHULEN):
            want = self.expected(rows, k, variante)
            r0 = S.top(k) + 2
            for j, year in enumerate(S.YEARS):
                got = self.values(f"A{r0 + j}:M{r0 + j}")
                kinder, entrants, grades, klassen, zuegig = want[year]
                msg = f"{name} {year} {variante}"
                if j:
                    self.assertAlmostEqual(got[10], kinder, places=6, msg="Kinder 6 J. " + msg)
                    self.assertAlmostEqual(got[12], entrants, places=6, msg="Schulanfänger " + msg)
                for g in range(4):
                    self.assertAlmostEqual(got[1 + g], grades[g], places=6, msg=f"Klasse {g + 1} {msg}")
                self.assertEqual(got[6], klassen, "Klassen " + msg)
                self.assertEqual(got[7], zuegig, "Zügigkeit " + msg)
            bedarf = self.doc.Sheets.getByName("Bedarfsrechnung").getCellRangeByName(f"C{7 + k}").getValue()
            self.assertEqual(bedarf, want[zieljahr][3], f"Bedarfsrechnung {name} {variante}")
            result[k] = want
        return result

    def test_both_variants(self):
        self.assertEqual(named(self.doc, "Prognosevariante").getString(), "Variante 1")
        v1 = self.check("Variante 1")
        c = named(self.doc, "Prognosevariante")
        c.Spreadsheet.unprotect("")
        c.setString("Variante 2")
        self.doc.calculateAll()
        v2 = self.check("Variante 2")
        # Variante 2 (lower migration) lowers every school's children from the first projected year on, and the
        # hand computation opens fewer classes somewhere: the switch visibly matters (the sheet followed above).
        for k in v1:
            for year in S.YEARS[1:]:
                self.assertLess(v2[k][year][0], v1[k][year][0])
        changed = [(k, y) for k in v1 for y in S.YEARS if v1[k][y][3] != v2[k][y][3]]
        self.assertTrue(changed, "no school's classes change with the variant")

    def kinder(self, k):
        r0 = S.top(k) + 2
        return [self.rng(f"K{r0 + j}") for j in range(1, len(S.YEARS))]

    def pruefung(self, k):
        return self.rng(f"F{S.einzug_row(k)}").getString()

    def test_shares_not_100_percent_give_nv_and_a_pruefung(self):
        e0, e1 = S.einzug_row(0), S.einzug_row(1)
        self.assertEqual([self.rng(f"B{e}").getString() for e in (e0, e1)], ["G01", "G01"])
        self.assertEqual((self.pruefung(0), self.pruefung(1)), ("", ""))
        self.rng(f"D{e0}").setValue(0.5)  # 50 % + 40 % for Zwickau
        self.doc.calculateAll()
        for k in (0, 1):  # both schools of the Gemeinde: no number, a German reason
            self.assertRegex(self.pruefung(k), r"^Einzugsanteile der Gemeinde ergeben 90[,.]0 % statt 100 %$")
            for c in self.kinder(k):
                self.assertNotEqual(c.getError(), 0, "Kinder 6 J. must be #NV")
            klassen = self.rng(f"G{S.top(k) + 3}")
            self.assertNotEqual(klassen.getError(), 0, "Klassen must not be a number from a wrong cohort")
            rb = S.top(k) + 2 + len(S.YEARS)
            self.assertEqual(self.rng(f"F{rb}").getString(), "Kinder 6 J.: " + self.pruefung(k))
        self.assertEqual(self.pruefung(2), "")  # Werdau's share is its own: untouched
        self.assertTrue(all(c.getError() == 0 for c in self.kinder(2)))
        self.rng(f"D{e1}").setValue(0.5)  # 50 % + 50 %: fine again
        self.doc.calculateAll()
        self.assertEqual((self.pruefung(0), self.pruefung(1)), ("", ""))
        self.assertTrue(all(c.getError() == 0 for c in self.kinder(0) + self.kinder(1)))

    def test_the_gemeinde_comes_from_the_bestandserfassung(self):
        bestand = self.doc.Sheets.getByName("1 Bestandserfassung")
        bestand.unprotect("")
        k = 2  # Grundschule Werdau, row 7 + k of the Bestandserfassung
        self.assertEqual(bestand.getCellRangeByName(f"D{7 + k}").getString(), S.SCHULEN[k][1])
        bestand.getCellRangeByName(f"D{7 + k}").setString("G05")  # Crimmitschau: 100 % + 100 %
        self.doc.calculateAll()
        self.assertEqual(self.rng(f"B{S.einzug_row(k)}").getString(), "G05")
        self.assertRegex(self.pruefung(k), r"^Einzugsanteile der Gemeinde ergeben 200[,.]0 % statt 100 %$")
        bestand.getCellRangeByName(f"D{7 + k}").setString("G99")  # in no row of the projection
        self.doc.calculateAll()
        self.assertEqual(self.pruefung(k), "Gemeinde fehlt in der Vorausberechnung")
        self.assertTrue(all(c.getError() != 0 for c in self.kinder(k)))
        bestand.getCellRangeByName(f"D{7 + k}").setString("")
        self.doc.calculateAll()
        self.assertEqual(self.pruefung(k), "Gemeinde-ID fehlt (Blatt 1 Bestandserfassung)")
        self.assertTrue(all(c.getError() != 0 for c in self.kinder(k)))

    def test_missing_value_and_unknown_variant_give_nv_and_a_pruefung(self):
        vb = self.doc.Sheets.getByName(DG.SHEET)
        vb.unprotect("")
        k = 2  # Grundschule Werdau
        gid = S.SCHULEN[k][1]
        ids = [row[0] for row in vb.getCellRangeByName(f"A{DG.ROW0}:A{DG.ROW0 + 2000}").getDataArray()]
        i = next(i for i, g in enumerate(ids) if g == gid)  # the first rows: Variante 1
        band = next(j for j, b in enumerate(DG.BANDS) if b[2] == 6)
        vb.getCellRangeByName(f"{DG.year_col(2026)}{DG.ROW0 + i + band}").setString("")
        self.doc.calculateAll()
        self.assertEqual(self.pruefung(k), "Wert fehlt")
        self.assertTrue(all(c.getError() != 0 for c in self.kinder(k)))
        self.assertEqual(self.pruefung(k + 1), "")
        c = named(self.doc, "Prognosevariante")
        c.Spreadsheet.unprotect("")
        c.setString("Variante 9")
        self.doc.calculateAll()
        for k in range(len(S.SCHULEN)):  # Werdau's gap lies in Variante 1: no row of Variante 9 comes first
            self.assertEqual(self.pruefung(k), "Variante fehlt")
            self.assertTrue(all(c.getError() != 0 for c in self.kinder(k)))


PR_OF = {g["gemeinde_id"]: g["planungsraum_id"] for g in T.GEBIETE}


class DemografieMonitor(unittest.TestCase):
    """Kennzahlen and Entwicklung of the Demografie-Monitor against the definitions of methods.md §6.1 applied by
    hand to the input rows: Jugendquotient = under 20 per 100 aged 20–64, Altenquotient = 65+ per 100 aged
    20–64, Alterungsindex = 65+ per 100 under 15, mean age = Σ count × band middle ÷ Σ count (open band 93)."""

    def setUp(self):
        self.doc = T.office.load(T.private_copy("demografie"))
        self.doc.calculateAll()

    def tearDown(self):
        self.doc.close(True)

    def expected(self, rows, member, variante, year):
        def group(von, bis):
            return sum(r["werte"][year] for r in rows if member(r["gid"]) and r["variante"] == variante
                       and r["von"] >= von and (bis is None or (r["bis"] is not None and r["bis"] <= bis)))
        total = group(0, None)
        mids = sum(r["werte"][year] * (93 if r["bis"] is None else (r["von"] + r["bis"]) / 2) for r in rows
                   if member(r["gid"]) and r["variante"] == variante)
        return {"Einwohner": total, "Jugendquotient": 100 * group(0, 20) / group(20, 65),
                "Altenquotient": 100 * group(65, None) / group(20, 65),
                "Alterungsindex": 100 * group(65, None) / group(0, 15), "Durchschnittsalter": mids / total}

    def kennzahlen(self, row):
        sh = self.doc.Sheets.getByName("Kennzahlen")
        head = [h.replace("- ", "") for h in sh.getCellRangeByName("A6:Q6").getDataArray()[0]]
        values = sh.getCellRangeByName(f"A{row}:Q{row}").getDataArray()[0]
        return dict(zip(head, values))

    def check(self, variante):
        rows = vb_rows(self.doc)
        year = int(named(self.doc, "Jahr").getValue())
        areas = [(7, lambda g: SR_OF[g] == 1), (8, lambda g: SR_OF[g] == 2), (19, lambda g: SR_OF[g] == 13),
                 (21, lambda g: PR_OF[g] == "II"), (25, lambda g: True)]
        for row, member in areas:
            got, want = self.kennzahlen(row), self.expected(rows, member, variante, year)
            for key, value in want.items():
                self.assertAlmostEqual(got[key], value, places=6, msg=f"Kennzahlen row {row} {key} {variante}")
            base = self.expected(rows, member, variante, DG.JAHRE[0])["Einwohner"]
            self.assertAlmostEqual(got[f"Einwohner {DG.JAHRE[0]}"], base, places=6)
            self.assertAlmostEqual(got[f"Veränderung seit {DG.JAHRE[0]}"], want["Einwohner"] / base - 1, places=9)
        return self.kennzahlen(25)["Einwohner"]

    def test_kennzahlen_both_variants(self):
        v1 = self.check("Variante 1")
        c = named(self.doc, "Prognosevariante")
        c.Spreadsheet.unprotect("")
        c.setString("Variante 2")
        self.doc.calculateAll()
        self.assertLess(self.check("Variante 2"), v1)

    def test_entwicklung_of_one_sozialraum(self):
        sh = self.doc.Sheets.getByName("Entwicklung")
        sh.unprotect("")
        sh.getCellRangeByName("B6").setValue(5)
        self.doc.calculateAll()
        rows = vb_rows(self.doc)
        head = [h.replace("- ", "") for h in sh.getCellRangeByName("A8:N8").getDataArray()[0]]
        for j, year in enumerate(DG.JAHRE):
            got = dict(zip(head, sh.getCellRangeByName(f"A{9 + j}:N{9 + j}").getDataArray()[0]))
            self.assertEqual(int(got["Jahr"]), year)
            want = self.expected(rows, lambda g: SR_OF[g] == 5, "Variante 1", year)
            self.assertAlmostEqual(got["Einwohner (gewählte Variante)"], want["Einwohner"], places=6)
            self.assertAlmostEqual(got["Einwohner (Variante 2)"],
                                   self.expected(rows, lambda g: SR_OF[g] == 5, "Variante 2", year)["Einwohner"],
                                   places=6)
            for key in ("Jugendquotient", "Altenquotient", "Alterungsindex", "Durchschnittsalter"):
                self.assertAlmostEqual(got[key], want[key], places=6, msg=f"{year} {key}")


if __name__ == "__main__":
    unittest.main()


def copy_row(sheet, src, dest):
    """A planner's paste of a projection row (its inputs; the Sozialraum column keeps its lookup formula)."""
    last = chr(ord("A") + DG.Y0 + len(DG.JAHRE) - 1)
    for a, b in (("A", "B"), ("D", last)):
        sheet.getCellRangeByName(f"{a}{dest}:{b}{dest}").setDataArray(
            sheet.getCellRangeByName(f"{a}{src}:{b}{src}").getDataArray())


class ProjectionRowsAreChecked(unittest.TestCase):
    """A pasted projection is summed only when it has exactly one row per Gemeinde, variant and band of the
    template (demografie.row_check, sr_check): a row twice, a subtotal row or a Gemeinde without rows gives #NV
    and the reason, never a double or partial sum. Expected sums by hand from the input rows (vb_rows)."""

    def setUp(self):
        self.doc = T.office.load(T.private_copy("teilhabe"))
        self.addCleanup(self.doc.close, True)
        self.doc.calculateAll()
        self.sheet = self.doc.Sheets.getByName(DG.SHEET)
        self.sheet.unprotect("")
        self.last = chr(ord("A") + DG.Y0 + len(DG.JAHRE) - 1)
        self.check = chr(ord("A") + DG.Y0 + len(DG.JAHRE))
        self.year = int(cell(self.doc, "Bevölkerungsprognose", "B6").getValue())

    def prognose(self, sr, col="B"):
        return cell(self.doc, "Bevölkerungsprognose", f"{col}{6 + sr}")

    def row_of(self, gid, variante, von):
        rows = vb_rows(self.doc)
        return DG.ROW0 + next(i for i, r in enumerate(rows)
                              if r["gid"] == gid and r["variante"] == variante and r["von"] == von)

    def test_spare_rows_are_inside_the_names(self):
        spare = DG.ROW0 + len(vb_rows(self.doc))
        self.assertEqual(named(self.doc, "VB_Werte").RangeAddress.EndRow + 1, spare + DG.SPARE_ROWS - 1)
        self.assertEqual(self.sheet.getCellRangeByName(f"{self.check}{spare}").getFormula()[:1], "=")

    def test_row_twice_then_as_subtotal(self):
        src = self.row_of("G01", "Variante 1", 27)  # Zwickau (Sozialraum 1), 27 bis unter 45: inside 18–65
        spare = DG.ROW0 + len(vb_rows(self.doc))
        copy_row(self.sheet, src, spare)
        self.doc.calculateAll()
        for r in (src, spare):
            self.assertEqual(self.sheet.getCellRangeByName(f"{self.check}{r}").getString(), "Zeile doppelt")
        self.assertNotEqual(self.prognose(1).getError(), 0)
        self.assertEqual(self.prognose(1, "J").getString(), DG.ZEILEN_FEHLER)
        self.assertEqual(self.prognose(2).getError(), 0)
        # The same row as a subtotal "insgesamt" (0 and older): flagged, and not part of 18–65 – the Sozialraum's
        # figure is the hand sum of its rows of the template's bands again.
        self.sheet.getCellRangeByName(f"F{spare}").setValue(0)
        self.sheet.getCellRangeByName(f"G{spare}").setString("")
        self.doc.calculateAll()
        self.assertEqual(self.sheet.getCellRangeByName(f"{self.check}{spare}").getString(),
                         "Altersgruppe nicht im Schema der Vorlage")
        self.assertEqual(self.sheet.getCellRangeByName(f"{self.check}{src}").getString(), "")
        rows = vb_rows(self.doc)
        self.assertEqual(rows[-1]["von"], 0)  # the subtotal row is read by hand too; its band excludes it
        self.assertAlmostEqual(self.prognose(1).getValue(), group_by_hand(rows, 1, "Variante 1", self.year, 18, 65),
                               places=6)
        self.assertEqual(self.prognose(1, "J").getString(), "")

    def test_gemeinde_without_rows(self):
        r = self.row_of("G02", "Variante 1", 45)  # Fraureuth (Sozialraum 2) loses its row 45 bis unter 65
        self.sheet.getCellRangeByName(f"A{r}").setString("")
        self.doc.calculateAll()
        self.assertNotEqual(self.prognose(2).getError(), 0)
        self.assertEqual(self.prognose(2, "J").getString(), DG.ZEILEN_FEHLER)
        self.assertEqual(self.prognose(1).getError(), 0)


class DemografieMonitorChecks(unittest.TestCase):
    """The monitor's per-row and per-column checks: a duplicate row of Sozialraum 1 in Variante 1 makes its
    Altersstruktur row, Variante 1 on Entwicklung and the Landkreis #NV with the reason, and nothing else."""

    def test_duplicate_row(self):
        doc = T.office.load(T.private_copy("demografie"))
        self.addCleanup(doc.close, True)
        sh = doc.Sheets.getByName(DG.SHEET)
        sh.unprotect("")
        spare = DG.ROW0 + len(vb_rows(doc))
        copy_row(sh, DG.ROW0, spare)  # G01, Variante 1, unter 3
        doc.calculateAll()
        alt = doc.Sheets.getByName("Altersstruktur")
        self.assertEqual(alt.getCellRangeByName(f"{TD.CHECK_COL}{TD.A0}").getString(), DG.ZEILEN_FEHLER)
        self.assertNotEqual(alt.getCellRangeByName(f"B{TD.A0}").getError(), 0)
        self.assertEqual(alt.getCellRangeByName(f"{TD.CHECK_COL}{TD.A0 + 1}").getString(), DG.CHECK_OK)
        self.assertEqual(alt.getCellRangeByName(f"B{TD.A0 + 1}").getError(), 0)
        ent = doc.Sheets.getByName("Entwicklung")  # Landkreis: Variante 1 broken, Variante 2 whole
        self.assertEqual(ent.getCellRangeByName("B7").getString(), DG.ZEILEN_FEHLER)
        self.assertEqual(ent.getCellRangeByName("C7").getString(), DG.CHECK_OK)
        self.assertNotEqual(ent.getCellRangeByName(f"B{TD.E0}").getError(), 0)
        self.assertEqual(ent.getCellRangeByName(f"C{TD.E0}").getError(), 0)
