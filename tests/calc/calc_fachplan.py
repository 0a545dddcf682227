"""Fachplan functions in real Calc: the acceptance examples of domain.md (F5-F9, F11, F12) and methods.md §12,
native equivalents, array forms with missing values, bad input."""
import unittest

import lo
from lo import array_formula, formula, put, read_range

MONTH = 365.25 / 12  # the engine's month (days)


def setUpModule():
    lo.start_module_office("fachplan")


def tearDownModule():
    lo.stop_module_office()


class Fachplan(lo.CalcTest):
    def check(self, cases):
        """cases: list of (formula, expected); expected a number, a text, None (empty) or ('error', code)."""
        for i, (text, _) in enumerate(cases):
            formula(self.sh, f"Z{i + 1}", text)
        self.recalc()
        for i, (text, expected) in enumerate(cases):
            with self.subTest(formula=text):
                addr = f"Z{i + 1}"
                if expected is None:
                    self.assertEmptyResult(addr)
                elif isinstance(expected, tuple):
                    self.assertError(addr, expected[1])
                elif isinstance(expected, str):
                    self.assertEqual(lo.read(self.sh, addr), ("text", expected))
                else:
                    self.assertValue(addr, expected, tol=1e-12)

    def test_supply_ratios_f6(self):
        put(self.sh, "A1", [[45, 50, 0, None, "k.A."]])
        self.check([
            ("=ISP_VERSORGUNGSGRAD(A1;B1)", 0.9),  # 45 places / 50 projected children (F6)
            ("=ISP_VERSORGUNGSGRAD(A1;C1)", ("error", 532)),  # division by zero: a defined error, not 0
            ("=ISP_VERSORGUNGSGRAD(D1;B1)", None),  # missing places: empty
            ("=ISP_VERSORGUNGSGRAD(A1;E1)", None),  # text: missing
            ("=ISP_BETREUUNGSQUOTE(A1;B1)", 0.9),
            ("=ISP_AUSLASTUNG(B1;A1)", 50 / 45),  # overbooking may exceed 1
        ])

    def test_array_form_and_broadcast(self):
        put(self.sh, "A10", [[10, 100], [None, 100], [30, 0], [40, "x"]])
        array_formula(self.sh, "C10:C13", "=ISP_AUSLASTUNG(A10:A13;B10:B13)")
        array_formula(self.sh, "D10:D13", "=ISP_AUSLASTUNG(A10:A13;B10)")  # one capacity for all
        self.recalc()
        self.assertEqual(read_range(self.sh, "C10:C13"),
                         [[("value", 0.1)], [("empty", None)], [("error", 532)], [("empty", None)]])
        self.assertEqual([c[1] for [c] in read_range(self.sh, "D10:D13")], [0.1, None, 0.3, 0.4])

    def test_coverage_f5_f14(self):
        put(self.sh, "A20", [[80, 100, 120, 85]])
        self.check([
            ("=ISP_DECKUNG(A20;B20)", 0.8),
            ('=ISP_DECKUNG(A20;B20;"offen")', 20.0),
            ('=ISP_DECKUNG(A20;B20;"Status")', "offener Bedarf"),
            ("=ISP_DECKUNG(C20;B20)", 1.2),
            ('=ISP_DECKUNG(C20;B20;"offen")', 0.0),
            ('=ISP_DECKUNG(C20;B20;"lücke")', -20.0),
            ('=ISP_DECKUNG(C20;B20;"status")', "gedeckt"),
            ("=ISP_DECKUNG(D20;B20)", 0.85),  # F14: +5 places move 80 % to 85 %
        ])

    def test_demand_and_projections(self):
        put(self.sh, "A30", [[100, 0.35, 0.05, 1000, 98, 100], [200, 0.5, 0.30, 200, None, None]])
        self.check([
            ("=ISP_BEDARF(A30:A31;B30:B31;0.1)", (100 * 0.35 + 200 * 0.5) * 1.1),
            ("=ISP_BEDARF(A30:A31;B30)", (100 + 200) * 0.35),  # one quota for all groups
            ("=ISP_PFLEGEPROGNOSE(C30:C31;D30:D31)", 110.0),  # methods.md §12: 0.05*1000 + 0.30*200
            ("=ISP_KLASSENZAHL(E30;25)", 4.0),  # 98 pupils at 25 -> 4 classes
            ("=ISP_BEDARF(A30:A31;B30:B31;-1)", ("error", 502)),
            ("=ISP_BEDARF(E30:E31;B30:B31)", ("error", 502)),  # a missing population is an error
        ])
        self.assertIn("ISP-E18", self.diagnose("Y1", '=ISP_DIAGNOSE("ISP_BEDARF";E30:E31;B30:B31)'))

    def test_pupil_projection(self):
        # S1 = 100, q = 0.98 -> S2 = 98 (methods.md §12); base year 100 / 90, entrants 110 and 105.
        put(self.sh, "A40", [[100, 90], [110, None], [105, None], [0.98, None]])
        array_formula(self.sh, "D40:E42", "=ISP_SCHUELERPROGNOSE(A40:B40;A41:A42;A43)")
        self.recalc()
        self.assertEqual([[c[1] for c in row] for row in read_range(self.sh, "D40:E42")],
                         [[100.0, 90.0], [110.0, 98.0], [105.0, 110 * 0.98]])

    def test_rates_density_demography(self):
        put(self.sh, "A50", [[12, 4000, 98861, 2527, 300, 1000, 200]])
        self.check([
            ("=ISP_ECKWERT(A50;B50)", 3.0),
            ("=ISP_ECKWERT(A50;B50;10000)", 30.0),
            ("=ROUND(ISP_DICHTE(C50;D50);2)", 39.12),  # F12: 98,861 / 2,527 km2 = 39.1
            ('=ISP_DEMOGRAFIE("Altenquotient";E50;F50)', 30.0),
            ('=ISP_DEMOGRAFIE("gesamtquotient";G50;E50;F50)', 50.0),
            ('=ISP_DEMOGRAFIE("alterungsindex";E50;G50)', 150.0),
            ('=ISP_DEMOGRAFIE("median";E50;G50)', ("error", 502)),
        ])

    def test_mean_age_equals_native(self):
        put(self.sh, "A60", [[10, 2.5], [30, 10], [25, 40], [5, 75]])
        formula(self.sh, "C60", "=ISP_DURCHSCHNITTSALTER(A60:A63;B60:B63)")
        formula(self.sh, "D60", "=SUMPRODUCT(A60:A63;B60:B63)/SUM(A60:A63)")
        self.recalc()
        self.assertValue("C60", self.value("D60"), tol=1e-14)

    def test_corridor_f8(self):
        put(self.sh, "A70", [[0.8, 1.2, 0.8, 0.7, 1.5, None]])
        self.check([
            ("=ISP_KORRIDOR(C70;A70;B70)", "im Korridor"),  # value = lower bound -> within (F8)
            ("=ISP_KORRIDOR(D70;A70;B70)", "unterhalb"),
            ("=ISP_KORRIDOR(E70;A70;B70)", "oberhalb"),
            ('=ISP_KORRIDOR(D70;A70;B70;"abweichung")', 0.7 - 0.8),
            ('=ISP_KORRIDOR(E70;A70;B70;"relativ")', (1.5 - 1.2) / 1.2),
            ("=ISP_KORRIDOR(F70;A70;B70)", None),
            ("=ISP_KORRIDOR(C70;B70;A70)", ("error", 502)),  # lower > upper
        ])

    def test_trends_f9(self):
        put(self.sh, "A80", [[100, 110, 121, 0.9, 0.95, 0.98]])
        self.check([
            ("=ISP_VERAENDERUNG(A80;B80)", 0.1),
            ("=ISP_VERAENDERUNG(B80;C80)", 0.1),
            ("=ISP_BASISINDEX(C80;A80)", 121.0),
            ("=ISP_CAGR(A80;C80;2)", 0.1),
            ("=ISP_TRENDRICHTUNG(ISP_VERAENDERUNG(A80;B80))", ("error", 504)),  # data arguments are references
            ("=ISP_TRENDMITTEL(D80:F80)", (0.9 + 2 * 0.95 + 3 * 0.98) / 6),
            ("=ISP_TRENDMITTEL(D80:F80;{1;1;1})", (0.9 + 0.95 + 0.98) / 3),
        ])
        formula(self.sh, "G80", "=ISP_VERAENDERUNG(A80;B80)")
        formula(self.sh, "H80", "=ISP_TRENDRICHTUNG(G80;0.02)")
        formula(self.sh, "I80", "=ISP_TRENDRICHTUNG(G80;0.2)")
        self.recalc()
        self.assertEqual(lo.read(self.sh, "H80"), ("text", "steigend"))
        self.assertEqual(lo.read(self.sh, "I80"), ("text", "stabil"))

    def test_length_of_stay_f7(self):
        # Cases of 6 and 12 months plus one open for 3 months at the Stichtag -> mean 7 months (F7).
        start = 45000.0
        put(self.sh, "A90", [[start, start + 6 * MONTH], [start, start + 12 * MONTH], [start, None],
                             [None, None], [start + 3 * MONTH]])
        self.check([
            ('=ISP_VERWEILDAUER(A90:A93;B90:B93;A94;"monate")', 7.0),
            ('=ISP_VERWEILDAUER(A90:A93;B90:B93;A94;"monate";"median")', 6.0),
            ('=ISP_VERWEILDAUER(A90:A93;B90:B93;A94;;"faelle")', 3.0),
            ('=ISP_VERWEILDAUER(A90:A93;B90:B93;A94;;"offen")', 1.0),
            ("=ISP_VERWEILDAUER(A90:A93;B90:B93)", ("error", 502)),  # an open case needs a Stichtag
        ])

    def test_bad_input(self):
        put(self.sh, "A100", [[-5, 10]])
        cases = [
            ("ISP_VERSORGUNGSGRAD", "A100;B100", "ISP-E09"),
            ("ISP_KLASSENZAHL", "B100;0", "ISP-E12"),
            ("ISP_DECKUNG", 'B100;B100;"rest"', "ISP-E07"),
            ("ISP_AUSLASTUNG", "A100:B100;A100:A101", "ISP-E01"),
        ]
        for i, (name, args, eid) in enumerate(cases):
            with self.subTest(function=name):
                formula(self.sh, f"X{i + 1}", f"={name}({args})")
                self.recalc()
                self.assertError(f"X{i + 1}", 502)
                self.assertIn(eid, self.diagnose(f"W{i + 1}", f'=ISP_DIAGNOSE("{name}";{args})'))


if __name__ == "__main__":
    unittest.main()
