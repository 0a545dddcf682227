"""scripts/weitergabe.sh: batch runs from the command line (headless Calc with the add-in of this build in a
private profile). Exit codes (docs/weitergabe.md): 0 done, 1 an export failed, 2 refused because of the call
(nothing written). Messages are German, never a Python traceback or LibreOffice internals; the workbook is never
written, whatever the target spelling; nothing is left behind in the target folder after a failure."""
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import zipfile

import sharing as S

SCRIPT = os.path.join(S.ROOT, "scripts", "weitergabe.sh")
# Signs of a Python traceback or of LibreOffice internals (the messages of issue 10: "SfxBaseModel::impl_store
# … 0x507", "at ./sc/source/ui/unoobj/docuno.cxx:3938", "Binary URP bridge disposed").
INTERNALS = ("Traceback", ".cxx", "0x", "Sfx", "::", "Binary URP", "uno.com.sun.star")
workdir = None


def setUpModule():
    global workdir
    workdir = tempfile.mkdtemp(prefix="isp-wg-cli-")
    os.chmod(workdir, 0o755)  # the profile inside must be reachable for unopkg running as "nobody" (root runs)


def tearDownModule():
    shutil.rmtree(workdir or "", ignore_errors=True)


def profile():
    return os.path.join(workdir, "profile")


def run(*args, profile_dir=None):
    cmd = [SCRIPT, *args, "--oxt", S.OXT, "--profile", profile_dir or profile()]
    # In the test's own folder: relative spellings are relative to it, and nothing lands in the source tree.
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600,
                          cwd=workdir)


