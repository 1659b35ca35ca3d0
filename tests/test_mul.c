// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compares rx_mul() and rx_sqr(), and each method behind them called
 * directly, with GMP's products, in both radices (radix 2^64 against
 * mpn_mul() and mpn_sqr(), radix 10^19 against mpz_mul() through decimal
 * strings), and bn_mullo() and bn_mulhi() with the low and high halves of
 * mpn_mul_n() (the high one may be short by up to n units): around every
 * threshold of each radix, on balanced and unbalanced operands with nasty
 * patterns, with guard zones around the result and around exactly the
 * scratch the *_scratch() functions promise, and with the inputs checked
 * unchanged.
 */
#include "../arith/mul.h"
#include "../arith/ntt.h"
#include "gmp_oracle.h"

/* Sanitizers make everything slower: fewer and smaller cases. */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_MUL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_MUL_SANITIZED 1
#endif
#endif
#ifdef TEST_MUL_SANITIZED
#define RANDOM_PER_THRESHOLD 40
#define SMALL_SIZE_MAX 24
#else
#define RANDOM_PER_THRESHOLD 120
#define SMALL_SIZE_MAX 48
#endif

/* Sizes for the methods with no threshold of their own in range. */
#define NTT_SIZE_MAX 2000

#define DESC_MAX 256

/* The seed when TEST_SEED is not set: runs repeat unless asked not to. */
#define TEST_MUL_SEED "4242"

enum method {
	M_BASECASE,
	M_KARATSUBA,
	M_TOOM3,
	M_TOOM4,
	M_NTT,
	M_DISPATCH,
	M_COUNT,
};

static const char *const method_names[M_COUNT] = {
	[M_BASECASE] = "basecase", [M_KARATSUBA] = "karatsuba",
	[M_TOOM3] = "toom3", [M_TOOM4] = "toom4", [M_NTT] = "ntt",
	[M_DISPATCH] = "dispatch",
};

/* Whether the method accepts these sizes, as mul.h documents. */
static bool mul_valid(enum method m, size_t an, size_t bn)
{
	if (an < bn || bn < 1)
		return false;
	switch (m) {
	case M_KARATSUBA:
		return bn > (an + 1) / 2;
	case M_TOOM3:
		return bn > 2 * ((an + 2) / 3);
	case M_TOOM4:
		return bn > 3 * ((an + 3) / 4);
	default:
		return true;
	}
}

static bool sqr_valid(enum method m, size_t n)
{
	switch (m) {
	case M_KARATSUBA:
		return n >= 2;
	case M_TOOM3:
		return n == 3 || n >= 5;
	case M_TOOM4:
		return n > 3 * ((n + 3) / 4);
	default:
		return n >= 1;
	}
}

static const char *const radix_names[RADIX_COUNT] = {
	[RADIX_BIN] = "2^64", [RADIX_DEC] = "10^19",
};

/*
 * Each radix's thresholds (mul.h), for the sizes to test around: products
 * then squares, Karatsuba, Toom-3, Toom-4, and the transform's three.
 */
struct thresholds {
	size_t mul[3], sqr[3], mul_ntt, mul_ntt_min, sqr_ntt;
};

static const struct thresholds thresholds[RADIX_COUNT] = {
	[RADIX_BIN] = {
		{ MUL_KARATSUBA_THRESHOLD, MUL_TOOM3_THRESHOLD,
		  MUL_TOOM4_THRESHOLD },
		{ SQR_KARATSUBA_THRESHOLD, SQR_TOOM3_THRESHOLD,
		  SQR_TOOM4_THRESHOLD },
		MUL_NTT_THRESHOLD, MUL_NTT_MIN_LIMBS, SQR_NTT_THRESHOLD,
	},
	[RADIX_DEC] = {
		{ DN_MUL_KARATSUBA_THRESHOLD, DN_MUL_TOOM3_THRESHOLD,
		  DN_MUL_TOOM4_THRESHOLD },
		{ DN_SQR_KARATSUBA_THRESHOLD, DN_SQR_TOOM3_THRESHOLD,
		  DN_SQR_TOOM4_THRESHOLD },
		DN_MUL_NTT_THRESHOLD, DN_MUL_NTT_MIN_LIMBS, DN_SQR_NTT_THRESHOLD,
	},
};

static size_t mul_scratch_of(enum radix rx, enum method m, size_t an,
			     size_t bn)
{
	switch (m) {
	case M_BASECASE:
		return 0;
	case M_NTT:
		return ntt_mul_scratch(an, bn);
	case M_DISPATCH:
		return rx_mul_scratch(rx, an, bn);
	default:
		return rx_mul_method_scratch(rx, an);
	}
}

