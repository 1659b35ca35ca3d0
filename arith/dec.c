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
 *
 * Large numbers, and the nodes below the splits of the others, go to the
 * scaled remainder tree of dec_srt.c; the choice is made here, and where
 * the tree cannot call a digit chunk, the exact splits convert it again.
 */
#include "dec_internal.h"

/* Chunks the quadratic loops take per pass: dec_divrem_chunks() has four. */
#define DEC_CHAINS 4

/* Parts of a large number of up to this many limbs go to the base case. */
#define DEC_DC_THRESHOLD 30

/* Nodes of up to this many limbs try the scaled tree (see dec_hyb()). */
#define DEC_HYB_LIMBS 32

/* Below this size of P'_(top-1), Newton may go three levels down. */
#define DEC_ANCHOR_DEEP_MAX 1024

/* From this many limbs the scaled tree may take every level below the top. */
#define DEC_HYB_ALL_MIN 16000

/* Numbers of this many limbs or more take the scaled tree (dec_srt_pays()). */
#define DEC_SRT_ENTRY 48000

struct dec_ctx {
	struct dec_level *lv;
	limb_t *q;		/* a quotient on its way to its place */
	limb_t *tmp;		/* div_*() scratch */
	char *out;		/* where the next digit goes */
	struct dec_srt *srt;	/* the scaled tree below level hyb */
	int hyb;		/* nodes up to this level try the scaled tree */
	int top;
};

static int dec_hyb(struct dec_ctx *c, const limb_t *x, size_t xn, int k,
		   bool started);
static int dec_inv_level(struct dec_level *lv, int k, int top, int hyb,
			 limb_t *tmp);

/*
 * A number of n limbs is below 2^(64n) < 10^(19.27n), so it has at most
 * n + n/64 + 1 chunks of 19 digits.
 */
size_t dec_size_max(size_t n)
{
	return DN_DIGITS * (n + n / 64 + 2);
}

/*
 * a[0..n), n >= 1 limbs in radix 10^19 with a non-zero top, in decimal at
 * out; returns how many digits. Inline in both callers: a small read
 * prints F(n) < 2^128 with no call, which under emulation costs as much
 * as a dozen digits.
 */
static __always_inline long dec_put_dn(char *out, const limb_t *a, size_t n)
{
	char *p = out + dec_put_top(out, a[n - 1]);

	while (--n) {
		dec_put_chunk(p, a[n - 1]);
		p += DN_DIGITS;
	}
	return p - out;
}

long dec_from_u128(char *out, limb_t lo, limb_t hi)
{
	limb_t d[3];

	if (!hi && lo < DN_BASE)
		return dec_put_top(out, lo);
	return dec_put_dn(out, d, dn_from_u128(d, lo, hi));
}

long dec_from_dn(char *out, const limb_t *a, size_t n)
{
	n = bn_normalized_size(a, n);
	if (!n) {
		*out = '0';
		return 1;
	}
	return dec_put_dn(out, a, n);
}

/*
 * a[0..n) /= 10^(19 DEC_CHAINS) in place, the chunks of the remainder
 * going to c[0..DEC_CHAINS), the lowest first: a division by 10^19 (like
 * bn_divrem_1(), with the reciprocal of the constant known in advance)
 * whose quotient limbs, as they come from the top, feed a second one, and
 * so on. The chains of dependent steps interleave, so four chunks cost
 * little more than one (docs/tuning.md).
 */
static void dec_divrem_chunks(limb_t *a, size_t n, limb_t c[DEC_CHAINS])
{
	limb_t r0 = 0, r1 = 0, r2 = 0, r3 = 0, q;
	size_t i;

	static_assert(DEC_CHAINS == 4, "four chains are written out below");

	for (i = n; i > 0; i--) {
		q = dn_div_step(r0, a[i - 1], &r0);
		q = dn_div_step(r1, q, &r1);
		q = dn_div_step(r2, q, &r2);
		a[i - 1] = dn_div_step(r3, q, &r3);
	}
	c[0] = r0;
	c[1] = r1;
	c[2] = r2;
	c[3] = r3;
}

/* Writes c[0..k), c[0] last, 19 digits each, ending at p; returns the start. */
static char *dec_put_chunks(char *p, const limb_t *c, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++) {
		p -= DN_DIGITS;
		dec_put_chunk(p, c[i]);
	}
	return p;
}

/*
 * The quadratic conversion, for numbers of up to DEC_DC_ENTRY limbs:
 * chunks from the least significant, DEC_CHAINS at a time, filling out
 * from its end, the zeros above the number's top chunk left out. x has
 * fewer chunks than dec_size_max() has room for, so those that do not
 * fit are zeros too. The last limb, below 2 * 10^19, is two chunks at
 * most, and a single one for numbers below 10^19.
 */
