"""Kindertagespflege and costs in the Kita-Bedarfsplanung (issue 16 item 3) in headless Calc with the add-in.

Expected values are computed here in Python from the input cells of the built template (places per
Tagespflegestelle and Einrichtung, cost figures per year) and the sample's Gemeinde → Sozialraum table
(data/sample/gebiete.csv), not read from the sheets' own formulas: U3 supply = Kita places U3 + KTP places per
Sozialraum; costs per place = (Kita + KTP costs) ÷ (Kita + KTP places); own share = costs − parents' fees − Land
subsidy; change = this ÷ last − 1; index = 100 × costs ÷ costs 2019.
"""
import unittest

import calc_templates as T
from calc_templates import SR_OF, cell
from isp_templates.t_kita import K0, KOSTEN_JAHRE, KTP0

NSR = 13


def setUpModule():
    T.setUpModule()


def tearDownModule():
    T.tearDownModule()


def rows(doc, sheet, first, last_col, key_col=0):
    """The data rows from first (1-based) down to the first row without a key, as lists of values."""
    data = doc.Sheets.getByName(sheet).getCellRangeByName(f"A{first}:{last_col}{first + 400}").getDataArray()
    out = []
    for row in data:
        if row[key_col] in ("", None):
            break
        out.append(row)
    return out


def header_col(doc, sheet, row, text):
    data = doc.Sheets.getByName(sheet).getCellRangeByName(f"A{row}:Z{row}").getDataArray()[0]
    return data.index(text)


class KindertagespflegeUndKosten(unittest.TestCase):
    def setUp(self):
        self.doc = T.office.load(T.private_copy("kita"))
        self.doc.calculateAll()

    def tearDown(self):
        self.doc.close(True)

    def u3_supply_by_hand(self):
        supply = {sr: 0.0 for sr in range(1, NSR + 1)}
        for row in rows(self.doc, "1 Bestandserfassung", 7, "E", key_col=2):  # Gemeinde-ID in C, Plätze U3 in E
            supply[SR_OF[row[2]]] += row[4] if isinstance(row[4], float) else 0.0
        ktp = rows(self.doc, "1 Kindertagespflege", KTP0, "D", key_col=1)  # Gemeinde-ID in B, Plätze in D
        for row in ktp:
            supply[SR_OF[row[1]]] += row[3] if isinstance(row[3], float) else 0.0
        return supply, len(ktp)

    def u3_supply_on_sheet(self):
        c = header_col(self.doc, "Bedarfsrechnung", 6, "Bestand (Plätze)")
        sh = self.doc.Sheets.getByName("Bedarfsrechnung")
        out = {}
        for i in range(NSR * 3):
            if sh.getCellByPosition(1, 6 + i).getString().endswith(" U3"):
                out[int(sh.getCellByPosition(0, 6 + i).getValue())] = sh.getCellByPosition(c, 6 + i).getValue()
        return out

    def test_ktp_places_count_towards_u3_supply(self):
        supply, n = self.u3_supply_by_hand()
        self.assertGreater(n, 20, "the sample has Tagespflegestellen in most Gemeinden")
        self.assertEqual(self.u3_supply_on_sheet(), supply)

    def test_what_if_more_ktp_places(self):
        sh = self.doc.Sheets.getByName("1 Kindertagespflege")
        sh.unprotect("")
        first = sh.getCellRangeByName(f"D{KTP0}")
        gid = sh.getCellRangeByName(f"B{KTP0}").getString()
        before = self.u3_supply_on_sheet()
        first.setValue(first.getValue() - 2)
        self.doc.calculateAll()
        after = self.u3_supply_on_sheet()
        self.assertEqual(after[SR_OF[gid]], before[SR_OF[gid]] - 2)
        self.assertEqual({k: v for k, v in after.items() if k != SR_OF[gid]},
                         {k: v for k, v in before.items() if k != SR_OF[gid]})
        self.assertEqual(after, self.u3_supply_by_hand()[0])

    def test_costs_by_hand(self):
        newest = K0 + len(KOSTEN_JAHRE) - 1
        table = rows(self.doc, "Kosten", K0, "L")
        self.assertEqual([int(r[0]) for r in table], KOSTEN_JAHRE)
        kita = sum(v for r in rows(self.doc, "1 Bestandserfassung", 7, "G", key_col=2) for v in r[4:7]
                   if isinstance(v, float))
        ktp = sum(r[3] for r in rows(self.doc, "1 Kindertagespflege", KTP0, "D", key_col=1) if isinstance(r[3], float))
        self.assertEqual(table[-1][1], kita, f"B{newest}: Kita places of the Datenjahr from 1 Bestandserfassung")
        self.assertEqual(table[-1][2], ktp, f"C{newest}: KTP places from 1 Kindertagespflege")
        per_place = []
        for k, (year, places, ktp_places, kita_cost, ktp_cost, fees, subsidy, total, own, pp, change, index) in \
                enumerate(table):
            with self.subTest(year=year):
                self.assertAlmostEqual(total, kita_cost + ktp_cost, delta=1e-6)
                self.assertAlmostEqual(own, kita_cost + ktp_cost - fees - subsidy, delta=1e-6)
                per_place.append((kita_cost + ktp_cost) / (places + ktp_places))
                self.assertAlmostEqual(pp, per_place[-1], delta=1e-9)
                self.assertAlmostEqual(index, 100 * total / table[0][7], delta=1e-9)
                if k:
                    self.assertAlmostEqual(change, per_place[-1] / per_place[-2] - 1, delta=1e-12)
                else:
                    self.assertEqual(change, "")

    def test_missing_cost_is_no_zero(self):
        """A year whose KTP costs are not known yet has no total, own share or cost per place, and the changes
        next to it stay empty – never a 0 that reads as "no costs"."""
        sh = self.doc.Sheets.getByName("Kosten")
        sh.unprotect("")
        r = K0 + 2  # 2021
        sh.getCellRangeByName(f"E{r}").setString("")
        self.doc.calculateAll()
        for addr in (f"H{r}", f"I{r}", f"J{r}", f"K{r}", f"K{r + 1}", f"L{r}"):
            c = cell(self.doc, "Kosten", addr)
            self.assertEqual((c.getError(), c.getString()), (0, ""), addr)
        self.assertNotEqual(cell(self.doc, "Kosten", f"J{r + 1}").getString(), "")


if __name__ == "__main__":
    unittest.main()
