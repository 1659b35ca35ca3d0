#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Loads fibdrv into the running kernel and checks it through /dev/fibonacci.
# Runs as root beside fibdrv.ko, client, the test programs (test_device,
# test_timing, test_stress, test_interrupt, test_cache), expected.txt,
# tally.sh and timings.sh: inside the test VM or directly on
# a host that can load modules (scripts/in-kernel.sh arranges both). POSIX
# sh, so that busybox runs it. Leaves the timing data of its quick run of
# timings.sh in $OUT/timings, for the host to draw.
# Usage: kernel_check.sh [--quick]

set -u

ko=./fibdrv.ko
params=/sys/module/fibdrv/parameters
debugfs=/sys/kernel/debug
cache_stats=$debugfs/fibdrv/cache
device_args=${1:-}
csv_header=n,algo,user_ns,kernel_compute_ns,kernel_convert_ns,kernel_copy_ns,syscall_overhead_ns,digits
log_start=$(dmesg | wc -l)

# shellcheck source=tests/tally.sh
. ./tally.sh

new_log() {
	dmesg | tail -n +$((log_start + 1))
}

logged() {
	new_log | grep -q "$1"
}

check_bad_parameters() {
	echo "# invalid parameters refuse the load and say why"
	for arg in max_n=100000001 max_n=-1 max_n=12abc algo=bogus algo= \
		cache_kb=1048577 cache_kb=-1 cache_kb=x; do
		refuse "insmod with $arg is refused" insmod $ko "$arg"
		expect "no device after refused $arg" [ ! -e /dev/fibonacci ]
	done
	expect "the log explains a bad max_n" logged "fibdrv: max_n must be"
	expect "the log explains a bad algo" logged "fibdrv: algo must be"
	expect "the log explains a bad cache_kb" \
		logged "fibdrv: cache_kb must be an integer from 0 to 1048576"
}

check_loaded_defaults() {
	echo "# load with defaults"
	expect "insmod with defaults" insmod $ko
	expect "/dev/fibonacci is a character device" [ -c /dev/fibonacci ]
	expect "/dev/fibonacci is readable by everyone" \
		same "$(stat -c %a /dev/fibonacci)" 666
	expect "max_n defaults to 100000" same "$(cat $params/max_n)" 100000
	expect "algo defaults to decimal" same "$(cat $params/algo)" decimal
	expect "cache_kb defaults to 4096" same "$(cat $params/cache_kb)" 4096
	expect "cache_kb is writable by root" \
		same "$(stat -c %a $params/cache_kb)" 644
}

check_client() {
	echo "# client output against scripts/expected.txt"
	for algo in decimal doubling doubling-basic iterative; do
		./client -a $algo 100 >client.out 2>&1
		expect "client -a $algo 100 prints expected.txt" \
			cmp client.out expected.txt
	done
	./client >client.out 2>&1
	expect "client with no argument prints F(0..100)" \
		cmp client.out expected.txt
}

check_runtime_parameters() {
	echo "# parameters changed through sysfs"
	refuse "max_n above the limit is refused at run time" \
		sh -c "echo 100000001 > $params/max_n"
	expect "a refused max_n leaves it unchanged" \
		same "$(cat $params/max_n)" 100000
	expect "max_n can be lowered" sh -c "echo 50 > $params/max_n"
	refuse "client cannot read above the new max_n" ./client -n 51
	expect "client reads at the new max_n" sh -c "./client -n 50 >/dev/null"
	expect "max_n can be restored" sh -c "echo 100000 > $params/max_n"
	refuse "an unknown algo is refused at run time" \
		sh -c "echo bogus > $params/algo"
	expect "algo can be changed" sh -c "echo iterative > $params/algo"
	expect "algo reads back" same "$(cat $params/algo)" iterative
	expect "algo can be restored" sh -c "echo decimal > $params/algo"
	for _kb in 1048577 -1 x; do
		refuse "cache_kb=$_kb is refused at run time" \
			sh -c "echo $_kb > $params/cache_kb"
	done
	expect "a refused cache_kb leaves it unchanged" \
		same "$(cat $params/cache_kb)" 4096
	expect "cache_kb can be changed" sh -c "echo 1048576 > $params/cache_kb"
	expect "cache_kb reads back" same "$(cat $params/cache_kb)" 1048576
	expect "cache_kb can be restored" sh -c "echo 4096 > $params/cache_kb"
}

check_unload() {
	echo "# unload"
	exec 3</dev/fibonacci
	refuse "rmmod is refused while the device is open" rmmod fibdrv
	exec 3<&-
	expect "rmmod succeeds once it is closed" rmmod fibdrv
	expect "the device node is gone" [ ! -e /dev/fibonacci ]
	expect "the module is gone from sysfs" [ ! -e /sys/module/fibdrv ]
}

# run_program NAME [ARG...]: runs ./NAME and adds its "N passed, M failed".
run_program() {
	_name=$1
	shift
	"./$_name" "$@" | tee "$_name.out"
	add_summary "$_name" "$_name.out"
}

# Adds the programs' own "N passed, M failed" to the tally.
check_device_abi() {
	echo "# device ABI with max_n=1000000 (tests/test_device.c)"
	expect "insmod with max_n=1000000" insmod $ko max_n=1000000
	# shellcheck disable=SC2086 # no argument at all when none was given
	run_program test_device $device_args
	echo "# the timing ioctl (tests/test_timing.c)"
	run_program test_timing
	expect "rmmod after the ABI tests" rmmod fibdrv
}

