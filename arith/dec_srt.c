// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The fast conversion: Bernstein's scaled remainder tree. Instead of the
 * node values, the tree carries fractions f = v / P_(k+1) in [0, 1), kept
 * as L_k = |P_(k+1)| + 1 limbs after the point (|P| being its limbs): a
 * node splits into the high child, whose fraction is f itself (its top
 * L_(k-1) limbs), and the low child, whose fraction is the fractional part
 * of f P_k: one product per node, of which only a middle band is needed,
 * which a cyclic product gives (see dec_srt_low()). The leaves are
 * peeled off by multiplying by 10^19.
 *
 * The root x (P_top <= x < P_(top+1)) is split exactly, x = q P_top + r,
 * and the two parts start as fractions v' / P_top with v' = v + 1/2 (the
 * half keeps each part's lowest chunk away from a boundary). Every step
 * rounds down by a few units in the last place: measured in units of the
 * node's own value, the errors never exceed 3 B^-1 each (a root fraction,
 * a low child's band, a high child's truncation, a dropped limb of a
 * leaf) and are only divided on the way down, so with at most a few dozen
 * of them a leaf is within E < 2^-54 below its true value, modulo 1. A
 * chunk is then right unless the fractional part left after it is within
 * E of 1; that is checked at every chunk, and such a number (say, one with
 * 17 zeros or nines in a row below a chunk boundary, or a power of ten) is
 * converted again by the exact method (dec.c). Leading zero chunks are not
 * at risk: their fractional parts are v / 10^(19j) with v >= 1/8 (see
 * dec_srt_high_zero()), and the errors are divided by the same power.
 */
#include "dec_internal.h"

/* Nodes of up to this many limbs are peeled chunk by chunk. */
#define DEC_SRT_BASE 32

/* A fractional part with its top limb at or above this is ambiguous. */
#define DEC_SRT_AMBIGUOUS (~(limb_t)0 - 1023)

/* |P_k|: the limbs of P_k, zeros included. */
static size_t dec_srt_size(const struct dec_srt *c, int k)
{
	return c->lv[k].zeros + c->lv[k].n;
}

/* L_k: the fraction limbs of a node at level k. */
static size_t dec_srt_len(const struct dec_srt *c, int k)
{
	return dec_srt_size(c, k + 1) + 1;
}

/* Where level k's low child lives, of L_k <= 2^(k+1) + 1 limbs. */
static size_t dec_srt_buf(int k)
{
	return ((size_t)2 << k) - 2 + k;
}

/* Where level k's prepared power lives, for a length of at most 2^(k+1). */
static size_t dec_srt_prep(int k)
{
	return bn_mulmod_bnm1_prep_size(((size_t)2 << k) - 2);
}

/* One 19-digit chunk, without the leading zeros of the number. */
static void dec_srt_emit(struct dec_srt *c, limb_t chunk)
{
	if (c->started) {
		dec_put_chunk(c->out, chunk);
		c->out += DN_DIGITS;
		return;
	}
	if (!chunk)
		return;
	c->out += dec_put_top(c->out, chunk);
	c->started = true;
}

/*
 * The leaves of a node: f[0..len) times 10^19 has the next chunk as its
 * integer part. With i chunks left the fraction needs only i + 1 limbs
 * (B^-1 of the value), so the low limbs are dropped as the chunks go.
 */
static int dec_srt_base(struct dec_srt *c, limb_t *f, size_t len,
			size_t chunks)
{
	limb_t chunk;

	for (; chunks; chunks--) {
		if (len > chunks + 1) {
			f += len - (chunks + 1);
			len = chunks + 1;
		}
		chunk = bn_mul_1(f, f, len, DN_BASE);
		if (f[len - 1] >= DEC_SRT_AMBIGUOUS)
			return -EAGAIN;
		dec_srt_emit(c, chunk);
	}
	return 0;
}

/*
 * Limbs [lo, hi) of f[0..fn) P'_k from the whole product, for the
 * lengths below BN_MULMOD_BNM1_THRESHOLD (see dec_srt_low()).
 */