static size_t sqr_scratch_of(enum radix rx, enum method m, size_t n)
{
	switch (m) {
	case M_BASECASE:
		return 0;
	case M_NTT:
		return ntt_sqr_scratch(n);
	case M_DISPATCH:
		return rx_sqr_scratch(rx, n);
	default:
		return rx_mul_method_scratch(rx, n);
	}
}

static void call_mul(enum radix rx, enum method m, limb_t *r,
		     const limb_t *a, size_t an, const limb_t *b, size_t bn,
		     limb_t *tmp)
{
	switch (m) {
	case M_BASECASE:
		rx_mul_basecase(rx, r, a, an, b, bn);
		break;
	case M_KARATSUBA:
		rx_mul_karatsuba(rx, r, a, an, b, bn, tmp);
		break;
	case M_TOOM3:
		rx_mul_toom3(rx, r, a, an, b, bn, tmp);
		break;
	case M_TOOM4:
		rx_mul_toom4(rx, r, a, an, b, bn, tmp);
		break;
	case M_NTT:
		rx_mul_ntt(rx, r, a, an, b, bn, tmp);
		break;
	default:
		rx_mul(rx, r, a, an, b, bn, tmp);
		break;
	}
}

static void call_sqr(enum radix rx, enum method m, limb_t *r,
		     const limb_t *a, size_t n, limb_t *tmp)
{
	switch (m) {
	case M_BASECASE:
		rx_sqr_basecase(rx, r, a, n);
		break;
	case M_KARATSUBA:
		rx_sqr_karatsuba(rx, r, a, n, tmp);
		break;
	case M_TOOM3:
		rx_sqr_toom3(rx, r, a, n, tmp);
		break;
	case M_TOOM4:
		rx_sqr_toom4(rx, r, a, n, tmp);
		break;
	case M_NTT:
		rx_sqr_ntt(rx, r, a, n, tmp);
		break;
	default:
		rx_sqr(rx, r, a, n, tmp);
		break;
	}
}

/* The result, both guard zones and the inputs, as one set of checks. */
static void check_product(const char *desc, const limb_t *r,
			  const limb_t *want, size_t rn, const limb_t *tmp,
			  size_t tn, bool inputs_kept)
{
	check_u64s(r, want, rn, "%s: result", desc);
	check_guarded(r, "%s: writes only its %zu result limbs", desc, rn);
	check_guarded(tmp, "%s: writes only its %zu scratch limbs", desc, tn);
	check(inputs_kept, "%s: leaves its inputs unchanged", desc);
}

/* One an x bn product by method m; b_is_a makes b the very same as a. */
static void test_mul(enum radix rx, enum method m, size_t an, size_t bn,
		     enum limb_pattern pa, enum limb_pattern pb, bool b_is_a)
{
	limb_t *a = rx_limbs_new(rx, an, pa);
	limb_t *b = b_is_a ? a : rx_limbs_new(rx, bn, pb);
	limb_t *a_kept = limbs_dup(a, an), *b_kept = limbs_dup(b, bn);
	limb_t *want = test_alloc((an + bn) * sizeof(*want));
	size_t tn = mul_scratch_of(rx, m, an, bn);
	limb_t *r = guarded_alloc((an + bn) * sizeof(*r));
	limb_t *tmp = guarded_alloc(tn * sizeof(*tmp));
	char desc[DESC_MAX];

	rx_mul_oracle(rx, want, a, an, b, bn);
	call_mul(rx, m, r, a, an, b, bn, tmp);
	snprintf(desc, sizeof(desc),
		 "%s mul(radix %s, an=%zu, bn=%zu, a=%s, b=%s)",
		 method_names[m], radix_names[rx], an, bn,
		 limb_pattern_name(pa), b_is_a ? "a" : limb_pattern_name(pb));
	check_product(desc, r, want, an + bn, tmp, tn,
		      limbs_equal(a, a_kept, an) && limbs_equal(b, b_kept, bn));
	guarded_free(r);
	guarded_free(tmp);
	if (!b_is_a)
		free(b);
	free(a);
	free(a_kept);
	free(b_kept);
	free(want);
}

static void test_sqr(enum radix rx, enum method m, size_t n,
		     enum limb_pattern pa)
{
	limb_t *a = rx_limbs_new(rx, n, pa), *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(2 * n * sizeof(*want));
	size_t tn = sqr_scratch_of(rx, m, n);
	limb_t *r = guarded_alloc(2 * n * sizeof(*r));
	limb_t *tmp = guarded_alloc(tn * sizeof(*tmp));
	char desc[DESC_MAX];

