/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Products and squares of limb arrays by the fastest method for their
 * size: schoolbook, Karatsuba, Toom-3, Toom-4 or a number-theoretic
 * transform, in either radix (radix.h): the rx_* functions take it as
 * their first argument, and bn_mul() and friends below are their radix
 * 2^64 forms, for the code that knows no other. The thresholds between the
 * methods are below, with the measurements behind them, where the tests
 * can see them too; each radix has its own.
 *
 * Every function takes a scratch area from the caller, sized by the
 * matching *_scratch() function for the largest operands it will see, so
 * that nothing allocates inside a computation. Like bn_mul_basecase(),
 * they return 0, or -EINTR when they gave up half-way on
 * port_interrupted(), leaving r unspecified.
 */
#ifndef FIBDRV_MUL_H
#define FIBDRV_MUL_H

#include "radix.h"

/*
 * The thresholds, in limbs of the smaller operand, where each method
 * starts to win: bench/tune_mul.c's microseconds per call (best of seven
 * runs, the methods taking turns; gcc -O2, the 2-core AMD EPYC, with
 * other jobs running; method against method, each with the dispatcher
 * below it), in two runs where given. Near each crossover the two differ
 * by a few per cent, no more than the noise between runs, so the exact
 * value matters little.
 *
 * Karatsuba against schoolbook: 16 limbs 0.153/0.155 and 0.278/0.285,
 * 18 limbs 0.184/0.215 and 0.210/0.224, 20 limbs 0.235/0.266 and
 * 0.246/0.266, 24 limbs 0.314/0.381 and 0.540/0.571.
 */
#define MUL_KARATSUBA_THRESHOLD 17
/*
 * Toom-3 against Karatsuba: a tie from 128 to 256 limbs, then Toom-3.
 * 128 limbs 5.32/5.26 and 5.67/5.71, 144 limbs 6.27/6.88 and 6.62/7.37,
 * 192 limbs 9.63/9.89 and 10.47/10.62, 224 limbs 13.0/13.2 and
 * 14.2/13.5, 320 limbs 22.2/23.2 and 23.6/25.1, 512 limbs 46.9/47.5 and
 * 48.6/52.8.
 */
#define MUL_TOOM3_THRESHOLD 140
/*
 * Toom-4 against Toom-3, taking turns call by call: a tie to 512 limbs,
 * then Toom-4 by 2-5%: 256 limbs 16.40/16.38, 512 limbs 44.7/44.9, 640
 * limbs 61.8/65.4, 1024 limbs 125.9/130.2, 2048 limbs 344/353.
 */
#define MUL_TOOM4_THRESHOLD 600
/*
 * The transform's length is the smaller of 2^k and 3 * 2^k that holds
 * an + bn, so its cost follows an + bn, not the smaller operand: products
 * go to it when an + bn reaches MUL_NTT_THRESHOLD and bn is at least
 * MUL_NTT_MIN_LIMBS (below that, bn-sized pieces of a are cheaper).
 * Microseconds, the chosen Toom against the transform, best of five,
 * gcc -O2, the 2-core Intel Xeon (AVX-512), with the radix-4 transform:
 * 1400 x 1400 287/275, 1500 x 1500 318/278, 1600 x 1600 366/350,
 * 2000 x 1000 351/278, 1800 x 1200 392/278, 2000 x 600 291/273,
 * 3000 x 500 374/353, 6000 x 600 813/752, 4042 x 2830 1213/759. Below
 * 2800 the transform wins only where an + bn just fits its length
 * (1024 x 1024: 179/169). On the 2-core AMD EPYC the radix-2 transform
 * crossed Toom-4 at 2 x 5000 limbs.
 */
#define MUL_NTT_THRESHOLD 2800
#define MUL_NTT_MIN_LIMBS 500

/*
 * Squares have the cheaper schoolbook case, so they switch later.
 * Karatsuba against schoolbook: 28 limbs 0.300/0.292 and 0.320/0.313,
 * 32 limbs 0.366/0.378 and 0.392/0.415, 36 limbs 0.448/0.477 and
 * 0.504/0.491, 40 limbs 0.517/0.560 and 0.556/0.602, 56 limbs
 * 0.966/1.097 and 1.047/1.195.
 */
#define SQR_KARATSUBA_THRESHOLD 34
/*
 * Toom-3 against Karatsuba: a tie from 80 to 400 limbs, the winner
 * changing with the pieces' sizes against the thresholds below, then
 * Toom-3. 128 limbs 4.13/3.88 and 4.18/4.17, 192 limbs 7.36/7.79 and
 * 7.99/7.91, 224 limbs 9.39/10.43 and 9.60/9.90, 256 limbs 12.4/11.7 and
 * 12.1/12.9, 448 limbs 28.9/32.6 and 30.3/31.5.
 */
