// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Products of large limb arrays by number-theoretic transforms modulo three
 * primes just below 2^62, put together by the Chinese remainder theorem.
 *
 * Each limb is one coefficient. A coefficient of the product of two n-limb
 * numbers is below n * 2^128; the three primes multiply to more than 2^185,
 * so it is exact for every transform length up to 2^33, far beyond memory.
 *
 * Per prime: a forward transform by decimation in frequency (natural order
 * in, bit-reversed order out), the pointwise products, and an inverse by
 * decimation in time (bit-reversed in, natural out), so no bit reversal is
 * ever done. Both recurse depth first down to blocks that fit the L1 cache,
 * and do two levels in each pass over the data (radix 4), with the
 * arithmetic, and the ranges, of two radix-2 levels.
 * Lengths 3 * 2^k add a radix-3 pass before the forward transforms of the
 * three thirds and after their inverses, so that the length, and the time,
 * grows by steps of 4/3 and 3/2 rather than 2.
 *
 * Twiddle factors w are multiplied in Shoup's way with w' = floor(w 2^64 / p)
 * and the butterflies of Harvey keep values in [0, 2p) or [0, 4p), reducing
 * lazily; the pointwise products use Montgomery's reduction. Neither needs
 * a division: w' comes from the Montgomery form of w (see ntt_pair()).
 */
#include "ntt.h"
#include "ntt_internal.h"

/*
 * p = c * 2^33 + 1 with 3 | c, so that lengths 3 * 2^k have roots of unity
 * too, and a primitive root g modulo p. Found by a small program that tried
 * c downwards from 2^29, the three largest primes, checked with
 * sympy.isprime and primitive_root, and again with Miller-Rabin on the
 * first thirteen primes as bases (a proof below 3.3e24) and g^((p - 1) / q)
 * != 1 for every prime factor q of p - 1, g being the least such number.
 */
const struct ntt_prime ntt_primes[3] = {
	{ 0x3fffffb400000001ull, 19 },	/* 536870874 * 2^33 + 1 */
	{ 0x3fffff3000000001ull, 5 },	/* 536870808 * 2^33 + 1 */
	{ 0x3fffff1800000001ull, 5 },	/* 536870796 * 2^33 + 1 */
};

/*
 * Transforms of this many words or fewer are done in one go, in cache;
 * above, two levels are done per pass over the array (radix 4), and the
 * four quarters recursively. 1024 and 4096 measured the same, within 3%.
 */
#define NTT_BLOCK 2048

/* Butterflies or products between two looks at port_interrupted(). */
#define NTT_CHUNK 16384

/*
 * x * w mod p, in [0, 2p), for any x < 2^64 and w < p with wq = w' (see
 * the top). The error of wq makes q at most one short of the quotient.
 */
static inline u64 ntt_mul_shoup(u64 x, u64 w, u64 wq, u64 p)
{
	u64 q;

	limb_mul(x, wq, &q);
	return x * w - q * p;
}

/*
 * a * b / 2^64 mod p, in (0, 2p), for a * b < p * 2^64. The low limb of
 * m * p equals that of a * b, so only the high limbs need subtracting.
 */
static inline u64 ntt_redc(u64 a, u64 b, const struct ntt_mod *m)
{
	u64 hi, lo = limb_mul(a, b, &hi), mh;

	limb_mul(lo * m->pinv, m->p, &mh);
	return hi - mh + m->p;
}

/*
 * x reduced from [0, 2r) to [0, r), for r < 2^63: x - r, plus r back when
 * it went negative, by a mask of its sign. Without a branch, as compilers
 * like to make of a comparison used twice, mispredicted half the time on
 * transform data.
 */
static inline u64 ntt_reduce_once(u64 x, u64 r)
{
	u64 y = x - r;

	return y + (r & (u64)((long long)y >> 63));
}

/*
 * A limb reduced to [0, 2p), by 4p (which is above 2^63, too large for
 * ntt_reduce_once(), but a limb is at least 4p too seldom for a branch to
 * cost) then by 2p.
 */
static inline u64 ntt_reduce_limb(u64 x, u64 p2)
{
	if (unlikely(x >= 2 * p2))
		x -= 2 * p2;
	return ntt_reduce_once(x, p2);
}

/* a - b for a and b in [0, 2p), as a value in [0, 2p). */
static inline u64 ntt_sub2(u64 a, u64 b, u64 p2)
{
	u64 d = a - b;

	return d + (p2 & (u64)((long long)d >> 63));
}

/* Montgomery product a * b / 2^64 mod p, fully reduced, for b < p. */
static u64 ntt_mont_mul(u64 a, u64 b, const struct ntt_mod *m)
{
	return ntt_reduce_once(ntt_redc(a, b, m), m->p);
}

static u64 ntt_to_mont(u64 x, const struct ntt_mod *m)
{
	return ntt_mont_mul(x, m->r2, m);
}

static u64 ntt_from_mont(u64 x, const struct ntt_mod *m)
{
	return ntt_mont_mul(x, 1, m);
}

/* x^e for x in Montgomery form, result in Montgomery form. */
static u64 ntt_mont_pow(u64 x, u64 e, const struct ntt_mod *m)
{
	u64 r = ntt_to_mont(1, m);

	for (; e; e >>= 1) {
		if (e & 1)
			r = ntt_mont_mul(r, x, m);
		x = ntt_mont_mul(x, x, m);
	}
	return r;
}

