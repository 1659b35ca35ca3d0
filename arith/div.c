// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Reciprocals by Newton's iteration and division by a preinverted divisor
 * (Barrett's method): the contracts are in div.h.
 *
 * Every estimate here is followed by an exact check against the divisor,
 * so the error bounds in the comments only decide how many correction
 * steps run, never whether the result is right.
 */
#include "div.h"
#include "ntt.h"

/* At or below this precision (in limbs) the reciprocal is found bit by bit. */
#define DIV_INV_BASE_LIMBS 2

static size_t div_max(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* Scratch for a product of two operands of at most s limbs each. */
static size_t div_mul_scratch(size_t s)
{
	return bn_mul_scratch(s, s);
}

/* r = a * b for any an, bn >= 1. */
static void div_mul(limb_t *r, const limb_t *a, size_t an,
		    const limb_t *b, size_t bn, limb_t *tmp)
{
	if (an >= bn)
		bn_mul(r, a, an, b, bn, tmp);
	else
		bn_mul(r, b, bn, a, an, tmp);
}

static void div_incr(limb_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (++a[i])
			return;
	}
}

static void div_decr(limb_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i]--)
			return;
	}
}

/* Compares a[0..n) with b[0..n): -1, 0 or 1. */
static int div_cmp(const limb_t *a, const limb_t *b, size_t n)
{
	while (n--) {
		if (a[n] != b[n])
			return a[n] > b[n] ? 1 : -1;
	}
	return 0;
}

/* a[0..an) >= d[0..n), for an >= n. */
static bool div_geq(const limb_t *a, size_t an, const limb_t *d, size_t n)
{
	return bn_normalized_size(a + n, an - n) || div_cmp(a, d, n) >= 0;
}

/*
 * Restoring division of B^(n - 1 + t) by d, one quotient bit per step:
 * only for n <= DIV_INV_BASE_LIMBS + 2 and t <= DIV_INV_BASE_LIMBS, where
 * that is a few hundred steps on a few limbs. rem holds n + 1 limbs.
 */
static void div_inv_base(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			 size_t t, limb_t *rem)
{
	size_t bit = LIMB_BITS * (n - 1 + t);

	memset(y, 0, (t + 1) * sizeof(*y));
	memset(rem, 0, (n + 1) * sizeof(*rem));
	rem[0] = 1;
	for (;;) {
		if (div_geq(rem, n + 1, d, n)) {
			bn_sub(rem, rem, n + 1, d, n);
			/* The quotient is at most B^t: no higher bit is set. */
			if (bit / LIMB_BITS <= t)
				y[bit / LIMB_BITS] |= 1ULL << (bit % LIMB_BITS);
		}
		if (!bit--)
			break;
		bn_lshift(rem, rem, n + 1, 1);
	}
	memcpy(r, rem, n * sizeof(*r));
}

/* a[0..n) += B^j modulo B^n - 1, j < n: a carry out of the top is 1. */
static void div_add_wrap(limb_t *a, size_t n, size_t j)
{
	limb_t one = 1;

	if (bn_add(a + j, a + j, n - j, &one, 1))
		bn_add(a, a, n, &one, 1);
}

/*
 * p[0..w) = B^e - d y as a two's complement number, through the product
 * modulo B^w - 1 when that is cheaper than the whole: B^e - d y is known
 * to lie well within (-B^w / 2, B^w / 2) (a few d at most, w >= n + 2),
 * and modulo B^w - 1 it is B^(e mod w) + ~(d y). Returns w.
 */
static size_t div_inv_rem(limb_t *p, const limb_t *d, size_t n,
			  const limb_t *y, size_t yn, size_t t, limb_t *tmp)
{
	size_t e = n - 1 + t, w = bn_mulmod_bnm1_next(n + 2), i;

	if (w < BN_MULMOD_BNM1_THRESHOLD || w >= n + yn) {
		/* The whole product; it stays below B^w / 2 as y < 2 B^t. */
		w = n + t + 1;
		memset(p, 0, w * sizeof(*p));
		if (yn)
			div_mul(p, d, n, y, yn, tmp);
		for (i = 0; i < w; i++)
			p[i] = ~p[i];
		div_incr(p, w);
		div_incr(p + e, w - e);
		return w;
	}
	bn_mulmod_bnm1(p, w, d, n, y, yn, tmp);
	for (i = 0; i < w; i++)
		p[i] = ~p[i];
	div_add_wrap(p, w, e % w);
	/* From the residue to the number: negative ones are B^w - 1 up. */
	if (p[w - 1] >> (LIMB_BITS - 1))
		div_incr(p, w);
	return w;
}