#define SQR_TOOM3_THRESHOLD 240
/*
 * Toom-4 against Toom-3, taking turns call by call: a tie (within 1%)
 * from 320 to 512 limbs, then Toom-4 by 4-5%: 512 limbs 36.3/36.3,
 * 640 limbs 51.0/53.0, 1024 limbs 102.5/107.3, 2048 limbs 294/309.
 */
#define SQR_TOOM4_THRESHOLD 600
/*
 * As for products, Toom-4 / NTT time ratio, best of nine, the Xeon:
 * 1300 limbs 0.89, 1400 0.99, 1450 1.04, 1536 1.14, then dips where the
 * length steps up (1600 0.95, 2100 0.89), and otherwise 1.12-1.45 (1800,
 * 2000, 2500, 2712, 3000).
 */
#define SQR_NTT_THRESHOLD 1450

/*
 * Radix 10^19 (dn.h). Its schoolbook columns end in a division by 10^19
 * each (two steps of limb_div_preinv()), which the methods above multiply
 * (Karatsuba makes 3n columns of n-limb halves where schoolbook has 2n),
 * and its linear operations compare where radix 2^64 has a carry flag,
 * while the transform costs what it costs in radix 2^64: every crossover
 * but the transform's moves up. Microseconds, `make tune` (tune_mul -d),
 * best of seven, gcc -O2, the 2-core AMD EPYC, each method over the
 * dispatcher with these thresholds below:
 *
 * Karatsuba against schoolbook: 96 limbs 4.59/4.64, 112 limbs 6.03/6.06,
 * 128 limbs 7.42/7.86, 160 limbs 10.89/11.69, 192 limbs 14.70/16.91.
 */
#define DN_MUL_KARATSUBA_THRESHOLD 112
/*
 * Toom-3 against Karatsuba: 320 limbs 33.9/33.4, 384 limbs 45.1/46.1,
 * 448 limbs 57.4/58.4, 512 limbs 70.9/73.6, 640 limbs 102.9/107.8.
 */
#define DN_MUL_TOOM3_THRESHOLD 384
/*
 * Toom-4 against Toom-3 only ties, from 1024 limbs (206.5/207.1), where
 * the transform has long taken over: never.
 */
#define DN_MUL_TOOM4_THRESHOLD 100000
/*
 * The transform's cost steps with its length, Toom-3's grows smoothly,
 * n x n: 512 limbs 70.1/70.9 (length 1024), 640 limbs 113.5/102.9 and
 * 768 limbs 114.0/131.2 (both 1536), 1024 limbs 143.1/207.1: even at
 * an + bn of about 1400. Unbalanced, the transform against bn-sized pieces
 * of a: 1200 x 250 164.7/164.0, 1200 x 400 216.1/211.2, 2000 x 300
 * 343.1/305.9, 2000 x 400 336.6/357.2, 3000 x 500 440.9/569.5.
 */
#define DN_MUL_NTT_THRESHOLD 1400
#define DN_MUL_NTT_MIN_LIMBS 350
/*
 * Squares: Karatsuba against schoolbook: 192 limbs 13.52/12.66, 224 limbs
 * 17.24/17.27, 256 limbs 20.27/22.18, 320 limbs 28.88/32.57.
 */
#define DN_SQR_KARATSUBA_THRESHOLD 224
/*
 * Toom-3 against Karatsuba: 384 limbs 30.82/30.97, 448 limbs 39.9/41.6,
 * 512 limbs 53.7/55.0, 768 limbs 90.8/96.5.
 */
#define DN_SQR_TOOM3_THRESHOLD 400
/* Toom-4 beats Toom-3 only from 1280 limbs, above the transform: never. */
#define DN_SQR_TOOM4_THRESHOLD 100000
/*
 * The transform against Toom-3: 512 limbs 58.5/53.7, 640 limbs 92.9/79.4,
 * 768 limbs 85.7/90.8, 1024 limbs 109.8/144.1.
 */
#define DN_SQR_NTT_THRESHOLD 700

/* Whether rx_mul() takes the transform for an x bn limbs, an >= bn. */
bool rx_mul_takes_ntt(enum radix rx, size_t an, size_t bn);

/*
 * Limbs of scratch rx_mul() needs for a product of an by bn limbs, an >= bn:
 * none for schoolbook sizes. Below the transforms it is linear, 4 an plus
 * a few limbs per level of recursion; with the transform it is its 6N, N
 * the power of two >= an + bn - 1, so never more than 12 (an + bn) + 1024.
 */
size_t rx_mul_scratch(enum radix rx, size_t an, size_t bn);

/*
 * r[0..an+bn) = a[0..an) * b[0..bn) with an >= bn >= 1. r must not overlap
 * a, b or tmp; a and b may be the same.
 */
int rx_mul(enum radix rx, limb_t *r, const limb_t *a, size_t an,
	   const limb_t *b, size_t bn, limb_t *tmp);