mount_debugfs() {
	grep -q " $debugfs debugfs " /proc/mounts ||
		mount -t debugfs debugfs $debugfs
}

# The number after NAME in the cache's statistics.
cache_stat() {
	sed -n "s/^$1 //p" $cache_stats
}

# Reads large n by the default algorithm, through the cache.
fill_cache() {
	for _n in 200000 400000 600000 800000 1000000; do
		./client -n $_n >/dev/null || return 1
	done
}

# The cache of read results, and an unload while it holds them: that
# frees them all (the debug kernel's kmemleak scan checks that it does).
check_cache() {
	echo "# the cache of read results (tests/test_cache.c)"
	mount_debugfs
	expect "insmod with max_n=1000000 for the cache test" \
		insmod $ko max_n=1000000
	expect "the cache statistics are root's alone" \
		same "$(stat -c %a $cache_stats)" 600
	run_program test_cache
	expect "large reads fill the cache" fill_cache
	expect "the cache holds them" [ "$(cache_stat entries)" -ge 5 ]
	expect "rmmod with a full cache" rmmod fibdrv
	expect "no device after rmmod with a full cache" [ ! -e /dev/fibonacci ]
	expect "the cache statistics are gone" [ ! -e $debugfs/fibdrv ]
}

# Prints what is wrong with the timing CSV file $1; nothing if all is well.
csv_problems() {
	awk -F, -v header="$csv_header" '
	NR == 1 { if ($0 != header) print "the header is " $0; next }
	NF != 8 { print "line " NR " has " NF " fields"; next }
	$3 <= 0 || $3 != $4 + $5 + $6 + $7 {
		print "line " NR ": user_ns is not the sum of the parts: " $0
	}
	$7 < 0 { print "line " NR ": the kernel took longer than read(): " $0 }
	($1 in digits) && digits[$1] != $8 {
		print "line " NR ": algorithms disagree on the digits: " $0
	}
	{ digits[$1] = $8 }
	' "$1"
}

# check_csv FILE ROWS: FILE is a well-formed timing CSV of ROWS rows.
check_csv() {
	expect "$1 has $2 rows" same "$(tail -n +2 "$1" | wc -l)" "$2"
	expect "$1: header, sums, overheads and digits" \
		same "$(csv_problems "$1")" ""
}

check_stress() {
	echo "# threads and shared files (tests/test_stress.c)"
	expect "insmod for the stress test" insmod $ko
	run_program test_stress
	expect "rmmod after the stress test" rmmod fibdrv
}

# Long enough under emulation for a signal 2 s in: F(10^7) with schoolbook
# squares, and F(10^8) with the fast products and conversion, and in
# radix 10^19. Then, while max_n allows it, F(10^7) read whole by the fast
# algorithms.
check_interrupt() {
	echo "# signals during long reads (tests/test_interrupt.c)"
	expect "insmod with max_n=100000000" insmod $ko max_n=100000000
	run_program test_interrupt 10000000 doubling-basic
	run_program test_interrupt 100000000 doubling
	run_program test_interrupt 100000000 decimal
	echo "# F(10^7) read whole, against GMP (tests/test_device.c --value)"
	run_program test_device --value 10000000
	expect "rmmod after the interrupted reads" rmmod fibdrv
}

# Loads and unloads 50 times; each time the device must work and then
# leave nothing: no node, no sysfs entries, no misc minor.
check_load_unload() {
	_cycles=0
	echo "# load and unload 50 times"
	for _i in $(seq 50); do
		insmod $ko && [ -c /dev/fibonacci ] &&
			[ "$(./client -n 30)" = 832040 ] && rmmod fibdrv &&
			[ ! -e /dev/fibonacci ] && [ ! -e /sys/module/fibdrv ] &&
			[ ! -e /sys/class/misc/fibonacci ] &&
			! grep -q fibonacci /proc/misc &&
			_cycles=$((_cycles + 1))
	done
	expect "50 load, read, unload cycles leave nothing behind" \
		same "$_cycles" 50
}

check_timings() {
	echo "# client --time, through scripts/timings.sh --quick"
	expect "client --help exits 0 and shows the CSV header" \
		sh -c "./client --help | grep -q '$csv_header'"
	for args in "--reps 0" "--step 0" "--from 5 --to 4" "--per-decade 0" \
		"--to 100000001" "-a bogus,"; do
		# shellcheck disable=SC2086 # a list of options
		refuse "client --time $args is refused" ./client --time $args
	done
	mkdir -p "$OUT/timings"
	expect "timings.sh --quick measures" \
		sh -c "OUT='$OUT/timings' sh ./timings.sh --quick >timings.out"
	# 0..100 by 10, and 10..10^4 with 2 n a decade, each with 4 algorithms
	check_csv "$OUT/timings/small.csv" 44
	check_csv "$OUT/timings/large.csv" 28
}

check_kernel_log() {
	echo "# kernel log"
	if new_log | grep -E 'WARNING|BUG|Oops|soft lockup|hung task|Call Trace'; then
		fail "the kernel log holds no WARNING, BUG or Oops"
	else
		pass "the kernel log holds no WARNING, BUG or Oops"
	fi
}

if grep -q '^fibdrv ' /proc/modules; then
	echo "fibdrv is already loaded: rmmod it first" >&2
	exit 2
fi
check_bad_parameters
check_loaded_defaults
check_client
check_runtime_parameters
check_unload
check_device_abi
check_timings
check_stress
check_cache
check_interrupt
check_load_unload
check_kernel_log
summary
