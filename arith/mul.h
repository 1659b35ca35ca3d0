/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Products and squares of limb arrays by the fastest method for their
 * size: schoolbook, Karatsuba, Toom-3, Toom-4 or a number-theoretic
 * transform, in either radix (radix.h): the rx_* functions take it as
 * their first argument, and bn_mul() and friends below are their radix
 * 2^64 forms, for the code that knows no other. The thresholds between the
 * methods are below, where the tests can see them too.
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
 * starts to win; docs/tuning.md has the measurements that chose them
 * (make tune), and each radix has its own.
 */
/* Karatsuba beats schoolbook. */
#define MUL_KARATSUBA_THRESHOLD 17
/* Toom-3 beats Karatsuba: a tie from 128 to 256 limbs. */
#define MUL_TOOM3_THRESHOLD 140
/* Toom-4 beats Toom-3: a tie to 512 limbs. */
#define MUL_TOOM4_THRESHOLD 600
/* The transform, whose length follows an + bn, takes an + bn from here... */
#define MUL_NTT_THRESHOLD 2800
/* ...and bn from here: below, bn-sized pieces of a are cheaper. */
#define MUL_NTT_MIN_LIMBS 500

/* Squares have the cheaper schoolbook case, so they switch later. */
#define SQR_KARATSUBA_THRESHOLD 34
/* Toom-3 beats Karatsuba: a tie from 80 to 400 limbs. */
#define SQR_TOOM3_THRESHOLD 240
/* Toom-4 beats Toom-3: a tie from 320 to 512 limbs. */
#define SQR_TOOM4_THRESHOLD 600
/* The transform beats Toom-4, but where its length steps up. */
#define SQR_NTT_THRESHOLD 1450

/*
 * Radix 10^19 (dn.h): its schoolbook columns end in a division each and
 * its linear operations compare where radix 2^64 has a carry flag, while
 * the transform costs the same in both radices, so every crossover but
 * the transform's moves up.
 */
/* Karatsuba beats schoolbook. */
#define DN_MUL_KARATSUBA_THRESHOLD 112
/* Toom-3 beats Karatsuba. */
#define DN_MUL_TOOM3_THRESHOLD 384
/* Toom-4 only ties with Toom-3, past the transform: never. */
#define DN_MUL_TOOM4_THRESHOLD 100000
/* The transform takes an + bn from here... */
#define DN_MUL_NTT_THRESHOLD 1400
/* ...and bn from here. */
#define DN_MUL_NTT_MIN_LIMBS 350
/* Squares: Karatsuba beats schoolbook. */
#define DN_SQR_KARATSUBA_THRESHOLD 224
/* Toom-3 beats Karatsuba. */
#define DN_SQR_TOOM3_THRESHOLD 400
/* Toom-4 beats Toom-3 only above the transform: never. */
#define DN_SQR_TOOM4_THRESHOLD 100000
/* The transform beats Toom-3. */
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

/* bn_mul() for any an, bn >= 1: the longer operand goes first. */
static inline int bn_mul_any(limb_t *r, const limb_t *a, size_t an,
			     const limb_t *b, size_t bn, limb_t *tmp)
{
	if (an >= bn)
		return bn_mul(r, a, an, b, bn, tmp);
	return bn_mul(r, b, bn, a, an, tmp);
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
