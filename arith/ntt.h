/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Products of large limb arrays through number-theoretic transforms:
 * one limb is one coefficient, and the cyclic convolution of length
 * N >= an + bn - 1 is done modulo three primes below 2^62, whose product
 * exceeds every coefficient for N up to 2^33, then put together by the
 * Chinese remainder theorem. N is the shorter of the least power of two
 * (at least 2) and, from 192 up, the least 3 * 2^k that will do.
 * Contracts as for bn_mul() and bn_sqr() in mul.h: r must not overlap a,
 * b or tmp; a and b may be the same; the functions return 0, or -EINTR
 * when they gave up half-way on port_interrupted(), which they ask at
 * least every few thousand butterflies, leaving r unspecified.
 *
 * Exact for every size >= 1, but slower than Toom-3 below a thousand limbs
 * or so. The time grows in steps: it depends on N, which grows by 4/3 or
 * 3/2 when an + bn - 1 crosses 2^k or 3 * 2^k.
 *
 * Scratch: 6N limbs for a product, 5N for a square (three residue arrays
 * of N, 2N for the twiddle table, N more for the second operand). A
 * 20,000-limb square has N = 3 * 2^14 and needs 1,966,080 bytes; a
 * 54,000-limb square has N = 2^17 and needs 5 MiB (5,242,880 bytes); a
 * 108,000-limb one has N = 2^18 and needs 10 MiB. A 54,000 x 54,000 product
 * needs 6 MiB and 108,000 x 108,000 12 MiB.
 */
#ifndef FIBDRV_NTT_H
#define FIBDRV_NTT_H

#include "radix.h"

/* Limbs of scratch rx_mul_ntt() needs for a product of an x bn limbs. */
size_t ntt_mul_scratch(size_t an, size_t bn);

/*
 * r[0..an+bn) = a[0..an) * b[0..bn), an >= bn >= 1, in radix rx: only the
 * carries after the Chinese remainder theorem differ. When a == b and
 * an == bn it squares, with the speed of rx_sqr_ntt().
 */
int rx_mul_ntt(enum radix rx, limb_t *r, const limb_t *a, size_t an,
	       const limb_t *b, size_t bn, limb_t *tmp);

/* Limbs of scratch rx_sqr_ntt() needs for an n-limb operand. */
size_t ntt_sqr_scratch(size_t n);

/* r[0..2n) = a[0..n)^2, n >= 1: one forward transform per prime. */
int rx_sqr_ntt(enum radix rx, limb_t *r, const limb_t *a, size_t n,
	       limb_t *tmp);

#endif /* FIBDRV_NTT_H */
