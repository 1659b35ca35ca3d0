#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The kernel half of `make docs` (scripts/docs.sh): runs the commands whose
# output docs/internals.md shows, beside the module in a real kernel
# (scripts/in-kernel.sh), and keeps each command with its output in
# $OUT/NAME.txt. Needs strace (the VM gets it through VM_TOOLS) and a
# kernel with ftrace's function_graph tracer, as Debian's has. POSIX sh, so
# that busybox runs it.

set -eu

tracing=/sys/kernel/tracing

# capture NAME COMMANDS: runs COMMANDS, shell lines that share one
# subshell, and shows each after "$ ", followed by its output.
capture() {
	printf '%s\n' "$2" >/tmp/capture.sh
	(
		while IFS= read -r line <&9; do
			echo "\$ $line"
			eval "$line" || true
		done 9</tmp/capture.sh
	) >"$OUT/$1.txt" 2>&1
}

capture_loading() {
	capture insmod-refused 'strace -e trace=finit_module,init_module insmod ./fibdrv.ko max_n=-1
dmesg | grep fibdrv'
	capture insmod-strace \
		'strace -e trace=openat,finit_module,init_module insmod ./fibdrv.ko 2>&1 | grep -E "fibdrv|init_module"'
	capture insmod-log 'dmesg | grep fibdrv | tail -n 3
cat /sys/module/fibdrv/taint /proc/sys/kernel/tainted
cat /sys/module/module/parameters/sig_enforce'
	capture vermagic 'uname -r
strings ./fibdrv.ko | grep vermagic='
}

capture_module_state() {
	capture sysfs-module 'ls /sys/module/fibdrv
grep . /sys/module/fibdrv/parameters/*
echo 1000000 > /sys/module/fibdrv/parameters/max_n
cat /sys/module/fibdrv/parameters/max_n'
	capture device-node 'ls -l /dev/fibonacci
grep fibonacci /proc/misc
cat /sys/class/misc/fibonacci/dev'
	capture kallsyms 'grep -E " (fibdrv_(open|read|write|llseek|ioctl|release|fops)|__this_module)[[:space:]]+\[fibdrv\]" /proc/kallsyms'
}

capture_use_count() {
	capture use-count 'lsmod | grep -E "^(Module|fibdrv)"
exec 3</dev/fibonacci
lsmod | grep fibdrv
cat /sys/module/fibdrv/refcnt
rmmod fibdrv
exec 3<&-
lsmod | grep fibdrv'
}

capture_vfs() {
	capture client-strace 'strace -e trace=openat,lseek,read,write ./client -a doubling -n 90'
	[ -e $tracing/trace ] || mount -t tracefs tracefs $tracing
	echo 0 >$tracing/tracing_on
	echo function_graph >$tracing/current_tracer
	echo 2 >$tracing/max_graph_depth
	trace_client vfs-trace "vfs_write ksys_lseek vfs_read" '(vfs|ksys)_'
	trace_client ktime-trace fibdrv_read fibdrv_read
	echo nop >$tracing/current_tracer
	echo >$tracing/set_ftrace_pid
}

# trace_client NAME FUNCTIONS PREFIX: what FUNCTIONS call while the client
# chooses an algorithm and reads, two levels deep, shown from each call of
# a function whose name starts with PREFIX (an extended regex). The client's pid is set before
# it runs, from its shell.
trace_client() {
	capture "$1" "cd $tracing
echo $2 > set_graph_function
echo > trace
sh -c 'echo \$\$ > set_ftrace_pid; echo 1 > tracing_on; exec /test/client -a doubling -n 90' >/dev/null
echo 0 > tracing_on
sed -n -E '/\\|  $3/,/\\|  }/p' trace"
}

capture_clocks() {
	capture clocksource 'cd /sys/devices/system/clocksource/clocksource0
cat current_clocksource available_clocksource
grep -E "\.resolution|hres_active" /proc/timer_list | sort | uniq -c'
	capture copy-cost './client --time -a doubling --from 10 --to 1000000 --per-decade 1 --reps 5 -q'
}

capture_loading
capture_module_state
capture_use_count
capture_vfs
capture_clocks
rmmod fibdrv
ls "$OUT"
