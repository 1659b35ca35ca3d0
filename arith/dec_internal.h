/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the two files of the conversion to decimal share. dec.c holds the
 * policy, the quadratic base case and the exact divide and conquer;
 * dec_srt.c holds Bernstein's scaled remainder tree, which dec.c calls
 * for whole numbers and for the nodes below its splits, and which calls
 * nothing of dec.c's. Both write 19-digit chunks, and both walk the same
 * levels: the powers P_k = 10^(19 * 2^k) by which a node at level k - 1
 * splits (a node at level k is below P_(k+1)).
 */
#ifndef FIBDRV_DEC_INTERNAL_H
#define FIBDRV_DEC_INTERNAL_H

#include "dec.h"
#include "div.h"
#include "bnm1.h"

/*
 * The two digits of each v < 100, at 2v of the rows laid end to end (no
 * terminating NULs): a table, twice as fast as dividing v by 10.
 */
static const char dec_pairs[10][20] = {
	"00010203040506070809",
	"10111213141516171819",
	"20212223242526272829",
	"30313233343536373839",
	"40414243444546474849",
	"50515253545556575859",
	"60616263646566676869",
	"70717273747576777879",
	"80818283848586878889",
	"90919293949596979899",
};

/*
 * Writes v < 100 as two digits at p. Always inline: in the kernel,
 * FORTIFY_SOURCE's checks around memcpy() make it look costly enough for
 * the compiler to leave it, or dec_put_8(), a function of its own, called
 * for every pair.
 */
static __always_inline void dec_put_pair(char *p, unsigned int v)
{
	memcpy(p, (const char *)dec_pairs + 2 * v, 2);
}

/* Writes v < 10^8 as exactly 8 digits at p. Always inline, as above. */
static __always_inline void dec_put_8(char *p, u32 v)
{
	u32 hi = v / 10000, lo = v % 10000;

	dec_put_pair(p, hi / 100);
	dec_put_pair(p + 2, hi % 100);
	dec_put_pair(p + 4, lo / 100);
	dec_put_pair(p + 6, lo % 100);
}

/*
 * Writes c < 10^19 as exactly 19 digits at p: 3 + 8 + 8 digits, split
 * down to pairs as a tree rather than peeled off one pair at a time, so
 * that the divisions (multiplications by constants) do not wait for each
 * other: 2.5 times faster than the chain. Always inline, as the writers
 * above, and dec_put_top() too: the kernel build would otherwise call it.
 */
static __always_inline void dec_put_chunk(char *p, u64 c)
{
	u32 top = c / 10000000000000000ULL;
	u64 rest = c % 10000000000000000ULL;

	p[0] = '0' + top / 100;
	dec_put_pair(p + 1, top % 100);
	dec_put_8(p + 3, rest / 100000000);
	dec_put_8(p + 11, rest % 100000000);
}

/* 10^k for k = 0..19 */
static const u64 dec_pow10[DN_DIGITS + 1] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, DN_BASE,
};

/*
 * The decimal digits of c, 1 for 0: log10(2) is about 1233 / 4096, which
 * puts the count within one of its bit length's, and one comparison
 * settles it.
 */
static inline unsigned int dec_digits_of(u64 c)
{
	u64 v = c | 1;
	unsigned int d = limb_bits(v) * 1233 >> 12;

	return d + (v >= dec_pow10[d]);
}

/*
 * Writes c < 10^19 at p without leading zeros, "0" for zero: the top
 * chunk of a number, from its last pair of digits to its first. Returns
 * how many digits it wrote.
 */
static __always_inline size_t dec_put_top(char *p, u64 c)
{
	unsigned int digits = dec_digits_of(c);
	char *q = p + digits;

	for (; c >= 100; c /= 100) {
		q -= 2;
		dec_put_pair(q, c % 100);
	}
	if (c >= 10)
		dec_put_pair(q - 2, c);
	else
		q[-1] = '0' + c;
	return digits;
}

struct dec_level {
	const limb_t *pow;	/* P'_k: P_k without its low zero limbs */
	size_t n;		/* limbs of P'_k */
	size_t zeros;		/* low zero limbs of P_k */
	/* The exact method's (dec.c): */
	limb_t *inv;		/* from div_inv(pow, n, t); NULL if unused */
	bool ready;		/* inv has been computed */
	bool exact;		/* inv is exact, else up to two units low */
	size_t t;		/* precision of inv */
	/* The scaled tree's (dec_srt.c): */
	u64 *prep;		/* the transforms of pow, or NULL */
};

/*
 * Bounds on the limbs of P_k: it has floor(2^k * 19 log2(10) / 64) + 1,
 * with 19 log2(10) / 64 = 0.986197..., and exactly floor(19 * 2^k / 64) of
 * them are zero.
 */
static inline size_t dec_pow_limbs_min(int k)
{
	return ((size_t)63116 << k) / 64000;
}

static inline size_t dec_pow_limbs_max(int k)
{
	return ((size_t)63117 << k) / 64000 + 1;
}

