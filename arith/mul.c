// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Choosing the multiplication method by size, and the two sub-quadratic
 * methods below the transforms: Karatsuba and Toom-3. The contracts are in
 * mul.h.
 *
 * Every method splits its operands, evaluates, multiplies the pieces
 * through bn_mul() or bn_sqr() (so that each piece again gets the best
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

/* The number of bits of n: cheap, and no 128-bit arithmetic. */
static unsigned int mul_bits(size_t n)
{
	unsigned int bits = 0;

	while (n) {
		n >>= 1;
		bits++;
	}
	return bits;
}

/*
 * Scratch for any Karatsuba or Toom-3 recursion whose larger operand has
 * at most n limbs, when no piece reaches the transforms. Karatsuba takes
 * 2 ceil(n/2) limbs and recurses on ceil(n/2); Toom-3 takes 6 ceil(n/3) + 6
 * and recurses on ceil(n/3) + 1; an unbalanced product takes 2 bn limbs
 * with bn <= ceil(n/2). By induction 3n + 32 bits(n) covers all three:
 * each level adds at most 15 limbs to the linear part and removes a bit.
 */
static size_t mul_scratch_linear(size_t n)
{
	return 3 * n + 32 * mul_bits(n);
}

/* For the transforms, which may also be reached from bn_mul() on a = b. */
static size_t mul_scratch_ntt(size_t an, size_t bn)
{
	size_t s = 0, t;

	if (bn >= MUL_NTT_THRESHOLD)
		s = bn_mul_ntt_scratch(an, bn);
	if (an == bn && an >= SQR_NTT_THRESHOLD) {
		t = bn_sqr_ntt_scratch(an);
		if (t > s)
			s = t;
	}
	return s;
}

size_t bn_mul_scratch(size_t an, size_t bn)
{
	size_t s = mul_scratch_linear(an), t = mul_scratch_ntt(an, bn);

	return s > t ? s : t;
}

size_t bn_sqr_scratch(size_t n)
{
	size_t s = mul_scratch_linear(n), t = 0;

	if (n >= SQR_NTT_THRESHOLD)
		t = bn_sqr_ntt_scratch(n);
	return s > t ? s : t;
}

size_t bn_mul_method_scratch(size_t an)
{
	size_t s = 0;

	/* A piece of a direct call at any size may go to the transforms. */
	if (an >= MUL_NTT_THRESHOLD || an >= SQR_NTT_THRESHOLD)
		s = mul_scratch_ntt(an, an);
	return mul_scratch_linear(an) + s;
}

/* r[0..n) += c, with the carry out of r dropped: the caller knows r fits. */
static void mul_incr(limb_t *r, size_t n, limb_t c)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		r[i] += c;
		c = r[i] < c;
	}
}

/* r[0..rn) += a[0..an) with an <= rn, the carry out of r dropped. */
static void mul_add_into(limb_t *r, size_t rn, const limb_t *a, size_t an)
{
	mul_incr(r + an, rn - an, bn_add_n(r, r, a, an));
}

/* r[0..n) = a[0..n) / 2, rounding down; r may be a. */
static void mul_rshift1(limb_t *r, const limb_t *a, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		r[i] = (a[i] >> 1) | (a[i + 1] << (LIMB_BITS - 1));
	if (n)
		r[n - 1] = a[n - 1] >> 1;
}

/* The inverse of 3 modulo 2^64, and the limbs q where 3q wraps once, twice. */
#define MUL_INV3 0xaaaaaaaaaaaaaaabULL
#define MUL_THIRD 0x5555555555555556ULL
#define MUL_TWO_THIRDS 0xaaaaaaaaaaaaaaabULL

/*
 * a[0..n) /= 3 in place, for a multiple of 3: each quotient limb is the
 * running difference times the inverse of 3, and 3 q's high limb (0, 1 or
 * 2, read off q's size) is what the next limb must give up. No division.
 */
static void mul_divexact_3(limb_t *a, size_t n)
{
	limb_t borrow = 0, x, q;
	size_t i;

	for (i = 0; i < n; i++) {
		x = a[i] - borrow;
		borrow = a[i] < borrow;
		q = x * MUL_INV3;
		a[i] = q;
		borrow += (q >= MUL_THIRD) + (q >= MUL_TWO_THIRDS);
	}
}

