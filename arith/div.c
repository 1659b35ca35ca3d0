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
#include "bnm1.h"

/* At or below this precision (in limbs) the reciprocal is found bit by bit. */
#define DIV_INV_BASE_LIMBS 3

/* Scratch for a product of two operands of at most s limbs each. */
static size_t div_mul_scratch(size_t s)
{
	return bn_mul_scratch(s, s);
}

/*
 * Quotients of fewer limbs than this take the whole product: the high one
 * costs as much there, with its padding.
 */
#define DIV_MULHI_MIN 8

/* Below this many quotient limbs, div_mul_low() takes the whole product. */
#define DIV_MUL_LOW_MIN 16

/*
 * Whether the low m ~ n limbs of a product of an by n limbs are cheaper by
 * bn_mullo() (about 0.8 of a whole n x n product) than the whole.
 */
static bool div_mullo_pays(size_t an, size_t n)
{
	return 4 * an >= 3 * n;
}

/* Scratch of div_mullo() for m limbs. */
static size_t div_mullo_scratch(size_t m)
{
	return 2 * m + bn_mullo_scratch(m);
}

/* a[0..an) cut or padded with zeros to r[0..m). */
static void div_cut(limb_t *r, size_t m, const limb_t *a, size_t an)
{
	size_t k = an < m ? an : m;

	memcpy(r, a, k * sizeof(*r));
	memset(r + k, 0, (m - k) * sizeof(*r));
}

/* r[0..m) = a[0..an) * b[0..bn) mod B^m. */
static int div_mullo(limb_t *r, size_t m, const limb_t *a, size_t an,
		     const limb_t *b, size_t bn, limb_t *tmp)
{
	limb_t *ac = tmp, *bc = tmp + m;

	div_cut(ac, m, a, an);
	div_cut(bc, m, b, bn);
	return bn_mullo(r, ac, bc, m, bc + m);
}

/*
 * r[0..n + 1) = q d mod B^(n + 1), for q of qn <= n limbs: the product
 * of q by d's low s = n + 1 - qn limbs is all below B^(n + 1), and of
 * q's product by the rest of d, shifted by s, only the low qn limbs are:
 * one low product of qn limbs instead of that much of the whole.
 */
static int div_mul_low(limb_t *r, const limb_t *q, size_t qn,
		       const limb_t *d, size_t n, limb_t *tmp)
{
	size_t s = n + 1 - qn;
	limb_t *dh = tmp, *lo = tmp + qn;
	int ret;

	if (qn < DIV_MUL_LOW_MIN) {
		ret = bn_mul_any(tmp, q, qn, d, n, tmp + qn + n);
		memcpy(r, tmp, (n + 1) * sizeof(*r));
		return ret;
	}
	ret = bn_mul_any(r, d, s, q, qn, tmp);
	if (ret)
		return ret;
	div_cut(dh, qn, d + s, n - s);
	ret = bn_mullo(lo, q, dh, qn, lo + qn);
	if (!ret)
		bn_add_n(r + s, r + s, lo, qn);
	return ret;
}

/*
 * Restoring division of B^(n - 1 + t) by d, one quotient bit per step:
 * only for t <= DIV_INV_BASE_LIMBS and a few limbs of d. The quotient is
 * below B^(t + 1) and B^(n - 1) <= d, so the division starts from the
 * partial remainder B^(n - 1) at bit 64 t. rem holds n + 1 limbs.
 */
static void div_inv_base(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			 size_t t, limb_t *rem)
{
	size_t bit = LIMB_BITS * t;

	memset(y, 0, (t + 1) * sizeof(*y));
	memset(rem, 0, (n + 1) * sizeof(*rem));
	rem[n - 1] = 1;
	for (;;) {
		if (bn_cmp(rem, n + 1, d, n) >= 0) {
			bn_sub(rem, rem, n + 1, d, n);
			y[bit / LIMB_BITS] |= 1ULL << (bit % LIMB_BITS);
		}
		if (!bit--)
			break;
		bn_lshift(rem, rem, n + 1, 1);
	}
	memcpy(r, rem, n * sizeof(*r));
}

/*
 * p[0..w), a residue modulo B^w - 1 of a number known to lie within
 * (-B^w / 2, B^w / 2), becomes that number in two's complement: the
 * negative ones are B^w - 1 up.
 */
