"""ISP_DIAGNOSE tells the truth about values where Calc needs a reference, and German keywords work (issue 13).

In a German and in an English Calc: a typed number, an expression or a nested call at a reference parameter
("cellrange" in functions.json) makes Calc show Fehler:504 / Err:504 before the add-in runs. ISP_DIAGNOSE with
the failing cell's formula text (FORMULA / FORMEL) names the argument; with the arguments copied it reads its own
formula to tell a typed number from a one-cell reference. Expected texts are written out by
hand from the wizard names of functions.json.
"""
import json
import os
import unittest

import lo
from lo import formula, put

SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "addin", "functions.json")
offices = {}


def setUpModule():
    lo.start_german_and_english("diagnose_refs", offices)


def tearDownModule():
    lo.stop_all(offices)


def must_be_a_range(number, name, function):
    return (f"Argument {number} ({name}) von {function} muss ein Zellbereich sein, z. B. B2:B14 – Calc zeigt "
            "dafür Fehler:504")


# (formula as the API writes it, expected start of ISP_DIAGNOSE(FORMULA(cell)))
REFUSED = [
    ("=ISP_QUOTE(25;400)", must_be_a_range(1, "Zähler", "ISP_QUOTE")),
    ("=ISP_SCORE(12.3;A1:A4)", must_be_a_range(1, "Wert", "ISP_SCORE")),
    ("=ISP_KLASSE(ROUND(J1;2))", must_be_a_range(1, "Wert", "ISP_KLASSE")),
    ("=ISP_KLASSE(ISP_SCORE(A1;A1:A4))", must_be_a_range(1, "Wert", "ISP_KLASSE")),
    ("=ISP_SCORE(A1+1;A1:A4)", must_be_a_range(1, "Wert", "ISP_SCORE")),
]
ACCEPTED = ["=ISP_SCORE(A1;A1:A4)", "=ISP_SCORE($A$1;A$1:$A4)", "=ISP_KLASSE((J1))",
            '=ISP_SCORE(A1;INDIRECT("A1:A4"))', "=ISP_BEDARF(F6;J1)", "=ISP_BEDARF(F6;0.35)"]