/*
 * r[0..an) = |a[0..an) - b[0..bn)| with an >= bn; returns true when
 * a < b. r may be a or b.
 */
static bool mul_absdiff(limb_t *r, const limb_t *a, size_t an,
			const limb_t *b, size_t bn)
{
	size_t i;

	for (i = an; i > bn; i--) {
		if (a[i - 1]) {
			bn_sub(r, a, an, b, bn);
			return false;
		}
	}
	/* a's limbs above b's are zero: compare the rest from the top. */
	while (i > 0 && a[i - 1] == b[i - 1])
		i--;
	memset(r + i, 0, (an - i) * sizeof(*r));
	if (!i)
		return false;
	if (a[i - 1] > b[i - 1]) {
		bn_sub_n(r, a, b, i);
		return false;
	}
	bn_sub_n(r, b, a, i);
	return true;
}

/*
 * The Karatsuba recombination. On entry r[0..2h) is the low product z0,
 * r[2h..rn) the high one z2 and zm[0..2h) the product of the differences
 * of the halves, whose sign is negative when neg. Adds the middle
 * coefficient z0 + z2 -/+ zm at r + h; rn >= 3h.
 */
static void mul_karatsuba_fold(limb_t *r, size_t h, size_t rn, limb_t *zm,
			       bool neg)
{
	limb_t cy;

	/*
	 * cy collects the carries and borrows out of zm's 2h limbs modulo
	 * 2^64: the middle coefficient is positive, so it ends in 0..2.
	 */
	if (neg)
		cy = bn_add_n(zm, zm, r, 2 * h);
	else
		cy = -bn_sub_n(zm, r, zm, 2 * h);
	cy += bn_add(zm, zm, 2 * h, r + 2 * h, rn - 2 * h);
	cy += bn_add_n(r + h, r + h, zm, 2 * h);
	mul_incr(r + 3 * h, rn - 3 * h, cy);
}

void bn_mul_karatsuba(limb_t *r, const limb_t *a, size_t an,
		      const limb_t *b, size_t bn, limb_t *tmp)
{
	size_t h = (an + 1) / 2;
	limb_t *zm = tmp, *sub = tmp + 2 * h;
	bool neg;

	/* The differences go to r, which the products fill only later. */
	neg = mul_absdiff(r, a, h, a + h, an - h);
	neg ^= mul_absdiff(r + h, b, h, b + h, bn - h);
	bn_mul(zm, r, h, r + h, h, sub);
	if (an >= MUL_CHECK_LIMBS && port_interrupted())
		return;
	bn_mul(r, a, h, b, h, sub);
	if (an >= MUL_CHECK_LIMBS && port_interrupted())
		return;
	bn_mul(r + 2 * h, a + h, an - h, b + h, bn - h, sub);
	if (an >= MUL_CHECK_LIMBS && port_interrupted())
		return;
	mul_karatsuba_fold(r, h, an + bn, zm, neg);
}

void bn_sqr_karatsuba(limb_t *r, const limb_t *a, size_t n, limb_t *tmp)
{
	size_t h = (n + 1) / 2;
	limb_t *zm = tmp, *sub = tmp + 2 * h;

	mul_absdiff(r, a, h, a + h, n - h);
	bn_sqr(zm, r, h, sub);
	if (n >= MUL_CHECK_LIMBS && port_interrupted())
		return;
	bn_sqr(r, a, h, sub);
	if (n >= MUL_CHECK_LIMBS && port_interrupted())
		return;
	bn_sqr(r + 2 * h, a + h, n - h, sub);
	if (n >= MUL_CHECK_LIMBS && port_interrupted())
		return;
	mul_karatsuba_fold(r, h, 2 * n, zm, false);
}

/* e[0..k] = a0 + a2 for a = a0 + a1 x + a2 x^2, a0 of k limbs, a2 of s. */
static void mul_eval_even(limb_t *e, const limb_t *a, size_t k, size_t s)
{
	e[k] = bn_add(e, a, k, a + 2 * k, s);
}

