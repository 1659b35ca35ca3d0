#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make docs`: regenerates docs/internals.md from docs/internals.md.in,
# where each line "@@NAME@@" becomes the commands and output captured in
# build/docs/NAME.txt: those about the module file and its build here, and
# those about the loaded module by scripts/docs-kernel.sh beside it in a
# real kernel (this host's, or Debian's under qemu, as for `make check`).
#
# --assemble TEMPLATE DIR DOC only writes DOC from TEMPLATE and the captures
# in DIR, for the other generated documents (docs/perf.md, scripts/perf.sh).
#
# Usage: scripts/docs.sh   (after `make`; KDIR as for the Makefile)
#        scripts/docs.sh --assemble TEMPLATE DIR DOC

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/docs
template=$top/docs/internals.md.in
doc=$top/docs/internals.md

# capture NAME COMMANDS: runs COMMANDS, shell lines that share one
# subshell, and shows each after "$ ", followed by its output.
capture() {
	local line

	(
		while IFS= read -r line <&9; do
			echo "\$ $line"
			eval "$line" || true
		done 9<<<"$2"
	) >"$out/$1.txt" 2>&1
}

capture_module_file() {
	capture sections "readelf -S -W fibdrv.ko | grep -E '\\[Nr\\]|modinfo|__param|this_module|init\\.text|exit\\.text|__versions'"
	capture modinfo-dump 'objdump -s -j .modinfo fibdrv.ko'
	capture modinfo 'modinfo fibdrv.ko'
	capture modpost-tags "grep -E 'MODULE_INFO|__versions' fibdrv.mod.c"
	capture param-symbols "objdump -t fibdrv.ko | grep -E '__param_(str_)?(max_n|algo)\$'"
	capture init-alias "objdump -t fibdrv.ko | grep -E ' (init_module|cleanup_module|fibdrv_init|fibdrv_exit)\$'"
	capture this-module "grep -A 7 'struct module __this_module' fibdrv.mod.c
readelf -r -W fibdrv.ko | sed -n '/rela.gnu.linkonce.this_module/,/^\$/p'"
	capture usercopy-calls "objdump -dr fibdrv.ko | grep -E 'PLT32[[:space:]]+(_copy_to_user|__check_object_size)'"
}

# The preprocessor's view of module_init() and module_exit(), through
# kbuild's single-file target.
capture_expansion() {
	capture init-expansion "make -s -C $1 M=\$PWD fibdrv.i
grep -oE '__(init|exit)test\\(void\\) \\{[^}]*\\}|(int init_module|void cleanup_module)\\(void\\) __attribute__[^;]*;' fibdrv.i"
	rm -f "$top/fibdrv.i"
}

capture_kernel_config() {
	capture kernel-config "grep -E 'CONFIG_(MODULE_SIG|MODULE_SIG_FORCE|MODVERSIONS|HZ|HIGH_RES_TIMERS)[= ]' /boot/config-$1"
}

# Replaces each @@NAME@@ line of the template with a block of NAME.txt.
assemble() {
	awk -v dir="$out" '
	/^@@[a-z0-9-]+@@$/ {
		name = substr($0, 3, length($0) - 4)
		file = dir "/" name ".txt"
		print "```"
		while ((getline line < file) > 0)
			print line
		if (close(file) < 0) {
			print "docs: no capture " file > "/dev/stderr"
			exit 1
		}
		print "```"
		next
	}
	{ print }
	' "$template" >"$doc.tmp"
	mv "$doc.tmp" "$doc"
}

main() {
	local release kdir

	if [ "${1:-}" = --assemble ] && [ $# -eq 4 ]; then
		template=$2 out=$3 doc=$4
		assemble
		return
	fi
	cd "$top"
	release=$(modinfo -F vermagic fibdrv.ko | cut -d' ' -f1)
	kdir=${KDIR:-/lib/modules/$release/build}
	rm -rf "$out"
	mkdir -p "$out"
	capture_module_file
	capture_expansion "$kdir"
	capture_kernel_config "$release"
	# One CPU: switching ftrace on rewrites kernel code while the other
	# CPU runs it, which once hung qemu's multi-threaded emulation here.
	VM_TOOLS=strace VM_CPUS=1 VM_TIMEOUT=300 \
		"$top/scripts/in-kernel.sh" --out "$out" \
		"$top/scripts/docs-kernel.sh"
	assemble
	echo "docs: wrote $doc"
}

main "$@"
