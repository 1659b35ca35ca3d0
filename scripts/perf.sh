#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Profiles `build/client --time` reading a loaded /dev/fibonacci with perf:
# `perf stat` shows how the client's cost splits between user space and the
# kernel and, where the CPU exposes them, hardware counters; --record adds
# `perf record -g` and a `perf report --stdio` summary. Run from anywhere:
#
#   scripts/perf.sh [--check] [--record] [-- CLIENT_TIME_ARGS...]
#
# --check only reports what is available (perf, counters, permissions,
# client, device) and exits 0 if a run would work. CLIENT_TIME_ARGS go to
# `build/client --time`; by default `--from 0 --to 10000 --step 100 --reps 3`
# with every algorithm (DEFAULT_ARGS). Outputs go to build/perf/: stat.txt,
# and with --record perf.data, report.txt (top symbols), report-dso.txt
# (kernel vs client), callgraph.txt; the client's CSV goes to client-*.csv.
# The module must be loaded into this host's kernel (sudo insmod
# fibdrv.ko): the qemu VM of `make check` has no perf.

set -euo pipefail

DEFAULT_ARGS=(--from 0 --to 10000 --step 100 --reps 3)
SW_EVENTS=task-clock,context-switches,cpu-migrations,page-faults
HW_EVENTS=(cycles instructions branches branch-misses cache-misses)

top=$(cd "$(dirname "$0")/.." && pwd)
client=$top/build/client
out=$top/build/perf

# usage STATUS: prints the usage line and exits with STATUS.
usage() {
	sed -n 's/^#   /usage: /p' "$0" >&2
	echo "(see the comment at the top of $0)" >&2
	exit "$1"
}

# The facts that decide what can be measured, filled in by the checks.
is_root=no
[ "$(id -u)" -eq 0 ] && is_root=yes
paranoid=
kernel_ok=no
hw_ok=no
device=/dev/fibonacci
cmd=()

check_perf() {
	local version
	if ! command -v perf >/dev/null; then
		echo "perf: not installed; on Debian: sudo apt-get install linux-perf" >&2
		return 1
	fi
	# Debian's /usr/bin/perf is a wrapper that fails when it has no perf
	# for the running kernel's version, so test that it runs.
	if ! version=$(perf version 2>&1); then
		echo "perf: $(command -v perf) does not run: $version" >&2
		return 1
	fi
	echo "perf: $(command -v perf), $version"
}

# perf_event_paranoid limits what unprivileged users may count: 3 (Debian's
# default) nothing, 2 only their own user-space code, 1 their kernel-side
# work too. Root is not limited.
check_paranoid() {
	local file=/proc/sys/kernel/perf_event_paranoid
	paranoid=$(cat "$file" 2>/dev/null || echo unknown)
	if [ "$is_root" = yes ]; then
		kernel_ok=yes
		echo "permissions: root, so perf_event_paranoid ($paranoid) does not apply"
	elif [ "$paranoid" = unknown ]; then
		echo "permissions: $file is unreadable; perf will say what it refuses"
	elif [ "$paranoid" -le 1 ]; then
		kernel_ok=yes
		echo "permissions: perf_event_paranoid is $paranoid: user and kernel counts allowed"
	elif [ "$paranoid" -eq 2 ]; then
		echo "permissions: perf_event_paranoid is 2: user-space counts only;"
		echo "  for the kernel side (:k counts, kernel symbols) run as root or"
		echo "  sudo sysctl kernel.perf_event_paranoid=1"
	else
		echo "permissions: perf_event_paranoid is $paranoid: perf is closed to" \
			"non-root users; run as root or sudo sysctl kernel.perf_event_paranoid=1" >&2
		return 1
	fi
}

# Virtual machines without a virtual PMU, and software-emulated ones such
# as qemu TCG, have no hardware counters: perf then reports them as
# "<not supported>" (or "<not counted>") rather than failing.
check_counters() {
	local events=cycles:u,instructions:u result
	[ "$kernel_ok" = yes ] && events=$events,cycles:k,instructions:k
	if result=$(perf stat -x, -e "$events" -- true 2>&1 >/dev/null) &&
		! grep -q -e '<not supported>' -e '<not counted>' <<<"$result"; then
		hw_ok=yes
		echo "hardware counters: available ($events counted)"
	else
		echo "hardware counters: not available (a VM without a PMU, or an" \
			"emulated CPU); using software events only, and the seconds" \
			"user/sys lines of perf stat for the user/kernel split"
	fi
}

check_client() {
	if [ ! -x "$client" ]; then
		echo "client: $client is missing; build it with make" >&2
		return 1
	fi
	echo "client: $client"
}

check_device() {
	if [ -c "$device" ]; then
		echo "device: $device"
		return 0
	fi
	echo "device: $device does not exist; load the module first:" \
		"sudo insmod $top/fibdrv.ko" >&2
	# Without /proc/modules the kernel was built without module support.
	if [ ! -e /proc/modules ]; then
		echo "  this kernel cannot load modules (no /proc/modules): here the" \
			"module only runs inside the qemu VM of make run / make check," \
			"which has no perf; use a host whose kernel loads modules" >&2
	fi
	return 1
}

