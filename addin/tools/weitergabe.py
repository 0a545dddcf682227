#!/usr/bin/python3
"""Weitergabe on the command line: headless Calc with the ISP add-in calls the service
de.sozialplanung.isp.Weitergabe (docs/weitergabe.md). Started by scripts/weitergabe.sh.

  weitergabe.py <Arbeitsmappe> --variante sozialraum|oeffentlich|werte|portabel [--sozialraum ID | --alle]
                [--ohne-addin] [--out DIR] [--format xlsx|ods] [--ueberschreiben] [--oxt PFAD] [--profile DIR]

Writes <DIR>/<Stamm>_SR<ID>.<format> (sozialraum), <Stamm>_oeffentlich.<format>, <Stamm>_werte.<format> or
<Stamm>_ohne_AddIn.<format> (portabel = --ohne-addin: every sheet, formulas live without the add-in). The
per-Sozialraum and public copies hold values only and need no add-in anyway, so --ohne-addin changes nothing
for them.
Paths may also be given as file: URLs (percent-encoded).

Exit codes (messages are German, on stderr):
  0  done;
  1  an export failed: the target folder cannot be created or written (read-only, full), LibreOffice failed or
     ended during the run, the service refused the workbook (no description, no public sheet), unexpected error;
  2  refused because of the call, before anything was written: wrong or missing arguments, workbook missing or
     not a spreadsheet, unknown Sozialraum, --out names a file, a target is the workbook itself (by file
     identity: symlink, hard link, any spelling of the path), a target exists and --ueberschreiben is missing,
     a folder lies where a target file should be.

The workbook itself is never opened: Calc works on a private copy. That is why the service cannot recognise a
target that is the user's source file, and this driver checks it before anything starts. No Python traceback
reaches the user: a last-resort handler prints a German message (ISP_WEITERGABE_DEBUG=1 adds the traceback).
Nothing is left behind in the target folder after a failure: the service writes each export to a temporary file
beside the target and renames it when complete; this driver removes what a failed or killed office leaves there
(the service's `.~isp-tmp-*` files, LibreOffice's `lu<pid>*.tmp` and `.~lock.<name>#` files of this run, a
partial target) and keeps only targets whose export completed.
"""
import argparse
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.append(os.path.join(ROOT, "templates"))
from isp_templates import office as launcher  # noqa: E402  (the project's one soffice launcher)

SERVICE = "de.sozialplanung.isp.Weitergabe"

EXIT_OK, EXIT_FEHLER, EXIT_AUFRUF = 0, 1, 2

# The service's temporary file beside each target (addin/src/weitergabe.cpp, kTempPrefix):
# ".~isp-tmp-<random>-<target file name>".
TEMP_PREFIX = ".~isp-tmp-"
# Marks a profile folder as made by this driver: only such a folder is ever deleted and rebuilt.
PROFILE_MARK = "isp-weitergabe-profil"


class Abbruch(Exception):
    """An error with a German message for the user and the exit code it ends with."""

    def __init__(self, message, code=EXIT_FEHLER):
        super().__init__(message)
        self.code = code


class Unterbrochen(BaseException):
    """SIGTERM/SIGHUP: unwinds like Ctrl-C so that soffice is ended and the target folder cleaned."""


# ---- German command-line parsing ----------------------------------------------------------------------------