/* Scratch of div_inv_rem() besides p, for these n and t. */
static size_t div_inv_rem_scratch(size_t n, size_t t)
{
	size_t w = bn_mulmod_bnm1_next(n + 2), s;

	s = div_mul_scratch(n + t + 1);
	if (w >= BN_MULMOD_BNM1_THRESHOLD)
		s = div_max(s, bn_mulmod_bnm1_scratch(w));
	return s;
}

/*
 * Turns an estimate y[0..t] of floor(B^e / d), e = n - 1 + t, into the
 * exact value and puts B^e mod d into r[0..n). The loops run as often as
 * the estimate is off, which the callers keep to a few units.
 */
static int div_inv_fixup(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			 size_t t, limb_t *tmp)
{
	size_t w = n + t + 1, yn = bn_normalized_size(y, t + 1);
	limb_t *p = tmp;

	w = div_inv_rem(p, d, n, y, yn, t, tmp + w);
	if (port_interrupted())
		return -EINTR;
	while (p[w - 1] >> (LIMB_BITS - 1)) {
		bn_add(p, p, w, d, n);
		div_decr(y, t + 1);
	}
	while (div_geq(p, w, d, n)) {
		bn_sub(p, p, w, d, n);
		div_incr(y, t + 1);
	}
	memcpy(r, p, n * sizeof(*r));
	return 0;
}

/*
 * One Newton step from y' = floor(B^(n - 1 + t') / d) with remainder r',
 * t' = t / 2 + 1: as B^(n - 1 + t) / d = B^(t - t') (y' + r' / d) and
 * 1 / d ~ y' / B^(n - 1 + t'),
 *   y ~ y' B^(t - t') + floor(r' y' / B^(n - 1 + 2 t' - t)),
 * which is below the exact quotient by less than 2 + B^(t - 2t' + 1) <= 3
 * (4 with the cut below).
 */
static int div_inv_newton(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			  size_t t, limb_t *tmp, bool exact);

/*
 * With exact false, y may be left below the exact value by less than
 * four, and r unspecified: for a caller that corrects y itself.
 */
static int div_inv_rec(limb_t *y, limb_t *r, const limb_t *d, size_t n,
		       size_t t, limb_t *tmp, bool exact)
{
	int ret;

	if (n > t + 2) {
		/*
		 * Only the top t + 2 limbs of d matter at this precision:
		 * the truncated divisor's quotient is at most 1 too large,
		 * and the fixup against the whole d corrects the estimate
		 * either way, so the truncated one need not be exact.
		 */
		ret = div_inv_rec(y, r, d + n - (t + 2), t + 2, t, tmp, false);
		if (ret)
			return ret;
		return div_inv_fixup(y, r, d, n, t, tmp);
	}
	if (t <= DIV_INV_BASE_LIMBS) {
		div_inv_base(y, r, d, n, t, tmp);
		return 0;
	}
	return div_inv_newton(y, r, d, n, t, tmp, exact);
}

static int div_inv_newton(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			  size_t t, limb_t *tmp, bool exact)
{
	size_t tp = t / 2 + 1, e = n - 1 + 2 * tp - t, yn, rn, cut;
	limb_t *yp = tmp, *prod = yp + tp + 1;
	int ret;

	ret = div_inv_rec(yp, r, d, n, tp, prod, true);
	if (ret)
		return ret;
	memset(y, 0, (t - tp) * sizeof(*y));
	memcpy(y + t - tp, yp, (tp + 1) * sizeof(*y));
	yn = bn_normalized_size(yp, tp + 1);
	rn = bn_normalized_size(r, n);
	/*
	 * The limbs of r' below cut add less than B^(e - 1) to r' y', so
	 * dropping them makes the estimate at most one lower.
	 */
	cut = e > tp + 2 ? e - tp - 2 : 0;
	cut = cut < rn ? cut : rn;
	/* r' y' < 2 B^(n - 1 + t'), so the correction has <= t - t' + 1 limbs. */
	if (yn && rn > cut && rn + yn > e) {
		div_mul(prod, r + cut, rn - cut, yp, yn, prod + rn - cut + yn);
		if (port_interrupted())
			return -EINTR;
		bn_add(y, y, t + 1, prod + e - cut, rn + yn - e);
	}
	return exact ? div_inv_fixup(y, r, d, n, t, tmp) : 0;
}

/*
 * An upper bound of what div_inv_rec() uses, simple enough to be plainly
 * monotonic in n and t: the Newton step keeps t' + 1 limbs while its
 * recursion (precision t' <= t / 2 + 1) runs, and 4 (t - t') >= t' + 1
 * for t >= 3 covers that.
 */
size_t div_inv_scratch(size_t n, size_t t)
{
	return 4 * (n + t) + 16 + div_inv_rem_scratch(n, t);
}

int div_inv(limb_t *y, limb_t *r, const limb_t *d, size_t n, size_t t,
	    limb_t *tmp)
{
	return div_inv_rec(y, r, d, n, t, tmp, true);
}

