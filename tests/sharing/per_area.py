"""The per-Sozialraum export of one template for all 13 sample Sozialräume, checked three ways:
1. raw scan of each file (sharing.scan): no value or name that belongs only to another area, no formula, no
   rank, no comment, drawing object (but the map's shapes, W35) or named range, no such value or name in the
   caches of the charts it keeps;
2. opened in Calc WITHOUT the add-in: the export keeps every cell of the original that belongs to no other
   area, with the original's computed value, in the original's row and column order (sharing.check_remaining;
   which rows and columns go is the plan's rule, tested by GoogleTests on the plan), no error value;
3. the notes sheet and the summary say what was removed, for which Sozialraum, from which file and when;
4. charts (W34): exactly those whose ranges hold no cell of another area stay, each holding the copy's cells.
Subclasses set STEM (template file stem) and FORMAT."""
import datetime
import math
import os
import shutil
import tempfile
import unittest

import sharing as S
from sharing import lo

PROFILE_ROLES = ("PROFIL",)


class PerAreaExport(unittest.TestCase):
    STEM = None
    FORMAT = "xlsx"
    EXTRA_ODS = None  # one Sozialraum also exported as .ods
    AREAS = None  # None: every Sozialraum of listAreas; else a list of IDs

    @classmethod
    def setUpClass(cls):
        if cls.STEM is None:
            raise unittest.SkipTest("base class")
        cls.workdir = tempfile.mkdtemp(prefix="isp-wg-")
        cls.office = lo.Office("wg_" + cls.STEM[4:12].lower()).start()
        cls.plain = None
        try:
            S.register_types(cls.workdir)
            src = S.private_copy(S.template_path(cls.STEM, "ods"), cls.workdir)
            cls.source_name = os.path.basename(src)
            cls.doc = cls.office.load(src)
            cls.info = S.read_doc(cls.doc)
            cls.charts = S.charts_of(cls.doc)
            cls.service = cls.office.service(S.SERVICE)
            cls.areas = [a.split("\t", 1) for a in cls.service.listAreas(cls.doc)]
            cls.files, cls.summaries = {}, {}
            out = os.path.join(cls.workdir, "out")
            os.makedirs(out)
            jobs = [(sid, cls.FORMAT) for sid, _ in cls.areas if cls.AREAS is None or sid in cls.AREAS]
            if cls.EXTRA_ODS:
                jobs.append((cls.EXTRA_ODS, "ods"))
            for sid, fmt in jobs:
                path = os.path.join(out, f"{cls.STEM}_SR{sid}.{fmt}")
                cls.summaries[(sid, fmt)] = cls.service.exportCopy(cls.doc, "sozialraum", sid, lo.file_url(path))
                cls.files[(sid, fmt)] = path
            cls.modified_after_export = cls.doc.isModified()
            # What the single-area views show for each Sozialraum: switch the original and recalculate (after all
            # exports, which must not depend on it).
            cls.profile_cells = {}
            for name, (sheet, c0, r0, c1, r1) in cls.info["descs"].items():
                if S.role(name) == "PROFIL":
                    cls.profile_cells[sheet] = (c0, r0, c1, r1)
            cls.profile_shows = {}
            for sheet, (c0, r0, c1, r1) in cls.profile_cells.items():
                g = cls.info["grids"][sheet]
                level = S.key_of(S.cell(g, r0, c0)) if (c0, r0) != (c1, r1) else "Sozialraum"
                cls.profile_shows[sheet] = S.key_of(S.cell(g, r1, c1)) if level == "Sozialraum" else None
            cls.profile_grids = {}
            for sid in sorted({sid for sid, _ in cls.files}, key=int):
                grids = {}
                for sheet, (c0, r0, c1, r1) in cls.profile_cells.items():
                    sh = cls.doc.Sheets.getByName(sheet)
                    if (c0, r0) != (c1, r1):
                        sh.getCellByPosition(c0, r0).setString("Sozialraum")
                    sh.getCellByPosition(c1, r1).setValue(float(sid))
                    cls.doc.calculate()  # what Calc does after the edit: the cells that depend on it
                    grids[sheet] = S.used_grid(sh)
                cls.profile_grids[sid] = grids
            cls.doc.close(True)
            cls.doc = None
            # The recipient's view: Calc without the add-in.
            cls.plain = lo.Office("wg_plain_" + cls.STEM[4:12].lower(), with_addin=False).start()
            cls.exported = {}
            for key, path in cls.files.items():
                d = cls.plain.load(path)
                cls.exported[key] = S.read_doc(d)
                cls.exported[key]["errors"] = error_cells(d)
                cls.exported[key]["charts"] = S.chart_data(d)
                d.close(True)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for o in (getattr(cls, "office", None), getattr(cls, "plain", None)):
            if o is not None:
                o.stop()
        shutil.rmtree(getattr(cls, "workdir", ""), ignore_errors=True)

    # ---- the tests ---------------------------------------------------------------------------------------

    def test_areas_listed_in_sheet_order(self):
        self.assertEqual([a[0] for a in self.areas], [str(i) for i in range(1, 14)])
        self.assertTrue(all(name for _, name in self.areas), self.areas)

    def test_original_not_modified(self):
        self.assertFalse(self.modified_after_export, "exportCopy modified the open document")

    def test_raw_scan_finds_nothing_of_other_areas(self):
        # W8 (applier only): no formula is left (the scan reports every formula).
        for (sid, fmt), path in sorted(self.files.items()):
            with self.subTest(sr=sid, fmt=fmt):
                numbers, texts = self.forbidden(sid)
                self.assertGreater(len(numbers), 50, "the scan must have something to look for")
                problems = S.scan(path, numbers, texts)
                self.assertEqual(problems[:15], [], f"{len(problems)} problems in {os.path.basename(path)}")

    def test_every_remaining_value_equals_the_original(self):
        # W6, W8, W9, W10, W15 as seen in the file: sheets wholly of other areas are gone, every other sheet is
        # there in the original order; its cells of no other area are all there with the computed values.
        for (sid, fmt), got in sorted(self.exported.items()):
            with self.subTest(sr=sid, fmt=fmt):
                # The single-area views show the recipient: their cells are the recipient's own.
                owned = S.owned_by_others(self.info, sid, {sheet: sid for sheet in self.profile_cells})
                kept = [sheet for sheet in self.info["order"] if owned[sheet] != S.ALL]
                self.assertEqual(got["order"], ["Hinweise zur Weitergabe"] + kept)
                for sheet in kept:
                    original = self.profile_grids[sid].get(sheet, self.info["grids"][sheet])
                    S.check_remaining(self, self.info, sheet, original, owned[sheet], got["grids"][sheet],
                                      f"SR {sid} {fmt} {sheet}")

    def test_charts_stay_only_with_unchanged_data(self):
        """W34: a chart of the original stays in a copy exactly when its ranges hold no cell of another area (the
        independent ownership above; hidden columns count as removed) on sheets the copy keeps. A kept chart holds
        exactly the copy's cells at its ranges (its cache was re-read), and only numbers that the original shows at
        its original ranges – on a single-area view what it shows for the recipient."""
        for (sid, fmt), got in sorted(self.exported.items()):
            with self.subTest(sr=sid, fmt=fmt):
                owned = S.owned_by_others(self.info, sid, {sheet: sid for sheet in self.profile_cells})

                def reads_others(ranges):
                    for sheet, c0, r0, c1, r1 in ranges:
                        o = owned[sheet]
                        if o == S.ALL or any((r, c) in o for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)):
                            return True
                    return False

                expected = {sheet: [ranges for _, ranges in charts if not reads_others(ranges)]
                            for sheet, charts in self.charts.items() if owned[sheet] != S.ALL}
                kept = {}
                for sheet, seqs in got["charts"]:
                    kept.setdefault(sheet, []).append(seqs)
                self.assertEqual({k: len(v) for k, v in kept.items()}, {k: len(v) for k, v in expected.items() if v})
                for sheet, charts in kept.items():
                    todo = list(expected[sheet])
                    for seqs in charts:
                        self.assertTrue(seqs, sheet)
                        for xml, data, cells, _, _ in seqs:
                            self.assertTrue(S.same_data(data, cells), f"{sheet} {xml}: {data[:6]} != {cells[:6]}")
                        have = [v for _, data, *_ in seqs for v in data if isinstance(v, float) and not math.isnan(v)]
                        self.assertTrue(have, sheet)
                        # Each shown number is one of the original's cells at the original ranges (as
                        # check_remaining compares: 1e-12, a frozen value may differ in its last digit).
                        strays = {tuple(ranges): [v for v in have if not any(S.same_value(v, w) for w in
                                                                             self.numbers_at(sid, ranges))]
                                  for ranges in todo}
                        match = [ranges for ranges in todo if not strays[tuple(ranges)]]
                        self.assertTrue(match, f"{sheet}: a kept chart shows numbers no original chart's cells "
                                               f"hold: {[v[:6] for v in strays.values()]}")
                        todo.remove(match[0])

    def numbers_at(self, sid, ranges):
        """The numbers of the original's cells at ranges; on single-area views what they show for sid."""
        out = set()
        for sheet, c0, r0, c1, r1 in ranges:
            grid = self.profile_grids[sid].get(sheet, self.info["grids"][sheet])
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    v = S.cell(grid, r, c)
                    if isinstance(v, float):
                        out.add(v)
        return out

    def test_chart_scan_catches_a_cache_that_was_not_re_read(self):
        """Negative control (W34): a chart on a single-area view caches what the original shows; the chart part
        scan of the original file finds that other Sozialraum's values for a recipient it does not show – so a
        copy that kept such a cache would fail test_raw_scan_finds_nothing_of_other_areas."""
        import zipfile
        views = [sheet for sheet in self.profile_cells if self.charts.get(sheet)]
        others = [sid for sid, _ in self.files if all(self.profile_shows[v] != sid for v in views)]
        if not views or not others:
            self.skipTest("no chart on a single-area view")
        for ext in ("ods", "xlsx"):
            with self.subTest(ext=ext), zipfile.ZipFile(S.template_path(self.STEM, ext)) as z:
                parts = {n: z.read(n) for n in z.namelist()}
                found = S.scan_charts(parts, *self.forbidden(others[0]))
                self.assertTrue([p for p in found if "chart value" in p], found)

    def test_no_error_value_without_the_add_in(self):
        for key, got in self.exported.items():
            with self.subTest(key=key):
                self.assertEqual(got["errors"], [])
                for sheet, grid in got["grids"].items():
                    bad = [v for row in grid for v in row if isinstance(v, str) and
                           (v.startswith("#NAME") or v.startswith("Err:") or v.startswith("#VALUE"))]
                    self.assertEqual(bad, [], sheet)

    def test_notes_sheet_says_what_and_why(self):
        today = datetime.date.today().strftime("%d.%m.%Y")
        for (sid, fmt), got in self.exported.items():
            with self.subTest(sr=sid, fmt=fmt):
                notes = [r[0] for r in got["grids"]["Hinweise zur Weitergabe"] if r and r[0] != ""]
                text = "\n".join(notes)
                self.assertIn("Quelle: " + self.source_name, text)
                self.assertIn("Erstellt am: " + today, text)
                self.assertIn(f"Fassung für Sozialraum {sid}", text)
                self.assertIn("Planungsräume", text)
                self.assertIn("Diagramme", text)
                self.assertIn("„.“", text)
                for sheet in self.info["order"]:
                    if sheet not in got["order"]:
                        self.assertIn(f"Blatt „{sheet}“ entfernt", text)
                self.assertIn(f"Sozialraum {sid}", self.summaries[(sid, fmt)])

    def test_document_properties_are_neutral(self):
        import re
        import zipfile
        for (sid, fmt), path in self.files.items():
            if fmt != "xlsx":
                continue
            with self.subTest(sr=sid), zipfile.ZipFile(path) as z:
                core = z.read("docProps/core.xml").decode("utf-8")
                title = re.search(r"<dc:title>(.*?)</dc:title>", core)
                self.assertEqual(title.group(1) if title else None, f"Weitergabe für Sozialraum {sid}")
                for tag in ("dc:description", "dc:subject", "cp:keywords"):
                    m = re.search(rf"<{tag}>(.*?)</{tag}>", core)
                    self.assertTrue(m is None or m.group(1) == "", f"{tag}: {m and m.group(1)}")
                self.assertNotIn("ISP-Vorlage", core)
                self.assertNotIn("docProps/custom.xml", z.namelist())

    def test_planungsraum_only_when_it_is_this_sozialraum_alone(self):
        st = S.Structure(self.info)
        for (sid, fmt), got in self.exported.items():
            keys = {S.key_of(v) for g in got["grids"].values() for row in g for v in row}
            for pr, members in st.pr_members.items():
                with self.subTest(sr=sid, pr=pr):
                    if members != {sid}:
                        self.assertNotIn("PR " + pr, keys)

    def forbidden(self, sid):
        info = dict(self.info)
        numbers, texts = S.ownership(info, sid, self.profile_shows)
        # The single-area views legitimately show the own Sozialraum: what they show for it is allowed.
        for grid in self.profile_grids[sid].values():
            for row in grid:
                for v in row:
                    if isinstance(v, float):
                        numbers.discard(S.norm_number(v))
                    else:
                        texts.discard(v)
        return numbers, texts


def error_cells(doc):
    from com.sun.star.sheet.FormulaResult import ERROR
    out = []
    for i in range(doc.Sheets.Count):
        found = doc.Sheets.getByIndex(i).queryFormulaCells(ERROR)
        if found.Count:
            out.append(found.RangeAddressesAsString)
    return out