	rx_mul_oracle(rx, want, a, n, a, n);
	call_sqr(rx, m, r, a, n, tmp);
	snprintf(desc, sizeof(desc), "%s sqr(radix %s, n=%zu, a=%s)",
		 method_names[m], radix_names[rx], n, limb_pattern_name(pa));
	check_product(desc, r, want, 2 * n, tmp, tn,
		      limbs_equal(a, a_kept, n));
	guarded_free(r);
	guarded_free(tmp);
	free(a);
	free(a_kept);
	free(want);
}

/*
 * A pattern for an operand: mostly random, but all ones (the longest
 * carry chains through the interpolation) and the other shapes often.
 */
static enum limb_pattern pick_pattern(void)
{
	switch (rand_below(4)) {
	case 0:
		return PAT_ONES;
	case 1:
		return rand_limb_pattern();
	default:
		return PAT_RANDOM;
	}
}

/* The largest an the method takes with this bn, up to limit. */
static size_t mul_an_max(enum method m, size_t bn, size_t limit)
{
	size_t an = bn;

	while (an < limit && mul_valid(m, an + 1, bn))
		an++;
	return an;
}

/*
 * bn limbs for b and, if the method allows, an unbalanced a: up to the
 * method's limit, or up to four times bn for those without one.
 */
static void test_mul_sizes(enum radix rx, enum method m, size_t bn)
{
	size_t an_max = mul_an_max(m, bn, 4 * bn + 3), an;

	if (mul_valid(m, bn, bn)) {
		test_mul(rx, m, bn, bn, pick_pattern(), pick_pattern(), false);
		test_mul(rx, m, bn, bn, PAT_ONES, PAT_ONES, false);
		if (m == M_DISPATCH)
			test_mul(rx, m, bn, bn, pick_pattern(), PAT_RANDOM,
				 true);
	}
	an = rand_range(bn, an_max);
	if (mul_valid(m, an, bn))
		test_mul(rx, m, an, bn, pick_pattern(), pick_pattern(), false);
	if (mul_valid(m, an_max, bn))
		test_mul(rx, m, an_max, bn, pick_pattern(), pick_pattern(),
			 false);
}

static void test_sqr_sizes(enum radix rx, enum method m, size_t n)
{
	if (!sqr_valid(m, n))
		return;
	test_sqr(rx, m, n, pick_pattern());
	test_sqr(rx, m, n, PAT_ONES);
}

static void test_size(enum radix rx, enum method m, size_t n, bool sqr)
{
	if (sqr)
		test_sqr_sizes(rx, m, n);
	else
		test_mul_sizes(rx, m, n);
}

/* t - 2 .. t + 2 and random sizes in [t / 2, 3 t]. */
static void test_around(enum radix rx, enum method m, size_t t, bool sqr)
{
	size_t i, n;

	for (n = t > 2 ? t - 2 : 1; n <= t + 2; n++)
		test_size(rx, m, n, sqr);
	for (i = 0; i < RANDOM_PER_THRESHOLD; i++)
		test_size(rx, m, rand_range(t / 2 ? t / 2 : 1, 3 * t), sqr);
}

/*
 * Unbalanced products on either side of the transform's rule, which
 * looks at an + bn as well as bn.
 */
static void test_ntt_sum_edge(enum radix rx)
{
	const struct thresholds *t = &thresholds[rx];
	size_t bn, an;

	for (bn = t->mul_ntt_min - 1; bn <= t->mul_ntt_min + 1; bn++) {
		for (an = t->mul_ntt - bn - 1; an <= t->mul_ntt - bn + 1; an++)
			test_mul(rx, M_DISPATCH, an, bn, pick_pattern(),
				 pick_pattern(), false);
	}
}

/* Thresholds beyond this would be too slow to test around. */
#define THRESHOLD_TESTED_MAX 8000

