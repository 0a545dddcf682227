"""The adapters read their arguments by name, never by position, and never spell an argument's names
(issue 13, item 5).

addin/generate.py writes one struct per function (isp_functions_args.hxx) whose members are named as the
parameters in addin/functions.json and carry their German and English names, so an adapter reads
`a.reference.cells()`. This test fails when a source of addin/src (the Weitergabe service aside: it is no
function adapter) indexes the argument list with a number (`args[1]`, `args.at(1)`) or writes a pair of
string literals whose first is the German name of a parameter in functions.json ({"Bezug", "reference"}):
such a copy drifts from the wizard's names when functions.json changes. Keywords are the engine's
(engine/src/keywords.cpp): no adapter defines a keyword table or matches a word against one itself; Arg
(adapter.hpp) is the one place that asks the engine's tables.
"""
import glob
import json
import os
import re
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SPEC = os.path.join(ROOT, "addin", "functions.json")
SOURCES = os.path.join(ROOT, "addin", "src")

# The adapter's own argument list `args`, not the tokens of a formula call (call.args[0], diagnose.cpp).
INDEXED = re.compile(r"(?<![\w.>])args\s*(\[\s*\d|\.\s*(at|front|back)\s*\()")
# A keyword table of its own (KeywordChoice kX{...}) or a match against one outside adapter.hpp.
OWN_KEYWORDS = re.compile(r"\bKeywordChoice\s+\w+\s*[{=(]|\b(find|choose)_keyword\s*\(|normalise_keyword\([^;]*==")
PAIR = re.compile(r'"((?:[^"\\\n]|\\.)*)"\s*,\s*"((?:[^"\\\n]|\\.)*)"')


def german_names():
    with open(SPEC, encoding="utf-8") as f:
        spec = json.load(f)
    return {p["display"]["de"] for fn in spec["functions"] for p in fn["params"]}


def adapter_sources():
    paths = glob.glob(os.path.join(SOURCES, "*.cpp")) + glob.glob(os.path.join(SOURCES, "*.hpp"))
    return sorted(p for p in paths if not os.path.basename(p).startswith("weitergabe"))


def problems(text, names, keyword_reader=False):
    """(line, what) for every positional argument read, every spelled argument name pair and (unless the text
    is adapter.hpp, the keyword_reader) every keyword matching of its own in text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("//", 1)[0]
        if INDEXED.search(code):
            found.append((number, f"reads an argument by position: {line.strip()}"))
        if not keyword_reader and OWN_KEYWORDS.search(code):
            found.append((number, f"matches keywords itself: {line.strip()}"))
        for m in PAIR.finditer(code):
            if m.group(1) in names:
                found.append((number, f"spells the names of a parameter of functions.json: {m.group(0)}"))
    return found


class AdapterArgsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.names = german_names()

    def test_the_check_finds_both_mistakes(self):
        # The test must be able to fail: the two forms it forbids are found, their named forms are not.
        sample = ('const Cells x = cells(args[1], {"Bezug", "reference"});\n'
                  "const double k = number(args.at(2), 3.0, name);\n"
                  "const Cells ok = a.reference.cells();  // not args[1]\n"
                  "if (call.args[0].empty()) return;\n"
                  'fit_length(v, n, a.codes.name, {"Spalten der Matrix", "matrix columns"});\n'
                  'const KeywordChoice kMine{"mine", {{"ja", "yes", ""}}};\n'
                  'const std::size_t k = choose_keyword(keywords::kYesNo, word);\n'
                  'if (normalise_keyword(word) == "ja") return true;\n'
                  "const std::size_t output = a.output.choice_index();\n")
        self.assertEqual([n for n, _ in problems(sample, self.names)], [1, 1, 2, 6, 7, 8])
        self.assertEqual([n for n, _ in problems(sample, self.names, keyword_reader=True)], [1, 1, 2])

    def test_there_are_adapters_to_check(self):
        self.assertGreater(len(adapter_sources()), 10)
        self.assertIn("Bezug", self.names)

    def test_adapters_read_named_arguments(self):
        for path in adapter_sources():
            with open(path, encoding="utf-8") as f:
                found = problems(f.read(), self.names, os.path.basename(path) == "adapter.hpp")
            with self.subTest(source=os.path.relpath(path, ROOT)):
                self.assertEqual(found, [], "\n".join(f"line {n}: {what}" for n, what in found))


if __name__ == "__main__":
    unittest.main()
