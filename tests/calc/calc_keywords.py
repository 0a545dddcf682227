"""Every keyword of every keyword parameter is accepted by the add-in in a German and an English Calc (issue 13).

The keywords come from the engine's one table (the isp_keywords tool of this build, the same table docs/keywords.md
shows); which table a parameter reads comes from addin/functions.json ("keywords"). Each German and English keyword
is written into a formula of the function whose other arguments are valid; a cell that shows an error is
explained by ISP_DIAGNOSE. Every call must compute, except the few whose data do not suit that method
(EXPECTED_REFUSALS), and never say "unknown keyword" (ISP-E07; ISP-E08 for schemes). That the keyword is reached
at all is shown by a made-up word at the same place, which must be refused as unknown.
"""
import json
import os
import subprocess
import unittest

import lo

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "..", "addin", "functions.json")
TOOL = os.path.join(os.environ.get("ISP_BUILD_DIR", os.path.join(HERE, "..", "..", "build")), "engine",
                    "isp_keywords")
UNKNOWN = ("ISP-E07", "ISP-E08")  # unknown method or output keyword, unknown class scheme
MADE_UP = "qqq"

# Data: A numbers, B population, C groups, D/E start and end dates, F:G a matrix of two indicators.
DATA = [[1, 20, "x", 40000, 40100, 1, 9],
        [2, 30, "x", 40010, 40200, 3, 7],
        [3, 50, "y", 40020, 40300, 2, 8],
        [4, 70, "y", 40030, 40400, 5, 4],
        [5, 110, "z", 40040, 40500, 4, 6],
        [6, 130, "z", 40050, 40600, 6, 2]]

# Valid arguments of each function, one entry per parameter (None: omitted); the keyword goes where its parameter is.
CALLS = {
    "ISP_SCORE": ["A1", "A1:A6", None, None, None, "B1:B6", None],
    "ISP_AUSREISSER": ["A1:A6", None],
    "ISP_BELASTUNG": ["F1:G6", None, None, None, "B1:B6", "0", None, None, None, None, None],
    "ISP_KORRELATION": ["F1:G6", None, None, None, None],
    "ISP_KLASSE": ["A1:A6", None, None, None, None],
    "ISP_KLASSEN": [None, None, None, "A1:A6", None],
    "ISP_STABILITAET": ["F1:G6", None, None, None, None, "10", None, None, None],
    "ISP_AGGREGATE": ["A1:A6", "C1:C6", None, None, None],
    "ISP_GEHEIMHALTUNG": ["A1:A6", "C1:C6", None, None, None],
    "ISP_DECKUNG": ["A1:A6", "B1:B6", None],
    "ISP_KORRIDOR": ["A1:A6", "1", "5", None],
    "ISP_VERWEILDAUER": ["D1:D6", "E1:E6", None, None, None],
    "ISP_DEMOGRAFIE": [None, "A1:A6", "B1:B6", "B1:B6"],
}
# Arguments that some keywords need: method parameters of ISP_SCORE's goalposts and distance to target, the
# denominators or weights of ISP_AGGREGATE's quota and weighted mean (the other methods refuse weights).
NEEDS = {("ISP_SCORE", "zielpfosten"): (6, "{0;10}"), ("ISP_SCORE", "goalposts"): (6, "{0;10}"),
         ("ISP_SCORE", "zielabstand"): (6, "{5}"), ("ISP_SCORE", "dist2targ"): (6, "{5}"),
         ("ISP_AGGREGATE", "quote"): (4, "B1:B6"), ("ISP_AGGREGATE", "ratio"): (4, "B1:B6"),
         ("ISP_AGGREGATE", "gewmittel"): (4, "B1:B6"), ("ISP_AGGREGATE", "wmean"): (4, "B1:B6")}
