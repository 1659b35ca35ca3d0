/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The clock that times a read's parts (struct fib_timing) and write().
 *
 * A read of a small F(n) is little more than its system call, and timing
 * its three parts takes four clock reads. ktime_get_ns() is a call into
 * the timekeeping core, which calls the clocksource's read function: about
 * 90 ns each under qemu's TCG, where a whole read of /dev/zero costs 800,
 * while the time stamp counter read inline costs 13 (docs/performance.md).
 * So on x86, where the kernel trusts the TSC (it has not marked it
 * unstable: the TSCs of all CPUs tick together, at one rate), a file's
 * reads are timed in TSC cycles, and turned into nanoseconds only when the
 * timing ioctl asks; elsewhere, in ktime_get_ns()'s nanoseconds. A file
 * chooses when it is opened and keeps its choice, so that the times it
 * records are all in one unit.
 */
#ifndef FIBDRV_STOPWATCH_H
#define FIBDRV_STOPWATCH_H

#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/time64.h>
#include <linux/types.h>

#ifdef CONFIG_X86_TSC
#include <asm/tsc.h>

/* Whether a file opened now times its reads with the TSC. */
static inline bool fibdrv_stopwatch_tsc(void)
{
	return boot_cpu_has(X86_FEATURE_TSC) && READ_ONCE(tsc_khz) &&
	       !check_tsc_unstable();
}

/* Now: TSC cycles, or ns. Ordered, so that the work before it is done. */
static inline u64 fibdrv_stopwatch_now(bool tsc)
{
	return tsc ? rdtsc_ordered() : ktime_get_ns();
}

static inline u64 fibdrv_stopwatch_ns(bool tsc, u64 ticks)
{
	return tsc ? mul_u64_u32_div(ticks, NSEC_PER_MSEC, tsc_khz) : ticks;
}
#else
static inline bool fibdrv_stopwatch_tsc(void)
{
	return false;
}

static inline u64 fibdrv_stopwatch_now(bool tsc)
{
	return ktime_get_ns();
}

static inline u64 fibdrv_stopwatch_ns(bool tsc, u64 ticks)
{
	return ticks;
}
#endif

#endif /* FIBDRV_STOPWATCH_H */
