/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The few kernel facilities the arithmetic needs, mapped to libc in user
 * space, so that the same .c files build into the module, the tests and
 * the benchmarks. The arithmetic files include only this header.
 *
 * Errors, one convention for all of arith/: a function that can fail
 * returns a negative errno, and on success 0, or a value >= 0 where it
 * has one to give (a size, a count of digits, an algorithm). -ENOMEM: an
 * allocation failed. -EINTR: port_interrupted() said to stop, and the
 * outputs are unspecified. -EAGAIN: a method declined a number that
 * another one must take (the scaled remainder tree of dec.c). -EINVAL:
 * an argument out of range. Callers pass an error up as it is, and never
 * ask port_interrupted() afterwards whether a callee stopped. Functions
 * that cannot fail return void or their value.
 */
#ifndef FIBDRV_PORT_H
#define FIBDRV_PORT_H

#ifdef __KERNEL__

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

/*
 * Charged to the reader's memory cgroup; failure is an ordinary -ENOMEM
 * for the caller, not worth a warning in the log. __GFP_RETRY_MAYFAIL: at
 * the group's memory.max (or when the machine runs out) the allocation
 * fails instead of waking the OOM killer, which for a large kvmalloc()
 * (its vmalloc() pages) would kill a task, maybe another one, rather than
 * tell the reader ENOMEM.
 */
static inline void *port_alloc_array(size_t n, size_t size)
{
	return kvmalloc_array(n, size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN |
			      __GFP_RETRY_MAYFAIL);
}

static inline void port_free(void *p)
{
	kvfree(p);
}

/* True when the caller should give up with -EINTR. */
static inline bool port_interrupted(void)
{
	cond_resched();
	return signal_pending(current);
}

/* Contracts are checked in user space only (see port_assert() below). */
#define port_assert(cond) BUILD_BUG_ON_INVALID(cond)

#else /* user space */

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
/*
 * Kernels built with CONFIG_INIT_STACK_ALL_ZERO (Debian's are) clear
 * every local variable on entry; buffers written before they are read opt
 * out with this. User space does not clear them anyway.
 */
#define __uninitialized

static inline void *port_alloc_array(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return malloc(bytes ? bytes : 1);
}

static inline void port_free(void *p)
{
	free(p);
}

static inline bool port_interrupted(void)
{
	return false;
}

/*
 * port_assert(cond): a function's contract (sizes, aliasing, ranges),
 * checked in the test and fuzz builds (-DARITH_CHECKS), where a broken
 * one stops the program at the line that states it, instead of showing
 * up later as a wrong result; compiled out of the benchmark, as out of
 * the module, whose speed it must not cost.
 */
#ifdef ARITH_CHECKS
#include <stdio.h>

static inline void port_assert_fail(const char *cond, const char *file,
				    int line)
{
	fprintf(stderr, "arith: contract broken at %s:%d: %s\n", file, line,
		cond);
	abort();
}

#define port_assert(cond) \
	((cond) ? (void)0 : port_assert_fail(#cond, __FILE__, __LINE__))
#else
#define port_assert(cond) ((void)sizeof(!(cond)))
#endif

#endif /* __KERNEL__ */

#endif /* FIBDRV_PORT_H */
