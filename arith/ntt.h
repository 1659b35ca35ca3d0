/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Products of large limb arrays through number-theoretic transforms.
 * Contracts as for bn_mul() and bn_sqr() in mul.h.
 */
#ifndef FIBDRV_NTT_H
#define FIBDRV_NTT_H

#include "bn.h"

/* Limbs of scratch bn_mul_ntt() needs for an an x bn product. */
size_t bn_mul_ntt_scratch(size_t an, size_t bn);

/* r[0..an+bn) = a[0..an) * b[0..bn), an >= bn >= 1. */
void bn_mul_ntt(limb_t *r, const limb_t *a, size_t an,
		const limb_t *b, size_t bn, limb_t *tmp);

/* Limbs of scratch bn_sqr_ntt() needs for an n-limb operand. */
size_t bn_sqr_ntt_scratch(size_t n);

/* r[0..2n) = a[0..n)^2, n >= 1. */
void bn_sqr_ntt(limb_t *r, const limb_t *a, size_t n, limb_t *tmp);

#endif /* FIBDRV_NTT_H */