static long dec_small(char *out, limb_t *a, size_t n)
{
	char *end = out + dec_size_max(n), *first = end;
	limb_t c[DEC_CHAINS];
	size_t len, k;

	while (n > 1) {
		dec_divrem_chunks(a, n, c);
		n = bn_normalized_size(a, n);
		k = (first - out) / DN_DIGITS;
		k = k < DEC_CHAINS ? k : DEC_CHAINS;
		while (!n && k > 1 && !c[k - 1])
			k--;
		first = dec_put_chunks(first, c, k);
	}
	if (n) {
		c[0] = a[0] % DN_BASE;
		c[1] = a[0] / DN_BASE;
		first = dec_put_chunks(first, c, 1 + !!c[1]);
		a[0] = 0;
	}
	while (first < end - 1 && *first == '0')
		first++;
	if (first == end)
		*--first = '0';
	len = end - first;
	memmove(out, first, len);
	return len;
}

/*
 * x[0..xn) < 10^(19 chunks) as exactly chunks * 19 digits, leading zeros
 * included: the chunks beyond those asked for are zeros.
 */
static void dec_base_padded(struct dec_ctx *c, limb_t *x, size_t xn,
			    size_t chunks)
{
	char *start = c->out, *p = start + chunks * DN_DIGITS;
	limb_t four[DEC_CHAINS];
	size_t k;

	c->out = p;
	for (; xn && chunks; chunks -= k) {
		k = chunks < DEC_CHAINS ? chunks : DEC_CHAINS;
		dec_divrem_chunks(x, xn, four);
		p = dec_put_chunks(p, four, k);
		xn = bn_normalized_size(x, xn);
	}
	memset(start, '0', p - start);
}

/*
 * x[0..xn), nonzero, without leading zeros; the chunks wait in c->q,
 * which has room for DEC_CHAINS - 1 more, the zeros above the top one.
 */
static void dec_base_top(struct dec_ctx *c, limb_t *x, size_t xn)
{
	limb_t *chunk = c->q;
	size_t m = 0;

	while (xn) {
		dec_divrem_chunks(x, xn, chunk + m);
		m += DEC_CHAINS;
		xn = bn_normalized_size(x, xn);
	}
	while (m > 1 && !chunk[m - 1])
		m--;
	c->out += dec_put_top(c->out, m ? chunk[--m] : 0);
	while (m) {
		dec_put_chunk(c->out, chunk[--m]);
		c->out += DN_DIGITS;
	}
}

/*
 * Splits x[0..*xn) by P_k: the remainder stays in x, *xn becoming its
 * size, and the quotient goes to x + 2^k, *qn being its size.
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
	/* Levels the scaled tree covers need theirs only to fall back. */
	if (!lv->ready) {
		ret = dec_inv_level(c->lv, k, c->top, c->hyb, c->tmp);
		if (ret)
			return ret;
	}
	ret = div_qr_preinv(c->q, x + s, *xn - s, lv->pow, n, lv->inv, lv->t,
			    c->tmp);
	if (ret)
		return ret;
	*qn = bn_normalized_size(c->q, *xn - s - n + 1);
	memcpy(x + ((size_t)1 << k), c->q, *qn * sizeof(*x));
	*xn = bn_normalized_size(x, s + n);
	return 0;
}

/*
 * x[0..xn) < P_(k+1): padded, as exactly 19 * 2^(k+1) digits; else
 * nonzero and without leading zeros. Either way the low half of a split
 * is padded.
 */
static int dec_node(struct dec_ctx *c, limb_t *x, size_t xn, int k,
		    bool padded)
{
	size_t qn;
	int ret;

	xn = bn_normalized_size(x, xn);
	while (!padded && k >= 0 && dec_below_power(x, xn, &c->lv[k]))
		k--;
	if (xn <= DEC_DC_THRESHOLD || k < 0 || !c->lv[k].inv) {
		if (padded)
			dec_base_padded(c, x, xn, (size_t)1 << (k + 1));
		else
			dec_base_top(c, x, xn);
		return 0;
	}
	if (port_interrupted())
		return -EINTR;
	if (k <= c->hyb) {
		ret = dec_hyb(c, x, xn, k, padded);
		if (ret != -EAGAIN)
			return ret;
	}
	ret = dec_split(c, x, &xn, k, &qn);
	if (!ret)
		ret = dec_node(c, x + ((size_t)1 << k), qn, k - 1, padded);
	if (!ret)
		ret = dec_node(c, x, xn, k - 1, true);
	return ret;
}

