"""Text results of ISP functions compare like native text in Calc formulas.

Found in the Fachplan templates: `=IF(G7="offener Bedarf";…)` was FALSE although G7 showed "offener Bedarf"
(ISP_DECKUNG status). Calc 7.4 does not intern strings that an add-in returns inside sequence<sequence<any>>,
so `=` and EXACT compared unequal; the add-in now returns single results as plain values and text-only grids
as sequence<sequence<string>> (addin/src/component.cpp, calc_friendly). Expected values: what Calc's own
functions give for the same texts (="erhöht"="erhöht" is TRUE).
"""
import unittest

import lo
from lo import array_formula, formula, put

office = None


def setUpModule():
    global office
    office = lo.Office("text_results").start()


def tearDownModule():
    office.stop()


class TextResults(unittest.TestCase):
    def setUp(self):
        self.doc = office.new_doc()
        self.sh = lo.sheet(self.doc)
        put(self.sh, "A1", [[5, 8], [9, 8], [-1.2, None], [0.4, None], [1.7, None]])

    def tearDown(self):
        self.doc.close(True)

    def value(self, addr):
        return self.sh.getCellRangeByName(addr).getString()

    def check_equal_to_text(self, addr, text):
        r = self.sh.getCellRangeByName(addr).CellAddress.Row + 1
        col = chr(ord("A") + self.sh.getCellRangeByName(addr).CellAddress.Column)
        formula(self.sh, f"H{r}", f'={col}{r}="{text}"')
        formula(self.sh, f"I{r}", f'=EXACT({col}{r};"{text}")')
        formula(self.sh, f"J{r}", f'=IF({col}{r}="{text}";1;0)')
        formula(self.sh, f"K{r}", f'=COUNTIF({col}{r};"{text}")')
        self.doc.calculateAll()
        self.assertEqual(self.value(addr), text)
        self.assertEqual([self.value(f"{c}{r}") for c in "HIJK"], ["TRUE", "TRUE", "1", "1"], addr)

    def test_single_cell_status(self):
        formula(self.sh, "D1", '=ISP_DECKUNG(A1;B1;"status")')
        self.check_equal_to_text("D1", "offener Bedarf")

    def test_single_cell_class(self):
        formula(self.sh, "D3", '=ISP_KLASSE(A3;"mss-status")')
        self.check_equal_to_text("D3", "hoch")

    def test_array_of_classes(self):
        array_formula(self.sh, "E3:E5", '=ISP_KLASSE(A3:A5;"belastung")')
        self.doc.calculateAll()
        self.check_equal_to_text("E3", "unterdurchschnittlich")
        self.check_equal_to_text("E4", "durchschnittlich")
        self.check_equal_to_text("E5", "stark erhöht")

    def test_array_of_status(self):
        array_formula(self.sh, "F1:F2", '=ISP_DECKUNG(A1:A2;B1:B2;"status")')
        self.doc.calculateAll()
        self.check_equal_to_text("F1", "offener Bedarf")
        self.check_equal_to_text("F2", "gedeckt")

    def test_single_number_is_a_plain_number(self):
        formula(self.sh, "G1", "=ISP_VERSORGUNGSGRAD(A1;B1)")
        formula(self.sh, "G2", "=G1=5/8")
        self.doc.calculateAll()
        self.assertAlmostEqual(self.sh.getCellRangeByName("G1").getValue(), 5 / 8, delta=1e-15)
        self.assertEqual(self.value("G2"), "TRUE")


if __name__ == "__main__":
    unittest.main()
