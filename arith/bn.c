// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Linear-time and schoolbook arithmetic on limb arrays: the contracts are in bn.h.
 */
#include "bn.h"

/*
 * Rows of a long product between two looks at port_interrupted(), which
 * also lets the scheduler in: at 10^5 limbs, 64 rows take milliseconds.
 */
#define BN_ROWS_PER_CHECK 64

limb_t bn_add_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n)
{
	limb_t carry = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		limb_t s = a[i] + carry;
		limb_t c = s < carry;

		r[i] = s + b[i];
		carry = c + (r[i] < s);
	}
	return carry;
}

limb_t bn_add(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn)
{
	limb_t carry = bn_add_n(r, a, b, bn);
	size_t i;

	for (i = bn; i < an; i++) {
		r[i] = a[i] + carry;
		carry = r[i] < carry;
	}
	return carry;
}

limb_t bn_sub_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n)
{
	limb_t borrow = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		limb_t x = a[i], y = b[i] + borrow;
		limb_t c = y < borrow;

		r[i] = x - y;
		borrow = c + (x < y);
	}
	return borrow;
}

limb_t bn_sub(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn)
{
	limb_t borrow = bn_sub_n(r, a, b, bn);
	size_t i;

	for (i = bn; i < an; i++) {
		limb_t x = a[i];

		r[i] = x - borrow;
		borrow = x < borrow;
	}
	return borrow;
}

limb_t bn_lshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt)
{
	limb_t out = 0;
	size_t i;

	/* From the top down, so that r == a reads each limb before it changes. */
	if (n) {
		out = a[n - 1] >> (LIMB_BITS - cnt);
		for (i = n - 1; i > 0; i--)
			r[i] = (a[i] << cnt) | (a[i - 1] >> (LIMB_BITS - cnt));
		r[0] = a[0] << cnt;
	}
	return out;
}

limb_t bn_mul_1(limb_t *r, const limb_t *a, size_t n, limb_t b)
{
	limb_t carry = 0, hi, lo;
	size_t i;

	for (i = 0; i < n; i++) {
		lo = limb_mul(a[i], b, &hi) + carry;
		carry = hi + (lo < carry);
		r[i] = lo;
	}
	return carry;
}

limb_t bn_addmul_1(limb_t *r, const limb_t *a, size_t n, limb_t b)
{
	limb_t carry = 0, hi, lo;
	size_t i;

	for (i = 0; i < n; i++) {
		lo = limb_mul(a[i], b, &hi) + carry;
		hi += lo < carry;
		r[i] += lo;
		carry = hi + (r[i] < lo);
	}
	return carry;
}

void bn_mul_basecase(limb_t *r, const limb_t *a, size_t an,
	    const limb_t *b, size_t bn)
{
	size_t i;

	r[an] = bn_mul_1(r, a, an, b[0]);
	for (i = 1; i < bn; i++) {
		r[an + i] = bn_addmul_1(r + i, a, an, b[i]);
		if (i % BN_ROWS_PER_CHECK == 0 && port_interrupted())
			return;
	}
}

/* r[0..2n) += the squares of a[0..n), each a[i]^2 added at r[2i]. */
static void bn_add_diagonal(limb_t *r, const limb_t *a, size_t n)
{
	limb_t carry = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		limb_t hi, lo = limb_mul(a[i], a[i], &hi);

		/*
		 * hi <= 2^64 - 2, and at most one of the two increments
		 * below happens (lo + carry wraps only to 0), so hi cannot
		 * wrap.
		 */
		lo += carry;
		hi += lo < carry;
		r[2 * i] += lo;
		hi += r[2 * i] < lo;
		r[2 * i + 1] += hi;
		carry = r[2 * i + 1] < hi;
	}
}

/*
 * Each cross product a[i] * a[j] (i < j) is computed once, the sum is
 * doubled, and the squares a[i]^2 are added: about half the work of
 * bn_mul_basecase(a, a).
 */
void bn_sqr_basecase(limb_t *r, const limb_t *a, size_t n)
{
	size_t i;

	r[0] = 0;
	r[2 * n - 1] = 0;
	if (n > 1) {
		r[n] = bn_mul_1(r + 1, a + 1, n - 1, a[0]);
		for (i = 1; i + 1 < n; i++) {
			r[n + i] = bn_addmul_1(r + 2 * i + 1, a + i + 1,
					       n - i - 1, a[i]);
			if (i % BN_ROWS_PER_CHECK == 0 && port_interrupted())
				return;
		}
		bn_lshift(r, r, 2 * n, 1);
	} else {
		r[1] = 0;
	}
	bn_add_diagonal(r, a, n);
}

/*
 * floor((2^128 - 1) / d) - 2^64 for a normalized d, by restoring binary
 * division: computed once per bn_divrem_1() call, so speed does not matter
 * and no 128-by-64-bit division instruction or library call is needed.
 */
static limb_t limb_reciprocal(limb_t d)
{
	limb_t rem = ~d, quot = 0;
	int bit;

	/* Divides (~d) * 2^64 + (2^64 - 1) by d; the quotient fits a limb. */
	for (bit = LIMB_BITS - 1; bit >= 0; bit--) {
		limb_t top = rem >> (LIMB_BITS - 1);

		rem = (rem << 1) | 1;
		quot <<= 1;
		if (top || rem >= d) {
			rem -= d;
			quot |= 1;
		}
	}
	return quot;
}

/*
 * Divides hi * 2^64 + lo by the normalized d, given v = limb_reciprocal(d)
 * and hi < d; returns the quotient and stores the remainder in *rem.
 * Algorithm 4 of Moeller and Granlund, "Improved division by invariant
 * integers" (IEEE Trans. Computers, 2011).
 */
static inline limb_t limb_div_preinv(limb_t hi, limb_t lo, limb_t d,
				     limb_t v, limb_t *rem)
{
	limb_t qh, ql = limb_mul(v, hi, &qh);
	limb_t r;

	ql += lo;
	qh += hi + 1 + (ql < lo);
	r = lo - qh * d;
	if (r > ql) {
		qh--;
		r += d;
	}
	if (unlikely(r >= d)) {
		qh++;
		r -= d;
	}
	*rem = r;
	return qh;
}

limb_t bn_divrem_1(limb_t *q, const limb_t *a, size_t n, limb_t d)
{
	limb_t v = limb_reciprocal(d), rem = 0;
	size_t i;

	for (i = n; i > 0; i--)
		q[i - 1] = limb_div_preinv(rem, a[i - 1], d, v, &rem);
	return rem;
}
