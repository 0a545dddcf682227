#!/usr/bin/python3
"""Where a count edit's time goes in a built workbook: the same edit (first Zähler on Werte, +1 / back) timed with
more and more sheets frozen to their values, one fresh copy per step.

  /usr/bin/python3 bench/calc/sheet_profile.py --build build --file build/templates/ISP_Sozialraummonitor.ods \\
      --freeze Rechenweg_Dynamik,Rechenweg_Vorjahr,Rechenweg,Klassenwechsel [--repeat 25]

Step k freezes the first k sheets of --freeze (formulas replaced by their results), so the difference between two
steps is what the k-th sheet costs. Besides the wall time (median) it reports the CPU time soffice spent per edit,
read from /proc/<pid>/stat before and after the edits: steadier than wall time on a shared machine. A benchmark,
not a test: it asserts nothing."""
import argparse
import glob
import os
import shutil
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "templates"))

from isp_templates.office import Office, init_profile  # noqa: E402

VALUES = 1 | 2 | 4 | 16  # CellFlags VALUE | DATETIME | STRING | FORMULA


def soffice_bin(office):
    for path in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            cmd = open(path, "rb").read().split(b"\0")
        except OSError:
            continue
        if cmd and cmd[0].endswith(b"soffice.bin") and any(office.pipe.encode() in c for c in cmd):
            return int(path.split("/")[2])
    raise RuntimeError("soffice.bin of this office not found")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def freeze(doc, name):
    sheet = doc.Sheets.getByName(name)
    sheet.unprotect("")
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.RangeAddress
    used = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
    data = used.getDataArray()
    used.clearContents(VALUES)
    used.setDataArray(data)


def count_edit(doc):
    sheet = doc.Sheets.getByName("Werte")
    sheet.unprotect("")
    column = sheet.getCellRangeByName("D6:D4005").getDataArray()
    row = next(6 + i for i, (v,) in enumerate(column) if isinstance(v, float))
    cell = sheet.getCellRangeByName(f"D{row}")
    base, state = cell.getValue(), {"up": False}

    def run():
        state["up"] = not state["up"]
        cell.setValue(base + 1 if state["up"] else base)
        doc.calculate()

    return run


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--file", required=True)
    ap.add_argument("--freeze", required=True, help="comma-separated sheet names, frozen cumulatively")
    ap.add_argument("--repeat", type=int, default=25)
    args = ap.parse_args(argv)
    sheets = [s for s in args.freeze.split(",") if s]
    work = tempfile.mkdtemp(prefix="isp-sheet-profile-")
    try:
        profile = os.path.join(work, "profile")
        init_profile(profile, os.path.join(args.build, "addin", "isp-sozialplanung.oxt"))
        with Office(profile, pipe_prefix="isp_sheet_profile") as office:
            pid = soffice_bin(office)
            for k in range(len(sheets) + 1):
                copy = os.path.join(work, f"step{k}.ods")
                shutil.copy(args.file, copy)
                doc = office.load(copy)
                try:
                    doc.calculateAll()
                    for name in sheets[:k]:
                        freeze(doc, name)
                    doc.calculateAll()
                    run = count_edit(doc)
                    run()  # warm-up
                    walls, cpu0 = [], cpu_seconds(pid)
                    for _ in range(args.repeat):
                        t0 = time.perf_counter()
                        run()
                        walls.append(time.perf_counter() - t0)
                    cpu = (cpu_seconds(pid) - cpu0) / args.repeat
                    label = "as built" if k == 0 else "+ frozen " + sheets[k - 1]
                    print(f"{label:40s} wall median {statistics.median(walls) * 1000:6.1f} ms, "
                          f"soffice CPU {cpu * 1000:6.1f} ms per edit", flush=True)
                finally:
                    doc.close(True)
        print("load average:", [f"{x:.2f}" for x in os.getloadavg()])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
