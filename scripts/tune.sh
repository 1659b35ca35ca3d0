#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make tune`: times the multiplication methods in both radices against
# each other and GMP (build/tune_mul) and the conversion to decimal against
# GMP (build/dec_bench) on this machine, and writes the figures, with the
# machine and each command, into docs/tuning.md below its marker line: the
# part of that file `make tune` owns. The thresholds in arith/ are then
# chosen from such figures by hand. It takes several minutes; other load on
# the machine shows in the figures.
#
# Usage: scripts/tune.sh   (after make build/tune_mul build/dec_bench)

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
doc=$top/docs/tuning.md
marker='<!-- make tune writes below this line; edit above it only -->'

# The CPU, the kernel and the compiler the figures come from.
machine() {
	local model

	model=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
	echo "$(nproc) x $model, Linux $(uname -r), gcc $(gcc -dumpfullversion) -O2"
}

# run COMMAND...: the command after "$ ", then its output, as one block.
run() {
	echo
	echo '```'
	echo "\$ $*"
	(cd "$top" && "$@")
	echo '```'
}

if ! grep -qxF -- "$marker" "$doc"; then
	echo "tune: no marker line in $doc" >&2
	exit 1
fi
new=$(mktemp)
trap 'rm -f "$new"' EXIT
{
	awk -v m="$marker" '{ print } $0 == m { exit }' "$doc"
	echo
	echo "## Measured by \`make tune\`"
	echo
	echo "On $(machine), $(date -u +%Y-%m-%d)."
	run build/tune_mul
	run build/tune_mul -d
	run build/dec_bench
} >"$new"
cat "$new" >"$doc"
echo "tune: wrote $doc"
