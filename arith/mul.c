// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Choosing the multiplication method by size, and the sub-quadratic
 * methods below the transforms: Karatsuba, Toom-3 and Toom-4, in either
 * radix (radix.h). The contracts are in mul.h.
 *
 * Every method splits its operands, evaluates, multiplies the pieces
 * through rx_mul() or rx_sqr() (so that each piece again gets the best
 * method for its size) and recombines. The pieces' products go to the
 * front of tmp and the recursion gets the rest, so that one scratch area,
 * sized once by the caller, serves the whole recursion.
 */
#include "mul.h"
#include "ntt.h"

/*
 * Products with at least this many limbs look at port_interrupted()
 * between their sub-products: a product of this size takes about a
 * millisecond, and each sub-product of it a fraction of that.
 */
#define MUL_CHECK_LIMBS 2000

/* Unbalanced products look after this much work (limbs squared). */
#define MUL_CHECK_WORK ((u64)MUL_CHECK_LIMBS * MUL_CHECK_LIMBS / 4)

/*
 * Whether a product gives up after a sub-product that returned *ret: on
 * its error, or, in a product large enough to check (MUL_CHECK_LIMBS), on
 * port_interrupted(), which small sub-products may never ask. *ret is
 * then the error to return.
 */
static bool mul_piece_failed(int *ret, bool check)
{
	if (!*ret && check && port_interrupted())
		*ret = -EINTR;
	return *ret;
}

/*
 * Scratch for any Karatsuba or Toom recursion whose larger operand has at
 * most n limbs, when no piece reaches the transforms. Karatsuba takes
 * 2 ceil(n/2) limbs and recurses on ceil(n/2); Toom-3 takes 6 ceil(n/3) + 6
 * and recurses on ceil(n/3) + 1; Toom-4 takes 10 ceil(n/4) + 10 and
 * recurses on ceil(n/4) + 1; an unbalanced product takes 2 bn limbs
 * with bn <= ceil(n/2). By induction 4n + 32 bits(n) covers them all: each
 * level adds at most 25 limbs to the linear part and removes a bit.
 */
static size_t mul_scratch_linear(size_t n)
{
	return 4 * n + 32 * limb_bits(n);
}

/*
 * Each radix's thresholds (mul.h), in limbs: products by the smaller
 * operand, except for the transform, which looks at an + bn.
 */
struct mul_thresholds {
	size_t mul_karatsuba, mul_toom3, mul_toom4, mul_ntt, mul_ntt_min;
	size_t sqr_karatsuba, sqr_toom3, sqr_toom4, sqr_ntt;
};

static const struct mul_thresholds mul_cutoffs[RADIX_COUNT] = {
	[RADIX_BIN] = {
		MUL_KARATSUBA_THRESHOLD, MUL_TOOM3_THRESHOLD,
		MUL_TOOM4_THRESHOLD, MUL_NTT_THRESHOLD, MUL_NTT_MIN_LIMBS,
		SQR_KARATSUBA_THRESHOLD, SQR_TOOM3_THRESHOLD,
		SQR_TOOM4_THRESHOLD, SQR_NTT_THRESHOLD,
	},
	[RADIX_DEC] = {
		DN_MUL_KARATSUBA_THRESHOLD, DN_MUL_TOOM3_THRESHOLD,
		DN_MUL_TOOM4_THRESHOLD, DN_MUL_NTT_THRESHOLD,
		DN_MUL_NTT_MIN_LIMBS, DN_SQR_KARATSUBA_THRESHOLD,
		DN_SQR_TOOM3_THRESHOLD, DN_SQR_TOOM4_THRESHOLD,
		DN_SQR_NTT_THRESHOLD,
	},
};

bool rx_mul_takes_ntt(enum radix rx, size_t an, size_t bn)
{
	const struct mul_thresholds *t = &mul_cutoffs[rx];

	return bn >= t->mul_ntt_min && an + bn >= t->mul_ntt;
}

static bool sqr_takes_ntt(enum radix rx, size_t n)
{
	return n >= mul_cutoffs[rx].sqr_ntt;
}

/* For the transforms, which may also be reached from rx_mul() on a = b. */
static size_t mul_scratch_ntt(enum radix rx, size_t an, size_t bn)
{
	size_t s = 0, t;

	if (rx_mul_takes_ntt(rx, an, bn))
		s = ntt_mul_scratch(an, bn);
	if (an == bn && sqr_takes_ntt(rx, an)) {
		t = ntt_sqr_scratch(an);
		if (t > s)
			s = t;
	}
	return s;
}