static void div_from_residue(limb_t *p, size_t w)
{
	if (p[w - 1] >> (LIMB_BITS - 1))
		bn_incr(p, w);
}

/* a[0..n) = -a modulo B^n. */
static void div_neg(limb_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		a[i] = ~a[i];
	bn_incr(a, n);
}

/*
 * p[0..w) = B^e - d y as a two's complement number, through the product
 * modulo B^w - 1 when that is cheaper than the whole: B^e - d y is known
 * to lie well within (-B^w / 2, B^w / 2) (a few d at most, w >= n + 2),
 * and modulo B^w - 1 it is B^(e mod w) + ~(d y). Returns w or -EINTR.
 */
static long div_inv_rem(limb_t *p, const limb_t *d, size_t n,
			const limb_t *y, size_t yn, size_t t, limb_t *tmp)
{
	size_t e = n - 1 + t, w = bn_mulmod_bnm1_next(n + 2), i;
	limb_t one = 1;
	int ret = 0;

	if (w < BN_MULMOD_BNM1_THRESHOLD || w >= n + yn) {
		/*
		 * The whole product, or only its low n + 2 limbs when that is
		 * cheaper: the difference lies well within +-B^(n + 2) / 2.
		 */
		w = div_mullo_pays(yn, n) ? n + 2 : n + t + 1;
		memset(p, 0, w * sizeof(*p));
		if (yn && w == n + 2)
			ret = div_mullo(p, w, d, n, y, yn, tmp);
		else if (yn)
			ret = bn_mul_any(p, d, n, y, yn, tmp);
		if (ret)
			return ret;
		div_neg(p, w);
		if (e < w)
			bn_incr(p + e, w - e);
		return w;
	}
	ret = bn_mulmod_bnm1(p, w, d, n, y, yn, tmp);
	if (ret)
		return ret;
	for (i = 0; i < w; i++)
		p[i] = ~p[i];
	bn_add_wrap(p, w, e % w, &one, 1);
	div_from_residue(p, w);
	return w;
}

/* Scratch of div_inv_rem() besides p, for these n and t. */
static size_t div_inv_rem_scratch(size_t n, size_t t)
{
	size_t w = bn_mulmod_bnm1_next(n + 2), s;

	s = size_larger(div_mul_scratch(n + t + 1), div_mullo_scratch(n + 2));
	if (w >= BN_MULMOD_BNM1_THRESHOLD)
		s = size_larger(s, bn_mulmod_bnm1_scratch(w));
	return s;
}

/*
 * Given p[0..w) = B^(n - 1 + t) - d y as a two's complement number, makes
 * y[0..t] the exact quotient and puts the remainder into r[0..n). The
 * loops run as often as the estimate is off, which the callers keep to a
 * few units.
 */
static void div_inv_settle(limb_t *y, size_t t, limb_t *p, size_t w,
			   const limb_t *d, size_t n, limb_t *r)
{
	while (p[w - 1] >> (LIMB_BITS - 1)) {
		bn_add(p, p, w, d, n);
		bn_decr(y, t + 1);
	}
	while (bn_cmp(p, w, d, n) >= 0) {
		bn_sub(p, p, w, d, n);
		bn_incr(y, t + 1);
	}
	memcpy(r, p, n * sizeof(*r));
}

/*
 * Turns an estimate y[0..t] of floor(B^e / d), e = n - 1 + t, into the
 * exact value and puts B^e mod d into r[0..n).
 */
static int div_inv_fixup(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			 size_t t, limb_t *tmp)
{
	size_t yn = bn_normalized_size(y, t + 1);
	limb_t *p = tmp;
	long w;

	w = div_inv_rem(p, d, n, y, yn, t, tmp + n + t + 1);
	if (w < 0)
		return w;
	div_inv_settle(y, t, p, w, d, n, r);
	return 0;
}

/* Precision of the step below t: 2 h >= t + 2 keeps the error quadratic. */
static size_t div_half(size_t t)
{
	return (t + 3) / 2;
}

/*
 * The Newton correction c = floor(a x / B^e) of a step from precision h
 * to t, for a = |B^(m - 1 + h) - D x| (an limbs) and x (xn limbs), where
 * e = m - 1 + 2h - t. Only the top limbs matter: dropping the ca low limbs
 * of a and the cx low limbs of x makes c less than 1/B + 4/B^2 lower
 * (a < 4 B^m, x < 2 B^h), so with the floor c is below a x / B^e by less
 * than 1 + 1/B. Puts c at *c, inside q[] (an + xn limbs), and returns its
 * size, at most t - h + 2, or -EINTR.
 */
