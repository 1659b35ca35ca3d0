#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The kernels fibdrv is built for, by name. A name is one of Debian 12's
# kernel flavours below, or the release of an installed kernel
# (6.1.0-57-amd64, as uname -r prints it):
#
#   6.1         linux-image-amd64          Debian 12's default kernel
#   6.1-rt      linux-image-rt-amd64       the same with PREEMPT_RT
#   6.1-cloud   linux-image-cloud-amd64    the same for cloud VMs
#   6.12        linux-image-6.12-amd64     6.12 from bookworm's security archive
#   6.12-rt     linux-image-6.12-rt-amd64
#   6.12-cloud  linux-image-6.12-cloud-amd64
#
# Usage: scripts/kernels.sh packages NAME   the image and headers packages
#        scripts/kernels.sh release NAME    the installed release of NAME
#        scripts/kernels.sh default-kdir    the headers `make` builds for
#        scripts/kernels.sh matrix          the names `make check-kernels` runs

set -euo pipefail

matrix="6.1 6.1-rt 6.12 6.12-rt"

die() {
	echo "kernels: $*" >&2
	exit 1
}

# The suffix of NAME's metapackages (linux-image-SUFFIX), or nothing for
# a release.
flavour() {
	case $1 in
	6.1) echo amd64 ;;
	6.1-rt) echo rt-amd64 ;;
	6.1-cloud) echo cloud-amd64 ;;
	6.12 | 6.12-rt | 6.12-cloud) echo "$1-amd64" ;;
	[0-9]*.*-*) ;;
	*) die "unknown kernel '$1' (try: $matrix 6.1-cloud 6.12-cloud," \
		"or a release such as $(uname -r))" ;;
	esac
}

packages() {
	local suffix

	suffix=$(flavour "$1")
	echo "linux-image-${suffix:-$1} linux-headers-${suffix:-$1}"
}

# A metapackage depends on the one package of its current release:
# linux-headers-6.12-amd64 on linux-headers-6.12.118+deb12-amd64 (= ...).
release() {
	local suffix depends

	suffix=$(flavour "$1")
	if [ -z "$suffix" ]; then
		echo "$1"
		return
	fi
	depends=$(dpkg-query -W -f='${Depends}' "linux-headers-$suffix" \
		2>/dev/null) || die "linux-headers-$suffix is not installed"
	depends=${depends%% *}
	echo "${depends#linux-headers-}"
}

# The running kernel's headers; else those of Debian's default kernel,
# so that installing other kernels does not change what a plain `make`
# builds for; else the newest installed ones.
default_kdir() {
	local kdir

	kdir=/lib/modules/$(uname -r)/build
	if [ ! -d "$kdir" ]; then
		kdir=/lib/modules/$(release 6.1 2>/dev/null)/build
	fi
	if [ ! -d "$kdir" ]; then
		kdir=$(find /lib/modules -mindepth 2 -maxdepth 2 -name build \
			2>/dev/null | sort -V | tail -n 1)
	fi
	[ -z "$kdir" ] || echo "$kdir"
}

case ${1:-} in
packages | release)
	[ $# -eq 2 ] || die "usage: $0 $1 NAME"
	"$1" "$2"
	;;
default-kdir) default_kdir ;;
matrix) echo "$matrix" ;;
*) die "usage: $0 packages|release NAME, default-kdir or matrix" ;;
esac
