#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The debug kernel's check, run in its VM by scripts/debug-kernel.sh
# (`make debug-check`): the whole of tests/kernel_check.sh, then a kmemleak
# scan and a look through the kernel log for what KASAN, lockdep, the
# sleep-in-atomic check and the watchdogs report. POSIX sh, for busybox.
# Ends with "N passed, M failed", kernel_check.sh's checks included.
# Usage: debug_check.sh [--quick]   (the argument goes to kernel_check.sh)

set -u

kmemleak=/sys/kernel/debug/kmemleak

# shellcheck source=tests/tally.sh
. ./tally.sh

# Prints the lines of the whole kernel log, boot included, that match the
# extended regular expression $1.
log_matches() {
	dmesg | grep -E "$1"
}

# log_clean DESCRIPTION REGEX: no line of the log matches; shows those that do.
log_clean() {
	if log_matches "$2" >log.hits; then
		sed 's/^/# /' log.hits
		fail "$1"
	else
		pass "$1"
	fi
}

kasan_on() {
	log_matches 'KernelAddressSanitizer initialized' >/dev/null
}

# Without these, a clean run would prove nothing.
check_debug_kernel() {
	echo "# the debug kernel's checkers are on"
	grep -q ' /sys/kernel/debug ' /proc/mounts ||
		mount -t debugfs debugfs /sys/kernel/debug
	expect "kmemleak is there ($kmemleak)" [ -e $kmemleak ]
	expect "KASAN is on" kasan_on
	expect "lockdep is on (/proc/lockdep)" [ -e /proc/lockdep ]
}

# A scan reports only objects older than 5 s; those that boot left behind
# are the kernel's own, and clear keeps them out of later reports, so that
# what the final scan finds was allocated while the suite ran.
forget_boot_leaks() {
	[ -e $kmemleak ] || return
	echo scan >$kmemleak
	echo "# kmemleak: $(grep -c '^unreferenced object' $kmemleak)" \
		"suspects from boot, cleared"
	echo clear >$kmemleak
}

check_suite() {
	echo "# tests/kernel_check.sh $*"
	sh ./kernel_check.sh "$@" 2>&1 | tee kernel_check.out
	add_summary kernel_check kernel_check.out
}

# Any leak at all fails: by now fibdrv is unloaded, so the stack traces of
# its leaks name no fibdrv function, only addresses. Two scans a few
# seconds apart, past kmemleak's minimum age, let the last objects settle.
check_leaks() {
	echo "# kmemleak scan after the suite"
	if [ ! -e $kmemleak ]; then
		fail "kmemleak finds no leak from the suite (no kmemleak)"
		return
	fi
	sleep 6
	echo scan >$kmemleak
	sleep 6
	echo scan >$kmemleak
	cat $kmemleak >kmemleak.out
	if grep -q '^unreferenced object' kmemleak.out; then
		sed 's/^/# /' kmemleak.out
		fail "kmemleak finds no leak from the suite"
	else
		pass "kmemleak finds no leak from the suite"
	fi
	log_clean "kmemleak stayed on" 'kmemleak: .*(disabled|Cannot)'
}

# The whole log: a report during boot means the debug kernel is broken.
check_log() {
	echo "# the kernel log, boot included"
	log_clean "KASAN reports no bad memory access" 'BUG: KASAN'
	log_clean "lockdep reports no locking problem" \
		'possible (circular|recursive) locking|inconsistent lock state|lock held when returning|bad unlock balance|suspicious RCU usage|non-static key|turning off the locking correctness validator'
	log_clean "nothing sleeps in atomic context" \
		'sleeping function called from invalid context|scheduling while atomic'
	log_clean "no other WARNING, BUG, Oops or lockup" \
		'WARNING:|BUG:|Oops|soft lockup|hung task|Call Trace'
}

check_debug_kernel
forget_boot_leaks
check_suite "$@"
check_leaks
check_log
summary
