#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Loads fibdrv into the running kernel and checks it through /dev/fibonacci.
# Runs as root beside fibdrv.ko, client, test_device, expected.txt and
# tally.sh: inside the test VM or directly on a host that can load modules
# (scripts/in-kernel.sh arranges both). POSIX sh, so that busybox runs it.
# Usage: kernel_check.sh [--quick]

set -u

ko=./fibdrv.ko
params=/sys/module/fibdrv/parameters
device_args=${1:-}
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
	for arg in max_n=100000001 max_n=-1 max_n=12abc algo=bogus algo=; do
		refuse "insmod with $arg is refused" insmod $ko "$arg"
		expect "no device after refused $arg" [ ! -e /dev/fibonacci ]
	done
	expect "the log explains a bad max_n" logged "fibdrv: max_n must be"
	expect "the log explains a bad algo" logged "fibdrv: algo must be"
}

check_loaded_defaults() {
	echo "# load with defaults"
	expect "insmod with defaults" insmod $ko
	expect "/dev/fibonacci is a character device" [ -c /dev/fibonacci ]
	expect "/dev/fibonacci is readable by everyone" \
		same "$(stat -c %a /dev/fibonacci)" 666
	expect "max_n defaults to 100000" same "$(cat $params/max_n)" 100000
	expect "algo defaults to doubling" same "$(cat $params/algo)" doubling
}

check_client() {
	echo "# client output against scripts/expected.txt"
	for algo in doubling iterative; do
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
	expect "algo can be restored" sh -c "echo doubling > $params/algo"
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

# Adds test_device's own "N passed, M failed" to the tally.
check_device_abi() {
	echo "# device ABI with max_n=1000000 (tests/test_device.c)"
	expect "insmod with max_n=1000000" insmod $ko max_n=1000000
	# shellcheck disable=SC2086 # no argument at all when none was given
	./test_device $device_args | tee test_device.out
	add_summary test_device test_device.out
	expect "rmmod after the ABI tests" rmmod fibdrv
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
check_kernel_log
summary
