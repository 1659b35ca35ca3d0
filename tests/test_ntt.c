// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compares rx_mul_ntt() and rx_sqr_ntt() in both radices with GMP's
 * products on small and random sizes, on sizes at the edges of each
 * transform length (powers of two and three times those), on unbalanced
 * operands, on all-ones (radix 2^64) and all-nines (radix 10^19) operands
 * (the largest coefficients, where a wrong bound for the Chinese remainder
 * step or its carries would show), on sparse ones and on a few large ones,
 * with guard zones around the result and the scratch area. The products
 * modulo B^n - 1, radix 2^64 only, are checked against mpn_mul() too.
 */
#include "../arith/bnm1.h"
#include "../arith/ntt.h"
#include "gmp_oracle.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_NTT_SLOW 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_NTT_SLOW 1
#endif
#endif

#ifdef TEST_NTT_SLOW
#define SMALL_MAX 40
#define RANDOM_MAX 10000
#define RANDOM_COUNT 100
#define LOG_EDGE_MAX 16
static const size_t large_sizes[] = { 54000, 130000 };
#else
#define SMALL_MAX 50
#define RANDOM_MAX 20000
#define RANDOM_COUNT 200
#define LOG_EDGE_MAX 17
/* F(1e8) has 1.08 million limbs */
static const size_t large_sizes[] = { 54000, 130000, 600000, 1100000 };
#endif

#define DESC_MAX 200

/*
 * One product (b != NULL) or square against GMP; same_ab passes a as b to
 * bn_mul_ntt(), which the contract allows.
 */
static void run_one(enum radix rx, const limb_t *a, size_t an,
		    const limb_t *b, size_t bn, bool square, bool same_ab,
		    const char *what)
{
	size_t rn = square ? 2 * an : an + bn;
	size_t tn = square ? ntt_sqr_scratch(an) : ntt_mul_scratch(an, bn);
	limb_t *want = test_alloc(rn * sizeof(*want));
	limb_t *r = guarded_alloc(rn * sizeof(*r));
	limb_t *tmp = guarded_alloc(tn * sizeof(*tmp));
	limb_t *a_kept = limbs_dup(a, an);
	limb_t *b_kept = square ? NULL : limbs_dup(b, bn);
	const char *radix = rx == RADIX_DEC ? "10^19" : "2^64";
	char desc[DESC_MAX];

	if (square || same_ab)
		rx_mul_oracle(rx, want, a, an, a, an);
	else
		rx_mul_oracle(rx, want, a, an, b, bn);
	if (square) {
		snprintf(desc, sizeof(desc), "rx_sqr_ntt(%s, n=%zu, %s)",
			 radix, an, what);
		rx_sqr_ntt(rx, r, a, an, tmp);
	} else {
		snprintf(desc, sizeof(desc),
			 "rx_mul_ntt(%s, an=%zu, bn=%zu, %s%s)", radix, an, bn,
			 what, same_ab ? ", b == a" : "");
		rx_mul_ntt(rx, r, a, an, same_ab ? a : b, bn, tmp);
	}
	check_u64s(r, want, rn, "%s: result", desc);
	check_guarded(r, "%s: writes only its %zu result limbs", desc, rn);
	check_guarded(tmp, "%s: uses only its %zu scratch limbs", desc, tn);
	check(limbs_equal(a, a_kept, an) &&
	      (square || limbs_equal(b, b_kept, bn)),
	      "%s: leaves its inputs unchanged", desc);
	free(want);
	guarded_free(r);
	guarded_free(tmp);
	free(a_kept);
	free(b_kept);
}

/* a product of an x bn limbs, an >= bn, with the given patterns. */
static void test_mul(enum radix rx, size_t an, size_t bn,
		     enum limb_pattern pa, enum limb_pattern pb)
{
	limb_t *a = rx_limbs_new(rx, an, pa), *b = rx_limbs_new(rx, bn, pb);
	char what[64];

