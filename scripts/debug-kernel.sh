#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make debug-check`: builds a small kernel with KASAN, kmemleak, lockdep
# (PROVE_LOCKING) and DEBUG_ATOMIC_SLEEP from Debian's linux-source, the
# options of scripts/debug-kernel.config on top of allnoconfig; builds
# fibdrv against it; and runs tests/debug_check.sh (the whole VM suite,
# then a kmemleak scan and a look through the kernel log) on it under qemu.
# The kernel tree is kept in debug-kernel/ (ignored by git, kept by
# `make clean`) and is rebuilt only when the source package or the
# fragment changes; the module is rebuilt every time, in a copy, so that
# the normal build's fibdrv.ko stays as it is. Needs build/client,
# build/test_device and build/test_timing (make debug-check builds them).
#
# Usage: scripts/debug-kernel.sh [--build-only] [--quick]
#   --build-only  only brings the kernel and the module up to date
#   --quick       goes to kernel_check.sh (test_device's quick mode)
#
# Environment: LINUX_SOURCE (the tarball, default
# /usr/src/linux-source-6.1.tar.xz), DEBUG_KERNEL_DIR (the cache, default
# debug-kernel/ in the project; build-time.txt and run-time.txt there say
# how long the last build and run took), JOBS (parallel kernel build jobs,
# default 2), and vm-run.sh's, with larger defaults: VM_MEMORY 2048,
# VM_TIMEOUT 3600, VM_LOG build/debug-console.log.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
source_tar=${LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
cache=${DEBUG_KERNEL_DIR:-$top/debug-kernel}
fragment=$top/scripts/debug-kernel.config
tree=$cache/linux
module=$cache/module
jobs=${JOBS:-2}

note() {
	echo "debug-kernel: $*" >&2
}

# What the built tree was made from: the tarball (a new linux-source
# package replaces it) and the fragment.
source_id() {
	stat -c '%n %s %Y' "$source_tar"
}

config_id() {
	sha256sum <"$fragment" | cut -d' ' -f1
}

unpack() {
	note "unpacking $source_tar into $tree"
	rm -rf "$tree" "$tree.tmp" "$cache"/*.stamp
	mkdir -p "$tree.tmp"
	tar -xf "$source_tar" -C "$tree.tmp" --strip-components=1
	mv "$tree.tmp" "$tree"
	source_id >"$cache/source.stamp"
}

# Each line of the fragment must be in .config as written: kconfig drops
# an option silently when its dependencies are not met.
verify_config() {
	local line name missing=0

	while IFS= read -r line; do
		case $line in
		CONFIG_*) grep -qxF "$line" "$tree/.config" ;;
		"# CONFIG_"*" is not set")
			name=${line#\# }
			! grep -q "^${name%% *}=" "$tree/.config"
			;;
		*) continue ;;
		esac || {
			note "not in .config as asked: $line"
			missing=1
		}
	done <"$fragment"
	return "$missing"
}

build_kernel() {
	local start

	start=$(date +%s)
	note "configuring: allnoconfig + ${fragment#"$top"/}"
	make -C "$tree" -s KCONFIG_ALLCONFIG="$fragment" allnoconfig
	verify_config
	note "building the kernel with -j$jobs (log: $cache/build.log)"
	if ! make -C "$tree" -j"$jobs" all >"$cache/build.log" 2>&1; then
		tail -n 30 "$cache/build.log" >&2
		note "the kernel build failed; log: $cache/build.log"
		return 1
	fi
	echo "$(($(date +%s) - start)) s to configure and build" \
		"$(make -s -C "$tree" kernelrelease) with -j$jobs" |
		tee "$cache/build-time.txt"
	config_id >"$cache/config.stamp"
}

# kbuild writes beside the sources of M=, hence the copy.
build_module() {
	make -s -C "$top" module-tree DEST="$module"
	make -C "$tree" M="$module" modules >"$cache/module.log" 2>&1 || {
		cat "$cache/module.log" >&2
		note "the module build failed"
		return 1
	}
}

run_check() {
	local start status=0 test

	for test in client test_device test_timing; do
		[ -x "$top/build/$test" ] || {
			note "build/$test is missing: run make debug-check"
			return 1
		}
	done
	start=$(date +%s)
	# KASAN's shadow and quarantine and kmemleak's metadata need memory,
	# and the suite runs several times slower than on Debian's kernel.
	# trinity (tests/debug_check.sh) comes with the host's C library.
	VM_TOOLS="${VM_TOOLS:-} trinity" FIBDRV_KO=$module/fibdrv.ko \
		VM_KERNEL=$tree/arch/x86/boot/bzImage \
		VM_MEMORY=${VM_MEMORY:-2048} VM_TIMEOUT=${VM_TIMEOUT:-3600} \
		VM_LOG=${VM_LOG:-$top/build/debug-console.log} \
		"$top/scripts/in-kernel.sh" "$top/tests/debug_check.sh" "$@" ||
		status=$?
	# Kept in a file: the run's "N passed, M failed" must end the output.
	echo "$(($(date +%s) - start)) s for the last run" >"$cache/run-time.txt"
	return "$status"
}

main() {
	local build_only=false

	if [ "${1:-}" = --build-only ]; then
		build_only=true
		shift
	fi
	[ -r "$source_tar" ] || {
		note "$source_tar is missing: install linux-source-6.1"
		exit 1
	}
	mkdir -p "$cache"
	if [ ! -d "$tree" ] ||
		[ "$(cat "$cache/source.stamp" 2>/dev/null)" != "$(source_id)" ]; then
		unpack
	fi
	if [ ! -f "$tree/arch/x86/boot/bzImage" ] ||
		[ "$(cat "$cache/config.stamp" 2>/dev/null)" != "$(config_id)" ]; then
		build_kernel
	else
		note "kernel up to date: $(cat "$cache/build-time.txt" 2>/dev/null)"
	fi
	build_module
	$build_only || run_check "$@"
}

main "$@"