/* a * b mod p for a, b < p. */
static u64 ntt_mulmod(u64 a, u64 b, const struct ntt_mod *m)
{
	return ntt_mont_mul(ntt_to_mont(a, m), b, m);
}

/* 1 / a mod p for 0 < a < p, by Fermat. */
static u64 ntt_mod_recip(u64 a, const struct ntt_mod *m)
{
	return ntt_from_mont(ntt_mont_pow(ntt_to_mont(a, m), m->p - 2, m), m);
}

/*
 * w' = floor(w 2^64 / p) for w < p, from xm = w 2^64 mod p, w's Montgomery
 * form: w 2^64 - xm is a multiple of p, so dividing it by p is exact and
 * can be done modulo 2^64 as a multiplication by p^-1.
 */
static inline u64 ntt_quot(u64 xm, const struct ntt_mod *m)
{
	return (0 - xm) * m->pinv;
}

/* Stores w and w' for w < p at pair[0], pair[1]. */
static void ntt_pair(u64 *pair, u64 w, const struct ntt_mod *m)
{
	pair[0] = w;
	pair[1] = ntt_quot(ntt_to_mont(w, m), m);
}

void ntt_mod_init(struct ntt_mod *m, u64 p)
{
	u64 r;
	int i;

	m->p = p;
	m->p2 = 2 * p;
	m->pinv = limb_inverse_2adic(p);
	r = (0 - p) % p;	/* 2^64 mod p */
	for (i = 0; i < 64; i++)
		r = ntt_reduce_once(2 * r, p);
	m->r2 = r;
}

/*
 * The twiddle table for a transform of n >= 2 words: pair j of level h
 * (h = 1, 2, 4, ..., n / 2 and j < h), at words 2 (h + j) and 2 (h + j) + 1,
 * is w_2h^j with its w', where w_2h is a root of unity of order 2h: the
 * levels are root^(n / 2h) with root of order n given in Montgomery form.
 * Level h repeats level h / 2 at even j; odd j are one product away.
 */
static int ntt_table(u64 *tw, size_t n, u64 root, const struct ntt_mod *m)
{
	size_t h, j;

	/* Each level's own root w_2h goes to its pair j = 1 first. */
	for (h = n / 2; h >= 2; h /= 2) {
		tw[2 * (h + 1)] = ntt_from_mont(root, m);
		tw[2 * (h + 1) + 1] = ntt_quot(root, m);
		root = ntt_mont_mul(root, root, m);
	}
	ntt_pair(tw + 2, 1, m);
	for (h = 2; h < n; h *= 2) {
		const u64 *src = tw + h;
		u64 *dst = tw + 2 * h, w = dst[2], wq = dst[3], x;

		for (j = 0; j < h; j += 2) {
			if (j % NTT_CHUNK == 0 && port_interrupted())
				return -EINTR;
			dst[2 * j] = src[j];
			dst[2 * j + 1] = src[j + 1];
			x = ntt_reduce_once(ntt_mul_shoup(src[j], w, wq, m->p), m->p);
			ntt_pair(dst + 2 * j + 2, x, m);
		}
	}
	return 0;
}

/*
 * Decimation-in-frequency butterflies (x, y) -> (x + y, (x - y) w) for
 * k = 0..cnt-1 on x[k], y[k], w = tw pair k; values stay in [0, 2p).
 */
static void ntt_dif_run(u64 *x, u64 *y, const u64 *tw, size_t cnt,
			const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2;
	size_t k;

	for (k = 0; k < cnt; k++) {
		u64 a = x[k], b = y[k];

		x[k] = ntt_reduce_once(a + b, p2);
		y[k] = ntt_mul_shoup(a - b + p2, tw[2 * k], tw[2 * k + 1], p);
	}
}

/*
 * Two levels in one pass, 2q then q, on the quadruples x_i = x[k + iq] of
 * a block of 4q, for k = k0..k0+cnt-1: level 2q pairs (x0, x2) with
 * w_4q^k and (x1, x3) with w_4q^(k + q), level q pairs (x0, x1) and
 * (x2, x3) with w_2q^k. The arithmetic of two ntt_dif_run() passes, so
 * values stay in [0, 2p), with half the loads and stores.
 */
static void ntt_dif4_run(u64 *x, size_t q, size_t k0, size_t cnt,
			 const u64 *tw, const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2, *t2 = tw + 4 * q, *t1 = tw + 2 * q;
	const u64 *t3 = t2 + 2 * q;
	u64 *x1 = x + q, *x2 = x1 + q, *x3 = x2 + q;
	size_t k;

	for (k = k0; k < k0 + cnt; k++) {
		u64 a0 = x[k], a1 = x1[k], a2 = x2[k], a3 = x3[k];
		u64 w = t1[2 * k], wq = t1[2 * k + 1], b0, b1, b2, b3;

		b0 = ntt_reduce_once(a0 + a2, p2);
		b1 = ntt_reduce_once(a1 + a3, p2);
		b2 = ntt_mul_shoup(a0 - a2 + p2, t2[2 * k], t2[2 * k + 1], p);
		b3 = ntt_mul_shoup(a1 - a3 + p2, t3[2 * k], t3[2 * k + 1], p);
		x[k] = ntt_reduce_once(b0 + b1, p2);
		x1[k] = ntt_mul_shoup(b0 - b1 + p2, w, wq, p);
		x2[k] = ntt_reduce_once(b2 + b3, p2);
		x3[k] = ntt_mul_shoup(b2 - b3 + p2, w, wq, p);
	}
}