/* Where level k's reciprocal lives in the reciprocals' region. */
static size_t dec_inv_offset(int k)
{
	return ((size_t)1 << k) - 1 + 3 * (size_t)k;
}

/*
 * A node x[0..xn) < P_(k+1) of the exact method by the scaled tree, from
 * its fraction by the parent level's reciprocal, which must be exact and
 * precise enough (see dec_srt_subtree()). Returns -EAGAIN, having written
 * digits that the caller writes again, when that is not possible or a
 * chunk is too close to call.
 */
static int dec_hyb(struct dec_ctx *c, const limb_t *x, size_t xn, int k,
		   bool started)
{
	const struct dec_level *up = &c->lv[k + 1];
	struct dec_srt *s = c->srt;
	int ret;

	if (k + 1 > c->top || !up->ready || !up->exact ||
	    up->t < up->zeros + up->n + 2)
		return -EAGAIN;
	s->out = c->out;
	s->started = started;
	ret = dec_srt_subtree(s, x, xn, k, up->inv, up->t);
	if (!ret)
		c->out = s->out;
	/*
	 * Numbers like 10^e - 1 would fail at every node on the way down:
	 * one failure is enough to give up the scaled tree for good.
	 */
	if (ret == -EAGAIN)
		c->hyb = -1;
	return ret;
}

static bool dec_hyb_all(size_t n);

/* The top level that takes the scaled tree for n limbs, or -1. */
static int dec_hyb_level(size_t n)
{
	int top = dec_top_level_max(n), k = -1;

	if (dec_hyb_all(n))
		return top - 1;
	while (k + 1 < top && ((size_t)2 << (k + 1)) <= DEC_HYB_LIMBS)
		k++;
	return k;
}

struct dec_layout {
	size_t levels, x, pows, invs, q, srt, tmp, total;
};

/* The one scratch area for a conversion of n limbs, in limbs. */
static void dec_layout(struct dec_layout *l, size_t n)
{
	int top = dec_top_level_max(n), hyb = dec_hyb_level(n), k;
	size_t lvl = sizeof(struct dec_level), span = (size_t)2 << top;
	size_t pn, t, tmp = 0, need;

	l->levels = ((top + 1) * lvl + sizeof(limb_t) - 1) / sizeof(limb_t);
	l->x = span;
	l->pows = span;
	l->invs = dec_inv_offset(top + 1);
	/* Quotients, or the chunks of dec_base_top(). */
	l->q = size_larger(((size_t)1 << top) + 2,
			   DEC_DC_THRESHOLD + 2 + DEC_CHAINS);
	for (k = 0; k <= top; k++) {
		pn = dec_pow_limbs_max(k) - dec_pow_zeros(k);
		t = dec_pow_limbs_max(k) + 2;
		/* The reciprocal's remainder, then div_inv()'s scratch. */
		need = pn + div_inv_scratch(pn, t);
		tmp = size_larger(tmp, need);
		need = div_qr_preinv_scratch(2 * dec_pow_limbs_max(k), pn, t);
		tmp = size_larger(tmp, need);
	}
	/* The scaled tree's buffers, its products and its fractions. */
	l->srt = dec_srt_subtrees_limbs(hyb);
	tmp = size_larger(tmp, dec_srt_subtrees_scratch(hyb));
	/* Squaring the powers. */
	need = bn_sqr_scratch((size_t)1 << top);
	l->tmp = size_larger(tmp, need);
	l->total = l->levels + l->x + l->pows + l->invs + l->q + l->srt +
		   l->tmp;
	port_assert(l->total <= dec_scratch_max(n));
}

/*
 * Level k's reciprocal from level k + 1's, when that one is more precise:
 * as P_(k+1) = P_k^2, P'_(k+1) B^z' = P'_k^2 with z' the new zero limbs,
 * so B^(n_k - 1 + t_k) / P'_k = P'_k y_(k+1) / B^s, up to the error in
 * y_(k+1), with s = n_(k+1) - 1 + t_(k+1) + z' - (n_k - 1 + t_k) and
 * n_(k+1) = 2 n_k - z' - e, e = 0 or 1. One product of n_k x (t_k + 2)
 * limbs instead of Newton's iteration. The estimate is never above the
 * exact value, and below it by at most two: y_(k+1)'s own error adds below
 * P'_k B^-s (up to two units), at most B^(e - 1 - cut) units, and dropping
 * its low cut = t_(k+1) - t_k - 1 limbs adds below one unit. With an
 * exact y_(k+1) that is below 2 for any cut; with an estimate it needs
 * cut >= 1, which the levels' precisions give: t_(k+1) is about 2 t_k.
 * When exact, div_inv_correct() puts the estimate right.
 */