static int dec_srt_low_whole(limb_t *low, const limb_t *f, size_t fn,
			     const struct dec_level *lv, size_t lo, size_t hi,
			     limb_t *prod)
{
	size_t pn = lv->n, rn = fn + pn, w = hi - lo;
	int ret;

	ret = bn_mul_any(prod, f, fn, lv->pow, pn, prod + fn + pn);
	if (ret)
		return ret;
	if (rn <= lo) {
		memset(low, 0, w * sizeof(*low));
	} else if (rn < hi) {
		memcpy(low, prod + lo, (rn - lo) * sizeof(*low));
		memset(low + rn - lo, 0, (hi - rn) * sizeof(*low));
	} else {
		memcpy(low, prod + lo, w * sizeof(*low));
	}
	return 0;
}

/*
 * The low child's fraction: f P_k = f P'_k B^z, so with F = f B^L, the
 * fractional part is F P'_k mod B^(L - z), of which the top w = L_(k-1)
 * limbs are kept: limbs [lo, hi) of the product, hi = L - z. Modulo
 * B^N - 1 with N >= hi, the product's limbs from N up land on limbs
 * below lo if N >= |F P'_k| - lo, and then only lower the band by at most
 * one unit (a borrow): taking one more off keeps it an underestimate,
 * modulo 1, by at most two units.
 */
static int dec_srt_low(struct dec_srt *c, limb_t *low, const limb_t *f,
		       size_t len, int k)
{
	struct dec_level *lv = &c->lv[k];
	size_t fn = bn_normalized_size(f, len), pn = lv->n;
	size_t hi = len - lv->zeros, w = dec_srt_len(c, k - 1), lo = hi - w;
	size_t need = len + pn - lo, nn;
	limb_t *prod = c->tmp;
	int ret = 0;

	if (!fn) {
		memset(low, 0, w * sizeof(*low));
		return 0;
	}
	/* From len, not fn: one length, and one prepared P'_k, per level. */
	nn = bn_mulmod_bnm1_next(need > hi ? need : hi);
	if (nn < BN_MULMOD_BNM1_THRESHOLD)
		return dec_srt_low_whole(low, f, fn, lv, lo, hi, prod);
	if (nn > (size_t)2 << k) {
		ret = bn_mulmod_bnm1(prod, nn, f, fn, lv->pow, pn, prod + nn);
	} else {
		if (!lv->prep) {
			lv->prep = c->prep + dec_srt_prep(k);
			ret = bn_mulmod_bnm1_prepare(lv->prep, nn, lv->pow, pn,
						     prod);
		}
		if (!ret)
			ret = bn_mulmod_bnm1_prepared(prod, nn, f, fn, lv->prep,
						      prod + nn);
	}
	if (ret)
		return ret;
	memcpy(low, prod + lo, w * sizeof(*low));
	bn_decr(low, w);
	return 0;
}

/*
 * Whether the high child's value, h = f_high P_k, is surely zero: from
 * the top limbs, h < (a + 1)(p + 1) B^(s - 3) where a is the top nonzero
 * limb of f_high, at s, and p the top one of P_k; below 1/2 it is zero
 * even with the error added back. A high child that is zero but not seen
 * as such here is above 1/8 (the bound is off by at most 4), far from the
 * errors, so its leading zero chunks never look ambiguous.
 */
static bool dec_srt_high_zero(const struct dec_srt *c, const limb_t *high,
			      size_t len, int k)
{
	const struct dec_level *lv = &c->lv[k];
	size_t s = bn_normalized_size(high, len);
	limb_t a, p = lv->pow[lv->n - 1], hi, lo;

	if (!s)
		return true;
	a = high[s - 1];
	if (s > 2 || a == ~(limb_t)0 || p == ~(limb_t)0)
		return false;
	lo = limb_mul(a + 1, p + 1, &hi);
	if (s == 2)
		return !hi && lo < (limb_t)1 << 63;
	return hi < (limb_t)1 << 63;
}

/* The digits of a node at level k with fraction f[0..L_k). */
static int dec_srt_node(struct dec_srt *c, limb_t *f, int k)
{
	size_t len = dec_srt_len(c, k), w;
	limb_t *low, *high;
	int ret;

	if (k == 0 || len <= DEC_SRT_BASE + 1)
		return dec_srt_base(c, f, len, (size_t)2 << k);
	if (port_interrupted())
		return -EINTR;
	w = dec_srt_len(c, k - 1);
	low = c->buf + dec_srt_buf(k - 1);
	high = f + len - w;
	ret = dec_srt_low(c, low, f, len, k);
	if (ret)
		return ret;
	if (c->started || !dec_srt_high_zero(c, high, w, k)) {
		ret = dec_srt_node(c, high, k - 1);
		if (ret)
			return ret;
	}
	return dec_srt_node(c, low, k - 1);
}