/* The last level, h = 1, where w = 1. */
static void ntt_dif_last(u64 *x, size_t n, const struct ntt_mod *m)
{
	const u64 p2 = m->p2;
	size_t k;

	for (k = 0; k < n; k += 2) {
		u64 a = x[k], b = x[k + 1];

		x[k] = ntt_reduce_once(a + b, p2);
		x[k + 1] = ntt_reduce_once(a - b + p2, p2);
	}
}

/*
 * The last two levels, h = 2 and 1, as ntt_dif4_run() with q = 1: of
 * their twiddle factors only w_4^1 (at tw[6]) is not 1.
 */
static void ntt_dif4_last(u64 *x, size_t n, const u64 *tw,
			  const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2, w = tw[6], wq = tw[7];
	size_t s;

	for (s = 0; s < n; s += 4) {
		u64 a0 = x[s], a1 = x[s + 1], a2 = x[s + 2], a3 = x[s + 3];
		u64 b0, b1, b2, b3;

		b0 = ntt_reduce_once(a0 + a2, p2);
		b1 = ntt_reduce_once(a1 + a3, p2);
		b2 = ntt_reduce_once(a0 - a2 + p2, p2);
		b3 = ntt_mul_shoup(a1 - a3 + p2, w, wq, p);
		x[s] = ntt_reduce_once(b0 + b1, p2);
		x[s + 1] = ntt_reduce_once(b0 - b1 + p2, p2);
		x[s + 2] = ntt_reduce_once(b2 + b3, p2);
		x[s + 3] = ntt_reduce_once(b2 - b3 + p2, p2);
	}
}

/*
 * Levels 2q and q of the forward transform on x[0..4q), in chunks with a
 * look at port_interrupted() before each.
 */
static int ntt_dif4_level(u64 *x, size_t q, const u64 *tw,
			  const struct ntt_mod *m)
{
	size_t k, cnt;

	for (k = 0; k < q; k += cnt) {
		if (port_interrupted())
			return -EINTR;
		cnt = q - k < NTT_CHUNK / 2 ? q - k : NTT_CHUNK / 2;
		ntt_dif4_run(x, q, k, cnt, tw, m);
	}
	return 0;
}

/* Whether log2(n) is odd, for n a power of two. */
static bool ntt_log_odd(size_t n)
{
	while (n >= 4)
		n /= 4;
	return n == 2;
}

/*
 * The forward transform of a block of n <= NTT_BLOCK words, two levels a
 * pass, with one radix-2 level first when log2(n) is odd.
 */
static void ntt_dif_block(u64 *x, size_t n, const u64 *tw,
			  const struct ntt_mod *m)
{
	size_t h = n / 2, s;

	if (n < 4) {
		if (n == 2)
			ntt_dif_last(x, n, m);
		return;
	}
	if (ntt_log_odd(n)) {
		ntt_dif_run(x, x + h, tw + 2 * h, h, m);
		h /= 2;
	}
	for (; h >= 4; h /= 4) {
		for (s = 0; s < n; s += 2 * h)
			ntt_dif4_run(x + s, h / 2, 0, h / 2, tw, m);
	}
	ntt_dif4_last(x, n, tw, m);
}

/* A transform of x[0..n) in place: ntt_dif() or ntt_dit(). */
typedef int ntt_pass_fn(u64 *x, size_t n, const u64 *tw,
			const struct ntt_mod *m);

/* fn on each of the k blocks of n words from x on. */
static int ntt_each(ntt_pass_fn *fn, u64 *x, size_t k, size_t n,
		    const u64 *tw, const struct ntt_mod *m)
{
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < k; i++)
		ret = fn(x + i * n, n, tw, m);
	return ret;
}

/*
 * Forward transform of x[0..n) (n a power of two) from [0, 2p) to [0, 2p),
 * result in bit-reversed order.
 */
static int ntt_dif(u64 *x, size_t n, const u64 *tw, const struct ntt_mod *m)
{
	size_t q = n / 4;
	int ret;

	if (n <= NTT_BLOCK) {
		ntt_dif_block(x, n, tw, m);
		return 0;
	}
	ret = ntt_dif4_level(x, q, tw, m);
	if (!ret)
		ret = ntt_each(ntt_dif, x, 4, q, tw, m);
	return ret;
}

/*
 * Decimation-in-time butterflies (x, y) -> (x + y / w^k, x - y / w^k) for
 * k = 1..cnt on x[k], y[k] of a level h, from [0, 4p) to [0, 4p). As
 * w^h = -1, 1 / w^k is -w^(h - k), the pair at twe - 2k when twe points to
 * the pair w^h would have: the forward table serves both ways.
 */
static void ntt_dit_run(u64 *x, u64 *y, const u64 *twe, size_t cnt,
			const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2;
	size_t k;

	for (k = 1; k <= cnt; k++) {
		u64 a = ntt_reduce_once(x[k], p2);
		u64 t = ntt_mul_shoup(y[k], twe[-2 * (ptrdiff_t)k],
				      twe[1 - 2 * (ptrdiff_t)k], p);

		x[k] = a - t + p2;
		y[k] = a + t;
	}
}

/* The butterfly with w = 1, from [0, 4p) to [0, 4p). */
static inline void ntt_dit_one(u64 *x, u64 *y, u64 p2)
{
	u64 a = ntt_reduce_once(*x, p2), b = ntt_reduce_once(*y, p2);

	*x = a + b;
	*y = a - b + p2;
}

/*
 * One butterfly of ntt_dit_run() on the values *x, *y with the pair w
 * (-1 / w^k), from [0, 4p) to [0, 4p).
 */
