/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Products modulo B^n - 1 (bnm1), the wrapped products that the division
 * and the conversion build on: by a cyclic transform of ntt.c where the
 * length allows, else by the whole product of mul.c, wrapped. This layer
 * sits above both, which keeps them from calling each other.
 */
#ifndef FIBDRV_BNM1_H
#define FIBDRV_BNM1_H

#include "mul.h"

/*
 * Products modulo B^n - 1 (B = 2^64, radix 2^64 only), for when the
 * caller knows enough of the product to undo the wrap: a cyclic
 * convolution of length n is exactly that product before the carries, so
 * it costs a transform of n rather than of an + bn. Lengths from
 * BN_MULMOD_BNM1_THRESHOLD up use the transform and must be 2^k or
 * 3 * 2^k; below, any n works and the whole product is wrapped.
 * bn_mulmod_bnm1_next() gives the cheapest good length of at least min:
 * min itself below the threshold, else the least 2^k or 3 * 2^k, which
 * wastes a third of the length at most.
 */
/* From this length the transform does the cyclic product (docs/tuning.md). */
#define BN_MULMOD_BNM1_THRESHOLD 768

size_t bn_mulmod_bnm1_next(size_t min);

/* r[0..n) = a[0..an) mod (B^n - 1), any an, n >= 1. r must not overlap a. */
void bn_mod_bnm1(limb_t *r, size_t n, const limb_t *a, size_t an);

/*
 * Limbs of scratch bn_mulmod_bnm1() needs for length n, or for any shorter
 * length bn_mulmod_bnm1_next() gives: it never decreases as n grows.
 */
size_t bn_mulmod_bnm1_scratch(size_t n);

/*
 * r[0..n) = a[0..an) * b[0..bn) mod (B^n - 1), for an, bn <= 4n (longer
 * operands are wrapped first) and n a length bn_mulmod_bnm1_next() can
 * return; the result is below B^n but may be B^n - 1 for zero. r must not
 * overlap a, b or tmp; a and b may be the same. Returns 0 or -EINTR,
 * as rx_mul_ntt() does. Scratch: 6n limbs with the transform (a 2^17 length takes
 * 6 MiB, 3 * 2^16 4.5 MiB); below it 4n plus bn_mul_scratch(n, n), and
 * bn_mulmod_bnm1_scratch() is at least that of the threshold less one.
 */
int bn_mulmod_bnm1(limb_t *r, size_t n, const limb_t *a, size_t an,
		   const limb_t *b, size_t bn, limb_t *tmp);

/*
 * Many products by the same b at the same transform length n (2^k or
 * 3 * 2^k from BN_MULMOD_BNM1_THRESHOLD up, as bn_mulmod_bnm1_next()
 * gives): b's transforms are computed once into prep,
 * bn_mulmod_bnm1_prep_size(n) = 3n words, with a tmp of
 * bn_mulmod_bnm1_scratch(n) limbs, and each product then saves a third of
 * the transforms. Same contract as bn_mulmod_bnm1() otherwise; a prep
 * left by an interrupted bn_mulmod_bnm1_prepare() is unspecified.
 */
size_t bn_mulmod_bnm1_prep_size(size_t n);

int bn_mulmod_bnm1_prepare(u64 *prep, size_t n, const limb_t *b,
			   size_t bn, limb_t *tmp);

int bn_mulmod_bnm1_prepared(limb_t *r, size_t n, const limb_t *a,
			    size_t an, const u64 *prep, limb_t *tmp);

#endif /* FIBDRV_BNM1_H */
