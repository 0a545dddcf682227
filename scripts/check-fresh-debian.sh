#!/usr/bin/env bash
# Proves the README on a bare machine: bootstraps a minimal Debian 12 (debootstrap --variant=minbase, nothing
# else installed) in a chroot, puts a fresh `git clone` of this repository's committed HEAD into /root/isp
# (--src: elsewhere) and runs there, as root, exactly the README's two commands in order:
# `bash scripts/run-sample.sh`, then `bash scripts/run-tests.sh`. Prints pass/fail and the wall time of each;
# exits non-zero when one fails.
#
#   sudo bash scripts/check-fresh-debian.sh [DIR] [--rebootstrap] [--src /path/in/the/root]
#
# DIR (default /var/tmp/isp-fresh-debian, never inside the repository) keeps:
#   base-bookworm-minbase.tar  the pristine debootstrap result, made once and reused, so every run starts
#                              from the same bare root (--rebootstrap makes it again)
#   root/                      this run's root, unpacked from the tarball at the start and left for
#                              inspection afterwards (the next run deletes it)
#   logs/                      one log per run and command
# Needs root (debootstrap, mount, chroot) and the Debian mirror only (MIRROR overrides the one apt uses
# here; SECURITY_MIRROR the security archive). Everything mounted is unmounted and every process left in the
# root is ended on every exit path.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
SUITE=bookworm
DIR=/var/tmp/isp-fresh-debian
REBOOTSTRAP=0
SRC=/root/isp
while [ $# -gt 0 ]; do
  case "$1" in
    --rebootstrap) REBOOTSTRAP=1 ;;
    --src) SRC=${2:?--src needs an absolute path}; shift ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "check-fresh-debian: unknown option $1" >&2; exit 2 ;;
    *) DIR=$1 ;;
  esac
  shift
done

die() { echo "check-fresh-debian: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, mount, chroot)"
case "$DIR" in *[[:space:]]*) die "DIR must not contain white space: $DIR" ;; esac
case "$SRC" in /?*) ;; *) die "--src must be an absolute path other than /: $SRC" ;; esac
case "$SRC" in *[[:space:]\'\"]* | */../* | */..) die "--src must be a plain path: $SRC" ;; esac
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd -P)
[ "$DIR" != / ] || die "DIR must not be /"
case "$DIR/" in "$REPO/"*) die "DIR must lie outside the repository ($REPO)" ;; esac
ROOT=$DIR/root
BASE_TAR=$DIR/base-$SUITE-minbase.tar
STAMP=$(date +%Y%m%d-%H%M%S)
LOGDIR=$DIR/logs
mkdir -p "$LOGDIR"

# One run per DIR at a time.
exec 9>"$DIR/.lock"
flock -n 9 || die "another run uses $DIR"

# The mirror apt uses on this machine (deb822 or one-line sources), else Debian's default.
host_mirror() {
  local m
  m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ') || true
  echo "${m%/}"
}
MIRROR=${MIRROR:-$(host_mirror)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-${MIRROR%/debian}/debian-security}

mounts_under_root() { awk -v r="$ROOT" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo; }

# Ends the processes whose root directory is this chroot (by pid; nothing else is touched).
end_chroot_processes() {
  local p pids=()
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && pids+=("${p#/proc/}")
  done
  [ ${#pids[@]} -eq 0 ] && return 0
  echo "check-fresh-debian: ending ${#pids[@]} process(es) left in the root: ${pids[*]}" >&2
  kill -TERM "${pids[@]}" 2>/dev/null || true
  sleep 2
  kill -KILL "${pids[@]}" 2>/dev/null || true
  sleep 1
}

unmount_all() {
  local m
  [ -d "$ROOT" ] || return 0
  end_chroot_processes
  # deepest first
  for m in $(mounts_under_root | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" || echo "check-fresh-debian: cannot unmount $m" >&2
  done
}
trap unmount_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# --- the pristine base -------------------------------------------------------------------------------------
if [ ! -f "$BASE_TAR" ] || [ "$REBOOTSTRAP" -eq 1 ]; then
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "check-fresh-debian: installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  fi
  tmp=$DIR/bootstrap.tmp
  rm -rf --one-file-system "$tmp"
  echo "check-fresh-debian: debootstrap --variant=minbase $SUITE from $MIRROR (log: $LOGDIR/$STAMP-debootstrap.log)"
  t0=$(date +%s)
  if ! debootstrap --variant=minbase "$SUITE" "$tmp" "$MIRROR" >"$LOGDIR/$STAMP-debootstrap.log" 2>&1; then
    tail -n 20 "$LOGDIR/$STAMP-debootstrap.log" >&2
    die "debootstrap failed"
  fi
  tar -C "$tmp" --numeric-owner -cpf "$BASE_TAR.part" .
  mv "$BASE_TAR.part" "$BASE_TAR"
  rm -rf --one-file-system "$tmp"
  echo "check-fresh-debian: base ready in $(fmt_time $(($(date +%s) - t0))): $BASE_TAR"
else
  echo "check-fresh-debian: reusing the pristine base $BASE_TAR"
fi

# --- a bare root for this run -------------------------------------------------------------------------------
unmount_all
[ -z "$(mounts_under_root)" ] || die "something is still mounted under $ROOT"
rm -rf --one-file-system "$ROOT"
mkdir "$ROOT"
tar -C "$ROOT" --numeric-owner -xpf "$BASE_TAR"

# What a freshly installed Debian has as well: name resolution, the usual archives, a hosts file. Daemons
# that packages would start are not started inside the chroot (they would keep it busy).
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
[ -s "$ROOT/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"

mount -t proc proc "$ROOT/proc"
mount -t sysfs sysfs "$ROOT/sys"
for d in /dev /dev/pts /dev/shm; do
  mkdir -p "$ROOT$d"
  mount --bind "$d" "$ROOT$d"
  mount --make-private "$ROOT$d"
done

# The committed HEAD only (no working-tree changes, no build outputs).
mkdir -p "$(dirname "$ROOT$SRC")"
git clone -q --no-hardlinks "$REPO" "$ROOT$SRC"
git -C "$ROOT$SRC" remote remove origin
HEAD=$(git -C "$ROOT$SRC" rev-parse HEAD)
echo "check-fresh-debian: testing $(git -C "$ROOT$SRC" log -1 --format='%h %s' | cut -c1-100) in $SRC"

# --- the README's two commands ------------------------------------------------------------------------------
results=()
failed=0
for cmd in "bash scripts/run-sample.sh" "bash scripts/run-tests.sh"; do
  log=$LOGDIR/$STAMP-$(basename "${cmd#bash }" .sh).log
  echo "check-fresh-debian: # $cmd   (log: $log)"
  t0=$(date +%s)
  set +e
  chroot "$ROOT" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/bash -c "cd '$SRC' && $cmd" </dev/null 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  took=$(($(date +%s) - t0))
  if [ "$rc" -eq 0 ]; then verdict=PASS; else verdict="FAIL (exit $rc)"; failed=1; fi
  results+=("$(printf '  %-28s %-16s %s' "$cmd" "$verdict" "$(fmt_time "$took")")")
  echo "check-fresh-debian: $cmd: $verdict after $(fmt_time "$took")"
  end_chroot_processes
done

echo "check-fresh-debian: Debian $(cat "$ROOT/etc/debian_version") minbase, HEAD $HEAD in $SRC"
printf '%s\n' "${results[@]}"
exit "$failed"
