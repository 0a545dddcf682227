"""scripts/weitergabe.sh: batch runs from the command line (headless Calc with the add-in of this build in a
private profile). Exit codes: 0 done, 1 an export failed (German message), 2 wrong arguments."""
import os
import shutil
import subprocess
import tempfile
import unittest

import sharing as S

SCRIPT = os.path.join(S.ROOT, "scripts", "weitergabe.sh")
workdir = None


def setUpModule():
    global workdir
    workdir = tempfile.mkdtemp(prefix="isp-wg-cli-")
    os.chmod(workdir, 0o755)  # the profile inside must be reachable for unopkg running as "nobody" (root runs)


def tearDownModule():
    shutil.rmtree(workdir or "", ignore_errors=True)


def run(*args):
    cmd = [SCRIPT, *args, "--oxt", S.OXT, "--profile", os.path.join(workdir, "profile")]
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600)


def src(stem):
    return S.private_copy(S.template_path(stem, "ods"), workdir)


class Cli(unittest.TestCase):
    def test_one_sozialraum(self):
        out = os.path.join(workdir, "one")
        r = run(src("ISP_Jugendhilfeplanung"), "--variante", "sozialraum", "--sozialraum", "5", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = os.path.join(out, "ISP_Jugendhilfeplanung_SR5.xlsx")
        self.assertTrue(os.path.isfile(path))
        self.assertEqual(S.scan(path), [])
        self.assertIn("Weitergabe für Sozialraum 5", r.stdout)

    def test_all_sozialraeume(self):
        out = os.path.join(workdir, "alle")
        r = run(src("ISP_Psychiatrie-Suchthilfeplanung"), "--variante", "sozialraum", "--alle", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(out)),
                         sorted(f"ISP_Psychiatrie-Suchthilfeplanung_SR{i}.xlsx" for i in range(1, 14)))

    def test_values_only_as_ods(self):
        out = os.path.join(workdir, "werte")
        r = run(src("ISP_Teilhabeplanung"), "--variante", "werte", "--format", "ods", "--out", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = os.path.join(out, "ISP_Teilhabeplanung_werte.ods")
        self.assertEqual([p for p in S.scan(path) if "formula" in p], [])

    def test_unknown_sozialraum_is_an_error(self):
        r = run(src("ISP_Jugendhilfeplanung"), "--variante", "sozialraum", "--sozialraum", "99",
                "--out", os.path.join(workdir, "x"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("gibt es in dieser Arbeitsmappe nicht", r.stderr)

    def test_public_needs_a_public_sheet(self):
        r = run(src("ISP_Sozialstrukturatlas"), "--variante", "oeffentlich", "--out", os.path.join(workdir, "y"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("kein öffentliches Blatt", r.stderr)

    def test_wrong_arguments(self):
        r = run(src("ISP_Jugendhilfeplanung"), "--variante", "sozialraum")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--sozialraum ID oder --alle", r.stderr)
        r = run(os.path.join(workdir, "fehlt.ods"), "--variante", "werte")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Arbeitsmappe nicht gefunden", r.stderr)


if __name__ == "__main__":
    unittest.main()
