#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Runs every test, as `make check` builds them: the user-space arithmetic
# tests against GMP, plain and under AddressSanitizer and UBSan, then the
# module in a real kernel (tests/kernel_check.sh via scripts/in-kernel.sh).
# Ends with the line "N passed, M failed".

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/results
cd "$top" || exit 2
# shellcheck source=tests/tally.sh
. tests/tally.sh

# run_program NAME COMMAND...: runs a test program and adds its summary.
run_program() {
	local name=$1 status
	shift
	echo "# $name: $*"
	"$@" 2>&1 | tee "$out/$name.log"
	status=${PIPESTATUS[0]}
	add_summary "$name" "$out/$name.log"
	[ "$status" -eq 0 ] || fail "$name exited with status $status"
}

# check_fuzz: build/fuzz_arith (tests/fuzz_arith.c) for FUZZ_CHECK_SECONDS,
# 20 by default, from an empty corpus and a fresh random seed (in the log);
# `make fuzz` is the long run. A failing input is saved in $out/crash-*.
check_fuzz() {
	local seconds=${FUZZ_CHECK_SECONDS:-20} log=$out/fuzz_arith.log
	local status runs

	echo "# fuzz_arith: $seconds s against GMP (log: $log)"
	build/fuzz_arith -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$out/" >"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	# A run that executes almost nothing proves nothing either.
	if [ "$status" -eq 0 ] && [ "${runs:-0}" -ge 1000 ]; then
		pass "fuzz_arith: $runs inputs agree with GMP"
	else
		grep -E '^(fuzz_arith:|SUMMARY:|artifact_prefix)' "$log"
		fail "fuzz_arith: status $status after ${runs:-no} inputs"
	fi
}

# modinfo reads the file, so this needs no kernel that can load it.
check_modinfo() {
	local field parm

	echo "# modinfo fibdrv.ko"
	expect "modinfo: license is Dual MIT/GPL" \
		same "$(modinfo -F license fibdrv.ko)" "Dual MIT/GPL"
	for field in author description version; do
		expect "modinfo: $field is set" \
			[ -n "$(modinfo -F "$field" fibdrv.ko)" ]
	done
	parm=$(modinfo -F parm fibdrv.ko)
	expect "modinfo: parameter max_n is described" \
		grep -q '^max_n:.' <<<"$parm"
	expect "modinfo: parameter algo is described" \
		grep -q '^algo:.' <<<"$parm"
	expect "modinfo: parameter cache_kb is described" \
		grep -q '^cache_kb:.' <<<"$parm"
}

# `make plot`'s drawing, from the kernel check's quick measurement.
check_charts() {
	local chart

	echo "# charts from the kernel check's timings (scripts/plot.sh)"
	rm -rf "$out/plot"
	expect "plot.sh draws the charts" \
		scripts/plot.sh --data "$out/kernel/timings" "$out/plot"
	for chart in small-breakdown algorithms user-vs-kernel; do
		expect "$chart.png is a PNG image" \
			same "$(head -c 8 "$out/plot/$chart.png" | od -An -c | tr -d ' ')" \
			'211PNG\r\n032\n'
	done
}

# `make perf`'s core, quick: reads in the kernel sampled with perf must
# land in the module's own functions, named through /proc/kallsyms.
check_perf() {
	local dir=$out/perf log=$out/perf.log status=0

	echo "# perf: scripts/perf.sh --quick (log: $log)"
	scripts/perf.sh --quick --out "$dir" >"$log" 2>&1 || status=$?
	if [ "$status" -ne 0 ]; then
		tail -n 20 "$log"
		fail "perf.sh --quick exited with status $status"
		return
	fi
	expect "perf report: the module's functions with [fibdrv] and a share" \
		grep -Eq '^ +[0-9.]+% +\[fibdrv\] +\[k\] [a-z_]' "$dir/report.txt"
	# shellcheck disable=SC2016 # an awk program
	expect "perf report: most samples of reading F(10^5) are the module's" \
		awk '$2 == "[fibdrv]" && NF == 2 && $1 + 0 > 50 { ok = 1 }
			END { exit !ok }' "$dir/report.txt"
	expect "perf stat: the client's task-clock is counted" \
		grep -q 'task-clock' "$dir/report.txt"
	expect "flame graph: the module's frames are drawn" \
		grep -q 'dn_sqr_basecase \[fibdrv\]' "$dir/flame-decimal-100000.svg"
	# shellcheck disable=SC2016 # an awk program
	expect "compare.txt: the arithmetic's shares in user space too" \
		awk '$1 == "dn_sqr_basecase" && $3 + 0 > 0 { ok = 1 }
			END { exit !ok }' "$dir/compare.txt"
	expect "shares.png is a PNG image" \
		same "$(head -c 8 "$dir/shares.png" | od -An -c | tr -d ' ')" \
		'211PNG\r\n032\n'
}

main() {
	local test

	mkdir -p "$out"
	check_modinfo
	for test in test_bn test_dn test_mul test_ntt test_div test_dec \
		test_fib; do
		run_program "$test" "build/$test"
	done
	# Fewer random indexes: the sanitizers slow the O(n^2) iterative
	# algorithm down several times.
	for test in test_bn test_dn test_mul test_ntt test_div test_dec \
		"test_fib 40"; do
		# shellcheck disable=SC2086 # the program takes its arguments
		run_program "asan-${test%% *}" build/asan/$test
	done
	# The portable code, which x86-64 builds otherwise leave out.
	for test in test_bn test_dn test_mul; do
		run_program "generic-$test" "build/generic/$test"
	done
	check_fuzz
	run_program kernel_check scripts/in-kernel.sh --out "$out/kernel" \
		tests/kernel_check.sh
	check_charts
	check_perf
	summary
}

main