static inline void ntt_dit_bfly(u64 *x, u64 *y, const u64 *w, u64 p, u64 p2)
{
	u64 a = ntt_reduce_once(*x, p2), t = ntt_mul_shoup(*y, w[0], w[1], p);

	*x = a - t + p2;
	*y = a + t;
}

/*
 * Two levels in one pass, q then 2q, on the quadruples x_i = x[k + iq] of
 * a block of 4q, for k = k0..k0+cnt-1, k0 >= 1: level q pairs (x0, x1)
 * and (x2, x3), level 2q pairs (x0, x2) and, at k + q, (x1, x3). The
 * arithmetic of two ntt_dit_run() passes: [0, 4p) to [0, 4p).
 */
static void ntt_dit4_run(u64 *x, size_t q, size_t k0, size_t cnt,
			 const u64 *tw, const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2;
	const u64 *t1 = tw + 4 * q, *t2 = tw + 8 * q, *t3 = t2 - 2 * q;
	u64 *x1 = x + q, *x2 = x1 + q, *x3 = x2 + q;
	size_t k;

	for (k = k0; k < k0 + cnt; k++) {
		u64 b0 = x[k], b1 = x1[k], b2 = x2[k], b3 = x3[k];
		const u64 *w1 = t1 - 2 * k;

		ntt_dit_bfly(&b0, &b1, w1, p, p2);
		ntt_dit_bfly(&b2, &b3, w1, p, p2);
		ntt_dit_bfly(&b0, &b2, t2 - 2 * k, p, p2);
		ntt_dit_bfly(&b1, &b3, t3 - 2 * k, p, p2);
		x[k] = b0;
		x1[k] = b1;
		x2[k] = b2;
		x3[k] = b3;
	}
}

/* ntt_dit4_run() at k = 0, where the level q pairs and (x0, x2) have w = 1. */
static void ntt_dit4_zero(u64 *x, size_t q, const u64 *tw,
			  const struct ntt_mod *m)
{
	u64 b0 = x[0], b1 = x[q], b2 = x[2 * q], b3 = x[3 * q];

	ntt_dit_one(&b0, &b1, m->p2);
	ntt_dit_one(&b2, &b3, m->p2);
	ntt_dit_one(&b0, &b2, m->p2);
	ntt_dit_bfly(&b1, &b3, tw + 6 * q, m->p, m->p2);
	x[0] = b0;
	x[q] = b1;
	x[2 * q] = b2;
	x[3 * q] = b3;
}

/*
 * The first two levels, h = 1 and 2: ntt_dit4_zero() on each quadruple,
 * written out, as a call for every four words would cost more than they.
 */
static void ntt_dit4_first(u64 *x, size_t n, const u64 *tw,
			   const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2, w = tw[6], wq = tw[7];
	size_t s;

	for (s = 0; s < n; s += 4) {
		u64 a0 = ntt_reduce_once(x[s], p2), a1 = ntt_reduce_once(x[s + 1], p2);
		u64 a2 = ntt_reduce_once(x[s + 2], p2), a3 = ntt_reduce_once(x[s + 3], p2);
		u64 b0 = ntt_reduce_once(a0 + a1, p2), b2 = ntt_reduce_once(a2 + a3, p2);
		u64 b1 = ntt_reduce_once(a0 - a1 + p2, p2);
		u64 t = ntt_mul_shoup(a2 - a3 + p2, w, wq, p);

		x[s] = b0 + b2;
		x[s + 2] = b0 - b2 + p2;
		x[s + 1] = b1 - t + p2;
		x[s + 3] = b1 + t;
	}
}

/* Levels q and 2q of the inverse transform on x[0..4q), in chunks. */
static int ntt_dit4_level(u64 *x, size_t q, const u64 *tw,
			  const struct ntt_mod *m)
{
	size_t k, cnt;

	ntt_dit4_zero(x, q, tw, m);
	for (k = 1; k < q; k += cnt) {
		if (port_interrupted())
			return -EINTR;
		cnt = q - k < NTT_CHUNK / 2 ? q - k : NTT_CHUNK / 2;
		ntt_dit4_run(x, q, k, cnt, tw, m);
	}
	return 0;
}

/*
 * The inverse transform of a block of n <= NTT_BLOCK words, two levels a
 * pass, with one radix-2 level last when log2(n) is odd.
 */
static void ntt_dit_block(u64 *x, size_t n, const u64 *tw,
			  const struct ntt_mod *m)
{
	size_t h, s;

	if (n >= 4)
		ntt_dit4_first(x, n, tw, m);
	for (h = 4; 4 * h <= n; h *= 4) {
		for (s = 0; s < n; s += 4 * h) {
			ntt_dit4_zero(x + s, h, tw, m);
			ntt_dit4_run(x + s, h, 1, h - 1, tw, m);
		}
	}
	if (ntt_log_odd(n)) {
		h = n / 2;
		ntt_dit_one(x, x + h, m->p2);
		ntt_dit_run(x, x + h, tw + 4 * h, h - 1, m);
	}
}

/*
 * Inverse transform of x[0..n), bit-reversed order in [0, 4p), to natural
 * order in [0, 4p), multiplied by n.
 */
static int ntt_dit(u64 *x, size_t n, const u64 *tw, const struct ntt_mod *m)
{
	size_t q = n / 4;
	int ret;

	if (n <= NTT_BLOCK) {
		ntt_dit_block(x, n, tw, m);
		return 0;
	}
	ret = ntt_each(ntt_dit, x, 4, q, tw, m);
	if (!ret)
		ret = ntt_dit4_level(x, q, tw, m);
	return ret;
}

