#!/usr/bin/env bash
# The first start of a real Calc window with the ISP extension installed (issue 10): a German GUI LibreOffice
# under Xvfb, a fresh profile, the .oxt installed with unopkg, then `soffice --calc`. Afterwards the script lists
# the office's own top-level windows (through UNO: title, role and texts) and the X server's, takes a screenshot,
# and fails if any dialog is open (an error box such as „Fehler beim Laden von BASIC …").
#
# Why a chroot: headless starts never show such boxes, and the GUI office (libreoffice-calc) cannot be installed
# beside the headless libreoffice-calc-nogui of a build machine. So the script bootstraps a Debian 12 root once
# (debootstrap, about 1 GB, reused on later runs) outside the repository and runs everything inside it.
# Needs root (debootstrap, chroot, mounts in a private mount namespace that ends with the script).
#
#   scripts/check-gui-start.sh [<oxt>] [<output dir>]
#     <oxt>         default build/addin/isp-sozialplanung.oxt
#     <output dir>  default /var/tmp/isp-gui-start; gets screenshot.png (the start), dialogs.txt (the office's
#                   windows), windows.txt (the X windows), soffice.log; after a clean start also
#                   extension-manager.png and weitergabe.png/.txt (the dialog and its controls in pixels)
#   ISP_GUI_ROOT  the Debian root (default /var/tmp/isp-gui-root)
#   ISP_GUI_WAIT  seconds to wait for the Calc window (default 90)
#   ISP_GUI_WORKBOOK  a workbook for the picture of the Weitergabe dialog (default: the empty document)
#   DEBIAN_MIRROR default http://deb.debian.org/debian
#
# Exit: 0 the Calc window is open and no dialog is, 1 a dialog is open or no Calc window appeared, 2 setup failed.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
oxt=$(readlink -f "${1:-$here/build/addin/isp-sozialplanung.oxt}")
out=${2:-/var/tmp/isp-gui-start}
root=${ISP_GUI_ROOT:-/var/tmp/isp-gui-root}
wait_s=${ISP_GUI_WAIT:-90}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The GUI Calc with German UI, Xvfb and the tools for the window list and the screenshot. python3-uno: the
# office's own list of its windows (the X list cannot read the text of a message box).
packages="libreoffice-calc libreoffice-l10n-de python3-uno xvfb x11-utils x11-apps imagemagick"
packages+=" fonts-dejavu-core fonts-liberation2"

fail() { echo "check-gui-start: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot)"
[ -f "$oxt" ] || fail "no such .oxt: $oxt"
case "$root" in /|/usr|/var|/var/tmp|/tmp|"$here"*) fail "refusing ISP_GUI_ROOT=$root" ;; esac

# Runs a command inside the root with /proc, /sys and /dev, in a private mount namespace: the mounts vanish with
# the command, also when it is killed.
# shellcheck disable=SC2016  # $1, $r and "$@" belong to the inner shell
in_root() {
    unshare --mount --propagation private -- /bin/sh -c '
        r=$1; shift
        mount -t proc proc "$r/proc" && mount -t sysfs sys "$r/sys" && mount --rbind /dev "$r/dev" &&
            exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"' \
        sh "$root" "$@"
}

