"""Every rule of docs/weitergabe.md (bold IDs **W1** … **Wn**) is named by a plan-level GoogleTest
(tests/addin/*_test.cpp). A rule the doc marks "*(applier only)*" is a UNO operation without a decision to plan
(freezing formulas, removing charts, …): it must be named by the Calc test that checks it (tests/sharing/*.py).
IDs are numbered 1..n without gaps, each defined once, and a test names no ID the doc does not define.
No Calc needed (ctest weitergabe_rule_ids)."""
import glob
import os
import re
import unittest

ROOT = os.environ.get("ISP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "weitergabe.md")
DEFINITION = re.compile(r"\*\*(W\d+)\*\*( \*\(applier only\)\*)?")
MENTION = re.compile(r"\bW(\d+)\b")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def mentioned(pattern):
    """{rule number: [files naming it]} over the files matching pattern."""
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
        for n in set(MENTION.findall(read(path))):
            out.setdefault(int(n), []).append(os.path.relpath(path, ROOT))
    return out


class RuleIds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        defs = DEFINITION.findall(read(DOC))
        cls.ids = [int(rule[1:]) for rule, _ in defs]
        cls.applier = {int(rule[1:]) for rule, marker in defs if marker}
        cls.plan_tests = mentioned("tests/addin/*_test.cpp")
        cls.calc_tests = mentioned("tests/sharing/*.py")

    def test_ids_are_numbered_once_without_gaps(self):
        self.assertGreater(len(self.ids), 20, "the rule IDs of docs/weitergabe.md were not found")
        self.assertEqual(self.ids, list(range(1, len(self.ids) + 1)))

    def test_every_plan_rule_has_a_plan_test(self):
        missing = [f"W{n}" for n in self.ids if n not in self.applier and n not in self.plan_tests]
        self.assertEqual(missing, [], "rules without a GoogleTest in tests/addin/*_test.cpp naming them")

    def test_every_applier_rule_has_a_calc_test(self):
        missing = [f"W{n}" for n in sorted(self.applier) if n not in self.calc_tests]
        self.assertEqual(missing, [], "applier-only rules without a Calc test in tests/sharing naming them")

    def test_tests_name_only_rules_of_the_doc(self):
        defined = set(self.ids)
        stale = sorted(f"W{n} ({', '.join(files)})" for found in (self.plan_tests, self.calc_tests)
                       for n, files in found.items() if n not in defined)
        self.assertEqual(stale, [])


if __name__ == "__main__":
    unittest.main()