/*
 * Limbs of scratch rx_sqr() needs for an n-limb operand: as for rx_mul(),
 * but the transform's square takes 5N, so never more than 20 n + 1024.
 */
size_t rx_sqr_scratch(enum radix rx, size_t n);

/* r[0..2n) = a[0..n)^2 with n >= 1. r must not overlap a or tmp. */
int rx_sqr(enum radix rx, limb_t *r, const limb_t *a, size_t n,
	   limb_t *tmp);

/* Radix 2^64, for the division and the conversion to decimal. */
static inline bool bn_mul_takes_ntt(size_t an, size_t bn)
{
	return rx_mul_takes_ntt(RADIX_BIN, an, bn);
}

static inline size_t bn_mul_scratch(size_t an, size_t bn)
{
	return rx_mul_scratch(RADIX_BIN, an, bn);
}

static inline int bn_mul(limb_t *r, const limb_t *a, size_t an,
			 const limb_t *b, size_t bn, limb_t *tmp)
{
	return rx_mul(RADIX_BIN, r, a, an, b, bn, tmp);
}

static inline size_t bn_sqr_scratch(size_t n)
{
	return rx_sqr_scratch(RADIX_BIN, n);
}

static inline int bn_sqr(limb_t *r, const limb_t *a, size_t n, limb_t *tmp)
{
	return rx_sqr(RADIX_BIN, r, a, n, tmp);
}

/*
 * Low and high products below this many limbs are schoolbook; from it up
 * they split as Mulders does (see bn_mullo() and bn_mulhi()). Radix 2^64
 * only: the division needs them, and nothing in radix 10^19 divides.
 */
#define MULLO_BASECASE_THRESHOLD 56

/* Limbs of scratch bn_mullo() needs for n limbs. */
size_t bn_mullo_scratch(size_t n);

/*
 * r[0..n) = a[0..n) * b[0..n) mod B^n, n >= 1: the low half of the
 * product, for about 0.8 of its cost. r must not overlap a, b or tmp.
 * Returns 0 or -EINTR, as bn_mul() does.
 */
int bn_mullo(limb_t *r, const limb_t *a, const limb_t *b, size_t n,
	     limb_t *tmp);

/*
 * r[0..n) = floor(a[0..n) b[0..n) / B^n) - e with 0 <= e <= n, n >= 1: the
 * high half of the product, short by a few units, for about 0.8 of its
 * cost. tmp holds bn_mullo_scratch(n) limbs. r must not overlap a, b or
 * tmp. Returns 0 or -EINTR, as bn_mul() does.
 */
int bn_mulhi(limb_t *r, const limb_t *a, const limb_t *b, size_t n,
	     limb_t *tmp);

/*
 * The methods themselves, for the tests and the tuner: each applies its
 * own split at the top level, whatever the size, and leaves the pieces to
 * rx_mul() and rx_sqr(). Called directly they take a tmp of
 * rx_mul_method_scratch(rx, an) limbs (n for the squares), as a piece may
 * reach the transforms; under rx_mul() and rx_sqr() their scratch is in
 * rx_mul_scratch() and rx_sqr_scratch().
 */
size_t rx_mul_method_scratch(enum radix rx, size_t an);

/* Karatsuba: an >= bn > ceil(an / 2), so bn >= 2. */
int rx_mul_karatsuba(enum radix rx, limb_t *r, const limb_t *a, size_t an,
		     const limb_t *b, size_t bn, limb_t *tmp);

/* Karatsuba square: n >= 2. */
int rx_sqr_karatsuba(enum radix rx, limb_t *r, const limb_t *a, size_t n,
		     limb_t *tmp);

/*
 * Toom-3, evaluating at 0, 1, -1, 2 and infinity: an >= bn > 2 ceil(an / 3),
 * so an = 3 or an >= 5.
 */
int rx_mul_toom3(enum radix rx, limb_t *r, const limb_t *a, size_t an,
		 const limb_t *b, size_t bn, limb_t *tmp);

/* Toom-3 square: n = 3 or n >= 5. */
int rx_sqr_toom3(enum radix rx, limb_t *r, const limb_t *a, size_t n,
		 limb_t *tmp);

/*
 * Toom-4, evaluating at 0, 1, -1, 2, -2, 1/2 and infinity:
 * an >= bn > 3 ceil(an / 4), so an = 4, 7, 8, 10, 11 or an >= 12.
 */
int rx_mul_toom4(enum radix rx, limb_t *r, const limb_t *a, size_t an,
		 const limb_t *b, size_t bn, limb_t *tmp);

/* Toom-4 square: n > 3 ceil(n / 4), as an above. */
int rx_sqr_toom4(enum radix rx, limb_t *r, const limb_t *a, size_t n,
		 limb_t *tmp);

#endif /* FIBDRV_MUL_H */
