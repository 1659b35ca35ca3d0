#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make plot`: measures per-read timings in a real kernel (this host's, or
# Debian's under qemu, as for the tests: scripts/in-kernel.sh runs
# scripts/timings.sh) and draws them with scripts/plot.gp into three PNG
# charts in OUT_DIR (default build/plot), beside the CSV data in
# OUT_DIR/data.
#
# Usage: scripts/plot.sh [--quick] [--data DIR] [OUT_DIR]
#   --quick     fewer points and repetitions (seconds instead of a minute)
#   --data DIR  draw DIR's CSV files instead of measuring

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
charts="small-breakdown algorithms user-vs-kernel"

usage() {
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2
	exit 2
}

# system.txt's value of key $2.
field() {
	sed -n "s/^$2=//p" "$1"
}

# One line for the chart titles; gnuplot's string is in single quotes.
describe() {
	local system=$1 text

	text="Linux $(field "$system" kernel), $(field "$system" cpus) x"
	text="$text $(field "$system" cpu)"
	if [ -n "$(field "$system" vm)" ]; then
		text="$text in $(field "$system" vm)"
	fi
	text="$text, clocksource $(field "$system" clocksource)"
	echo "${text//\'/}"
}

main() {
	local quick='' data='' out

	while [ $# -gt 0 ]; do
		case $1 in
		--quick) quick=--quick ;;
		--data) [ $# -ge 2 ] || usage; data=$2; shift ;;
		-*) usage ;;
		*) break ;;
		esac
		shift
	done
	[ $# -le 1 ] || usage
	out=${1:-$top/build/plot}
	mkdir -p "$out"
	if [ -z "$data" ]; then
		data=$out/data
		rm -rf "$data"
		"$top/scripts/in-kernel.sh" --out "$data" \
			"$top/scripts/timings.sh" $quick
	fi
	for file in small.csv large.csv system.txt; do
		[ -s "$data/$file" ] || {
			echo "plot: $data/$file is missing or empty" >&2
			exit 1
		}
	done
	gnuplot -e "datadir='$data'; outdir='$out';" \
		-e "machine='$(describe "$data/system.txt")'" \
		"$top/scripts/plot.gp"
	for chart in $charts; do
		[ -s "$out/$chart.png" ] || {
			echo "plot: gnuplot did not write $out/$chart.png" >&2
			exit 1
		}
		echo "plot: $out/$chart.png"
	done
}

main "$@"