	snprintf(what, sizeof(what), "%s x %s", limb_pattern_name(pa),
		 limb_pattern_name(pb));
	run_one(rx, a, an, b, bn, false, false, what);
	free(a);
	free(b);
}

static void test_sqr(enum radix rx, size_t n, enum limb_pattern pa)
{
	limb_t *a = rx_limbs_new(rx, n, pa);

	run_one(rx, a, n, NULL, 0, true, false, limb_pattern_name(pa));
	free(a);
}

/* rx_mul_ntt() with b == a, which squares. */
static void test_mul_same(enum radix rx, size_t n, enum limb_pattern pa)
{
	limb_t *a = rx_limbs_new(rx, n, pa);

	run_one(rx, a, n, a, n, false, true, limb_pattern_name(pa));
	free(a);
}

static void test_small(enum radix rx)
{
	size_t an, bn;

	for (an = 1; an <= SMALL_MAX; an++) {
		test_sqr(rx, an, rand_limb_pattern());
		test_sqr(rx, an, PAT_ONES);
		test_mul_same(rx, an, rand_limb_pattern());
		for (bn = 1; bn <= an; bn++) {
			test_mul(rx, an, bn, rand_limb_pattern(),
				 rand_limb_pattern());
		}
		test_mul(rx, an, an, PAT_ONES, PAT_ONES);
	}
}

static void test_random(enum radix rx)
{
	size_t an, bn;
	int i;

	for (i = 0; i < RANDOM_COUNT; i++) {
		an = rand_log_uniform(RANDOM_MAX);
		bn = rand_log_uniform(an);
		test_mul(rx, an, bn, rand_limb_pattern(), rand_limb_pattern());
		test_sqr(rx, an, rand_limb_pattern());
	}
}

/*
 * Around a transform length len: an + bn - 1 coefficients just below, at
 * and just above it (at it, the top limb of r gets no coefficient);
 * random operands too when small.
 */
static void test_edge(enum radix rx, size_t len, bool small)
{
	size_t an, bn;
	int d;

	for (d = -1; d <= 1; d++) {
		/* an + bn - 1 = len + d */
		an = (len + d + 2) / 2;
		bn = len + d + 1 - an;
		if (bn >= 1)
			test_mul(rx, an, bn, PAT_ONES, PAT_ONES);
		if (bn >= 1 && small)
			test_mul(rx, an, bn, rand_limb_pattern(),
				 rand_limb_pattern());
	}
	/* 2n - 1 = len - 1 and len + 1 */
	test_sqr(rx, len / 2, PAT_ONES);
	test_sqr(rx, len / 2 + 1, PAT_ONES);
	if (small) {
		test_sqr(rx, len / 2, rand_limb_pattern());
		test_sqr(rx, len / 2 + 1, rand_limb_pattern());
	}
}

/*
 * Around each transform length 2^k and 3 * 2^k, and unbalanced products
 * just around 3 * 2^k, where a short operand meets the radix-3 split.
 */
static void test_edges(enum radix rx)
{
	size_t len;
	int k, d;

	for (k = 1; k <= LOG_EDGE_MAX; k++) {
		len = (size_t)1 << k;
		test_edge(rx, len, k <= 12);
		if (k < 2)
			continue;
		len = len / 4 * 3;
		test_edge(rx, len, k <= 12);
		if (k < 4 || k > 14)
			continue;
		for (d = -1; d <= 1; d++) {
			test_mul(rx, len + d - 2, 3, PAT_ONES, PAT_ONES);
			test_mul(rx, len / 3 * 2 + d, len / 3 + 1, PAT_RANDOM,
				 PAT_ONES);
		}
	}
}

static void test_unbalanced(enum radix rx)
{
	static const size_t bns[] = { 1, 2, 3, 17, 100 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bns); i++) {
		test_mul(rx, RANDOM_MAX, bns[i], PAT_RANDOM, PAT_RANDOM);
		test_mul(rx, RANDOM_MAX, bns[i], PAT_ONES, PAT_ONES);
		test_mul(rx, RANDOM_MAX + 1, bns[i], PAT_EDGE_LIMBS,
			 PAT_RANDOM);
	}
}