static long div_inv_corr(limb_t **c, const limb_t *a, size_t an,
			 const limb_t *x, size_t xn, size_t m, size_t h,
			 size_t t, limb_t *q)
{
	size_t e = m - 1 + 2 * h - t, ca, cx, qn, sh;
	int ret;

	ca = e > h + 2 ? e - h - 2 : 0;
	cx = e > m + 2 ? e - m - 2 : 0;
	if (an <= ca || xn <= cx)
		return 0;
	/* The shift is at least t - h + 5 > 0 limbs. */
	sh = e - ca - cx;
	qn = an - ca + xn - cx;
	if (qn <= sh)
		return 0;
	ret = bn_mul_any(q, a + ca, an - ca, x + cx, xn - cx, q + qn);
	if (ret)
		return ret;
	*c = q + sh;
	return bn_normalized_size(q + sh, qn - sh);
}

/* Limbs of p[] for B^(m - 1 + h) - D x: div_inv_rem() takes up to these. */
static size_t div_rem_limbs(size_t m, size_t h)
{
	return size_larger(m + h + 1, bn_mulmod_bnm1_next(m + 2));
}

/*
 * z[0..t] within 3 + 1/B of B^(m - 1 + t) / D, either side, for D[0..m)
 * with D[m - 1] != 0. One Newton step from x, within K = 3 + 1/B of
 * B^(m - 1 + h) / D at precision h = div_half(t), the residual
 * s = B^(m - 1 + h) - D x being computed exactly (|s| <= K D < 4 B^m):
 * as B^(m - 1 + t) / D = B^(t - h) (x + s / D) and 1 / D = x / B^(m-1+h)
 * + s / (D B^(m - 1 + h)),
 *   B^(m - 1 + t) / D = B^(t - h) x + s x / B^e + s^2 B^(t - h) / (D B^..)
 * with e = m - 1 + 2h - t. The last term is in [0, K^2 B^(t - 2h + 1)),
 * below 16 / B as 2h >= t + 2. So z = B^(t - h) x + sign(s) c, c from
 * div_inv_corr(), is below the exact value by less than 1 + 17 / B for
 * s >= 0 and above it by less than 1 + 1/B for s < 0. Truncating D to
 * t + 2 limbs (for m > t + 2, and for x below) moves B^(m - 1 + t) / D
 * by less than B^(t + 1 - (t + 2)) = 1/B: the error stays below K.
 */
static int div_appr(limb_t *z, const limb_t *d, size_t m, size_t t,
		    limb_t *tmp)
{
	size_t h, mh, xn, w, an, cn, pw;
	limb_t *x, *p, *c = NULL;
	bool neg;
	long ret;

	if (t <= DIV_INV_BASE_LIMBS) {
		/* t + 1 limbs of D move the quotient by less than 1. */
		if (m > t + 1) {
			d += m - (t + 1);
			m = t + 1;
		}
		div_inv_base(z, tmp, d, m, t, tmp + m);
		return 0;
	}
	if (m > t + 2) {
		d += m - (t + 2);
		m = t + 2;
	}
	h = div_half(t);
	mh = m < h + 2 ? m : h + 2;
	x = z + t - h;
	ret = div_appr(x, d + m - mh, mh, h, tmp);
	if (ret)
		return ret;
	xn = bn_normalized_size(x, h + 1);
	pw = div_rem_limbs(m, h);
	p = tmp;
	ret = div_inv_rem(p, d, m, x, xn, h, tmp + pw);
	if (ret < 0)
		return ret;
	w = ret;
	neg = p[w - 1] >> (LIMB_BITS - 1);
	if (neg)
		div_neg(p, w);
	an = bn_normalized_size(p, w);
	ret = div_inv_corr(&c, p, an, x, xn, m, h, t, tmp + pw);
	if (ret < 0)
		return ret;
	cn = ret;
	memset(z, 0, (t - h) * sizeof(*z));
	/* |c| < K B^(t - h + 1) < x B^(t - h): no borrow, no carry. */
	if (cn && neg)
		bn_sub(z, z, t + 1, c, cn);
	else if (cn)
		bn_add(z, z, t + 1, c, cn);
	return 0;
}