_ARGPARSE_DE = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Angaben",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen",
    "the following arguments are required: %s": "es fehlt: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r ist nicht möglich (möglich: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "not allowed with argument %s": "nicht zusammen mit %s",
    "expected one argument": "erwartet einen Wert",
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutige Option %(option)s: %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: FEHLER: %(message)s\n",
}
# argparse looks its texts up through the module's gettext alias at call time.
argparse._ = lambda text: _ARGPARSE_DE.get(text, text)


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="weitergabe.sh",
        description="Weitergabe einer ISP-Arbeitsmappe: Fassung für einen Sozialraum, öffentliche Fassung (nur "
                    "Klassen) oder Kopie nur mit Werten.",
        epilog="Rückgabewert: 0 fertig, 1 eine Ausgabe ist gescheitert, 2 falscher Aufruf (es wurde nichts "
               "geschrieben). Die Arbeitsmappe selbst wird nie beschrieben.")
    ap.add_argument("workbook", metavar="Arbeitsmappe", help="Pfad oder file:-URL der Arbeitsmappe")
    ap.add_argument("--variante", choices=["sozialraum", "oeffentlich", "werte", "portabel"])
    ap.add_argument("--ohne-addin", action="store_true",
                    help="für Excel oder LibreOffice ohne Add-in: Formeln rechnen ohne Add-in weiter "
                         "(Variante portabel; Sozialraum- und öffentliche Fassung enthalten ohnehin nur Werte)")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--sozialraum", metavar="ID", help="Sozialraum-Nummer (Variante sozialraum)")
    group.add_argument("--alle", action="store_true", help="eine Datei je Sozialraum (Variante sozialraum)")
    ap.add_argument("--out", metavar="DIR", help="Zielordner (Standard: <Ordner der Arbeitsmappe>/weitergabe)")
    ap.add_argument("--format", choices=["xlsx", "ods"], default="xlsx")
    ap.add_argument("--ueberschreiben", action="store_true",
                    help="vorhandene Zieldateien ersetzen (sonst wird abgebrochen, bevor etwas geschrieben wird)")
    ap.add_argument("--oxt", metavar="PFAD", help="Pfad zu isp-sozialplanung.oxt (Standard: build/addin/)")
    ap.add_argument("--profile", metavar="DIR",
                    help="LibreOffice-Profil (wird angelegt und wiederverwendet; nur ein leerer oder von "
                         "weitergabe.sh angelegter Ordner)")
    args = ap.parse_args(argv)
    if args.variante is None and not args.ohne_addin:
        ap.error("bitte --variante angeben (sozialraum, oeffentlich, werte, portabel) oder --ohne-addin")
    if args.ohne_addin and args.variante in (None, "werte"):
        args.variante = "portabel"
    if args.variante == "sozialraum" and not (args.sozialraum or args.alle):
        ap.error("für --variante sozialraum bitte --sozialraum ID oder --alle angeben")
    if args.variante != "sozialraum" and (args.sozialraum or args.alle):
        ap.error("--sozialraum und --alle gelten nur für --variante sozialraum")
    return args


# ---- paths and the file system --------------------------------------------------------------------------------

_OS_GRUENDE = {
    errno.EACCES: "keine Schreibrechte",
    errno.EPERM: "nicht erlaubt",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.ENOSPC: "der Datenträger ist voll",
    errno.EDQUOT: "das Speicherkontingent ist erschöpft",
    errno.ENOTDIR: "ein Teil des Pfads ist eine Datei, kein Ordner",
    errno.EEXIST: "es gibt dort schon eine Datei dieses Namens",
    errno.EISDIR: "dort liegt ein Ordner",
    errno.ENOENT: "der Ordner fehlt",
    errno.ENAMETOOLONG: "der Name ist zu lang",
    errno.ELOOP: "zu viele Verweise (Schleife)",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
}


def os_reason(e):
    return _OS_GRUENDE.get(e.errno, f"Systemfehler {errno.errorcode.get(e.errno, e.errno)}")


def local_path(arg, what):
    """A path, or a file: URL (percent-encoded) as a local path; relative paths are kept as spelled (no lexical
    '..' folding, which would be wrong behind a symlinked folder)."""
    if re.match(r"(?i)^file:", arg):
        parts = urllib.parse.urlsplit(arg)
        if parts.netloc not in ("", "localhost"):
            raise Abbruch(f"{what} „{arg}“: nur lokale Dateien (file:///…) sind möglich.", EXIT_AUFRUF)
        path = os.fsdecode(urllib.parse.unquote_to_bytes(parts.path))
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", arg):
        raise Abbruch(f"{what} „{arg}“: nur lokale Pfade oder file:-URLs sind möglich.", EXIT_AUFRUF)
    else:
        path = arg
    if not path:
        raise Abbruch(f"{what}: leerer Pfad.", EXIT_AUFRUF)
    return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