# Keywords that are accepted but whose method does not suit these data (the message says so).
EXPECTED_REFUSALS = {("ISP_KLASSE", "dezil"): "ISP-E03", ("ISP_KLASSE", "decile"): "ISP-E03",
                     ("ISP_KLASSEN", "dezil"): "ISP-E03", ("ISP_KLASSEN", "decile"): "ISP-E03",
                     ("ISP_STABILITAET", "geometrisch"): "ISP-E05", ("ISP_STABILITAET", "geo"): "ISP-E05",
                     ("ISP_BELASTUNG", "geometrisch"): "ISP-E05", ("ISP_BELASTUNG", "geo"): "ISP-E05",
                     # ISP_BELASTUNG has no method parameters: goalposts and targets cannot be given there.
                     ("ISP_BELASTUNG", "zielpfosten"): "ISP-E12", ("ISP_BELASTUNG", "goalposts"): "ISP-E12",
                     ("ISP_BELASTUNG", "zielabstand"): "ISP-E12", ("ISP_BELASTUNG", "dist2targ"): "ISP-E12"}


def keyword_tables():
    """{table id: [(German, English), ...]} from the engine's table."""
    done = subprocess.run([TOOL, "list"], capture_output=True, text=True, check=True)
    out = {}
    for line in done.stdout.splitlines():
        ident, _index, de, en = line.split("\t")
        out.setdefault(ident, []).append((de, en))
    return out


def cases():
    """(function, parameter, [words]) for every keyword parameter of a function in CALLS."""
    with open(SPEC, encoding="utf-8") as f:
        spec = json.load(f)
    tables = keyword_tables()
    out = []
    for fn in spec["functions"]:
        if fn["name"] not in CALLS:
            continue
        for i, p in enumerate(fn["params"]):
            if p["kind"] != "keyword" or not p.get("keywords"):
                continue
            words = sorted({w for ident in p["keywords"] for entry in tables[ident] for w in entry})
            out.append((fn["name"], i, p["name"], words))
    return out


def call(function, index, word):
    args = list(CALLS[function])
    args[index] = f'"{word}"'
    if (function, word) in NEEDS:
        at, value = NEEDS[(function, word)]
        args[at] = value
    while args and args[-1] is None:
        args.pop()
    return f"={function}(" + ";".join(a or "" for a in args) + ")"


offices = {}


def setUpModule():
    lo.start_german_and_english("keywords", offices)


def tearDownModule():
    lo.stop_all(offices)


class Keywords(unittest.TestCase):
    def explanations(self, office, formulas):
        """What ISP_DIAGNOSE says about each formula's cell ("OK" when the cell shows no error)."""
        doc = office.new_doc()
        try:
            sh = lo.sheet(doc)
            lo.put(sh, "A1", DATA)
            for row, text in enumerate(formulas, 1):
                lo.formula(sh, f"J{row}", text)
                lo.formula(sh, f"K{row}", f'=IF(ISERROR(J{row});ISP_DIAGNOSE(FORMULA(J{row}));"OK")')
            doc.calculateAll()
            return [sh.getCellRangeByName(f"K{row}").getString() for row in range(1, len(formulas) + 1)]
        finally:
            doc.close(True)

    def test_every_keyword_is_accepted(self):
        all_cases = cases()
        self.assertGreater(len(all_cases), 20)
        formulas, where = [], []
        for function, index, name, words in all_cases:
            for word in words + [MADE_UP]:
                formulas.append(call(function, index, word))
                where.append((function, name, word))
        self.assertGreater(len(formulas), 200)
        for lang, office in offices.items():
            for (function, name, word), text, said in zip(where, formulas, self.explanations(office, formulas)):
                with self.subTest(lang=lang, formula=text):
                    if word == MADE_UP:
                        # The keyword is reached: a word no table has is refused as unknown.
                        self.assertTrue(any(u in said for u in UNKNOWN), f"{function} {name}: {said}")
                    else:
                        self.assertFalse(any(u in said for u in UNKNOWN), f"{function} {name}: {said}")
                        expected = EXPECTED_REFUSALS.get((function, word), "OK")
                        self.assertTrue(said.startswith(expected), f"{function} {name}: {said}")


if __name__ == "__main__":
    unittest.main()
