"""The portable copy ("ohne Add-in", Weitergabe variant "portabel", docs/weitergabe.md): every template and the
sample workbook of the main job, exported as XLSX (the sample workbook also as ODS),
opened in a Calc WITHOUT the add-in and hard-recalculated (calculateAll):

- no error cell, no add-in call left in any formula;
- every cell equals the add-in workbook's computed value (numbers within 1e-9, texts exactly);
- what-if: one input count read by a rewritten formula is changed in the add-in workbook and in the copy; after
  a hard recalculation every rewritten formula cell equals the add-in workbook's new value;
- what-if: one indicator weight on the Parameter sheet is changed in both; after a hard recalculation every
  cell that is not frozen equals the add-in workbook's new value (the index, its classes and what reads them);
- the notes sheet names every frozen cell with its reason.

The expected values come from the add-in itself in the original workbook (the engine's definitions, checked by
tests/calc), not from the rewriter. One soffice with the add-in, one without, for the whole module.
"""
import os
import re
import sys
import tempfile
import time
import unittest

import sharing as S
from sharing import lo
from per_area import error_cells

import build  # noqa: E402  (templates/, on sys.path through sharing)
from isp_templates import beispiel as B  # noqa: E402
from isp_templates import data as D  # noqa: E402

STEMS = [stem for _, (_, stem) in sorted(build.TEMPLATES.items())] + [B.STEM]
if os.environ.get("ISP_PORTABLE_ONLY"):  # for development: e.g. ISP_PORTABLE_ONLY=ISP_Sozialstrukturatlas
    STEMS = [s for s in STEMS if s in os.environ["ISP_PORTABLE_ONLY"].split(",")]
ODS_TOO = tuple(s for s in (B.STEM,) if s in STEMS)  # with ISP_PORTABLE_ONLY: only if the sample workbook is chosen
NOTES = "Ohne Add-in"
HELPER = "Rechenweg ohne Add-in"  # the index step by step (portable_index.cpp)
MARK = "ISNUMBER(("  # every rewritten element-wise call starts its guard like this (portable_formula.cpp)
REF = re.compile(r"(?:\$?'?([^'.;()]+?)'?\.)?\$?([A-Z]{1,3})\$?([0-9]+)(?![0-9(])")

office = plain = workdir = None
results = {}


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def grids(doc, skip=()):
    return {doc.Sheets.getByIndex(i).Name: S.used_grid(doc.Sheets.getByIndex(i))
            for i in range(doc.Sheets.Count) if doc.Sheets.getByIndex(i).Name not in skip}


def formulas(doc):
    """{(sheet, row, col): formula} of every formula cell."""
    from com.sun.star.sheet.CellFlags import FORMULA
    out = {}
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        found = sh.queryContentCells(FORMULA)
        for a in found.RangeAddresses:  # one bridge call per range: cell by cell takes minutes
            rows = sh.getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow).FormulaArray
            for i, row in enumerate(rows):
                for j, f in enumerate(row):
                    out[(sh.Name, a.StartRow + i, a.StartColumn + j)] = f
    return out


def input_to_change(original, copy, rewritten):
    """(sheet, row, col) of a number typed in the original (not a formula there: a frozen cell of the copy is
    a number in the copy only) that a rewritten formula reads directly; the first one found."""
    seen = set()
    for (sheet, _, _), f in sorted(rewritten.items()):
        if sheet == HELPER:  # thousands of references to formula cells: one bridge call each
            continue
        for m in REF.finditer(f.split(MARK, 1)[1]):
            name = m.group(1) or sheet
            r, c = int(m.group(3)) - 1, col_index(m.group(2))
            if (name, r, c) in seen:
                continue
            seen.add((name, r, c))
            if not copy.Sheets.hasByName(name) or not original.Sheets.hasByName(name):
                continue
            cells = [d.Sheets.getByName(name).getCellByPosition(c, r) for d in (original, copy)]
            if any(x.Formula == "" or x.Formula.startswith("=") for x in cells):
                continue
            if cells[0].Value > 0:
                return name, r, c
    return None


def weight_to_change(doc):
    """(sheet, row, col) of the first positive indicator weight typed on the Parameter sheet: below a header
    "Gewicht" (Fachpläne, monitor) or right of a row label "Gewicht …" (sample workbook); None without one."""
    if not doc.Sheets.hasByName("Parameter"):
        return None
    sh = doc.Sheets.getByName("Parameter")
    grid = S.used_grid(sh)

    def typed(r, c):
        cell = sh.getCellByPosition(c, r)
        return not cell.Formula.startswith("=") and isinstance(grid[r][c], float) and grid[r][c] > 0

    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v == "Gewicht":
                for rr in range(r + 1, len(grid)):
                    if c < len(grid[rr]) and typed(rr, c):
                        return "Parameter", rr, c
            if isinstance(v, str) and v.startswith("Gewicht "):
                for cc in range(c + 1, len(row)):
                    if typed(r, cc):
                        return "Parameter", r, cc
    return None


