#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Measures the data of the timing charts, beside the module in a real
# kernel (scripts/in-kernel.sh runs it for scripts/plot.sh and for the
# tests). Writes into $OUT: small.csv (n = 0..100, every algorithm),
# large.csv (log-spaced n, each algorithm as far as it is quick enough)
# and system.txt (what ran it). POSIX sh, so that busybox runs it.
# Usage: timings.sh [--quick]

set -eu

if [ "${1:-}" = --quick ]; then
	small="--to 100 --step 10 --reps 3"
	per_decade=2 reps=3 doubling_to=10000 iterative_to=10000
else
	small="--to 100 --reps 11"
	# The iterative algorithm is O(n^2): F(10^6) takes 23 s under TCG.
	per_decade=8 reps=5 doubling_to=1000000 iterative_to=316228
fi

if grep -q '^fibdrv ' /proc/modules; then
	echo "timings: fibdrv is already loaded: rmmod it first" >&2
	exit 2
fi
insmod ./fibdrv.ko max_n=$doubling_to

# client --time bypasses the module's cache: its repetitions of an n all
# compute it.

# shellcheck disable=SC2086 # $small is a list of options
./client --time $small -o "$OUT/small.csv"
./client --time -a decimal --from 10 --to $doubling_to \
	--per-decade $per_decade --reps $reps -o "$OUT/decimal.csv"
./client --time -a doubling --from 10 --to $doubling_to \
	--per-decade $per_decade --reps $reps -o "$OUT/doubling.csv"
./client --time -a doubling-basic --from 10 --to $doubling_to \
	--per-decade $per_decade --reps $reps -o "$OUT/doubling-basic.csv"
./client --time -a iterative --from 10 --to $iterative_to \
	--per-decade $per_decade --reps $reps -o "$OUT/iterative.csv"
{
	cat "$OUT/decimal.csv"
	tail -n +2 "$OUT/doubling.csv"
	tail -n +2 "$OUT/doubling-basic.csv"
	tail -n +2 "$OUT/iterative.csv"
} >"$OUT/large.csv"
rm "$OUT/decimal.csv" "$OUT/doubling.csv" "$OUT/doubling-basic.csv" \
	"$OUT/iterative.csv"
rmmod fibdrv

{
	echo "kernel=$(uname -r)"
	echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo |
		head -n 1)"
	echo "cpus=$(grep -c '^processor' /proc/cpuinfo)"
	echo "clocksource=$(cat \
		/sys/devices/system/clocksource/clocksource0/current_clocksource)"
	echo "vm=${VM_DESCRIPTION:-}"
} >"$OUT/system.txt"
cat "$OUT/system.txt"