static int dec_inv_derive(struct dec_level *lv, int k, bool exact,
			  limb_t *tmp)
{
	const struct dec_level *up = &lv[k + 1];
	struct dec_level *l = &lv[k];
	size_t zn = up->zeros - 2 * l->zeros, n = l->n, t = l->t;
	size_t cut = up->t - t - 1, yn = up->t + 1 - cut;
	size_t s = up->n + up->t + zn - n - t;
	limb_t *prod = tmp;
	int ret;

	ret = bn_mul(prod, up->inv + cut, yn, l->pow, n, prod + yn + n);
	if (ret)
		return ret;
	memcpy(l->inv, prod + s - cut, (t + 1) * sizeof(*prod));
	if (!exact)
		return 0;
	return div_inv_correct(l->inv, tmp, l->pow, n, t, tmp + n);
}

/*
 * Level k's reciprocal from level j = k - 1's, when that one is more
 * precise by four limbs or more: B^(n_k - 1 + t_k) / P'_k is
 * (B^(n_j - 1 + t_j) / P'_j)^2 / B^u, with u = 2 t_j - 1 + e - t_k (e as
 * in dec_inv_derive()). Only the top t_k + 4 limbs of y_j are squared:
 * with its error and the c = t_j - 3 - t_k dropped limbs below
 * eps < 2 B^c, the square is short by less than 4 (y_h + 1) B^(2c - u)
 * <= 4 B^(t_j + 1 + c - u) <= 4 / B units, so the estimate is at most
 * one unit low, and never high. One square of t_k + 4 limbs.
 */
static int dec_inv_square(struct dec_level *lv, int k, bool exact,
			  limb_t *tmp)
{
	const struct dec_level *down = &lv[k - 1];
	struct dec_level *l = &lv[k];
	size_t zn = l->zeros - 2 * down->zeros, t = l->t;
	size_t e = 2 * down->n - zn - l->n, c = down->t - 3 - t;
	limb_t *sq = tmp;
	int ret;

	ret = bn_sqr(sq, down->inv + c, t + 4, sq + 2 * (t + 4));
	if (ret)
		return ret;
	memcpy(l->inv, sq + t + 5 + e, (t + 1) * sizeof(*sq));
	if (!exact)
		return 0;
	return div_inv_correct(l->inv, tmp, l->pow, l->n, t, tmp + l->n);
}

/*
 * Computes level k's reciprocal: from the level above or below when one
 * is ready and precise enough, else by Newton's iteration. Only those the
 * scaled tree may read (k <= hyb + 1 with t >= |P_k| + 2, see dec_hyb())
 * need to be exact; the others serve only div_qr_preinv(), which takes an
 * estimate up to two units low.
 */
static int dec_inv_level(struct dec_level *lv, int k, int top, int hyb,
			 limb_t *tmp)
{
	struct dec_level *l = &lv[k];
	bool exact = k <= hyb + 1 && l->t >= l->zeros + l->n + 2;
	bool derived = true;
	int ret;

	if (k < top && lv[k + 1].ready &&
	    lv[k + 1].t > l->t + !lv[k + 1].exact) {
		ret = dec_inv_derive(lv, k, exact, tmp);
	} else if (k > 0 && lv[k - 1].ready && l->t + 4 <= lv[k - 1].t) {
		ret = dec_inv_square(lv, k, exact, tmp);
	} else {
		derived = false;
		ret = div_inv(l->inv, tmp, l->pow, l->n, l->t, tmp + l->n);
	}
	if (!ret) {
		l->ready = true;
		l->exact = exact || !derived;
	}
	return ret;
}

/*
 * The level whose reciprocal takes Newton's iteration when level top - 1
 * is precise enough for the top's: top - j for the largest j such that,
 * squared up level by level at four limbs less each time (see
 * dec_inv_square()), it still serves the top level, and no level of the
 * scaled tree needs an exact one. The iteration at a level of half the
 * size costs about a third; the levels between then take their quotients
 * in chunks, at one more remainder product each (see div_qr_preinv()),
 * which costs more once those go to the transform: j <= 3 while P'_(top-1)
 * is below DEC_ANCHOR_DEEP_MAX limbs, else j <= 2.
 */