/*
 * p[0..w) = B^k a - d c as a two's complement number, for a[0..n),
 * c[0..cn), k >= 1, knowing that it lies within (-B^(n + 1), B^(n + 1)):
 * through d c modulo B^w - 1, w >= n + 2, when that is cheaper than the
 * whole product, else through the low n + 2 limbs of the whole product.
 * Returns w or -EINTR.
 */
static long div_inv_rem2(limb_t *p, const limb_t *a, size_t k,
			 const limb_t *d, size_t n, const limb_t *c,
			 size_t cn, limb_t *tmp)
{
	size_t w = bn_mulmod_bnm1_next(n + 2), i;
	limb_t *dc = tmp;
	int ret;

	if (w < BN_MULMOD_BNM1_THRESHOLD || w >= n + cn) {
		w = n + 2;
		memset(p, 0, w * sizeof(*p));
		for (i = 0; i + k < w && i < n; i++)
			p[i + k] = a[i];
		if (!cn)
			return w;
		ret = bn_mul_any(dc, d, n, c, cn, dc + n + cn);
		if (ret)
			return ret;
		bn_sub(p, p, w, dc, n + cn < w ? n + cn : w);
		return w;
	}
	ret = bn_mulmod_bnm1(dc, w, d, n, c, cn, dc + w);
	if (ret)
		return ret;
	memset(p, 0, w * sizeof(*p));
	/* B^k a modulo B^w - 1: a rotation, as n < w. */
	for (i = 0; i < n; i++)
		p[(i + k) % w] = a[i];
	bn_sub_wrap(p, p, dc, w);
	div_from_residue(p, w);
	return w;
}

/*
 * y[0..t] = floor(B^(n - 1 + t) / d), n <= t + 2, through one Newton step
 * from x, made the exact quotient at precision h = div_half(t) with its
 * remainder s = B^(n - 1 + h) - d x in [0, d) (one product by d, as x
 * comes from div_appr() within 4). As in div_appr(), y = B^(t - h) x + c
 * is at most the exact value and less than 1 + 2/B below it (now s < d:
 * the quadratic term is below B^(t - 2h + 1) <= 1/B), so the remainder
 * B^(t - h) s - d c lies in [0, 2d) and takes at most one subtraction.
 * The two products by d are n x h and n x (t - h + 2), of which only the
 * low n + 2 limbs, or the product modulo B^w - 1, w >= n + 2, are used.
 */
static int div_inv_step(limb_t *y, limb_t *r, const limb_t *d, size_t n,
			size_t t, limb_t *tmp)
{
	size_t h = div_half(t), mh = n < h + 2 ? n : h + 2, xn, an, cn;
	size_t pw = div_rem_limbs(n, t);
	limb_t *x = y + t - h, *c = NULL, *q, *p;
	long ret;

	ret = div_appr(x, d + n - mh, mh, h, tmp);
	if (!ret)
		ret = div_inv_fixup(x, r, d, n, h, tmp);
	if (ret)
		return ret;
	xn = bn_normalized_size(x, h + 1);
	an = bn_normalized_size(r, n);
	p = tmp;
	q = tmp + pw;
	ret = div_inv_corr(&c, r, an, x, xn, n, h, t, q);
	if (ret < 0)
		return ret;
	cn = ret;
	memset(y, 0, (t - h) * sizeof(*y));
	if (cn)
		bn_add(y, y, t + 1, c, cn);
	/* c stays in q[]: the product by d goes after it. */
	ret = div_inv_rem2(p, r, t - h, d, n, c, cn,
			   q + (cn ? (size_t)(c - q) + cn : 0));
	if (ret < 0)
		return ret;
	div_inv_settle(y, t, p, ret, d, n, r);
	return 0;
}

/*
 * An upper bound of what div_inv() uses, simple enough to be plainly
 * monotonic in n and t: p[] of at most max(n + t + 1, 2n + 4) limbs, the
 * correction's product of at most 2 (t + 4) limbs and the product by d
 * after it (n + t + 2), then the products' own scratch; every level of
 * div_appr() below takes less, reusing the same area.
 */
size_t div_inv_scratch(size_t n, size_t t)
{
	return 4 * (n + t) + 16 + div_inv_rem_scratch(n, t);
}

