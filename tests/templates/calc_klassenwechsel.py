"""The Fortschreibung of the Sozialraummonitor (issue 16 item 2): sheet Klassenwechsel and its Rechenweg_Vorjahr in
headless Calc with the add-in.

Expected values: the previous year's index per Sozialraum and Lebenslage by the hand computation of calc_templates
(composite, centred on the Landkreis) from the template's previous-year rows (templates/isp_templates/data.py
Sample.werte_prior, the numbers the Werte sheet holds for 2022), classed with the "belastung" scheme by hand
(calc_templates.klasse); directions from the positions of the two classes in the legend; the change tables counted
here in Python from the two class columns, not by the sheet's COUNTIFS.
"""
import unittest

import calc_templates as T
from calc_templates import GROUP_COLS, RW, cell, composite, klasse, tagged
from isp_templates import data as D
from isp_templates.t_sozialraummonitor import DYN_LEG0, LEG0

LAGEN = [name for _, name in D.LEBENSLAGEN]
NSR = 13
NA = "k. A."


def setUpModule():
    T.setUpModule()


def tearDownModule():
    T.tearDownModule()


def prior_rows():
    """Sample.werte_prior in the shape of data/sample/werte.csv rows (calc_templates.area_value reads those)."""
    text = lambda v: "" if v is None else repr(v)  # noqa: E731
    return [{"indikator": str(w["nr"]), "gemeinde_id": w["gid"], "zaehler": text(w["z"]), "nenner": text(w["n"]),
             "wert": text(w["w"])} for w in D.Sample().werte_prior]


def find(sheet, text):
    """(row, col) 0-based of the first cell whose string is text, in A1:P120."""
    data = sheet.getCellRangeByName("A1:P120").getDataArray()
    for r, row in enumerate(data):
        for c, v in enumerate(row):
            if v == text:
                return r, c
    raise AssertionError(f"{text!r} not found on {sheet.Name}")