/* Sparse operands and ones with zeros, at a middle size. */
static void test_patterns(enum radix rx)
{
	enum limb_pattern pa, pb;

	for (pa = 0; pa < PAT_COUNT; pa++) {
		test_sqr(rx, 1000, pa);
		for (pb = 0; pb < PAT_COUNT; pb++)
			test_mul(rx, 1000, 700, pa, pb);
	}
}

static void test_large(enum radix rx)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(large_sizes); i++) {
		n = large_sizes[i];
		test_sqr(rx, n, PAT_ONES);
		if (n > 1000000)
			break;
		test_sqr(rx, n, PAT_RANDOM);
		test_mul(rx, n, n, PAT_ONES, PAT_ONES);
		test_mul(rx, n, n - n / 3, PAT_RANDOM, PAT_EDGE_LIMBS);
	}
}

/*
 * bn_mulmod_bnm1() against the product modulo B^n - 1 by GMP; B^n - 1 is
 * allowed for zero. same_ab passes a as b (the square).
 */
static void run_mulmod(size_t n, const limb_t *a, size_t an, const limb_t *b,
		       size_t bn, bool same_ab, const char *what)
{
	size_t tn = bn_mulmod_bnm1_scratch(n);
	limb_t *r = guarded_alloc(n * sizeof(*r));
	limb_t *tmp = guarded_alloc(tn * sizeof(*tmp));
	limb_t *a_kept = limbs_dup(a, an), *b_kept = limbs_dup(b, bn);
	char desc[DESC_MAX];
	mpz_t x, y, mod;

	mpz_inits(x, y, mod, NULL);
	snprintf(desc, sizeof(desc), "bn_mulmod_bnm1(n=%zu, an=%zu, bn=%zu, %s)",
		 n, an, bn, what);
	limbs_to_mpz(x, a, an);
	limbs_to_mpz(y, same_ab ? a : b, same_ab ? an : bn);
	mpz_mul(x, x, y);
	mpz_set_ui(mod, 1);
	mpz_mul_2exp(mod, mod, 64 * n);
	mpz_sub_ui(mod, mod, 1);
	mpz_mod(x, x, mod);
	bn_mulmod_bnm1(r, n, a, an, same_ab ? a : b, same_ab ? an : bn, tmp);
	limbs_to_mpz(y, r, n);
	if (!mpz_cmp(y, mod))
		mpz_set_ui(y, 0);
	check(!mpz_cmp(x, y), "%s: result", desc);
	check_guarded(r, "%s: writes only its %zu result limbs", desc, n);
	check_guarded(tmp, "%s: uses only its %zu scratch limbs", desc, tn);
	check(limbs_equal(a, a_kept, an) && limbs_equal(b, b_kept, bn),
	      "%s: leaves its inputs unchanged", desc);
	mpz_clears(x, y, mod, NULL);
	guarded_free(r);
	guarded_free(tmp);
	free(a_kept);
	free(b_kept);
}

static void test_mulmod_one(size_t n, size_t an, size_t bn,
			    enum limb_pattern pa, enum limb_pattern pb)
{
	limb_t *a = limbs_new(an, pa), *b = limbs_new(bn, pb);
	char what[64];

	snprintf(what, sizeof(what), "%s x %s", limb_pattern_name(pa),
		 limb_pattern_name(pb));
	run_mulmod(n, a, an, b, bn, false, what);
	if (an == bn)
		run_mulmod(n, a, an, a, an, true, "square");
	free(a);
	free(b);
}

/* Whether n is 2^k or 3 * 2^k. */
static bool good_length(size_t n)
{
	size_t m = n % 3 ? n : n / 3;

	return m && !(m & (m - 1));
}

/*
 * bn_mulmod_bnm1_next(min): min itself below the threshold, else the
 * least 2^k or 3 * 2^k of at least min (the one below it, 3n / 4 or
 * 2n / 3, is short). The scratch and prepared sizes never shrink as n
 * grows, as callers size them for the longest length they will use.
 */
