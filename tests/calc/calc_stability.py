"""ISP_STABILITAET with the variation keywords in real Calc: class shares against native reference formulas
(STANDARDIZE, PERCENTRANK, GEOMEAN), counted over the runs the function itself reports ("laeufe"), output
shapes, today's behaviour for a number, German errors via ISP_DIAGNOSE.

The scheme is always passed as cut-points (never the default), so the tests do not depend on ISP_KLASSE's
default scheme. Cut-point classes are numbered 1..3 here, "Klasse 1".."Klasse 3" in the output."""
import unittest

import lo
from lo import array_formula, formula, put, read_range

RUNS = 400


def setUpModule():
    lo.start_module_office("stability")


def tearDownModule():
    lo.stop_module_office()


def native_class(cell, cuts):
    """Class number 1..len(cuts)+1 of a cell for cut-points where an equal value goes up (plain IFs)."""
    text = str(len(cuts) + 1)
    for k in range(len(cuts), 0, -1):
        text = f"IF({cell}<{cuts[k - 1]};{k};{text})"
    return "=" + text


class StabilitaetVariation(lo.CalcTest):
    def setUp(self):
        # One sheet per test: the run tables are long and must not overlap another test's arrays.
        sheets = self.doc.Sheets
        name = self.id().rsplit(".", 1)[-1][:30]
        sheets.insertNewByName(name, sheets.getCount())
        self.sh = sheets.getByName(name)

    def audit_share(self, audit_range, column, word):
        """Share of runs whose audit column (0-based) reads `word`, counted in Python from the sheet."""
        rows = read_range(self.sh, audit_range)
        self.assertEqual(len(rows), RUNS)
        return sum(1 for row in rows if row[column] == ("text", word)) / RUNS

    def check_mixture(self, summary_range, classes_a, classes_b, share_b, labels):
        """Each area: share 1 - share_b in its class under variant A, share_b in its class under variant B."""
        rows = read_range(self.sh, summary_range)
        for i, row in enumerate(rows):
            expected = [0.0] * len(labels)
            expected[classes_a[i] - 1] += 1.0 - share_b
            expected[classes_b[i] - 1] += share_b
            self.assertEqual(row[0], ("text", labels[classes_a[i] - 1]), f"area {i}: nominal class")
            self.assertAlmostEqual(row[1][1], expected[classes_a[i] - 1], places=12, msg=f"area {i}: stability")
            for k, want in enumerate(expected):
                self.assertAlmostEqual(row[2 + k][1], want, places=12, msg=f"area {i}, class {k + 1}")

    def test_normierung_percent_rank_runs_rescaled(self):
        # x = 1, 2, 3, 4, 10; nominal z-scores. Min-max runs give the nominal z after rescaling (affine);
        # percent-rank runs give PERCENTRANK brought onto the mean and SD of the z-scores.
        sh = self.sh
        put(sh, "B2", [[1], [2], [3], [4], [10]])
        cuts = [-1, 1]
        for r in range(2, 7):
            formula(sh, f"D{r}", f"=STANDARDIZE(B{r};AVERAGE(B$2:B$6);STDEV(B$2:B$6))")
            formula(sh, f"E{r}", f"=PERCENTRANK(B$2:B$6;B{r})")
            formula(sh, f"F{r}", f"=AVERAGE(D$2:D$6)+(E{r}-AVERAGE(E$2:E$6))/STDEV(E$2:E$6)*STDEV(D$2:D$6)")
            formula(sh, f"G{r}", native_class(f"D{r}", cuts))
            formula(sh, f"H{r}", native_class(f"F{r}", cuts))
        args = f'B2:B6;;;;{{-1;1}};{RUNS};"normierung"'
        array_formula(sh, "J2:N6", f'=ISP_STABILITAET({args};"uebersicht")')
        array_formula(sh, f"P2:T{RUNS + 1}", f'=ISP_STABILITAET({args};"laeufe")')
        self.recalc()
        nominal = [int(self.value(f"G{r}")) for r in range(2, 7)]
        ranked = [int(self.value(f"H{r}")) for r in range(2, 7)]
        self.assertEqual(nominal, [2, 2, 2, 2, 3])  # by hand: z = -0.85, -0.57, -0.28, 0, 1.70
        self.assertEqual(ranked, [1, 2, 2, 2, 3])  # by hand: -1.26, -0.63, 0, 0.63, 1.26
        rank_share = self.audit_share(f"P2:T{RUNS + 1}", 0, "rang")
        self.assertTrue(0.2 < rank_share < 0.47, rank_share)  # one of three, 400 runs: SD 0.024
        self.check_mixture("J2:N6", nominal, ranked, rank_share, ["Klasse 1", "Klasse 2", "Klasse 3"])
        # Audit: every run names its normalisation, aggregation, outliers, SD type; weights stay nominal.
        for row in read_range(sh, f"P2:T{RUNS + 1}"):
            self.assertIn(row[0], [("text", "nominal"), ("text", "minmax"), ("text", "rang")])
            self.assertEqual(row[1:4], [("text", "mean"), ("text", "nominal"), ("text", "nominal")])
            self.assertEqual(row[4], ("value", 1.0))

    def test_aggregation_geometric_runs(self):
        # Two indicators; nominal: mean of the z-scores. Geometric runs: min-max onto [1, 100], GEOMEAN,
        # brought onto the nominal mean and SD. Cuts -0.5, 0.
        sh = self.sh
        x = [1, 4, 2, 8, 5, 7, 3, 9]
        y = [6, 1, 5, 2, 9, 3, 8, 4]
        put(sh, "B20", [[a, b] for a, b in zip(x, y)])
        cuts = [-0.5, 0]
        last = 27
        for r in range(20, last + 1):
            zs = [f"STANDARDIZE({c}{r};AVERAGE({c}$20:{c}${last});STDEV({c}$20:{c}${last}))" for c in "BC"]
            formula(sh, f"E{r}", f"=({zs[0]}+{zs[1]})/2")
            mm = [f"(1+({c}{r}-MIN({c}$20:{c}${last}))/(MAX({c}$20:{c}${last})-MIN({c}$20:{c}${last}))*99)"
                  for c in "BC"]
            formula(sh, f"F{r}", f"=GEOMEAN({mm[0]};{mm[1]})")
            formula(sh, f"G{r}", f"=AVERAGE(E$20:E${last})+(F{r}-AVERAGE(F$20:F${last}))/STDEV(F$20:F${last})"
                                 f"*STDEV(E$20:E${last})")
            formula(sh, f"H{r}", native_class(f"E{r}", cuts))
            formula(sh, f"I{r}", native_class(f"G{r}", cuts))
        args = f'B20:C{last};;;;{{-0.5;0}};{RUNS};"Aggregation"'
        array_formula(sh, f"J20:N{last}", f'=ISP_STABILITAET({args};"uebersicht")')
        array_formula(sh, f"P20:U{RUNS + 19}", f'=ISP_STABILITAET({args};"laeufe")')
        array_formula(sh, f"W20:W{last}", f'=ISP_STABILITAET({args};"index")')
        self.recalc()
        nominal = [int(self.value(f"H{r}")) for r in range(20, last + 1)]
        geometric = [int(self.value(f"I{r}")) for r in range(20, last + 1)]
        self.assertNotEqual(nominal, geometric)  # the test needs areas that move
        geo_share = self.audit_share(f"P20:U{RUNS + 19}", 1, "geo")
        self.assertTrue(0.38 < geo_share < 0.62, geo_share)
        self.check_mixture(f"J20:N{last}", nominal, geometric, geo_share, ["Klasse 1", "Klasse 2", "Klasse 3"])
        for row in read_range(sh, f"P20:U{RUNS + 19}"):
            # A geometric run always normalises with min-max [1, 100]; a mean run keeps the z-scores.
            self.assertEqual(row[0], ("text", "minmax" if row[1] == ("text", "geo") else "nominal"))
        # The nominal index is the mean of the z-scores (native column E).
        self.assertSameColumn(f"W20:W{last}", f"E20:E{last}", tol=1e-12)

    def test_number_keeps_todays_behaviour_and_keyword_lists(self):
        # A number (weight variation) varies weights and SD type, as before the keywords; the same as naming
        # them, as an inline array or as a range of cells with an empty cell in it.
        sh = self.sh
        put(sh, "B40", [[12.5, 30.1, 4.2], [8.3, 25.4, 6.1], [15.1, 33.0, 3.3], [9.9, 27.0, 5.5],
                        [11.2, 28.8, 4.9], [7.4, 22.1, 7.0], [13.8, 31.7, 3.9], [10.0, 27.2, 5.2]])
        put(sh, "F40", [["Gewichte"], [None], ["SD"]])
        base = "B40:D47;{1;1;-1};;;{-0.28;0.1;0.6};300"
        array_formula(sh, "H40:H47", f"=ISP_STABILITAET({base})")
        array_formula(sh, "I40:I47", f"=ISP_STABILITAET({base};0.25)")
        array_formula(sh, "J40:J47", f'=ISP_STABILITAET({base};{{"gewichte";"sd"}})')
        array_formula(sh, "K40:K47", f"=ISP_STABILITAET({base};F40:F42)")
        array_formula(sh, "L40:L47", f'=ISP_STABILITAET({base};{{"sd";0.25;"gewichte"}})')
        array_formula(sh, "M40:M47", f'=ISP_STABILITAET({base};{{"gewichte";0.1}})')
        array_formula(sh, "N40:N47", f"=ISP_STABILITAET({base};0.1)")
        self.recalc()
        reference = read_range(sh, "H40:H47")
        self.assertTrue(all(c[0] == "value" for [c] in reference))
        self.assertTrue(any(c[1] < 1 for [c] in reference), "the comparison needs areas that move")
        for col in "IJKL":
            self.assertEqual(read_range(sh, f"{col}40:{col}47"), reference, col)
        # Weights only (no SD draw) differs from weights and SD type with the same f.
        self.assertNotEqual(read_range(sh, "M40:M47"), read_range(sh, "N40:N47"))

    def test_alle_shapes_and_reproducibility(self):
        sh = self.sh
        put(sh, "B60", [[12.5, 30.1, 4.2, 18.0], [8.3, 25.4, 6.1, 15.5], [15.1, 33.0, 3.3, 21.2],
                        [9.9, None, 5.5, 16.1], [11.2, 28.8, 4.9, 17.3], [7.4, 22.1, 7.0, 13.9],
                        [13.8, 31.7, 3.9, 30.0], [10.0, 27.2, 5.2, 16.6], [6.1, None, None, None],
                        [14.7, 32.5, 3.6, 20.1]])
        base = 'B60:E69;{1;1;-1;1};;;{-1;1;1.5};200;"alle"'
        array_formula(sh, "G60:L69", f'=ISP_STABILITAET({base};"uebersicht")')
        array_formula(sh, "N60:Q69", f'=ISP_STABILITAET({base};"wahrscheinlichkeiten")')
        array_formula(sh, "S60:S69", f"=ISP_STABILITAET({base})")
        array_formula(sh, "T60:T69", f"=ISP_STABILITAET({base})")  # same seed
        array_formula(sh, "U60:U69", f'=ISP_STABILITAET({base};"klasse")')
        array_formula(sh, "W60:AD259", f'=ISP_STABILITAET({base};"laeufe")')
        self.recalc()
        summary = read_range(sh, "G60:L69")
        probabilities = read_range(sh, "N60:Q69")
        stability = read_range(sh, "S60:S69")
        self.assertEqual(stability, read_range(sh, "T60:T69"))
        labels = ["Klasse 1", "Klasse 2", "Klasse 3", "Klasse 4"]
        for i, (row, probs, [stab], [cls]) in enumerate(zip(summary, probabilities, stability,
                                                             read_range(sh, "U60:U69"))):
            self.assertEqual(row[0], cls, f"row {i}")
            self.assertEqual(row[1], stab, f"row {i}")
            self.assertEqual(row[2:], probs, f"row {i}")
            if cls[0] == "empty":  # area 9: 1 of 4 values, no index, no class
                self.assertEqual(i, 8)
                self.assertTrue(all(c == ("empty", None) for c in row))
                continue
            self.assertAlmostEqual(sum(c[1] for c in probs), 1.0, places=12)
            self.assertAlmostEqual(probs[labels.index(cls[1])][1], stab[1], places=12)
        runs = read_range(sh, "W60:AD259")
        self.assertEqual(len(runs), 200)
        seen = {(r[0][1], r[1][1], r[2][1]) for r in runs}
        self.assertTrue({n for n, _, _ in seen} == {"nominal", "minmax", "rang"}, seen)
        self.assertTrue({a for _, a, _ in seen} == {"mean", "geo"}, seen)
        self.assertTrue({o for _, _, o in seen} == {"an", "aus"}, seen)
        for r in runs:
            for w in r[4:]:
                self.assertTrue(0.75 <= w[1] < 1.25, r)  # weight 1 +- 25 % (default f)
            # The SD draw applies to z-score runs only.
            if r[0] != ("text", "nominal"):
                self.assertEqual(r[3], ("text", "nominal"))
            else:
                self.assertIn(r[3], [("text", "z"), ("text", "zpop")])

    def test_bad_variation(self):
        put(self.sh, "B80", [[1, 5], [2, 3], [3, 8], [4, 1], [10, 6]])
        cases = [('"rang"', "ISP-E07", "möglich: gewichte, normierung, aggregation, ausreisser, sd, alle"),
                 ('{"normierung";0.1}', "ISP-E12", "nur zusammen mit"),
                 ('{"gewichte";0.1;0.2}', "ISP-E12", "höchstens eine Zahl"),
                 ('{"gewichte";1.5}', "ISP-E12", "Gewichtsvariation"),
                 ('"alle";"ränge"', "ISP-E07", "Ausgabe")]
        for i, (variation, eid, text) in enumerate(cases):
            with self.subTest(variation=variation):
                args = f"B80:C84;;;;{{-1;1}};10;{variation}"
                array_formula(self.sh, f"E{80 + i}:E{80 + i}", f"=ISP_STABILITAET({args})")
                self.recalc()
                self.assertError(f"E{80 + i}", 502)
                message = self.diagnose(f"F{80 + i}", f'=ISP_DIAGNOSE("ISP_STABILITAET";{args})')
                self.assertIn(eid, message)
                self.assertIn(text, message)


if __name__ == "__main__":
    unittest.main()