class Klassenwechsel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = T.office.load(T.private_copy("sozialraummonitor"))
        cls.doc.calculateAll()
        cls.sheet = cls.doc.Sheets.getByName("Klassenwechsel")

    @classmethod
    def tearDownClass(cls):
        cls.doc.close(True)

    def legend(self):
        return [cell(self.doc, "Parameter", f"A{LEG0 + k}").getString() for k in range(4)]

    def classes_on_sheet(self, j):
        """[(class Vergleichsjahr, class Datenjahr, Wechsel, Dynamik)] per SR of Lebenslage j, read by its block
        heading."""
        r, c = find(self.sheet, LAGEN[j])  # the merged heading above the four columns
        out = []
        for i in range(NSR):
            row = r + 2 + i
            out.append(tuple(self.sheet.getCellByPosition(c + k, row).getString() for k in range(4)))
            self.assertEqual(self.sheet.getCellByPosition(0, row).getString(), f"SR {i + 1}")
        return out

    def test_previous_year_classes_equal_hand_computation(self):
        self.assertEqual(T.num(self.doc, "Klassenwechsel", "B6"), D.PRIOR_YEAR)
        rows = prior_rows()
        for j, code in enumerate("KTSB"):
            expected = composite(tagged(code), "lk", rows=rows)
            col = GROUP_COLS[len(D.DIMENSIONEN) + j]
            shown = self.classes_on_sheet(j)
            for sr in range(1, NSR + 1):
                idx = cell(self.doc, "Rechenweg_Vorjahr", f"{col}{RW['idx0'] + sr - 1}")
                want = NA if expected[sr] is None else klasse(expected[sr])
                if expected[sr] is not None:
                    self.assertAlmostEqual(idx.getValue(), expected[sr], delta=1e-9, msg=f"{code} SR {sr}")
                self.assertEqual(shown[sr - 1][0], want, f"class {D.PRIOR_YEAR} {code} SR {sr}")
                now = cell(self.doc, "Rechenweg", f"{col}{RW['kl0'] + sr - 1}").getString() or NA
                self.assertEqual(shown[sr - 1][1], now, f"class {D.BASE_YEAR} {code} SR {sr}")

    def test_dynamik_index_equals_hand_computation(self):
        """The Dynamik-Index of the Berlin MSS (methods.md §8.1) with the monitor's steps: per indicator the change
        Datenjahr − Vergleichsjahr of the Sozialraum's value (both by area_value from the sample's rows of each
        year), z = polarity × (change − change of the Landkreis) ÷ sample SD over the Sozialräume, weighted mean
        with the coverage rule, ÷ its sample SD; classes of "mss-dynamik" by hand: below −1 positiv, above +1
        negativ, else stabil (a value on a cut-point is stabil: methods.md §8.1 table)."""
        prior = prior_rows()

        def change(nr, sr):
            now, before = T.area_value(nr, sr), T.area_value(nr, sr, prior)
            return None if now is None or before is None else now - before

        labels = [cell(self.doc, "Klassenwechsel", f"A{DYN_LEG0 + k}").getString() for k in range(3)]
        self.assertEqual(labels, ["positiv", "stabil", "negativ"])  # the engine's mss-dynamik labels
        seen = set()
        for j, code in enumerate("KTSB"):
            expected = composite(tagged(code), "lk", value=change)
            col = GROUP_COLS[len(D.DIMENSIONEN) + j]
            shown = self.classes_on_sheet(j)
            for sr in range(1, NSR + 1):
                idx = cell(self.doc, "Rechenweg_Dynamik", f"{col}{RW['idx0'] + sr - 1}")
                if expected[sr] is None:
                    want = NA
                    self.assertEqual(idx.getString(), "", f"{code} SR {sr}")
                else:
                    self.assertAlmostEqual(idx.getValue(), expected[sr], delta=1e-9, msg=f"{code} SR {sr}")
                    v = expected[sr]
                    want = "positiv" if v < -1 else "negativ" if v > 1 else "stabil"
                self.assertEqual(shown[sr - 1][3], want, f"Dynamik {code} SR {sr}")
                seen.add(want)
        self.assertEqual(seen, {"positiv", "stabil", "negativ"}, "the sample shows every Dynamik class")

    def test_directions_and_change_tables_equal_a_hand_count(self):
        legend = self.legend()
        labels = legend + [NA]
        moved = 0
        for j in range(len(LAGEN)):
            shown = self.classes_on_sheet(j)
            counts = {}
            for before, now, arrow, _ in shown:
                counts[(before, now)] = counts.get((before, now), 0) + 1
                if NA in (before, now):
                    want = NA
                else:
                    a, b = legend.index(before), legend.index(now)
                    want = "↑" if b > a else "↓" if b < a else "="
                    moved += want != "="
                self.assertEqual(arrow, want, (LAGEN[j], before, now))
            # The change table of this Lebenslage: below the heading "Klassenwechsel je Lebenslage …".
            top, _ = find(self.sheet, "Klassenwechsel je Lebenslage (Anzahl Sozialräume)")
            r0 = top + 2 + j * (len(legend) + 4)
            self.assertEqual(self.sheet.getCellByPosition(0, r0).getString(), LAGEN[j])
            heads = [self.sheet.getCellByPosition(2 + b, r0 + 1).getString() for b in range(len(labels))]
            self.assertEqual(heads, labels)
            for a, before in enumerate(labels):
                self.assertEqual(self.sheet.getCellByPosition(0, r0 + 2 + a).getString(), before)
                row = [self.sheet.getCellByPosition(2 + b, r0 + 2 + a).getValue() for b in range(len(labels))]
                self.assertEqual(row, [counts.get((before, now), 0) for now in labels], (LAGEN[j], before))
        self.assertGreater(moved, 0, "the sample's previous year moves some Sozialräume (else nothing is tested)")

    def test_dimension_directions_equal_hand_computation(self):
        """Block "Wechsel je Dimension": per Sozialraum and Dimension the direction between the classes of both
        years, each year's index by the hand computation (composite over the Dimension's indicators with a polarity,
        centred on the Landkreis) and classed by hand."""
        top, _ = find(self.sheet, "Wechsel je Dimension (Richtung der Klasse gegenüber dem Vergleichsjahr)")
        h = top + 1
        heads = [self.sheet.getCellByPosition(2 + j, h).getString().replace("-\n", "").replace("\n", " ")
                 for j in range(len(D.DIMENSIONEN))]
        self.assertEqual(heads, D.DIMENSIONEN)
        legend = self.legend()
        prior = prior_rows()
        moved = 0
        for j, dim in enumerate(D.DIMENSIONEN):
            members = [int(k["indikator"]) for k in T.KATALOG
                       if k["dimension"] == dim and k["art"] and k["polaritaet"] in ("+", "-")]
            now, before = composite(members, "lk"), composite(members, "lk", rows=prior)
            for sr in range(1, NSR + 1):
                self.assertEqual(self.sheet.getCellByPosition(0, h + sr).getString(), f"SR {sr}")
                if now[sr] is None or before[sr] is None:
                    want = NA
                else:
                    a, b = legend.index(klasse(before[sr])), legend.index(klasse(now[sr]))
                    want = "↑" if b > a else "↓" if b < a else "="
                    moved += want != "="
                self.assertEqual(self.sheet.getCellByPosition(2 + j, h + sr).getString(), want, (dim, sr))
        self.assertGreater(moved, 0, "the sample moves some Sozialräume in some Dimension (else nothing is tested)")

    def test_comparing_a_year_with_itself_moves_nothing(self):
        doc = T.office.load(T.private_copy("sozialraummonitor"))
        try:
            sheet = doc.Sheets.getByName("Klassenwechsel")
            sheet.unprotect("")
            sheet.getCellRangeByName("B6").setValue(D.BASE_YEAR)
            doc.calculateAll()
            for j in range(len(LAGEN)):
                r, c = find(sheet, LAGEN[j])
                for i in range(NSR):
                    before, now, arrow, dynamik = (sheet.getCellByPosition(c + k, r + 2 + i).getString()
                                                   for k in range(4))
                    self.assertEqual(before, now)
                    self.assertIn(arrow, ("=", NA))
                    # Nothing changed: no spread of the changes, so no Dynamik statement (and no error cell).
                    self.assertEqual(dynamik, NA)
                    self.assertEqual(sheet.getCellByPosition(c + 3, r + 2 + i).getError(), 0)
        finally:
            doc.close(True)


if __name__ == "__main__":
    unittest.main()