/*
 * x[0..n) = the first level of the forward transform of a[0..an) padded
 * with zeros, an <= n, done while reading a: reducing a limb to [0, 2p)
 * takes two subtractions at most, as 4p < 2^64.
 */
static int ntt_load(u64 *x, size_t n, const limb_t *a, size_t an,
		    const u64 *tw, const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2;
	size_t h = n / 2, k;
	u64 *y = x + h;

	tw += 2 * h;
	for (k = 0; k < h; k++) {
		u64 u = k < an ? a[k] : 0, v = k + h < an ? a[k + h] : 0;

		if (k % NTT_CHUNK == 0 && port_interrupted())
			return -EINTR;
		u = ntt_reduce_limb(u, p2);
		v = ntt_reduce_limb(v, p2);
		x[k] = ntt_reduce_once(u + v, p2);
		y[k] = ntt_mul_shoup(u - v + p2, tw[2 * k], tw[2 * k + 1], p);
	}
	return 0;
}

/*
 * ntt_load() for an > n: the limbs n apart add up modulo p, which is the
 * cyclic convolution of a reduced modulo B^n - 1 before its carries. The
 * coefficients grow with the wraps, by 16 at most for operands of 4n
 * limbs, which the primes still cover for n up to 2^29.
 */
static int ntt_load_wrapped(u64 *x, size_t n, const limb_t *a, size_t an,
			    const u64 *tw, const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2;
	size_t h = n / 2, k, i;
	u64 *y = x + h;

	tw += 2 * h;
	for (k = 0; k < h; k++) {
		u64 u = 0, v = 0;

		if (k % NTT_CHUNK == 0 && port_interrupted())
			return -EINTR;
		for (i = k; i < an; i += n)
			u = ntt_reduce_once(u + ntt_reduce_limb(a[i], p2), p2);
		for (i = k + h; i < an; i += n)
			v = ntt_reduce_once(v + ntt_reduce_limb(a[i], p2), p2);
		x[k] = ntt_reduce_once(u + v, p2);
		y[k] = ntt_mul_shoup(u - v + p2, tw[2 * k], tw[2 * k + 1], p);
	}
	return 0;
}

/* x[k] = x[k] * y[k] / 2^64 mod p for k < n; y may be x. */
static int ntt_pointwise(u64 *x, const u64 *y, size_t n,
			 const struct ntt_mod *m)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if (k % NTT_CHUNK == 0 && port_interrupted())
			return -EINTR;
		x[k] = ntt_redc(x[k], y[k], m);
	}
	return 0;
}

/* The forward transform of length n = 2^k of a[0..an) into x[0..n). */
static int ntt_forward2(u64 *x, size_t n, const limb_t *a, size_t an,
			const u64 *tw, const struct ntt_mod *m)
{
	int ret = an > n ? ntt_load_wrapped(x, n, a, an, tw, m) :
			   ntt_load(x, n, a, an, tw, m);

	if (!ret)
		ret = ntt_each(ntt_dif, x, 2, n / 2, tw, m);
	return ret;
}

/* The transform length for cn coefficients: a power of two, at least 2. */
static int ntt_log_length(size_t cn)
{
	return cn > 2 ? limb_bits(cn - 1) : 1;
}

/* The twiddle table of prime i for length n, a power of two. */
static int ntt_roots(u64 *tw, size_t n, const struct ntt_mod *m, int i)
{
	u64 g = ntt_to_mont(ntt_primes[i].g, m);
	int logn = ntt_log_length(n);

	return ntt_table(tw, n, ntt_mont_pow(g, (m->p - 1) >> logn, m), m);
}

/*
 * Lengths n = 3m, m = 2^k: with w of order n and z = w^m of order 3, the
 * values at w^(3i + r), i < m, are the transform of length m of
 *   y_r[j] = w^(jr) (a[j] + z^r a[j + m] + z^2r a[j + 2m]),
 * so one radix-3 pass turns a into three such blocks. The table t3 holds
 * the pairs of w^j for j < 2m, z being the one at j = m.
 */
static int ntt_table3(u64 *t3, size_t m3, const struct ntt_mod *m, int i)
{
	u64 g = ntt_to_mont(ntt_primes[i].g, m);
	u64 w = ntt_mont_pow(g, (m->p - 1) / (3 * m3), m), v, vq, x;
	size_t s, j;

	/*
	 * Doubling the table each round: w^(s + j) = w^j w^s are independent
	 * products, where one step at a time would wait on each.
	 */
	ntt_pair(t3, 1, m);
	for (s = 1; s < 2 * m3; s *= 2) {
		v = ntt_from_mont(w, m);
		vq = ntt_quot(w, m);
		for (j = 0; j < s; j++) {
			if (j % NTT_CHUNK == 0 && port_interrupted())
				return -EINTR;
			x = ntt_mul_shoup(t3[2 * j], v, vq, m->p);
			ntt_pair(t3 + 2 * (s + j), ntt_reduce_once(x, m->p), m);
		}
		w = ntt_mont_mul(w, w, m);
	}
	return 0;
}

/*
 * (a0 + a1 + a2, a0 + z a1 + z^2 a2, a0 + z^2 a1 + z a2) with one product,
 * as z^2 = -1 - z: the second is a0 - a2 + d and the third a0 - a1 - d for
 * d = z (a1 - a2). From [0, 2p) to [0, 2p), [0, 4p) and [0, 4p).
 */
