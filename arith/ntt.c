// SPDX-License-Identifier: GPL-2.0 OR MIT
/* STUB, being written: forwards to the schoolbook products. */
#include "ntt.h"

size_t bn_mul_ntt_scratch(size_t an, size_t bn)
{
	(void)an;
	(void)bn;
	return 0;
}

void bn_mul_ntt(limb_t *r, const limb_t *a, size_t an,
		const limb_t *b, size_t bn, limb_t *tmp)
{
	(void)tmp;
	bn_mul_basecase(r, a, an, b, bn);
}

size_t bn_sqr_ntt_scratch(size_t n)
{
	(void)n;
	return 0;
}

void bn_sqr_ntt(limb_t *r, const limb_t *a, size_t n, limb_t *tmp)
{
	(void)tmp;
	bn_sqr_basecase(r, a, n);
}
