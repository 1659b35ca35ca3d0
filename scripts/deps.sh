#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Installs the Debian/Ubuntu packages that building, running and testing
# fibdrv need, or, when not root, prints the command that would. A kernel
# that can load modules needs only its own headers; one that cannot (such
# as this project's build machines) needs Debian's kernel, qemu and busybox
# to boot a test VM. clang and its runtimes build the fuzzer; perf and
# python3 profile and draw the flame graphs (scripts/perf.sh). Arguments
# name more packages that a target needs.

set -eu

packages="gcc make libc6-dev libgmp-dev kmod gnuplot-nox"
packages="$packages clang libclang-rt-dev linux-perf python3 $*"
if [ -e /proc/modules ]; then
	packages="$packages linux-headers-$(uname -r)"
else
	packages="$packages linux-headers-amd64 linux-image-amd64"
	packages="$packages qemu-system-x86 busybox-static cpio"
fi

if ! command -v dpkg-query >/dev/null; then
	echo "deps: not a Debian-like system; make sure these are installed:" \
		"$packages" >&2
	exit 0
fi

missing=
for pkg in $packages; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) ||
		status=
	[ "$status" = installed ] || missing="$missing $pkg"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages; install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y" \
		"--no-install-recommends$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086 # word splitting of the list is intended
apt-get install -y -q --no-install-recommends $missing