static inline void ntt_bfly3(u64 *y0, u64 *y1, u64 *y2, u64 a0, u64 a1,
			     u64 a2, const u64 *z, const struct ntt_mod *m)
{
	const u64 p2 = m->p2;
	u64 d = ntt_mul_shoup(a1 - a2 + p2, z[0], z[1], m->p);

	*y0 = ntt_reduce_once(a0 + ntt_reduce_once(a1 + a2, p2), p2);
	*y1 = ntt_reduce_once(a0 - a2 + p2, p2) + d;
	*y2 = ntt_reduce_once(a0 - a1 + p2, p2) + p2 - d;
}

/* a[k] reduced to [0, 2p), zero from an up. */
static inline u64 ntt_limb(const limb_t *a, size_t an, size_t k,
			   const struct ntt_mod *m)
{
	return k < an ? ntt_reduce_limb(a[k], m->p2) : 0;
}

/*
 * The radix-3 pass on one triple, the limbs j, j + m3 and j + 2 m3 of a
 * reduced to [0, 2p), into x[j], x[j + m3] and x[j + 2 m3].
 */
static inline void ntt_put3(u64 *x, size_t m3, size_t j, u64 u0, u64 u1,
			    u64 u2, const u64 *t3, const struct ntt_mod *m)
{
	u64 y1, y2;

	ntt_bfly3(x + j, &y1, &y2, u0, u1, u2, t3 + 2 * m3, m);
	x[j + m3] = ntt_mul_shoup(y1, t3[2 * j], t3[2 * j + 1], m->p);
	x[j + 2 * m3] = ntt_mul_shoup(y2, t3[4 * j], t3[4 * j + 1], m->p);
}

/* The radix-3 pass while reading a[0..an), an <= 3 m3, into x. */
static int ntt_load3(u64 *x, size_t m3, const limb_t *a, size_t an,
		     const u64 *t3, const struct ntt_mod *m)
{
	size_t j;

	for (j = 0; j < m3; j++) {
		if (j % NTT_CHUNK == 0 && port_interrupted())
			return -EINTR;
		ntt_put3(x, m3, j, ntt_limb(a, an, j, m),
			 ntt_limb(a, an, j + m3, m),
			 ntt_limb(a, an, j + 2 * m3, m), t3, m);
	}
	return 0;
}

/*
 * a[k] + a[k + n] + ... modulo p, in [0, 2p): coefficient k of a reduced
 * modulo B^n - 1 before its carries, as in ntt_load_wrapped().
 */
static inline u64 ntt_limb_wrapped(const limb_t *a, size_t an, size_t k,
				   size_t n, const struct ntt_mod *m)
{
	u64 u = 0;

	for (; k < an; k += n)
		u = ntt_reduce_once(u + ntt_reduce_limb(a[k], m->p2), m->p2);
	return u;
}

/* ntt_load3() for an > 3 m3, wrapping a as ntt_load_wrapped() does. */
static int ntt_load3_wrapped(u64 *x, size_t m3, const limb_t *a, size_t an,
			     const u64 *t3, const struct ntt_mod *m)
{
	size_t j, n = 3 * m3;

	for (j = 0; j < m3; j++) {
		if (j % NTT_CHUNK == 0 && port_interrupted())
			return -EINTR;
		ntt_put3(x, m3, j, ntt_limb_wrapped(a, an, j, n, m),
			 ntt_limb_wrapped(a, an, j + m3, n, m),
			 ntt_limb_wrapped(a, an, j + 2 * m3, n, m), t3, m);
	}
	return 0;
}

/*
 * The forward transform of length 3 m3 of a[0..an) into x: the radix-3
 * pass while reading a, then the three blocks, each in bit-reversed order.
 */
static int ntt_forward3(u64 *x, size_t m3, const limb_t *a, size_t an,
			const u64 *tw, const u64 *t3, const struct ntt_mod *m)
{
	int ret = an > 3 * m3 ? ntt_load3_wrapped(x, m3, a, an, t3, m) :
				ntt_load3(x, m3, a, an, t3, m);

	if (!ret)
		ret = ntt_each(ntt_dif, x, 3, m3, tw, m);
	return ret;
}

/*
 * The inverse of ntt_forward3(), times 3 m3, in [0, 4p). Block r must be
 * divided by w^(jr) before the radix-3 pass; for j > 0, w^-j is
 * w^(m3 - j) z^2 and w^-2j is w^(2 (m3 - j)) z, and those powers of z
 * only reorder the pass's outputs.
 */
static int ntt_inverse3(u64 *x, size_t m3, const u64 *tw, const u64 *t3,
			const struct ntt_mod *m)
{
	const u64 p = m->p, p2 = m->p2, *z = t3 + 2 * m3;
	u64 *x1 = x + m3, *x2 = x + 2 * m3, u1, u2;
	size_t j;
	int ret;

	ret = ntt_each(ntt_dit, x, 3, m3, tw, m);
	if (ret)
		return ret;
	ntt_bfly3(x, x2, x1, ntt_reduce_once(x[0], p2), ntt_reduce_once(x1[0], p2),
		  ntt_reduce_once(x2[0], p2), z, m);
	for (j = 1; j < m3; j++) {
		if (j % NTT_CHUNK == 0 && port_interrupted())
			return -EINTR;
		u1 = ntt_mul_shoup(x1[j], t3[2 * (m3 - j)],
				   t3[2 * (m3 - j) + 1], p);
		u2 = ntt_mul_shoup(x2[j], t3[4 * (m3 - j)],
				   t3[4 * (m3 - j) + 1], p);
		ntt_bfly3(x2 + j, x1 + j, x + j, ntt_reduce_once(x[j], p2), u1, u2,
			  z, m);
	}
	return 0;
}

