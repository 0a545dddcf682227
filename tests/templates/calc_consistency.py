"""One method everywhere (issue 11, "Done when"): every template and the sample workbook, built from the same sample
data (data/sample), give every Sozialraum the same class per Lebenslage, and the same index to 1e-12 – in the
Sozialraummonitor (its transparent Rechenweg), in every Fachplan's Sozialraumanalyse (ISP_BELASTUNG with the
Landkreis row as reference) and in the sample workbook of the main job (templates/isp_templates/beispiel.py).

The Sozialstrukturatlas shows values only (no classes), so it has nothing to compare. Where the expected index comes
from: the monitor's Rechenweg is computed cell by cell with native Calc functions (SUMIFS, STDEV; methods §8.6),
the others with the add-in's ISP_BELASTUNG – two independent computations of the same formula, plus the hand
computation of calc_templates.composite (centred on the Landkreis) as a third.
"""
import os
import shutil
import tempfile
import unittest

import calc_templates as T
from calc_templates import GROUP_COLS, RW, build, cell
from isp_templates import beispiel as B
from isp_templates import data as D
from isp_templates.odf import col_letters
from isp_templates.office import Office

LAGEN = "KTSB"
# Fachplan template -> the Lebenslage of its Sozialraumanalyse (fachplan.Plan.lebenslage of each t_*.py).
FACHPLAENE = {"jugendhilfe": "K", "kita": "K", "schule": "B", "senioren": "S", "teilhabe": "T", "psychiatrie": "T",
              "bildung": "B"}
NSR = 13

office = None
workdir = None
results = {}  # source -> {(lebenslage, sr): (index or None, class text)}


def setUpModule():
    global office, workdir
    workdir = tempfile.mkdtemp(prefix="isp-tpl-consistency-")
    profile = os.path.join(workdir, "profile")
    shutil.copytree(os.path.join(T.OUT, "profile"), profile, symlinks=True)
    office = Office(profile, log_dir=workdir).start()
    read_everything()


def tearDownModule():
    if office:
        office.stop()
    shutil.rmtree(workdir, ignore_errors=True)


def value(c):
    """(index or None) of a result cell: empty text = no index (too few data), an error fails."""
    if c.getError():
        raise AssertionError(f"error {c.getError()} in a result cell")
    return None if c.getString() == "" else c.getValue()


def private_copy(slug):
    """A copy of the built template in this module's folder: other Calc tests running at the same time open the
    same files, and a document another office has open (lock file) does not load here."""
    target = os.path.join(workdir, os.path.basename(T.path(slug)))
    if not os.path.exists(target):
        shutil.copy(T.path(slug), target)
    return target


def load(path):
    doc = office.load(path)
    doc.calculateAll()
    return doc


def read_monitor():
    doc = load(private_copy("sozialraummonitor"))
    try:
        out = {}
        for j, code in enumerate(LAGEN):
            col = GROUP_COLS[len(D.DIMENSIONEN) + j]
            for sr in range(1, NSR + 1):
                idx = value(cell(doc, "Rechenweg", f"{col}{RW['idx0'] + sr - 1}"))
                out[(code, sr)] = (idx, cell(doc, "Rechenweg", f"{col}{RW['kl0'] + sr - 1}").getString())
        # The public sheet shows the same classes.
        public = {}
        for j, code in enumerate(LAGEN):
            for sr in range(1, NSR + 1):
                public[(code, sr)] = (None, doc.Sheets.getByName("Sozialraummonitor").getCellByPosition(
                    2 + j, 5 + NSR + 5 + 1 + sr).getString())
        return out, public
    finally:
        doc.close(True)


def read_fachplan(slug, code):
    doc = load(private_copy(slug))
    try:
        sh = doc.Sheets.getByName("Sozialraumanalyse")
        header = [sh.getCellByPosition(c, 8).getString() for c in range(80)]
        cs = header.index("Belastungsindex (SD-Einheiten)")
        ck = header.index("Belastungsklasse")
        return {(code, sr): (value(sh.getCellByPosition(cs, 8 + sr)), sh.getCellByPosition(ck, 8 + sr).getString())
                for sr in range(1, NSR + 1)}
    finally:
        doc.close(True)


