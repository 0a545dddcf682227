#!/usr/bin/env bash
# Installs (or replaces) the ISP add-in in a LibreOffice user profile, headless.
#
#   scripts/lo-install-addin.sh <path/to/isp-sozialplanung.oxt> [<profile dir>]
#
# Without a profile dir: the calling user's own profile (~/.config/libreoffice/4). Close LibreOffice first:
# unopkg must not run while a soffice uses the same profile. As root, unopkg refuses to install into a user
# profile, so the script runs it as the unprivileged user "nobody" on copies of the profile and the .oxt in a
# temporary directory, from /, and copies the profile back (root needs an explicit profile dir; the checkout may
# lie where nobody cannot go, e.g. under /root).
# A fresh (empty or missing) profile dir is initialised first; otherwise the first start of soffice may
# de-register the extension again.
set -euo pipefail

oxt=${1:?usage: lo-install-addin.sh <oxt> [<profile dir>]}
profile=${2:-}
oxt=$(readlink -f "$oxt")
[ -f "$oxt" ] || { echo "no such .oxt: $oxt" >&2; exit 2; }

env_args=()
if [ -n "$profile" ]; then
    mkdir -p "$profile"
    profile=$(readlink -f "$profile")
    env_args=("-env:UserInstallation=file://$profile")
    if [ ! -d "$profile/user" ]; then
        # --terminate_after_init creates the profile; soffice may exit once with 81 (restart request) on a
        # fresh profile, which the soffice wrapper (oosplash) handles.
        soffice --headless --norestore --nologo --terminate_after_init "${env_args[@]}" >/dev/null 2>&1 || true
    fi
elif [ "$(id -u)" -eq 0 ]; then
    echo "as root, give a profile dir (unopkg does not install into root's own profile)" >&2
    exit 2
fi

run_unopkg() {
    if [ "$(id -u)" -eq 0 ]; then
        # nobody may not reach the profile, the .oxt or the current directory (a checkout under /root, mode
        # 0700): unopkg works from / on copies in a temporary directory, and the profile is copied back.
        local home
        home=$(mktemp -d)
        chmod 0755 "$home"
        cp "$oxt" "$home/"
        cp -a "$profile" "$home/profile"
        chown -R 65534:65534 "$home"
        local args=() a
        for a in "$@"; do
            case "$a" in
                "$oxt") args+=("$home/$(basename "$oxt")") ;;
                -env:UserInstallation=*) args+=("-env:UserInstallation=file://$home/profile") ;;
                *) args+=("$a") ;;
            esac
        done
        local rc=0
        (cd / && setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$home" unopkg "${args[@]}") || rc=$?
        local owner
        owner=$(stat -c %u:%g "$profile")
        rm -rf "$profile"
        cp -a "$home/profile" "$profile"
        chown -R "$owner" "$profile"
        rm -rf "$home"
        return $rc
    else
        unopkg "$@"
    fi
}

# Remove an older build first (same identifier), then add; unopkg add alone refuses an equal version.
run_unopkg remove "${env_args[@]}" de.sozialplanung.isp >/dev/null 2>&1 || true
run_unopkg add --suppress-license "${env_args[@]}" "$oxt"
listing=$(run_unopkg list "${env_args[@]}" 2>/dev/null || true)
if ! grep -q "is registered: yes" <<<"$listing"; then
    echo "the add-in was added but is not registered" >&2
    exit 1
fi
echo "ISP add-in installed${profile:+ into $profile}"