/* Whether the length n is three times a power of two, not a power. */
static bool ntt_is3(size_t n)
{
	return n & (n - 1);
}

/*
 * The tables for length n, a power of two or three times one, in
 * tw[0..2n): for n = 3 m3, m3's twiddle table then ntt_table3()'s.
 */
int ntt_tables(u64 *tw, size_t n, const struct ntt_mod *m, int i)
{
	size_t m3 = ntt_is3(n) ? n / 3 : n;
	int ret = ntt_roots(tw, m3, m, i);

	if (!ret && ntt_is3(n))
		ret = ntt_table3(tw + 2 * m3, m3, m, i);
	return ret;
}

/* The forward transform of length n of a[0..an), any an <= 4n. */
int ntt_forward(u64 *x, size_t n, const limb_t *a, size_t an,
		const u64 *tw, const struct ntt_mod *m)
{
	if (ntt_is3(n))
		return ntt_forward3(x, n / 3, a, an, tw, tw + 2 * (n / 3), m);
	return ntt_forward2(x, n, a, an, tw, m);
}

/* The inverse transform of length n, times n, in [0, 4p). */
static int ntt_inverse(u64 *x, size_t n, const u64 *tw,
		       const struct ntt_mod *m)
{
	if (ntt_is3(n))
		return ntt_inverse3(x, n / 3, tw, tw + 2 * (n / 3), m);
	return ntt_dit(x, n, tw, m);
}

/*
 * x[0..n) = the cyclic convolution of a[0..an), any an <= 4n, with the
 * number whose forward transform y holds (with a itself when y is NULL),
 * times n / 2^64, in [0, 4p); tw from ntt_tables(). y may not be x.
 */
static int ntt_convolve_transformed(u64 *x, const u64 *y, const u64 *tw,
				    size_t n, const limb_t *a, size_t an,
				    const struct ntt_mod *m)
{
	int ret = ntt_forward(x, n, a, an, tw, m);

	if (!ret)
		ret = ntt_pointwise(x, y ? y : x, n, m);
	if (!ret)
		ret = ntt_inverse(x, n, tw, m);
	return ret;
}

int ntt_convolutions(u64 **v, struct ntt_mod *m, size_t n,
		     const limb_t *a, size_t an, const limb_t *b, size_t bn,
		     const u64 *prep, u64 *tmp)
{
	u64 *tw = tmp, *y = tmp + 5 * n;
	const u64 *yt;
	int i, ret = 0;

	for (i = 0; !ret && i < 3; i++) {
		ntt_mod_init(&m[i], ntt_primes[i].p);
		v[i] = tmp + (2 + i) * n;
		yt = prep ? prep + i * n : b ? y : NULL;
		ret = ntt_tables(tw, n, &m[i], i);
		if (!ret && b)
			ret = ntt_forward(y, n, b, bn, tw, &m[i]);
		if (!ret)
			ret = ntt_convolve_transformed(v[i], yt, tw, n, a, an,
						       &m[i]);
	}
	return ret;
}

/*
 * Garner's constants: with v_i the convolution modulo p_i times s_i, and
 * c_i = v_i / s_i, the coefficient is x1 + p1 x2 + p1 p2 x3 where
 *   x1 = c_1 mod p1,
 *   x2 = (c_2 - x1) / p1 mod p2,
 *   x3 = ((c_3 - x1) / p1 - x2) / p2 mod p3,
 * computed with the pairs below (a constant and its w').
 */
struct ntt_crt {
	u64 s1[2];	/* 1 / s_1 mod p1 */
	u64 e2[2];	/* 1 / (s_2 p1) mod p2 */
	u64 f2[2];	/* 1 / p1 mod p2 */
	u64 e3[2];	/* 1 / (s_3 p1 p2) mod p3 */
	u64 f3[2];	/* 1 / (p1 p2) mod p3 */
	u64 g3[2];	/* 1 / p2 mod p3 */
	u64 p12[2];	/* p1 p2, low limb first */
};

/*
 * The constants for a transform of length n: each v_i is n / 2^64 times
 * the convolution, so 1 / s_i = 2^64 / n = -2^64 (p - 1) / n mod p, as n
 * divides p - 1.
 */
static void ntt_crt_init(struct ntt_crt *c, const struct ntt_mod *m,
			 size_t n)
{
	u64 s[3], f2, f3, g3;
	int i;

	for (i = 0; i < 3; i++) {
		s[i] = m[i].p - (m[i].p - 1) / n;	/* 1 / n */
		s[i] = ntt_to_mont(s[i], &m[i]);
	}
	f2 = ntt_mod_recip(m[0].p % m[1].p, &m[1]);
	g3 = ntt_mod_recip(m[1].p % m[2].p, &m[2]);
	f3 = ntt_mulmod(ntt_mod_recip(m[0].p % m[2].p, &m[2]), g3, &m[2]);
	ntt_pair(c->s1, s[0], &m[0]);
	ntt_pair(c->e2, ntt_mulmod(s[1], f2, &m[1]), &m[1]);
	ntt_pair(c->f2, f2, &m[1]);
	ntt_pair(c->e3, ntt_mulmod(s[2], f3, &m[2]), &m[2]);
	ntt_pair(c->f3, f3, &m[2]);
	ntt_pair(c->g3, g3, &m[2]);
	c->p12[0] = limb_mul(m[0].p, m[1].p, &c->p12[1]);
}