def read_beispiel():
    """The sample workbook is not one of the eight templates: build it here from the same data, as the main job
    (scripts/sample_job.py) does."""
    doc = B.build(D.Sample()).open_in(office, os.path.join(workdir, B.STEM + ".fods"))
    doc.calculateAll()
    try:
        errors = build.error_cells(doc)
        if errors:
            raise AssertionError("sample workbook: error cells " + ", ".join(errors[:10]))
        sh = doc.Sheets.getByName(B.RESULT_SHEET)
        out = {}
        for j, (code, _) in enumerate(B.LEBENSLAGEN):
            for sr in range(1, NSR + 1):
                r = B.R0 - 1 + sr - 1
                out[(code, sr)] = (value(sh.getCellByPosition(4 + 2 * j, r)),
                                   sh.getCellByPosition(5 + 2 * j, r).getString())
        return out
    finally:
        doc.close(True)


def read_everything():
    results["Sozialraummonitor"], results["Sozialraummonitor (öffentliches Blatt)"] = read_monitor()
    for slug, code in FACHPLAENE.items():
        results[slug] = read_fachplan(slug, code)
    results["Beispiel"] = read_beispiel()


class OneMethodEverywhere(unittest.TestCase):
    def test_every_lebenslage_has_classes(self):
        """Not vacuous: every Sozialraum has an index and a class per Lebenslage in the monitor, and the classes
        spread over more than one label."""
        monitor = results["Sozialraummonitor"]
        for (code, sr), (idx, label) in monitor.items():
            self.assertIsNotNone(idx, f"{code} SR {sr}")
            self.assertIn(label, ("unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht"))
        self.assertGreater(len({label for _, label in monitor.values()}), 2)

    def test_same_class_everywhere(self):
        monitor = results["Sozialraummonitor"]
        for source, got in results.items():
            if source == "Sozialraummonitor":
                continue
            for key, (_, label) in got.items():
                with self.subTest(source=source, lebenslage=key[0], sr=key[1]):
                    self.assertEqual(label, monitor[key][1])

    def test_same_index_everywhere(self):
        """The same method (centred on the Landkreis, SD over the Sozialräume, rescaled without re-centring):
        the monitor's native Rechenweg equals ISP_BELASTUNG in every Fachplan and in the sample workbook."""
        monitor = results["Sozialraummonitor"]
        for source in list(FACHPLAENE) + ["Beispiel"]:
            for key, (idx, _) in results[source].items():
                with self.subTest(source=source, lebenslage=key[0], sr=key[1]):
                    want = monitor[key][0]
                    self.assertEqual(idx is None, want is None)
                    if idx is not None:
                        self.assertLessEqual(abs(idx - want), 1e-12, f"{idx!r} != {want!r}")

    def test_monitor_rechenweg_equals_isp_belastung_for_every_group(self):
        """The monitor keeps its transparent Rechenweg (SUMIFS, STDEV): for every Dimension and Lebenslage it must
        equal ISP_BELASTUNG over the same values with the Landkreis row as reference and rescaleBySd = 1."""
        self.compare_rechenweg_with_isp_belastung()

    def test_monitor_coverage_counts_indicators_as_isp_belastung(self):
        """With unequal weights and missing values the coverage rule decides: the monitor counts indicators (weight
        > 0) as ISP_BELASTUNG and COINr's dat_thresh do (methods.md §4), so both leave the same cells empty. In
        Sozialraum 1 every second indicator is removed and weighs 0.1, the others 1: by count about 1/2 of each
        group is present (< 2/3: empty), by weight about 0.9 (a weight-share rule would show a value)."""

        def perturb(sh):
            for k in range(56):
                c = col_letters(3 + k)
                weight = sh.getCellRangeByName(f"{c}{RW['gew']}")
                if weight.getValue() > 0:
                    weight.setValue(0.1 if k % 2 == 0 else 1.0)
                if k % 2 == 0:
                    sh.getCellRangeByName(f"{c}{RW['x0']}").setFormula("")

        empty = self.compare_rechenweg_with_isp_belastung(perturb)
        self.assertGreater(empty, 0, "no group of Sozialraum 1 fell below the coverage: the case does not bite")

    def compare_rechenweg_with_isp_belastung(self, perturb=None):
        """Returns how many group cells of Sozialraum 1 are empty (no statement)."""
        doc = office.load(private_copy("sozialraummonitor"))
        try:
            sh = doc.Sheets.getByName("Rechenweg")
            if sh.isProtected():
                sh.unprotect("")
            if perturb:
                perturb(sh)
            last = col_letters(3 + 56 - 1)  # the 56 indicator columns D..BG
            top = RW["kl0"] + NSR + 5  # scratch rows below the class table
            groups = [("dim", d) for d in D.DIMENSIONEN] + [(code, None) for code in LAGEN]
            for k in range(56):
                c = col_letters(3 + k)
                # ISP_BELASTUNG wants ±1 per column; an indicator with weight 0 does not count, its sign neither.
                sh.getCellRangeByName(f"{c}{top}").setFormula(f"=IF({c}${RW['pol']}=0;1;{c}${RW['pol']})")
                for g, (key, name) in enumerate(groups):
                    member = f'({c}${RW["dim"]}="{name}")' if key == "dim" else f"{c}${RW[key]}"
                    sh.getCellRangeByName(f"{c}{top + 1 + g}").setFormula(f"={c}${RW['gew']}*{member}")
            out = top + 2 + len(groups)
            x = f"$D${RW['x0']}:${last}${RW['x0'] + NSR - 1}"
            pop = f"$B${RW['x0']}:$B${RW['x0'] + NSR - 1}"
            reference = f"$D${RW['lk']}:${last}${RW['lk']}"
            for g in range(len(groups)):
                col = GROUP_COLS[g]
                sh.getCellRangeByName(f"{col}{out}:{col}{out + NSR - 1}").setArrayFormula(
                    f"=ISP_BELASTUNG({x};$D${top}:${last}${top};$D${top + 1 + g}:${last}${top + 1 + g};\"mean\";"
                    f"{pop};Mindesteinwohner;\"z\";Mindestabdeckung;1;{reference})")
            doc.calculateAll()
            empty = 0
            for g, (key, name) in enumerate(groups):
                col = GROUP_COLS[g]
                for sr in range(1, NSR + 1):
                    with self.subTest(group=name or key, sr=sr):
                        want = value(cell(doc, "Rechenweg", f"{col}{RW['idx0'] + sr - 1}"))
                        got = value(cell(doc, "Rechenweg", f"{col}{out + sr - 1}"))
                        empty += sr == 1 and want is None
                        self.assertEqual(got is None, want is None)
                        if got is not None:
                            self.assertLessEqual(abs(got - want), 1e-12, f"{got!r} != {want!r}")
            return empty
        finally:
            doc.close(True)

    def test_index_equals_the_hand_computation(self):
        """Third, independent computation (calc_templates.composite: Python, centred on the Landkreis value from
        Σ Zähler ÷ Σ Nenner of all Gemeinden) and the boundary rule of the "belastung" scheme."""
        for code in LAGEN:
            expected = T.composite(T.tagged(code), "lk")
            for sr in range(1, NSR + 1):
                idx, label = results["Sozialraummonitor"][(code, sr)]
                self.assertAlmostEqual(idx, expected[sr], delta=1e-9, msg=f"{code} SR {sr}")
                self.assertEqual(label, T.klasse(expected[sr]), f"{code} SR {sr}")


if __name__ == "__main__":
    unittest.main()