/* e[0..k] = a0 + 2 a1 + 4 a2, by Horner's rule. */
static void mul_eval_2(limb_t *e, const limb_t *a, size_t k, size_t s)
{
	e[s] = bn_lshift(e, a + 2 * k, s, 1);
	memset(e + s + 1, 0, (k - s) * sizeof(*e));
	e[k] += bn_add_n(e, e, a + k, k);
	bn_lshift(e, e, k + 1, 1);
	e[k] += bn_add_n(e, e, a, k);
}

/*
 * Bodrato's interpolation for the points 0, 1, -1, 2 and infinity. v1,
 * vm1 and v2 hold m = 2k + 1 limbs of the values there (vm1's sign is
 * negative when neg), v0 and vinf sit in r at 0 and 4k with rn - 4k limbs
 * for vinf, and r[2k..4k) is zero. Every intermediate value is a sum of
 * the product's coefficients, so it is positive and the subtractions
 * below never go negative.
 */
static void mul_toom3_interpolate(limb_t *r, size_t k, size_t rn,
				  limb_t *v1, limb_t *vm1, limb_t *v2,
				  bool neg)
{
	size_t m = 2 * k + 1, top = rn - 3 * k;
	const limb_t *vinf = r + 4 * k;

	/* v2 = (v2 - vm1) / 3 = c1 + c2 + 3 c3 + 5 c4 */
	if (neg)
		bn_add_n(v2, v2, vm1, m);
	else
		bn_sub_n(v2, v2, vm1, m);
	mul_divexact_3(v2, m);
	/* vm1 = (v1 - vm1) / 2 = c1 + c3 */
	if (neg)
		bn_add_n(vm1, v1, vm1, m);
	else
		bn_sub_n(vm1, v1, vm1, m);
	mul_rshift1(vm1, vm1, m);
	/* v1 = v1 - v0 = c1 + c2 + c3 + c4 */
	bn_sub(v1, v1, m, r, 2 * k);
	/* v2 = (v2 - v1) / 2 - 2 c4 = c3 */
	bn_sub_n(v2, v2, v1, m);
	mul_rshift1(v2, v2, m);
	bn_sub(v2, v2, m, vinf, rn - 4 * k);
	bn_sub(v2, v2, m, vinf, rn - 4 * k);
	/* v1 = v1 - (c1 + c3) - c4 = c2 */
	bn_sub_n(v1, v1, vm1, m);
	bn_sub(v1, v1, m, vinf, rn - 4 * k);
	/* vm1 = c1 */
	bn_sub_n(vm1, vm1, v2, m);

	mul_add_into(r + k, rn - k, vm1, m);
	mul_add_into(r + 2 * k, rn - 2 * k, v1, m);
	/* c3's limbs beyond the product are zero. */
	mul_add_into(r + 3 * k, top, v2, m < top ? m : top);
}

void bn_mul_toom3(limb_t *r, const limb_t *a, size_t an,
		  const limb_t *b, size_t bn, limb_t *tmp)
{
	size_t k = (an + 2) / 3, s = an - 2 * k, t = bn - 2 * k;
	limb_t *ea = r, *eb = r + k + 1;
	limb_t *v1 = tmp, *vm1 = v1 + 2 * k + 2, *v2 = vm1 + 2 * k + 2;
	limb_t *sub = v2 + 2 * k + 2;
	bool check = an >= MUL_CHECK_LIMBS, neg;

	/*
	 * The evaluations at 1 and -1 share a0 + a2; r is free until v0 and
	 * vinf, and v2 until its product.
	 */
	mul_eval_even(ea, a, k, s);
	mul_eval_even(eb, b, k, t);
	neg = mul_absdiff(v2, ea, k + 1, a + k, k);
	neg ^= mul_absdiff(v2 + k + 1, eb, k + 1, b + k, k);
	bn_mul(vm1, v2, k + 1, v2 + k + 1, k + 1, sub);
	if (check && port_interrupted())
		return;
	ea[k] += bn_add_n(ea, ea, a + k, k);
	eb[k] += bn_add_n(eb, eb, b + k, k);
	bn_mul(v1, ea, k + 1, eb, k + 1, sub);
	if (check && port_interrupted())
		return;
	mul_eval_2(ea, a, k, s);
	mul_eval_2(eb, b, k, t);
	bn_mul(v2, ea, k + 1, eb, k + 1, sub);
	if (check && port_interrupted())
		return;
	bn_mul(r, a, k, b, k, sub);
	bn_mul(r + 4 * k, a + 2 * k, s, b + 2 * k, t, sub);
	if (check && port_interrupted())
		return;
	memset(r + 2 * k, 0, 2 * k * sizeof(*r));
	mul_toom3_interpolate(r, k, an + bn, v1, vm1, v2, neg);
}

