"""Function names and wizard texts in a German and an English UI (com.sun.star.sheet.FunctionDescriptions)."""
import json
import os
import unittest

import lo
from lo import put

SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "addin", "functions.json")
ADDIN_CATEGORY = 11  # com.sun.star.sheet.FunctionCategory.ADDIN

offices = {}


def setUpModule():
    offices["de"] = lo.Office("german", locale="de-DE").start()
    offices["en"] = lo.Office("english", locale="en-US").start()


def tearDownModule():
    for o in offices.values():
        o.stop()


def descriptions(office):
    fd = office.service("com.sun.star.sheet.FunctionDescriptions")
    out = {}
    for name in fd.getElementNames():
        props = {p.Name: p.Value for p in fd.getByName(name)}
        out[name] = props
    return out


class WizardTexts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SPEC, encoding="utf-8") as f:
            cls.spec = json.load(f)

    def check(self, lang):
        found = descriptions(offices[lang])
        for fn in self.spec["functions"]:
            with self.subTest(lang=lang, function=fn["name"]):
                # The display name is the same in every language.
                self.assertIn(fn["name"], found, f"{fn['name']} not in the function list of the {lang} UI")
                d = found[fn["name"]]
                self.assertEqual(d["Description"], fn["description"][lang])
                self.assertEqual(d["Category"], ADDIN_CATEGORY)
                args = d["Arguments"] or ()
                self.assertEqual(len(args), len(fn["params"]))
                for a, p in zip(args, fn["params"]):
                    self.assertEqual(a.Name, p["display"][lang])
                    self.assertEqual(a.Description, p["description"][lang])
                    self.assertEqual(bool(a.IsOptional), bool(p.get("optional")) or p["type"] == "varargs")

    def test_german_ui(self):
        self.check("de")

    def test_english_ui(self):
        self.check("en")


class GermanFormulas(unittest.TestCase):
    """In a German UI a planner types ISP_SCORE next to German native names and decimal commas."""

    def test_formula_local(self):
        o = offices["de"]
        doc = o.new_doc()
        try:
            sh = lo.sheet(doc)
            put(sh, "B2", [[12.5], [8.3], [15.1], [9.9], [11.2]])
            c1 = sh.getCellRangeByName("C2")
            c1.setPropertyValue("FormulaLocal", '=ISP_SCORE(B2;B$2:B$6;"Verhältnis";-1)')
            c2 = sh.getCellRangeByName("D2")
            c2.setPropertyValue("FormulaLocal", "=MITTELWERT(B$2:B$6)/B2*100")
            c3 = sh.getCellRangeByName("E2")
            c3.setPropertyValue("FormulaLocal", "=ISP_SCORE(B2;B$2:B$6)+0,5")
            c4 = sh.getCellRangeByName("F2")
            c4.setPropertyValue("FormulaLocal", "=STANDARDISIERUNG(B2;MITTELWERT(B$2:B$6);STABW(B$2:B$6))+0,5")
            doc.calculateAll()
            self.assertAlmostEqual(c1.getValue(), c2.getValue(), places=12)
            self.assertAlmostEqual(c3.getValue(), c4.getValue(), places=12)
            self.assertEqual(c1.getPropertyValue("FormulaLocal"), '=ISP_SCORE(B2;B$2:B$6;"Verhältnis";-1)')
            self.assertEqual(c1.getFormula(), '=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPSCORE(B2;B$2:B$6;"Verhältnis";-1)')
        finally:
            doc.close(True)


if __name__ == "__main__":
    unittest.main()
