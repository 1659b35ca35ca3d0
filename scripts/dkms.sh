#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# fibdrv through DKMS (dkms.conf), which rebuilds it for every kernel
# installed later.
#
# Usage: scripts/dkms.sh install [RELEASE...]
#          copies the sources to /usr/src/fibdrv-VERSION, then dkms add,
#          build and install for each RELEASE (uname -r by default); root
#        scripts/dkms.sh uninstall
#          dkms remove for every kernel, and the sources in /usr/src
#        scripts/dkms.sh build DIR RELEASE...
#          dkms build only, with its trees in DIR, so that nothing is
#          installed (dkms still makes its signing key, /var/lib/dkms/mok.key,
#          on first use); prints the path of each module built, dkms's own
#          output going to stderr (the tests' way: it needs only the
#          kernels' headers)

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
name=fibdrv
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")

die() {
	echo "dkms: $*" >&2
	exit 1
}

# copy_sources DIR: the module's sources as DKMS wants them, in DIR.
copy_sources() {
	make -s -C "$top" module-tree DEST="$1"
}

added() {
	[ -n "$(dkms status -m "$name" -v "$version" 2>/dev/null)" ]
}

# A source tree of the same version may have changed since it was added:
# remove the old builds first, so that every kernel gets the new one.
install() {
	local src=/usr/src/$name-$version release

	[ $# -gt 0 ] || set -- "$(uname -r)"
	if added; then
		dkms remove "$name/$version" --all
	fi
	copy_sources "$src"
	dkms add "$name/$version"
	for release in "$@"; do
		dkms build "$name/$version" -k "$release"
		dkms install "$name/$version" -k "$release"
	done
}

uninstall() {
	if added; then
		dkms remove "$name/$version" --all
	fi
	rm -rf "/usr/src/$name-$version"
}

build() {
	local dir=$1 release trees ko
	shift

	[ $# -gt 0 ] || die "usage: $0 build DIR RELEASE..."
	rm -rf "$dir"
	mkdir -p "$dir/source" "$dir/dkms"
	dir=$(cd "$dir" && pwd)
	trees=(--dkmstree "$dir/dkms" --sourcetree "$dir/source")
	copy_sources "$dir/source/$name-$version"
	dkms add "$name/$version" "${trees[@]}" >&2
	for release in "$@"; do
		dkms build "$name/$version" -k "$release" "${trees[@]}" \
			--kernelsourcedir "/lib/modules/$release/build" >&2
		ko=$(find "$dir/dkms/$name/$version/$release" \
			-name "$name.ko*" -path '*/module/*')
		[ -n "$ko" ] || die "no $name.ko for $release in $dir/dkms"
		echo "$ko"
	done
}

[ -n "$version" ] || die "no PACKAGE_VERSION in $top/dkms.conf"
case ${1:-} in
install | uninstall | build)
	command -v dkms >/dev/null || die "dkms is missing: install dkms"
	cmd=$1
	shift
	"$cmd" "$@"
	;;
*) die "usage: $0 install [RELEASE...], uninstall or build DIR RELEASE..." ;;
esac