static void check_next(size_t min)
{
	size_t n = bn_mulmod_bnm1_next(min), below;

	check(n >= min && n >= 1, "bn_mulmod_bnm1_next(%zu) = %zu", min, n);
	if (min < BN_MULMOD_BNM1_THRESHOLD) {
		check(n == (min ? min : 1), "bn_mulmod_bnm1_next(%zu) = %zu",
		      min, n);
		return;
	}
	below = n & (n - 1) ? n / 3 * 2 : n / 4 * 3;
	check(good_length(n) && below < min,
	      "bn_mulmod_bnm1_next(%zu) = %zu is the least 2^k or 3 * 2^k",
	      min, n);
	check(bn_mulmod_bnm1_scratch(min) >= bn_mulmod_bnm1_scratch(min - 1) &&
	      bn_mulmod_bnm1_prep_size(min) >=
	      bn_mulmod_bnm1_prep_size(min - 1),
	      "bn_mulmod_bnm1 sizes grow with n at %zu", min);
}

static void test_mulmod_next(void)
{
	size_t min, len;
	int k, d;

	for (min = 0; min <= 4 * BN_MULMOD_BNM1_THRESHOLD; min++) {
		check_next(min);
		if (min && min < BN_MULMOD_BNM1_THRESHOLD)
			check(bn_mulmod_bnm1_scratch(min) >=
			      bn_mulmod_bnm1_scratch(min - 1),
			      "bn_mulmod_bnm1_scratch() grows at %zu", min);
	}
	for (k = 2; k <= 40; k++) {
		for (d = -1; d <= 1; d++) {
			len = (size_t)1 << k;
			check_next(len + d);
			check_next(len / 4 * 3 + d);
		}
	}
}

/*
 * The products at the length for min: one of about min limbs, as callers
 * ask, and if min is a length itself, operands from tiny to the full
 * length (where the wrap is largest) and up to 4n, which are folded.
 */
static void test_mulmod_len(size_t min, int k)
{
	size_t n = bn_mulmod_bnm1_next(min), an, bn;
	int i;

	/* What callers ask for: a product of about min limbs. */
	test_mulmod_one(n, min, min - min / 3, PAT_ONES, PAT_RANDOM);
	if (n != min)
		return;
	test_mulmod_one(n, n, n, PAT_ONES, PAT_ONES);
	test_mulmod_one(n, n, 1, PAT_ONES, PAT_ONES);
	test_mulmod_one(n, 4 * n, 4 * n, PAT_ONES, PAT_ONES);
	if (k < 4 || k > 14)
		return;
	test_mulmod_one(n, rand_range(n + 1, 4 * n), rand_range(1, 4 * n),
			rand_limb_pattern(), rand_limb_pattern());
	for (i = 0; i < 3; i++) {
		an = rand_range(1, n);
		bn = rand_range(1, n);
		test_mulmod_one(n, an, bn, rand_limb_pattern(),
				rand_limb_pattern());
	}
	test_mulmod_one(n, n, n, PAT_RANDOM, PAT_RANDOM);
	test_mulmod_one(n, n / 2 + 1, n / 2, PAT_RANDOM, PAT_ONES);
}

/*
 * Lengths on both sides of the threshold and up to the large ones: each
 * 2^k and 3 * 2^k, reached from min just at or below it and just above
 * the length below it.
 */
