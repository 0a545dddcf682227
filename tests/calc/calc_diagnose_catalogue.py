"""ISP_DIAGNOSE explains every failing call of the bad-input catalogue (issue 13, item 2).

The catalogue (calc_badinput.py) draws formulas for every function from a pool of awkward arguments. Here the
same generator with the same seed writes them into a German and an English Calc; every formula whose cell shows
an error is then explained by ISP_DIAGNOSE(FORMULA(cell)) and by the name form ISP_DIAGNOSE("ISP_X"; same
arguments). The expected message category follows from the error the cell shows, which Calc decides (not the
code under test): Err:502 is the add-in's own refusal (an ISP-Exx message), Err:504 a call Calc refuses (the
message says Fehler:504), #VALUE! a text where a number is needed (#WERT!), other error values an input cell's
error passed on (the message names it). Never "OK", never the generic sentence.

Run time: the catalogue's 1,440 formulas are computed once per language; up to PER_FUNCTION failing ones per
function (distinct error codes first) are then explained on a fresh sheet, so that each ISP_DIAGNOSE looks
through a few hundred formula cells, not thousands. Whole-column arguments are left out of the name form: Calc
copies a million cells into ISP_DIAGNOSE's "value or range" arguments.
"""
import json
import os
import random
import re
import sys
import unittest

import calc_badinput as catalogue
import lo
from lo import formula, put

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine"))
from test_keywords import split_args  # noqa: E402  (the one splitter of a call's arguments)

offices = {}
PER_FUNCTION = 8
GENERIC = ("Andere Gründe", "keinen Bezug über mehrere Tabellenblätter")
ERROR_NAMES = {532: "#DIV/0!", 32767: "#N/A"}


def setUpModule():
    lo.start_german_and_english("diagnose_catalogue", offices)


def tearDownModule():
    lo.stop_all(offices)


def arguments(text):
    """The top-level arguments of '=ISP_X(a;b;c)'."""
    inner = text[text.index("(") + 1:]
    return split_args(inner) if inner != ")" else []


def expectation(code):
    """(description, check) for a cell that shows error `code`."""
    if code == 502:
        return "an ISP-Exx message", lambda m: re.match(r"ISP-E\d\d ", m) is not None
    if code == 504:
        return "Fehler:504 named", lambda m: "Fehler:504" in m
    if code == 519:
        return "#WERT! named", lambda m: "#WERT!" in m
    name = ERROR_NAMES.get(code, f"Fehler:{code}")
    return f"the input error {name} named", lambda m: "Fehlerwert" in m and name in m


class Catalogue(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(catalogue.SPEC, encoding="utf-8") as f:
            cls.spec = json.load(f)

    def failing_cases(self, doc, sh):
        """Every catalogue formula whose cell shows an error: [(function name, formula, code)]."""
        rnd = random.Random(20240601)
        written = []
        for fn in self.spec["functions"]:
            if fn["name"] == "ISP_DIAGNOSE":
                continue
            for text in catalogue.Sweep.formulas(None, fn, rnd, 40):
                written.append((fn["name"], text))
        for row, (_, text) in enumerate(written, start=1):
            formula(sh, f"A{row}", text)
        doc.calculateAll()
        failing = []
        for row, (name, text) in enumerate(written, start=1):
            shown = lo.read(sh, f"A{row}")
            if shown[0] == "error":
                failing.append((name, text, shown[1]))
        return failing, len(written)

    @staticmethod
    def selection(failing):
        """Up to PER_FUNCTION cases per function: one of each error code first, then in catalogue order."""
        chosen = []
        for first_pass in (True, False):
            for case in failing:
                name, _, code = case
                if case in chosen or sum(1 for c in chosen if c[0] == name) >= PER_FUNCTION:
                    continue
                if first_pass and any(c[0] == name and c[2] == code for c in chosen):
                    continue
                chosen.append(case)
        return chosen

    def test_every_failing_call_is_explained(self):
        for lang, office in offices.items():
            doc = office.new_doc()
            try:
                doc.Sheets.insertNewByName("Daten", 0)
                put(doc.Sheets.getByName("Daten"), "A1", catalogue.DATA)
                sweep = doc.Sheets.getByIndex(1)
                failing, total = self.failing_cases(doc, sweep)
                self.assertGreater(len(failing), total // 4, "the catalogue is meant to fail often")
                cases = self.selection(failing)
                doc.Sheets.removeByName(sweep.getName())
                doc.Sheets.insertNewByName("Fälle", 1)
                sh = doc.Sheets.getByName("Fälle")
                for row, (name, text, _) in enumerate(cases, start=1):
                    formula(sh, f"A{row}", text)
                    formula(sh, f"B{row}", f"=ISP_DIAGNOSE(FORMULA(A{row}))")
                    if not any(w in text for w in catalogue.WHOLE):
                        args = ";".join([f'"{name}"'] + arguments(text))
                        formula(sh, f"C{row}", f"=ISP_DIAGNOSE({args})")
                doc.calculateAll()
                codes = set()
                for row, (name, text, _) in enumerate(cases, start=1):
                    shown = lo.read(sh, f"A{row}")
                    if shown[0] != "error":
                        # Failed in the sweep only because another formula there had an empty cell at the same
                        # scalar argument (addin/src/caller.hpp: the add-in cannot tell which cell calls).
                        continue
                    code = shown[1]
                    codes.add(code)
                    with self.subTest(lang=lang, formula=text):
                        what, check = expectation(code)
                        if code == 502 and "E-308" in text:
                            # Calc refuses a typed number below 2.2E-308 itself (measured: =ABS(1E-308) is
                            # Err:502) and keeps it as 0 in the formula, so nothing tells ISP_DIAGNOSE: any
                            # specific message (other problems of the call, or that the call would succeed).
                            what, check = "a specific message", lambda m: bool(m)
                        said = sh.getCellRangeByName(f"B{row}").getString()
                        self.assertFalse(said.startswith("OK"), said)
                        self.assertFalse(any(g in said for g in GENERIC), said)
                        self.assertTrue(check(said), f"expected {what}: {said}")
                        named = lo.read(sh, f"C{row}")
                        if named[0] == "empty":
                            continue  # a whole-column argument: no name form
                        # The name form gets the arguments as values. Where Calc refuses the call before any
                        # function runs (an error cell in a range, a missing argument), it refuses
                        # ISP_DIAGNOSE alike and shows the same error; otherwise it explains, never "OK".
                        if named[0] == "error":
                            refused = {504, 519, 532, 32767}
                            if "1E-308" in text:  # Calc refuses it itself (measured: =ABS(1E-308) is Err:502)
                                refused.add(502)
                            self.assertIn(named[1], refused, text)
                            continue
                        self.assertFalse(named[1].startswith("OK"), f"name form: {named[1]}")
                self.assertTrue({502, 504, 519, 532} <= codes, codes)
            finally:
                doc.close(True)


if __name__ == "__main__":
    unittest.main()
