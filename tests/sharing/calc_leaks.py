"""Ordinary planner edits that used to smuggle other Sozialräume' values into a per-Sozialraum export (issue 10),
each on a private copy of a built template, exported for Sozialraum 3 and compared with the export of the
unedited template: the export must be the same cell by cell (the edit is removed or blanked), the smuggled values
must not occur anywhere in the raw file (sharing.scan), and the notes sheet must say what was removed.

  1. hidden columns on an area sheet with =MAX() and =RANK() over all Sozialräume per row (Sozialstrukturatlas);
  2. formulas on a general sheet (Parameter) reading other Sozialräume' cells;
  3. three rows of other Gemeinden appended just below the described range of the Werte sheet;
  4. a pivot table on a general sheet summing the Werte per Gemeinde;
  5. a row keyed "Landkreis Süd (PR V)" (a part of the Landkreis) in the HzE monitoring (Jugendhilfeplanung).
"""
import os
import shutil
import tempfile
import unittest

import sharing as S
from sharing import lo

from com.sun.star.table import CellAddress, CellRangeAddress  # noqa: E402

ATLAS = "ISP_Sozialstrukturatlas"
JUGEND = "ISP_Jugendhilfeplanung"
SR = "3"
office = plain = service = workdir = None
baseline = {}


def setUpModule():
    global office, plain, service, workdir
    workdir = tempfile.mkdtemp(prefix="isp-wg-leaks-")
    office = lo.Office("wg_leaks").start()
    plain = lo.Office("wg_leaks_plain", with_addin=False).start()
    S.register_types(workdir)
    service = office.service(S.SERVICE)
    for stem in (ATLAS, JUGEND):
        baseline[stem] = opened(export(stem, None, "basis"))


def tearDownModule():
    for o in (office, plain):
        if o is not None:
            o.stop()
    shutil.rmtree(workdir or "", ignore_errors=True)


def export(stem, edit, name, smuggled=None):
    """Loads a private copy of the template, applies `edit(doc)`, exports it for SR 3 as XLSX; returns the path.
    `smuggled(doc)`, read after the recalculation, lists the numbers the edit put into the workbook."""
    src = S.private_copy(S.template_path(stem, "ods"), os.path.join(workdir, name))
    doc = office.load(src)
    try:
        if edit:
            edit(doc)
            doc.calculateAll()
        values = smuggled(doc) if smuggled else []
        target = os.path.join(workdir, f"{stem}_{name}_SR{SR}.xlsx")
        service.exportCopy(doc, "sozialraum", SR, lo.file_url(target))
        return (target, values) if smuggled else target
    finally:
        doc.close(True)


def numbers_in(sheet, c0, r0, c1, r1):
    rows = sheet.getCellRangeByPosition(c0, r0, c1, r1).getDataArray()
    return [v for row in rows for v in row if isinstance(v, float)]


def opened(path):
    d = plain.load(path)
    try:
        info = S.read_doc(d)
        info["pivots"] = sum(d.Sheets.getByIndex(i).DataPilotTables.Count for i in range(d.Sheets.Count))
        info["notes"] = "\n".join(r[0] for r in info["grids"]["Hinweise zur Weitergabe"] if r and r[0])
        info["path"] = path
        return info
    finally:
        d.close(True)


def unprotected(doc, name):
    """The templates protect their sheets without a password; a planner who edits them lifts the protection."""
    sh = doc.Sheets.getByName(name)
    if sh.isProtected():
        sh.unprotect("")
    return sh


def other_gemeinden(doc):
    """(Gemeinde-ID, Sozialraum) of every Gemeinde outside SR 3, from the description ISP_WG_GEBIETE."""
    a = doc.NamedRanges.getByName("ISP_WG_GEBIETE").getReferredCells().getRangeAddress()
    sh = doc.Sheets.getByIndex(a.Sheet)
    out = []
    for r in range(a.StartRow, a.EndRow + 1):
        gid = S.key_of(sh.getCellByPosition(a.StartColumn, r).getString())
        sr = S.key_of(sh.getCellByPosition(a.StartColumn + 2, r).getValue())
        if gid and sr != SR:
            out.append(gid)
    return out