setup_root() {
    [ -f "$root/.isp-gui-root-ready" ] && return 0
    if ! command -v debootstrap >/dev/null; then
        echo "installing debootstrap" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >/dev/null
    fi
    if [ ! -f "$root/.isp-debootstrap-done" ]; then
        if [ -e "$root" ] && [ ! -f "$root/.isp-gui-root" ]; then
            fail "$root exists and is not a root made by this script"
        fi
        rm -rf "$root"  # an interrupted bootstrap of our own
        mkdir -p "$root"
        touch "$root/.isp-gui-root"
        echo "debootstrap Debian 12 into $root (a few minutes)" >&2
        debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root/.isp-debootstrap.log" 2>&1 ||
            fail "debootstrap failed, see $root/.isp-debootstrap.log"
        touch "$root/.isp-debootstrap-done"
    fi
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # the office with Debian's security updates, as a planner's Debian 12 has it
    printf '%s\n' "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
        "deb http://deb.debian.org/debian-security bookworm-security main" >"$root/etc/apt/sources.list"
    echo "installing the GUI LibreOffice Calc into $root (a few minutes)" >&2
    # shellcheck disable=SC2086  # the package list is split on purpose
    in_root /bin/sh -c "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
        --no-install-recommends $packages" >"$root/.isp-apt.log" 2>&1 ||
        fail "apt-get in the root failed, see $root/.isp-apt.log"
    in_root /bin/sh -c 'id planer >/dev/null 2>&1 || useradd -m planer' || fail "useradd failed"
    touch "$root/.isp-gui-root-ready"
}

# one check at a time per root (they share its work folder)
exec 9>"$root.lock"
flock -n 9 || fail "another check-gui-start.sh uses $root"

setup_root

work=/tmp/isp-gui-check
rm -rf "${root:?}$work"
mkdir -p "$root$work"
cp "$oxt" "$root$work/isp-sozialplanung.oxt"
workbook_name=""
if [ -n "${ISP_GUI_WORKBOOK:-}" ]; then
    workbook_name=$(basename "$ISP_GUI_WORKBOOK")
    cp "$ISP_GUI_WORKBOOK" "$root$work/$workbook_name"
fi

# Talks to the running GUI office (UNO pipe):
#   windows           the office's own list of its top-level windows: kind, title and every text inside (a
#                     message box's message is in its accessible tree); exit 1 when any dialog is showing
#   extensions        opens the Extension Manager (Extras ▸ Erweiterungsverwaltung…) for a screenshot
#   weitergabe [URL]  opens the Weitergabe dialog (without executing it) for the workbook at URL, else for the
#                     document in front, and prints each control's rectangle in pixels
cat >"$root$work/probe.py" <<'PY'
import sys
import threading
import time

import uno
from com.sun.star.accessibility.AccessibleRole import ALERT, DIALOG, FILE_CHOOSER, FRAME, ROOT_PANE
from com.sun.star.accessibility.AccessibleStateType import SHOWING
from com.sun.star.beans import PropertyValue

ROLES = {ALERT: "alert", DIALOG: "dialog", FILE_CHOOSER: "file chooser", FRAME: "window", ROOT_PANE: "window"}
DOCUMENT_WINDOWS = (FRAME, ROOT_PANE)  # a document window; anything else showing counts as a dialog
CREATE_DIALOG = "vnd.sun.star.script:ISPWeitergabe.Weitergabe.CreateDialog?language=Basic&location=application"


def texts(acc, depth=0):
    found = []
    if acc is None or depth > 12:
        return found
    if acc.getAccessibleName():
        found.append(acc.getAccessibleName())
    try:
        if hasattr(acc, "getText") and acc.getText():
            found.append(acc.getText())
    except Exception:
        pass  # not every context that has getText implements XAccessibleText
    for i in range(min(acc.getAccessibleChildCount(), 200)):
        child = acc.getAccessibleChild(i)
        if child is not None:
            found += texts(child.getAccessibleContext(), depth + 1)
    return found


def windows(ctx):
    toolkit = ctx.ServiceManager.createInstanceWithContext("com.sun.star.awt.Toolkit", ctx)
    dialogs = 0
    for i in range(toolkit.getTopWindowCount()):
        acc = toolkit.getTopWindow(i).getAccessibleContext()
        if not acc.getAccessibleStateSet().contains(SHOWING):
            continue
        role = acc.getAccessibleRole()
        if role in DOCUMENT_WINDOWS:
            print(f"{ROLES[role]}\t{acc.getAccessibleName()}")
            continue
        words = dict.fromkeys(t.replace("\n", " ") for t in texts(acc))
        print(f"{ROLES.get(role, f'role {role}')}\t{acc.getAccessibleName()}\t{' | '.join(words)}")
        dialogs += 1
    return 1 if dialogs else 0