static void test_mulmod(void)
{
	size_t n, min, len;
	int k;

	test_mulmod_next();
	for (min = 1; min <= 40; min++) {
		n = bn_mulmod_bnm1_next(min);
		test_mulmod_one(n, rand_range(1, 4 * n), rand_range(1, n),
				rand_limb_pattern(), rand_limb_pattern());
		test_mulmod_one(n, n, n, PAT_ONES, PAT_ONES);
	}
	for (k = 1; k <= LOG_EDGE_MAX + 1; k++) {
		len = (size_t)1 << k;
		test_mulmod_len(len, k);
		test_mulmod_len(len - 1, k);
		if (k < 3)
			continue;
		test_mulmod_len(len / 4 * 3, k);
		test_mulmod_len(len / 4 * 3 - 1, k);
		test_mulmod_len(len / 2 + 1, k);
		test_mulmod_len(len / 4 * 3 + 1, k);
	}
	n = bn_mulmod_bnm1_next(BN_MULMOD_BNM1_THRESHOLD - 1);
	test_mulmod_one(n, n, n, PAT_ONES, PAT_ONES);
	test_mulmod_one(n, n, n - 5, PAT_RANDOM, PAT_RANDOM);
}

/*
 * bn_mulmod_bnm1_prepared() with one prepared b against several a, each
 * compared with bn_mulmod_bnm1() (itself checked against GMP above), with
 * guard zones around the prepared form, the result and the scratch.
 */
static void test_prepared_one(size_t n, size_t bn, enum limb_pattern pb)
{
	size_t tn = bn_mulmod_bnm1_scratch(n), pn = bn_mulmod_bnm1_prep_size(n);
	limb_t *b = limbs_new(bn, pb), *want = test_alloc(n * sizeof(*want));
	limb_t *r = guarded_alloc(n * sizeof(*r)), *a, *a_kept;
	limb_t *tmp = guarded_alloc(tn * sizeof(*tmp)), *tmp2;
	u64 *prep = guarded_alloc(pn * sizeof(*prep));
	size_t an;
	int i;

	tmp2 = test_alloc(tn * sizeof(*tmp2));
	bn_mulmod_bnm1_prepare(prep, n, b, bn, tmp);
	check_guarded(prep, "bn_mulmod_bnm1_prepare(n=%zu): in bounds", n);
	for (i = 0; i < 4; i++) {
		an = i ? rand_range(1, i == 3 ? 4 * n : n) : n;
		a = limbs_new(an, i == 1 ? PAT_ONES : rand_limb_pattern());
		a_kept = limbs_dup(a, an);
		bn_mulmod_bnm1(want, n, a, an, b, bn, tmp2);
		bn_mulmod_bnm1_prepared(r, n, a, an, prep, tmp);
		check_u64s(r, want, n,
			   "bn_mulmod_bnm1_prepared(n=%zu, an=%zu, bn=%zu, %s)",
			   n, an, bn, limb_pattern_name(pb));
		check(limbs_equal(a, a_kept, an), "prepared: a unchanged");
		free(a);
		free(a_kept);
	}
	check_guarded(r, "bn_mulmod_bnm1_prepared(n=%zu): result in bounds", n);
	check_guarded(tmp, "bn_mulmod_bnm1_prepared(n=%zu): scratch in bounds",
		      n);
	guarded_free(prep);
	guarded_free(tmp);
	guarded_free(r);
	free(tmp2);
	free(want);
	free(b);
}

static void test_prepared(void)
{
	size_t n;

	/* Every 2^k and 3 * 2^k from the threshold up. */
	for (n = bn_mulmod_bnm1_next(BN_MULMOD_BNM1_THRESHOLD);
	     n <= ((size_t)1 << LOG_EDGE_MAX);
	     n = bn_mulmod_bnm1_next(n + 1)) {
		test_prepared_one(n, rand_range(1, n), rand_limb_pattern());
		test_prepared_one(n, n, PAT_ONES);
		if (n <= 8192)
			test_prepared_one(n, rand_range(n, 4 * n), PAT_RANDOM);
	}
}

int main(void)
{
	enum radix rx;

	check_init();
	for (rx = 0; rx < RADIX_COUNT; rx++) {
		test_small(rx);
		test_random(rx);
		test_edges(rx);
		test_unbalanced(rx);
		test_patterns(rx);
	}
	test_mulmod();
	test_prepared();
	for (rx = 0; rx < RADIX_COUNT; rx++)
		test_large(rx);
	return check_finish();
}