class Leaks(unittest.TestCase):
    def assertNoneLeaks(self, path, stem, smuggled):
        """The project's leak scan over the raw file: no number the edit produced may occur, except numbers that
        the export of the unedited template holds anyway (they reveal nothing)."""
        base = {S.norm_number(v) for g in baseline[stem]["grids"].values() for row in g for v in row
                if isinstance(v, float)}
        forbidden = {S.norm_number(v) for v in smuggled} - base
        self.assertTrue(forbidden)
        self.assertEqual(S.scan(path, forbidden), [])

    def assertSameSheet(self, got, stem, sheet):
        self.assertEqual(S.trim(got["grids"][sheet]), S.trim(baseline[stem]["grids"][sheet]), sheet)

    def test_hidden_max_and_rank_columns_on_an_area_sheet(self):
        def edit(doc):
            sh = unprotected(doc, "Atlas Sozialräume")
            cur = sh.createCursor()
            cur.gotoEndOfUsedArea(False)
            last_row, c = cur.RangeAddress.EndRow, cur.RangeAddress.EndColumn + 2
            for r in range(5, last_row + 1):  # SR 1..13 in columns E..Q, SR 3 in G
                sh.getCellByPosition(c, r).setFormula(f"=MAX($E{r + 1}:$Q{r + 1})")
                sh.getCellByPosition(c + 1, r).setFormula(f"=RANK($G{r + 1};$E{r + 1}:$Q{r + 1})")
            for k in (c, c + 1):
                sh.Columns.getByIndex(k).IsVisible = False

        def smuggled(doc):
            sh = doc.Sheets.getByName("Atlas Sozialräume")
            cur = sh.createCursor()
            cur.gotoEndOfUsedArea(False)
            a = cur.RangeAddress
            return numbers_in(sh, a.EndColumn - 1, 5, a.EndColumn, a.EndRow)

        path, values = export(ATLAS, edit, "versteckt", smuggled)
        got = opened(path)
        self.assertNoneLeaks(path, ATLAS, values)
        self.assertSameSheet(got, ATLAS, "Atlas Sozialräume")
        self.assertIn("Blatt „Atlas Sozialräume“: 2 ausgeblendete Spalten entfernt.", got["notes"])

    def test_general_sheet_formulas_on_other_sozialraeume(self):
        def edit(doc):
            sh = unprotected(doc, "Parameter")
            atlas = doc.Sheets.getByName("Atlas Sozialräume")
            row = next(r for r in range(5, 70) if atlas.getCellByPosition(4, r).getValue() != 0) + 1
            for k, col in enumerate("EFHIJKLMNOPQ"):  # every Sozialraum column but SR 3's (G)
                sh.getCellRangeByName(f"Z{k + 1}").setFormula(f"=$'Atlas Sozialräume'.{col}{row}")

        path, values = export(ATLAS, edit, "allgemein",
                              lambda doc: numbers_in(doc.Sheets.getByName("Parameter"), 25, 0, 25, 11))
        got = opened(path)
        self.assertNoneLeaks(path, ATLAS, values)
        self.assertSameSheet(got, ATLAS, "Parameter")
        self.assertIn("Blatt „Parameter“: 12 Zellen geleert, deren Formel Werte anderer Gebiete", got["notes"])

    def test_rows_appended_below_the_werte_range(self):
        smuggled = [7771.125, 7772.25, 7773.375]

        def edit(doc):
            a = doc.NamedRanges.getByName("ISP_WG_ZEILEN_Werte").getReferredCells().getRangeAddress()
            sh = unprotected(doc, doc.Sheets.getByIndex(a.Sheet).Name)
            for k, gid in enumerate(other_gemeinden(doc)[:3]):
                r = a.EndRow + 1 + k
                sh.getCellByPosition(0, r).setValue(2024)
                sh.getCellByPosition(1, r).setString(gid)
                sh.getCellByPosition(2, r).setValue(1)
                sh.getCellByPosition(3, r).setValue(smuggled[k])
                sh.getCellByPosition(4, r).setValue(10000)

        got = opened(export(ATLAS, edit, "angehaengt"))
        self.assertSameSheet(got, ATLAS, "Werte")
        self.assertEqual(S.scan(got["path"], {S.norm_number(v) for v in smuggled}), [])
        self.assertIn("Blatt „Werte“: 3 Zeilen mit Werten außerhalb der beschriebenen Tabelle entfernt", got["notes"])

    def test_pivot_table_on_a_general_sheet(self):
        def edit(doc):
            werte = unprotected(doc, "Werte")
            unprotected(doc, "Parameter")
            a = doc.NamedRanges.getByName("ISP_WG_ZEILEN_Werte").getReferredCells().getRangeAddress()
            src = CellRangeAddress()
            src.Sheet, src.StartColumn, src.StartRow, src.EndColumn, src.EndRow = a.Sheet, 0, a.StartRow - 1, 10, a.EndRow
            tables = doc.Sheets.getByName("Parameter").DataPilotTables
            desc = tables.createDataPilotDescriptor()
            desc.setSourceRange(src)
            fields = desc.DataPilotFields
            from com.sun.star.sheet.DataPilotFieldOrientation import ROW, DATA
            from com.sun.star.sheet.GeneralFunction import SUM
            fields.getByIndex(1).Orientation = ROW  # Gemeinde-ID
            data = fields.getByIndex(3)  # Zähler
            data.Orientation = DATA
            data.Function = SUM
            where = CellAddress()
            where.Sheet, where.Column, where.Row = doc.Sheets.getByName("Parameter").RangeAddress.Sheet, 30, 2
            tables.insertNewByName("Summen", where, desc)
            self.assertGreater(werte.RangeAddress.Sheet, -1)

        def smuggled(doc):
            out = doc.Sheets.getByName("Parameter").DataPilotTables.getByName("Summen").OutputRange
            return numbers_in(doc.Sheets.getByName("Parameter"), out.StartColumn, out.StartRow, out.EndColumn,
                              out.EndRow)

        path, values = export(ATLAS, edit, "pivot", smuggled)
        got = opened(path)
        self.assertNoneLeaks(path, ATLAS, values)
        self.assertEqual(got["pivots"], 0)
        self.assertSameSheet(got, ATLAS, "Parameter")
        self.assertIn("Pivot-Tabelle „Summen“ mit ihrem Ergebnis entfernt", got["notes"])

    def test_landkreis_part_key(self):
        smuggled = 4242.625

        def edit(doc):
            name = [n for n in doc.NamedRanges.ElementNames if n.startswith("ISP_WG_ZEILEN_HzE")][0]
            a = doc.NamedRanges.getByName(name).getReferredCells().getRangeAddress()
            sh = unprotected(doc, doc.Sheets.getByIndex(a.Sheet).Name)
            sh.Rows.insertByIndex(a.EndRow, 1)  # above the Landkreis row, inside the described range
            sh.getCellByPosition(a.StartColumn, a.EndRow).setString("Landkreis Süd (PR V)")
            sh.getCellByPosition(a.StartColumn + 2, a.EndRow).setValue(smuggled)

        got = opened(export(JUGEND, edit, "teil"))
        self.assertEqual(S.scan(got["path"], {S.norm_number(smuggled)}, {"Landkreis Süd (PR V)"}), [])
        # The row goes. The Landkreis sums now include it: no longer the template's formula, they are blanked and
        # listed, and so is what reads them (the series rows). Nothing else changes: every cell of the export is
        # empty or equal to the export of the unedited template, and the Landkreis sum is empty.
        mine, base = S.trim(got["grids"]["HzE-Monitoring"]), S.trim(baseline[JUGEND]["grids"]["HzE-Monitoring"])
        self.assertEqual(len(mine), len(base))
        for a, b in zip(mine, base):
            self.assertEqual([x for x, y in zip(a, b) if x != "" and x != y], [], (a, b))
            if b and b[0] == "Landkreis":
                self.assertEqual([a[j] for j, v in enumerate(b) if isinstance(v, float)],
                                 ["" for v in b if isinstance(v, float)])
        self.assertRegex(got["notes"], r"Blatt „HzE-Monitoring“: \d+ Zellen geleert, deren Formel")


if __name__ == "__main__":
    unittest.main()