void bn_sqr_toom3(limb_t *r, const limb_t *a, size_t n, limb_t *tmp)
{
	size_t k = (n + 2) / 3, s = n - 2 * k;
	limb_t *ea = r;
	limb_t *v1 = tmp, *vm1 = v1 + 2 * k + 2, *v2 = vm1 + 2 * k + 2;
	limb_t *sub = v2 + 2 * k + 2;
	bool check = n >= MUL_CHECK_LIMBS;

	mul_eval_even(ea, a, k, s);
	mul_absdiff(v2, ea, k + 1, a + k, k);
	bn_sqr(vm1, v2, k + 1, sub);
	if (check && port_interrupted())
		return;
	ea[k] += bn_add_n(ea, ea, a + k, k);
	bn_sqr(v1, ea, k + 1, sub);
	if (check && port_interrupted())
		return;
	mul_eval_2(ea, a, k, s);
	bn_sqr(v2, ea, k + 1, sub);
	if (check && port_interrupted())
		return;
	bn_sqr(r, a, k, sub);
	bn_sqr(r + 4 * k, a + 2 * k, s, sub);
	if (check && port_interrupted())
		return;
	memset(r + 2 * k, 0, 2 * k * sizeof(*r));
	mul_toom3_interpolate(r, k, 2 * n, v1, vm1, v2, false);
}

/*
 * For an too large for a balanced method on bn: a is cut into pieces of
 * bn limbs, whose balanced products are added up, and a last, shorter
 * piece, whose product recurses. tmp holds each piece's product and the
 * recursion's scratch after it.
 */
static void mul_unbalanced(limb_t *r, const limb_t *a, size_t an,
			   const limb_t *b, size_t bn, limb_t *tmp)
{
	limb_t *p = tmp, *sub = tmp + 2 * bn, cy;
	size_t done = bn, rest;
	u64 work = 0;

	bn_mul(r, a, bn, b, bn, sub);
	while (an - done) {
		/* r[0..done + bn) holds the product of a[0..done) so far. */
		rest = an - done < bn ? an - done : bn;
		bn_mul(p, b, bn, a + done, rest, sub);
		cy = bn_add_n(r + done, r + done, p, bn);
		memcpy(r + done + bn, p + bn, rest * sizeof(*r));
		mul_incr(r + done + bn, rest, cy);
		done += rest;
		work += (u64)bn * rest;
		if (work >= MUL_CHECK_WORK) {
			if (port_interrupted())
				return;
			work = 0;
		}
	}
}

void bn_mul(limb_t *r, const limb_t *a, size_t an,
	    const limb_t *b, size_t bn, limb_t *tmp)
{
	if (a == b && an == bn)
		bn_sqr(r, a, an, tmp);
	else if (bn < MUL_KARATSUBA_THRESHOLD)
		bn_mul_basecase(r, a, an, b, bn);
	else if (bn >= MUL_NTT_THRESHOLD)
		bn_mul_ntt(r, a, an, b, bn, tmp);
	else if (bn >= MUL_TOOM3_THRESHOLD && bn > 2 * ((an + 2) / 3))
		bn_mul_toom3(r, a, an, b, bn, tmp);
	else if (bn > (an + 1) / 2)
		bn_mul_karatsuba(r, a, an, b, bn, tmp);
	else
		mul_unbalanced(r, a, an, b, bn, tmp);
}

void bn_sqr(limb_t *r, const limb_t *a, size_t n, limb_t *tmp)
{
	if (n < SQR_KARATSUBA_THRESHOLD)
		bn_sqr_basecase(r, a, n);
	else if (n >= SQR_NTT_THRESHOLD)
		bn_sqr_ntt(r, a, n, tmp);
	else if (n >= SQR_TOOM3_THRESHOLD)
		bn_sqr_toom3(r, a, n, tmp);
	else
		bn_sqr_karatsuba(r, a, n, tmp);
}
