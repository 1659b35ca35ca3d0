/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The tests of the leaves both radices have (additions, subtractions and
 * schoolbook products, bn_* and dn_* reached through radix.h) against
 * GMP, with each aliasing the headers allow and guard zones around the
 * output: one source for test_bn and test_dn.
 */
#ifndef FIBDRV_TESTS_LEAF_CHECK_H
#define FIBDRV_TESTS_LEAF_CHECK_H

#include "gmp_oracle.h"

enum sum_fn { SUM_ADD_N, SUM_ADD, SUM_SUB_N, SUM_SUB, SUM_FNS };

/* Zero and nonzero returns of each, per radix. */
static unsigned long sum_seen[RADIX_COUNT][SUM_FNS][2];

static const char *const sum_names[RADIX_COUNT][SUM_FNS] = {
	[RADIX_BIN] = { "bn_add_n", "bn_add", "bn_sub_n", "bn_sub" },
	[RADIX_DEC] = { "dn_add_n", "dn_add", "dn_sub_n", "dn_sub" },
};

static inline bool sum_is_sub(enum sum_fn fn)
{
	return fn == SUM_SUB_N || fn == SUM_SUB;
}

/* Calls the function fn names; the _n ones take an == bn. */
static inline limb_t sum_call(enum radix rx, enum sum_fn fn, limb_t *r,
			      const limb_t *a, size_t an, const limb_t *b,
			      size_t bn)
{
	switch (fn) {
	case SUM_ADD_N:
		return rx_add_n(rx, r, a, b, an);
	case SUM_SUB_N:
		return rx_sub_n(rx, r, a, b, an);
	case SUM_SUB:
		return rx_sub(rx, r, a, an, b, bn);
	default:
		return rx_add(rx, r, a, an, b, bn);
	}
}

/*
 * r[0..rn) against GMP's result, below 10^19 in radix 10^19, r's guard
 * zones, and the const inputs.
 */
static inline void check_limbs_output(enum radix rx, const char *desc,
				      const limb_t *r, const limb_t *want,
				      size_t rn, bool inputs_kept)
{
	size_t i;

	for (i = 0; rx == RADIX_DEC && i < rn && r[i] < DN_BASE; i++)
		;
	if (rx == RADIX_DEC)
		check(i == rn, "%s: every limb below 10^19 : limb %zu of %zu",
		      desc, i, rn);
	check_u64s(r, want, rn, "%s: result", desc);
	check_guarded(r, "%s: writes nothing outside its %zu output limbs",
		      desc, rn);
	check(inputs_kept, "%s: leaves its const inputs unchanged", desc);
}

/* One an, bn case (an >= bn >= 0, an == bn for the _n ones), each alias. */
static inline void test_sum(enum radix rx, enum sum_fn fn, size_t an,
			    size_t bn, enum limb_pattern pa,
			    enum limb_pattern pb)
{
	limb_t *a = rx_limbs_new(rx, an, pa), *b = rx_limbs_new(rx, bn, pb);
	limb_t *a_kept = limbs_dup(a, an), *b_kept = limbs_dup(b, bn);
	limb_t *want = test_alloc(an * sizeof(*want));
	limb_t want_ret = rx_add_sub_oracle(rx, sum_is_sub(fn), want, a, an, b,
					    bn), got;
	char desc[256], as[64], bs[64];
	enum out_alias alias;
	limb_t *r;

	for (alias = R_SEPARATE; alias <= R_IS_B; alias++) {
		/* With r == b, b is the low bn limbs of the an-limb r. */
		r = output_new(an, alias == R_IS_A ? a : b,
			       alias == R_IS_A ? an : alias == R_IS_B ? bn : 0);
		got = sum_call(rx, fn, r, alias == R_IS_A ? r : a, an,
			       alias == R_IS_B ? r : b, bn);
		snprintf(desc, sizeof(desc), "%s(an=%zu, bn=%zu, a=%s, b=%s, %s)",
			 sum_names[rx][fn], an, bn,
			 operand_str(as, sizeof(as), a, an, pa),
			 operand_str(bs, sizeof(bs), b, bn, pb),
			 out_alias_name(alias));
		check_return(sum_seen[rx][fn], got, want_ret,
			     "%s: return value", desc);
		check_limbs_output(rx, desc, r, want, an,
				   limbs_equal(a, a_kept, an) &&
				   limbs_equal(b, b_kept, bn));
		guarded_free(r);
	}
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(want);
}

/* All four at size n, every pair of patterns, the others of unequal size. */
static inline void test_sums_of(enum radix rx, size_t n)
{
	enum limb_pattern pa, pb;

	for (pa = 0; pa < PAT_COUNT; pa++) {
		for (pb = 0; pb < PAT_COUNT; pb++) {
			test_sum(rx, SUM_ADD_N, n, n, pa, pb);
			test_sum(rx, SUM_SUB_N, n, n, pa, pb);
			test_sum(rx, SUM_ADD, n, smaller_size(n), pa, pb);
			test_sum(rx, SUM_SUB, n, smaller_size(n), pa, pb);
		}
	}
}

