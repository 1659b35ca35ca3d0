/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Not part of the module: scripts/fault-sites.sh builds a copy of it with
 * this header included first in every file. Each allocation the module
 * makes then logs, at KERN_INFO, the address of its call (which the
 * copy's line table turns into the functions it was written in), its size
 * and what it got: kmalloc, vmalloc (kvmalloc()'s kmalloc() failed) or
 * NULL. With the marks of tests/test_faults (FAULTS_KMSG=1), the log
 * tells which allocation each injected fault failed.
 */
#ifndef FIBDRV_TESTS_FAULT_TRACE_H
#define FIBDRV_TESTS_FAULT_TRACE_H

/* fibdrv.c's, which it then defines again, identically. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/instruction_pointer.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/xarray.h>

/* The call instruction is the byte before where it returns to. */
static inline void fault_trace(const char *what, const char *got,
			       unsigned long ret_ip)
{
	pr_info("fault-trace: %pS: %s, %s\n", (void *)(ret_ip - 1), what, got);
}

static inline void fault_trace_bytes(const void *p, size_t bytes,
				     unsigned long ret_ip)
{
	char what[32];

	snprintf(what, sizeof(what), "%zu bytes", bytes);
	fault_trace(what, !p ? "NULL" : is_vmalloc_addr(p) ? "vmalloc" :
		    "kmalloc", ret_ip);
}

/* The real functions: the macros below are not defined yet. */
static noinline __maybe_unused void *
fault_trace_kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	void *p = kvmalloc_array(n, size, flags);

	fault_trace_bytes(p, n * size, _RET_IP_);
	return p;
}

static noinline __maybe_unused void *
fault_trace_kvmalloc(size_t size, gfp_t flags)
{
	void *p = kvmalloc(size, flags);

	fault_trace_bytes(p, size, _RET_IP_);
	return p;
}

static noinline __maybe_unused void *
fault_trace_kzalloc(size_t size, gfp_t flags)
{
	void *p = kzalloc(size, flags);

	fault_trace_bytes(p, size, _RET_IP_);
	return p;
}

/* NULL: it could not have a node it needed (-ENOMEM). */
static noinline __maybe_unused int
fault_trace_xa_insert(struct xarray *xa, unsigned long index, void *entry,
		      gfp_t gfp)
{
	int ret = xa_insert(xa, index, entry, gfp);

	fault_trace("an xarray node", ret == -ENOMEM ? "NULL" : "ok",
		    _RET_IP_);
	return ret;
}

#define kvmalloc_array(n, size, flags) fault_trace_kvmalloc_array(n, size, flags)
#define kvmalloc(size, flags) fault_trace_kvmalloc(size, flags)
#define kzalloc(size, flags) fault_trace_kzalloc(size, flags)
#define xa_insert(xa, index, entry, gfp)				\
	fault_trace_xa_insert(xa, index, entry, gfp)

#endif /* FIBDRV_TESTS_FAULT_TRACE_H */
