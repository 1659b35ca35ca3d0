#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The debug kernel's check, run in its VM by scripts/debug-kernel.sh
# (`make debug-check`): the whole of tests/kernel_check.sh, then a kmemleak
# scan and a look through the kernel log for what KASAN, lockdep, the
# sleep-in-atomic check and the watchdogs report. POSIX sh, for busybox.
# Then the fault tests: tests/test_faults.c fails the allocations of each
# operation one by one through /proc/thread-self/fail-nth, and at the end
# those of loading the module (finit_module); the device's own fuzzer,
# trinity on the device (TRINITY_SECONDS, default 60) and reads under a
# cgroup's memory limit. The kmemleak scan comes right after an unload
# with a full cache, whose entries must all be freed.
# Ends with "N passed, M failed", kernel_check.sh's checks included.
# Usage: debug_check.sh [--quick | --no-suite | --fault-sites]
#   --quick        goes to kernel_check.sh (test_device's quick mode)
#   --no-suite     skips kernel_check.sh: only the fault tests and the scans
#   --fault-sites  only test_faults, for scripts/fault-sites.sh

set -u

kmemleak=/sys/kernel/debug/kmemleak
debugfs=/sys/kernel/debug
ko=./fibdrv.ko
TRINITY_SECONDS=${TRINITY_SECONDS:-60}

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

# The number after NAME in the cache's statistics.
cache_stat() {
	sed -n "s/^$1 //p" $debugfs/fibdrv/cache
}

# The module's cache full of entries, some evicted to make room, and then
# an unload: the kmemleak scan that follows finds any it did not free.
# With --no-suite, test_cache, which kernel_check.sh runs otherwise.
check_full_unload() {
	echo "# rmmod with a full cache, before the kmemleak scan"
	expect "insmod with max_n=1000000 for the cache" \
		insmod $ko max_n=1000000
	if [ "$suite" = no ]; then
		run_program test_cache
	fi
	expect "a 256 KiB cache" \
		sh -c "echo 256 >/sys/module/fibdrv/parameters/cache_kb"
	for _n in 100000 300000 500000 700000 5000 6000 7000; do
		./client -n $_n >/dev/null
	done
	expect "the reads evicted for room" [ "$(cache_stat evictions)" -gt 0 ]
	expect "and left entries" [ "$(cache_stat entries)" -gt 0 ]
	expect "rmmod with a full cache" rmmod fibdrv
	expect "no device after rmmod with a full cache" [ ! -e /dev/fibonacci ]
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
	# "Cannot allocate a scan area" under fault injection: it scans the
	# whole object instead.
	log_clean "kmemleak stayed on" \
		'kmemleak: .*(disabled|Cannot allocate a kmemleak_object)'
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

# failslab and fail_page_alloc fail what fail-nth asks for, as syzkaller
# sets them: also allocations that may sleep, highmem and order-0 pages
# (vmalloc's), and quietly. And every allocation of a task whose
# make-it-fail is 1 once fail-nth has counted down (test_faults' sweeps
# "from the k-th on"): probability 100, times -1, but only for such a task
# (task-filter), which is set first, so that nothing else fails meanwhile.
fault_injection() {
	for _attr in failslab fail_page_alloc; do
		echo 0 >$debugfs/$_attr/verbose &&
			echo Y >$debugfs/$_attr/task-filter &&
			echo -1 >$debugfs/$_attr/times &&
			echo N >$debugfs/$_attr/ignore-gfp-wait &&
			echo 100 >$debugfs/$_attr/probability || return 1
	done
	echo N >$debugfs/fail_page_alloc/ignore-gfp-highmem &&
		echo 0 >$debugfs/fail_page_alloc/min-order
}

# fail-nth alone from here on: a task that sets its own make-it-fail
# (trinity's children do) must not have every allocation failed.
fault_injection_off() {
	for _attr in failslab fail_page_alloc; do
		echo 0 >$debugfs/$_attr/probability || return 1
	done
}

# run_program NAME [ARG...]: runs ./NAME, says how long it took and adds
# its "N passed, M failed".
run_program() {
	_name=$1
	shift
	_start=$(date +%s)
	"./$_name" "$@" | tee "$_name.out"
	echo "# $_name $*: $(($(date +%s) - _start)) s"
	add_summary "$_name" "$_name.out"
}

check_faults() {
	echo "# every allocation of each operation failed in turn (tests/test_faults.c)"
	expect "fail-nth is there" [ -e /proc/thread-self/fail-nth ]
	expect "fault injection fails sleeping and order-0 allocations" \
		fault_injection
	expect "insmod with max_n=5000000" insmod $ko max_n=5000000
	run_program test_faults
	expect "fault injection for make-it-fail off" fault_injection_off
	expect "rmmod after the fault tests" rmmod fibdrv
}

check_fuzz() {
	echo "# ioctl numbers and pointers, mixed calls from threads (tests/fuzz_device.c)"
	expect "insmod for the fuzzer" insmod $ko
	run_program fuzz_device 20
	expect "rmmod after the fuzzer" rmmod fibdrv
}

# trinity (Debian's; scripts/debug-kernel.sh brings the host's, with its C
# library) on a node of the device of its own, which it may unlink or
# rename, as root, for TRINITY_SECONDS: the calls that take a file
# descriptor and reach the device's read, write, llseek, ioctl and release
# or the VFS around them, on 250 descriptors of the node (the "pseudo"
# file-descriptor provider, the one that opens -V's files; with it
# disabled and the others making nothing in this kernel, its children
# wait for ever for a descriptor and make no call). --clowntown skips the
# 10 s it waits as root. Its children set their own make-it-fail, to no
# effect here (fault_injection_off). Afterwards the values must still be
# GMP's (test_device --quick); check_log looks through its part of the
# kernel log with the rest.
trinity_calls="read readv pread64 preadv preadv2 write writev pwrite64
pwritev pwritev2 lseek ioctl fcntl newfstat mmap splice sendfile
copy_file_range dup dup2 dup3 poll flock fsync fdatasync ftruncate
fallocate fadvise64 readahead"

# Whether a process of trinity's is left.
trinity_left() {
	for _comm in /proc/[0-9]*/comm; do
		case $(cat "$_comm" 2>/dev/null) in
		trinity*) return 0 ;;
		esac
	done
	return 1
}

