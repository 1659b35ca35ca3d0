/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Decimal conversion of limb arrays. */
#ifndef FIBDRV_DEC_H
#define FIBDRV_DEC_H

#include "bn.h"

/* Bytes dec_from_limbs() may use for a number of n limbs. */
size_t dec_size_max(size_t n);

/*
 * Writes the decimal digits of a[0..n) to out, most significant first,
 * with no sign, leading zero or terminating NUL, and returns how many
 * ("0" for zero). out holds dec_size_max(n) bytes. a is used as scratch
 * and left holding zero. Returns -EINTR if port_interrupted() says so.
 */
long dec_from_limbs(char *out, limb_t *a, size_t n);

#endif /* FIBDRV_DEC_H */
