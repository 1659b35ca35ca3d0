// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Decimal conversion by divide and conquer: x is split by a power
 * P_k = 10^(19 * 2^k) into a high and a low part, which are converted in
 * turn, the low one padded with zeros to exactly 19 * 2^k digits. Small
 * parts go to the quadratic base case, which peels off 19 digits at a time
 * by dividing by 10^19.
 *
 * P_k = 2^(19 * 2^k) 5^(19 * 2^k) ends in floor(19 * 2^k / 64) zero limbs,
 * which are dropped: dividing x by P_k is dividing x without its low limbs
 * by the rest, P'_k, 30% shorter. Each level's P'_k gets its reciprocal
 * once (div_inv()), and then each node at that level costs two products
 * (div_qr_preinv()).
 *
 * Memory: the node at level k (x < P_(k+1)) owns 2^(k+1) limbs; it leaves
 * its remainder (< P_k, at most 2^k limbs) in the low half and copies its
 * quotient to the high half, where the two children then work.
 */
#include "dec.h"
#include "div.h"

#define DEC_CHUNK_DIGITS 19
#define DEC_CHUNK_BASE 10000000000000000000ULL /* 10^19, top bit set */
/* floor((2^128 - 1) / 10^19) - 2^64, for dividing by 10^19 */
#define DEC_CHUNK_INV 0xd83c94fb6d2ac34aULL

/*
 * Parts of a large number of up to this many limbs go to the quadratic
 * base case. Measured on the 2-core EPYC, gcc -O2, with the in-tree
 * products: 12 to 30 limbs are within noise of each other (F(10^6) in
 * 23.4 to 23.8 ms); 45 is 3% slower.
 */
#define DEC_DC_THRESHOLD 30

/*
 * Numbers of up to this many limbs skip the divide and conquer, whose
 * powers, reciprocals and allocation do not pay below it. Quadratic vs
 * divide and conquer (same machine): 33 limbs 2 vs 7 us, 76 limbs 11 vs
 * 16 us, 109 limbs 22 vs 23 us, 152 limbs 41 vs 37 us, 217 limbs 84 vs
 * 59 us.
 */
#define DEC_DC_ENTRY 120

/* Levels a conversion can use: 2^k limbs must fit in a size_t. */
#define DEC_LEVELS_MAX (8 * sizeof(size_t) - 2)

struct dec_level {
	const limb_t *pow;	/* P'_k: P_k without its low zero limbs */
	limb_t *inv;		/* from div_inv(pow, n, t); NULL if unused */
	size_t n;		/* limbs of P'_k */
	size_t zeros;		/* low zero limbs of P_k */
	size_t t;		/* precision of inv */
};

struct dec_ctx {
	struct dec_level *lv;
	limb_t *q;		/* a quotient on its way to its place */
	limb_t *tmp;		/* div_*() scratch */
	char *out;		/* where the next digit goes */
};

/* Writes v < 100 as two digits at p. */
static inline void dec_put_pair(char *p, unsigned int v)
{
	p[0] = '0' + v / 10;
	p[1] = '0' + v % 10;
}

/*
 * A number of n limbs is below 2^(64n) < 10^(19.27n), so it has at most
 * n + n/64 + 1 chunks of 19 digits.
 */
size_t dec_size_max(size_t n)
{
	return DEC_CHUNK_DIGITS * (n + n / 64 + 2);
}

/* Writes c < 10^19 as exactly 19 digits at p, two at a time. */
static void dec_put_chunk(char *p, u64 c)
{
	u64 hi = c / 10000000000ULL, lo = c % 10000000000ULL;
	int i;

	/* Two independent chains: the high 9 digits and the low 10. */
	for (i = 0; i < 5; i++) {
		dec_put_pair(p + 17 - 2 * i, lo % 100);
		lo /= 100;
		if (i < 4) {
			dec_put_pair(p + 7 - 2 * i, hi % 100);
			hi /= 100;
		}
	}
	p[0] = '0' + hi;
}

