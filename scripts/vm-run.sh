#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Boots KERNEL_IMAGE under qemu with a busybox initramfs that holds the
# files of STAGE_DIR as /test and runs /test/run (a busybox sh script) as
# root. The run's output is streamed as it arrives; the exit status is the
# run's, 124 if the VM timed out, or 125 if the guest died without
# reporting one (kernel panic or oops, crash).
#
# Usage: scripts/vm-run.sh KERNEL_IMAGE STAGE_DIR
#
# Environment: VM_MEMORY (MiB, default 1024), VM_CPUS (default 2),
# VM_TIMEOUT (seconds, default 900), VM_APPEND (extra kernel arguments),
# VM_LOG (where the whole console log goes, default build/vm-console.log in
# the project), VM_OUT (a folder that receives the files the run leaves in
# $OUT, /out in the guest), VM_TOOLS (host programs to bring along, such as
# strace: the guest gets them and their shared libraries at the same
# paths).

set -euo pipefail
shopt -s extglob

top=$(cd "$(dirname "$0")/.." && pwd)
memory=${VM_MEMORY:-1024}
cpus=${VM_CPUS:-2}
time_limit=${VM_TIMEOUT:-900}
log=${VM_LOG:-$top/build/vm-console.log}
out_dir=${VM_OUT:-}
start_marker=@@fibdrv-vm-start@@
exit_marker=@@fibdrv-vm-exit=

usage() {
	echo "usage: $0 KERNEL_IMAGE STAGE_DIR" >&2
	echo "  STAGE_DIR must hold an executable 'run'" >&2
	exit 2
}

note() {
	echo "vm-run: $*" >&2
}

# The guest has no C library, so only a static busybox can run there.
is_static() {
	if command -v file >/dev/null; then
		file -bL "$1" | grep -Eq 'statically linked|static-pie'
	else
		# ldd refuses what has no dynamic loader to ask.
		if ldd "$1" >/dev/null 2>&1; then return 1; fi
	fi
}

find_busybox() {
	local busybox

	busybox=$(command -v busybox) || {
		note "busybox not found: install busybox-static"
		return 1
	}
	is_static "$busybox" || {
		note "$busybox is not statically linked: install busybox-static"
		return 1
	}
	echo "$busybox"
}

# Runs as PID 1. The markers let the host tell the run's output from the
# boot messages and learn its exit status; poweroff -f (with qemu's
# -no-reboot) ends the VM without an init system to hand over to. The
# files in /out leave through the second serial port, where no kernel
# message can land among them, as base64 text (the tty adds \r).
# VM_DESCRIPTION tells the run what really runs it.
write_init() {
	local host_cpu

	host_cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo |
		head -n 1)
	cat >"$1" <<EOF
#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin OUT=/out
export VM_DESCRIPTION='qemu TCG on ${host_cpu//\'/} ($(nproc) CPUs)'
mkdir -p /proc /sys /dev /tmp /out
mount -t proc proc /proc
mount -t sysfs sysfs /sys
# The kernel has devtmpfs but does not mount it by itself.
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
echo $start_marker
status=0
cd /test && ./run || status=\$?
${out_dir:+tar -cf - -C /out . | base64 >/dev/ttyS1}
echo "$exit_marker\$status@@"
poweroff -f
EOF
	chmod +x "$1"
}