class ValuesAtReferences(unittest.TestCase):
    def setUp(self):
        self.docs = {}
        for lang, office in offices.items():
            doc = office.new_doc()
            sh = lo.sheet(doc)
            # A1:A4 = 3, 1, 4, 2; F6 = 100 persons; J1 = 0.5.
            put(sh, "A1", [[3], [1], [4], [2]])
            put(sh, "F6", [[100]])
            put(sh, "J1", [[0.5]])
            self.docs[lang] = (doc, sh)

    def tearDown(self):
        for doc, _ in self.docs.values():
            doc.close(True)

    def diagnose_formula_of(self, lang, text):
        doc, sh = self.docs[lang]
        formula(sh, "B1", text)
        formula(sh, "C1", "=ISP_DIAGNOSE(FORMULA(B1))")
        doc.calculateAll()
        return lo.read(sh, "B1"), sh.getCellRangeByName("C1").getString()

    def test_typed_values_and_expressions_at_references(self):
        for lang in offices:
            for text, expected in REFUSED:
                with self.subTest(lang=lang, formula=text):
                    shown, said = self.diagnose_formula_of(lang, text)
                    # Calc refuses the call itself: Err:504, shown as Fehler:504 in the German UI.
                    self.assertEqual(shown, ("error", 504))
                    self.assertTrue(said.startswith(expected), said)
                    self.assertNotIn("OK", said)

    def test_references_are_not_flagged(self):
        for lang in offices:
            for text in ACCEPTED:
                with self.subTest(lang=lang, formula=text):
                    shown, said = self.diagnose_formula_of(lang, text)
                    self.assertNotEqual(shown[0], "error", f"{text} gives {shown}")
                    # The formula is found in the document and its call repeated (INDIRECT is not repeated: the
                    # cell shows a result, so "OK" with a note).
                    self.assertTrue(said.startswith("OK"), said)
                    self.assertNotIn("Zellbereich sein", said)

    def test_every_reference_parameter(self):
        # Each reference parameter of functions.json in turn gets the number 7, every other required argument
        # a fitting one: Calc refuses the call, and ISP_DIAGNOSE names exactly that argument.
        with open(SPEC, encoding="utf-8") as f:
            functions = json.load(f)["functions"]
        fitting = {"cellrange": "A1:A4", "range": "1", "double": "1", "string": '"altenquotient"'}
        checked = 0
        for fn in functions:
            required = [p for p in fn["params"] if not p.get("optional") and p["type"] != "varargs"]
            if fn["name"] == "ISP_DIAGNOSE":
                continue
            for i, p in enumerate(required):
                if p["type"] != "cellrange":
                    continue
                args = ["7" if k == i else fitting[q["type"]] for k, q in enumerate(required)]
                text = f"={fn['name']}({';'.join(args)})"
                for lang in offices:
                    with self.subTest(lang=lang, formula=text):
                        shown, said = self.diagnose_formula_of(lang, text)
                        self.assertEqual(shown, ("error", 504))
                        self.assertTrue(said.startswith(must_be_a_range(i + 1, p["display"]["de"], fn["name"])),
                                        said)
                checked += 1
        self.assertGreater(checked, 50)

    def test_copied_arguments_name_the_condition(self):
        doc, sh = self.docs["de"]
        formula(sh, "D1", '=ISP_DIAGNOSE("ISP_QUOTE";25;400)')
        formula(sh, "D2", '=ISP_DIAGNOSE("ISP_SCORE";A1:A2;A1:A4)')
        doc.calculateAll()
        said = sh.getCellRangeByName("D1").getString()
        # ISP_DIAGNOSE's own formula shows the typed numbers (Calc hands it 25 and a reference to 25 alike).
        self.assertEqual(said, "Argument 1 (Zähler) von ISP_QUOTE muss ein Zellbereich sein, z. B. B2:B14 – Calc "
                               "zeigt dafür Fehler:504 (hier steht ein Wert)")
        # Ranges reach ISP_DIAGNOSE as ranges: nothing to add.
        self.assertEqual(sh.getCellRangeByName("D2").getString(), "OK: Ergebnis 2 × 1")


class GermanKeywords(unittest.TestCase):
    """The wizard's German keywords in a German Calc; expected values from Calc's own functions."""

    def test_keywords_of_the_wizard_and_their_synonyms(self):
        doc = offices["de"].new_doc()
        try:
            sh = lo.sheet(doc)
            put(sh, "A1", [[3], [1], [4], [2]])
            formula(sh, "B1", '=ISP_SCORE(A1;A1:A4;"Perzentilrang")')
            formula(sh, "C1", "=PERCENTRANK(A1:A4;A1;15)")
            formula(sh, "B2", '=ISP_SCORE(A1;A1:A4;"z-Wert")')
            formula(sh, "C2", "=STANDARDIZE(A1;AVERAGE(A1:A4);STDEV(A1:A4))")
            formula(sh, "B3", '=ISP_SCORE(A1;A1:A4;"Z Grundgesamtheit")')
            formula(sh, "C3", "=STANDARDIZE(A1;AVERAGE(A1:A4);STDEVP(A1:A4))")
            formula(sh, "B4", '=ISP_DIAGNOSE("ISP_SCORE";A1;A1:A4;"Perzentilrangx")')
            doc.calculateAll()
            for row in (1, 2, 3):
                ours, native = lo.read(sh, f"B{row}"), lo.read(sh, f"C{row}")
                self.assertEqual(ours[0], "value", ours)
                self.assertAlmostEqual(ours[1], native[1], places=12)
            self.assertEqual(sh.getCellRangeByName("B4").getString(),
                             "ISP-E07 Unbekannte Methode: „Perzentilrangx“; möglich: z, zpop, zw, minmax, rang, "
                             "verhaeltnis, zielpfosten, zielabstand, keine")
        finally:
            doc.close(True)


if __name__ == "__main__":
    unittest.main()
