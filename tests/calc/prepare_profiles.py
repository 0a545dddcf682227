#!/usr/bin/python3
"""ctest fixture: makes the profiles the Calc tests copy (one copy per test module).

  prepare_profiles.py <oxt> <dir>
creates <dir>/profile-plain (an initialised profile without the add-in) and <dir>/profile-template (the same
with the add-in from <oxt> installed by scripts/lo-install-addin.sh).
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    oxt, base = sys.argv[1], sys.argv[2]
    plain = os.path.join(base, "profile-plain")
    template = os.path.join(base, "profile-template")
    for d in (plain, template):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(plain)
    # --terminate_after_init creates the profile (oosplash handles the restart request, exit 81).
    subprocess.run(["/usr/lib/libreoffice/program/soffice", "--headless", "--norestore", "--nologo",
                    "--terminate_after_init", f"-env:UserInstallation=file://{plain}"],
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    if not os.path.isdir(os.path.join(plain, "user")):
        sys.exit("soffice did not initialise the profile")
    shutil.copytree(plain, template, symlinks=True)
    subprocess.run([os.path.join(ROOT, "scripts", "lo-install-addin.sh"), oxt, template], check=True, timeout=120)


if __name__ == "__main__":
    main()