static const char *const basecase_names[RADIX_COUNT][2] = {
	[RADIX_BIN] = { "bn_mul_basecase", "bn_sqr_basecase" },
	[RADIX_DEC] = { "dn_mul_basecase", "dn_sqr_basecase" },
};

/* The schoolbook product an >= bn >= 1; r overlaps neither input. */
static inline void test_basecase_mul(enum radix rx, size_t an, size_t bn,
				     enum limb_pattern pa,
				     enum limb_pattern pb)
{
	limb_t *a = rx_limbs_new(rx, an, pa), *b = rx_limbs_new(rx, bn, pb);
	limb_t *a_kept = limbs_dup(a, an), *b_kept = limbs_dup(b, bn);
	limb_t *want = test_alloc((an + bn) * sizeof(*want));
	limb_t *r = output_new(an + bn, NULL, 0);
	char desc[256], as[64], bs[64];

	rx_mul_oracle(rx, want, a, an, b, bn);
	rx_mul_basecase(rx, r, a, an, b, bn);
	snprintf(desc, sizeof(desc), "%s(an=%zu, bn=%zu, a=%s, b=%s)",
		 basecase_names[rx][0], an, bn,
		 operand_str(as, sizeof(as), a, an, pa),
		 operand_str(bs, sizeof(bs), b, bn, pb));
	check_limbs_output(rx, desc, r, want, an + bn,
			   limbs_equal(a, a_kept, an) &&
			   limbs_equal(b, b_kept, bn));
	guarded_free(r);
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(want);
}

/*
 * The schoolbook square of n >= 1 limbs, r apart from a, and the product
 * with b == a, which only asks r to be apart from the inputs.
 */
static inline void test_basecase_sqr(enum radix rx, size_t n,
				     enum limb_pattern pa)
{
	limb_t *a = rx_limbs_new(rx, n, pa), *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(2 * n * sizeof(*want));
	limb_t *r = output_new(2 * n, NULL, 0);
	char desc[256], as[64];

	rx_mul_oracle(rx, want, a, n, a, n);
	rx_sqr_basecase(rx, r, a, n);
	snprintf(desc, sizeof(desc), "%s(n=%zu, a=%s)", basecase_names[rx][1],
		 n, operand_str(as, sizeof(as), a, n, pa));
	check_limbs_output(rx, desc, r, want, 2 * n, limbs_equal(a, a_kept, n));
	guarded_free(r);

	r = output_new(2 * n, NULL, 0);
	rx_mul_basecase(rx, r, a, n, a, n);
	snprintf(desc, sizeof(desc), "%s(an=bn=%zu, a=%s, b == a)",
		 basecase_names[rx][0], n, operand_str(as, sizeof(as), a, n, pa));
	check_limbs_output(rx, desc, r, want, 2 * n, limbs_equal(a, a_kept, n));
	guarded_free(r);
	free(a);
	free(a_kept);
	free(want);
}

/*
 * The products of an-limb operands: every pair of patterns up to
 * all_pairs_max limbs, then one-limb, all-ones, square-sized and random
 * ones.
 */
static inline void test_products_of(enum radix rx, size_t an,
				    size_t all_pairs_max)
{
	enum limb_pattern pa, pb;
	int i;

	if (an <= all_pairs_max) {
		for (pa = 0; pa < PAT_COUNT; pa++)
			for (pb = 0; pb < PAT_COUNT; pb++)
				test_basecase_mul(rx, an, rand_range(1, an),
						  pa, pb);
	}
	test_basecase_mul(rx, an, 1, rand_limb_pattern(), rand_limb_pattern());
	test_basecase_mul(rx, an, an, PAT_ONES, PAT_ONES);
	test_basecase_mul(rx, an, an, rand_limb_pattern(),
			  rand_limb_pattern());
	for (i = 0; i < 2; i++)
		test_basecase_mul(rx, an, rand_range(1, an),
				  rand_limb_pattern(), rand_limb_pattern());
}

/* Squares of n limbs: every pattern when all, else all ones and one. */
static inline void test_squares_of(enum radix rx, size_t n, bool all)
{
	enum limb_pattern pa;

	if (all) {
		for (pa = 0; pa < PAT_COUNT; pa++)
			test_basecase_sqr(rx, n, pa);
	} else {
		test_basecase_sqr(rx, n, PAT_ONES);
		test_basecase_sqr(rx, n, rand_limb_pattern());
	}
}

#endif /* FIBDRV_TESTS_LEAF_CHECK_H */
