/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What differs between the kernels fibdrv is built for. Every
 * LINUX_VERSION_CODE test of the module belongs here, next to a comment
 * naming the release that changed the interface, so that fibdrv.c uses
 * one spelling of each.
 *
 * Built with W=1 and checked by `make check-kernels` on Debian's 6.1 and
 * 6.12, generic and PREEMPT_RT. The changes between them that break
 * classic character-device modules do not reach this one, so none needs
 * a guard today:
 * - class_create() lost its owner argument in 6.4: the device is a misc
 *   device (misc_register()), which makes the node with no class of its own.
 * - no_llseek was removed in 6.12: fib_llseek() is the module's own.
 * - struct file_operations gained fop_flags in 6.12: its flags
 *   (FOP_UNSIGNED_OFFSET and the rest) are for files whose offsets may
 *   be negative, asynchronous buffered I/O, mmap or direct I/O, none of
 *   which this device has; left zero, as on 6.1.
 * - -Wmissing-prototypes became a default warning in 6.8: every function
 *   of the module is static or declared in arith/'s headers.
 * - The shrinker API changed in 6.7 (shrinker_alloc()): the module has no
 *   shrinker; a read's memory lives only as long as the read.
 */
#ifndef FIBDRV_COMPAT_H
#define FIBDRV_COMPAT_H

#include <linux/version.h>

#endif /* FIBDRV_COMPAT_H */