def frozen_cells(original_formulas, copy_formulas):
    """Cells with a formula in the add-in workbook and a plain value in the copy."""
    return {k for k in original_formulas if k not in copy_formulas}


def sample_workbook(workdir):
    path = os.path.join(workdir, "src", B.STEM + ".fods")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    B.build(D.Sample()).save(office, path)  # odfpy writes it, Calc enters the formulas and stores the whole file
    return path


def setUpModule():
    global office, plain, workdir
    workdir = tempfile.mkdtemp(prefix="isp-wg-portable-")
    try:
        office = lo.Office("wg_portable").start()
        plain = lo.Office("wg_portable_plain", with_addin=False).start()
        S.register_types(workdir)
        service = office.service(S.SERVICE)
        out = os.path.join(workdir, "out")
        os.makedirs(out)
        for stem in STEMS:
            t0 = time.monotonic()
            src = sample_workbook(workdir) if stem == B.STEM else S.private_copy(S.template_path(stem), workdir)
            doc = office.load(src)
            try:
                doc.calculateAll()
                exported = {}
                for ext in ("xlsx", "ods") if stem in ODS_TOO else ("xlsx",):
                    target = os.path.join(out, f"{stem}_ohne_AddIn.{ext}")
                    exported[ext] = (target, service.exportCopy(doc, "portabel", "", lo.file_url(target)))
                # No legend frozen here: the add-in workbook's MATCH(class; Beschriftungen; 0) must find the
                # labels itself (text-only legend column), so the Zuschlag per class equals the portable copy's.
                original = grids(doc)
                original_formulas = formulas(doc)
                for ext, (target, summary) in exported.items():
                    copy = plain.load(target)
                    try:
                        copy.calculateAll()
                        found = formulas(copy)
                        rewritten = {k: f for k, f in found.items() if MARK in f}
                        res = {"summary": summary, "original": original, "errors": error_cells(copy),
                               "formulas": found, "rewritten": rewritten,
                               "frozen": frozen_cells(original_formulas, found),
                               "copy": grids(copy, skip=(NOTES, HELPER)),
                               "helper": copy.Sheets.hasByName(HELPER),
                               "notes": [r[0] for r in S.used_grid(copy.Sheets.getByName(NOTES))]}
                        # What-if: the same weight changed in both workbooks.
                        where = weight_to_change(doc)
                        res["weight"] = where
                        if where:
                            sheet, r, c = where
                            old = doc.Sheets.getByName(sheet).getCellByPosition(c, r).Value
                            for d in (doc, copy):
                                d.Sheets.getByName(sheet).getCellByPosition(c, r).Value = old * 2 + 1
                                d.calculateAll()
                            res["weight_original"] = grids(doc)
                            res["weight_copy"] = grids(copy, skip=(NOTES, HELPER))
                            for d in (doc, copy):
                                d.Sheets.getByName(sheet).getCellByPosition(c, r).Value = old
                                d.calculateAll()
                        # What-if: the same input changed in both workbooks.
                        where = input_to_change(doc, copy, rewritten)
                        res["changed"] = where
                        if where:
                            sheet, r, c = where
                            old = doc.Sheets.getByName(sheet).getCellByPosition(c, r).Value
                            new = old * 1.5 + 7
                            for d in (doc, copy):
                                d.Sheets.getByName(sheet).getCellByPosition(c, r).Value = new
                                d.calculateAll()
                            res["after_original"] = grids(doc)
                            res["after_copy"] = grids(copy, skip=(NOTES, HELPER))
                            doc.Sheets.getByName(sheet).getCellByPosition(c, r).Value = old
                            doc.calculateAll()
                        results[(stem, ext)] = res
                    finally:
                        copy.close(True)
            finally:
                doc.close(True)
            print(f"{stem}: {time.monotonic() - t0:.1f} s", file=sys.stderr)
    except Exception:
        tearDownModule()
        raise


def tearDownModule():
    S.stop_all((office, plain), workdir)


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def cell_of(grid, r, c):
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else ""


