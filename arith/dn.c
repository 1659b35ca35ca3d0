// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Linear-time and schoolbook arithmetic in radix 10^19: the contracts are
 * in dn.h.
 */
#include "dn.h"

/* Columns of a long product between two looks at port_interrupted(). */
#define DN_COLUMNS_PER_CHECK 64

/*
 * 2^64 - 10^19. a + DN_COMPLEMENT < 2^64 for every limb a, and it carries
 * out of a binary addition of b + c exactly when a + b + c >= 10^19: the
 * addition is a chain of binary adds-with-carry, one cycle a limb, and
 * where it did not carry the limb takes DN_COMPLEMENT back. A binary
 * subtraction borrows exactly when the decimal one does, and a limb that
 * borrowed wrapped by 2^64 where 10^19 was meant: DN_COMPLEMENT off.
 */
#define DN_COMPLEMENT (0 - DN_BASE)

static inline unsigned char dn_adc(unsigned char c, limb_t a, limb_t b,
				   limb_t *r)
{
	limb_t s = a + DN_COMPLEMENT + b, carry = s < b;

	s += c;
	carry |= s < c;
	*r = s - (DN_COMPLEMENT & (carry - 1));
	return carry;
}

static inline unsigned char dn_sbb(unsigned char c, limb_t a, limb_t b,
				   limb_t *r)
{
	limb_t d = a - b, borrow = a < b;

	borrow |= d < c;
	d -= c;
	*r = d - (DN_COMPLEMENT & -borrow);
	return borrow;
}

limb_t dn_add_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n)
{
	unsigned char c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c = dn_adc(c, a[i], b[i], &r[i]);
	return c;
}

limb_t dn_sub_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n)
{
	unsigned char c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c = dn_sbb(c, a[i], b[i], &r[i]);
	return c;
}

/*
 * r[i..an) = a[i..an) unless r is a: the limbs above an addition's or a
 * subtraction's carry, few in their callers, where a loop costs less
 * than memcpy()'s call.
 */
static inline void dn_copy_tail(limb_t *r, const limb_t *a, size_t i,
				size_t an)
{
	if (r != a)
		for (; i < an; i++)
			r[i] = a[i];
}

/* As bn_add(): the carry runs through a's limbs of B - 1, then a copy. */
limb_t dn_add(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn)
{
	limb_t carry;
	size_t i = bn;

	port_assert(an >= bn);
	carry = dn_add_n(r, a, b, bn);

	for (; carry && i < an; i++) {
		carry = a[i] == DN_BASE - 1;
		r[i] = carry ? 0 : a[i] + 1;
	}
	dn_copy_tail(r, a, i, an);
	return carry;
}

limb_t dn_sub(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn)
{
	limb_t borrow;
	size_t i = bn;

	port_assert(an >= bn);
	borrow = dn_sub_n(r, a, b, bn);

	for (; borrow && i < an; i++) {
		borrow = !a[i];
		r[i] = borrow ? DN_BASE - 1 : a[i] - 1;
	}
	dn_copy_tail(r, a, i, an);
	return borrow;
}

/*
 * Each limb's product is split by B on its own, and its high part added
 * to the next limb's low one: the divisions do not wait for each other,
 * and the carry between limbs is one bit.
 */
limb_t dn_mul_1(limb_t *r, const limb_t *a, size_t n, limb_t m)
{
	limb_t up = 0, hi, lo, rem;
	unsigned char c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		lo = limb_mul(a[i], m, &hi);
		lo = dn_div_step(hi, lo, &rem);
		c = dn_adc(c, rem, up, &r[i]);
		up = lo;
	}
	return up + c;
}

/*
 * a 2^cnt = q B + ((a - q D) << cnt) with D = B / 2^cnt and q = floor(a / D)
 * < 2^cnt: each limb's q, from a product with a reciprocal of D and one
 * correction, goes up to the next limb, whose low cnt bits are free for
 * it, so no limb carries.
 */
limb_t dn_lshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt)
{
	const limb_t d = DN_BASE >> cnt, m = ~(limb_t)0 / d + 1;
	limb_t up = 0, q, rem, mask;
	size_t i;

	for (i = 0; i < n; i++) {
		limb_mul(a[i], m, &q);
		rem = a[i] - q * d;
		/* q is at most one too large, on no pattern: then rem wrapped. */
		mask = -(limb_t)(rem > a[i]);
		q += mask;
		rem += d & mask;
		r[i] = (rem << cnt) + up;
		up = q;
	}
	return up;
}

limb_t dn_rshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt)
{
	const limb_t mask = ((limb_t)1 << cnt) - 1, share = DN_BASE >> cnt;
	limb_t out;
	size_t i;

	if (!n)
		return 0;
	out = a[0] & mask;
	for (i = 0; i + 1 < n; i++)
		r[i] = (a[i] >> cnt) + (a[i + 1] & mask) * share;
	r[n - 1] = a[n - 1] >> cnt;
	return out;
}

/*
 * Each step divides rem B + a[i] < d B by d, shifted so that d's top bit
 * is set, as limb_div_preinv() needs: d < 2^32, so the shift is 32 or more.
 */
