// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Linear-time and schoolbook arithmetic on limb arrays: the contracts are
 * in bn.h.
 */
#include "bn.h"

/*
 * Rows of a long product between two looks at port_interrupted(), which
 * also lets the scheduler in: at 10^5 limbs, 64 rows take milliseconds.
 * Even, as the products count their rows in pairs.
 */
#define BN_ROWS_PER_CHECK 64

/*
 * Eight limbs at a time: the compilers keep the carry in the flags within
 * these but save and restore it around each loop iteration.
 */
static inline unsigned char bn_add_8(unsigned char c, limb_t *r,
				     const limb_t *a, const limb_t *b)
{
	c = limb_adc(c, a[0], b[0], &r[0]);
	c = limb_adc(c, a[1], b[1], &r[1]);
	c = limb_adc(c, a[2], b[2], &r[2]);
	c = limb_adc(c, a[3], b[3], &r[3]);
	c = limb_adc(c, a[4], b[4], &r[4]);
	c = limb_adc(c, a[5], b[5], &r[5]);
	c = limb_adc(c, a[6], b[6], &r[6]);
	return limb_adc(c, a[7], b[7], &r[7]);
}

static inline unsigned char bn_sub_8(unsigned char c, limb_t *r,
				     const limb_t *a, const limb_t *b)
{
	c = limb_sbb(c, a[0], b[0], &r[0]);
	c = limb_sbb(c, a[1], b[1], &r[1]);
	c = limb_sbb(c, a[2], b[2], &r[2]);
	c = limb_sbb(c, a[3], b[3], &r[3]);
	c = limb_sbb(c, a[4], b[4], &r[4]);
	c = limb_sbb(c, a[5], b[5], &r[5]);
	c = limb_sbb(c, a[6], b[6], &r[6]);
	return limb_sbb(c, a[7], b[7], &r[7]);
}

limb_t bn_add_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n)
{
	unsigned char c = 0;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8)
		c = bn_add_8(c, r + i, a + i, b + i);
	for (; i < n; i++)
		c = limb_adc(c, a[i], b[i], &r[i]);
	return c;
}

limb_t bn_sub_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n)
{
	unsigned char c = 0;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8)
		c = bn_sub_8(c, r + i, a + i, b + i);
	for (; i < n; i++)
		c = limb_sbb(c, a[i], b[i], &r[i]);
	return c;
}

/*
 * The carry out of a[i..an) into r, usually absorbed within a limb or
 * two; then the rest of a is copied unless it is already in place.
 */
limb_t bn_add(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn)
{
	limb_t carry;
	size_t i = bn;

	port_assert(an >= bn);
	carry = bn_add_n(r, a, b, bn);

	for (; carry && i < an; i++) {
		r[i] = a[i] + 1;
		carry = !r[i];
	}
	if (r != a && i < an)
		memcpy(r + i, a + i, (an - i) * sizeof(*r));
	return carry;
}

limb_t bn_sub(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn)
{
	limb_t borrow;
	size_t i = bn;

	port_assert(an >= bn);
	borrow = bn_sub_n(r, a, b, bn);

	for (; borrow && i < an; i++) {
		borrow = !a[i];
		r[i] = a[i] - 1;
	}
	if (r != a && i < an)
		memcpy(r + i, a + i, (an - i) * sizeof(*r));
	return borrow;
}

limb_t bn_lshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt)
{
	limb_t out = 0;
	size_t i;

	port_assert(cnt >= 1 && cnt < LIMB_BITS);
	/* From the top down, so that r == a reads each limb before it changes. */
	if (n) {
		out = a[n - 1] >> (LIMB_BITS - cnt);
		for (i = n - 1; i > 0; i--)
			r[i] = (a[i] << cnt) | (a[i - 1] >> (LIMB_BITS - cnt));
		r[0] = a[0] << cnt;
	}
	return out;
}