static void test_method(enum radix rx, enum method m)
{
	const struct thresholds *t = &thresholds[rx];
	size_t i, n;

	for (n = 1; n <= SMALL_SIZE_MAX; n++) {
		test_mul_sizes(rx, m, n);
		test_sqr_sizes(rx, m, n);
	}
	for (i = 0; i < ARRAY_SIZE(t->mul); i++)
		if (t->mul[i] <= THRESHOLD_TESTED_MAX)
			test_around(rx, m, t->mul[i], false);
	for (i = 0; i < ARRAY_SIZE(t->sqr); i++)
		if (t->sqr[i] <= THRESHOLD_TESTED_MAX)
			test_around(rx, m, t->sqr[i], true);
	/*
	 * Schoolbook does not depend on the transforms' thresholds, and it
	 * would spend minutes at their sizes: test_bn and test_dn cover it
	 * there.
	 */
	if (m != M_BASECASE && t->mul_ntt <= THRESHOLD_TESTED_MAX) {
		test_around(rx, m, t->mul_ntt / 2, false);
		test_around(rx, m, t->mul_ntt_min, false);
		if (m == M_DISPATCH)
			test_ntt_sum_edge(rx);
	}
	if (m != M_BASECASE && t->sqr_ntt <= THRESHOLD_TESTED_MAX)
		test_around(rx, m, t->sqr_ntt, true);
	if (m == M_NTT) {
		for (i = 0; i < RANDOM_PER_THRESHOLD; i++) {
			test_mul_sizes(rx, m, rand_log_uniform(NTT_SIZE_MAX));
			test_sqr_sizes(rx, m, rand_log_uniform(NTT_SIZE_MAX));
		}
	}
}

/* Zero limbs and single bits in the operands' pieces, through rx_mul(). */
static void test_patterns(enum radix rx)
{
	static const size_t sizes[] = { 64, 150, 301, 1000 };
	enum limb_pattern pa, pb;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (pa = 0; pa < PAT_COUNT; pa++) {
			test_sqr(rx, M_DISPATCH, sizes[i], pa);
			for (pb = 0; pb < PAT_COUNT; pb++)
				test_mul(rx, M_DISPATCH, sizes[i], sizes[i],
					 pa, pb, false);
		}
	}
}

/* A few large products, each through the dispatcher's whole ladder. */
static void test_large(enum radix rx)
{
#ifdef TEST_MUL_SANITIZED
	static const size_t sizes[] = { 5000, 12000 };
#else
	static const size_t sizes[] = { 20000, 60000 };
#endif
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		test_mul(rx, M_DISPATCH, sizes[i], sizes[i], PAT_RANDOM,
			 PAT_RANDOM, false);
		test_mul(rx, M_DISPATCH, sizes[i], sizes[i] / 3 + 7,
			 PAT_RANDOM, PAT_ONES, false);
		test_sqr(rx, M_DISPATCH, sizes[i], PAT_RANDOM);
		test_sqr(rx, M_DISPATCH, sizes[i], PAT_ONES);
	}
}

/* One low product of n limbs, against the low half of mpn_mul_n(). */
static void test_mullo(size_t n, bool basecase)
{
	limb_t *a = limbs_new(n, pick_pattern());
	limb_t *b = limbs_new(n, pick_pattern());
	limb_t *a_kept = limbs_dup(a, n), *b_kept = limbs_dup(b, n);
	limb_t *want = test_alloc(2 * n * sizeof(*want));
	size_t tn = basecase ? 0 : bn_mullo_scratch(n);
	limb_t *r = guarded_alloc(n * sizeof(*r));
	limb_t *tmp = guarded_alloc(tn * sizeof(*tmp));
	char desc[DESC_MAX];

	mpn_mul_n(want, a, b, n);
	if (basecase)
		bn_mullo_basecase(r, a, b, n);
	else
		bn_mullo(r, a, b, n, tmp);
	snprintf(desc, sizeof(desc), "%s(n=%zu)",
		 basecase ? "bn_mullo_basecase" : "bn_mullo", n);
	check_product(desc, r, want, n, tmp, tn,
		      limbs_equal(a, a_kept, n) && limbs_equal(b, b_kept, n));
	guarded_free(r);
	guarded_free(tmp);
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(want);
}

/*
 * Low products: every small size both ways, then around the basecase
 * threshold, the sizes where the split's pieces cross it, and the
 * transform's threshold, and random sizes up to a few thousand limbs.
 */
static void test_mullo_sizes(void)
{
	static const size_t edges[] = {
		MULLO_BASECASE_THRESHOLD, 10 * MULLO_BASECASE_THRESHOLD / 3,
		MUL_KARATSUBA_THRESHOLD * 2, MUL_TOOM3_THRESHOLD,
		MUL_NTT_THRESHOLD / 2,
	};
	size_t i, n;

	for (n = 1; n <= SMALL_SIZE_MAX; n++) {
		test_mullo(n, true);
		test_mullo(n, false);
	}
	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		for (n = edges[i] - 2; n <= edges[i] + 2; n++)
			test_mullo(n, false);
	}
	for (i = 0; i < RANDOM_PER_THRESHOLD; i++)
		test_mullo(rand_range(1, NTT_SIZE_MAX * 2), false);
}

