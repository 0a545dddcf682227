"""The stored names are the file format: ODS and XLSX files store DE.SOZIALPLANUNG.ISP.FUNCTIONS.<METHOD>.

This list is written by hand and only ever grows. Never rename or remove an entry, never reorder a function's
parameters: files written by earlier versions would show #NAME? or compute something else. New functions must
be added here (the test fails until they are), new parameters only at the end.
"""
import json
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "..", "addin", "functions.json")

SERVICE = "de.sozialplanung.isp.Functions"
INTERFACE = "de.sozialplanung.isp.XFunctions"

# display name -> (UNO method, parameter names in order)
PINNED = {
    "ISP_SCORE": ("ispScore", ["x", "reference", "method", "polarity", "centre", "weights", "parameters"]),
    "ISP_AUSREISSER": ("ispAusreisser", ["values", "output"]),
    "ISP_BELASTUNG": ("ispBelastung", ["matrix", "polarities", "weights", "method", "population", "minPopulation",
                                       "normalisation", "minCoverage", "rescaleBySd", "reference", "outliers"]),
    "ISP_INDEX_EBENEN": ("ispIndexEbenen", ["matrix", "codes", "structure", "output", "normalisation", "minCoverage", "rescaleBySd"]),
    "ISP_KORRELATION": ("ispKorrelation", ["values", "values2", "method", "minPairs", "output"]),
    "ISP_KLASSE": ("ispKlasse", ["value", "scheme", "labels", "boundary", "output"]),
    "ISP_KLASSEN": ("ispKlassen", ["scheme", "labels", "boundary", "values", "output"]),
    "ISP_KLASSENANTEIL": ("ispKlassenanteil", ["classes", "population", "groups", "wanted", "group"]),
    "ISP_STABILITAET": ("ispStabilitaet", ["matrix", "polarities", "weights", "method", "scheme", "runs",
                                           "variation", "output", "seed"]),
    "ISP_AGGREGATE": ("ispAggregate", ["values", "groups", "group", "method", "weights"]),
    "ISP_GRUPPEN": ("ispGruppen", ["groups"]),
    "ISP_KREUZTABELLE": ("ispKreuztabelle", ["values", "rowKey", "rows", "columnKey", "columns", "conditionKey",
                                             "condition", "empty"]),
    "ISP_QUOTE": ("ispQuote", ["numerator", "denominator", "scale", "minNumerator", "minDenominator", "marker"]),
    "ISP_GRUPPENQUOTE": ("ispGruppenquote", ["numerator", "denominator", "groups", "group", "scale", "minNumerator",
                                             "minDenominator", "marker"]),
    "ISP_GEHEIMHALTUNG": ("ispGeheimhaltung", ["counts", "groups", "minCount", "output", "marker"]),
    "ISP_VERSORGUNGSGRAD": ("ispVersorgungsgrad", ["places", "ageGroup"]),
    "ISP_BETREUUNGSQUOTE": ("ispBetreuungsquote", ["cared", "ageGroup"]),
    "ISP_AUSLASTUNG": ("ispAuslastung", ["occupied", "capacity"]),
    "ISP_BEDARF": ("ispBedarf", ["population", "quota", "buffer"]),
    "ISP_DECKUNG": ("ispDeckung", ["stock", "demand", "output"]),
    "ISP_ECKWERT": ("ispEckwert", ["cases", "population", "per"]),
    "ISP_DICHTE": ("ispDichte", ["population", "area"]),
    "ISP_PFLEGEPROGNOSE": ("ispPflegeprognose", ["rates", "population"]),
    "ISP_SCHUELERPROGNOSE": ("ispSchuelerprognose", ["basePupils", "entrants", "transitionQuotas"]),
    "ISP_KLASSENZAHL": ("ispKlassenzahl", ["pupils", "guide", "minSize", "maxSize"]),
    "ISP_TRENDMITTEL": ("ispTrendmittel", ["values", "weights"]),
    "ISP_KORRIDOR": ("ispKorridor", ["value", "lower", "upper", "output"]),
    "ISP_VERAENDERUNG": ("ispVeraenderung", ["previous", "current"]),
    "ISP_BASISINDEX": ("ispBasisindex", ["value", "base"]),
    "ISP_CAGR": ("ispCagr", ["first", "last", "periods"]),
    "ISP_TRENDRICHTUNG": ("ispTrendrichtung", ["change", "tolerance"]),
    "ISP_VERWEILDAUER": ("ispVerweildauer", ["start", "end", "cutoff", "unit", "output"]),
    "ISP_DEMOGRAFIE": ("ispDemografie", ["kind", "a", "b", "c"]),
    "ISP_DURCHSCHNITTSALTER": ("ispDurchschnittsalter", ["counts", "ages"]),
    "ISP_DIAGNOSE": ("ispDiagnose", ["function", "arguments"]),
    "ISP_VERSION": ("ispVersion", []),
}


def stored(method):
    return (SERVICE + "." + method).upper()


class PinnedNames(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SPEC, encoding="utf-8") as f:
            cls.spec = json.load(f)
        cls.by_name = {fn["name"]: fn for fn in cls.spec["functions"]}

    def test_service_and_interface(self):
        self.assertEqual(self.spec["service"], SERVICE)
        self.assertEqual(self.spec["interface"], INTERFACE)

    def test_every_pinned_function_keeps_its_method_and_parameters(self):
        for name, (method, params) in PINNED.items():
            with self.subTest(name=name):
                self.assertIn(name, self.by_name, f"{name} was removed or renamed")
                fn = self.by_name[name]
                self.assertEqual(fn["method"], method, f"{name}: the UNO method name is stored in files")
                actual = [p["name"] for p in fn["params"]]
                self.assertEqual(actual[:len(params)], params, f"{name}: parameters may only be appended")
                for extra in fn["params"][len(params):]:
                    self.assertTrue(extra.get("optional") or extra["type"] == "varargs",
                                    f"{name}: an appended parameter must be optional")

    def test_every_function_is_pinned(self):
        for fn in self.spec["functions"]:
            with self.subTest(name=fn["name"]):
                self.assertIn(fn["name"], PINNED, "pin the new function here (its name becomes file format)")

    def test_stored_names(self):
        self.assertEqual(stored("ispScore"), "DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPSCORE")
        names = [stored(m) for m, _ in PINNED.values()]
        self.assertEqual(len(names), len(set(names)))
        for n in names:
            self.assertNotIn("_", n.split(".")[-1], "method names have no underscores")


if __name__ == "__main__":
    unittest.main()
