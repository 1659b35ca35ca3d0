# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Counting checks in shell scripts, sourced by tests/kernel_check.sh (busybox
# sh, in the VM) and scripts/run-tests.sh (bash, on the host). POSIX sh.

passed=0
failed=0

pass() {
	passed=$((passed + 1))
	echo "ok - $1"
}

fail() {
	failed=$((failed + 1))
	echo "not ok - $1"
}

# expect DESCRIPTION COMMAND...: the command must succeed.
expect() {
	_what=$1
	shift
	if "$@"; then pass "$_what"; else fail "$_what"; fi
}

# refuse DESCRIPTION COMMAND...: the command must fail.
refuse() {
	_what=$1
	shift
	if "$@" 2>/dev/null; then fail "$_what"; else pass "$_what"; fi
}

# same GOT EXPECTED: compares two strings and shows both when they differ.
same() {
	[ "$1" = "$2" ] || { echo "# expected '$2', got '$1'"; return 1; }
}

# add_summary NAME FILE: adds the last "N passed, M failed" line of FILE,
# the output of the test program NAME, to the tally.
add_summary() {
	_last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
	if [ -z "$_last" ]; then
		fail "$1 ended without a 'N passed, M failed' line"
		return
	fi
	passed=$((passed + ${_last%% passed*}))
	_last=${_last#* passed, }
	failed=$((failed + ${_last%% failed}))
}

# Prints the closing line and returns whether everything passed.
summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
