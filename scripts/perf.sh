#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make perf`: profiles the module with perf where it runs (this host's
# kernel when it can load modules, otherwise Debian's under qemu, with
# perf brought into the VM), and the same arithmetic in user space, then
# draws what it found. Everything goes to build/perf/:
#
#   report.txt      the settings, perf stat of the timing client with each
#                   algorithm, and perf report by object and symbol of
#                   reads of F(10^5) and F(10^6) with each algorithm
#   compare.txt     the arithmetic's functions' shares in the kernel and in
#                   user space (bench -p under perf record), side by side
#   flame-*.svg     a flame graph of the kernel side of each profile
#   shares.png      the top functions' shares per algorithm, n and side
#   kernel/, user/  the raw outputs (scripts/perf-kernel.sh writes kernel/)
#
# --quick profiles decimal at 10^5 only (for make check); --out DIR writes
# into DIR instead; --docs also rewrites docs/perf.md from docs/perf.md.in
# and copies the pictures into docs/perf/.
#
# Usage: scripts/perf.sh [--quick] [--out DIR] [--docs]   (after make all build/bench)

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/perf
quick=
docs=no
names=
# ALGO:N:REPS for user space, about half a second each natively.
user_profiles="decimal:100000:3000 decimal:1000000:200 doubling:100000:1200
doubling:1000000:50 doubling-basic:100000:1000 doubling-basic:1000000:20
iterative:100000:25"

note() {
	echo "perf: $*" >&2
}

# The user-space side: build/bench -p, which runs what a read computes.
profile_user() {
	local p algo n reps name

	mkdir -p "$out/user"
	for p in $user_profiles; do
		IFS=: read -r algo n reps <<<"$p"
		name=$algo-$n
		if ! perf record -q -g -e cpu-clock -F 2000 \
			-o "$out/user/perf.data" -- \
			"$top/build/bench" -p "$algo" -r "$reps" "$n" \
			>"$out/user/bench-$name.txt" 2>"$out/user/record-$name.log"; then
			note "perf record cannot run here (see $out/user/record-$name.log):" \
				"no user-space profile"
			return 1
		fi
		perf report -i "$out/user/perf.data" --stdio --no-children \
			-g none --sort dso,sym -t ';' 2>/dev/null |
			grep -v -e '^#' -e '^$' >"$out/user/symbols-$name.txt"
	done
	rm -f "$out/user/perf.data"
}

# shares SIDE ALGO N: "function share" of the arithmetic alone, from
# perf report's "share;object;symbol" lines: its functions are the
# module's own that the module's symbol list names, without the device
# layer's (fibdrv_*), in bench on the user side; each as a percentage of their
# total. SIDE is kernel or user.
shares() {
	local file=$out/$1/symbols-$2-$3.txt

	[ -s "$file" ] || return 0
	awk -F';' -v side="$1" '
	function base(s) { sub(/\.(constprop|isra|part|cold)(\..*)?$/, "", s); return s }
	FNR == NR { sub(/\t.*/, "", $0); split($0, w, " "); own[base(w[3])] = 1; next }
	{
		dso = $2; gsub(/ /, "", dso)
		sym = $3; sub(/^ *\[.\] /, "", sym); sub(/ *$/, "", sym)
		sym = base(sym)
		if (!(sym in own) || sym ~ /^fibdrv_/)
			next
		if (side == "user" && dso != "bench")
			next
		share[sym] += $1; total += $1
	}
	END { for (s in share) printf "%s %.2f\n", s, 100 * share[s] / total }
	' "$out/kernel/kallsyms-fibdrv.txt" "$file" | sort -k2,2nr
}

