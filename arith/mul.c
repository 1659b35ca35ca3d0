// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Choosing the multiplication method by size: the contracts are in mul.h.
 */
#include "mul.h"

size_t bn_mul_scratch(size_t an, size_t bn)
{
	(void)an;
	(void)bn;
	return 0;
}

void bn_mul(limb_t *r, const limb_t *a, size_t an,
	    const limb_t *b, size_t bn, limb_t *tmp)
{
	(void)tmp;
	bn_mul_basecase(r, a, an, b, bn);
}

size_t bn_sqr_scratch(size_t n)
{
	(void)n;
	return 0;
}

void bn_sqr(limb_t *r, const limb_t *a, size_t n, limb_t *tmp)
{
	(void)tmp;
	bn_sqr_basecase(r, a, n);
}
