/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The two radices of limb arrays: B = 2^64 (bn.h) and B = 10^19 (dn.h).
 *
 * The methods above the leaves are written once, for both: Karatsuba,
 * Toom-3 and Toom-4 (mul.c), the transforms (ntt.c) and fast doubling
 * (fib.c) take the radix as their first argument and reach the leaves
 * only through the functions below, each of which picks its radix's leaf.
 * Their only other difference is the carry step after the transforms'
 * Chinese remaindering (rx_column_end()). Every value those methods form
 * is the same integer in both radices, and its limb count fits both, as
 * B^n in radix 10^19 is still far above any constant factor they apply.
 *
 * The contracts are those of the bn_* functions in bn.h: rx_lshift() and
 * rx_rshift() multiply and divide by 2^cnt, 1 <= cnt <= 19, and
 * rx_divexact_1() takes the odd divisors 3 and 45 of the Toom
 * interpolations (any odd d < 2^32 that divides a).
 */
#ifndef FIBDRV_RADIX_H
#define FIBDRV_RADIX_H

#include "bn.h"
#include "dn.h"

enum radix {
	RADIX_BIN,	/* B = 2^64 */
	RADIX_DEC,	/* B = 10^19 */
	RADIX_COUNT,
};

static inline limb_t rx_add_n(enum radix rx, limb_t *r, const limb_t *a,
			      const limb_t *b, size_t n)
{
	return rx == RADIX_DEC ? dn_add_n(r, a, b, n) : bn_add_n(r, a, b, n);
}

static inline limb_t rx_add(enum radix rx, limb_t *r, const limb_t *a,
			    size_t an, const limb_t *b, size_t bn)
{
	return rx == RADIX_DEC ? dn_add(r, a, an, b, bn) :
				 bn_add(r, a, an, b, bn);
}

static inline limb_t rx_sub_n(enum radix rx, limb_t *r, const limb_t *a,
			      const limb_t *b, size_t n)
{
	return rx == RADIX_DEC ? dn_sub_n(r, a, b, n) : bn_sub_n(r, a, b, n);
}

static inline limb_t rx_sub(enum radix rx, limb_t *r, const limb_t *a,
			    size_t an, const limb_t *b, size_t bn)
{
	return rx == RADIX_DEC ? dn_sub(r, a, an, b, bn) :
				 bn_sub(r, a, an, b, bn);
}

/* r[0..n) = a 2^cnt mod B^n; returns floor(a 2^cnt / B^n). r may be a. */
static inline limb_t rx_lshift(enum radix rx, limb_t *r, const limb_t *a,
			       size_t n, unsigned int cnt)
{
	return rx == RADIX_DEC ? dn_lshift(r, a, n, cnt) :
				 bn_lshift(r, a, n, cnt);
}

/* r[0..n) = floor(a / 2^cnt). r may be a. */
static inline void rx_rshift(enum radix rx, limb_t *r, const limb_t *a,
			     size_t n, unsigned int cnt)
{
	if (rx == RADIX_DEC)
		dn_rshift(r, a, n, cnt);
	else
		bn_rshift(r, a, n, cnt);
}

/* r[0..n) = a m mod B^n for m < 2^32; returns the limb above. r may be a. */
static inline limb_t rx_mul_1(enum radix rx, limb_t *r, const limb_t *a,
			      size_t n, limb_t m)
{
	return rx == RADIX_DEC ? dn_mul_1(r, a, n, m) : bn_mul_1(r, a, n, m);
}

/* a[0..n) /= d in place, for an odd d < 2^32 that divides a. */
static inline void rx_divexact_1(enum radix rx, limb_t *a, size_t n,
				 limb_t d)
{
	if (rx == RADIX_DEC)
		dn_divrem_1(a, a, n, d);
	else
		bn_divexact_1(a, n, d);
}

static inline int rx_mul_basecase(enum radix rx, limb_t *r, const limb_t *a,
				  size_t an, const limb_t *b, size_t bn)
{
	return rx == RADIX_DEC ? dn_mul_basecase(r, a, an, b, bn) :
				 bn_mul_basecase(r, a, an, b, bn);
}

static inline int rx_sqr_basecase(enum radix rx, limb_t *r, const limb_t *a,
				  size_t n)
{
	return rx == RADIX_DEC ? dn_sqr_basecase(r, a, n) :
				 bn_sqr_basecase(r, a, n);
}

/*
 * Limb k of a product from the sum s[0..3) of its column k (in binary) and
 * the carry from the columns below, carry[0..2), which becomes the carry
 * to column k + 1: in radix 2^64 the low limb of their sum, in radix 10^19
 * as dn_column_end() says.
 */
static inline limb_t rx_column_end(enum radix rx, limb_t *carry,
				   const limb_t *s)
{
	limb_t out, mid, c;

	if (rx == RADIX_DEC)
		return dn_column_end(carry, s);
	out = s[0] + carry[0];
	mid = s[1] + (out < s[0]);
	c = mid < s[1];
	mid += carry[1];
	c += mid < carry[1];
	carry[0] = mid;
	carry[1] = s[2] + c;
	return out;
}

#endif /* FIBDRV_RADIX_H */
