"""A headless LibreOffice Calc for tests: one soffice per test module, its own profile and pipe.

Environment (set by tests/calc/CMakeLists.txt):
  ISP_PROFILE_TEMPLATE  a profile with the add-in installed (made by the calc_install fixture)
  ISP_CALC_WORKDIR      where this run's profile, logs and saved files go
Start soffice once per module (setUpModule) and reuse it: a start costs ~4 s.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue

SOFFICE = "/usr/lib/libreoffice/program/soffice"

# Ends soffice's process group when the test process dies without stopping it (a ctest timeout kills the
# test with SIGKILL, and soffice runs in its own session so that it can be ended as a group).
WATCHDOG = """
import os, signal, sys, time
parent, group = int(sys.argv[1]), int(sys.argv[2])
while True:
    time.sleep(1)
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        sys.exit(0)
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        os.killpg(group, signal.SIGKILL)
        sys.exit(0)
"""


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def file_url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


LOCALE_XCU = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{ui}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{loc}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="UILocale" oor:op="fuse"><value>{ui}</value></prop></item>
"""


class Office:
    """soffice in its own process group with its own copy of a profile."""

    def __init__(self, name, template=None, locale=None, with_addin=True):
        self.name = name
        base = os.environ.get("ISP_CALC_WORKDIR") or tempfile.mkdtemp(prefix="isp-calc-")
        self.workdir = os.path.join(base, name)
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.makedirs(self.workdir)
        self.profile = os.path.join(self.workdir, "profile")
        template = template or os.environ.get("ISP_PROFILE_TEMPLATE")
        if with_addin:
            if not template or not os.path.isdir(template):
                raise RuntimeError("ISP_PROFILE_TEMPLATE is not set or missing: run the calc_install test first")
            shutil.copytree(template, self.profile, symlinks=True)
        elif template and os.path.isdir(os.path.join(template, "..", "profile-plain")):
            shutil.copytree(os.path.join(template, "..", "profile-plain"), self.profile, symlinks=True)
        if locale:
            self._set_locale(locale)
        self.pipe = f"isp_{name}_{uuid.uuid4().hex[:8]}"
        self.proc = None
        self.ctx = None
        self.desktop = None

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
        log = open(os.path.join(self.workdir, "soffice.log"), "wb")
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        self.proc = subprocess.Popen(
            [SOFFICE, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
             f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
             f"-env:UserInstallation={file_url(self.profile)}"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        subprocess.Popen(["/usr/bin/python3", "-c", WATCHDOG, str(os.getpid()), str(self.proc.pid)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                # oosplash restarts soffice.bin after exit 81 on a fresh profile; only a dead wrapper is fatal.
                if self.proc.poll() is not None and self.proc.returncode != 81:
                    raise RuntimeError(f"soffice exited with {self.proc.returncode}; see {self.workdir}/soffice.log")
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("soffice did not accept connections in time")
                time.sleep(0.25)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        return self

    def service(self, name):
        return self.smgr.createInstanceWithContext(name, self.ctx)

    def stop(self):
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge disposes itself when soffice exits
            self.desktop = None
        if self.proc is not None:
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
            self.proc = None

    # Documents -------------------------------------------------------------------------------------------

    def new_doc(self):
        return self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))

    def load(self, path):
        return self.desktop.loadComponentFromURL(file_url(path), "_blank", 0, (prop("Hidden", True),))

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