# The successes of CALL in trinity's --stats.
trinity_successes() {
	sed -n "s/^$1: (attempted:[0-9]*\. success:\([0-9]*\)\..*/\1/p" \
		"$2" | tail -n 1
}

check_trinity() {
	_dir=/tmp/trinity
	echo "# trinity on the device for ${TRINITY_SECONDS} s"
	if ! command -v trinity >/dev/null; then
		fail "trinity is there (install it on the host)"
		return
	fi
	expect "insmod for trinity" insmod $ko
	mkdir -p $_dir
	expect "a node of the device for trinity" mknod $_dir/fibonacci c \
		"$(cut -d: -f1 /sys/class/misc/fibonacci/dev)" \
		"$(cut -d: -f2 /sys/class/misc/fibonacci/dev)"
	_calls=
	for _call in $trinity_calls; do
		_calls="$_calls -c $_call"
	done
	_start=$(date +%s)
	# shellcheck disable=SC2086 # a word for each -c and its call
	(cd $_dir && timeout -s INT -k 30 "$TRINITY_SECONDS" trinity \
		--dangerous --clowntown -q -l off -a 64 -C 2 --stats \
		-V $_dir/fibonacci --enable-fds=pseudo $_calls \
		</dev/null >trinity.out 2>&1)
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		trinity_left || break
		sleep 1
	done
	refuse "trinity and its children are gone" trinity_left
	grep -E '^[a-z0-9_]+: \(attempted|Ran [0-9]+ syscalls|Bailing|taint' \
		$_dir/trinity.out | sed 's/^/# /'
	_ran=$(sed -n 's/.*Ran \([0-9]*\) syscalls.*/\1/p' $_dir/trinity.out |
		tail -n 1)
	expect "trinity made 1000 calls or more (${_ran:-none} in $(($(date +%s) - _start)) s)" \
		[ "${_ran:-0}" -ge 1000 ]
	_reads=$(trinity_successes read $_dir/trinity.out)
	expect "some of its reads returned digits (${_reads:-none})" \
		[ "${_reads:-0}" -gt 0 ]
	expect "it ran until told to stop (not on a taint)" \
		grep -q 'Bailing main loop because ctrl-c' $_dir/trinity.out
	run_program test_device --quick
	expect "rmmod after trinity" rmmod fibdrv
	rm -rf $_dir
}

# A group with memory.max below what the reads need; see
# tests/test_memlimit.c.
check_memlimit() {
	_cg=/sys/fs/cgroup
	echo "# reads under a cgroup's memory.max (tests/test_memlimit.c)"
	grep -q " $_cg cgroup2 " /proc/mounts || mount -t cgroup2 none $_cg
	expect "the memory controller is on for child groups" \
		sh -c "echo +memory >$_cg/cgroup.subtree_control"
	mkdir -p $_cg/fib
	expect "insmod with max_n=10000000" insmod $ko max_n=10000000
	run_program test_memlimit $_cg/fib
	expect "rmmod after the memory limits" rmmod fibdrv
	rmdir $_cg/fib
}

# Allocation failures in the kernel's module loader print "vmalloc error"
# warnings with call traces, which check_log would count, hence after it:
# its own part of the log must hold no report but those.
check_load_faults() {
	echo "# finit_module with each allocation failed in turn"
	echo "debug_check: load faults start" >/dev/kmsg
	run_program test_faults --load $ko
	dmesg | sed -n '/debug_check: load faults start/,$p' >load.log
	if grep -E 'BUG:|WARNING:|Oops|KASAN|locking|lock state|sleeping function' \
		load.log >log.hits; then
		sed 's/^/# /' log.hits
		fail "the failed loads leave no report in the log"
	else
		pass "the failed loads leave no report in the log"
	fi
	check_leaks
}

# scripts/fault-sites.sh: with a copy of the module that logs each of its
# allocations, test_faults alone (and with --load), each call marked in
# the log, which ends up whole in $OUT/dmesg.txt (the kernel's arguments
# must make room for it and let /dev/kmsg take every mark).
fault_sites() {
	check_debug_kernel
	export FAULTS_KMSG=1
	check_faults
	run_program test_faults --load $ko
	dmesg >"$OUT/dmesg.txt"
	summary
}

if [ "${1:-}" = --fault-sites ]; then
	fault_sites
	exit
fi
check_debug_kernel
forget_boot_leaks
suite=yes
if [ "${1:-}" = --no-suite ]; then
	suite=no
	shift
else
	check_suite "$@"
fi
check_faults
check_fuzz
check_trinity
check_memlimit
check_full_unload
check_leaks
check_log
check_load_faults
summary