static inline size_t dec_pow_zeros(int k)
{
	return ((size_t)19 << k) / 64;
}

/* The top level for n limbs: the first k with 2 L_k - 2 >= n. */
static inline int dec_top_level_max(size_t n)
{
	int k = 0;

	while (2 * dec_pow_limbs_min(k) < n + 2)
		k++;
	return k;
}

/* Where level k's power lives in the powers' region. */
static inline size_t dec_pow_offset(int k)
{
	return ((size_t)1 << k) - 1;
}

/* x below P_k: P_k has zeros + n limbs and its top ones are P'_k. */
static inline bool dec_below_power(const limb_t *x, size_t xn,
				   const struct dec_level *lv)
{
	size_t size = lv->zeros + lv->n;

	if (xn != size)
		return xn < size;
	return bn_cmp_n(x + lv->zeros, lv->pow, lv->n) < 0;
}

/* P_(k+1) from P_k, at pows + dec_pow_offset(k + 1). */
static inline int dec_pow_next(struct dec_level *lv, limb_t *pows, int k,
			       limb_t *tmp)
{
	limb_t *sq = pows + dec_pow_offset(k + 1);
	size_t z, size;
	int ret;

	ret = bn_sqr(sq, lv[k].pow, lv[k].n, tmp);
	if (ret)
		return ret;
	size = bn_normalized_size(sq, 2 * lv[k].n);
	for (z = 0; !sq[z]; z++)
		;
	lv[k + 1].pow = sq + z;
	lv[k + 1].n = size - z;
	lv[k + 1].zeros = 2 * lv[k].zeros + z;
	return 0;
}

/*
 * The levels of a conversion of x[0..n), normalized, n >= 2: P_0 .. P_K,
 * the first K with 2 |P_K| - 2 >= n, in pows (2^(K+1) limbs; K is at most
 * dec_top_level_max(n)), with tmp of bn_sqr_scratch(2^K) limbs, each
 * level with no reciprocal and no prepared transform yet. Returns the top
 * level, the last whose power is at most x, or -EINTR.
 */
static inline int dec_levels(struct dec_level *lv, limb_t *pows,
			     const limb_t *x, size_t n, limb_t *tmp)
{
	int k = 0, j, ret;

	pows[0] = DN_BASE;
	lv[0].pow = pows;
	lv[0].n = 1;
	lv[0].zeros = 0;
	while (2 * (lv[k].zeros + lv[k].n) < n + 2) {
		ret = dec_pow_next(lv, pows, k, tmp);
		if (ret)
			return ret;
		k++;
	}
	/* x >= B^(n - 1) > P_(k - 1): one of the last two levels. */
	if (dec_below_power(x, n, &lv[k]))
		k--;
	for (j = 0; j <= k; j++) {
		lv[j].inv = NULL;
		lv[j].ready = false;
		lv[j].prep = NULL;
	}
	return k;
}

/* The scaled remainder tree's state (dec_srt.c). */
struct dec_srt {
	struct dec_level *lv;	/* the levels, of which it uses prep */
	limb_t *buf;		/* each level's low child */
	u64 *prep;		/* each level's prepared power */
	limb_t *f;		/* the fraction of the node it starts from */
	limb_t *tmp;		/* products and their scratch */
	char *out;		/* where the next digit goes */
	bool started;		/* a nonzero digit has been written */
};

/*
 * Writes the digits of a[0..n), normalized, n > DEC_DC_ENTRY, as
 * dec_from_limbs() does, by the scaled tree alone, in one allocation of
 * its own. Returns how many, -ENOMEM, -EINTR, or -EAGAIN when a chunk was
 * too close to call (the digits written are then to be written again).
 */
long dec_srt_convert(char *out, const limb_t *a, size_t n);

/*
 * For the nodes of the exact method up to level k that the tree takes
 * (k = -1 for none): the limbs the tree keeps, its low children, prepared
 * powers and a fraction, and the scratch it needs.
 */
size_t dec_srt_subtrees_limbs(int k);
size_t dec_srt_subtrees_scratch(int k);

/*
 * Sets s up for those nodes over the levels lv, with
 * dec_srt_subtrees_limbs(k) limbs at mem, which it keeps, and a tmp of
 * dec_srt_subtrees_scratch(k) limbs, which it shares.
 */
void dec_srt_subtrees_init(struct dec_srt *s, struct dec_level *lv,
			   limb_t *mem, limb_t *tmp, int k);

/*
 * Writes the digits of a node x[0..xn) < P_(k+1), k <= the k of
 * dec_srt_subtrees_init(), at s->out, from its fraction by y[0..t], the
 * exact reciprocal of level k + 1 with t >= |P_(k+1)| + 2 (div_inv()):
 * without its leading zeros unless s->started. Returns 0, -EINTR, or
 * -EAGAIN when a chunk was too close to call.
 */
int dec_srt_subtree(struct dec_srt *s, const limb_t *x, size_t xn, int k,
		    const limb_t *y, size_t t);

#endif /* FIBDRV_DEC_INTERNAL_H */
