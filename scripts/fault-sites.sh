#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Which allocation of the module each fault of tests/test_faults failed:
# builds a copy of the module with tests/fault_trace.h included first,
# which logs every allocation it makes (where, its size, and kmalloc,
# vmalloc or NULL), runs test_faults alone in the debug kernel of
# scripts/debug-kernel.sh with each call marked in the log
# (tests/debug_check.sh --fault-sites), and lists, for each allocation
# site and outcome, the first operation and k at which the call under
# test got it:
#   NULL              a page or less, kmalloc() failed
#   vmalloc           above a page, kmalloc() failed, vmalloc() took over
#   NULL              above a page, kmalloc() and vmalloc() both failed
# Not part of make debug-check: the copy is not the module.
#
# Usage: scripts/fault-sites.sh [OUT_DIR]  (default build/fault-sites,
# which receives the log, dmesg.txt, and the list, sites.txt)
# Environment: DEBUG_KERNEL_DIR as for scripts/debug-kernel.sh.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${DEBUG_KERNEL_DIR:-$top/debug-kernel}
copy=$cache/module-trace
out=${1:-$top/build/fault-sites}

note() {
	echo "fault-sites: $*" >&2
}

build() {
	"$top/scripts/debug-kernel.sh" --build-only
	make -s -C "$top" build/client build/test_faults
	make -s -C "$top" module-tree DEST="$copy"
	cp "$top/tests/fault_trace.h" "$copy/"
	# -g: a line table, for sites(); the code is the same without it.
	# shellcheck disable=SC2016 # for kbuild to expand
	echo 'ccflags-y += -g -include $(src)/fault_trace.h' >>"$copy/Kbuild"
	make -C "$cache/linux" M="$copy" modules >"$copy.log" 2>&1 || {
		cat "$copy.log" >&2
		note "the traced copy did not build"
		return 1
	}
}

# The log holds every traced allocation and every mark of test_faults:
# room for all of them, and no rate limit on /dev/kmsg.
run() {
	mkdir -p "$out"
	FIBDRV_KO=$copy/fibdrv.ko \
		VM_KERNEL=$cache/linux/arch/x86/boot/bzImage \
		VM_MEMORY=${VM_MEMORY:-2048} VM_TIMEOUT=${VM_TIMEOUT:-3600} \
		VM_APPEND="log_buf_len=16M printk.devkmsg=on${VM_APPEND:+ $VM_APPEND}" \
		VM_LOG=$out/console.log \
		"$top/scripts/in-kernel.sh" --out "$out" \
		"$top/tests/debug_check.sh" --fault-sites
}

# Between a call's marks, each allocation that did not get kmalloc's
# memory: the first call and k for each place (the address it was made
# at), outcome and size class, as "ADDRESS|CLASS|GOT|CALL|RETURNED".
first_calls() {
	awk '
	/test_faults: .*, (fault [0-9]+( and on)?|every page of order 1 or more failing)$/ {
		sub(/.*test_faults: /, "")
		call = $0
		inside = 1
		next
	}
	/test_faults: the call returned/ {
		if (inside)
			for (i = 1; i <= pending; i++)
				note(seen[i], $NF)
		inside = 0
		pending = 0
		next
	}
	inside && /fault-trace: / {
		line = $0
		sub(/.*fault-trace: /, "", line)
		got = line
		sub(/.*, /, "", got)
		if (got != "NULL" && got != "vmalloc")
			next
		where = line
		sub(/ .*/, "", where)
		size = line
		sub(/.*: /, "", size)
		sub(/,.*/, "", size)
		class = size !~ / bytes$/ ? size : \
			size + 0 > 4096 ? "above a page" : "a page or less"
		seen[++pending] = where "|" class "|" got "|" call
	}
	function note(s, ret,    key) {
		key = s
		sub(/\|[^|]*$/, "", key)
		if (!(key in first)) {
			first[key] = s "|" ret
			order[++n] = key
		}
	}
	END {
		for (i = 1; i <= n; i++)
			print first[order[i]]
	}' "$out/dmesg.txt"
}

# FUNCTION+OFFSET/SIZE in the copy as the functions the allocation was
# written in, innermost first, from the copy's line table (it is built
# with -g): "fib_pair_alloc (arith/fib.c:78) < fib_grow (...) < ...",
# without the allocation wrappers of port.h and the kernel's headers.
source_of() {
	"$cache/linux/scripts/faddr2line" "$copy/fibdrv.ko" "$1" 2>/dev/null |
		sed -n 's/^\((inlined by) \)\{0,1\}\([^ ]*\) at \(.*\)$/\2 \3/p' |
		while read -r func path; do
			path=${path#"$copy"/}
			case $path in
			arith/port.h:* | tests/* | include/* | /*) continue ;;
			esac
			printf '%s (%s) < ' "$func" "$path"
		done | sed 's/ < $//'
}

sites() {
	local where class got call ret src

	first_calls | while IFS='|' read -r where class got call ret; do
		src=$(source_of "$where")
		echo "${src:-$where} | $class | $got | $call | returned $ret"
	done | sort
}

main() {
	build
	run || note "the run failed; listing what it logged"
	[ -s "$out/dmesg.txt" ] || {
		note "no log in $out/dmesg.txt"
		return 1
	}
	{
		echo "# where (innermost first) | size | what it got |" \
			"the first call and k that made it so | what the call" \
			"returned"
		sites
	} | tee "$out/sites.txt"
}

main "$@"
