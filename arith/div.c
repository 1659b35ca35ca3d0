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

/*
 * Turns an estimate y[0..t] of floor(B^e / d), e = n - 1 + t, into the
 * exact value and puts B^e mod d into r[0..n). The loops run as often as
 * the estimate is off, which the callers keep to a few units.
 */
static int div_inv_fixup(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			 size_t t, limb_t *tmp)
{
	size_t w = n + t + 1, yn = bn_normalized_size(y, t + 1), i;
	limb_t *p = tmp;

	/* p = d * y; it stays below B^w / 2 as y < 2 B^t. */
	memset(p, 0, w * sizeof(*p));
	if (yn) {
		div_mul(p, d, n, y, yn, tmp + w);
		if (port_interrupted())
			return -EINTR;
	}
	/* p = B^e - p, as a two's complement number of w limbs. */
	for (i = 0; i < w; i++)
		p[i] = ~p[i];
	div_incr(p, w);
	div_incr(p + n - 1 + t, w - (n - 1 + t));
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
 * which is below the exact quotient by less than 2 + B^(t - 2t' + 1) <= 3.
 */
static int div_inv_newton(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			  size_t t, limb_t *tmp);

static int div_inv_rec(limb_t *y, limb_t *r, const limb_t *d, size_t n,
		       size_t t, limb_t *tmp)
{
	int ret;

	if (n > t + 2) {
		/*
		 * Only the top t + 2 limbs of d matter at this precision:
		 * the truncated divisor's quotient is at most 1 too large.
		 */
		ret = div_inv_rec(y, r, d + n - (t + 2), t + 2, t, tmp);
		if (ret)
			return ret;
		return div_inv_fixup(y, r, d, n, t, tmp);
	}
	if (t <= DIV_INV_BASE_LIMBS) {
		div_inv_base(y, r, d, n, t, tmp);
		return 0;
	}
	return div_inv_newton(y, r, d, n, t, tmp);
}

static int div_inv_newton(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			  size_t t, limb_t *tmp)
{
	size_t tp = t / 2 + 1, e = n - 1 + 2 * tp - t, yn, rn;
	limb_t *yp = tmp, *prod = yp + tp + 1;
	int ret;

	ret = div_inv_rec(yp, r, d, n, tp, prod);
	if (ret)
		return ret;
	memset(y, 0, (t - tp) * sizeof(*y));
	memcpy(y + t - tp, yp, (tp + 1) * sizeof(*y));
	yn = bn_normalized_size(yp, tp + 1);
	rn = bn_normalized_size(r, n);
	/* r' y' < 2 B^(n - 1 + t'), so the correction has <= t - t' + 1 limbs. */
	if (yn && rn && rn + yn > e) {
		div_mul(prod, r, rn, yp, yn, prod + rn + yn);
		if (port_interrupted())
			return -EINTR;
		bn_add(y, y, t + 1, prod + e, rn + yn - e);
	}
	return div_inv_fixup(y, r, d, n, t, tmp);
}

/*
 * An upper bound of what div_inv_rec() uses, simple enough to be plainly
 * monotonic in n and t: the Newton step keeps t' + 1 limbs while its
 * recursion (precision t' <= t / 2 + 1) runs, and 4 (t - t') >= t' + 1
 * for t >= 3 covers that.
 */
size_t div_inv_scratch(size_t n, size_t t)
{
	return 4 * (n + t) + 16 + div_mul_scratch(n + t + 1);
}

int div_inv(limb_t *y, limb_t *r, const limb_t *d, size_t n, size_t t,
	    limb_t *tmp)
{
	return div_inv_rec(y, r, d, n, t, tmp);
}

size_t div_qr_preinv_scratch(size_t xn, size_t n, size_t t)
{
	size_t hn = xn >= n ? xn - n + 1 : 0;

	return 2 * hn + t + 1 + n +
	       div_mul_scratch(div_max(div_max(hn, n), t + 1));
}

/*
 * With y = floor(B^m / d), m = n - 1 + t, and x < B^m, the estimate
 * q = floor(floor(x / B^(n - 1)) y / B^t) is at most x / d and above
 * x / d - 3, since x / B^m < 1 and B^(n - 1) / d <= 1. So the remainder
 * x - q d lies in [0, 3d), within n + 1 limbs, and at most two
 * subtractions of d make it exact.
 */
int div_qr_preinv(limb_t *q, limb_t *x, size_t xn, const limb_t *d,
		  size_t n, const limb_t *y, size_t t, limb_t *tmp)
{
	size_t hn, yn, qn;
	limb_t *p, *qd, hi;

	if (xn < n)
		return 0;
	hn = xn - n + 1;
	yn = bn_normalized_size(y, t + 1);
	p = tmp;
	qd = p + hn + yn;
	div_mul(p, x + n - 1, hn, y, yn, qd + hn + n);
	if (port_interrupted())
		return -EINTR;
	memcpy(q, p + t, hn * sizeof(*q));
	qn = bn_normalized_size(q, hn);
	hi = xn > n ? x[n] : 0;
	if (qn) {
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