#ifdef __SIZEOF_INT128__
/*
 * Returns the low limb of a * b + x + y and stores the high one in *hi; it
 * cannot overflow. y is added last: when it is the carry of a loop, the
 * loop's dependency chain is one add and one add-with-carry long.
 */
static inline limb_t bn_muladd2(limb_t a, limb_t b, limb_t x, limb_t y,
				limb_t *hi)
{
	unsigned __int128 p = (unsigned __int128)a * b + x;

	p += y;
	*hi = (limb_t)(p >> LIMB_BITS);
	return (limb_t)p;
}
#else
static inline limb_t bn_muladd2(limb_t a, limb_t b, limb_t x, limb_t y,
				limb_t *hi)
{
	limb_t h, lo = limb_mul(a, b, &h);

	lo += x;
	h += lo < x;
	lo += y;
	*hi = h + (lo < y);
	return lo;
}
#endif

limb_t bn_mul_1(limb_t *r, const limb_t *a, size_t n, limb_t b)
{
	limb_t carry = 0;
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = bn_muladd2(a[i], b, 0, carry, &carry);
	return carry;
}

limb_t bn_addmul_1(limb_t *r, const limb_t *a, size_t n, limb_t b)
{
	limb_t carry = 0;
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = bn_muladd2(a[i], b, r[i], carry, &carry);
	return carry;
}

/*
 * r[0..n + 1) = r[0..n) + a[0..n) * (b[0] + b[1] 2^64), or without
 * r[0..n) when !add; returns the limb at n + 1. Two rows at once read and
 * write r half as often as two bn_addmul_1() calls. The two products of
 * a[i] and r[i] are summed before the carries come in, so that the loop's
 * dependency chain is an add and two adds-with-carry long, shorter than
 * with the carries added into the products (docs/tuning.md). Inlined with
 * add constant, it is two loops.
 */
static inline limb_t bn_rows_2(limb_t *r, const limb_t *a, size_t n,
			       const limb_t *b, bool add)
{
	limb_t b0 = b[0], b1 = b[1], c0 = 0, c1 = 0, lo0, hi0, lo1, hi1, s;
	const limb_t *end = a + n;
	unsigned char cf;

	/* (c1, c0) is the carry into the two columns after the last. */
	for (; a < end; a++, r++) {
		lo0 = bn_muladd2(*a, b0, add ? *r : 0, 0, &hi0);
		lo1 = bn_muladd2(*a, b1, hi0, 0, &hi1);
		cf = limb_adc(0, lo0, c0, &s);
		*r = s;
		cf = limb_adc(cf, lo1, c1, &s);
		c0 = s;
		c1 = hi1 + cf;
	}
	*r = c0;
	return c1;
}

static limb_t bn_addmul_2(limb_t *r, const limb_t *a, size_t n,
			  const limb_t *b)
{
	return bn_rows_2(r, a, n, b, true);
}

/* Rows in pairs, the first one alone if bn is odd. */
int bn_mul_basecase(limb_t *r, const limb_t *a, size_t an,
		    const limb_t *b, size_t bn)
{
	size_t i;

	port_assert(an >= bn && bn >= 1);
	port_assert(bn_apart(r, an + bn, a, an) &&
		    bn_apart(r, an + bn, b, bn));
	if (bn % 2) {
		r[an] = bn_mul_1(r, a, an, b[0]);
		i = 1;
	} else {
		r[an + 1] = bn_rows_2(r, a, an, b, false);
		i = 2;
	}
	for (; i + 1 < bn; i += 2) {
		r[an + i + 1] = bn_addmul_2(r + i, a, an, b + i);
		/* once per BN_ROWS_PER_CHECK rows, i odd or even */
		if ((i + 2) % BN_ROWS_PER_CHECK < 2 && port_interrupted())
			return -EINTR;
	}
	return 0;
}

