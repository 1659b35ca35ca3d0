#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make bench-vm`: runs bench/bench_device.c beside the module in a real
# kernel (scripts/in-kernel.sh stages it), with max_n raised to 10^7, and
# copies its table to $OUT/bench-vm.txt, with the client's time for every
# F(0..N) and eight concurrent readers of F(10^6) when no N is given.
# --concurrent runs only the concurrent readers (of F(N), if given). POSIX
# sh, so that busybox runs it.
# Usage: bench-vm.sh [N...] | bench-vm.sh --concurrent [-a ALGO] [N]

set -eu

debugfs=/sys/kernel/debug

if grep -q '^fibdrv ' /proc/modules; then
	echo "bench-vm: fibdrv is already loaded: rmmod it first" >&2
	exit 2
fi
# The concurrent readers empty the cache and read its counters there.
if [ ! -d $debugfs/fibdrv ] && ! grep -q " $debugfs debugfs " /proc/mounts; then
	mount -t debugfs debugfs $debugfs || true
fi
insmod ./fibdrv.ko max_n=10000000
{
	echo "# kernel $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "# $(grep -c '^processor' /proc/cpuinfo) CPUs, clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	./bench_device "$@"
	if [ $# -eq 0 ]; then
		# What bench_device's ordered reads stand for: the client itself.
		echo "# time client N >/dev/null: every F(0..N), one line each"
		for n in 25000 50000 100000; do
			echo "client $n"
			{ time ./client "$n" >/dev/null; } 2>&1
		done
		./bench_device --concurrent
	fi
} | tee "$OUT/bench-vm.txt"
rmmod fibdrv
