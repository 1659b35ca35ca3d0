#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Runs SCRIPT as root beside the freshly built module in a kernel that can
# load it: this host's own kernel when it supports modules and the module
# was built for it, otherwise the Debian kernel the module was built for,
# booted under qemu (scripts/vm-run.sh). SCRIPT (POSIX sh, busybox in the VM)
# runs in a folder holding fibdrv.ko, client, expected.txt, tally.sh,
# kernel_check.sh, timings.sh and, once built, the test programs that run
# there; its exit status is ours. Files it writes into the folder $OUT end
# up in DIR with --out DIR. --add PATH copies the file or folder PATH into
# the folder too, under its own name (as often as given).
#
# Usage: scripts/in-kernel.sh [--out DIR] [--add PATH]... SCRIPT [ARG...]
#
# Environment, for a kernel of one's own (scripts/debug-kernel.sh):
# FIBDRV_KO, the module to stage instead of fibdrv.ko; VM_KERNEL, the image
# to boot in the VM, always, instead of the module's Debian kernel.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
stage=$top/build/stage
ko=${FIBDRV_KO:-$top/fibdrv.ko}

out_dir=
extra=()

usage() {
	echo "usage: $0 [--out DIR] [--add PATH]... SCRIPT [ARG...]" >&2
	exit 2
}

# The kernel release fibdrv.ko was built for.
module_release() {
	modinfo -F vermagic "$ko" | cut -d' ' -f1
}

make_stage() {
	local script=$1 arg test
	shift
	rm -rf "$stage"
	mkdir -p "$stage"
	cp "$ko" "$stage/fibdrv.ko"
	# kernel_check.sh for the scripts that run it as one part.
	cp "$top/build/client" "$top/scripts/expected.txt" \
		"$top/tests/tally.sh" "$top/tests/kernel_check.sh" \
		"$top/scripts/timings.sh" "$stage/"
	# Built by `make check` only.
	for test in test_device test_timing test_stress test_interrupt \
		test_cache test_faults test_memlimit fuzz_device bench_device; do
		if [ -e "$top/build/$test" ]; then
			cp "$top/build/$test" "$stage/"
		fi
	done
	if [ ${#extra[@]} -gt 0 ]; then
		cp -R "${extra[@]}" "$stage/"
	fi
	cp "$script" "$stage/script.sh"
	{
		echo '#!/bin/sh'
		# The VM's init sets OUT; on a host it is a folder of the stage.
		cat <<'EOF'
export OUT="${OUT:-$PWD/out}"
mkdir -p "$OUT"
EOF
		printf 'exec sh ./script.sh'
		for arg in "$@"; do
			printf " '%s'" "$arg"
		done
		echo
	} >"$stage/run"
	chmod +x "$stage/run"
}

run_on_host() {
	local status=0

	echo "in-kernel: loading into this host's kernel $(uname -r)"
	cd "$stage"
	# An OUT of the caller's (the VM's own, where a guest plays the
	# host) must not take the files elsewhere.
	if [ "$(id -u)" -eq 0 ]; then
		env OUT="$stage/out" ./run || status=$?
	elif command -v sudo >/dev/null; then
		sudo env OUT="$stage/out" ./run || status=$?
	else
		echo "in-kernel: loading a module needs root; run as root" >&2
		return 1
	fi
	if [ -n "$out_dir" ]; then
		mkdir -p "$out_dir" && cp -R "$stage/out/." "$out_dir/"
	fi
	return "$status"
}

run_in_vm() {
	local release=$1 image=${VM_KERNEL:-/boot/vmlinuz-$1}

	if [ ! -r "$image" ]; then
		echo "in-kernel: this kernel cannot load modules and $image" \
			"is missing: install linux-image-$release" \
			"(or set VM_KERNEL)" >&2
		return 1
	fi
	VM_OUT=$out_dir "$top/scripts/vm-run.sh" "$image" "$stage"
}

main() {
	local release

	while [ $# -ge 2 ]; do
		case $1 in
		--out) out_dir=$(mkdir -p "$2" && cd "$2" && pwd) ;;
		--add) extra+=("$2") ;;
		*) break ;;
		esac
		shift 2
	done
	[ $# -ge 1 ] || usage
	release=$(module_release)
	make_stage "$@"
	if [ -z "${VM_KERNEL:-}" ] && [ -e /proc/modules ] &&
		[ "$release" = "$(uname -r)" ]; then
		run_on_host
	else
		run_in_vm "$release"
	fi
}

main "$@"