def same_file(a, b):
    """File identity (device and inode, through every symlink and spelling)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b) and os.path.lexists(a)


def shown(path):
    """A path as the user reads it: normalised, relative to the working directory when inside it."""
    p = os.path.normpath(path)
    rel = os.path.relpath(p)
    return rel if not rel.startswith("..") else p


def free_bytes(folder):
    try:
        st = os.statvfs(folder)
        return st.f_bavail * st.f_frsize
    except OSError:
        return None


def probe_write(folder):
    """None when a file can be created in folder, else the German reason."""
    probe = os.path.join(folder, f"{TEMP_PREFIX}probe-{uuid.uuid4().hex[:12]}")
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as e:
        return os_reason(e)
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass
    return None


# ---- LibreOffice messages -------------------------------------------------------------------------------------

# What marks LibreOffice internals in an exception text: C++ scopes, error codes, source locations.
_INTERN = re.compile(r"[A-Za-z_]\w*::\w|\b0x[0-9A-Fa-f]+|\bSfx\w+|Error Area:|\bat \.?/\S+\.[ch]xx:\d+|"
                     r"\.cxx\b|\bERRCODE_|\bBinary URP\b")


def url_to_shown(url):
    try:
        import uno
        return shown(uno.fileUrlToSystemPath(url))
    except Exception:
        return url


def clean_message(text):
    """A service or office message without LibreOffice internals: cut at the first internal part (the German
    part of the service's messages comes first), file URLs shown as paths."""
    text = (text or "").strip()
    m = _INTERN.search(text)
    if m:
        text = text[:m.start()]
        text = re.sub(r"[\s(<:;,-]+$", "", text)
    text = re.sub(r"file://[^\s<>()„“\"]+", lambda u: url_to_shown(u.group(0)), text)
    return text.strip()


def uno_message(e):
    return getattr(e, "Message", None) or str(e)


# ---- the office -----------------------------------------------------------------------------------------------

def find_oxt(explicit):
    candidates = [explicit] if explicit else []
    if os.environ.get("ISP_OXT"):
        candidates.append(os.environ["ISP_OXT"])
    for build in ("build", "build-share"):
        candidates.append(os.path.join(ROOT, build, "addin", "isp-sozialplanung.oxt"))
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    if explicit:
        raise Abbruch(f"Das Add-in „{explicit}“ (--oxt) gibt es nicht.", EXIT_AUFRUF)
    raise Abbruch("Das Add-in (isp-sozialplanung.oxt) wurde nicht gefunden: erst bauen (scripts/build.sh) oder "
                  "--oxt angeben.", EXIT_AUFRUF)


def work_dir(prefix):
    """The driver's private working folder. As root, lo-install-addin.sh runs unopkg as "nobody", which must reach
    the profile inside it (mkdtemp makes it 0700; unopkg then crashes instead of reporting the problem)."""
    workdir = tempfile.mkdtemp(prefix=prefix)
    os.chmod(workdir, 0o755)
    return workdir


def private_profile(args, oxt, workdir):
    """The profile with the .oxt: --profile, else one inside the working folder."""
    profile = local_path(args.profile, "--profile") if args.profile else os.path.join(workdir, "profile")
    prepare_profile(oxt, profile)
    return profile


def private_copy(workbook, workdir):
    """A private copy under the same name in the working folder: the original is never opened (nor locked), and
    what names its source file (the notes sheet, reports) still names the right one."""
    copy = os.path.join(workdir, "quelle", os.path.basename(workbook))
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    shutil.copyfile(workbook, copy)
    return copy


def prepare_profile(oxt, profile):
    """A private profile with the .oxt installed (scripts/lo-install-addin.sh); reused when it has this .oxt.
    Only a folder that is empty or was made by this driver is ever deleted: --profile may be mistyped."""
    stamp = os.path.join(profile, "isp-oxt.stamp")
    mark = f"{oxt} {os.path.getmtime(oxt)}"
    try:
        if os.path.exists(stamp) and open(stamp).read() == mark:
            return
        if os.path.lexists(profile) and not os.path.isdir(profile):
            raise Abbruch(f"Das Profil „{shown(profile)}“ (--profile) ist eine Datei, kein Ordner.", EXIT_AUFRUF)
        if os.path.isdir(profile) and os.listdir(profile) and not (
                os.path.exists(os.path.join(profile, PROFILE_MARK)) or os.path.exists(stamp)):
            raise Abbruch(f"Der Ordner „{shown(profile)}“ (--profile) ist nicht leer und kein Profil von "
                          "weitergabe.sh; er wird nicht gelöscht. Bitte einen leeren oder neuen Ordner angeben.",
                          EXIT_AUFRUF)
        shutil.rmtree(profile, ignore_errors=True)
        os.makedirs(profile)
        open(os.path.join(profile, PROFILE_MARK), "w").close()
    except OSError as e:
        raise Abbruch(f"Das LibreOffice-Profil „{shown(profile)}“ lässt sich nicht anlegen: {os_reason(e)}.")
    log = os.path.join(profile, "isp-installation.log")
    try:
        with open(log, "w") as f:
            r = subprocess.run([os.path.join(ROOT, "scripts", "lo-install-addin.sh"), oxt, profile],
                               stdout=f, stderr=subprocess.STDOUT, timeout=300)
    except subprocess.TimeoutExpired:
        raise Abbruch("Die Installation des Add-ins in das Profil hat zu lange gedauert (Protokoll: "
                      f"{shown(log)}).")
    if r.returncode != 0:
        raise Abbruch("Das Add-in ließ sich nicht in das Profil installieren (als root muss der Ordner des "
                      f"Profils für den Benutzer „nobody“ erreichbar sein). Protokoll: {shown(log)}")
    with open(stamp, "w") as f:
        f.write(mark)


def group_pids(pgid):
    """The processes of soffice's process group (the wrapper, oosplash, soffice.bin)."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            pids.append(int(d))
    return pids


class Calc(launcher.Office):
    """A headless soffice in its own process group (isp_templates.office), ended by its group id. Its
    temporary files go to the driver's own folder (TMPDIR), which is removed afterwards, also when soffice was
    killed."""

    def __init__(self, profile, workdir):
        super().__init__(profile, log_dir=workdir, env={"TMPDIR": os.path.join(workdir, "tmp")},
                         pipe_prefix="isp_wg")
        self.workdir = workdir
        self.pids = set()

    def start(self):
        os.makedirs(os.path.join(self.workdir, "tmp"), exist_ok=True)
        try:
            super().start(timeout=120)
        except launcher.OfficeStartError as e:
            if e.code is not None:
                raise Abbruch(f"LibreOffice ist beim Start beendet worden (Code {e.code}).")
            raise Abbruch("LibreOffice hat nicht rechtzeitig geantwortet.")
        self.pids.update(group_pids(self.proc.pid))
        self._no_lock_files()

    def _no_lock_files(self):
        """LibreOffice locks every file it stores with a `.~lock.<name>#` beside it and removes it afterwards;
        a killed office leaves it behind. The exports are written under fresh temporary names, so the lock
        protects nothing here: switched off in this private profile."""
        try:
            access = self.smgr.createInstanceWithContext(
                "com.sun.star.configuration.ConfigurationProvider", self.ctx).createInstanceWithArguments(
                "com.sun.star.configuration.ConfigurationUpdateAccess",
                (prop("nodepath", "/org.openoffice.Office.Common/Misc"),))
            access.setPropertyValue("UseLocking", False)
            access.commitChanges()
        except Exception:
            pass  # the clean-up after a failure removes this run's lock files anyway

    def gone(self):
        """True when soffice has ended (killed, crashed): its bridge is disposed."""
        if self.proc is None or self.proc.poll() is not None:
            return True
        try:
            self.desktop.getComponents()
            return False
        except Exception:
            return True

    def stop(self):
        group = self.proc.pid if self.proc is not None else None
        super().stop()
        # soffice.bin may outlive the wrapper by a moment; leftovers are cleaned only once it is gone.
        deadline = time.monotonic() + 10
        while group is not None and group_pids(group) and time.monotonic() < deadline:
            time.sleep(0.05)


def register_types(oxt, workdir):
    """The add-in's UNO types for the local bridge (launcher.register_types), with a German message."""
    try:
        launcher.register_types(oxt, workdir)
    except (zipfile.BadZipFile, KeyError):
        raise Abbruch(f"„{shown(oxt)}“ ist kein gültiges Add-in-Paket (isp.rdb fehlt).", EXIT_AUFRUF)


prop = launcher.prop


# ---- the target folder ----------------------------------------------------------------------------------------

class Zielordner:
    """The target folder of one run: what was there before, and the removal of everything a failed or killed
    export of this run leaves there. Only entries that are new or changed since the start and have a name this
    run produces are touched; files of others stay."""

    def __init__(self, folder, profile):
        self.folder = folder
        self.profile_urls = set()
        try:
            import uno
            for p in (profile, os.path.normpath(profile), os.path.realpath(profile)):
                self.profile_urls.add(uno.systemPathToFileUrl(p))
        except Exception:
            pass
        self.before = self._snapshot()

    def _snapshot(self):
        state = {}
        for name in os.listdir(self.folder):
            try:
                st = os.lstat(os.path.join(self.folder, name))
            except OSError:
                continue
            state[name] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        return state

    def changed(self, name):
        try:
            st = os.lstat(os.path.join(self.folder, name))
        except OSError:
            return False
        return self.before.get(name) != (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def _own_lock(self, path):
        try:
            with open(path, "rb") as f:
                content = f.read(4096).decode("utf-8", "replace")
        except OSError:
            return True
        # ",user,host,date,<profile URL>;": only locks of this run's private profile.
        return not self.profile_urls or any(u in content for u in self.profile_urls)

    def leftovers(self, names, unfinished, office_pids):
        """Entries to remove: partial or unconfirmed targets (unfinished), the service's temporary files and
        LibreOffice's lock and temporary files for this run's names."""
        found = []
        for entry in os.listdir(self.folder):
            if not self.changed(entry):
                continue
            path = os.path.join(self.folder, entry)
            if os.path.isdir(path) and not os.path.islink(path):
                continue
            ours = False
            if entry in unfinished:
                ours = True
            elif entry.startswith(TEMP_PREFIX) and any(entry.endswith("-" + n) for n in names):
                ours = True
            elif entry.startswith(TEMP_PREFIX + "probe-"):
                ours = True
            elif entry.startswith(".~lock.") and entry.endswith("#"):
                locked = entry[len(".~lock."):-1]
                if locked in names or (locked.startswith(TEMP_PREFIX) and
                                       any(locked.endswith("-" + n) for n in names)):
                    ours = self._own_lock(path)
            elif re.fullmatch(r"lu\d+[0-9a-z]*\.tmp", entry):
                # LibreOffice's temporary file of a store into this folder: "lu<pid of soffice.bin><n>.tmp"
                ours = not office_pids or any(entry.startswith(f"lu{pid}") for pid in office_pids)
            if ours:
                found.append(entry)
        return sorted(found)

    def clean(self, names, unfinished, office_pids):
        removed, kept = [], []
        for entry in self.leftovers(names, unfinished, office_pids):
            try:
                os.unlink(os.path.join(self.folder, entry))
                removed.append(entry)
            except FileNotFoundError:
                pass
            except OSError:
                kept.append(entry)
        return removed, kept


# ---- the run --------------------------------------------------------------------------------------------------

def area_id(text):
    """"3", "SR 3", "Sozialraum 3" → "3" (the service accepts the same spellings)."""
    t = text.strip()
    m = re.fullmatch(r"(?i)(?:SR|Sozialraum)\s*(.+)", t)
    return m.group(1).strip() if m else t


def check_targets(workbook, out_dir, names, overwrite, pattern=False):
    """Refuses (exit 2) before anything is written: a target that is the workbook itself, a folder where a
    target file should be, existing targets without --ueberschreiben."""
    own, folders, existing = [], [], []
    for name in names:
        target = os.path.join(out_dir, name)
        if same_file(target, workbook):
            own.append(name)
        elif os.path.isdir(target):
            folders.append(name)
        elif os.path.lexists(target):
            existing.append(name)
    if own:
        raise Abbruch(
            f"Das Ziel „{shown(os.path.join(out_dir, own[0]))}“ ist die Arbeitsmappe selbst "
            f"(„{shown(workbook)}“, dieselbe Datei über einen Verweis oder einen anderen Pfad). Die Quelle wird "
            "nie überschrieben, auch nicht mit --ueberschreiben: bitte einen anderen Zielordner wählen (--out). "
            "Es wurde nichts geschrieben.", EXIT_AUFRUF)
    if folders:
        raise Abbruch(f"Im Zielordner „{shown(out_dir)}“ liegt ein Ordner, wo die Datei hin soll: "
                      f"{', '.join(folders)}. Bitte einen anderen Zielordner wählen. Es wurde nichts geschrieben.",
                      EXIT_AUFRUF)
    if existing and not overwrite:
        what = "Dateien einer früheren Weitergabe dieser Arbeitsmappe" if pattern else "die Zieldateien"
        raise Abbruch(f"Im Zielordner „{shown(out_dir)}“ liegen schon {what}: {', '.join(sorted(existing))}. "
                      "Es wurde nichts geschrieben. Mit --ueberschreiben werden sie ersetzt; sonst bitte einen "
                      "anderen Zielordner wählen.", EXIT_AUFRUF)


def check_out_dir(out_dir, shown_arg):
    """--out must be a folder or a path where one can be made."""
    if os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        if os.path.exists(out_dir):
            raise Abbruch(f"--out „{shown_arg}“ ist eine Datei, kein Ordner: bitte den Zielordner angeben "
                          "(die Dateinamen bildet die Weitergabe selbst). Es wurde nichts geschrieben.",
                          EXIT_AUFRUF)
        raise Abbruch(f"--out „{shown_arg}“ ist ein Verweis auf einen Ordner, den es nicht gibt.", EXIT_AUFRUF)
    parent = os.path.dirname(os.path.normpath(out_dir))
    while parent and not os.path.lexists(parent):
        parent = os.path.dirname(parent)
    if parent and not os.path.isdir(parent):
        raise Abbruch(f"--out „{shown_arg}“: „{shown(parent)}“ ist eine Datei, kein Ordner.", EXIT_AUFRUF)


def make_out_dir(out_dir):
    """Creates the target folder (remembering what it created) and checks that a file can be written there."""
    created = []
    d = out_dir
    while not os.path.isdir(d):
        created.append(d)
        d = os.path.dirname(os.path.normpath(d))
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise Abbruch(f"Der Zielordner „{shown(out_dir)}“ lässt sich nicht anlegen: {os_reason(e)}. "
                      "Es wurde nichts geschrieben.")
    reason = probe_write(out_dir)
    if reason:
        remove_created(created)
        raise Abbruch(f"In den Zielordner „{shown(out_dir)}“ kann nicht geschrieben werden: {reason}. "
                      "Es wurde nichts geschrieben.")
    return created


def remove_created(created):
    for d in created:  # innermost first
        try:
            os.rmdir(d)
        except OSError:
            break


def diagnose(out_dir, target):
    """The driver's own German reason for a failed export (the service's message may lack one)."""
    if os.path.isdir(target):
        return "am Ziel liegt ein Ordner"
    reason = probe_write(out_dir)
    if reason:
        return reason
    free = free_bytes(out_dir)
    if free is not None and free < 4 * 1024 * 1024:
        return f"auf dem Datenträger des Zielordners sind nur noch {free // 1024} KB frei"
    return None


class OfficeBeendet(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


# File name suffix per variant where it differs from the variant's keyword.
SUFFIX = {"portabel": "ohne_AddIn"}


def plan(args):
    """Everything that can be checked without LibreOffice; refusals here end with exit 2 and touch nothing."""
    workbook = local_path(args.workbook, "Arbeitsmappe")
    if not os.path.exists(workbook):
        raise Abbruch(f"Arbeitsmappe nicht gefunden: {args.workbook}", EXIT_AUFRUF)
    if not os.path.isfile(workbook):
        raise Abbruch(f"Die Arbeitsmappe „{args.workbook}“ ist keine Datei.", EXIT_AUFRUF)
    stem = os.path.splitext(os.path.basename(workbook))[0]
    if args.out:
        out_dir = local_path(args.out, "--out")
        shown_out = args.out
    else:
        out_dir = os.path.join(os.path.dirname(workbook), "weitergabe")
        shown_out = shown(out_dir)
    check_out_dir(out_dir, shown_out)
    ext = args.format
    if args.variante != "sozialraum":
        names = [f"{stem}_{SUFFIX.get(args.variante, args.variante)}.{ext}"]
    elif args.alle:
        names = None  # known once the workbook's Sozialräume are read
    else:
        names = [f"{stem}_SR{area_id(args.sozialraum)}.{ext}"]
    if os.path.isdir(out_dir):
        if names is not None:
            check_targets(workbook, out_dir, names, args.ueberschreiben)
        else:
            # Before soffice starts: every file of an earlier --alle run of this workbook counts.
            pattern = re.compile(re.escape(stem) + r"_SR.+\." + re.escape(ext))
            earlier = [n for n in os.listdir(out_dir) if pattern.fullmatch(n)]
            check_targets(workbook, out_dir, earlier, args.ueberschreiben, pattern=True)
    return workbook, stem, out_dir, names


def run(args):
    try:
        import uno  # noqa: F401
    except ImportError:
        raise Abbruch("Python kann LibreOffice nicht ansprechen: das Paket python3-uno fehlt "
                      "(scripts/install-deps.sh).")
    workbook, stem, out_dir, names = plan(args)
    oxt = find_oxt(args.oxt)
    created = make_out_dir(out_dir)
    workdir = work_dir("isp-weitergabe-")
    done, failed, jobs = [], [], []
    ok = False
    try:
        profile = private_profile(args, oxt, workdir)
        register_types(oxt, workdir)
        copy = private_copy(workbook, workdir)
        folder = Zielordner(out_dir, profile)
        calc = Calc(profile, workdir)
        current = gone_at = None
        gone = interrupted = False
        try:
            calc.start()
            current = os.path.basename(workbook)
            try:
                doc = calc.desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0,
                                                        (prop("Hidden", True),))
            except Exception:
                if calc.gone():
                    raise OfficeBeendet(None)
                doc = None
            if doc is None:
                raise Abbruch(f"Die Arbeitsmappe „{shown(workbook)}“ ließ sich nicht öffnen (keine "
                              "Tabellendatei oder beschädigt).", EXIT_AUFRUF)
            if not doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
                raise Abbruch(f"„{shown(workbook)}“ ist keine Tabellen-Arbeitsmappe.", EXIT_AUFRUF)
            service = calc.ctx.ServiceManager.createInstanceWithContext(SERVICE, calc.ctx)
            if service is None:
                raise Abbruch("Der Weitergabe-Dienst des Add-ins fehlt (Add-in zu alt?).")
            if args.variante == "sozialraum":
                try:
                    ids = [a.split("\t", 1)[0] for a in service.listAreas(doc)]
                except Exception as e:  # IllegalArgumentException with a German message
                    if calc.gone():
                        raise OfficeBeendet(None)
                    raise Abbruch(clean_message(uno_message(e)))
                if args.alle:
                    wanted = ids
                else:
                    wanted = [area_id(args.sozialraum)]
                    if wanted[0] not in ids:
                        raise Abbruch(f"Sozialraum „{args.sozialraum}“ gibt es in dieser Arbeitsmappe nicht "
                                      f"(vorhanden: {', '.join(ids)}). Es wurde nichts geschrieben.",
                                      EXIT_AUFRUF)
                jobs = [(i, f"{stem}_SR{i}.{args.format}") for i in wanted]
                # The exact names (--alle) can only be checked now.
                check_targets(workbook, out_dir, [n for _, n in jobs], args.ueberschreiben)
            else:
                jobs = [("", names[0])]
            for area, name in jobs:
                current = name
                target = os.path.join(out_dir, name)
                try:
                    summary = service.exportCopy(doc, args.variante, area, uno.systemPathToFileUrl(target))
                except Exception as e:
                    if calc.gone():
                        raise OfficeBeendet(name)
                    failed.append(name)
                    message = clean_message(uno_message(e)) or "die Datei konnte nicht geschrieben werden"
                    if not message.endswith((".", "!", "?", ")")):
                        message += "."
                    why = diagnose(out_dir, target)
                    print(f"FEHLER bei {name}: {message}" + (f" Ursache: {why}." if why else ""),
                          file=sys.stderr)
                    continue
                done.append(name)
                print(summary)
                print()
            current = None
            try:
                doc.close(True)
            except Exception:
                pass  # soffice is ended below anyway
            ok = True
        except OfficeBeendet as e:
            gone, gone_at = True, e.name or current
        except (KeyboardInterrupt, Unterbrochen):
            gone, interrupted, gone_at = True, True, current
        except Exception as e:
            # Any call into a killed office raises (DisposedException): that is the office's end, not a bug.
            if isinstance(e, Abbruch) or not calc.gone():
                raise
            gone, gone_at = True, current
        finally:
            # Only once soffice is gone: it could still write into the folder.
            calc.stop()
            all_names = [n for _, n in jobs] or list(names or [])
            unfinished = {n for n in all_names if n not in done and folder.changed(n)}
            removed, kept = folder.clean(all_names, unfinished, calc.pids)
            if kept:
                print(f"FEHLER: im Zielordner „{shown(out_dir)}“ ließen sich diese Reste nicht entfernen: "
                      f"{', '.join(kept)}", file=sys.stderr)
            elif removed and (failed or not ok) and not gone:
                print(f"Aus dem Zielordner entfernt (unvollständig oder Zwischendateien): {', '.join(removed)}",
                      file=sys.stderr)
        if gone:
            raise Abbruch(office_gone_message(gone_at, out_dir, done, [n for _, n in jobs], interrupted))
        return EXIT_FEHLER if failed else EXIT_OK
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if not done:
            remove_created(created)


def office_gone_message(current, out_dir, done, names, interrupted=False):
    what = "Die Weitergabe wurde abgebrochen" if interrupted else "LibreOffice wurde während der Weitergabe beendet"
    lines = [what + (f" (bei „{current}“)." if current else ".")]
    if done:
        lines.append(f"Fertig und vollständig (bleiben in „{shown(out_dir)}“): {', '.join(done)}.")
    missing = [n for n in names if n not in done]
    if missing:
        lines.append(f"Nicht geschrieben: {', '.join(missing)}.")
    lines.append("Unvollständige Dateien, Sperr- und Zwischendateien dieses Laufs wurden aus dem Zielordner "
                 "entfernt. Bitte erneut aufrufen" + (" (mit --ueberschreiben für die fertigen Dateien)."
                                                      if done else "."))
    return "\n".join(lines)


def guarded_main(body, interrupted, failed, debug_var="ISP_WEITERGABE_DEBUG"):
    """Runs body() for a German command-line tool: an Abbruch ends with its message and code, Ctrl-C with
    `interrupted`, anything else with `failed` and never a Python traceback (debug_var=1 adds it)."""
    try:
        return body()
    except Abbruch as e:
        print(f"FEHLER: {e}", file=sys.stderr)
        return e.code
    except SystemExit:
        raise  # argparse: usage and German message already printed (2), or --help (0)
    except (KeyboardInterrupt, Unterbrochen):
        print(f"FEHLER: {interrupted}", file=sys.stderr)
        return EXIT_FEHLER
    except BaseException:
        if os.environ.get(debug_var):
            import traceback
            traceback.print_exc()
        print(f"FEHLER: {failed} (Für Entwickler: {debug_var}=1 zeigt die Einzelheiten.)", file=sys.stderr)
        return EXIT_FEHLER


def _on_signal(signum, frame):
    raise Unterbrochen()


def main(argv=None):
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    return guarded_main(lambda: run(parse_args(argv)),
                        "Weitergabe abgebrochen. Unvollständige Dateien dieses Laufs wurden entfernt; die "
                        "Arbeitsmappe selbst wird nie beschrieben.",
                        "Die Weitergabe ist an einem unerwarteten Fehler gescheitert. Die Arbeitsmappe selbst wird "
                        "nie beschrieben; unvollständige Dateien dieses Laufs wurden entfernt.")


if __name__ == "__main__":
    sys.exit(main())
