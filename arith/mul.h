/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Products and squares of limb arrays by the fastest method for their
 * size: schoolbook, Karatsuba, Toom-3 or a number-theoretic transform. The
 * thresholds between them are in mul.c, with the measurements behind them.
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

/* Limbs of scratch bn_mul() needs for an an x bn product, an >= bn. */
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

#endif /* FIBDRV_MUL_H */