/* x1, x2, x3 of Garner from the three residues of one coefficient. */
static inline void ntt_garner(u64 *x, u64 v1, u64 v2, u64 v3,
			      const struct ntt_crt *c,
			      const struct ntt_mod *m)
{
	u64 t;

	x[0] = ntt_reduce_once(ntt_mul_shoup(v1, c->s1[0], c->s1[1], m[0].p),
			       m[0].p);
	t = ntt_sub2(ntt_mul_shoup(v2, c->e2[0], c->e2[1], m[1].p),
		     ntt_mul_shoup(x[0], c->f2[0], c->f2[1], m[1].p),
		     m[1].p2);
	x[1] = ntt_reduce_once(t, m[1].p);
	t = ntt_sub2(ntt_mul_shoup(v3, c->e3[0], c->e3[1], m[2].p),
		     ntt_mul_shoup(x[0], c->f3[0], c->f3[1], m[2].p),
		     m[2].p2);
	t = ntt_sub2(t, ntt_mul_shoup(x[1], c->g3[0], c->g3[1], m[2].p),
		     m[2].p2);
	x[2] = ntt_reduce_once(t, m[2].p);
}

/* s[0..3) = x1 + p1 x2 + p1 p2 x3, the coefficient in binary. */
static inline void ntt_crt_value(u64 *s, const u64 *x, const u64 *p12,
				 u64 p1)
{
	u64 l, h, l1, h1, c;

	/* x1 + p1 x2 < 2^126 */
	l = limb_mul(x[1], p1, &h);
	l += x[0];
	h += l < x[0];
	/* plus x3 p1 p2 = (l1 + h1 2^64) 2^64 + x3 p12[0] */
	l1 = limb_mul(x[2], p12[1], &h1) + h;
	h1 += l1 < h;
	h = l1;
	l1 = limb_mul(x[2], p12[0], &c);
	l += l1;
	c += l < l1;
	h += c;
	h1 += h < c;
	s[0] = l;
	s[1] = h;
	s[2] = h1;
}

/*
 * r[0..rn) = the product in radix rx from the residues v[0..3)[0..n):
 * coefficient k < n, rebuilt into three binary limbs, is the sum of
 * column k. What is left above limb rn, two limbs, goes to carry if it is
 * not NULL. Each coefficient is below n B^2, so in radix 10^19 the carries
 * stay below n 10^19 as rx_column_end() needs.
 */
int ntt_crt(enum radix rx, limb_t *r, size_t rn, u64 *const *v,
	    size_t n, const struct ntt_mod *m, u64 *carry)
{
	u64 s[3] = { 0, 0, 0 }, x[3], c[2] = { 0, 0 };
	struct ntt_crt crt;
	size_t k;

	ntt_crt_init(&crt, m, n);
	for (k = 0; k < rn; k++) {
		if (k % NTT_CHUNK == 0 && port_interrupted())
			return -EINTR;
		if (k < n) {
			ntt_garner(x, v[0][k], v[1][k], v[2][k], &crt, m);
			ntt_crt_value(s, x, crt.p12, m[0].p);
		} else {
			memset(s, 0, sizeof(s));
		}
		r[k] = rx_column_end(rx, c, s);
	}
	if (carry) {
		carry[0] = c[0];
		carry[1] = c[1];
	}
	return 0;
}

/*
 * Lengths 3 * 2^k take a little more per coefficient than powers of two,
 * so they are worth it from some size on and only when they are shorter.
 */
#define NTT_MIN3 64

/*
 * The transform length for cn coefficients: the power of two or, from
 * NTT_MIN3 up, three times a power of two, whichever is shorter.
 */
static size_t ntt_length(size_t cn)
{
	size_t n = (size_t)1 << ntt_log_length(cn);

	if (n / 4 >= NTT_MIN3 && n / 4 * 3 >= cn)
		return n / 4 * 3;
	return n;
}

/* r = a * b, or a^2 when b is NULL; tmp as ntt_mul_scratch(). */
static int ntt_product(enum radix rx, limb_t *r, const limb_t *a, size_t an,
		       const limb_t *b, size_t bn, limb_t *tmp)
{
	size_t rn = an + (b ? bn : an), n = ntt_length(rn - 1);
	struct ntt_mod m[3];
	u64 *v[3];
	int ret;

	ret = ntt_convolutions(v, m, n, a, an, b, bn, NULL, tmp);
	if (!ret)
		ret = ntt_crt(rx, r, rn, v, n, m, NULL);
	return ret;
}

size_t ntt_mul_scratch(size_t an, size_t bn)
{
	return 6 * ntt_length(an + bn - 1);
}

int rx_mul_ntt(enum radix rx, limb_t *r, const limb_t *a, size_t an,
	       const limb_t *b, size_t bn, limb_t *tmp)
{
	/* One forward transform per prime is enough for a square. */
	return ntt_product(rx, r, a, an, a == b && an == bn ? NULL : b, bn,
			   tmp);
}

size_t ntt_sqr_scratch(size_t n)
{
	return 5 * ntt_length(2 * n - 1);
}

int rx_sqr_ntt(enum radix rx, limb_t *r, const limb_t *a, size_t n,
	       limb_t *tmp)
{
	return ntt_product(rx, r, a, n, NULL, 0, tmp);
}
