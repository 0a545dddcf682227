"""The bad-input catalogue for every function: no crash, no hang, never a number where a value is missing.

A seeded sweep calls every function of functions.json with arguments drawn from a pool of awkward inputs
(text, empty and error cells, mismatched sizes, constant data, huge and tiny numbers, whole columns and rows,
unknown keywords), as single-cell and as array formulas, then checks that soffice is still alive and that
every result is a number, a text, an empty cell or an error.
"""
import json
import os
import random
import unittest

import lo
from lo import array_formula, formula, put, read_range

SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "addin", "functions.json")

# Sheet "Daten": A numbers, B empty, C text, D an error in the middle, F huge/tiny, G constant, H groups.
DATA = [
    [1, None, "a", 1, None, 1e308, 5, "x"],
    [2, None, "b", "=1/0", None, -1e308, 5, "y"],
    [3, None, "c", 3, None, 1e-308, 5, "x"],
    [4, None, "d", "=NA()", None, 0, 5, ""],
    [5, None, "e", 5, None, -0.0, 5, "z"],
]
DATA_REFS = ["$Daten.A1", "$Daten.B1", "$Daten.C1", "$Daten.D2", "$Daten.A1:A5", "$Daten.B1:B5",
             "$Daten.C1:C5", "$Daten.D1:D5", "$Daten.F1:F5", "$Daten.G1:G5", "$Daten.H1:H5", "$Daten.A1:C5",
             "$Daten.A1:A3", "$Daten.A1:G5"]
# Whole columns and rows only where the add-in receives the range itself (reference parameters); Calc copies
# them cell by cell into "value or range" parameters (a million cells per column, ~0.1 s each), and in an
# array formula with such an argument Calc itself can take a minute. test_whole_ranges covers them once.
WHOLE = ["$Daten.A:A", "$Daten.A:H", "$Daten.1:1", "$Daten.A:XFD"]
PARAM_VALUES = ['""', '"z"', '"mss"', '"ratio"', '"xyz"', '"mss-status"', '"Verhältnis"', "0", "-1", "1", "2",
                "1E+308", "-1E-308", "{1;-1}", "{1;2;3}", "{-1;1;1.5}", '{"a";"b"}', "$Daten.B1", "$Daten.C1",
                "$Daten.A1:A5", "$Daten.A1:E1", "$Daten.D1:D5", ""]


def setUpModule():
    lo.start_module_office("badinput")


def tearDownModule():
    lo.stop_module_office()


class Sweep(lo.CalcTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.doc.Sheets.insertNewByName("Daten", 0)
        put(cls.doc.Sheets.getByName("Daten"), "A1", DATA)
        cls.sh = cls.doc.Sheets.getByName(cls.doc.Sheets.getElementNames()[1])
        with open(SPEC, encoding="utf-8") as f:
            cls.spec = json.load(f)

    def formulas(self, fn, rnd, count):
        out = []
        for _ in range(count):
            args = []
            for p in fn["params"]:
                if p["type"] == "cellrange":
                    args.append(rnd.choice(DATA_REFS + WHOLE))
                elif p["type"] == "varargs":
                    args += [rnd.choice(DATA_REFS + PARAM_VALUES) for _ in range(rnd.randint(0, 4))]
                elif p["type"] == "string":
                    args.append(rnd.choice(['"ISP_SCORE"', '"ISP_BELASTUNG"', '"isp_klasse"', '"aggregate"',
                                            '"nix"', '""']))
                else:
                    args.append(rnd.choice(PARAM_VALUES + DATA_REFS[:8]))
            # Drop some trailing optional arguments.
            while args and rnd.random() < 0.3:
                args.pop()
            out.append(f"={fn['name']}({';'.join(args)})")
        return out

    def test_sweep(self):
        rnd = random.Random(20240601)
        row = 1
        written = []
        for fn in self.spec["functions"]:
            for text in self.formulas(fn, rnd, 40):
                formula(self.sh, f"A{row}", text)
                array_formula(self.sh, f"C{row}:D{row + 1}", text)
                written.append((row, text))
                row += 2
        self.recalc()
        # soffice survived: a plain formula still computes.
        formula(self.sh, "Z1", "=1+1")
        self.recalc()
        self.assertEqual(lo.read(self.sh, "Z1"), ("value", 2.0))
        kinds = set()
        for r, text in written:
            for cell in [lo.read(self.sh, f"A{r}")] + [c for rr in read_range(self.sh, f"C{r}:D{r + 1}") for c in rr]:
                kinds.add(cell[0])
                self.assertIn(cell[0], {"value", "text", "empty", "error"}, text)
                if cell[0] == "value":
                    self.assertTrue(cell[1] == cell[1] and abs(cell[1]) != float("inf"), text)
        self.assertIn("error", kinds)

    def test_whole_ranges(self):
        cases = ["=ISP_SCORE($Daten.A:A;$Daten.A:A)", '=ISP_DIAGNOSE("ISP_SCORE";$Daten.A1;$Daten.A:A)',
                 "=ISP_BELASTUNG($Daten.A:XFD)", "=ISP_KLASSE($Daten.1:1)",
                 '=ISP_AGGREGATE($Daten.A:A;$Daten.A:A;2;"ratio";$Daten.G:G)',
                 '=ISP_AGGREGATE($Daten.A:A;$Daten.H:H;"x")']
        for i, text in enumerate(cases):
            formula(self.sh, f"AC{i + 1}", text)
        self.recalc()
        self.assertEqual(lo.read(self.sh, "AC1"), ("value", -1.2649110640673518))  # (1-3)/sqrt(2.5)
        self.assertEqual(lo.read(self.sh, "AC2")[0], "text")
        # The weights arrive as a million cells (a "value or range" parameter); their empty tail is cut.
        self.assertEqual(lo.read(self.sh, "AC5"), ("value", 0.4))  # group "2": 2 / 5
        # Row 4 has a value but an empty group: an error (the value would be lost silently).
        self.assertEqual(lo.read(self.sh, "AC6"), ("error", 502))

    def test_missing_data_never_becomes_a_number(self):
        # x / value / matrix / values entirely empty or text: the result is empty or an error, never a number.
        cases = ["=ISP_SCORE($Daten.B1;$Daten.A1:A5)", "=ISP_SCORE($Daten.C1;$Daten.A1:A5)",
                 "=ISP_KLASSE($Daten.B1)", "=ISP_KLASSE($Daten.C2)", "=ISP_BELASTUNG($Daten.B1:C5)",
                 '=ISP_AGGREGATE($Daten.B1:B5;$Daten.H1:H5;"x")', '=ISP_AGGREGATE($Daten.C1:C5;$Daten.H1:H5;"x")',
                 '=ISP_AGGREGATE($Daten.B1:B5;$Daten.H1:H5;"x";"mean")']
        for i, text in enumerate(cases):
            formula(self.sh, f"AA{i + 1}", text)
        self.recalc()
        for i, text in enumerate(cases):
            with self.subTest(formula=text):
                self.assertIn(lo.read(self.sh, f"AA{i + 1}")[0], {"empty", "error"})


if __name__ == "__main__":
    unittest.main()
