#!/usr/bin/python3
"""Weitergabe on the command line: headless Calc with the ISP add-in calls the service
de.sozialplanung.isp.Weitergabe (docs/weitergabe.md). Started by scripts/weitergabe.sh.

  weitergabe.py <Arbeitsmappe> --variante sozialraum|oeffentlich|werte [--sozialraum ID | --alle]
                [--out DIR] [--format xlsx|ods] [--oxt PFAD] [--profile DIR]

Writes <DIR>/<Stamm>_SR<ID>.<format> (sozialraum), <Stamm>_oeffentlich.<format> or <Stamm>_werte.<format>.
Messages are German; the exit code is 0 on success, 1 when an export failed, 2 for wrong arguments.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SOFFICE = "/usr/lib/libreoffice/program/soffice"
SERVICE = "de.sozialplanung.isp.Weitergabe"


class Abbruch(Exception):
    """An error with a German message for the user."""


def find_oxt(explicit):
    candidates = [explicit] if explicit else []
    if os.environ.get("ISP_OXT"):
        candidates.append(os.environ["ISP_OXT"])
    for build in ("build", "build-share"):
        candidates.append(os.path.join(ROOT, build, "addin", "isp-sozialplanung.oxt"))
    for c in candidates:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    raise Abbruch("Das Add-in (isp-sozialplanung.oxt) wurde nicht gefunden: erst bauen (scripts/build.sh) oder "
                  "--oxt angeben.")


def prepare_profile(oxt, profile):
    """A private profile with the .oxt installed (scripts/lo-install-addin.sh); reused when it has this .oxt."""
    stamp = os.path.join(profile, "isp-oxt.stamp")
    mark = f"{oxt} {os.path.getmtime(oxt)}"
    if os.path.exists(stamp) and open(stamp).read() == mark:
        return
    shutil.rmtree(profile, ignore_errors=True)
    os.makedirs(profile)
    r = subprocess.run([os.path.join(ROOT, "scripts", "lo-install-addin.sh"), oxt, profile],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    if r.returncode != 0:
        raise Abbruch("Das Add-in ließ sich nicht in das Profil installieren (als root muss der Ordner des "
                      "Profils für den Benutzer „nobody“ erreichbar sein):\n" + r.stdout)
    with open(stamp, "w") as f:
        f.write(mark)


class Calc:
    """A headless soffice in its own process group, ended by its group id."""

    def __init__(self, profile, workdir):
        self.profile, self.workdir = profile, workdir
        self.pipe = "isp_wg_" + uuid.uuid4().hex[:10]
        self.proc = None

    def __enter__(self):
        import uno
        log = open(os.path.join(self.workdir, "soffice.log"), "wb")
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        self.proc = subprocess.Popen(
            [SOFFICE, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
             f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
             "-env:UserInstallation=" + uno.systemPathToFileUrl(self.profile)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 120
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if self.proc.poll() is not None and self.proc.returncode != 81:
                    raise Abbruch(f"LibreOffice ist beim Start beendet worden (Code {self.proc.returncode}).")
                if time.monotonic() > deadline:
                    raise Abbruch("LibreOffice hat nicht rechtzeitig geantwortet.")
                time.sleep(0.25)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        return self

    def __exit__(self, *exc):
        try:
            self.desktop.terminate()
        except Exception:
            pass  # the bridge goes away with soffice
        if self.proc is not None:
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        return False


def register_types(oxt, workdir):
    """The Python side must know the add-in's own UNO types (XWeitergabe) to talk to the service: the type
    library from the .oxt goes into the local type manager."""
    import uno
    rdb = os.path.join(workdir, "isp.rdb")
    with zipfile.ZipFile(oxt) as z, open(rdb, "wb") as f:
        f.write(z.read("isp.rdb"))
    tdm = uno.getComponentContext().getValueByName("/singletons/com.sun.star.reflection.theTypeDescriptionManager")
    tdm.insert(uno.systemPathToFileUrl(rdb))


def prop(name, value):
    from com.sun.star.beans import PropertyValue
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def uno_message(e):
    return getattr(e, "Message", None) or str(e)


def run(args):
    import uno
    workbook = os.path.abspath(args.workbook)
    if not os.path.isfile(workbook):
        raise Abbruch(f"Arbeitsmappe nicht gefunden: {args.workbook}")
    stem = os.path.splitext(os.path.basename(workbook))[0]
    out_dir = os.path.abspath(args.out or os.path.join(os.path.dirname(workbook), "weitergabe"))
    os.makedirs(out_dir, exist_ok=True)
    oxt = find_oxt(args.oxt)
    workdir = tempfile.mkdtemp(prefix="isp-weitergabe-")
    # As root, lo-install-addin.sh runs unopkg as "nobody", which must reach the profile inside this directory
    # (mkdtemp makes it 0700; unopkg then crashes instead of reporting the permission problem).
    os.chmod(workdir, 0o755)
    try:
        profile = os.path.abspath(args.profile) if args.profile else os.path.join(workdir, "profile")
        prepare_profile(oxt, profile)
        register_types(oxt, workdir)
        # A private copy under the same name: the original is never opened (nor locked), and the notes sheet
        # still names the right source file.
        src_dir = os.path.join(workdir, "quelle")
        os.makedirs(src_dir)
        copy = os.path.join(src_dir, os.path.basename(workbook))
        shutil.copyfile(workbook, copy)
        failures = 0
        with Calc(profile, workdir) as calc:
            doc = calc.desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0,
                                                    (prop("Hidden", True),))
            if doc is None:
                raise Abbruch(f"Die Arbeitsmappe ließ sich nicht öffnen: {workbook}")
            try:
                service = calc.ctx.ServiceManager.createInstanceWithContext(SERVICE, calc.ctx)
                if service is None:
                    raise Abbruch("Der Weitergabe-Dienst des Add-ins fehlt (Add-in zu alt?).")
                jobs = []
                if args.variante == "sozialraum":
                    try:
                        areas = [a.split("\t", 1) for a in service.listAreas(doc)]
                    except Exception as e:  # IllegalArgumentException with a German message
                        raise Abbruch(uno_message(e))
                    ids = [a[0] for a in areas]
                    if args.alle:
                        wanted = ids
                    else:
                        if args.sozialraum not in ids:
                            raise Abbruch(f"Sozialraum „{args.sozialraum}“ gibt es in dieser Arbeitsmappe nicht "
                                          f"(vorhanden: {', '.join(ids)}).")
                        wanted = [args.sozialraum]
                    jobs = [(i, f"{stem}_SR{i}.{args.format}") for i in wanted]
                else:
                    jobs = [("", f"{stem}_{args.variante}.{args.format}")]
                for area, name in jobs:
                    target = os.path.join(out_dir, name)
                    try:
                        summary = service.exportCopy(doc, args.variante, area, uno.systemPathToFileUrl(target))
                    except Exception as e:
                        failures += 1
                        print(f"FEHLER bei {name}: {uno_message(e)}", file=sys.stderr)
                        continue
                    print(summary)
                    print()
            finally:
                doc.close(True)
        return 1 if failures else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="weitergabe.sh",
        description="Weitergabe einer ISP-Arbeitsmappe: Fassung für einen Sozialraum, öffentliche Fassung (nur "
                    "Klassen) oder Kopie nur mit Werten.")
    ap.add_argument("workbook", metavar="Arbeitsmappe")
    ap.add_argument("--variante", required=True, choices=["sozialraum", "oeffentlich", "werte"])
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--sozialraum", metavar="ID", help="Sozialraum-Nummer (Variante sozialraum)")
    group.add_argument("--alle", action="store_true", help="eine Datei je Sozialraum (Variante sozialraum)")
    ap.add_argument("--out", metavar="DIR", help="Zielordner (Standard: <Ordner der Arbeitsmappe>/weitergabe)")
    ap.add_argument("--format", choices=["xlsx", "ods"], default="xlsx")
    ap.add_argument("--oxt", help="Pfad zu isp-sozialplanung.oxt (Standard: build/addin/)")
    ap.add_argument("--profile", help="LibreOffice-Profil (wird angelegt und wiederverwendet)")
    args = ap.parse_args(argv)
    if args.variante == "sozialraum" and not (args.sozialraum or args.alle):
        ap.error("für --variante sozialraum bitte --sozialraum ID oder --alle angeben")
    if args.variante != "sozialraum" and (args.sozialraum or args.alle):
        ap.error("--sozialraum und --alle gelten nur für --variante sozialraum")
    try:
        return run(args)
    except Abbruch as e:
        print(f"FEHLER: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
