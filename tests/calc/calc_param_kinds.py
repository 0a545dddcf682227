"""Parameter kinds (issue 13, item 1): scalar parameters take typed numbers and expressions, and a reference to
an empty cell is still refused there, never a silent 0; in a German and an English Calc.

Calc hands a parameter that accepts typed numbers a reference to an empty cell as 0 (docs/architecture.md,
"Parameter kinds"); the add-in reads the caller's formulas to refuse that 0. Expected numbers are hand
computations written next to each case.
"""
import json
import os
import unittest

import lo
from lo import formula, put

SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "addin", "functions.json")
offices = {}


def setUpModule():
    lo.start_german_and_english("param_kinds", offices)


def tearDownModule():
    lo.stop_all(offices)


class ParamKinds(unittest.TestCase):
    def setUp(self):
        self.docs = {}
        for lang, office in offices.items():
            doc = office.new_doc()
            sh = lo.sheet(doc)
            # A1:A4 = 3, 1, 4, 2; F1 = 100, F2 = 200 persons; J1 = 0.347; J2 = 0; J9 empty.
            put(sh, "A1", [[3], [1], [4], [2]])
            put(sh, "F1", [[100], [200]])
            put(sh, "J1", [[0.347], [0]])
            self.docs[lang] = (doc, sh)

    def tearDown(self):
        for doc, _ in self.docs.values():
            doc.close(True)

    def compute(self, lang, formulas):
        doc, sh = self.docs[lang]
        for i, text in enumerate(formulas, start=1):
            formula(sh, f"M{i}", text)
            formula(sh, f"N{i}", f"=ISP_DIAGNOSE(FORMULA(M{i}))")
        doc.calculateAll()
        return [(lo.read(sh, f"M{i}"), sh.getCellRangeByName(f"N{i}").getString())
                for i in range(1, len(formulas) + 1)]

    def test_typed_numbers_and_expressions(self):
        cases = [
            ("=ISP_BEDARF(F1;0.35)", ("value", 35.0)),            # 100 × 0.35
            ("=ISP_BEDARF(F1;ROUND(J1;2))", ("value", 35.0)),     # 100 × ROUND(0.347; 2) = 100 × 0.35
            ("=ISP_BEDARF(F1;J1;0.1*0.5)", ("value", 36.435)),    # 100 × 0.347 × 1.05
            ("=ISP_PFLEGEPROGNOSE(0.04;A1:A4)", ("value", 0.4)),  # 0.04 × (3 + 1 + 4 + 2)
            ('=ISP_KORRIDOR(A3;2;2*2;"abweichung")', ("value", 0.0)),  # 4 lies within [2; 4]
            ('=ISP_KORRIDOR(A1;0;2;"abweichung")', ("value", 1.0)),    # 3 − 2, a typed 0 is a number
            ("=ISP_CAGR(F1;F2;1+1)", ("value", 2 ** 0.5 - 1)),    # (200 / 100)^(1/2) − 1
        ]
        for lang in offices:
            results = self.compute(lang, [c[0] for c in cases])
            for (text, expected), (shown, said) in zip(cases, results):
                with self.subTest(lang=lang, formula=text):
                    self.assertEqual(shown[0], expected[0], f"{shown} / {said}")
                    self.assertAlmostEqual(shown[1], expected[1], places=12)
                    self.assertTrue(said.startswith("OK"), said)

    def test_every_scalar_parameter_takes_a_typed_number(self):
        # Every required scalar parameter of functions.json gets a typed 1, the others a fitting reference:
        # Calc calls the function (no Err:504); what the function answers is up to it.
        with open(SPEC, encoding="utf-8") as f:
            functions = json.load(f)["functions"]
        texts = []
        for fn in functions:
            required = [p for p in fn["params"] if not p.get("optional") and p["type"] != "varargs"]
            if any(p["kind"] == "scalar" for p in required):
                args = ["1" if p["kind"] == "scalar" else ('"altenquotient"' if p["type"] == "string" else "A1:A4")
                        for p in required]
                texts.append(f"={fn['name']}({';'.join(args)})")
        self.assertGreaterEqual(len(texts), 5)
        for lang in offices:
            for text, (shown, said) in zip(texts, self.compute(lang, texts)):
                with self.subTest(lang=lang, formula=text):
                    self.assertNotEqual(shown, ("error", 504), said)

    def test_an_empty_cell_is_refused_not_0(self):
        cases = ["=ISP_BEDARF(F1;J9)", '=ISP_KORRIDOR(A1;J9;4;"abweichung")', "=ISP_QUOTE(A1;F1;100;J9)",
                 "=ISP_BEDARF(F2;0)", "=ISP_BEDARF(F2;J2)"]
        for lang in offices:
            results = self.compute(lang, cases)
            for text, (shown, said) in zip(cases[:3], results[:3]):
                with self.subTest(lang=lang, formula=text):
                    self.assertEqual(shown, ("error", 502))  # the add-in refuses: Fehler:502 / Err:502
                    self.assertIn("die Zelle $Tabelle1.$J$9 ist leer, Calc macht daraus 0"
                                  if lang == "de" else "die Zelle $Sheet1.$J$9 ist leer, Calc macht daraus 0", said)
                    self.assertTrue(said.startswith("ISP-E18 "), said)
            # A typed 0 and a cell holding 0 in calls with other references stay numbers: 200 × 0.
            self.assertEqual(results[3][0], ("value", 0.0))
            self.assertEqual(results[4][0], ("value", 0.0))


if __name__ == "__main__":
    unittest.main()