/*
 * a[0..n) /= 10^19 in place; returns the remainder. Algorithm 4 of
 * Moeller and Granlund, "Improved division by invariant integers", with
 * the reciprocal of the constant divisor known in advance.
 */
static limb_t dec_divrem_chunk(limb_t *a, size_t n)
{
	const limb_t d = DEC_CHUNK_BASE, v = DEC_CHUNK_INV;
	limb_t rem = 0, qh, ql, r, lo;
	size_t i;

	for (i = n; i > 0; i--) {
		lo = a[i - 1];
		ql = limb_mul(v, rem, &qh);
		ql += lo;
		qh += rem + 1 + (ql < lo);
		r = lo - qh * d;
		if (r > ql) {
			qh--;
			r += d;
		}
		if (unlikely(r >= d)) {
			qh++;
			r -= d;
		}
		a[i - 1] = qh;
		rem = r;
	}
	return rem;
}

/*
 * The quadratic conversion, for numbers of up to DEC_DC_THRESHOLD limbs:
 * chunks from the least significant, filling out from its end.
 */
static long dec_small(char *out, limb_t *a, size_t n)
{
	char *end = out + dec_size_max(n), *first = end;
	size_t len;

	while (n) {
		first -= DEC_CHUNK_DIGITS;
		dec_put_chunk(first, dec_divrem_chunk(a, n));
		n = bn_normalized_size(a, n);
	}
	while (first < end - 1 && *first == '0')
		first++;
	if (first == end)
		*--first = '0';
	len = end - first;
	memmove(out, first, len);
	return len;
}

/* x[0..xn) as exactly chunks * 19 digits, leading zeros included. */
static void dec_base_padded(struct dec_ctx *c, limb_t *x, size_t xn,
			    size_t chunks)
{
	char *p = c->out + chunks * DEC_CHUNK_DIGITS;

	while (p > c->out) {
		p -= DEC_CHUNK_DIGITS;
		if (xn) {
			dec_put_chunk(p, dec_divrem_chunk(x, xn));
			xn = bn_normalized_size(x, xn);
		} else {
			memset(p, '0', DEC_CHUNK_DIGITS);
		}
	}
	c->out += chunks * DEC_CHUNK_DIGITS;
}

/* x[0..xn), nonzero, without leading zeros; the chunks wait in c->q. */
static void dec_base_top(struct dec_ctx *c, limb_t *x, size_t xn)
{
	char first[DEC_CHUNK_DIGITS];
	limb_t *chunk = c->q;
	size_t m = 0, skip = 0;

	while (xn) {
		chunk[m++] = dec_divrem_chunk(x, xn);
		xn = bn_normalized_size(x, xn);
	}
	dec_put_chunk(first, m ? chunk[--m] : 0);
	while (skip < DEC_CHUNK_DIGITS - 1 && first[skip] == '0')
		skip++;
	memcpy(c->out, first + skip, DEC_CHUNK_DIGITS - skip);
	c->out += DEC_CHUNK_DIGITS - skip;
	while (m) {
		dec_put_chunk(c->out, chunk[--m]);
		c->out += DEC_CHUNK_DIGITS;
	}
}

/*
 * Splits x[0..*xn) by P_k: the remainder stays in x, *xn becoming its
 * size, and the quotient goes to x + 2^k, *qn being its size. x must be
 * below B^(zeros + n - 1 + t) for the level's reciprocal.
 */
static int dec_split(struct dec_ctx *c, limb_t *x, size_t *xn, int k,
		     size_t *qn)
{
	const struct dec_level *lv = &c->lv[k];
	size_t s = lv->zeros, n = lv->n;
	int ret;

	*qn = 0;
	/* Below B^(s + n - 1) <= P_k: the quotient is zero. */
	if (*xn < s + n)
		return 0;
	ret = div_qr_preinv(c->q, x + s, *xn - s, lv->pow, n, lv->inv, lv->t,
			    c->tmp);
	if (ret)
		return ret;
	*qn = bn_normalized_size(c->q, *xn - s - n + 1);
	memcpy(x + ((size_t)1 << k), c->q, *qn * sizeof(*x));
	*xn = bn_normalized_size(x, s + n);
	return 0;
}

