"""A headless LibreOffice Calc for tests: one soffice per test module, its own profile and pipe.

Environment (set by tests/calc/CMakeLists.txt):
  ISP_PROFILE_TEMPLATE  a profile with the add-in installed (made by the calc_install fixture)
  ISP_CALC_WORKDIR      where this run's profile, logs and saved files go
Start soffice once per module (setUpModule) and reuse it: a start costs ~4 s.
"""

import os
import shutil
import sys
import tempfile

import uno  # noqa: F401  (tests use lo.uno)

sys.path.append(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "templates"))
from isp_templates import office as launcher  # noqa: E402  (the project's one soffice launcher)

SOFFICE = launcher.SOFFICE
prop = launcher.prop
file_url = launcher.file_url


LOCALE_XCU = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{ui}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{loc}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="UILocale" oor:op="fuse"><value>{ui}</value></prop></item>
"""


class Office(launcher.Office):
    """soffice in its own process group with its own copy of a profile (isp_templates.office starts and ends it)."""

    def __init__(self, name, template=None, locale=None, with_addin=True):
        self.name = name
        base = os.environ.get("ISP_CALC_WORKDIR") or tempfile.mkdtemp(prefix="isp-calc-")
        self.workdir = os.path.join(base, name)
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir)
        profile = os.path.join(self.workdir, "profile")
        template = template or os.environ.get("ISP_PROFILE_TEMPLATE")
        if with_addin:
            if not template or not os.path.isdir(template):
                raise RuntimeError("ISP_PROFILE_TEMPLATE is not set or missing: run the calc_install test first")
            shutil.copytree(template, profile, symlinks=True)
        elif template and os.path.isdir(os.path.join(template, "..", "profile-plain")):
            shutil.copytree(os.path.join(template, "..", "profile-plain"), profile, symlinks=True)
        super().__init__(profile, log_dir=self.workdir, pipe_prefix=f"isp_{name}")
        if locale:
            self._set_locale(locale)

    def _set_locale(self, locale):
        path = os.path.join(self.profile, "user", "registrymodifications.xcu")
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/'
                        'registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/'
                        'XMLSchema-instance">\n</oor:items>\n')
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("</oor:items>", LOCALE_XCU.format(ui=locale, loc=locale) + "</oor:items>")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def start(self, timeout=90):
        return super().start(timeout)

    def load(self, path):
        return super().load(path)

    def save(self, doc, path, fmt):
        """fmt: 'calc8' (ODS) or 'Calc Office Open XML' (XLSX)."""
        doc.storeToURL(file_url(path), (prop("FilterName", fmt), prop("Overwrite", True)))

    def path(self, name):
        return os.path.join(self.workdir, name)


# Cell helpers ---------------------------------------------------------------------------------------------

def sheet(doc, index=0):
    return doc.Sheets.getByIndex(index)


def put(sh, top_left, rows):
    """Writes a block of values (numbers, strings, None = leave empty) starting at top_left ("A1")."""
    start = sh.getCellRangeByName(top_left).getCellAddress()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is None:
                continue
            cell = sh.getCellByPosition(start.Column + c, start.Row + r)
            if isinstance(v, str):
                if v.startswith("="):
                    cell.setFormula(v)
                else:
                    cell.setString(v)
            else:
                cell.setValue(float(v))


def formula(sh, addr, text):
    sh.getCellRangeByName(addr).setFormula(text)


def array_formula(sh, addr, text):
    sh.getCellRangeByName(addr).setArrayFormula(text)


EMPTY, VALUE, TEXT, FORMULA = "EMPTY", "VALUE", "TEXT", "FORMULA"


def read(sh, addr):
    """What a cell shows: ('value', x), ('text', s), ('empty', None) or ('error', code)."""
    return read_cell(sh.getCellRangeByName(addr))


def read_range(sh, addr):
    rng = sh.getCellRangeByName(addr)
    a = rng.getRangeAddress()
    out = []
    for r in range(a.StartRow, a.EndRow + 1):
        row = []
        for c in range(a.StartColumn, a.EndColumn + 1):
            cell = sh.getCellByPosition(c, r)
            row.append(read_cell(cell))
        out.append(row)
    return out


def read_cell(cell):
    err = cell.getError()
    if err:
        return ("error", err)
    t = cell.getType().value
    if t == EMPTY:
        return ("empty", None)
    if t == VALUE:
        return ("value", cell.getValue())
    if t == TEXT:
        return ("text", cell.getString())
    rt = cell.getPropertyValue("FormulaResultType2")
    if rt == 1:
        return ("value", cell.getValue())
    s = cell.getString()
    return ("text", s) if s != "" else ("empty", None)


# Test support -----------------------------------------------------------------------------------------------

import math  # noqa: E402
import unittest  # noqa: E402

_office = None


def start_module_office(name, **kwargs):
    """Call from setUpModule: one soffice for all tests of the module."""
    global _office
    _office = Office(name, **kwargs).start()
    return _office


def stop_module_office():
    global _office
    if _office is not None:
        _office.stop()
        _office = None


def office():
    return _office


def start_german_and_english(name, offices):
    """Call from setUpModule: one soffice with a German and one with an English UI, as offices["de"] and
    offices["en"]; stop_all(offices) in tearDownModule ends them."""
    offices["de"] = Office(f"{name}_de", locale="de-DE").start()
    offices["en"] = Office(f"{name}_en", locale="en-US").start()


def stop_all(offices):
    for o in offices.values():
        o.stop()


class CalcTest(unittest.TestCase):
    """A fresh document per test class (setUpClass builds the sheet once)."""

    doc = None

    @classmethod
    def setUpClass(cls):
        cls.doc = office().new_doc()
        cls.sh = sheet(cls.doc)

    @classmethod
    def tearDownClass(cls):
        if cls.doc is not None:
            cls.doc.close(True)
            cls.doc = None

    def recalc(self):
        self.doc.calculateAll()

    def value(self, addr):
        kind, v = read(self.sh, addr)
        self.assertEqual(kind, "value", f"{addr}: expected a number, got {kind} {v!r} "
                         f"({self.sh.getCellRangeByName(addr).getFormula()})")
        return v

    def assertValue(self, addr, expected, tol=1e-9):
        v = self.value(addr)
        self.assertTrue(math.isclose(v, expected, rel_tol=tol, abs_tol=tol), f"{addr}: {v} != {expected}")

    def assertEmptyResult(self, addr):
        self.assertEqual(read(self.sh, addr), ("empty", None), f"{addr} should be empty (missing value)")

    def assertError(self, addr, code=None):
        kind, v = read(self.sh, addr)
        self.assertEqual(kind, "error", f"{addr}: expected an error, got {kind} {v!r}")
        if code is not None:
            self.assertEqual(v, code, f"{addr}: error code")

    def assertSameColumn(self, ours, native, tol=1e-9):
        """Cell by cell: our range equals a native range (numbers within tol, empty where empty)."""
        a = read_range(self.sh, ours)
        b = read_range(self.sh, native)
        self.assertEqual(len(a), len(b))
        for i, (ra, rb) in enumerate(zip(a, b)):
            for ca, cb in zip(ra, rb):
                if cb[0] == "value":
                    self.assertEqual(ca[0], "value", f"{ours} row {i}: {ca} vs native {cb}")
                    self.assertTrue(math.isclose(ca[1], cb[1], rel_tol=tol, abs_tol=tol),
                                    f"{ours} row {i}: {ca[1]} vs native {cb[1]}")
                else:
                    self.assertEqual(ca, cb, f"{ours} row {i}")

    def diagnose(self, addr, formula_text):
        formula(self.sh, addr, formula_text)
        self.recalc()
        return self.sh.getCellRangeByName(addr).getString()
