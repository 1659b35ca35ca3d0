# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# `make` builds the module (through kbuild, see Kbuild) and the client;
# `make run` loads the module and prints Fibonacci numbers; `make check`
# runs every test; `make plot` charts per-read timings into build/plot;
# `make perf` profiles reads in the kernel and the same arithmetic in user
# space with perf into build/perf; `make docs` regenerates
# docs/internals.md and docs/perf.md with fresh command outputs.
# These load the module into this host's kernel when it can load modules
# (as root), and otherwise into Debian's kernel under qemu. `make fuzz`
# fuzzes arith/ against GMP for FUZZ_SECONDS; `make tune` times the
# arithmetic's methods against GMP into docs/tuning.md; `make lint` runs
# sparse, checkpatch and shellcheck (scripts/lint.sh); `make debug-check`
# runs the kernel tests on a kernel of our own with KASAN, kmemleak and
# lockdep (scripts/debug-kernel.sh), cached in debug-kernel/.
# `make check-kernels` runs the kernel tests on each of KERNELS
# (scripts/check-kernels.sh); `make install` and `make dkms` install the
# module, `make uninstall` and `make dkms-uninstall` remove it.

# The running kernel's headers, else Debian's default kernel's (not the
# newest: installing other kernels must not change what `make` builds
# for), else the newest installed ones (scripts/kernels.sh).
KDIR ?= $(shell scripts/kernels.sh default-kdir)
# The release KDIR is for, as uname -r prints it and vermagic holds it
# (Debian's 6.1 headers have 6.1.192 in include/config/kernel.release).
KRELEASE = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
# The module's sources, all that kbuild, DKMS and the matrix's builds read.
MODULE_FILES := Kbuild Makefile dkms.conf fibdrv.c cache.c cache.h compat.h \
	stopwatch.h arith uapi
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
# The kernels of `make check-kernels`, by scripts/kernels.sh's names.
KERNELS ?= $(shell scripts/kernels.sh matrix)

CC := gcc
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I.
SANITIZE := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
B := build
# The arithmetic's contracts, checked in the tests and the fuzzer (port.h).
CHECKS := -DARITH_CHECKS

# libFuzzer needs clang; the sanitizers turn silent damage into a crash.
FUZZ_CC := clang
FUZZ_FLAGS := -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SECONDS ?= 600
FUZZ_DIR := $(B)/fuzz

ARITH_SRC := arith/bn.c arith/dn.c arith/mul.c arith/ntt.c arith/bnm1.c \
	arith/div.c arith/dec_srt.c arith/dec.c arith/fib.c
