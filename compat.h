/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What differs between the kernels fibdrv is built for. Every
 * LINUX_VERSION_CODE test of the module belongs here, next to a comment
 * naming the release that changed the interface, so that fibdrv.c uses
 * one spelling of each.
 *
 * Built with W=1 and checked by `make check-kernels` on Debian's 6.1 and
 * 6.12, generic and PREEMPT_RT. One change between them needs a guard,
 * the shrinker's (below); the others that break classic character-device
 * modules do not reach this one:
 * - class_create() lost its owner argument in 6.4: the device is a misc
 *   device (misc_register()), which makes the node with no class of its own.
 * - no_llseek was removed in 6.12: fibdrv_llseek() is the module's own.
 * - struct file_operations gained fop_flags in 6.12: its flags
 *   (FOP_UNSIGNED_OFFSET and the rest) are for files whose offsets may
 *   be negative, asynchronous buffered I/O, mmap or direct I/O, none of
 *   which this device has; left zero, as on 6.1.
 * - -Wmissing-prototypes became a default warning in 6.8: every function
 *   of the module is static or declared in arith/'s headers.
 */
#ifndef FIBDRV_COMPAT_H
#define FIBDRV_COMPAT_H

#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/version.h>

typedef unsigned long (*fibdrv_shrink_fn)(struct shrinker *,
					  struct shrink_control *);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
/* 6.7 allocates shrinkers: shrinker_alloc(), shrinker_register(). */
static inline struct shrinker *fibdrv_shrinker_create(const char *name,
						      fibdrv_shrink_fn count,
						      fibdrv_shrink_fn scan)
{
	struct shrinker *shrinker = shrinker_alloc(0, "%s", name);

	if (!shrinker)
		return NULL;
	shrinker->count_objects = count;
	shrinker->scan_objects = scan;
	shrinker_register(shrinker);
	return shrinker;
}

static inline void fibdrv_shrinker_destroy(struct shrinker *shrinker)
{
	shrinker_free(shrinker);
}
#else
/* Before 6.7 the caller owns it; register_shrinker() is named since 6.0. */
static inline struct shrinker *fibdrv_shrinker_create(const char *name,
						      fibdrv_shrink_fn count,
						      fibdrv_shrink_fn scan)
{
	struct shrinker *shrinker = kzalloc(sizeof(*shrinker), GFP_KERNEL);

	if (!shrinker)
		return NULL;
	shrinker->count_objects = count;
	shrinker->scan_objects = scan;
	shrinker->seeks = DEFAULT_SEEKS;
	if (register_shrinker(shrinker, "%s", name)) {
		kfree(shrinker);
		return NULL;
	}
	return shrinker;
}

static inline void fibdrv_shrinker_destroy(struct shrinker *shrinker)
{
	unregister_shrinker(shrinker);
	kfree(shrinker);
}
#endif

#endif /* FIBDRV_COMPAT_H */