make_root() {
	local root=$1 stage=$2 busybox=$3 applet

	mkdir -p "$root/bin" "$root/test"
	cp "$busybox" "$root/bin/busybox"
	for applet in $("$busybox" --list); do
		[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
	done
	# -L: a link into the host's tree would dangle in the guest.
	cp -RL "$stage/." "$root/test/"
	copy_tools "$root"
	write_init "$root/init"
}

# The guest has no C library of its own: VM_TOOLS come with the host's,
# at the paths the programs look for them. The programs go to /usr/bin,
# as /bin is busybox's.
copy_tools() {
	local root=$1 tool path lib

	mkdir -p "$root/usr/bin"
	for tool in ${VM_TOOLS:-}; do
		path=$(command -v "$tool") || {
			note "VM_TOOLS: $tool is not installed"
			return 1
		}
		cp -L "$path" "$root/usr/bin/$tool"
		for lib in $(ldd "$path" | grep -o '/[^ ]*'); do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
	done
}

# Owned by root, as the kernel unpacks it for the guest's root user.
make_initrd() {
	(cd "$1" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$2"
}

# oops=panic: after an oops the module may hold locks, and the run would
# hang until the time limit; a panic ends the VM at once (panic=-1 reboots,
# which -no-reboot turns into an exit). loglevel=5 puts kernel warnings
# (WARN(), at KERN_WARNING) on the console as well as errors, so that they
# show up beside the run's output. --foreground leaves qemu in our process
# group, so that Ctrl-C stops it too.
boot() {
	timeout --foreground -k 10 "$time_limit" \
		qemu-system-x86_64 -nographic -no-reboot -m "$memory" \
		-smp "$cpus" -accel tcg,thread=multi \
		-serial mon:stdio ${out_dir:+-serial "file:$tmp/out.b64"} \
		-kernel "$1" -initrd "$2" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=5${VM_APPEND:+ $VM_APPEND}" \
		</dev/null 2>&1
}

# Saves the console to the log and shows the run's part of it. The serial
# line ends lines with \r\n, and the firmware sends terminal escapes (clear
# screen, no line wrap) that would upset the terminal the log is shown on.
stream_console() {
	local line esc=$'\e' shown=false

	while IFS= read -r line || [ -n "$line" ]; do
		line=${line//$'\r'/}
		line=${line//"$esc"\[*([0-9;?])[A-Za-z]/}
		line=${line//"$esc"c/}
		printf '%s\n' "$line" >&3
		case $line in
		*"$exit_marker"*) shown=false ;;
		esac
		if $shown; then
			printf '%s\n' "$line"
		fi
		case $line in
		*"$start_marker"*) shown=true ;;
		esac
	done 3>"$log"
}

# Matched anywhere in a line: kernel messages can land in its middle.
guest_status() {
	sed -n "s/.*$exit_marker\\([0-9]*\\)@@.*/\\1/p" "$log" | tail -n 1
}

# The files the run left in /out, into VM_OUT.
save_out() {
	if ! mkdir -p "$out_dir" ||
		! tr -d '\r' <"$tmp/out.b64" | base64 -d |
		tar -xf - -C "$out_dir"; then
		note "cannot unpack the run's files into $out_dir"
		return 1
	fi
}

main() {
	local kernel=${1:-} stage=${2:-} busybox status qemu_status=0

	if [ $# -ne 2 ] || [ ! -f "$kernel" ] || [ ! -r "$kernel" ] ||
		[ ! -f "$stage/run" ] || [ ! -x "$stage/run" ]; then
		usage
	fi
	note "booting $kernel under qemu with software emulation" \
		"(TCG, no KVM)"
	busybox=$(find_busybox)
	mkdir -p "$(dirname "$log")"

	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM
	make_root "$tmp/root" "$stage" "$busybox"
	make_initrd "$tmp/root" "$tmp/initrd.cpio.gz"

	boot "$kernel" "$tmp/initrd.cpio.gz" | stream_console ||
		qemu_status=$?

	status=$(guest_status)
	if [ -n "$status" ] && [ -n "$out_dir" ]; then
		save_out || status=1
	fi
	if [ -n "$status" ]; then
		[ "$status" -eq 0 ] || note "the run failed ($status);" \
			"console log: $log"
		exit "$status"
	fi
	if [ "$qemu_status" -eq 124 ] || [ "$qemu_status" -eq 137 ]; then
		note "timed out after ${time_limit}s (VM_TIMEOUT);" \
			"console log: $log"
		exit 124
	fi
	note "the VM stopped without reporting an exit status" \
		"(kernel panic or crash?); last lines of the console:"
	tail -n 40 "$log" >&2
	note "console log: $log"
	exit 125
}

main "$@"