/*
 * Rows in pairs as in bn_mul_basecase(), each cut at column n - 1: rows i
 * and i + 1 take a[0..m), m = n - 1 - i, which leaves row i's last product
 * a[m] b[i] to add apart. bn_addmul_2() writes column n - 1 rather than
 * adding to it, so what the rows before left there is added back.
 */
int bn_mullo_basecase(limb_t *r, const limb_t *a, const limb_t *b,
		      size_t n)
{
	limb_t kept;
	size_t i, m;

	bn_mul_1(r, a, n, b[0]);
	for (i = 1; i + 1 < n; i += 2) {
		m = n - 1 - i;
		kept = r[n - 1];
		bn_addmul_2(r + i, a, m, b + i);
		r[n - 1] += kept + a[m] * b[i];
		if (i % BN_ROWS_PER_CHECK == BN_ROWS_PER_CHECK - 1 &&
		    port_interrupted())
			return -EINTR;
	}
	if (i < n)
		bn_addmul_1(r + i, a, n - i, b[i]);
	return 0;
}

/*
 * Only the products a[i] b[j] with i + j >= n - 1, in r[0..n] from column
 * n - 1 up: rows j and j + 1 in pairs, on a[n - 1 - j..n), which leaves
 * row j + 1's first product a[n - 2 - j] b[j + 1] to add apart, at r[0].
 * bn_addmul_2() writes the two columns above its rows, which no row
 * before reached. The sum of the rows so far fits the columns they
 * reach, so that product's carry stops within them.
 */
int bn_mulhi_basecase(limb_t *r, const limb_t *a, const limb_t *b,
		      size_t n)
{
	limb_t p[2];
	size_t j;

	r[0] = 0;
	for (j = 0; j + 1 < n; j += 2) {
		r[j + 2] = bn_addmul_2(r, a + n - 1 - j, j + 1, b + j);
		p[0] = limb_mul(a[n - 2 - j], b[j + 1], &p[1]);
		bn_add(r, r, j + 3, p, 2);
		if ((j + 2) % BN_ROWS_PER_CHECK == 0 && port_interrupted())
			return -EINTR;
	}
	if (j < n)
		r[n] = bn_addmul_1(r, a, n, b[n - 1]);
	return 0;
}

/*
 * r[0..2n) = 2 r[0..2n) + the squares of a[0..n), each a[i]^2 added at
 * r[2i]: the doubling and the diagonal in one pass over r.
 */
static void bn_double_add_diagonal(limb_t *r, const limb_t *a, size_t n)
{
	limb_t out = 0, x0, x1, lo, hi;
	unsigned char c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		x0 = r[2 * i];
		x1 = r[2 * i + 1];
		lo = limb_mul(a[i], a[i], &hi);
		/* The doubling shifts one bit from each limb into the next. */
		x1 = (x1 << 1) | (x0 >> (LIMB_BITS - 1));
		x0 = (x0 << 1) | out;
		out = r[2 * i + 1] >> (LIMB_BITS - 1);
		c = limb_adc(c, x0, lo, &r[2 * i]);
		c = limb_adc(c, x1, hi, &r[2 * i + 1]);
	}
}

/*
 * r[0..n) += hi * 2^64 + lo with n >= 2; returns the carry out. hi is the
 * high limb of a product, at most 2^64 - 2, so hi + 1 does not wrap.
 */
static limb_t bn_add_2limbs(limb_t *r, size_t n, limb_t lo, limb_t hi)
{
	limb_t c;
	size_t i;

	r[0] += lo;
	hi += r[0] < lo;
	r[1] += hi;
	c = r[1] < hi;
	for (i = 2; c && i < n; i++)
		c = !++r[i];
	return c;
}

/*
 * Each cross product a[i] * a[j] (i < j) is computed once, the sum is
 * doubled, and the squares a[i]^2 are added: about half the work of
 * bn_mul_basecase(a, a). The cross products go two rows at a time like
 * bn_mul_basecase()'s, but rows i and i + 1 overlap only from a[i + 2]
 * on: their first product a[i] * a[i + 1] is added on its own.
 */
