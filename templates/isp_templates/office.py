"""The project's one headless-soffice launcher (template build, tests, benchmarks, the Weitergabe CLI): own
profile, own pipe, own process group, a watchdog, the restart after exit code 81 on a fresh profile, the
registration of the add-in's UNO types (`register_types`).

Only the process this module started is ever ended (by its process-group id). tests/calc/lo.py and
addin/tools/weitergabe.py build on `Office` (a profile copied per test module; German messages and a private
TMPDIR for the CLI).
"""
import os
import re
import shutil
import signal
import subprocess
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue

SOFFICE = "/usr/lib/libreoffice/program/soffice"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def file_url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


_registered = set()


def register_types(oxt, workdir):
    """Python must know the add-in's own UNO types (XWeitergabe) to hold its service: the .oxt's type library
    goes into the local type manager (without it the bridge drops the connection when the type arrives).
    Raises zipfile.BadZipFile or KeyError for a file that is no add-in package."""
    import zipfile
    if oxt in _registered:
        return
    rdb = os.path.join(workdir, "isp-types.rdb")
    with zipfile.ZipFile(oxt) as z, open(rdb, "wb") as f:
        f.write(z.read("isp.rdb"))
    tdm = uno.getComponentContext().getValueByName("/singletons/com.sun.star.reflection.theTypeDescriptionManager")
    tdm.insert(uno.systemPathToFileUrl(rdb))
    _registered.add(oxt)


def init_profile(profile, oxt=None):
    """Creates an initialised profile at `profile`; installs the add-in from `oxt` when given.

    Reuses an existing profile if it was made from the same .oxt (a stamp file records its size and mtime).
    """
    stamp = os.path.join(profile, "isp-oxt.stamp")
    want = "none"
    if oxt:
        st = os.stat(oxt)
        want = f"{os.path.abspath(oxt)} {st.st_size} {int(st.st_mtime)}"
    if os.path.isfile(stamp) and open(stamp).read() == want:
        return profile
    shutil.rmtree(profile, ignore_errors=True)
    os.makedirs(profile)
    subprocess.run([SOFFICE, "--headless", "--norestore", "--nologo", "--terminate_after_init",
                    f"-env:UserInstallation={file_url(profile)}"],
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    if not os.path.isdir(os.path.join(profile, "user")):
        raise RuntimeError("soffice did not initialise the profile " + profile)
    if oxt:
        subprocess.run([os.path.join(ROOT, "scripts", "lo-install-addin.sh"), oxt, profile], check=True,
                       timeout=180, stdout=subprocess.DEVNULL)
    with open(stamp, "w") as f:
        f.write(want)
    return profile


LOCALE_ITEMS = ("/org.openoffice.Setup/L10N", "ooLocale"), ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale"), \
    ("/org.openoffice.Office.Linguistic/General", "UILocale")


def set_locale(profile, locale):
    """Sets the office's UI language and locale setting (e.g. "en-US") in an initialised profile; "" = follow
    the environment again. For the check that documents look the same whatever the office's locale."""
    path = os.path.join(profile, "user", "registrymodifications.xcu")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for node, name in LOCALE_ITEMS:
        text = re.sub(r'<item oor:path="%s"><prop oor:name="%s" oor:op="fuse">.*?</item>\n?' % (node, name), "",
                      text)
    if locale:
        items = "".join(f'<item oor:path="{node}"><prop oor:name="{name}" oor:op="fuse"><value>{locale}</value>'
                        "</prop></item>\n" for node, name in LOCALE_ITEMS)
        text = text.replace("</oor:items>", items + "</oor:items>")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# Ends soffice's process group when the process that started it dies without stopping it (a ctest timeout
# kills the test with SIGKILL, and soffice runs in its own session so that it can be ended as a group).
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


class OfficeStartError(RuntimeError):
    """soffice ended while starting (`code` its exit code) or did not answer in time (`code` None)."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


class Office:
    def __init__(self, profile, log_dir=None, env=None, pipe_prefix="isp_tpl"):
        self.profile = profile
        self.log_dir = log_dir or profile
        self.extra_env = dict(env or {})
        self.pipe = f"{pipe_prefix}_{uuid.uuid4().hex[:10]}"
        self.proc = None
        self.ctx = self.smgr = self.desktop = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def start(self, timeout=120):
        log_path = os.path.join(self.log_dir, "soffice.log")
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        env.update(self.extra_env)
        with open(log_path, "ab") as log:
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
                    raise OfficeStartError(f"soffice exited with {self.proc.returncode}; see {log_path}",
                                           self.proc.returncode)
                if time.monotonic() > deadline:
                    self.stop()
                    raise OfficeStartError("soffice did not accept connections in time")
                time.sleep(0.25)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        return self

    def stop(self):
        if getattr(self, "desktop", None) is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge goes away when soffice exits
            self.desktop = None
        if self.proc is not None:
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None

    def service(self, name):
        return self.smgr.createInstanceWithContext(name, self.ctx)

    def load(self, path, hidden=True, as_template=False):
        args = [prop("Hidden", hidden)]
        if as_template:
            args.append(prop("AsTemplate", True))
        return self.desktop.loadComponentFromURL(file_url(path), "_blank", 0, tuple(args))

    def new_doc(self):
        return self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))


FILTERS = {
    "ods": "calc8",
    "ots": "calc8_template",
    "xlsx": "Calc Office Open XML",
    "fods": "OpenDocument Spreadsheet Flat XML",
    "pdf": "calc_pdf_Export",
}


def store(doc, path, fmt=None):
    fmt = fmt or os.path.splitext(path)[1][1:]
    doc.storeToURL(file_url(path), (prop("FilterName", FILTERS[fmt]), prop("Overwrite", True)))
    if fmt == "xlsx":
        normal_style_general(path)


def normal_style_general(path):
    """Gives the XLSX's "Normal" cell style (the first cellStyleXf) the built-in general format. Calc writes it
    with the templates' German general format ("[$-407]General") when its own locale is not German, and then
    opens the file ten times slower (bench/calc/xlsx_open_bench.py: 20 s instead of 1.5 s for a 65 KB copy). Cells
    keep their own formats (with [$-407]); only cells typed anew at the recipient start in the general format.
    The add-in does the same for its copies (addin/src/weitergabe.cpp, normal_style_general)."""
    import re
    import zipfile
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    changed = False
    out = []
    for info, data in items:
        if info.filename == "xl/styles.xml":
            text = data.decode("utf-8")
            new = re.sub(r'(<cellStyleXfs count="\d+"><xf numFmtId=")(\d+)"', r'\g<1>0"', text, count=1)
            changed = new != text
            data = new.encode("utf-8")
        out.append((info, data))
    if not changed:
        return
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as z:
        for info, data in out:
            z.writestr(info, data, compress_type=info.compress_type)
    os.replace(tmp, path)
