#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make lint`: the module through sparse with the compiler's W=1 warnings
# (against the default headers and Debian's 6.12, LINT_KERNELS),
# the C sources through the kernel's checkpatch.pl --strict, and the shell
# scripts through shellcheck. Any warning fails it. The logs are kept in
# build/lint. checkpatch.pl and its two data files are taken once from
# Debian's linux-source-6.1 (LINUX_SOURCE) into build/tools/checkpatch.
#
# Usage: scripts/lint.sh (after scripts/deps.sh sparse linux-source-6.1)

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/lint
tools=$top/build/tools/checkpatch
LINUX_SOURCE=${LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
failed=

# What checkpatch reads: its data files sit beside the script.
checkpatch_files="checkpatch.pl spelling.txt const_structs.checkpatch"

# Files checkpatch checks whole: the module's (and tests/fault_trace.h,
# which goes into a copy of it), held to everything --strict asks, and
# the user-space tests, which may use CamelCase names that libc and
# libFuzzer impose (PRIu64, LLVMFuzzerTestOneInput).
# tests/check.h is left out: it is shared with programs that do not
# include arith/port.h, so it keeps <stdint.h> types where checkpatch
# wants u64.
checkpatch_module="fibdrv.c cache.c cache.h stopwatch.h uapi/fibdrv.h arith/*.c arith/*.h client.c
tests/fault_trace.h"
checkpatch_tests="tests/gmp_oracle.h tests/leaf_check.h tests/*.c"
# compat.h is where the kernel version tests belong, which checkpatch
# flags in code meant for the tree (and reads as a constant on the left).
checkpatch_compat="compat.h"

# lint_fail WHAT LOG REGEX: reports a failed step and shows the lines of
# its log that REGEX matches.
lint_fail() {
	echo "lint: $1 FAILED (log: $2)"
	grep -E "$3" "$2" | head -n 50
	failed="$failed $1"
}

# Extracts only checkpatch's files: the archive is ~130 MB of xz, and tar
# stops reading once each named file has been found.
get_checkpatch() {
	local tmp member members=

	[ -f "$tools/checkpatch.pl" ] && return 0
	echo "lint: extracting checkpatch.pl from $LINUX_SOURCE"
	for member in $checkpatch_files; do
		members="$members linux-source-6.1/scripts/$member"
	done
	tmp=$(mktemp -d "$top/build/tools/.checkpatch.XXXXXX") || return 1
	# shellcheck disable=SC2086 # one word per member
	if ! tar -xJf "$LINUX_SOURCE" --occurrence=1 --strip-components=2 \
		-C "$tmp" $members; then
		rm -rf "$tmp"
		return 1
	fi
	mv "$tmp" "$tools"
}

# sparse runs on every file kbuild compiles (C=2), with W=1's extra
# compiler warnings; both go to stderr as "file:line:col: warning: ...".
# sparse_check NAME LOG [MAKE_ARG...]: one such build.
sparse_check() {
	local name=$1 log=$2
	shift 2

	if ! make "$@" module C=2 W=1 >"$log" 2>&1 ||
		grep -qE '(warning|error):' "$log"; then
		lint_fail "$name" "$log" '(warning|error)|Error'
	elif ! grep -q ' CHECK ' "$log"; then
		# A kbuild that skipped sparse must not pass for a clean one.
		lint_fail "$name" "$log" 'CHECK|CC'
	fi
}

# The default headers build ./fibdrv.ko; others build a copy of the
# sources in build/lint, which leaves ./fibdrv.ko as it is.
lint_sparse() {
	local name release copy

	echo "lint: sparse and W=1 on the module (make's default headers)"
	sparse_check sparse "$out/sparse.log" -C "$top"
	for name in ${LINT_KERNELS-6.12}; do
		release=$(scripts/kernels.sh release "$name") || {
			failed="$failed sparse-$name"
			continue
		}
		echo "lint: sparse and W=1 on the module ($release)"
		copy=$out/module-$release
		make -s -C "$top" module-tree DEST="$copy"
		sparse_check "sparse-$name" "$out/sparse-$release.log" \
			-C "$copy" KDIR="/lib/modules/$release/build"
	done
}

# checkpatch_run [OPTION...] -- FILE...: one checkpatch run, in the
# current directory; fails on any finding.
checkpatch_run() {
	local opts=()

	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	perl "$tools/checkpatch.pl" --strict --no-tree --color=never \
		--show-types "${opts[@]}" -f "$@"
}

# checkpatch writes a cache of CamelCase names into its working directory,
# so it runs in a scratch one.
lint_checkpatch() {
	local log=$out/checkpatch.log work status=0 module=() tests=() f

	echo "lint: checkpatch --strict on the C sources"
	get_checkpatch || { failed="$failed checkpatch-extract"; return; }
	# The globs expand in $top, main's directory.
	for f in $checkpatch_module; do module+=("$top/$f"); done
	for f in $checkpatch_tests; do tests+=("$top/$f"); done
	work=$(mktemp -d) || return 1
	(
		cd "$work" || exit 2
		checkpatch_run -- "${module[@]}" || status=1
		checkpatch_run --ignore CAMELCASE -- "${tests[@]}" || status=1
		checkpatch_run --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
			-- "$top/$checkpatch_compat" || status=1
		exit "$status"
	) >"$log" 2>"$out/checkpatch.stderr" || status=$?
	rm -rf "$work"
	if [ "$status" -ne 0 ] || grep -qE '^(ERROR|WARNING|CHECK)' "$log"; then
		lint_fail checkpatch "$log" '^(ERROR|WARNING|CHECK|#)'
	fi
}

lint_shellcheck() {
	local log=$out/shellcheck.log

	echo "lint: shellcheck on the shell scripts"
	(cd "$top" && shellcheck -x scripts/*.sh tests/*.sh .ci/run) \
		>"$log" 2>&1 || lint_fail shellcheck "$log" '.'
}

main() {
	cd "$top" || return 1
	mkdir -p "$out" "$top/build/tools"
	lint_sparse
	lint_checkpatch
	lint_shellcheck
	if [ -n "$failed" ]; then
		echo "lint: failed:$failed"
		return 1
	fi
	echo "lint: clean (sparse, checkpatch, shellcheck)"
}

main
