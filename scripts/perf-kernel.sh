#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Profiles reads of /dev/fibonacci with perf, beside the module in a real
# kernel (scripts/perf.sh runs it through scripts/in-kernel.sh, as root).
# Writes into $OUT: about.txt (perf, permissions, counters), stat.txt
# (perf stat of the timing client with each algorithm),
# kallsyms-fibdrv.txt (the module's symbols, which the reports resolve
# through /proc/kallsyms), and for each profile ALGO-N:
# report-ALGO-N.txt (perf report by object and by symbol), symbols-ALGO-N.txt
# (each symbol's share, "share;object;symbol") and stacks-ALGO-N.txt (the kernel side of every
# sampled call chain, folded for a flame graph). POSIX sh, so that busybox
# runs it.
# Usage: perf-kernel.sh [--quick]

set -eu

# ALGO:N:REPS, about half a second of reads each under emulation. The
# iterative algorithm is O(n^2): F(10^6) takes 23 s under TCG.
profiles="decimal:100000:200 decimal:1000000:20 doubling:100000:60
doubling:1000000:4 doubling-basic:100000:60 doubling-basic:1000000:2
iterative:100000:2"
stat_algos="decimal doubling doubling-basic iterative"
stat_to=100000
if [ "${1:-}" = --quick ]; then
	profiles="decimal:100000:60"
	stat_algos=decimal
	stat_to=10000
fi
sys=/proc/sys/kernel
data=/tmp/fibdrv-perf.data
kallsyms=/tmp/fibdrv-kallsyms

about() {
	echo "$*" | tee -a "$OUT/about.txt"
}

# The settings perf needs, put back as they were on the way out.
restore() {
	echo "$old_restrict" >$sys/kptr_restrict
	echo "$old_paranoid" >$sys/perf_event_paranoid
	rmmod fibdrv 2>/dev/null || true
	rm -f "$data" "$kallsyms"
}

open_up() {
	old_restrict=$(cat $sys/kptr_restrict)
	old_paranoid=$(cat $sys/perf_event_paranoid)
	trap restore EXIT
	echo 0 >$sys/kptr_restrict
	echo -1 >$sys/perf_event_paranoid
	about "perf: $(perf version)"
	about "kernel: $(uname -r)"
	about "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	about "kptr_restrict: 0 for this run (was $old_restrict): above 0," \
		"/proc/kallsyms shows zeros for addresses to anyone without" \
		"CAP_SYSLOG, and samples in the kernel get no names"
	about "perf_event_paranoid: -1 for this run (was $old_paranoid): at 2" \
		"and above an unprivileged user may not sample the kernel, at 1" \
		"not the whole system; -1 lifts both"
}

# Without a PMU (qemu TCG emulates none) perf counts only software
# events; the user/kernel split is then perf stat's user and sys seconds.
choose_events() {
	events=task-clock,context-switches,cpu-migrations,page-faults
	if perf stat -x, -e cycles -- true 2>&1 >/dev/null |
		grep -q -e 'not supported' -e 'not counted'; then
		about "hardware counters: none (no PMU in this CPU or VM): software" \
			"events only; perf stat's 'seconds user' and 'seconds sys'" \
			"split the time between the client and the kernel"
		return
	fi
	about "hardware counters: yes; :u counts the client's code, :k the kernel's"
	for event in cycles instructions branches branch-misses cache-misses; do
		events=$events,$event:u,$event:k
	done
}

run_stat() {
	choose_events
	: >"$OUT/stat.txt"
	for algo in $stat_algos; do
		perf stat -e "$events" -o "$OUT/stat-one.txt" -- \
			./client --time -a "$algo" --from 10 --to $stat_to \
			--per-decade 2 --reps 3 -o /dev/null
		echo "# $algo: client --time n = 10 .. $stat_to, 2 a decade, 3 reads each" \
			>>"$OUT/stat.txt"
		grep -v '^#' "$OUT/stat-one.txt" | grep -v '^$' >>"$OUT/stat.txt"
	done
	rm -f "$OUT/stat-one.txt"
}

# fold NAME: the kernel frames of each sample of $data, outermost first,
# "a;b;c count" per distinct chain; module functions carry [fibdrv].
fold() {
	perf script -i "$data" --kallsyms=$kallsyms -F ip,sym,dso 2>/dev/null |
		awk '
		function flush(  i, s) {
			if (n) {
				s = frame[n]
				for (i = n - 1; i >= 1; i--)
					s = s ";" frame[i]
				count[s]++
			}
			n = 0
		}
		/^[ \t]*$/ { flush(); next }
		{
			dso = $NF
			if (dso != "([kernel.kallsyms])" && dso != "([fibdrv])")
				next
			sym = $2
			sub(/\+0x[0-9a-f]+$/, "", sym)
			if (dso == "([fibdrv])")
				sym = sym " [fibdrv]"
			frame[++n] = sym
		}
		END {
			flush()
			for (s in count)
				print s, count[s]
		}'
}

# client --time bypasses the module's cache, so that each of the reps
# reads of F(n) computes it rather than finding it there.
profile() {
	algo=$1 n=$2 reps=$3 name=$1-$2
	perf record -q -g -e cpu-clock -F 2000 -o "$data" -- \
		./client --time -a "$algo" --from "$n" --to "$n" \
		--warmup 0 --reps "$reps" -o /dev/null
	{
		echo "# perf record -g -e cpu-clock -F 2000 -- client --time -a $algo --from $n --to $n --reps $reps"
		perf report -i "$data" --kallsyms=$kallsyms --stdio \
			--no-children -g none --sort dso 2>/dev/null |
			grep -v -e '^#' -e '^$'
		perf report -i "$data" --kallsyms=$kallsyms --stdio \
			--no-children -g none --sort dso,sym --percent-limit 1 \
			2>/dev/null | grep -v -e '^#' -e '^$'
	} >"$OUT/report-$name.txt"
	perf report -i "$data" --kallsyms=$kallsyms --stdio \
		--no-children -g none --sort dso,sym -t ';' 2>/dev/null |
		grep -v -e '^#' -e '^$' >"$OUT/symbols-$name.txt"
	fold >"$OUT/stacks-$name.txt"
	echo "perf-kernel: $name: $(grep -c . "$OUT/stacks-$name.txt") kernel call chains"
}

if grep -q '^fibdrv ' /proc/modules; then
	echo "perf-kernel: fibdrv is already loaded: rmmod it first" >&2
	exit 2
fi
: >"$OUT/about.txt"
open_up
insmod ./fibdrv.ko max_n=1000000
# A copy of the kernel's symbols, because perf prefers /proc/kcore beside
# /proc/kallsyms, and kcore's maps name no module: with it, the module's
# functions would show as the kernel's. The module's own go into $OUT.
cat /proc/kallsyms >$kallsyms
grep '\[fibdrv\]' $kallsyms >"$OUT/kallsyms-fibdrv.txt"
run_stat
for p in $profiles; do
	# shellcheck disable=SC2046 # ALGO:N:REPS into three arguments
	profile $(echo "$p" | tr : ' ')
done