int bn_sqr_basecase(limb_t *r, const limb_t *a, size_t n)
{
	limb_t lo, hi, c;
	size_t i;

	port_assert(n >= 1 && bn_apart(r, 2 * n, a, n));
	r[0] = 0;
	r[2 * n - 1] = 0;
	if (n == 1) {
		r[1] = 0;
		bn_double_add_diagonal(r, a, n);
		return 0;
	}
	r[n] = bn_mul_1(r + 1, a + 1, n - 1, a[0]);
	for (i = 1; i + 2 < n; i += 2) {
		/* r[2i + 1..n + i) holds the rows so far. */
		lo = limb_mul(a[i], a[i + 1], &hi);
		c = bn_add_2limbs(r + 2 * i + 1, n - i - 1, lo, hi);
		r[n + i + 1] = bn_addmul_2(r + 2 * i + 2, a + i + 2,
					   n - i - 2, a + i);
		r[n + i] += c;
		r[n + i + 1] += r[n + i] < c;
		if (i % BN_ROWS_PER_CHECK == BN_ROWS_PER_CHECK - 1 &&
		    port_interrupted())
			return -EINTR;
	}
	if (i + 1 < n)
		r[n + i] = bn_addmul_1(r + 2 * i + 1, a + i + 1, n - i - 1,
				       a[i]);
	bn_double_add_diagonal(r, a, n);
	return 0;
}

/*
 * By restoring binary division: computed once per call of its users, so
 * speed does not matter and no 128-by-64-bit division instruction or
 * library call is needed.
 */
limb_t limb_reciprocal(limb_t d)
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

limb_t bn_divrem_1(limb_t *q, const limb_t *a, size_t n, limb_t d)
{
	limb_t v = limb_reciprocal(d), rem = 0;
	size_t i;

	for (i = n; i > 0; i--)
		q[i - 1] = limb_div_preinv(rem, a[i - 1], d, v, &rem);
	return rem;
}

limb_t bn_rshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt)
{
	limb_t out;
	size_t i;

	port_assert(cnt >= 1 && cnt < LIMB_BITS);
	if (!n)
		return 0;
	out = a[0] << (LIMB_BITS - cnt);
	for (i = 0; i + 1 < n; i++)
		r[i] = (a[i] >> cnt) | (a[i + 1] << (LIMB_BITS - cnt));
	r[n - 1] = a[n - 1] >> cnt;
	return out;
}

/* The inverse of 3 modulo 2^64, and the limbs q where 3q wraps once, twice. */
#define BN_INV3 0xaaaaaaaaaaaaaaabULL
#define BN_THIRD 0x5555555555555556ULL
#define BN_TWO_THIRDS 0xaaaaaaaaaaaaaaabULL

/*
 * For d = 3, each quotient limb is the running difference times the
 * inverse of 3, and 3 q's high limb (0, 1 or 2, read off q's size) is what
 * the next limb must give up: no product.
 */
static void bn_divexact_3(limb_t *a, size_t n)
{
	limb_t borrow = 0, x, q;
	size_t i;

	for (i = 0; i < n; i++) {
		x = a[i] - borrow;
		borrow = a[i] < borrow;
		q = x * BN_INV3;
		a[i] = q;
		borrow += (q >= BN_THIRD) + (q >= BN_TWO_THIRDS);
	}
}

/*
 * As above, but the high limb of q d, what the next limb gives up, comes
 * from a product.
 */
void bn_divexact_1(limb_t *a, size_t n, limb_t d)
{
	limb_t inv = limb_inverse_2adic(d), borrow = 0, x, q, hi;
	size_t i;

	if (d == 3) {
		bn_divexact_3(a, n);
		return;
	}
	for (i = 0; i < n; i++) {
		x = a[i] - borrow;
		borrow = a[i] < borrow;
		q = x * inv;
		a[i] = q;
		limb_mul(q, d, &hi);
		borrow += hi;
	}
}