/* Schoolbook, which needs none, takes products and squares this small. */
static bool mul_is_basecase(enum radix rx, size_t an, size_t bn)
{
	const struct mul_thresholds *t = &mul_cutoffs[rx];

	return bn < t->mul_karatsuba && (an != bn || an < t->sqr_karatsuba);
}

size_t rx_mul_scratch(enum radix rx, size_t an, size_t bn)
{
	size_t s, t;

	if (mul_is_basecase(rx, an, bn))
		return 0;
	s = mul_scratch_linear(an);
	t = mul_scratch_ntt(rx, an, bn);
	return s > t ? s : t;
}

size_t rx_sqr_scratch(enum radix rx, size_t n)
{
	size_t s, t = 0;

	if (mul_is_basecase(rx, n, n))
		return 0;
	s = mul_scratch_linear(n);
	if (sqr_takes_ntt(rx, n))
		t = ntt_sqr_scratch(n);
	return s > t ? s : t;
}

size_t rx_mul_method_scratch(enum radix rx, size_t an)
{
	size_t s = 0;

	/* A piece of a direct call at any size may go to the transforms. */
	if (rx_mul_takes_ntt(rx, an, an) || sqr_takes_ntt(rx, an))
		s = mul_scratch_ntt(rx, an, an);
	return mul_scratch_linear(an) + s;
}

/*
 * r[0..n) += c for c < B, with the carry out of r dropped: the caller
 * knows r fits.
 */
static void mul_incr(enum radix rx, limb_t *r, size_t n, limb_t c)
{
	if (c && n)
		rx_add(rx, r, r, n, &c, 1);
}

/* r[0..rn) += a[0..an) with an <= rn, the carry out of r dropped. */
static void mul_add_into(enum radix rx, limb_t *r, size_t rn,
			 const limb_t *a, size_t an)
{
	mul_incr(rx, r + an, rn - an, rx_add_n(rx, r, r, a, an));
}

/*
 * r[0..an) = |a[0..an) - b[0..bn)| with an >= bn; returns true when
 * a < b. r may be a or b.
 */
static bool mul_absdiff(enum radix rx, limb_t *r, const limb_t *a, size_t an,
			const limb_t *b, size_t bn)
{
	if (bn_cmp(a, an, b, bn) >= 0) {
		rx_sub(rx, r, a, an, b, bn);
		return false;
	}
	/* a < b: a's limbs above b's are zero. */
	rx_sub_n(rx, r, b, a, bn);
	memset(r + bn, 0, (an - bn) * sizeof(*r));
	return true;
}

/*
 * The Karatsuba recombination. On entry r[0..2h) is the low product z0,
 * r[2h..rn) the high one z2 and zm[0..2h) the product of the differences
 * of the halves, whose sign is negative when neg. Adds the middle
 * coefficient z0 + z2 -/+ zm at r + h; rn >= 3h.
 */
static void mul_karatsuba_recombine(enum radix rx, limb_t *r, size_t h,
				    size_t rn, limb_t *zm, bool neg)
{
	limb_t cy;

	/*
	 * cy collects the carries and borrows out of zm's 2h limbs modulo
	 * 2^64: the middle coefficient is positive, so it ends in 0..2.
	 */
	if (neg)
		cy = rx_add_n(rx, zm, zm, r, 2 * h);
	else
		cy = -rx_sub_n(rx, zm, r, zm, 2 * h);
	cy += rx_add(rx, zm, zm, 2 * h, r + 2 * h, rn - 2 * h);
	cy += rx_add_n(rx, r + h, r + h, zm, 2 * h);
	mul_incr(rx, r + 3 * h, rn - 3 * h, cy);
}