/* x[0..xn) < P_(k+1) as exactly 19 * 2^(k+1) digits. */
static int dec_padded(struct dec_ctx *c, limb_t *x, size_t xn, int k)
{
	size_t qn;
	int ret;

	xn = bn_normalized_size(x, xn);
	if (xn <= DEC_DC_THRESHOLD || k < 0 || !c->lv[k].inv) {
		dec_base_padded(c, x, xn, (size_t)1 << (k + 1));
		return 0;
	}
	if (port_interrupted())
		return -EINTR;
	ret = dec_split(c, x, &xn, k, &qn);
	if (!ret)
		ret = dec_padded(c, x + ((size_t)1 << k), qn, k - 1);
	if (!ret)
		ret = dec_padded(c, x, xn, k - 1);
	return ret;
}

/* x below P_k: P_k has zeros + n limbs and its top ones are P'_k. */
static bool dec_below_power(const limb_t *x, size_t xn,
			    const struct dec_level *lv)
{
	size_t i, size = lv->zeros + lv->n;

	if (xn != size)
		return xn < size;
	for (i = lv->n; i > 0; i--) {
		if (x[lv->zeros + i - 1] != lv->pow[i - 1])
			return x[lv->zeros + i - 1] < lv->pow[i - 1];
	}
	return false;
}

/* x[0..xn), nonzero and below P_(k+1), without leading zeros. */
static int dec_top(struct dec_ctx *c, limb_t *x, size_t xn, int k)
{
	size_t qn;
	int ret;

	xn = bn_normalized_size(x, xn);
	while (k >= 0 && dec_below_power(x, xn, &c->lv[k]))
		k--;
	if (xn <= DEC_DC_THRESHOLD || k < 0 || !c->lv[k].inv) {
		dec_base_top(c, x, xn);
		return 0;
	}
	if (port_interrupted())
		return -EINTR;
	ret = dec_split(c, x, &xn, k, &qn);
	if (!ret)
		ret = dec_top(c, x + ((size_t)1 << k), qn, k - 1);
	if (!ret)
		ret = dec_padded(c, x, xn, k - 1);
	return ret;
}

/*
 * Bounds on the limbs of P_k: it has floor(2^k * 19 log2(10) / 64) + 1,
 * with 19 log2(10) / 64 = 0.986197..., and exactly floor(19 * 2^k / 64) of
 * them are zero.
 */
static size_t dec_pow_limbs_min(int k)
{
	return ((size_t)63116 << k) / 64000;
}

static size_t dec_pow_limbs_max(int k)
{
	return ((size_t)63117 << k) / 64000 + 1;
}

static size_t dec_pow_zeros(int k)
{
	return ((size_t)19 << k) / 64;
}

/* The top level for n limbs: the first k with 2 L_k - 2 >= n. */
static int dec_top_level_max(size_t n)
{
	int k = 0;

	while (2 * dec_pow_limbs_min(k) < n + 2)
		k++;
	return k;
}

/* Where level k's power and reciprocal live in their regions. */
static size_t dec_pow_offset(int k)
{
	return ((size_t)1 << k) - 1;
}

static size_t dec_inv_offset(int k)
{
	return ((size_t)1 << k) - 1 + 3 * (size_t)k;
}

static size_t dec_max(size_t a, size_t b)
{
	return a > b ? a : b;
}

struct dec_layout {
	size_t levels, x, pows, invs, q, tmp, total;
};