int div_inv(limb_t *y, limb_t *r, const limb_t *d, size_t n, size_t t,
	    limb_t *tmp)
{
	int ret;

	/*
	 * Above t + 2 limbs, the low part of d would make both products of
	 * div_inv_step() longer: one product by the whole d is cheaper.
	 */
	if (t > DIV_INV_BASE_LIMBS && n <= t + 2)
		return div_inv_step(y, r, d, n, t, tmp);
	ret = div_appr(y, d, n, t, tmp);
	if (ret)
		return ret;
	return div_inv_fixup(y, r, d, n, t, tmp);
}

size_t div_qr_preinv_scratch(size_t xn, size_t n, size_t t)
{
	size_t hn = xn >= n ? xn - n + 1 : 0, w = bn_mulmod_bnm1_next(n + 2);
	size_t s = div_mul_scratch(size_larger(size_larger(hn, n), t + 1));

	s = size_larger(s, div_mullo_scratch(n + 1));
	/* div_quotient() from tmp on, N <= t + 2 */
	s = size_larger(s, 3 * (t + 2) + bn_mullo_scratch(t + 2));

	if (w >= BN_MULMOD_BNM1_THRESHOLD)
		s = size_larger(s, 2 * w + bn_mulmod_bnm1_scratch(w));
	return 2 * hn + t + 1 + n + s;
}

/*
 * The remainder s = x - q d, known to lie in [0, 7d), from q d modulo
 * B^w - 1, w >= n + 2: there s is x - q d with x reduced the same way.
 * Leaves s mod B^n in x[0..n) and s's limb n in *hi. tmp holds
 * 2w + bn_mulmod_bnm1_scratch(w) limbs.
 */
static int div_rem_bnm1(limb_t *x, size_t xn, const limb_t *q, size_t qn,
			const limb_t *d, size_t n, size_t w, limb_t *hi,
			limb_t *tmp)
{
	limb_t *qd = tmp, *xm = tmp + w;
	int ret;

	ret = bn_mulmod_bnm1(qd, w, q, qn, d, n, tmp + 2 * w);
	if (ret)
		return ret;
	bn_mod_bnm1(xm, w, x, xn);
	bn_sub_wrap(xm, xm, qd, w);
	/* s < B^(n + 1): anything above is B^w - 1, that is, zero. */
	if (bn_normalized_size(xm + n + 1, w - n - 1))
		memset(xm, 0, w * sizeof(*xm));
	memcpy(x, xm, n * sizeof(*x));
	*hi = xm[n];
	return 0;
}

/* a[0..an) times B^(n - an) into r[0..n), or a itself when an = n. */
static const limb_t *div_pad(limb_t *r, size_t n, const limb_t *a,
			     size_t an)
{
	if (an == n)
		return a;
	memset(r, 0, (n - an) * sizeof(*r));
	memcpy(r + n - an, a, an * sizeof(*r));
	return r;
}

/*
 * q[0..hn) = floor(x y / B^s), x of hn limbs, y of yn >= hn limbs, with
 * s <= yn, or one less: only the top of x y matters, so the operands,
 * padded with low zero limbs to N limbs, go to bn_mulhi(), which keeps
 * one limb below B^s (N >= hn + yn + 1 - s) to make its error of up to N
 * units there cost at most one.
 */
static int div_quotient(limb_t *q, const limb_t *x, size_t hn,
			const limb_t *y, size_t yn, size_t s, limb_t *tmp)
{
	size_t N = size_larger(yn, hn + yn + 1 - s), low = hn + yn - N;
	limb_t *p = tmp, *xp = p + N, *yp = xp + N;
	const limb_t *a, *b;
	int ret;

	if (N < DIV_MULHI_MIN) {
		ret = bn_mul_any(p, x, hn, y, yn, p + hn + yn);
		memcpy(q, p + s, hn * sizeof(*q));
		return ret;
	}
	a = div_pad(xp, N, x, hn);
	b = div_pad(yp, N, y, yn);
	ret = bn_mulhi(p, a, b, N, yp + N);
	memcpy(q, p + s - low, hn * sizeof(*q));
	return ret;
}

/*
 * x[0..n), with its limb n in *hi, = x[0..xn) - q[0..qn) d[0..n), which
 * div_qr_chunk() knows to lie in [0, 7d): from the cheaper of the
 * product modulo B^w - 1 and the low n + 1 limbs of the product. qd has
 * room for either, as div_qr_preinv_scratch() counts it.
 */