def desktop(ctx):
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def extensions(ctx):
    helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    frame = desktop(ctx).getCurrentFrame()
    # the dispatch may not return while the dialog is open; the caller takes its screenshot meanwhile
    threading.Thread(target=helper.executeDispatch, daemon=True,
                     args=(frame, "service:com.sun.star.deployment.ui.PackageManagerDialog", "", 0, ())).start()
    time.sleep(10)


def weitergabe(ctx, url=None):
    doc = desktop(ctx).getCurrentComponent()
    if url:
        hidden = PropertyValue()
        hidden.Name, hidden.Value = "Hidden", True
        doc = desktop(ctx).loadComponentFromURL(url, "_blank", 0, (hidden,))
    scripts = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.script.provider.MasterScriptProviderFactory", ctx).createScriptProvider("")
    dlg = scripts.getScript(CREATE_DIALOG).invoke((doc,), (), ())[0]
    dlg.setVisible(True)
    box = dlg.getPosSize()
    print(f"dialog\t{box.X}\t{box.Y}\t{box.Width}\t{box.Height}")
    for name in dlg.getModel().getElementNames():
        p = dlg.getControl(name).getPosSize()
        print(f"{name}\t{p.X}\t{p.Y}\t{p.Width}\t{p.Height}")
    sys.stdout.flush()
    time.sleep(10)


local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
office = resolver.resolve("uno:pipe,name=isp_gui_check;urp;StarOffice.ComponentContext")
mode = sys.argv[1]
if mode == "windows":
    sys.exit(windows(office))
elif mode == "extensions":
    extensions(office)
else:
    weitergabe(office, *sys.argv[2:])
PY

cat >"$root$work/run.sh" <<SH
set -u
w=$work
wait_s=$wait_s
workbook=$(printf '%q' "$workbook_name")
SH
cat >>"$root$work/run.sh" <<'SH'
profile=$w/profile
url=file://$profile
chown -R planer: "$w"
as_planer() {
    runuser -u planer -- env HOME=/home/planer LANG=C.UTF-8 SAL_USE_VCLPLUGIN=gen DISPLAY="${DISPLAY:-}" "$@"
}
shot() { xwd -root -silent | convert xwd:- "${@:2}" "$w/$1"; }  # <file> [convert options]
top_windows() {  # viewable children of the X root window (no window manager: these are the top-level windows)
    xwininfo -root -children | sed -n 's/^ *\(0x[0-9a-f]*\) \("[^"]*"\).*/\1 \2/p' | while read -r id name; do
        xwininfo -id "$id" | grep -q "IsViewable" && echo "$id $name"
    done
}

# A fresh profile first (else the first start may de-register the extension), then a German user interface and
# no "Tip of the Day" (a planner closes it once; here it would hide what we look for), then the extension.
as_planer soffice --headless --norestore --terminate_after_init "-env:UserInstallation=$url" >/dev/null 2>&1
xcu=$profile/user/registrymodifications.xcu
if [ ! -f "$xcu" ]; then
    mkdir -p "$profile/user"
    printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' \
        '</oor:items>' >"$xcu"
fi
item() { printf '<item oor:path="%s"><prop oor:name="%s" oor:op="fuse"><value>%s</value></prop></item>' "$@"; }
# the office derives ooLocale from UILocale (Extras ▸ Optionen ▸ Spracheinstellungen ▸ Benutzeroberfläche)
settings="$(item /org.openoffice.Office.Linguistic/General UILocale de-DE)"
settings+="$(item /org.openoffice.Setup/L10N ooLocale de-DE)"
settings+="$(item /org.openoffice.Setup/L10N ooSetupSystemLocale de-DE)"
settings+="$(item /org.openoffice.Office.Common/Misc ShowTipOfTheDay false)"
sed -i "s|</oor:items>|$settings</oor:items>|" "$xcu"
chown -R planer: "$profile"
as_planer unopkg add --suppress-license "-env:UserInstallation=$url" "$w/isp-sozialplanung.oxt" || exit 2
as_planer unopkg list "-env:UserInstallation=$url" 2>/dev/null | grep -E "^Identifier|^ *is registered" | head -2

