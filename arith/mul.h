/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Products and squares of limb arrays by the fastest method for their
 * size: schoolbook, Karatsuba, Toom-3 or a number-theoretic transform. The
 * thresholds between them are below, with the measurements behind them,
 * where the tests can see them too.
 *
 * Every function takes a scratch area from the caller, sized by the
 * matching *_scratch() function for the largest operands it will see, so
 * that nothing allocates inside a computation. Like bn_mul_basecase(),
 * they give up half-way when port_interrupted(): the caller must check that
 * before using r.
 */
#ifndef FIBDRV_MUL_H
#define FIBDRV_MUL_H

#include "bn.h"

/*
 * The thresholds, in limbs of the smaller operand, where each method
 * starts to win: bench/tune_mul.c's microseconds per call in two runs
 * (best of five calls each, gcc -O2, the 2-core AMD EPYC; method against
 * method, each with the dispatcher below it). Near each crossover the two
 * differ by a few per cent, no more than the noise between runs, so the
 * exact value matters little.
 *
 * Karatsuba against schoolbook: 18 limbs 0.204/0.201 and 0.212/0.211,
 * 20 limbs 0.254/0.256 and 0.254/0.258, 22 limbs 0.287/0.306 and
 * 0.312/0.329, 32 limbs 0.598/0.628 and 0.561/0.634.
 */
#define MUL_KARATSUBA_THRESHOLD 20
/*
 * Toom-3 against Karatsuba: a tie from 150 to 300 limbs, then Toom-3.
 * 128 limbs 6.67/6.32 and 6.63/6.43, 160 limbs 9.22/9.52 and 9.21/9.64,
 * 224 limbs 16.4/17.6 and 16.4/16.2, 320 limbs 29.6/29.9 and 28.1/29.9,
 * 512 limbs 59.9/63.7 and 59.6/63.4.
 */
#define MUL_TOOM3_THRESHOLD 150
/*
 * The transform's cost doubles each time an + bn crosses a power of two,
 * so there is no clean crossover: in ms, Toom-3 / NTT, 1000 limbs
 * 0.159/0.147, 3000 limbs 0.83/0.65, 10000 limbs 5.12/3.15, but at 4097
 * limbs Toom-3 is 12% faster and they tie at 4500; from 8193 limbs on the
 * transform always wins. 3000 keeps the cases where Toom-3 wins few.
 */
#define MUL_NTT_THRESHOLD 3000

/*
 * Squares have the cheaper schoolbook case, so they switch later.
 * Karatsuba against schoolbook: 48 limbs 0.876/0.854 and 0.815/0.779,
 * 56 limbs 1.114/1.157 and 1.043/1.091, 64 limbs 1.534/1.509 and
 * 1.343/1.488, 80 limbs 2.06/2.29 and 1.97/2.18.
 */
#define SQR_KARATSUBA_THRESHOLD 60
/*
 * Toom-3 against Karatsuba: a tie from 150 to 320 limbs, then Toom-3.
 * 192 limbs 10.3/9.1 and 8.61/8.58, 256 limbs 15.4/16.3 and 14.3/14.3,
 * 448 limbs 37.6/39.2 and 36.5/43.3, 512 limbs 46.0/49.8 and 41.5/43.3.
 */
#define SQR_TOOM3_THRESHOLD 240
/*
 * As for products, in ms, Toom-3 / NTT: 1000 limbs 0.120/0.107, 3000
 * limbs 0.63/0.47, 10000 limbs 3.91/2.21; Toom-3 is up to 6% faster just
 * above 2048 (to about 2400 limbs) and just above 4096.
 */
#define SQR_NTT_THRESHOLD 2500

/* Limbs of scratch bn_mul() needs for a product of an by bn limbs, an >= bn. */
size_t bn_mul_scratch(size_t an, size_t bn);

/*
 * r[0..an+bn) = a[0..an) * b[0..bn) with an >= bn >= 1. r must not overlap
 * a, b or tmp; a and b may be the same.
 */
void bn_mul(limb_t *r, const limb_t *a, size_t an,
	    const limb_t *b, size_t bn, limb_t *tmp);

/* Limbs of scratch bn_sqr() needs for an n-limb operand. */
size_t bn_sqr_scratch(size_t n);

/* r[0..2n) = a[0..n)^2 with n >= 1. r must not overlap a or tmp. */
void bn_sqr(limb_t *r, const limb_t *a, size_t n, limb_t *tmp);

/*
 * The methods themselves, for the tests and the tuner: each applies its
 * own split at the top level, whatever the size, and leaves the pieces to
 * bn_mul() and bn_sqr(). Called directly they take a tmp of
 * bn_mul_method_scratch(an) limbs (n for the squares), as a piece may
 * reach the transforms; under bn_mul() and bn_sqr() their scratch is in
 * bn_mul_scratch() and bn_sqr_scratch().
 */
size_t bn_mul_method_scratch(size_t an);

/* Karatsuba: an >= bn > ceil(an / 2), so bn >= 2. */
void bn_mul_karatsuba(limb_t *r, const limb_t *a, size_t an,
		      const limb_t *b, size_t bn, limb_t *tmp);

/* Karatsuba square: n >= 2. */
void bn_sqr_karatsuba(limb_t *r, const limb_t *a, size_t n, limb_t *tmp);

/*
 * Toom-3, evaluating at 0, 1, -1, 2 and infinity: an >= bn > 2 ceil(an / 3),
 * so an = 3 or an >= 5.
 */
void bn_mul_toom3(limb_t *r, const limb_t *a, size_t an,
		  const limb_t *b, size_t bn, limb_t *tmp);

/* Toom-3 square: n = 3 or n >= 5. */
void bn_sqr_toom3(limb_t *r, const limb_t *a, size_t n, limb_t *tmp);

#endif /* FIBDRV_MUL_H */