size_t div_qr_preinv_scratch(size_t xn, size_t n, size_t t)
{
	size_t hn = xn >= n ? xn - n + 1 : 0, w = bn_mulmod_bnm1_next(n + 2);
	size_t s = div_mul_scratch(div_max(div_max(hn, n), t + 1));

	if (w >= BN_MULMOD_BNM1_THRESHOLD)
		s = div_max(s, 2 * w + bn_mulmod_bnm1_scratch(w));
	return 2 * hn + t + 1 + n + s;
}

/*
 * The remainder s = x - q d, known to lie in [0, 6d), from q d modulo
 * B^w - 1, w >= n + 2: there s is x - q d with x reduced the same way.
 * Leaves s mod B^n in x[0..n) and returns s's limb n. tmp holds
 * 2w + bn_mulmod_bnm1_scratch(w) limbs.
 */
static limb_t div_rem_bnm1(limb_t *x, size_t xn, const limb_t *q, size_t qn,
			   const limb_t *d, size_t n, size_t w, limb_t *tmp)
{
	limb_t *qd = tmp, *xm = tmp + w, one = 1;
	size_t i, k;

	bn_mulmod_bnm1(qd, w, q, qn, d, n, tmp + 2 * w);
	k = xn < w ? xn : w;
	memcpy(xm, x, k * sizeof(*xm));
	memset(xm + k, 0, (w - k) * sizeof(*xm));
	for (i = w; i < xn; i += w) {
		k = xn - i < w ? xn - i : w;
		if (bn_add(xm, xm, w, x + i, k))
			bn_add(xm, xm, w, &one, 1);
	}
	/* A borrow is worth B^w = 1 + (B^w - 1): take the 1 back. */
	if (bn_sub_n(xm, xm, qd, w))
		bn_sub(xm, xm, w, &one, 1);
	/* s < B^(n + 1): anything above is B^w - 1, that is, zero. */
	if (bn_normalized_size(xm + n + 1, w - n - 1))
		memset(xm, 0, w * sizeof(*xm));
	memcpy(x, xm, n * sizeof(*x));
	return xm[n];
}

/*
 * With y = floor(B^m / d), m = n - 1 + t, and x < B^m, the estimate
 * q = floor(floor(x / B^(n - 1)) y / B^t) is at most x / d and above
 * x / d - 3, since x / B^m < 1 and B^(n - 1) / d <= 1; dropping the low
 * limbs of y costs one more, and a y up to two units low two more, as
 * floor(x / B^(n - 1)) < B^t. So the remainder x - q d lies in [0, 6d),
 * within n + 1 limbs, and at most five subtractions of d make it exact.
 */
int div_qr_preinv(limb_t *q, limb_t *x, size_t xn, const limb_t *d,
		  size_t n, const limb_t *y, size_t t, limb_t *tmp)
{
	size_t hn, yn, qn, cut, w;
	limb_t *p, *qd, hi;

	if (xn < n)
		return 0;
	hn = xn - n + 1;
	yn = bn_normalized_size(y, t + 1);
	p = tmp;
	qd = p + hn + yn;
	/*
	 * y is often more precise than this x needs: its limbs below
	 * cut = t - 1 - hn add less than B^(t - 1) to the product, so
	 * dropping them makes q at most one lower.
	 */
	cut = t > hn + 1 ? t - 1 - hn : 0;
	cut = cut < yn ? cut : 0;
	div_mul(p, x + n - 1, hn, y + cut, yn - cut, qd + hn + n);
	if (port_interrupted())
		return -EINTR;
	memcpy(q, p + t - cut, hn * sizeof(*q));
	qn = bn_normalized_size(q, hn);
	hi = xn > n ? x[n] : 0;
	w = bn_mulmod_bnm1_next(n + 2);
	if (qn && w >= BN_MULMOD_BNM1_THRESHOLD && w < qn + n) {
		hi = div_rem_bnm1(x, xn, q, qn, d, n, w, qd);
		if (port_interrupted())
			return -EINTR;
	} else if (qn) {
		/*
		 * The difference is below B^(n + 1), so only the low n + 1
		 * limbs of q d matter, and those only need q mod B^(n + 1).
		 */
		if (qn > n + 1)
			qn = n + 1;
		div_mul(qd, q, qn, d, n, qd + hn + n);
		if (port_interrupted())
			return -EINTR;
		hi -= qd[n] + bn_sub_n(x, x, qd, n);
	}
	while (hi || div_cmp(x, d, n) >= 0) {
		hi -= bn_sub_n(x, x, d, n);
		div_incr(q, hn);
	}
	return 0;
}

int div_inv_correct(limb_t *y, limb_t *r, const limb_t *d, size_t n,
		    size_t t, limb_t *tmp)
{
	return div_inv_fixup(y, r, d, n, t, tmp);
}