# a free display number (the X servers of others on this machine share the abstract socket names)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$w/display" >"$w/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 20); do [ -s "$w/display" ] && break; sleep 0.5; done
[ -s "$w/display" ] || { echo "Xvfb did not start" >&2; exit 2; }
export DISPLAY=":$(head -1 "$w/display")"
# its own process group (soffice → oosplash → soffice.bin), so that the office can be ended as a whole
as_planer setsid sh -c 'echo $$ >"$0/office.pgid"; exec "$@"' "$w" soffice --calc --norestore --nologo \
    "-env:UserInstallation=$url" "--accept=pipe,name=isp_gui_check;urp;StarOffice.ComponentContext" \
    >"$w/soffice.log" 2>&1 &
for _ in $(seq "$wait_s"); do
    sleep 1
    top_windows | grep -q "LibreOffice Calc" && break
done
sleep 8  # boxes that come after the window
{
    echo "# viewable top-level X windows: id, title, class, transient for (a dialog names its owner)"
    top_windows | while read -r id name; do
        echo "$id $name $(xprop -id "$id" WM_CLASS WM_TRANSIENT_FOR 2>/dev/null | tr '\n' ' ')"
    done
} >"$w/windows.txt"
timeout 60 runuser -u planer -- python3 "$w/probe.py" windows >"$w/dialogs.txt" 2>"$w/probe.err"
office_rc=$?
shot screenshot.png -resize 1024x
rc=0
grep -q "LibreOffice Calc" "$w/windows.txt" || rc=1           # no Calc window
grep -q "WM_TRANSIENT_FOR(WINDOW)" "$w/windows.txt" && rc=1  # a dialog on top of it
[ "$office_rc" -eq 0 ] || rc=1                               # the office lists a dialog, or did not answer

if [ "$rc" -eq 0 ]; then
    # what the Extension Manager shows, and the Weitergabe dialog as the GUI draws it
    runuser -u planer -- python3 "$w/probe.py" extensions >/dev/null 2>>"$w/probe.err" &
    probe=$!
    sleep 6
    shot extension-manager.png
    wait "$probe"
    wb_url=()
    [ -n "$workbook" ] && wb_url=("file://$w/$workbook")
    runuser -u planer -- python3 "$w/probe.py" weitergabe "${wb_url[@]}" >"$w/weitergabe.txt" 2>>"$w/probe.err" &
    probe=$!
    sleep 8
    shot weitergabe.png
    wait "$probe"
fi
pgid=$(cat "$w/office.pgid" 2>/dev/null || true)
if [ -n "$pgid" ]; then
    kill -TERM -- "-$pgid" 2>/dev/null
    sleep 3
    kill -KILL -- "-$pgid" 2>/dev/null
fi
kill "$xvfb" 2>/dev/null
exit "$rc"
SH

rc=0
in_root /bin/bash "$work/run.sh" || rc=$?
mkdir -p "$out"
for f in screenshot.png extension-manager.png weitergabe.png weitergabe.txt dialogs.txt probe.err windows.txt \
    soffice.log; do
    if [ -f "$root$work/$f" ]; then cp "$root$work/$f" "$out/$f"; fi
done
echo "== the office's top-level windows (kind, title, texts)"
cat "$out/dialogs.txt" 2>/dev/null || true
if [ -s "$out/probe.err" ]; then cat "$out/probe.err"; fi
echo "== X windows"
cat "$out/windows.txt" 2>/dev/null || true
echo "screenshots in $out"
case $rc in
    0) echo "OK: Calc started, no dialog open" ;;
    1) echo "FAILED: a dialog is open at the first start, or no Calc window appeared" ;;
    *) echo "FAILED: the check could not run (exit $rc)" ;;
esac
exit $((rc > 1 ? 2 : rc))
