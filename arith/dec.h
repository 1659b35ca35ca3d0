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
 * and left holding zero. Returns -EINTR if port_interrupted() says so, or
 * -ENOMEM.
 *
 * Up to DEC_DC_ENTRY (120) limbs the conversion is quadratic and
 * allocates nothing. Above, it divides and conquers in O(M(n) log n) and
 * allocates one scratch area for the conversion: measured 18.8 n limbs
 * at n = 1085, 14.7 n at 10848 and 11.7 n at 108476: the powers of ten,
 * their reciprocals and the working copy take 2^j limbs each, with
 * n < 2^j < 2.03 (n + 2), and the rest is div_inv() and bn_mul() scratch.
 */
long dec_from_limbs(char *out, limb_t *a, size_t n);

#endif /* FIBDRV_DEC_H */