int rx_mul_karatsuba(enum radix rx, limb_t *r, const limb_t *a, size_t an,
		     const limb_t *b, size_t bn, limb_t *tmp)
{
	size_t h = (an + 1) / 2;
	limb_t *zm = tmp, *sub = tmp + 2 * h;
	bool check = an >= MUL_CHECK_LIMBS, neg;
	int ret;

	/* The differences go to r, which the products fill only later. */
	neg = mul_absdiff(rx, r, a, h, a + h, an - h);
	neg ^= mul_absdiff(rx, r + h, b, h, b + h, bn - h);
	ret = rx_mul(rx, zm, r, h, r + h, h, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	ret = rx_mul(rx, r, a, h, b, h, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	ret = rx_mul(rx, r + 2 * h, a + h, an - h, b + h, bn - h, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	mul_karatsuba_recombine(rx, r, h, an + bn, zm, neg);
	return 0;
}

int rx_sqr_karatsuba(enum radix rx, limb_t *r, const limb_t *a, size_t n,
		     limb_t *tmp)
{
	size_t h = (n + 1) / 2;
	limb_t *zm = tmp, *sub = tmp + 2 * h;
	bool check = n >= MUL_CHECK_LIMBS;
	int ret;

	mul_absdiff(rx, r, a, h, a + h, n - h);
	ret = rx_sqr(rx, zm, r, h, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	ret = rx_sqr(rx, r, a, h, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	ret = rx_sqr(rx, r + 2 * h, a + h, n - h, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	mul_karatsuba_recombine(rx, r, h, 2 * n, zm, false);
	return 0;
}

/* e[0..k] = a0 + a2 for a = a0 + a1 x + a2 x^2, a0 of k limbs, a2 of s. */
static void mul_eval_even(enum radix rx, limb_t *e, const limb_t *a, size_t k, size_t s)
{
	e[k] = rx_add(rx, e, a, k, a + 2 * k, s);
}

/* e[0..k] = a0 + 2 a1 + 4 a2, by Horner's rule. */
static void mul_eval_2(enum radix rx, limb_t *e, const limb_t *a, size_t k, size_t s)
{
	e[s] = rx_lshift(rx, e, a + 2 * k, s, 1);
	memset(e + s + 1, 0, (k - s) * sizeof(*e));
	e[k] += rx_add_n(rx, e, e, a + k, k);
	rx_lshift(rx, e, e, k + 1, 1);
	e[k] += rx_add_n(rx, e, e, a, k);
}

/*
 * Bodrato's interpolation for the points 0, 1, -1, 2 and infinity. v1,
 * vm1 and v2 hold m = 2k + 1 limbs of the values there (vm1's sign is
 * negative when neg), v0 and vinf sit in r at 0 and 4k with rn - 4k limbs
 * for vinf, and r[2k..4k) is zero. Every intermediate value is a sum of
 * the product's coefficients, so it is positive and the subtractions
 * below never go negative.
 */
static void mul_toom3_interpolate(enum radix rx, limb_t *r, size_t k, size_t rn,
				  limb_t *v1, limb_t *vm1, limb_t *v2,
				  bool neg)
{
	size_t m = 2 * k + 1, top = rn - 3 * k;
	const limb_t *vinf = r + 4 * k;

	/* v2 = (v2 - vm1) / 3 = c1 + c2 + 3 c3 + 5 c4 */
	if (neg)
		rx_add_n(rx, v2, v2, vm1, m);
	else
		rx_sub_n(rx, v2, v2, vm1, m);
	rx_divexact_1(rx, v2, m, 3);
	/* vm1 = (v1 - vm1) / 2 = c1 + c3 */
	if (neg)
		rx_add_n(rx, vm1, v1, vm1, m);
	else
		rx_sub_n(rx, vm1, v1, vm1, m);
	rx_rshift(rx, vm1, vm1, m, 1);
	/* v1 = v1 - v0 = c1 + c2 + c3 + c4 */
	rx_sub(rx, v1, v1, m, r, 2 * k);
	/* v2 = (v2 - v1) / 2 - 2 c4 = c3 */
	rx_sub_n(rx, v2, v2, v1, m);
	rx_rshift(rx, v2, v2, m, 1);
	rx_sub(rx, v2, v2, m, vinf, rn - 4 * k);
	rx_sub(rx, v2, v2, m, vinf, rn - 4 * k);
	/* v1 = v1 - (c1 + c3) - c4 = c2 */
	rx_sub_n(rx, v1, v1, vm1, m);
	rx_sub(rx, v1, v1, m, vinf, rn - 4 * k);
	/* vm1 = c1 */
	rx_sub_n(rx, vm1, vm1, v2, m);

	mul_add_into(rx, r + k, rn - k, vm1, m);
	mul_add_into(rx, r + 2 * k, rn - 2 * k, v1, m);
	/* c3's limbs beyond the product are zero. */
	mul_add_into(rx, r + 3 * k, top, v2, m < top ? m : top);
}

int rx_mul_toom3(enum radix rx, limb_t *r, const limb_t *a, size_t an,
		 const limb_t *b, size_t bn, limb_t *tmp)
{
	size_t k = (an + 2) / 3, s = an - 2 * k, t = bn - 2 * k;
	limb_t *ea = r, *eb = r + k + 1;
	limb_t *v1 = tmp, *vm1 = v1 + 2 * k + 2, *v2 = vm1 + 2 * k + 2;
	limb_t *sub = v2 + 2 * k + 2;
	bool check = an >= MUL_CHECK_LIMBS, neg;
	int ret;

	/*
	 * The evaluations at 1 and -1 share a0 + a2; r is free until v0 and
	 * vinf, and v2 until its product.
	 */
	mul_eval_even(rx, ea, a, k, s);
	mul_eval_even(rx, eb, b, k, t);
	neg = mul_absdiff(rx, v2, ea, k + 1, a + k, k);
	neg ^= mul_absdiff(rx, v2 + k + 1, eb, k + 1, b + k, k);
	ret = rx_mul(rx, vm1, v2, k + 1, v2 + k + 1, k + 1, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	ea[k] += rx_add_n(rx, ea, ea, a + k, k);
	eb[k] += rx_add_n(rx, eb, eb, b + k, k);
	ret = rx_mul(rx, v1, ea, k + 1, eb, k + 1, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	mul_eval_2(rx, ea, a, k, s);
	mul_eval_2(rx, eb, b, k, t);
	ret = rx_mul(rx, v2, ea, k + 1, eb, k + 1, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	ret = rx_mul(rx, r, a, k, b, k, sub);
	if (!ret)
		ret = rx_mul(rx, r + 4 * k, a + 2 * k, s, b + 2 * k, t, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	memset(r + 2 * k, 0, 2 * k * sizeof(*r));
	mul_toom3_interpolate(rx, r, k, an + bn, v1, vm1, v2, neg);
	return 0;
}

int rx_sqr_toom3(enum radix rx, limb_t *r, const limb_t *a, size_t n,
		 limb_t *tmp)
{
	size_t k = (n + 2) / 3, s = n - 2 * k;
	limb_t *ea = r;
	limb_t *v1 = tmp, *vm1 = v1 + 2 * k + 2, *v2 = vm1 + 2 * k + 2;
	limb_t *sub = v2 + 2 * k + 2;
	bool check = n >= MUL_CHECK_LIMBS;
	int ret;

	mul_eval_even(rx, ea, a, k, s);
	mul_absdiff(rx, v2, ea, k + 1, a + k, k);
	ret = rx_sqr(rx, vm1, v2, k + 1, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	ea[k] += rx_add_n(rx, ea, ea, a + k, k);
	ret = rx_sqr(rx, v1, ea, k + 1, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	mul_eval_2(rx, ea, a, k, s);
	ret = rx_sqr(rx, v2, ea, k + 1, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	ret = rx_sqr(rx, r, a, k, sub);
	if (!ret)
		ret = rx_sqr(rx, r + 4 * k, a + 2 * k, s, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	memset(r + 2 * k, 0, 2 * k * sizeof(*r));
	mul_toom3_interpolate(rx, r, k, 2 * n, v1, vm1, v2, false);
	return 0;
}

/*
 * Toom-4 splits a = a0 + a1 x + a2 x^2 + a3 x^3, a0..a2 of k limbs and a3
 * of s. These put its values at 1 and -1 (e + o and e - o), at 2 and -2
 * (likewise) and 8 a(1/2), each in k + 1 limbs.
 */
static void mul_toom4_eval_1(enum radix rx, limb_t *e, limb_t *o, const limb_t *a,
			     size_t k, size_t s)
{
	e[k] = rx_add_n(rx, e, a, a + 2 * k, k);
	o[k] = rx_add(rx, o, a + k, k, a + 3 * k, s);
}

/* e = a0 + 4 a2, o = 2 a1 + 8 a3 */
static void mul_toom4_eval_2(enum radix rx, limb_t *e, limb_t *o, const limb_t *a,
			     size_t k, size_t s)
{
	e[k] = rx_lshift(rx, e, a + 2 * k, k, 2);
	e[k] += rx_add_n(rx, e, e, a, k);
	o[s] = rx_lshift(rx, o, a + 3 * k, s, 2);
	memset(o + s + 1, 0, (k - s) * sizeof(*o));
	o[k] += rx_add_n(rx, o, o, a + k, k);
	rx_lshift(rx, o, o, k + 1, 1);
}

/* e = 8 a0 + 4 a1 + 2 a2 + a3, by Horner's rule */
static void mul_toom4_eval_half(enum radix rx, limb_t *e, const limb_t *a, size_t k,
				size_t s)
{
	e[k] = rx_lshift(rx, e, a, k, 1);
	e[k] += rx_add_n(rx, e, e, a + k, k);
	rx_lshift(rx, e, e, k + 1, 1);
	e[k] += rx_add_n(rx, e, e, a + 2 * k, k);
	rx_lshift(rx, e, e, k + 1, 1);
	rx_add(rx, e, e, k + 1, a + 3 * k, s);
}

/*
 * The squares of a's values at 1, -1, 2, -2 and of 8 a(1/2) into v[0..5)
 * of 2k + 2 limbs each; their signs do not matter. e[0..3k+3) holds the
 * values. Returns 0 or -EINTR.
 */
static int mul_toom4_sqr_eval(enum radix rx, limb_t *const *v, limb_t *e,
			      const limb_t *a, size_t k, size_t s, limb_t *sub,
			      bool check)
{
	limb_t *o = e + k + 1, *t = e + 2 * k + 2;
	int i, ret;

	for (i = 0; i < 2; i++) {
		if (i)
			mul_toom4_eval_2(rx, e, o, a, k, s);
		else
			mul_toom4_eval_1(rx, e, o, a, k, s);
		rx_add_n(rx, t, e, o, k + 1);
		ret = rx_sqr(rx, v[2 * i], t, k + 1, sub);
		if (ret)
			return ret;
		mul_absdiff(rx, t, e, k + 1, o, k + 1);
		ret = rx_sqr(rx, v[2 * i + 1], t, k + 1, sub);
		if (mul_piece_failed(&ret, check))
			return ret;
	}
	mul_toom4_eval_half(rx, e, a, k, s);
	ret = rx_sqr(rx, v[4], e, k + 1, sub);
	mul_piece_failed(&ret, check);
	return ret;
}

/*
 * The same for a product, b split like a but with its top piece of t
 * limbs. e[0..4k+4) holds the halves of the values; the values themselves
 * go to v[4], free until the last product. The products at -1 and -2 are
 * negative when neg[0] and neg[1] come back set.
 */
static int mul_toom4_eval(enum radix rx, limb_t *const *v, bool *neg,
			  limb_t *e, const limb_t *a, size_t s, const limb_t *b,
			  size_t t, size_t k, limb_t *sub, bool check)
{
	limb_t *oa = e + k + 1, *eb = e + 2 * k + 2, *ob = e + 3 * k + 3;
	limb_t *pa = v[4], *pb = v[4] + k + 1;
	int i, ret;

	for (i = 0; i < 2; i++) {
		if (i) {
			mul_toom4_eval_2(rx, e, oa, a, k, s);
			mul_toom4_eval_2(rx, eb, ob, b, k, t);
		} else {
			mul_toom4_eval_1(rx, e, oa, a, k, s);
			mul_toom4_eval_1(rx, eb, ob, b, k, t);
		}
		rx_add_n(rx, pa, e, oa, k + 1);
		rx_add_n(rx, pb, eb, ob, k + 1);
		ret = rx_mul(rx, v[2 * i], pa, k + 1, pb, k + 1, sub);
		if (ret)
			return ret;
		neg[i] = mul_absdiff(rx, pa, e, k + 1, oa, k + 1);
		neg[i] ^= mul_absdiff(rx, pb, eb, k + 1, ob, k + 1);
		ret = rx_mul(rx, v[2 * i + 1], pa, k + 1, pb, k + 1, sub);
		if (mul_piece_failed(&ret, check))
			return ret;
	}
	mul_toom4_eval_half(rx, e, a, k, s);
	mul_toom4_eval_half(rx, eb, b, k, t);
	ret = rx_mul(rx, v[4], e, k + 1, eb, k + 1, sub);
	mul_piece_failed(&ret, check);
	return ret;
}

/* x[0..m) -= y[0..yn) << cnt, with t[0..yn] for the shifted copy. */
static void mul_sub_shifted(enum radix rx, limb_t *x, size_t m, const limb_t *y, size_t yn,
			    unsigned int cnt, limb_t *t)
{
	t[yn] = rx_lshift(rx, t, y, yn, cnt);
	rx_sub(rx, x, x, m, t, yn + 1);
}

/*
 * The interpolation for the points 0, 1, -1, 2, -2, 1/2 and infinity of
 * c0 + c1 x + ... + c6 x^6. c0 (2k limbs) and c6 (w limbs) sit in r at 0
 * and 6k, and r[2k..6k) is zero; v[] holds the other values as
 * mul_toom4_eval(rx, ) leaves them, those at -1 and -2 negative when neg[0]
 * and neg[1], and t has m limbs of room. Each step leaves a sum of
 * coefficients with positive weights, so nothing goes negative, and the
 * divisions are exact.
 */
static void mul_toom4_interpolate(enum radix rx, limb_t *r, size_t k, size_t w,
				  limb_t *const *v, const bool *neg, limb_t *t)
{
	size_t m = 2 * k + 2, rn = 6 * k + w, top = rn - 5 * k;
	limb_t *v1 = v[0], *vm1 = v[1], *v2 = v[2], *vm2 = v[3], *vh = v[4];
	const limb_t *c0 = r, *c6 = r + 6 * k;

	/* vm1 = c1 + c3 + c5, v1 = c0 + c2 + c4 + c6 */
	if (neg[0])
		rx_add_n(rx, vm1, v1, vm1, m);
	else
		rx_sub_n(rx, vm1, v1, vm1, m);
	rx_rshift(rx, vm1, vm1, m, 1);
	rx_sub_n(rx, v1, v1, vm1, m);
	/* vm2 = c1 + 4 c3 + 16 c5, v2 = c0 + 4 c2 + 16 c4 + 64 c6 */
	if (neg[1])
		rx_add_n(rx, vm2, v2, vm2, m);
	else
		rx_sub_n(rx, vm2, v2, vm2, m);
	rx_rshift(rx, vm2, vm2, m, 2);
	rx_sub_n(rx, v2, v2, vm2, m);
	rx_sub_n(rx, v2, v2, vm2, m);
	/* v1 = c2 + c4, v2 = c2 + 4 c4 */
	rx_sub(rx, v1, v1, m, c0, 2 * k);
	rx_sub(rx, v1, v1, m, c6, w);
	rx_sub(rx, v2, v2, m, c0, 2 * k);
	mul_sub_shifted(rx, v2, m, c6, w, 6, t);
	rx_rshift(rx, v2, v2, m, 2);
	/* v2 = c4, v1 = c2 */
	rx_sub_n(rx, v2, v2, v1, m);
	rx_divexact_1(rx, v2, m, 3);
	rx_sub_n(rx, v1, v1, v2, m);
	/* vh = 64 c0 + 32 c1 + 16 c2 + ... + c6 becomes 16 c1 + 4 c3 + c5 */
	mul_sub_shifted(rx, vh, m, c0, 2 * k, 6, t);
	mul_sub_shifted(rx, vh, m, v1, m - 1, 4, t);
	mul_sub_shifted(rx, vh, m, v2, m - 1, 2, t);
	rx_sub(rx, vh, vh, m, c6, w);
	rx_rshift(rx, vh, vh, m, 1);
	/* vm2 = c3 + 5 c5, vh = 16 vm1 - vh = 12 c3 + 15 c5 */
	rx_sub_n(rx, vm2, vm2, vm1, m);
	rx_divexact_1(rx, vm2, m, 3);
	t[m - 1] = rx_lshift(rx, t, vm1, m - 1, 4);
	rx_sub_n(rx, vh, t, vh, m);
	/* vh = (12 vm2 - vh) / 45 = c5, vm2 = c3, vm1 = c1 */
	rx_mul_1(rx, t, vm2, m, 12);
	rx_sub_n(rx, vh, t, vh, m);
	rx_divexact_1(rx, vh, m, 45);
	rx_mul_1(rx, t, vh, m, 5);
	rx_sub_n(rx, vm2, vm2, t, m);
	rx_sub_n(rx, vm1, vm1, vm2, m);
	rx_sub_n(rx, vm1, vm1, vh, m);

	mul_add_into(rx, r + k, rn - k, vm1, m);
	mul_add_into(rx, r + 2 * k, rn - 2 * k, v1, m);
	mul_add_into(rx, r + 3 * k, rn - 3 * k, vm2, m);
	mul_add_into(rx, r + 4 * k, rn - 4 * k, v2, m);
	/* c5's limbs beyond the product are zero. */
	mul_add_into(rx, r + 5 * k, top, vh, m < top ? m : top);
}

int rx_mul_toom4(enum radix rx, limb_t *r, const limb_t *a, size_t an,
		 const limb_t *b, size_t bn, limb_t *tmp)
{
	size_t k = (an + 3) / 4, s = an - 3 * k, t = bn - 3 * k, m = 2 * k + 2;
	limb_t *v[5] = { tmp, tmp + m, tmp + 2 * m, tmp + 3 * m, tmp + 4 * m };
	limb_t *sub = tmp + 5 * m;
	bool check = an >= MUL_CHECK_LIMBS, neg[2];
	int ret;

	/* r is free for the values until the products at 0 and infinity. */
	ret = mul_toom4_eval(rx, v, neg, r, a, s, b, t, k, sub, check);
	if (!ret)
		ret = rx_mul(rx, r, a, k, b, k, sub);
	if (!ret)
		ret = rx_mul(rx, r + 6 * k, a + 3 * k, s, b + 3 * k, t, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	memset(r + 2 * k, 0, 4 * k * sizeof(*r));
	mul_toom4_interpolate(rx, r, k, s + t, v, neg, sub);
	return 0;
}

int rx_sqr_toom4(enum radix rx, limb_t *r, const limb_t *a, size_t n,
		 limb_t *tmp)
{
	static const bool pos[2] = { false, false };
	size_t k = (n + 3) / 4, s = n - 3 * k, m = 2 * k + 2;
	limb_t *v[5] = { tmp, tmp + m, tmp + 2 * m, tmp + 3 * m, tmp + 4 * m };
	limb_t *sub = tmp + 5 * m;
	bool check = n >= MUL_CHECK_LIMBS;
	int ret;

	ret = mul_toom4_sqr_eval(rx, v, r, a, k, s, sub, check);
	if (!ret)
		ret = rx_sqr(rx, r, a, k, sub);
	if (!ret)
		ret = rx_sqr(rx, r + 6 * k, a + 3 * k, s, sub);
	if (mul_piece_failed(&ret, check))
		return ret;
	memset(r + 2 * k, 0, 4 * k * sizeof(*r));
	mul_toom4_interpolate(rx, r, k, 2 * s, v, pos, sub);
	return 0;
}

/*
 * For an too large for a balanced method on bn: a is cut into pieces of
 * bn limbs, whose balanced products are added up, and a last, shorter
 * piece, whose product recurses. tmp holds each piece's product and the
 * recursion's scratch after it.
 */
static int mul_unbalanced(enum radix rx, limb_t *r, const limb_t *a,
			  size_t an, const limb_t *b, size_t bn, limb_t *tmp)
{
	limb_t *p = tmp, *sub = tmp + 2 * bn, cy;
	size_t done = bn, rest;
	u64 work = 0;
	int ret;

	ret = rx_mul(rx, r, a, bn, b, bn, sub);
	while (!ret && an - done) {
		/* r[0..done + bn) holds the product of a[0..done) so far. */
		rest = an - done < bn ? an - done : bn;
		ret = rx_mul(rx, p, b, bn, a + done, rest, sub);
		if (ret)
			break;
		cy = rx_add_n(rx, r + done, r + done, p, bn);
		memcpy(r + done + bn, p + bn, rest * sizeof(*r));
		mul_incr(rx, r + done + bn, rest, cy);
		done += rest;
		work += (u64)bn * rest;
		if (work >= MUL_CHECK_WORK) {
			mul_piece_failed(&ret, true);
			work = 0;
		}
	}
	return ret;
}

int rx_mul(enum radix rx, limb_t *r, const limb_t *a, size_t an,
	   const limb_t *b, size_t bn, limb_t *tmp)
{
	const struct mul_thresholds *t = &mul_cutoffs[rx];

	if (a == b && an == bn)
		return rx_sqr(rx, r, a, an, tmp);
	if (bn < t->mul_karatsuba)
		return rx_mul_basecase(rx, r, a, an, b, bn);
	if (rx_mul_takes_ntt(rx, an, bn))
		return rx_mul_ntt(rx, r, a, an, b, bn, tmp);
	if (bn >= t->mul_toom4 && bn > 3 * ((an + 3) / 4))
		return rx_mul_toom4(rx, r, a, an, b, bn, tmp);
	if (bn >= t->mul_toom3 && bn > 2 * ((an + 2) / 3))
		return rx_mul_toom3(rx, r, a, an, b, bn, tmp);
	if (bn > (an + 1) / 2)
		return rx_mul_karatsuba(rx, r, a, an, b, bn, tmp);
	return mul_unbalanced(rx, r, a, an, b, bn, tmp);
}

size_t bn_mullo_scratch(size_t n)
{
	return 2 * n + bn_mul_scratch(n, n);
}

/*
 * Mulders' split: with h + l = n and h >= l, the low n limbs of a b are
 * those of a_0 b_0 (the low h limbs of each, a whole product) plus, at
 * limb h, the low l limbs of a_1 b_0 and of a_0 b_1, two low products of
 * l limbs. l = 3n/10 gives about 0.8 of a whole product for Karatsuba and
 * Toom-3; where the transform would take the whole one, it does.
 */
int bn_mullo(limb_t *r, const limb_t *a, const limb_t *b, size_t n,
	     limb_t *tmp)
{
	size_t l = 3 * n / 10, h = n - l;
	limb_t *p = tmp, *sub = tmp + 2 * n;
	int ret;

	if (n < MULLO_BASECASE_THRESHOLD)
		return bn_mullo_basecase(r, a, b, n);
	if (bn_mul_takes_ntt(n, n))
		h = n;
	ret = bn_mul(p, a, h, b, h, sub);
	memcpy(r, p, n * sizeof(*r));
	if (ret || h == n || mul_piece_failed(&ret, n >= MUL_CHECK_LIMBS))
		return ret;
	ret = bn_mullo(p, a + h, b, l, sub);
	if (ret)
		return ret;
	bn_add_n(r + h, r + h, p, l);
	ret = bn_mullo(p, a, b + h, l, sub);
	if (!ret)
		bn_add_n(r + h, r + h, p, l);
	return ret;
}

/*
 * Mulders' split mirrored: the whole product of the high h limbs, and the
 * high halves of the two products of l limbs across, a[n - l..n) b[0..l)
 * and a[0..l) b[n - l..n), which land at B^n. What is left out,
 * a[0..l) b[0..l) and the rest of the products across, is below three
 * units; with the floors of the three parts and their own errors,
 * e(n) <= 2 e(l) + 6 <= n, as l = 0.3 n and n >= 56.
 */
int bn_mulhi(limb_t *r, const limb_t *a, const limb_t *b, size_t n,
	     limb_t *tmp)
{
	size_t l = 3 * n / 10, h = n - l;
	limb_t *p = tmp, *sub = tmp + 2 * n;
	int ret;

	if (n < MULLO_BASECASE_THRESHOLD) {
		ret = bn_mulhi_basecase(p, a, b, n);
		memcpy(r, p + 1, n * sizeof(*r));
		return ret;
	}
	if (bn_mul_takes_ntt(n, n))
		l = 0;
	ret = bn_mul(p, a + l, n - l, b + l, n - l, sub);
	memcpy(r, p + n - 2 * l, n * sizeof(*r));
	if (ret || !l || mul_piece_failed(&ret, n >= MUL_CHECK_LIMBS))
		return ret;
	ret = bn_mulhi(p, a + h, b, l, sub);
	if (ret)
		return ret;
	bn_add(r, r, n, p, l);
	ret = bn_mulhi(p, a, b + h, l, sub);
	if (!ret)
		bn_add(r, r, n, p, l);
	return ret;
}

int rx_sqr(enum radix rx, limb_t *r, const limb_t *a, size_t n,
	   limb_t *tmp)
{
	const struct mul_thresholds *t = &mul_cutoffs[rx];

	if (n < t->sqr_karatsuba)
		return rx_sqr_basecase(rx, r, a, n);
	if (n >= t->sqr_ntt)
		return rx_sqr_ntt(rx, r, a, n, tmp);
	if (n >= t->sqr_toom4)
		return rx_sqr_toom4(rx, r, a, n, tmp);
	if (n >= t->sqr_toom3)
		return rx_sqr_toom3(rx, r, a, n, tmp);
	return rx_sqr_karatsuba(rx, r, a, n, tmp);
}
