"""Every keyword the wizard texts and the docs name is one the engine accepts (issue 13, item 3).

A parameter of addin/functions.json that takes keywords says which of the engine's keyword tables
(engine/src/keywords.cpp) it reads: "keywords": ["norm_method"]. Quoted words ("...") in its descriptions and
string literals in its position of an example formula must then be accepted by the engine's own parse
function (asked through the isp_keywords tool, ISP_KEYWORDS_TOOL). "keywords": [] marks quotes that are data,
not keywords (labels, markers, group keys). The wizard texts (German and English) name each meaning by its
German keyword first, and every German keyword of a table appears in some German wizard text.
"""
import glob
import json
import os
import re
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SPEC = os.path.join(ROOT, "addin", "functions.json")
TOOL = os.environ.get("ISP_KEYWORDS_TOOL", os.path.join(ROOT, "build", "engine", "isp_keywords"))

QUOTED = re.compile(r'"([^"]+)"')
CALL = re.compile(r"\b(ISP_[A-Z_]+)\(")


def run_tool(mode, stdin=""):
    done = subprocess.run([TOOL, mode], input=stdin, capture_output=True, text=True, check=True)
    return [line.split("\t") for line in done.stdout.splitlines()]


def table():
    """{id: [(German keyword, English keyword), ...]} as the engine holds it."""
    out = {}
    for ident, _index, de, en in run_tool("list"):
        out.setdefault(ident, []).append((de, en))
    return out


def check(pairs):
    """{(id, word): entry index or None} for every (id, word), decided by the engine."""
    lines = run_tool("check", "".join(f"{i}\t{w}\n" for i, w in pairs))
    return {(row[0], row[1]): (None if row[2] == "-" else int(row[2])) for row in lines}


def split_args(text):
    """Top-level arguments of a formula call's text (after the opening parenthesis up to its match)."""
    sep = ";" if ";" in text else ","
    args, depth, quote, current = [], 0, False, ""
    for ch in text:
        if ch == '"':
            quote = not quote
        elif not quote and ch in "({":
            depth += 1
        elif not quote and ch in ")}":
            if depth == 0:
                break
            depth -= 1
        elif not quote and depth == 0 and ch == sep:
            args.append(current)
            current = ""
            continue
        current += ch
    args.append(current)
    return args


def formula_calls(text):
    """(function name, [argument texts]) of every ISP_ call written in text."""
    for m in CALL.finditer(text):
        yield m.group(1), split_args(text[m.end():])


class KeywordsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SPEC, encoding="utf-8") as f:
            cls.functions = {fn["name"]: fn for fn in json.load(f)["functions"]}
        cls.table = table()

    def uses(self):
        """(where, param, word, lang) for every keyword the wizard texts and examples name."""
        found = []
        for fn in self.functions.values():
            for p in fn["params"]:
                for lang in ("de", "en"):
                    for word in QUOTED.findall(p["description"][lang]):
                        found.append((f"{fn['name']} {p['name']} ({lang})", p, word, lang))
            for ex in fn["examples"]:
                found += self.formula_uses(f"{fn['name']} example {ex['formula']}", ex["formula"])
        return found

    def formula_uses(self, where, text):
        found = []
        for name, args in formula_calls(text):
            fn = self.functions.get(name)
            if fn is None or name == "ISP_DIAGNOSE":
                continue
            for p, arg in zip(fn["params"], args):
                if p.get("keywords"):
                    found += [(where, p, w, "formula") for w in QUOTED.findall(arg)]
        return found

    def assert_accepted(self, uses):
        answers = check({(ident, w) for _, p, w, _ in uses for ident in p["keywords"]})
        for where, p, word, _ in uses:
            with self.subTest(where=where, word=word):
                accepted = [i for i in p["keywords"] if answers[(i, word)] is not None]
                self.assertTrue(accepted, f"the engine refuses \"{word}\" ({', '.join(p['keywords'])})")

    def test_the_tool_refuses_a_made_up_keyword(self):
        # The test must be able to fail: a word the engine does not know comes back refused.
        answers = check([("norm_method", "zz"), ("norm_method", "z-Wert"), ("klasse_output", "nummer")])
        self.assertIsNone(answers[("norm_method", "zz")])
        self.assertEqual(answers[("norm_method", "z-Wert")], 0)
        self.assertEqual(answers[("klasse_output", "nummer")], 1)

    def test_quoted_words_declare_their_table(self):
        for fn in self.functions.values():
            for p in fn["params"]:
                quoted = QUOTED.findall(p["description"]["de"] + p["description"]["en"])
                ids = p.get("keywords")
                with self.subTest(function=fn["name"], param=p["name"]):
                    if quoted:
                        self.assertIsNotNone(ids, f"quotes {quoted} but names no \"keywords\" table")
                    for ident in ids or []:
                        self.assertIn(ident, self.table, "unknown keyword table")

    def test_every_keyword_of_the_wizard_texts_and_examples_is_accepted(self):
        uses = [u for u in self.uses() if u[1].get("keywords")]
        self.assertGreater(len(uses), 100)
        self.assert_accepted(uses)

    def test_wizard_texts_name_the_german_keyword_first(self):
        uses = [u for u in self.uses() if u[1].get("keywords") and u[3] in ("de", "en")]
        answers = check({(ident, w) for _, p, w, _ in uses for ident in p["keywords"]})
        seen = set()
        for where, p, word, _ in uses:
            for ident in p["keywords"]:
                index = answers[(ident, word)]
                if index is None or (where, ident, index) in seen:
                    continue
                seen.add((where, ident, index))
                german = self.table[ident][index][0]
                with self.subTest(where=where, word=word):
                    self.assertEqual(word.lower(), german.lower(),
                                     f"\"{word}\" stands before the German keyword \"{german}\"")

    def test_every_german_keyword_is_in_a_german_wizard_text(self):
        named = {}
        for fn in self.functions.values():
            for p in fn["params"]:
                for ident in p.get("keywords") or []:
                    named.setdefault(ident, set()).update(
                        w.lower() for w in QUOTED.findall(p["description"]["de"]))
        for ident, entries in self.table.items():
            with self.subTest(table=ident):
                self.assertIn(ident, named, "no parameter of functions.json reads this table")
                for de, _en in entries:
                    self.assertIn(de.lower(), named[ident], f"no German wizard text names \"{de}\"")

    def test_docs_keywords_md_is_the_table(self):
        # docs/keywords.md is written by the tool from the one table; regenerate it when the table changes.
        done = subprocess.run([TOOL, "markdown"], capture_output=True, text=True, check=True)
        with open(os.path.join(ROOT, "docs", "keywords.md"), encoding="utf-8") as f:
            self.assertEqual(f.read(), done.stdout,
                             "docs/keywords.md is out of date: build/engine/isp_keywords markdown > docs/keywords.md")

    def test_formulas_in_the_docs_use_accepted_keywords(self):
        uses = []
        docs = glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)
        docs.append(os.path.join(ROOT, "README.md"))
        for path in docs:
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    uses += self.formula_uses(f"{os.path.relpath(path, ROOT)}:{number}", line)
        self.assertGreater(len(uses), 10)
        self.assert_accepted(uses)


if __name__ == "__main__":
    unittest.main()