ARITH_HDR := $(wildcard arith/*.h)
# The unit tests' own helpers: the harness, the GMP oracle, the leaves.
TEST_HDR := tests/check.h tests/gmp_oracle.h tests/leaf_check.h
UNIT_TESTS := test_bn test_dn test_mul test_ntt test_div test_dec test_fib
TEST_BINS := $(addprefix $(B)/,$(UNIT_TESTS)) \
	$(addprefix $(B)/asan/,$(UNIT_TESTS)) $(B)/generic/test_bn \
	$(B)/generic/test_dn $(B)/generic/test_mul $(B)/test_device $(B)/test_timing \
	$(B)/test_stress $(B)/test_interrupt $(B)/test_cache $(B)/fuzz_arith

.PHONY: all module deps run check check-kernels debug-check plot docs fuzz \
	lint bench bench-vm tune perf install uninstall dkms dkms-uninstall \
	module-tree clean

all: module $(B)/client

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run scripts/deps.sh" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

deps:
	scripts/deps.sh

# Into /lib/modules/KRELEASE/updates, where modprobe prefers it to any
# fibdrv of the kernel's own; INSTALL_MOD_PATH=DIR installs into the tree
# of another root (depmod -b). Distribution headers have no signing key
# (Debian's kernels load unsigned modules, and taint), so kbuild signs only
# where the key of a kernel of one's own is there.
SIGN_KEY = $(wildcard $(KDIR)/certs/signing_key.pem)
install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates \
		$(if $(SIGN_KEY),,CONFIG_MODULE_SIG_ALL=) modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KRELEASE)

uninstall:
	rm -f $(INSTALL_MOD_PATH)/lib/modules/$(KRELEASE)/updates/fibdrv.ko*
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KRELEASE)

# DKMS rebuilds the module for each kernel installed later. DKMS_KERNELS
# are releases (uname -r), KDIR's by default.
DKMS_KERNELS ?= $(KRELEASE)
dkms:
	scripts/deps.sh dkms
	scripts/dkms.sh install $(DKMS_KERNELS)

dkms-uninstall:
	scripts/dkms.sh uninstall

# A copy of the module's sources in DEST, to build out of this tree.
module-tree:
	@test -n "$(DEST)" || { echo "module-tree: DEST=DIR is missing" >&2; exit 1; }
	rm -rf $(DEST)
	mkdir -p $(DEST)
	cp -R $(MODULE_FILES) $(DEST)/

# The device-facing programs are static: the test VM has no libc.
$(B)/client: client.c uapi/fibdrv.h $(ARITH_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static $< -lm -o $@

$(B)/test_device: tests/test_device.c tests/check.h tests/device.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static $< -lgmp -o $@

$(B)/test_timing: tests/test_timing.c tests/check.h tests/device.h uapi/fibdrv.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static $< -o $@

$(B)/test_stress: tests/test_stress.c tests/check.h tests/device.h uapi/fibdrv.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static -pthread $< -lgmp -o $@

$(B)/test_cache: tests/test_cache.c tests/check.h tests/device.h uapi/fibdrv.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static -pthread $< -lgmp -o $@

$(B)/test_interrupt: tests/test_interrupt.c tests/check.h tests/device.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static $< -o $@

# The debug kernel's fault tests and fuzzer (make debug-check).
$(B)/test_faults: tests/test_faults.c tests/check.h tests/device.h uapi/fibdrv.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static $< -lgmp -o $@

$(B)/test_memlimit: tests/test_memlimit.c tests/check.h tests/device.h uapi/fibdrv.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static $< -lgmp -o $@

$(B)/fuzz_device: tests/fuzz_device.c tests/check.h tests/device.h uapi/fibdrv.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static -pthread $< -lgmp -o $@

$(B)/test_%: tests/test_%.c $(TEST_HDR) $(ARITH_SRC) $(ARITH_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CHECKS) $< $(ARITH_SRC) -lgmp -o $@

$(B)/asan/test_%: tests/test_%.c $(TEST_HDR) $(ARITH_SRC) $(ARITH_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CHECKS) $(SANITIZE) $< $(ARITH_SRC) -lgmp -o $@

# The portable code: no carry builtins, no 128-bit type.
GENERIC := -DBN_GENERIC -U__SIZEOF_INT128__
$(B)/generic/test_%: tests/test_%.c $(TEST_HDR) $(ARITH_SRC) $(ARITH_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(CHECKS) $(GENERIC) $< $(ARITH_SRC) -lgmp -o $@

$(B)/fuzz_arith: tests/fuzz_arith.c tests/check.h tests/gmp_oracle.h \
		$(ARITH_SRC) $(ARITH_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS) $(CHECKS) $(FUZZ_FLAGS) $< $(ARITH_SRC) -lgmp -o $@

# Time each multiplication method at a ladder of sizes, and the conversion
# to decimal's methods, against GMP: the measurements behind the thresholds
# in arith/, which `make tune` writes into docs/tuning.md (scripts/tune.sh).
$(B)/tune_mul: bench/tune_mul.c $(ARITH_SRC) $(ARITH_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(ARITH_SRC) -lgmp -o $@

$(B)/dec_bench: bench/dec_bench.c $(ARITH_SRC) $(ARITH_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(ARITH_SRC) -lgmp -o $@

tune: deps
	$(MAKE) $(B)/tune_mul $(B)/dec_bench
	scripts/tune.sh

# The benchmark counts the arithmetic's memory by wrapping malloc().
$(B)/bench: bench/bench.c $(ARITH_SRC) $(ARITH_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(ARITH_SRC) -lgmp -Wl,--wrap=malloc,--wrap=free \
		-o $@

# deps runs first and alone: KDIR is looked up only after it has installed
# the headers.
run: deps
	$(MAKE) all
	scripts/in-kernel.sh scripts/demo.sh

check: deps
	$(MAKE) all $(TEST_BINS) $(B)/bench
	scripts/run-tests.sh

# In the VM as on a host: scripts/perf.sh brings the host's perf along.
perf: deps
	$(MAKE) all $(B)/bench
	scripts/perf.sh

bench: deps
	$(MAKE) $(B)/bench
	$(B)/bench -o $(B)/bench.csv
	gnuplot -e "csv='$(B)/bench.csv'; out='$(B)/bench.png'; \
		machine='$$(nproc) x $$(sed -n 's/^model name[^:]*: //p' \
		/proc/cpuinfo | head -n 1), gcc -O2'" scripts/bench.gp

$(B)/bench_device: bench/bench_device.c uapi/fibdrv.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -static $< -lgmp -o $@

# Device reads against GMP in the same kernel (the VM here); the table is
# kept in build/bench-vm. The VM reads the TSC, not the emulated HPET, which
# costs a few hundred ns a read under TCG (a timed read() makes six).
bench-vm: deps
	$(MAKE) all $(B)/bench_device
	VM_APPEND="clocksource=tsc tsc=reliable $(VM_APPEND)" \
		scripts/in-kernel.sh --out $(B)/bench-vm scripts/bench-vm.sh

# Each kernel of KERNELS: its packages (scripts/deps.sh), a W=1 build
# and a DKMS build against its headers, and the whole kernel test script
# on it under qemu, then a table (scripts/check-kernels.sh).
KERNEL_TESTS := $(B)/client $(B)/test_device $(B)/test_timing \
	$(B)/test_stress $(B)/test_interrupt $(B)/test_cache
check-kernels: deps
	$(MAKE) $(KERNEL_TESTS)
	scripts/check-kernels.sh $(KERNELS)

# What building a kernel takes, beyond the normal build.
DEBUG_DEPS := bc bison flex libelf-dev libssl-dev xz-utils linux-source-6.1 \
	trinity

debug-check:
	scripts/deps.sh $(DEBUG_DEPS)
	$(MAKE) all $(KERNEL_TESTS) $(B)/test_faults $(B)/test_memlimit \
		$(B)/fuzz_device
	scripts/debug-kernel.sh

plot: deps
	$(MAKE) all
	scripts/plot.sh

# strace shows insmod's system call, in the VM as on a host.
docs:
	scripts/deps.sh strace
	$(MAKE) all $(B)/bench
	KDIR=$(KDIR) scripts/docs.sh
	scripts/perf.sh --docs

# The corpus grows from run to run in $(FUZZ_DIR)/corpus; a failing input
# is saved in $(FUZZ_DIR) as crash-<hash>: `build/fuzz_arith FILE` replays it.
fuzz: deps
	$(MAKE) $(B)/fuzz_arith
	@mkdir -p $(FUZZ_DIR)/corpus
	$(B)/fuzz_arith -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/ \
		$(FUZZ_DIR)/corpus

# sparse checks the kbuild build, against 6.12's headers too; checkpatch
# comes from Debian's kernel source, installed only for this target.
lint:
	scripts/deps.sh sparse linux-source-6.1 shellcheck perl \
		linux-headers-6.12-amd64
	scripts/lint.sh

# Not kbuild's clean: with M= it deletes object files in every folder below,
# the debug kernel's cache in debug-kernel/ too.
clean:
	rm -f *.o *.ko *.mod *.mod.c .*.cmd Module.symvers modules.order
	rm -rf $(B) .tmp_versions
