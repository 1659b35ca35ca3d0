#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# One kernel's check in `make check-kernels`, run beside the module by
# scripts/check-kernels.sh through scripts/in-kernel.sh, which adds
# in-kernel.sh and root/ (the tree `make install INSTALL_MOD_PATH=root`
# and depmod -b made for this kernel) to the usual files. POSIX sh, for
# busybox. Ends with "N passed, M failed", kernel_check.sh's included.
#
# 1. The host path of scripts/in-kernel.sh. In the VM this guest plays a
#    machine that can load modules: bash, env and kmod's modinfo, insmod,
#    rmmod and modprobe came in /usr/bin (VM_TOOLS), and a project tree is
#    made of the staged files, so that in-kernel.sh itself stages and runs
#    the whole of tests/kernel_check.sh in this kernel, as `make check`
#    does on an ordinary host.
# 2. The installed module, in the VM only (elsewhere it would change this
#    machine's /lib/modules): root/ goes to /, an options file to
#    /etc/modprobe.d, and modprobe fibdrv must load it by name and serve
#    exact values.

set -u

# shellcheck source=tests/tally.sh
. ./tally.sh

# What VM_TOOLS brought comes before busybox's applets.
PATH=/usr/bin:$PATH
export PATH

# The project's layout, as in-kernel.sh finds its files.
make_project() {
	rm -rf "$1"
	mkdir -p "$1/scripts" "$1/tests" "$1/build"
	cp fibdrv.ko "$1/"
	cp in-kernel.sh expected.txt timings.sh "$1/scripts/"
	cp kernel_check.sh tally.sh "$1/tests/"
	for _f in client test_device test_timing test_stress test_interrupt \
		test_cache; do
		cp "$_f" "$1/build/"
	done
}

check_host_path() {
	_project=/tmp/fibdrv
	echo "# scripts/in-kernel.sh tests/kernel_check.sh, in $_project"
	make_project $_project
	(
		cd $_project && scripts/in-kernel.sh --out "$OUT/kernel" \
			tests/kernel_check.sh
		echo "in-kernel.sh exited with status $?"
	) 2>&1 | tee host_path.out
	add_summary kernel_check host_path.out
	expect "in-kernel.sh loaded the module into the running kernel" \
		grep -q "^in-kernel: loading into this host's kernel $(uname -r)\$" \
		host_path.out
	expect "in-kernel.sh exited with status 0" \
		grep -q '^in-kernel.sh exited with status 0$' host_path.out
}

check_installed() {
	_modules=/lib/modules/$(uname -r)
	echo "# the module installed in $_modules/updates, through modprobe"
	if [ -z "${VM_DESCRIPTION:-}" ]; then
		echo "# skipped: not in the VM"
		return
	fi
	mkdir -p /lib/modules /etc/modprobe.d
	cp -R root/lib/modules/. /lib/modules/
	echo "options fibdrv max_n=1000000" >/etc/modprobe.d/fibdrv.conf
	expect "depmod -b listed updates/fibdrv.ko in modules.dep" \
		grep -q '^updates/fibdrv\.ko[.a-z]*:' "$_modules/modules.dep"
	expect "modinfo finds fibdrv by name" \
		same "$(modinfo -F version fibdrv)" \
		"$(modinfo -F version ./fibdrv.ko)"
	expect "modprobe fibdrv loads it" modprobe fibdrv
	expect "/dev/fibonacci is a character device" [ -c /dev/fibonacci ]
	expect "max_n comes from /etc/modprobe.d/fibdrv.conf" \
		same "$(cat /sys/module/fibdrv/parameters/max_n)" 1000000
	./client 100 >installed.out 2>&1
	expect "client prints expected.txt" cmp installed.out expected.txt
	./test_device --value 1000000 | tee installed_value.out
	add_summary "test_device --value 1000000" installed_value.out
	expect "modprobe -r fibdrv unloads it" modprobe -r fibdrv
	expect "the device node is gone" [ ! -e /dev/fibonacci ]
}

# check-kernels.sh boots the matrix with the TSC as its clocksource, so
# that kernel_check.sh's timing tests run on the module's TSC stopwatch.
check_clock() {
	_clock=/sys/devices/system/clocksource/clocksource0/current_clocksource
	if [ -z "${VM_DESCRIPTION:-}" ]; then
		return
	fi
	expect "the clocksource is the TSC" same "$(cat $_clock)" tsc
}

check_clock
check_host_path
check_installed
summary