# compare.txt and shares.dat: each profile's top functions, both sides;
# names, the profiles in the order of shares.dat's blocks.
compare() {
	local f algo n name

	: >"$out/compare.txt"
	: >"$out/shares.dat"
	names=
	for f in "$out"/kernel/symbols-*.txt; do
		name=${f##*/symbols-}
		name=${name%.txt}
		algo=${name%-*}
		n=${name##*-}
		shares kernel "$algo" "$n" >"$out/k.tmp"
		shares user "$algo" "$n" >"$out/u.tmp"
		join -a 1 -a 2 -e 0 -o 0,1.2,2.2 \
			<(sort "$out/k.tmp") <(sort "$out/u.tmp") |
			sort -k2,2nr >"$out/both.tmp"
		{
			echo "# $algo, n = $n: % of the arithmetic's samples"
			printf '%-28s %8s %8s\n' function kernel user
			head -n 12 "$out/both.tmp" |
				awk '{ printf "%-28s %8s %8s\n", $1, $2, $3 }'
			echo
		} >>"$out/compare.txt"
		{
			[ -z "$names" ] || printf '\n\n'
			head -n 6 "$out/both.tmp"
		} >>"$out/shares.dat"
		names="${names:+$names }$name"
	done
	rm -f "$out/k.tmp" "$out/u.tmp" "$out/both.tmp"
}

draw() {
	local f name machine

	for f in "$out"/kernel/stacks-*.txt; do
		name=${f##*/stacks-}
		name=${name%.txt}
		python3 "$top/scripts/flamegraph.py" \
			--title "fibdrv: the kernel side of reads by ${name%-*}, n = ${name##*-} (Linux $(sed -n 's/^kernel: //p' "$out/kernel/about.txt"))" \
			"$f" >"$out/flame-$name.svg"
	done
	machine="kernel: Linux $(sed -n 's/^kernel: //p' "$out/kernel/about.txt")"
	machine="$machine on $(sed -n 's/^cpu: //p' "$out/kernel/about.txt");"
	machine="$machine user space: Linux $(uname -r) on"
	machine="$machine $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
	gnuplot -e "data='$out/shares.dat'; names='$names'; out='$out/shares.png'; machine='$machine'" \
		"$top/scripts/perf.gp"
}

report() {
	local f

	{
		echo "# perf of fibdrv: scripts/perf.sh, $(date -u +%F)"
		cat "$out/kernel/about.txt"
		echo
		echo "## perf stat of the timing client, each algorithm"
		cat "$out/kernel/stat.txt"
		for f in "$out"/kernel/report-*.txt; do
			echo
			echo "## ${f##*/}: samples by object, then by object and symbol (>= 1%)"
			cat "$f"
		done
	} >"$out/report.txt"
}

# The pictures and outputs docs/perf.md shows, as scripts/docs.sh assembles.
write_docs() {
	local f

	mkdir -p "$out/doc" "$top/docs/perf"
	cp "$out/report.txt" "$out/doc/report.txt"
	cp "$out/compare.txt" "$out/doc/compare.txt"
	rm -f "$top"/docs/perf/*.svg
	cp "$out"/flame-*.svg "$out/shares.png" "$top/docs/perf/"
	for f in "$out"/kernel/report-*.txt; do
		cp "$f" "$out/doc/${f##*/}"
	done
	"$top/scripts/docs.sh" --assemble "$top/docs/perf.md.in" "$out/doc" \
		"$top/docs/perf.md"
}

main() {
	while [ $# -gt 0 ]; do
		case $1 in
		--quick) quick=--quick user_profiles=decimal:100000:600 ;;
		--out) out=${2:?--out needs a folder}; shift ;;
		--docs) docs=yes ;;
		*) sed -n 's/^# Usage: /usage: /p' "$0" >&2; exit 2 ;;
		esac
		shift
	done
	command -v perf >/dev/null || { note "perf is not installed: scripts/deps.sh linux-perf"; exit 1; }
	rm -rf "$out"
	mkdir -p "$out"
	# Bash is not needed in the VM: perf-kernel.sh is POSIX sh.
	VM_TOOLS="${VM_TOOLS:+$VM_TOOLS }perf" \
		"$top/scripts/in-kernel.sh" --out "$out/kernel" \
		"$top/scripts/perf-kernel.sh" $quick
	profile_user || true
	compare
	report
	draw
	if [ "$docs" = yes ]; then
		write_docs
	fi
	echo "perf: wrote $out/report.txt, compare.txt, shares.png and" \
		"$(find "$out" -maxdepth 1 -name 'flame-*.svg' | wc -l) flame graphs"
}

main "$@"
