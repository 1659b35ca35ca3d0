/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The ioctl interface of /dev/fibonacci, shared by the module and the
 * programs that use it. Fixed-width types and no implicit padding, so that
 * 32-bit programs on a 64-bit kernel see the same layout.
 */
#ifndef FIBDRV_UAPI_H
#define FIBDRV_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define FIB_TIMING_VERSION 2
#define FIB_ALGO_NAME_LEN 16

/*
 * Where the last successful read() on an open file spent its time, in
 * nanoseconds: of the TSC where the kernel trusts it (x86), else of
 * ktime_get_ns() (CLOCK_MONOTONIC). A new version only ever appends
 * fields, which changes the size and so the command number.
 */
struct fib_timing {
	__u32 version;			/* FIB_TIMING_VERSION */
	__u32 reserved;			/* 0 */
	__u64 n;			/* the index read */
	__u64 digits;			/* what read() returned */
	__u64 compute_ns;		/* F(n) as a big number */
	__u64 convert_ns;		/* to decimal, with its buffer */
	__u64 copy_ns;			/* copy_to_user() of the digits */
	char algo[FIB_ALGO_NAME_LEN];	/* its name, NUL-terminated */
	/* Version 2 */
	__u32 source;			/* FIB_SOURCE_*: where the digits came from */
	__u32 reserved2;		/* 0 */
};

/*
 * Version 1 ended after algo; its command still answers, with version 1.
 * A cached read's compute_ns is the time it took to find the digits,
 * waiting for another reader's computation included, and its convert_ns
 * is 0.
 */
#define FIB_TIMING_V1_SIZE 64

/* The source of a read's digits. */
#define FIB_SOURCE_COMPUTED 0	/* by the file's algorithm, for this read */
#define FIB_SOURCE_SEQUENTIAL 1	/* one addition to the file's previous read */
/* From the module's cache; algo names the algorithm that computed them. */
#define FIB_SOURCE_CACHED 2

/*
 * The algo of a read served by one addition from the file's previous
 * read, F(n - 1) and F(n - 2), instead of the file's algorithm.
 */
#define FIB_ALGO_SEQUENTIAL "sequential"

/*
 * Reads of n up to this compute F(n) < 2^128 in registers, whatever the
 * algorithm, which costs less than that addition: they keep no pair and
 * are never sequential, and their timing names the file's algorithm.
 */
#define FIB_REGISTERS_N_MAX 186

/* 0xF1 is unassigned in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define FIB_IOC_MAGIC 0xF1
/* Fails with ENODATA until a read() on this file has succeeded. */
#define FIB_IOC_GET_TIMING _IOR(FIB_IOC_MAGIC, 1, struct fib_timing)
#define FIB_IOC_GET_TIMING_V1 _IOC(_IOC_READ, FIB_IOC_MAGIC, 1, FIB_TIMING_V1_SIZE)

/*
 * Whether this open file's reads use the module's cache (a __u32 in):
 * FIB_CACHE_USE, as every new file does, or FIB_CACHE_BYPASS, for reads
 * that always compute and neither look in the cache nor fill it (what
 * timing tools want). Other values are EINVAL.
 */
#define FIB_CACHE_BYPASS 0
#define FIB_CACHE_USE 1
#define FIB_IOC_SET_CACHE _IOW(FIB_IOC_MAGIC, 2, __u32)

#endif /* FIBDRV_UAPI_H */
