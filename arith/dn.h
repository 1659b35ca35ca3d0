/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Natural numbers as little-endian arrays of limbs in radix B = 10^19: each
 * limb holds 19 decimal digits and is below 10^19, so printing a number is
 * linear (dec_from_dn()) where radix 2^64 needs a conversion. These are the
 * leaves of that radix, as bn.h has those of radix 2^64: linear-time
 * operations and schoolbook products, on caller-provided memory, never
 * allocating. The methods above them are written once for both radices
 * (radix.h).
 *
 * Sizes are in limbs. Every input limb must be below B, and every output
 * limb is. Unless a comment says otherwise, an output must not overlap an
 * input; where aliasing is allowed it means the very same pointer.
 */
#ifndef FIBDRV_DN_H
#define FIBDRV_DN_H

#include "bn.h"

#define DN_DIGITS 19
#define DN_BASE 10000000000000000000ULL	/* 10^19, top bit set */
/* floor((2^128 - 1) / 10^19) - 2^64, for limb_div_preinv() by 10^19 */
#define DN_BASE_INV 0xd83c94fb6d2ac34aULL

/* hi:lo / 10^19 for hi < 10^19: the quotient, the remainder in *rem. */
static inline limb_t dn_div_step(limb_t hi, limb_t lo, limb_t *rem)
{
	return limb_div_preinv(hi, lo, DN_BASE, DN_BASE_INV, rem);
}

/*
 * Limb k of a product in radix 10^19 from the sum s[0..3) of its column k
 * (in binary, s[2] < 10^19) and the carry from the columns below,
 * carry[0..2) (in binary, carry[1] < 2^64 - 10^19), which becomes the
 * carry to column k + 1. A column of c products below 10^38 leaves a
 * carry below (c + 1) 10^19, so carry[1] stays below c + 1. Schoolbook
 * products and the transforms' carries both end their columns here. The
 * high part of s is divided first: only the last of the two division
 * steps waits for the carry.
 */
static inline limb_t dn_column_end(limb_t *carry, const limb_t *s)
{
	limb_t rem, hi, lo = s[0] + carry[0], mid, out, over;

	/* Columns of up to three products have no third limb. */
	if (s[2]) {
		hi = dn_div_step(s[2], s[1], &rem);
	} else {
		hi = s[1] >= DN_BASE;
		rem = s[1] - (DN_BASE & -hi);
	}

	mid = rem + carry[1] + (lo < s[0]);
	over = mid >= DN_BASE;
	mid -= DN_BASE & -over;
	carry[1] = hi + over;
	carry[0] = dn_div_step(mid, lo, &out);
	return out;
}

/* r[0..n) = a[0..n) + b[0..n); returns the carry (0 or 1). r may be a or b. */
limb_t dn_add_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n);

/*
 * r[0..an) = a[0..an) + b[0..bn) with an >= bn; returns the carry.
 * r may be a or b.
 */
limb_t dn_add(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn);

/* r[0..n) = a[0..n) - b[0..n); returns the borrow (0 or 1). r may be a or b. */
limb_t dn_sub_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n);

/*
 * r[0..an) = a[0..an) - b[0..bn) with an >= bn; returns the borrow.
 * r may be a or b.
 */
limb_t dn_sub(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn);

/*
 * r[0..n) = a[0..n) * m mod B^n for m < B; returns floor(a m / B^n), the
 * limb above. r may be a.
 */
limb_t dn_mul_1(limb_t *r, const limb_t *a, size_t n, limb_t m);

/*
 * r[0..n) = a[0..n) 2^cnt mod B^n for 1 <= cnt <= 19; returns the limb
 * above, below 2^cnt. Cheaper than dn_mul_1(): no division step. r may
 * be a.
 */
limb_t dn_lshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt);

/*
 * r[0..n) = floor(a[0..n) / 2^cnt) for 1 <= cnt <= 19, as B = 2^19 5^19:
 * each limb takes its share of the one above it, with no carry from limb
 * to limb. Returns a mod 2^cnt. r may be a.
 */
limb_t dn_rshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt);

/*
 * q[0..n) = floor(a[0..n) / d) for 1 <= d < 2^32; returns a mod d. From
 * the top, by multiplying with a reciprocal of d: no division
 * instruction in the loop. q may be a.
 */
limb_t dn_divrem_1(limb_t *q, const limb_t *a, size_t n, limb_t d);

/*
 * Schoolbook product r[0..an+bn) = a[0..an) * b[0..bn) with an >= bn >= 1,
 * by columns: the products of each column are summed in three binary limbs
 * and the sum, with the carry from the column below, gives one limb of r
 * through dn_column_end(). r must not overlap a or b. Returns 0, or -EINTR
 * when it gave up half-way on port_interrupted(), leaving r unspecified.
 */
int dn_mul_basecase(limb_t *r, const limb_t *a, size_t an,
		    const limb_t *b, size_t bn);

/*
 * Schoolbook square r[0..2n) = a[0..n)^2 with n >= 1: each column's cross
 * products once, doubled, and its square. r must not overlap a. Returns 0
 * or -EINTR, as dn_mul_basecase() does.
 */
int dn_sqr_basecase(limb_t *r, const limb_t *a, size_t n);

/*
 * r[0..3) = hi 2^64 + lo in radix 10^19; returns its size (0 to 3, as
 * 2^128 < B^3).
 */
size_t dn_from_u128(limb_t *r, limb_t lo, limb_t hi);

#endif /* FIBDRV_DN_H */