/* The scratch of dec_srt_fraction() for these vn and t. */
static size_t dec_srt_fraction_scratch(size_t vn, size_t t)
{
	return (vn + 1) + (vn + 1 + t + 1) + bn_mul_scratch(t + 1, vn + 1);
}

/*
 * The fraction F = floor(v' B^L / P) of a part v[0..vn) < P = P_top =
 * P' B^z, v' = v + 1/2, for a node at level top - 1: L = |P| + 1. With
 * y = floor(B^e / P'), e = |P'| - 1 + t, t >= vn + 2, the estimate
 * F' = floor((2v + 1) y / (2 B^(t-2))) is below F by less than two, three
 * when the limbs of y that v does not need are dropped. tmp holds
 * dec_srt_fraction_scratch(vn, t) limbs.
 */
static int dec_srt_fraction(limb_t *f, size_t len, const limb_t *v,
			    size_t vn, const limb_t *y, size_t t,
			    limb_t *tmp)
{
	limb_t *v2 = tmp, *prod = v2 + vn + 1;
	size_t yn = bn_normalized_size(y, t + 1), pn, cut;
	int ret;

	/* y's limbs below t - 3 - vn add less than B^(t-2): one unit more. */
	cut = t > vn + 3 ? t - 3 - vn : 0;
	y += cut;
	yn -= cut;
	t -= cut;
	v2[vn] = vn ? bn_lshift(v2, v, vn, 1) : 0;
	v2[0] |= 1;
	ret = bn_mul(prod, y, yn, v2, vn + 1, prod + yn + vn + 1);
	if (ret)
		return ret;
	/* (vn + 1) + yn - (t - 2) limbs, then one bit right */
	pn = vn + 1 + yn - (t - 2);
	memset(f, 0, len * sizeof(*f));
	memcpy(f, prod + t - 2, (pn < len ? pn : len) * sizeof(*f));
	/* the bit above f comes down into its top limb */
	bn_rshift(f, f, len, 1);
	if (pn > len)
		f[len - 1] |= prod[t - 2 + len] << (LIMB_BITS - 1);
	return 0;
}

struct dec_srt_layout {
	size_t levels, pows, buf, prep, f, x, q, tmp, total;
};

/*
 * The root's scratch for n limbs under a top level of at most kmax: the
 * reciprocal (t + 1 limbs) and its remainder, the division, and the
 * fractions of its two parts.
 */
static size_t dec_srt_root_scratch(size_t n, int kmax)
{
	size_t sm = dec_pow_limbs_max(kmax), t = sm + 2, pm = sm;
	size_t inv = pm + div_inv_scratch(pm, t);
	size_t div = div_qr_preinv_scratch(n, pm, t);
	size_t frac = dec_srt_fraction_scratch(sm, t);

	return (t + 1) + size_larger(size_larger(inv, div), frac);
}

/* The scratch of dec_srt_low() at level k. */
static size_t dec_srt_low_scratch(int k)
{
	size_t len = dec_pow_limbs_max(k + 1) + 1, pn = dec_pow_limbs_max(k);
	size_t nn = bn_mulmod_bnm1_next(len + pn), s;

	s = len + pn + bn_mul_scratch(len, len);
	if (nn >= BN_MULMOD_BNM1_THRESHOLD)
		s = size_larger(s, nn + bn_mulmod_bnm1_scratch(nn));
	return s;
}

static void dec_srt_layout(struct dec_srt_layout *l, size_t n)
{
	int kmax = dec_top_level_max(n), k;
	size_t lvl = sizeof(struct dec_level), tmp;

	l->levels = ((kmax + 1) * lvl + sizeof(limb_t) - 1) / sizeof(limb_t);
	l->pows = (size_t)2 << kmax;
	l->buf = dec_srt_buf(kmax);
	l->prep = dec_srt_prep(kmax);
	l->f = dec_pow_limbs_max(kmax) + 1;
	l->x = n;
	l->q = n + 1;
	tmp = size_larger(bn_sqr_scratch((size_t)1 << kmax),
			  dec_srt_root_scratch(n, kmax));
	for (k = 1; k < kmax; k++)
		tmp = size_larger(tmp, dec_srt_low_scratch(k));
	l->tmp = tmp;
	l->total = l->levels + l->pows + l->buf + l->prep + l->f + l->x +
		   l->q + l->tmp;
	port_assert(l->total <= dec_scratch_max(n));
}