static int dec_anchor(const struct dec_level *lv, int top, int hyb)
{
	int j = lv[top - 1].n < DEC_ANCHOR_DEEP_MAX ? 3 : 2, a;

	for (; j > 1; j--) {
		a = top - j;
		if (a > hyb && lv[a].inv && lv[top].t + 4 * j <= lv[a].t)
			return a;
	}
	return top - 1;
}

/*
 * The reciprocals of levels 0..top that may see a node above the
 * threshold. Only the most precise one takes Newton's iteration, and the
 * others are derived from it (see dec_inv_derive() and dec_inv_square()):
 * level top - 1's, unless x is so far above P_top that the top level needs
 * more. Those of the levels below that the scaled tree covers are left for
 * dec_split() to compute if a node falls back to it.
 */
static int dec_inverses(struct dec_level *lv, limb_t *invs, int top,
			int hyb, size_t xn, limb_t *tmp)
{
	size_t size;
	int k, first = top, ret;

	for (k = 0; k <= top; k++) {
		size = lv[k].zeros + lv[k].n;
		if (k < top && 2 * size <= DEC_DC_THRESHOLD)
			continue;
		lv[k].t = k < top ? size + 2 : xn - size + 1;
		lv[k].inv = invs + dec_inv_offset(k);
	}
	if (top > 0 && lv[top - 1].inv && lv[top].t + 4 <= lv[top - 1].t)
		first = dec_anchor(lv, top, hyb);
	for (k = first + 1; k < top; k++)
		lv[k].t = lv[k - 1].t - 4;
	for (k = first; k <= top; k++) {
		ret = dec_inv_level(lv, k, top, hyb, tmp);
		if (ret)
			return ret;
	}
	for (k = first - 1; k >= 0; k--) {
		if (!lv[k].inv || k <= hyb)
			continue;
		ret = dec_inv_level(lv, k, top, hyb, tmp);
		if (ret)
			return ret;
	}
	return 0;
}

static long dec_large(char *out, limb_t *a, size_t n)
{
	struct dec_layout l;
	struct dec_ctx c;
	struct dec_srt s;
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
	c.tmp = c.q + l.q + l.srt;
	dec_srt_subtrees_init(&s, c.lv, c.q + l.q, c.tmp, dec_hyb_level(n));
	c.srt = &s;
	c.out = out;

	memcpy(x, a, n * sizeof(*x));
	top = dec_levels(c.lv, pows, x, n, c.tmp);
	ret = top < 0 ? top : 0;
	if (!ret) {
		c.top = top;
		c.hyb = dec_hyb_level(n);
		if (c.hyb >= top)
			c.hyb = top - 1;
		ret = dec_inverses(c.lv, invs, top, c.hyb, n, c.tmp);
	}
	if (!ret)
		ret = dec_node(&c, x, n, top, false);
	port_free(mem);
	return ret ? ret : c.out - out;
}

/* Whether x of n limbs is below 1.3 P_top, about. */
static bool dec_just_above(size_t n)
{
	int k = dec_top_level_max(n);
	size_t top = dec_pow_limbs_min(k);

	if (n <= top)
		top = dec_pow_limbs_min(k - 1);
	return 10 * n < 13 * top;
}

/*
 * Whether the scaled tree beats the exact splits with the scaled tree
 * below them: only from DEC_SRT_ENTRY limbs, and when x is well above
 * the power P_top its root divides by. Just above P_top the root pays a
 * full reciprocal for a small quotient, while the exact top split needs
 * one only as precise as the quotient.
 */
static bool dec_srt_pays(size_t n)
{
	return n >= DEC_SRT_ENTRY && !dec_just_above(n);
}

/*
 * Whether the scaled tree takes every level below the top: for large
 * numbers just above their top power. Exact splits with derived
 * reciprocals (see dec_inverses()) are cheaper below that.
 */
static bool dec_hyb_all(size_t n)
{
	return n >= DEC_HYB_ALL_MIN && dec_just_above(n);
}

long dec_from_limbs_method(char *out, limb_t *a, size_t n,
			   enum dec_method method)
{
	long ret = -EAGAIN;

	n = bn_normalized_size(a, n);
	if (n <= DEC_DC_ENTRY)
		return dec_small(out, a, n);
	if (method == DEC_METHOD_SCALED ||
	    (method == DEC_METHOD_AUTO && dec_srt_pays(n)))
		ret = dec_srt_convert(out, a, n);
	if (ret == -EAGAIN && method != DEC_METHOD_SCALED)
		ret = dec_large(out, a, n);
	memset(a, 0, n * sizeof(*a));
	return ret;
}

long dec_from_limbs(char *out, limb_t *a, size_t n)
{
	return dec_from_limbs_method(out, a, n, DEC_METHOD_AUTO);
}