/*
 * One high product of n limbs: r must be H - e with H the high half of
 * mpn_mul_n() and 0 <= e <= n. The basecase writes n + 1 limbs, its
 * result above an unspecified one.
 */
static void test_mulhi(size_t n, bool basecase)
{
	limb_t *a = limbs_new(n, pick_pattern());
	limb_t *b = limbs_new(n, pick_pattern());
	limb_t *a_kept = limbs_dup(a, n), *b_kept = limbs_dup(b, n);
	limb_t *want = test_alloc(2 * n * sizeof(*want));
	limb_t *e = test_alloc(n * sizeof(*e));
	size_t tn = basecase ? 0 : bn_mullo_scratch(n), rn = n + basecase;
	limb_t *r = guarded_alloc(rn * sizeof(*r));
	limb_t *tmp = guarded_alloc(tn * sizeof(*tmp));
	const char *name = basecase ? "bn_mulhi_basecase" : "bn_mulhi";
	limb_t borrow;
	size_t en;

	mpn_mul_n(want, a, b, n);
	if (basecase)
		bn_mulhi_basecase(r, a, b, n);
	else
		bn_mulhi(r, a, b, n, tmp);
	borrow = mpn_sub_n(e, want + n, r + basecase, n);
	en = bn_normalized_size(e, n);
	check(!borrow && en <= 1 && (!en || e[0] <= n),
	      "%s(n=%zu): the high half of the product less at most %zu",
	      name, n, n);
	check_guarded(r, "%s(n=%zu): writes only its %zu result limbs", name,
		      n, rn);
	check_guarded(tmp, "%s(n=%zu): writes only its %zu scratch limbs",
		      name, n, tn);
	check(limbs_equal(a, a_kept, n) && limbs_equal(b, b_kept, n),
	      "%s(n=%zu): leaves its inputs unchanged", name, n);
	guarded_free(r);
	guarded_free(tmp);
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(want);
	free(e);
}

/* High products at the sizes test_mullo_sizes() takes. */
static void test_mulhi_sizes(void)
{
	static const size_t edges[] = {
		MULLO_BASECASE_THRESHOLD, 10 * MULLO_BASECASE_THRESHOLD / 3,
		MUL_KARATSUBA_THRESHOLD * 2, MUL_TOOM3_THRESHOLD,
		MUL_NTT_THRESHOLD / 2,
	};
	size_t i, n;

	for (n = 1; n <= SMALL_SIZE_MAX; n++) {
		test_mulhi(n, true);
		test_mulhi(n, false);
	}
	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		for (n = edges[i] - 2; n <= edges[i] + 2; n++)
			test_mulhi(n, false);
	}
	for (i = 0; i < RANDOM_PER_THRESHOLD; i++)
		test_mulhi(rand_range(1, NTT_SIZE_MAX * 2), false);
}

/*
 * The scratch bounds mul.h promises: linear in the operands, at most
 * 12 (an + bn) + 1024 limbs for a product and 20 n + 1024 for a square.
 * The worst cases are just above a power of two, where the transform's
 * length doubles.
 */
static void test_scratch_sizes(enum radix rx)
{
	static const size_t sizes[] = {
		1, 10, 100, 1000, 1025, 2049, 3000, 4097, 8193, 100000,
		131073, 10000000, 16777217,
	};
	const char *name = radix_names[rx];
	size_t i, n, an, s;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		n = sizes[i];
		s = rx_mul_scratch(rx, n, n);
		check(s <= 24 * n + 1024,
		      "rx_mul_scratch(%s, %zu, %zu) = %zu is at most 12 (an + bn) + 1024",
		      name, n, n, s);
		an = 3 * n + 1;
		s = rx_mul_scratch(rx, an, n);
		check(s <= 12 * (an + n) + 1024,
		      "rx_mul_scratch(%s, %zu, %zu) = %zu is at most 12 (an + bn) + 1024",
		      name, an, n, s);
		s = rx_sqr_scratch(rx, n);
		check(s <= 20 * n + 1024,
		      "rx_sqr_scratch(%s, %zu) = %zu is at most 20 n + 1024",
		      name, n, s);
	}
}

int main(void)
{
	enum radix rx;
	enum method m;

	/* A fixed seed unless TEST_SEED asks for another. */
	setenv("TEST_SEED", TEST_MUL_SEED, 0);
	check_init();
	for (rx = 0; rx < RADIX_COUNT; rx++) {
		for (m = 0; m < M_COUNT; m++)
			test_method(rx, m);
		test_patterns(rx);
		test_large(rx);
		test_scratch_sizes(rx);
	}
	test_mullo_sizes();
	test_mulhi_sizes();
	return check_finish();
}