limb_t dn_divrem_1(limb_t *q, const limb_t *a, size_t n, limb_t d)
{
	unsigned int s = LIMB_BITS - limb_bits(d);
	limb_t dn = d << s, v = limb_reciprocal(dn), rem = 0, hi, lo;
	size_t i;

	for (i = n; i > 0; i--) {
		lo = limb_mul(rem, DN_BASE, &hi);
		lo += a[i - 1];
		hi += lo < a[i - 1];
		hi = hi << s | lo >> (LIMB_BITS - s);
		q[i - 1] = limb_div_preinv(hi, lo << s, dn, v, &rem);
		rem >>= s;
	}
	return rem;
}

/* s[0..3) += x * y in binary: a column sum's three limbs. */
static inline void dn_column_add(limb_t *s, limb_t x, limb_t y)
{
	limb_t hi, lo = limb_mul(x, y, &hi);

	s[0] += lo;
	/* The high limb of a product is at most 2^64 - 2. */
	hi += s[0] < lo;
	s[1] += hi;
	s[2] += s[1] < hi;
}

/*
 * s[0..3) = the sum of x[-j] y[j] for j < cnt, the products of a column.
 * Each is below 10^38, so three of them sum below 2^128 with no carry,
 * which then comes once for the three.
 */
#ifdef __SIZEOF_INT128__
static inline void dn_column(limb_t *s, const limb_t *x, const limb_t *y,
			     size_t cnt)
{
	unsigned __int128 sum = 0, t;
	limb_t top = 0;
	size_t j;

	for (j = 0; j + 3 <= cnt; j += 3) {
		t = (unsigned __int128)x[-(ptrdiff_t)j] * y[j] +
		    (unsigned __int128)x[-(ptrdiff_t)j - 1] * y[j + 1] +
		    (unsigned __int128)x[-(ptrdiff_t)j - 2] * y[j + 2];
		sum += t;
		top += sum < t;
	}
	for (; j < cnt; j++) {
		t = (unsigned __int128)x[-(ptrdiff_t)j] * y[j];
		sum += t;
		top += sum < t;
	}
	s[0] = (limb_t)sum;
	s[1] = (limb_t)(sum >> LIMB_BITS);
	s[2] = top;
}
#else
static inline void dn_column(limb_t *s, const limb_t *x, const limb_t *y,
			     size_t cnt)
{
	size_t j;

	s[0] = 0;
	s[1] = 0;
	s[2] = 0;
	for (j = 0; j < cnt; j++)
		dn_column_add(s, x[-(ptrdiff_t)j], y[j]);
}
#endif

/* Columns k with k % DN_COLUMNS_PER_CHECK == 0 look at port_interrupted(). */
static inline bool dn_column_check(size_t k)
{
	return k % DN_COLUMNS_PER_CHECK == DN_COLUMNS_PER_CHECK - 1 &&
	       port_interrupted();
}

/*
 * Column k sums a[k - j] b[j] for lo <= j <= hi; the last limb of r is
 * the carry the top column leaves.
 */
int dn_mul_basecase(limb_t *r, const limb_t *a, size_t an,
		    const limb_t *b, size_t bn)
{
	limb_t carry[2] = { 0, 0 }, s[3];
	size_t k, lo, hi;

	port_assert(an >= bn && bn >= 1);
	port_assert(bn_apart(r, an + bn, a, an) &&
		    bn_apart(r, an + bn, b, bn));
	for (k = 0; k + 1 < an + bn; k++) {
		lo = k < an ? 0 : k - an + 1;
		hi = k < bn ? k : bn - 1;
		dn_column(s, a + k - lo, b + lo, hi + 1 - lo);
		r[k] = dn_column_end(carry, s);
		if (dn_column_check(k))
			return -EINTR;
	}
	r[an + bn - 1] = carry[0];
	return 0;
}

/* Column k: a[i] a[k - i] for lo <= i < k - i, doubled, and a[k / 2]^2. */
int dn_sqr_basecase(limb_t *r, const limb_t *a, size_t n)
{
	limb_t carry[2] = { 0, 0 }, s[3];
	size_t k, lo;

	port_assert(n >= 1 && bn_apart(r, 2 * n, a, n));
	for (k = 0; k + 1 < 2 * n; k++) {
		lo = k < n ? 0 : k - n + 1;
		dn_column(s, a + k - lo, a + lo, (k + 1) / 2 - lo);
		s[2] = s[2] << 1 | s[1] >> (LIMB_BITS - 1);
		s[1] = s[1] << 1 | s[0] >> (LIMB_BITS - 1);
		s[0] <<= 1;
		if (k % 2 == 0)
			dn_column_add(s, a[k / 2], a[k / 2]);
		r[k] = dn_column_end(carry, s);
		if (dn_column_check(k))
			return -EINTR;
	}
	r[2 * n - 1] = carry[0];
	return 0;
}

/*
 * hi 2^64 + lo = (top B + h) 2^64 + lo with top = 0 or 1, as 2^64 < 2B:
 * one division step gives r[0], and the quotient top 2^64 + q is below
 * 2B unless top is set.
 */
size_t dn_from_u128(limb_t *r, limb_t lo, limb_t hi)
{
	limb_t top = hi >= DN_BASE, h = hi - (DN_BASE & -top), q;

	q = dn_div_step(h, lo, &r[0]);
	if (top) {
		r[2] = dn_div_step(top, q, &r[1]);
	} else {
		r[2] = q >= DN_BASE;
		r[1] = q - (DN_BASE & -r[2]);
	}
	return bn_normalized_size(r, 3);
}
