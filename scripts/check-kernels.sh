#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make check-kernels`: for each kernel named (scripts/kernels.sh's names;
# its matrix, Debian's 6.1 and 6.12, generic and PREEMPT_RT, by default),
# installs its image and headers if missing (scripts/deps.sh), then
# - builds the module against its headers with W=1, in a copy of the
#   sources in build/kernels/RELEASE/src, so that the builds for different
#   kernels do not overwrite each other or ./fibdrv.ko; any warning fails;
# - builds it with DKMS (scripts/dkms.sh build, nothing installed);
# - installs the W=1 build with `make install INSTALL_MOD_PATH=root`
#   (modules_install and depmod -b) into a root for the kernel's VM;
# - runs tests/matrix_check.sh on that kernel (scripts/in-kernel.sh: in
#   the VM here): the whole of tests/kernel_check.sh, started in the
#   guest by in-kernel.sh's host path, then modprobe of the installed
#   module. The VM boots with the TSC as its clocksource, as hardware
#   does, so that the module times reads with the TSC (stopwatch.h);
#   `make check` and `make debug-check` boot with qemu's HPET, where the
#   kernel finds the TSC unstable, and test ktime_get_ns()'s timing.
# Prints a table of kernel against passed and failed checks and time,
# and ends with "N passed, M failed" over all kernels. Logs are kept in
# build/kernels/RELEASE.
#
# Usage: scripts/check-kernels.sh [NAME...]
# (after `make check-kernels` has built build/client and the test programs)

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/kernels
cd "$top" || exit 2
# shellcheck source=tests/tally.sh
. tests/tally.sh

# What in-kernel.sh's host path needs in the guest, besides busybox.
guest_tools="bash env modinfo insmod rmmod modprobe"
table=()

# check_build NAME KDIR DIR: a W=1 build with no warning.
check_build() {
	local log=$3/build.log

	make -s -C "$top" module-tree DEST="$3/src" &&
		make -C "$3/src" module KDIR="$2" W=1 >"$log" 2>&1 &&
		! grep -E '(warning|error):' "$log"
}

# check_dkms DIR RELEASE: dkms build gives a module for RELEASE.
check_dkms() {
	local ko

	ko=$(scripts/dkms.sh build "$1/dkms" "$2" 2>"$1/dkms.log" |
		tail -n 1)
	[ -n "$ko" ] &&
		same "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" "$2"
}

# check_install KDIR DIR: `make install` of the W=1 build into DIR/root.
check_install() {
	make -s -C "$2/src" install KDIR="$1" W=1 INSTALL_MOD_PATH="$2/root" \
		>"$2/install.log" 2>&1
}

# check_kernel NAME: every check of one kernel, and its row of the table.
check_kernel() {
	local name=$1 release dir kdir start status=0 p0=$passed f0=$failed

	echo "# kernel $name"
	start=$(date +%s)
	# shellcheck disable=SC2046 # one word per package
	if ! scripts/deps.sh $(scripts/kernels.sh packages "$name") ||
		! release=$(scripts/kernels.sh release "$name"); then
		fail "$name: its image and headers are installed"
		table+=("$name - $((passed - p0)) $((failed - f0)) 0")
		return
	fi
	dir=$out/$release
	kdir=/lib/modules/$release/build
	rm -rf "$dir"
	mkdir -p "$dir"
	expect "$name: W=1 build against $release is clean" \
		check_build "$name" "$kdir" "$dir"
	expect "$name: dkms build for $release" check_dkms "$dir" "$release"
	expect "$name: make install INSTALL_MOD_PATH= and depmod -b" \
		check_install "$kdir" "$dir"
	if [ -f "$dir/src/fibdrv.ko" ]; then
		FIBDRV_KO=$dir/src/fibdrv.ko VM_TOOLS=$guest_tools \
			VM_APPEND="clocksource=tsc tsc=reliable ${VM_APPEND:-}" \
			VM_LOG=$dir/console.log scripts/in-kernel.sh \
			--out "$dir/out" --add scripts/in-kernel.sh \
			--add "$dir/root" tests/matrix_check.sh 2>&1 |
			tee "$dir/check.log"
		status=${PIPESTATUS[0]}
		add_summary "$name: matrix_check.sh" "$dir/check.log"
		[ "$status" -eq 0 ] ||
			fail "$name: matrix_check.sh exited with status $status"
	fi
	table+=("$name $release $((passed - p0)) $((failed - f0)) $(($(date +%s) - start))")
}

print_table() {
	local row

	echo "# kernel matrix"
	printf '# %-10s %-26s %8s %7s %8s\n' kernel release passed failed seconds
	for row in "${table[@]}"; do
		# shellcheck disable=SC2086 # the row's words are the columns
		printf '# %-10s %-26s %8s %7s %8s\n' $row
	done
}

main() {
	local name

	# shellcheck disable=SC2046 # one word per name
	[ $# -gt 0 ] || set -- $(scripts/kernels.sh matrix)
	scripts/deps.sh dkms || exit 1
	mkdir -p "$out"
	for name in "$@"; do
		check_kernel "$name"
	done
	print_table
	summary
}

main "$@"