/* The one scratch area for a conversion of n limbs, in limbs. */
static void dec_layout(struct dec_layout *l, size_t n)
{
	int top = dec_top_level_max(n), k;
	size_t lvl = sizeof(struct dec_level), span = (size_t)2 << top;
	size_t pn, t, tmp = 0, need;

	l->levels = ((top + 1) * lvl + sizeof(limb_t) - 1) / sizeof(limb_t);
	l->x = span;
	l->pows = span;
	l->invs = dec_inv_offset(top + 1);
	/* Quotients, or the chunks of dec_base_top(). */
	l->q = dec_max(((size_t)1 << top) + 2, DEC_DC_THRESHOLD + 2);
	for (k = 0; k <= top; k++) {
		pn = dec_pow_limbs_max(k) - dec_pow_zeros(k);
		t = dec_pow_limbs_max(k) + 1;
		/* The reciprocal's remainder, then div_inv()'s scratch. */
		need = pn + div_inv_scratch(pn, t);
		tmp = dec_max(tmp, need);
		need = div_qr_preinv_scratch(2 * dec_pow_limbs_max(k), pn, t);
		tmp = dec_max(tmp, need);
	}
	/* Squaring the powers. */
	need = bn_sqr_scratch((size_t)1 << top);
	l->tmp = dec_max(tmp, need);
	l->total = l->levels + l->x + l->pows + l->invs + l->q + l->tmp;
}

/* P_0 .. P_K, the first K with 2 L_K - 2 >= xn; returns K. */
static int dec_powers(struct dec_level *lv, limb_t *pows, size_t xn,
		      limb_t *tmp)
{
	limb_t *sq;
	size_t z, size;
	int k = 0;

	pows[0] = DEC_CHUNK_BASE;
	lv[0].pow = pows;
	lv[0].n = 1;
	lv[0].zeros = 0;
	while (2 * (lv[k].zeros + lv[k].n) < xn + 2) {
		sq = pows + dec_pow_offset(k + 1);
		bn_sqr(sq, lv[k].pow, lv[k].n, tmp);
		if (port_interrupted())
			return -EINTR;
		size = bn_normalized_size(sq, 2 * lv[k].n);
		for (z = 0; !sq[z]; z++)
			;
		k++;
		lv[k].pow = sq + z;
		lv[k].n = size - z;
		lv[k].zeros = 2 * lv[k - 1].zeros + z;
	}
	return k;
}

/*
 * The reciprocals of levels 0..top that may see a node above the
 * threshold; the top level's is only as precise as x needs.
 */
static int dec_inverses(struct dec_level *lv, limb_t *invs, int top,
			size_t xn, limb_t *tmp)
{
	size_t size;
	int k, ret;

	for (k = 0; k <= top; k++) {
		size = lv[k].zeros + lv[k].n;
		lv[k].inv = NULL;
		if (k < top && 2 * size <= DEC_DC_THRESHOLD)
			continue;
		lv[k].t = k < top ? size + 1 : xn - size + 1;
		lv[k].inv = invs + dec_inv_offset(k);
		ret = div_inv(lv[k].inv, tmp, lv[k].pow, lv[k].n, lv[k].t,
			      tmp + lv[k].n);
		if (ret)
			return ret;
	}
	return 0;
}

static long dec_large(char *out, limb_t *a, size_t n)
{
	struct dec_layout l;
	struct dec_ctx c;
	limb_t *mem, *x, *pows, *invs;
	int top, ret;

	dec_layout(&l, n);
	mem = port_alloc_array(l.total, sizeof(*mem));
	if (!mem)
		return -ENOMEM;
	c.lv = (struct dec_level *)mem;
	x = mem + l.levels;
	pows = x + l.x;
	invs = pows + l.pows;
	c.q = invs + l.invs;
	c.tmp = c.q + l.q;
	c.out = out;

	memcpy(x, a, n * sizeof(*x));
	top = dec_powers(c.lv, pows, n, c.tmp);
	ret = top < 0 ? top : 0;
	if (!ret) {
		/* x >= B^(n - 1) > P_(top - 1): one of the last two levels. */
		if (dec_below_power(x, n, &c.lv[top]))
			top--;
		ret = dec_inverses(c.lv, invs, top, n, c.tmp);
	}
	if (!ret)
		ret = dec_top(&c, x, n, top);
	port_free(mem);
	return ret ? ret : c.out - out;
}

long dec_from_limbs(char *out, limb_t *a, size_t n)
{
	long ret;

	n = bn_normalized_size(a, n);
	if (n <= DEC_DC_ENTRY)
		return dec_small(out, a, n);
	ret = dec_large(out, a, n);
	memset(a, 0, n * sizeof(*a));
	return ret;
}
