#!/usr/bin/python3
"""Opening our XLSX files in a LibreOffice without the add-in, as a Kommune does: with the default cell style's
number format as written before (the German general format "[$-407]General" on "Normal") and as written now (the
general format, key 0), side by side in one headless Calc.

  /usr/bin/python3 bench/calc/xlsx_open_bench.py FILE.xlsx [FILE.xlsx ...] [--repeat 5] [--profile DIR]

For each file, "before" is the same file with the number format of the "Normal" style (the first cellStyleXf) set to
"[$-407]General", the only difference of the XLSX that isp_templates/office.py and the add-in's store() wrote before
commit 6bbe42e. The two are opened alternately (a fresh copy each time, hidden), median of --repeat opening times
after one warm-up. The script checks that both show the same values on every sheet. A benchmark: it asserts no
times.
"""
import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "templates"))

from isp_templates.office import Office, file_url, init_profile, prop  # noqa: E402

GERMAN_GENERAL = "[$-407]General"


def before_variant(path, folder):
    """A copy of path whose Normal style carries the German general format."""
    out = os.path.join(folder, "before_" + os.path.basename(path))
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/styles.xml":
                data = with_normal_format(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    return out


def with_normal_format(styles):
    ids = [int(i) for i in re.findall(r'<numFmt numFmtId="(\d+)"', styles)]
    known = re.search(r'<numFmt numFmtId="(\d+)" formatCode="' + re.escape(GERMAN_GENERAL) + '"', styles)
    if known:
        fmt_id = int(known.group(1))
    else:
        fmt_id = max(ids + [163]) + 1
        entry = f'<numFmt numFmtId="{fmt_id}" formatCode="{GERMAN_GENERAL}"/>'
        if "<numFmts" in styles:
            styles = re.sub(r'<numFmts count="(\d+)">',
                            lambda m: f'<numFmts count="{int(m.group(1)) + 1}">{entry}', styles, count=1)
        else:
            styles = styles.replace("<fonts", f'<numFmts count="1">{entry}</numFmts><fonts', 1)
    return re.sub(r'(<cellStyleXfs count="\d+"><xf numFmtId=")\d+', lambda m: f"{m.group(1)}{fmt_id}", styles,
                  count=1)


def open_seconds(office, path, folder):
    copy = os.path.join(tempfile.mkdtemp(dir=folder), os.path.basename(path))
    shutil.copy(path, copy)
    t0 = time.perf_counter()
    doc = office.desktop.loadComponentFromURL(file_url(copy), "_blank", 0, (prop("Hidden", True),))
    seconds = time.perf_counter() - t0
    values = {}
    for i in range(doc.Sheets.Count):
        sheet = doc.Sheets.getByIndex(i)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        a = cursor.RangeAddress
        values[sheet.Name] = sheet.getCellRangeByPosition(0, 0, a.EndColumn, a.EndRow).getDataArray()
    doc.close(True)
    return seconds, values


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", default=os.path.join(tempfile.gettempdir(), "isp-xlsx-open-bench-profile"))
    args = ap.parse_args()
    folder = tempfile.mkdtemp(prefix="isp-xlsx-open-")
    profile = init_profile(args.profile)  # no add-in: the recipient's office
    print(f"{'file':48} {'before s':>9} {'now s':>9} {'factor':>7}")
    with Office(profile, log_dir=folder) as office:
        for path in args.files:
            before = before_variant(path, folder)
            open_seconds(office, path, folder)  # warm-up
            times = {"before": [], "now": []}
            for _ in range(args.repeat):
                for label, p in (("before", before), ("now", path)):
                    seconds, values = open_seconds(office, p, folder)
                    times[label].append(seconds)
                    if label == "before":
                        shown = values
                    elif values != shown:
                        raise SystemExit(f"{path}: the two variants show different values")
            b, n = statistics.median(times["before"]), statistics.median(times["now"])
            print(f"{os.path.basename(path):48} {b:9.2f} {n:9.2f} {b / n:7.1f}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