class Portable(unittest.TestCase):

    def test_every_workbook_was_exported(self):
        expected = {(s, "xlsx") for s in STEMS} | {(s, "ods") for s in ODS_TOO}
        self.assertEqual(set(results), expected)

    def test_no_error_cell_and_no_addin_call_after_a_hard_recalculation(self):
        for key, res in sorted(results.items()):
            self.assertEqual(res["errors"], [], key)
            left = [f"{k}: {f}" for k, f in res["formulas"].items()
                    if "SOZIALPLANUNG" in f.upper() or "ISP_" in f.upper()]
            self.assertEqual(left[:5], [], key)

    def test_every_value_equals_the_addin_workbook(self):
        for key, res in sorted(results.items()):
            self.assertEqual(set(res["copy"]), set(res["original"]), key)
            for name, want in res["original"].items():
                got = res["copy"][name]
                for r, row in enumerate(S.trim(want)):
                    for c, w in enumerate(row):
                        g = cell_of(got, r, c)
                        self.assertTrue(same(w, g), f"{key} {name} {S.lo_addr(r, c)}: {g!r} != {w!r}")

    def test_rewritten_formulas_follow_an_input_change(self):
        checked, workbooks = 0, 0
        for (stem, ext), res in sorted(results.items()):
            if not res["rewritten"] or res["changed"] is None:
                # e.g. only ISP_KLASSE over a frozen index: no typed input is read directly
                print(f"{stem} {ext}: no typed input read by a rewritten formula", file=sys.stderr)
                continue
            workbooks += 1
            sheet, r, c = res["changed"]
            self.assertNotEqual(cell_of(res["after_original"][sheet], r, c),
                                cell_of(res["original"][sheet], r, c))
            moved = 0
            for (name, fr, fc) in res["rewritten"]:
                if name == HELPER:  # its results are the index cells, compared where they stand
                    continue
                want = cell_of(res["after_original"][name], fr, fc)
                got = cell_of(res["after_copy"][name], fr, fc)
                self.assertTrue(same(want, got), f"{stem} {ext} {name} {S.lo_addr(fr, fc)}: {got!r} != {want!r}")
                moved += not same(want, cell_of(res["original"][name], fr, fc))
                checked += 1
            self.assertGreater(moved, 0, f"{stem}: the change reached no rewritten formula")
        if len(STEMS) == len(build.TEMPLATES) + 1:  # all workbooks (not a development run with ISP_PORTABLE_ONLY)
            self.assertGreater(checked, 50)
            # Jugendhilfe, Psychiatrie, Schule, Senioren, Teilhabe (measured); in Kita, the atlas, the monitor
            # and the sample workbook the rewritten formulas read formula cells or frozen cells only.
            self.assertGreaterEqual(workbooks, 5)

    def test_every_cell_follows_a_weight_change(self):
        checked, moved = 0, 0
        for (stem, ext), res in sorted(results.items()):
            if res["weight"] is None:
                print(f"{stem} {ext}: no indicator weight on a Parameter sheet", file=sys.stderr)
                continue
            sheet, wr, wc = res["weight"]
            self.assertNotEqual(cell_of(res["weight_original"][sheet], wr, wc), cell_of(res["original"][sheet], wr, wc))
            changed_here = 0
            for name, want_grid in res["weight_original"].items():
                got_grid = res["weight_copy"][name]
                for r, row in enumerate(S.trim(want_grid)):
                    for c, want in enumerate(row):
                        if (name, r, c) in res["frozen"]:
                            continue
                        got = cell_of(got_grid, r, c)
                        self.assertTrue(same(want, got),
                                        f"{stem} {ext} {name} {S.lo_addr(r, c)} after the weight change: "
                                        f"{got!r} != {want!r}")
                        checked += 1
                        changed_here += not same(want, cell_of(res["original"][name], r, c))
            # The weight reaches the index: more than the weight cell itself changed.
            self.assertGreater(changed_here, 1, f"{stem} {ext}: the weight change moved nothing")
            moved += 1
        if len(STEMS) == len(build.TEMPLATES) + 1:  # all workbooks (not a development run)
            # the six Fachpläne, the monitor and the sample workbook (XLSX and ODS); the atlas has no weights
            self.assertGreaterEqual(moved, 9)

    def test_notes_list_every_frozen_cell(self):
        for key, res in sorted(results.items()):
            notes = "\n".join(str(n) for n in res["notes"])
            self.assertIn("Nur für den internen Gebrauch", notes)
            m = re.search(r"(\d+) Zellen als Werte eingefroren", notes)
            frozen = int(m.group(1)) if m else 0
            listed = sum(1 for n in res["notes"] if str(n).startswith("Blatt „"))
            self.assertEqual(frozen > 0, listed > 0, f"{key}: {notes}")
            if frozen == 0:
                self.assertIn("Keine Zelle eingefroren", notes)

    def test_index_and_aggregation_are_rewritten_not_frozen(self):
        for key, res in sorted(results.items()):
            notes = "\n".join(str(n) for n in res["notes"])
            self.assertNotIn("ISP_BELASTUNG", notes, key)
            self.assertNotIn("ISP_AGGREGATE", notes, key)
        if (B.STEM, "xlsx") in results:
            self.assertTrue(results[(B.STEM, "xlsx")]["helper"])
            # Only the legend (ISP_KLASSEN: constant for the scheme chosen at export) stays a value.
            frozen = [n for n in results[(B.STEM, "xlsx")]["notes"] if str(n).startswith("Blatt „")]
            self.assertEqual(len(frozen), 1, frozen)
            self.assertIn("ISP_KLASSEN", frozen[0])


if __name__ == "__main__":
    unittest.main()