/*
 * The root, x[0..n) with P_top <= x < P_(top+1), is split exactly:
 * x = q P_top + r by div_qr_preinv(), with one reciprocal of P'_top that
 * also gives the fractions of q and r; these two parts start the tree at
 * level top - 1, in c->f and in the level's low child buffer.
 */
static int dec_srt_root(struct dec_srt *c, limb_t *x, size_t n, limb_t *q,
			int top)
{
	const struct dec_level *lv = &c->lv[top];
	size_t z = lv->zeros, pn = lv->n, t = z + pn + 2, len, qn, rn;
	limb_t *y = c->tmp, *w = y + t + 1, *low;
	int ret;

	ret = div_inv(y, w, lv->pow, pn, t, w + pn);
	if (!ret)
		ret = div_qr_preinv(q, x + z, n - z, lv->pow, pn, y, t, w);
	if (ret)
		return ret;
	qn = bn_normalized_size(q, n - z - pn + 1);
	rn = bn_normalized_size(x, z + pn);
	len = dec_srt_len(c, top - 1);
	low = c->buf + dec_srt_buf(top - 1);
	ret = dec_srt_fraction(c->f, len, q, qn, y, t, w);
	if (!ret)
		ret = dec_srt_fraction(low, len, x, rn, y, t, w);
	return ret;
}

long dec_srt_convert(char *out, const limb_t *a, size_t n)
{
	struct dec_srt_layout l;
	struct dec_srt c;
	limb_t *mem, *pows, *x, *q;
	int top, ret;

	dec_srt_layout(&l, n);
	mem = port_alloc_array(l.total, sizeof(*mem));
	if (!mem)
		return -ENOMEM;
	c.lv = (struct dec_level *)mem;
	pows = mem + l.levels;
	c.buf = pows + l.pows;
	c.prep = (u64 *)(c.buf + l.buf);
	c.f = c.buf + l.buf + l.prep;
	x = c.f + l.f;
	q = x + l.x;
	c.tmp = q + l.q;
	c.out = out;
	c.started = false;

	memcpy(x, a, n * sizeof(*x));
	top = dec_levels(c.lv, pows, x, n, c.tmp);
	ret = top < 0 ? top : dec_srt_root(&c, x, n, q, top);
	if (!ret)
		ret = dec_srt_node(&c, c.f, top - 1);
	if (!ret)
		ret = dec_srt_node(&c, c.buf + dec_srt_buf(top - 1), top - 1);
	port_free(mem);
	return ret ? ret : c.out - out;
}

size_t dec_srt_subtrees_limbs(int k)
{
	if (k < 0)
		return 0;
	return dec_srt_buf(k) + dec_srt_prep(k + 1) +
	       dec_pow_limbs_max(k + 1) + 1;
}

size_t dec_srt_subtrees_scratch(int k)
{
	size_t s = 0, sm = dec_pow_limbs_max(k + 1);
	int j;

	if (k < 0)
		return 0;
	for (j = 1; j <= k; j++)
		s = size_larger(s, dec_srt_low_scratch(j));
	return size_larger(s, dec_srt_fraction_scratch(sm, sm + 2));
}

void dec_srt_subtrees_init(struct dec_srt *s, struct dec_level *lv,
			   limb_t *mem, limb_t *tmp, int k)
{
	size_t buf = k >= 0 ? dec_srt_buf(k) : 0;
	size_t prep = k >= 0 ? dec_srt_prep(k + 1) : 0;

	s->lv = lv;
	s->buf = mem;
	s->prep = (u64 *)(mem + buf);
	s->f = mem + buf + prep;
	s->tmp = tmp;
}

int dec_srt_subtree(struct dec_srt *s, const limb_t *x, size_t xn, int k,
		    const limb_t *y, size_t t)
{
	int ret;

	ret = dec_srt_fraction(s->f, dec_srt_len(s, k), x, xn, y, t, s->tmp);
	if (!ret)
		ret = dec_srt_node(s, s->f, k);
	return ret;
}