static int div_remainder(limb_t *x, size_t xn, const limb_t *q, size_t qn,
			 const limb_t *d, size_t n, limb_t *hi, limb_t *qd)
{
	size_t w = bn_mulmod_bnm1_next(n + 2);
	int ret;

	*hi = xn > n ? x[n] : 0;
	if (!qn)
		return 0;
	/*
	 * The cyclic product of length w ~ n beats the whole qn x n one
	 * when qn is not much shorter than n, or when that one would take
	 * the transform too, at a length of qn + n > w.
	 */
	if (w >= BN_MULMOD_BNM1_THRESHOLD && w < qn + n &&
	    (2 * qn >= n || bn_mul_takes_ntt(n, qn)))
		return div_rem_bnm1(x, xn, q, qn, d, n, w, hi, qd);
	/*
	 * The difference is below B^(n + 1), so only the low n + 1 limbs of
	 * q d matter, and those only need q mod B^(n + 1).
	 */
	if (qn > n + 1)
		qn = n + 1;
	if (div_mullo_pays(qn, n))
		ret = div_mullo(qd, n + 1, q, qn, d, n, qd + n + 1);
	else
		ret = div_mul_low(qd, q, qn, d, n, qd + n + 1);
	if (!ret)
		*hi -= qd[n] + bn_sub_n(x, x, qd, n);
	return ret;
}

/*
 * With y = floor(B^m / d), m = n - 1 + t, and x < B^m, the estimate
 * q = floor(floor(x / B^(n - 1)) y / B^t) is at most x / d and above
 * x / d - 3, since x / B^m < 1 and B^(n - 1) / d <= 1; dropping the low
 * limbs of y costs one more, and a y up to two units low two more, as
 * floor(x / B^(n - 1)) < B^t, and the high product of div_quotient()
 * one more. So the remainder x - q d lies in [0, 7d), within n + 1 limbs,
 * and at most six subtractions of d make it exact.
 */
static int div_qr_chunk(limb_t *q, limb_t *x, size_t xn, const limb_t *d,
			size_t n, const limb_t *y, size_t t, limb_t *tmp)
{
	size_t hn, yn, cut;
	limb_t *p, hi;
	int ret;

	if (xn < n)
		return 0;
	hn = xn - n + 1;
	yn = bn_normalized_size(y, t + 1);
	p = tmp;
	/*
	 * y is often more precise than this x needs: its limbs below
	 * cut = t - 1 - hn add less than B^(t - 1) to the product, so
	 * dropping them makes q at most one lower.
	 */
	cut = t > hn + 1 ? t - 1 - hn : 0;
	cut = cut < yn ? cut : 0;
	ret = div_quotient(q, x + n - 1, hn, y + cut, yn - cut, t - cut, p);
	if (!ret)
		ret = div_remainder(x, xn, q, bn_normalized_size(q, hn), d, n,
				    &hi, p + hn + yn);
	if (ret)
		return ret;
	while (hi || bn_cmp_n(x, d, n) >= 0) {
		hi -= bn_sub_n(x, x, d, n);
		bn_incr(q, hn);
	}
	return 0;
}

/*
 * A quotient longer than t limbs comes in chunks from the top, as in long
 * division: the top n - 1 + t limbs of x give t quotient limbs and leave a
 * remainder below d, which with the next t - 1 limbs is again below
 * B^(n - 1 + t). Such a chunk's quotient is below B^(t - 1), so its top
 * limb, where the chunk above put its lowest, is zero and is kept.
 */
int div_qr_preinv(limb_t *q, limb_t *x, size_t xn, const limb_t *d,
		  size_t n, const limb_t *y, size_t t, limb_t *tmp)
{
	size_t m = n - 1 + t, lo, xc;
	bool below = false;	/* a chunk above holds our top limb's place */
	limb_t kept = 0;
	int ret;

	do {
		/* With t = 1 a chunk would not move: x must then be below B^n. */
		xc = xn > m && t > 1 ? m : xn;
		lo = xn - xc;
		if (below)
			kept = q[lo + xc - n];
		ret = div_qr_chunk(q + lo, x + lo, xc, d, n, y, t, tmp);
		if (ret)
			return ret;
		if (below)
			q[lo + xc - n] = kept;
		below = true;
		xn = lo + n;
	} while (lo);
	return 0;
}

int div_inv_correct(limb_t *y, limb_t *r, const limb_t *d, size_t n,
		    size_t t, limb_t *tmp)
{
	return div_inv_fixup(y, r, d, n, t, tmp);
}