def src(stem, name=None, folder="src"):
    d = os.path.join(workdir, folder)
    os.makedirs(d, exist_ok=True)
    dst = os.path.join(d, name or f"{stem}.ods")
    shutil.copyfile(S.template_path(stem, "ods"), dst)
    return dst


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fresh(name):
    d = os.path.join(workdir, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def leftovers(folder):
    """What a failed export must not leave: lock files, the service's and LibreOffice's temporary files, empty
    files."""
    bad = []
    for n in os.listdir(folder):
        p = os.path.join(folder, n)
        if n.startswith((".~lock.", ".~isp-tmp-")) or re.fullmatch(r"lu\d+\w*\.tmp", n) or \
                (os.path.isfile(p) and os.path.getsize(p) == 0):
            bad.append(n)
    return bad


def mount_tmpfs(test, folder, options):
    """A tmpfs mounted on folder (root only: a read-only or a tiny file system, which chmod cannot give root)."""
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", folder], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        test.skipTest(f"cannot mount a tmpfs as root here: {r.stdout.strip()}")
    test.addCleanup(subprocess.run, ["umount", "-l", folder])


class Cli(unittest.TestCase):
    def assertClean(self, r):
        """German messages only: no traceback, no LibreOffice internals."""
        out = r.stdout + r.stderr
        for sign in INTERNALS:
            self.assertNotIn(sign, out, out)

    def test_one_sozialraum(self):
        out = os.path.join(workdir, "one")
        r = run(src("ISP_Jugendhilfeplanung"), "--variante", "sozialraum", "--sozialraum", "5", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = os.path.join(out, "ISP_Jugendhilfeplanung_SR5.xlsx")
        self.assertTrue(os.path.isfile(path))
        self.assertEqual(S.scan(path), [])
        self.assertIn("Weitergabe für Sozialraum 5", r.stdout)
        self.assertEqual(os.listdir(out), ["ISP_Jugendhilfeplanung_SR5.xlsx"])
        self.assertClean(r)

    def test_all_sozialraeume(self):
        out = os.path.join(workdir, "alle")
        r = run(src("ISP_Psychiatrie-Suchthilfeplanung"), "--variante", "sozialraum", "--alle", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(out)),
                         sorted(f"ISP_Psychiatrie-Suchthilfeplanung_SR{i}.xlsx" for i in range(1, 14)))
        self.assertClean(r)

    def test_values_only_as_ods(self):
        out = os.path.join(workdir, "werte")
        r = run(src("ISP_Teilhabeplanung"), "--variante", "werte", "--format", "ods", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = os.path.join(out, "ISP_Teilhabeplanung_werte.ods")
        self.assertEqual([p for p in S.scan(path) if "formula" in p], [])

    def test_ohne_addin_writes_the_portable_copy(self):
        out = os.path.join(workdir, "portabel")
        r = run(src("ISP_Teilhabeplanung"), "--ohne-addin", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.listdir(out), ["ISP_Teilhabeplanung_ohne_AddIn.xlsx"])
        self.assertIn("Fassung ohne Add-in", r.stdout)
        with zipfile.ZipFile(os.path.join(out, "ISP_Teilhabeplanung_ohne_AddIn.xlsx")) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
        self.assertIn("<f", xml)  # live formulas (calc_portable checks them in depth)
        self.assertNotIn("SOZIALPLANUNG", xml.upper())
        self.assertClean(r)

    def test_unknown_sozialraum_is_refused(self):
        out = os.path.join(workdir, "x")
        r = run(src("ISP_Jugendhilfeplanung"), "--variante", "sozialraum", "--sozialraum", "99", "--out", out)
        self.assertEqual(r.returncode, 2)
        self.assertIn("gibt es in dieser Arbeitsmappe nicht", r.stderr)
        self.assertFalse(os.path.exists(out))  # the folder made for the run is gone again
        self.assertClean(r)

    def test_public_needs_a_public_sheet(self):
        r = run(src("ISP_Sozialstrukturatlas"), "--variante", "oeffentlich", "--out", os.path.join(workdir, "y"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("kein öffentliches Blatt", r.stderr)
        self.assertClean(r)

    def test_wrong_arguments(self):
        r = run(src("ISP_Jugendhilfeplanung"), "--variante", "sozialraum")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--sozialraum ID oder --alle", r.stderr)
        r = run(os.path.join(workdir, "fehlt.ods"), "--variante", "werte")
        self.assertEqual(r.returncode, 2)
        self.assertIn("Arbeitsmappe nicht gefunden", r.stderr)
        r = run(src("ISP_Jugendhilfeplanung"), "--variante", "werte", "--gibtsnicht")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unbekannte Angaben: --gibtsnicht", r.stderr)
        self.assertClean(r)

    # ---- issue 10: never the source, never silently over an existing file -----------------------------------

    def test_source_as_target_in_six_spellings(self):
        """A target that is the workbook itself, by file identity: the driver works on a private copy, so only
        it can see this. Each spelling must be refused (2) before anything is written, the workbook unchanged
        byte for byte. On the old driver the first spelling replaced the master by its values-only copy."""
        base = fresh("five")
        master_dir = os.path.join(base, "master")
        pack = os.path.join(base, "pack")
        os.makedirs(master_dir)
        os.makedirs(pack)
        master = src("ISP_Teilhabeplanung", "Mappe.ods", folder=os.path.join("five", "master"))
        before = digest(master)
        target = os.path.join(pack, "Mappe_werte.ods")  # what "--variante werte --format ods" writes

        def symlinked():
            os.symlink(os.path.join("..", "master", "Mappe.ods"), target)

        def hardlinked():
            os.link(master, target)

        rel = os.path.relpath(base, workdir)
        up = f"../{os.path.basename(workdir)}/{rel}"
        cases = [
            ("symlink in the target folder", symlinked, "five/master/Mappe.ods", "five/pack", []),
            # not even when overwriting is asked for
            ("hard link, ./ and trailing /", hardlinked, "./five/master/Mappe.ods", "./five/pack/",
             ["--ueberschreiben"]),
            ("// in an absolute path", symlinked, master, base + "//pack//", []),
            ("../ in both paths", symlinked, f"{up}/master/../master/Mappe.ods", f"{up}/master/../pack", []),
            ("percent-encoded file: URLs", symlinked, "file://" + os.path.join(master_dir, "M%61ppe.ods"),
             "file://" + os.path.join(base, "p%61ck"), []),
        ]
        for what, link, workbook, out, extra in cases:
            with self.subTest(what):
                for n in os.listdir(pack):
                    os.unlink(os.path.join(pack, n))
                link()
                r = run(workbook, "--variante", "werte", "--format", "ods", "--out", out, *extra)
                self.assertEqual(digest(master), before, "the workbook was written")
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                self.assertIn("ist die Arbeitsmappe selbst", r.stderr)
                self.assertEqual(os.listdir(pack), ["Mappe_werte.ods"])
                self.assertClean(r)
        with self.subTest("the workbook is a symlink to the target"):
            # The master lives in the target folder under the target's name; the planner opens it through a link.
            for n in os.listdir(pack):
                os.unlink(os.path.join(pack, n))
            os.rename(master, target)
            os.symlink(os.path.join("..", "pack", "Mappe_werte.ods"), master)
            r = run(master, "--variante", "werte", "--format", "ods", "--out", pack)
            self.assertEqual(digest(target), before, "the workbook was written")
            self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
            self.assertIn("ist die Arbeitsmappe selbst", r.stderr)
            self.assertClean(r)

    def test_existing_target_only_with_ueberschreiben(self):
        book = src("ISP_Teilhabeplanung")
        out = fresh("vorhanden")
        old = os.path.join(out, "ISP_Teilhabeplanung_werte.xlsx")
        with open(old, "wb") as f:
            f.write(b"alte Fassung")
        r = run(book, "--variante", "werte", "--out", out)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("ISP_Teilhabeplanung_werte.xlsx", r.stderr)
        self.assertIn("--ueberschreiben", r.stderr)
        with open(old, "rb") as f:
            self.assertEqual(f.read(), b"alte Fassung")
        self.assertClean(r)
        # --alle: an earlier pack of this workbook in the folder is refused before LibreOffice starts.
        with open(os.path.join(out, "ISP_Teilhabeplanung_SR4.xlsx"), "wb") as f:
            f.write(b"alte Fassung")
        r = run(book, "--variante", "sozialraum", "--alle", "--out", out)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("ISP_Teilhabeplanung_SR4.xlsx", r.stderr)
        self.assertClean(r)
        os.unlink(os.path.join(out, "ISP_Teilhabeplanung_SR4.xlsx"))
        # Asked for: replaced by a complete export, nothing else in the folder.
        r = run(book, "--variante", "werte", "--out", out, "--ueberschreiben")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with zipfile.ZipFile(old) as z:
            self.assertIn("xl/workbook.xml", z.namelist())
        self.assertEqual(os.listdir(out), ["ISP_Teilhabeplanung_werte.xlsx"])
        self.assertClean(r)

    def test_out_naming_a_file(self):
        book = src("ISP_Teilhabeplanung")
        before = digest(book)
        r = run(book, "--variante", "werte", "--out", book)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("ist eine Datei, kein Ordner", r.stderr)
        self.assertEqual(digest(book), before)
        self.assertClean(r)

    def test_folder_where_the_target_should_be(self):
        out = fresh("ordner")
        os.makedirs(os.path.join(out, "ISP_Teilhabeplanung_werte.xlsx"))
        r = run(src("ISP_Teilhabeplanung"), "--variante", "werte", "--out", out, "--ueberschreiben")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("liegt ein Ordner", r.stderr)
        self.assertEqual(os.listdir(out), ["ISP_Teilhabeplanung_werte.xlsx"])
        self.assertClean(r)

    def test_read_only_target_folder(self):
        out = fresh("nurlesen")
        if os.geteuid() == 0:
            mount_tmpfs(self, out, "size=1m,ro")  # root writes into a 0555 folder anyway
        else:
            os.chmod(out, 0o555)
            self.addCleanup(os.chmod, out, 0o755)
        book = src("ISP_Teilhabeplanung")
        r = run(book, "--variante", "werte", "--out", out)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stderr, "kann nicht geschrieben werden: (der Datenträger ist schreibgeschützt|keine "
                                   "Schreibrechte)")
        self.assertEqual(os.listdir(out), [])
        self.assertClean(r)
        r = run(book, "--variante", "werte", "--out", os.path.join(out, "neu"))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("lässt sich nicht anlegen", r.stderr)
        self.assertClean(r)

    def test_full_target_folder(self):
        if os.geteuid() != 0:
            self.skipTest("a full file system needs a tmpfs mount (root)")
        out = fresh("voll")
        mount_tmpfs(self, out, "size=64k")  # an empty file fits, an export (> 150 KB) does not
        r = run(src("ISP_Teilhabeplanung"), "--variante", "werte", "--out", out)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("FEHLER bei ISP_Teilhabeplanung_werte.xlsx", r.stderr)
        self.assertIn("KB frei", r.stderr)
        self.assertEqual(os.listdir(out), [])
        self.assertClean(r)

    def test_soffice_killed_during_alle(self):
        """LibreOffice killed from outside while exports run: a German message (exit 1) that lists the complete
        files, and nothing partial in the folder: no lock file, no temporary file, no empty or cut-off target.
        On the old driver: a traceback, and a `.~lock.…#` and a 0-byte `lu….tmp` left behind."""
        kill_profile = os.path.join(workdir, "profile-kill")
        shutil.rmtree(kill_profile, ignore_errors=True)
        if os.path.exists(os.path.join(profile(), "isp-oxt.stamp")):
            shutil.copytree(profile(), kill_profile, symlinks=True)  # the add-in is installed already
        out = fresh("abbruch")
        stem = "ISP_Jugendhilfeplanung"
        cmd = [SCRIPT, src(stem), "--variante", "sozialraum", "--alle", "--out", out, "--oxt", S.OXT,
               "--profile", kill_profile]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=workdir)
        done_pattern = re.compile(re.escape(stem) + r"_SR\d+\.xlsx")
        killed = []

        def office_pids():
            """soffice.bin of this run: the one whose command line names the test's own profile."""
            pids = []
            for d in os.listdir("/proc"):
                if d.isdigit():
                    try:
                        with open(f"/proc/{d}/cmdline", "rb") as f:
                            argv = f.read().split(b"\0")
                    except OSError:
                        continue
                    if argv and argv[0].endswith(b"soffice.bin") and \
                            any(kill_profile.encode() in a for a in argv):
                        pids.append(int(d))
            return pids

        def killer():
            # Kill while a store is in progress, after at least one file is complete.
            while proc.poll() is None:
                names = os.listdir(out)
                complete = [n for n in names if done_pattern.fullmatch(n)]
                storing = [n for n in names if n.startswith((".~lock.", ".~isp-tmp-")) or
                           re.fullmatch(r"lu\d+\w*\.tmp", n)]
                if complete and storing:
                    for pid in office_pids():
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                    if killed:
                        return
                time.sleep(0.002)

        t = threading.Thread(target=killer)
        t.start()
        stdout, stderr = proc.communicate(timeout=900)
        t.join()
        self.assertTrue(killed, "the run ended before an export could be interrupted: " + stderr)
        self.assertEqual(proc.returncode, 1, stderr)
        self.assertIn("LibreOffice wurde während der Weitergabe beendet", stderr)
        names = sorted(os.listdir(out))
        self.assertEqual(leftovers(out), [], names)
        self.assertTrue(names, "the files complete before the kill may stay")
        for n in names:
            self.assertRegex(n, done_pattern)
            with zipfile.ZipFile(os.path.join(out, n)) as z:  # complete: a readable package
                self.assertIsNone(z.testzip(), n)
                self.assertIn("xl/workbook.xml", z.namelist())
            self.assertIn(n, stderr.split("Nicht geschrieben")[0], "complete files are listed as such")
        self.assertLess(len(names), 13)
        self.assertClean(subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr))

    def test_messages_are_german_without_internals(self):
        """Every refusal and failure of the driver, collected: none shows a traceback or LibreOffice
        internals. The workbook that is no spreadsheet and the one without a description reach the office."""
        book = src("ISP_Teilhabeplanung")
        junk = os.path.join(workdir, "src", "kaputt.ods")
        with open(junk, "wb") as f:
            f.write(b"PK\x03\x04 keine Tabelle")
        plain = os.path.join(workdir, "src", "ohne_beschreibung.csv")
        with open(plain, "w") as f:
            f.write("a;b\n1;2\n")
        out = fresh("meldungen")
        calls = [
            (2, [book, "--variante", "nix"]),
            (2, [book, "--variante", "werte", "--alle"]),
            (2, [os.path.join(workdir, "fehlt.ods"), "--variante", "werte"]),
            (2, [book, "--variante", "werte", "--out", book]),
            (2, [book, "--variante", "werte", "--out", os.path.join(book, "unter")]),
            (2, [book, "--variante", "werte", "--out", "http://example.org/x"]),
            # a mistyped --profile: the folder holding the workbook is not wiped for a profile
            (2, [book, "--variante", "werte", "--out", out], os.path.join(workdir, "src")),
            (None, [junk, "--variante", "werte", "--out", out]),
            (1, [plain, "--variante", "sozialraum", "--alle", "--out", out]),
        ]
        for code, args, *profile_dir in calls:
            with self.subTest(" ".join(os.path.basename(a) for a in args + profile_dir)):
                r = run(*args, profile_dir=profile_dir[0] if profile_dir else None)
                if code is not None:
                    self.assertEqual(r.returncode, code, r.stdout + r.stderr)
                else:
                    self.assertIn(r.returncode, (1, 2), r.stdout + r.stderr)
                self.assertIn("FEHLER", r.stderr)
                self.assertClean(r)
        self.assertEqual(leftovers(out), [])


if __name__ == "__main__":
    unittest.main()