# stat_events: the perf stat -e list. The :u and :k pairs show where the
# cycles go; software events cannot be split so (task-clock:u counts the
# kernel too), so without hardware counters there are no pairs.
stat_events() {
	local events=$SW_EVENTS event
	[ "$hw_ok" = yes ] || { echo "$events"; return; }
	for event in "${HW_EVENTS[@]}"; do
		events=$events,$event:u
		[ "$kernel_ok" = yes ] && events=$events,$event:k
	done
	echo "$events"
}

run_stat() {
	local events status=0
	events=$(stat_events)
	echo "# perf stat -e $events -- ${cmd[*]}"
	perf stat -o "$out/stat.txt" -e "$events" -- "${cmd[@]}" \
		>"$out/client-stat.csv" || status=$?
	cat "$out/stat.txt"
	if [ "$status" -ne 0 ]; then
		echo "perf.sh: perf stat or the client failed (status $status)" >&2
		return "$status"
	fi
	if [ "$hw_ok" = yes ]; then
		echo "# :u counts are the client's own code, :k the kernel's work for it"
	else
		echo "# no hardware counters: 'seconds user' is the client's own code," \
			"'seconds sys' the kernel's work for it (tick-based, coarse)"
	fi
}

report() {
	perf report --stdio -i "$out/perf.data" "$@" 2>>"$out/report.log"
}

run_record() {
	local event=cpu-clock status=0
	# cycles samples more precisely, where it exists.
	if [ "$hw_ok" = yes ]; then
		event=cycles
		[ "$kernel_ok" = yes ] || event=cycles:u
	fi
	if [ "$kernel_ok" != yes ]; then
		echo "# perf_event_paranoid keeps kernel samples out of perf record;" \
			"the split below shows only user space"
	elif [ "$is_root" != yes ] &&
		[ "$(cat /proc/sys/kernel/kptr_restrict 2>/dev/null || echo 1)" != 0 ]; then
		echo "# kptr_restrict hides kernel addresses: kernel samples will have" \
			"no symbol names unless run as root"
	fi
	echo "# perf record -g -e $event -- ${cmd[*]}"
	perf record -g -e "$event" -o "$out/perf.data" -- "${cmd[@]}" \
		>"$out/client-record.csv" || status=$?
	if [ "$status" -ne 0 ]; then
		echo "perf.sh: perf record or the client failed (status $status)" >&2
		return "$status"
	fi
	# perf report's warnings (restricted kernel maps ...) would bury the
	# summary, so they go to report.log.
	: >"$out/report.log"
	if ! { report --no-children -g none -F overhead,dso >"$out/report-dso.txt" &&
		report --no-children -g none -F overhead,dso,sym --percent-limit 0.5 \
			>"$out/report.txt" &&
		report --children >"$out/callgraph.txt"; }; then
		echo "perf.sh: perf report failed; see $out/report.log" >&2
		return 1
	fi
	echo "# samples by object ([kernel.kallsyms] is the kernel's share):"
	grep -v -e '^#' -e '^$' "$out/report-dso.txt" || true
	echo "# top symbols:"
	grep -v -e '^#' -e '^$' "$out/report.txt" | head -n 20 || true
}

main() {
	local check=no record=no ok=yes i
	local -a args=()

	while [ $# -gt 0 ]; do
		case $1 in
		--check) check=yes ;;
		--record) record=yes ;;
		--) shift; args=("$@"); break ;;
		-h | --help) usage 0 ;;
		*) echo "perf.sh: unknown option $1" >&2; usage 2 ;;
		esac
		shift
	done
	[ ${#args[@]} -gt 0 ] || args=("${DEFAULT_ARGS[@]}")
	# The device to check is the one the client will read.
	for ((i = 0; i < ${#args[@]}; i++)); do
		case ${args[i]} in
		-d) device=${args[i + 1]:-$device} ;;
		-d?*) device=${args[i]#-d} ;;
		esac
	done
	cmd=("$client")
	[[ " ${args[*]} " == *" --time "* ]] || cmd+=(--time)
	cmd+=("${args[@]}")

	# --check reports everything; a run stops at the first thing missing.
	if [ "$check" = yes ]; then
		if check_perf; then
			check_paranoid || ok=no
			check_counters
		else
			ok=no
		fi
		check_client || ok=no
		check_device || ok=no
		if [ "$ok" = yes ]; then
			echo "ready: scripts/perf.sh would run"
			return 0
		fi
		echo "not ready: see above" >&2
		return 1
	fi
	check_perf || exit 1
	check_client || exit 1
	check_device || exit 1
	check_paranoid || exit 1
	check_counters
	mkdir -p "$out"

	run_stat
	[ "$record" = no ] || run_record
	echo "# outputs in $out:"
	echo "#   stat.txt (perf stat), client-stat.csv (the client's CSV)"
	[ "$record" = no ] ||
		echo "#   perf.data, report.txt, report-dso.txt, callgraph.txt," \
			"report.log, client-record.csv"
}

main "$@"
