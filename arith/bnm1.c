// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Products modulo B^n - 1 (bnm1.h): a cyclic convolution by the transform
 * of ntt.c at the lengths it does, the whole product of mul.c wrapped
 * at the others. "Wrap" is the cyclic reduction, B^n = 1, here and in
 * ntt.c, whose lazy reduction modulo its primes is "reduce".
 */
#include "bnm1.h"
#include "ntt_internal.h"

/* Lengths done by the transform: 2^k or 3 * 2^k from the threshold up. */
static bool bnm1_by_transform(size_t n)
{
	size_t m3 = n % 3 ? n : n / 3;

	return n >= BN_MULMOD_BNM1_THRESHOLD && !(m3 & (m3 - 1));
}

/*
 * The least 2^k or 3 * 2^k of at least min: with n the least power of two
 * of at least min, it is 3n / 4 if that will do, else n.
 */
size_t bn_mulmod_bnm1_next(size_t min)
{
	size_t n = 8;

	if (min < BN_MULMOD_BNM1_THRESHOLD)
		return min ? min : 1;
	while (n < min)
		n *= 2;
	return n / 4 * 3 >= min ? n / 4 * 3 : n;
}

/* The scratch of bnm1_whole(). */
static size_t bnm1_whole_scratch(size_t n)
{
	return 4 * n + bn_mul_scratch(n, n);
}

/*
 * A bound for every length up to n, cyclic or not, so that it grows with
 * n: 6n for the transform, and below the threshold, where the wrap takes
 * up to about 8n, as much as the longest of those.
 */
size_t bn_mulmod_bnm1_scratch(size_t n)
{
	size_t f = n < BN_MULMOD_BNM1_THRESHOLD ? n :
		   BN_MULMOD_BNM1_THRESHOLD - 1;

	f = f ? bnm1_whole_scratch(f) : 0;
	return f > 6 * n ? f : 6 * n;
}

void bn_mod_bnm1(limb_t *r, size_t n, const limb_t *a, size_t an)
{
	size_t i, k = an < n ? an : n;

	port_assert(n >= 1 && bn_apart(r, n, a, an));
	memcpy(r, a, k * sizeof(*r));
	memset(r + k, 0, (n - k) * sizeof(*r));
	for (i = n; i < an; i += n)
		bn_add_wrap(r, n, 0, a + i, an - i < n ? an - i : n);
}

/*
 * r = a * b mod (B^n - 1) through the whole product, for any n: the
 * operands are wrapped to n limbs first, then the product of 2n.
 */
static int bnm1_whole(limb_t *r, size_t n, const limb_t *a, size_t an,
		      const limb_t *b, size_t bn, limb_t *tmp)
{
	limb_t *p = tmp, *fa = tmp + 2 * n, *fb = fa + n;
	int ret;

	if (an > n) {
		bn_mod_bnm1(fa, n, a, an);
		an = bn_normalized_size(fa, n);
		a = fa;
	}
	if (bn > n) {
		bn_mod_bnm1(fb, n, b, bn);
		bn = bn_normalized_size(fb, n);
		b = fb;
	}
	if (!an || !bn) {
		memset(r, 0, n * sizeof(*r));
		return 0;
	}
	ret = bn_mul_any(p, a, an, b, bn, tmp + 4 * n);
	if (!ret)
		bn_mod_bnm1(r, n, p, an + bn);
	return ret;
}

/*
 * The cyclic convolution of length n is the product modulo B^n - 1 before
 * the carries: the CRT step leaves the carries above limb n over, and
 * those wrap around to limb 0.
 */
static int bnm1_from_residues(limb_t *r, size_t n, u64 *const *v,
			      const struct ntt_mod *m)
{
	u64 carry[2];
	int ret;

	ret = ntt_crt(RADIX_BIN, r, n, v, n, m, carry);
	if (!ret)
		bn_add_wrap(r, n, 0, carry, 2);
	return ret;
}

int bn_mulmod_bnm1(limb_t *r, size_t n, const limb_t *a, size_t an,
		   const limb_t *b, size_t bn, limb_t *tmp)
{
	struct ntt_mod m[3];
	u64 *v[3];
	int ret;

	an = bn_normalized_size(a, an);
	bn = bn_normalized_size(b, bn);
	if (!an || !bn) {
		memset(r, 0, n * sizeof(*r));
		return 0;
	}
	if (!bnm1_by_transform(n))
		return bnm1_whole(r, n, a, an, b, bn, tmp);
	if (a == b && an == bn)
		b = NULL;
	ret = ntt_convolutions(v, m, n, a, an, b, bn, NULL, tmp);
	if (!ret)
		ret = bnm1_from_residues(r, n, v, m);
	return ret;
}

size_t bn_mulmod_bnm1_prep_size(size_t n)
{
	return 3 * n;
}

/*
 * The prepared form is b's forward transform for each prime, in
 * bit-reversed order with values in [0, 2p), as ntt_forward2() leaves it.
 */
int bn_mulmod_bnm1_prepare(u64 *prep, size_t n, const limb_t *b,
			   size_t bn, limb_t *tmp)
{
	struct ntt_mod m;
	int i, ret = 0;

	bn = bn_normalized_size(b, bn);
	for (i = 0; !ret && i < 3; i++) {
		ntt_mod_init(&m, ntt_primes[i].p);
		ret = ntt_tables(tmp, n, &m, i);
		if (!ret)
			ret = ntt_forward(prep + i * n, n, b, bn, tmp, &m);
	}
	return ret;
}

int bn_mulmod_bnm1_prepared(limb_t *r, size_t n, const limb_t *a,
			    size_t an, const u64 *prep, limb_t *tmp)
{
	struct ntt_mod m[3];
	u64 *v[3];
	int ret;

	an = bn_normalized_size(a, an);
	if (!an) {
		memset(r, 0, n * sizeof(*r));
		return 0;
	}
	ret = ntt_convolutions(v, m, n, a, an, NULL, 0, prep, tmp);
	if (!ret)
		ret = bnm1_from_residues(r, n, v, m);
	return ret;
}
