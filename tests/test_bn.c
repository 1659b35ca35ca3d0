// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compares every bn_* function with its GMP mpn counterpart on operands of
 * many sizes and nasty bit patterns, with each aliasing that bn.h allows,
 * and with guard zones around every output to catch stray writes.
 */
#include "../arith/bn.h"
#include "gmp_oracle.h"

/* Every size up to SMALL_SIZE_MAX is tested, then large_sizes[]. */
#define SMALL_SIZE_MAX 300
static const size_t large_sizes[] = { 511, 512, 513, 1000, 1024, 2047, 3000 };

/* All pattern pairs for the products up to this size, a sample above. */
#define MUL_ALL_PAIRS_MAX 16

#define DESC_MAX 256

enum alias { R_SEPARATE, R_IS_A, R_IS_B };

static const char *alias_name(enum alias alias)
{
	switch (alias) {
	case R_IS_A: return "r == a";
	case R_IS_B: return "r == b";
	default: return "r separate";
	}
}

/* The functions whose return value is a carry, a borrow or a remainder. */
enum bn_fn {
	FN_ADD_N,
	FN_ADD,
	FN_SUB_N,
	FN_SUB,
	FN_LSHIFT,
	FN_RSHIFT,
	FN_MUL_1,
	FN_ADDMUL_1,
	FN_DIVREM_1,
	FN_COUNT,
};

static const char *const fn_names[FN_COUNT] = {
	[FN_ADD_N] = "bn_add_n", [FN_ADD] = "bn_add",
	[FN_SUB_N] = "bn_sub_n", [FN_SUB] = "bn_sub",
	[FN_LSHIFT] = "bn_lshift", [FN_RSHIFT] = "bn_rshift",
	[FN_MUL_1] = "bn_mul_1",
	[FN_ADDMUL_1] = "bn_addmul_1", [FN_DIVREM_1] = "bn_divrem_1",
};

/* Zero and nonzero returns seen: proof that carries really happened. */
static unsigned long returned[FN_COUNT][2];

static void check_return(enum bn_fn fn, const char *desc, limb_t got,
			 limb_t want)
{
	returned[fn][got != 0]++;
	check_u64(got, want, "%s: return value", desc);
}

/* r[0..rn) against GMP's result, r's guard zones, and the const inputs. */
static void check_output(const char *desc, const limb_t *r,
			 const limb_t *want, size_t rn, bool inputs_kept)
{
	check_u64s(r, want, rn, "%s: result", desc);
	check_guarded(r, "%s: writes nothing outside its %zu output limbs",
		      desc, rn);
	check(inputs_kept, "%s: leaves its const inputs unchanged", desc);
}

/* The pattern name, and the value itself when it is short. */
static const char *operand_str(char *buf, size_t len, const limb_t *a,
			       size_t n, enum limb_pattern pat)
{
	if (n == 1)
		snprintf(buf, len, "%s 0x%" PRIx64, limb_pattern_name(pat),
			 a[0]);
	else if (n == 2)
		snprintf(buf, len, "%s 0x%" PRIx64 ":%016" PRIx64,
			 limb_pattern_name(pat), a[1], a[0]);
	else
		snprintf(buf, len, "%s", limb_pattern_name(pat));
	return buf;
}

/* A guarded output of n limbs (random garbage) holding a copy of src. */
static limb_t *output_new(size_t n, const limb_t *src, size_t src_n)
{
	limb_t *r = guarded_alloc(n * sizeof(*r));

	if (src_n)
		memcpy(r, src, src_n * sizeof(*r));
	return r;
}

static bool is_sub(enum bn_fn fn)
{
	return fn == FN_SUB_N || fn == FN_SUB;
}

/* Calls the function fn names; the _n ones take an == bn. */
static limb_t call_add_sub(enum bn_fn fn, limb_t *r, const limb_t *a, size_t an,
			   const limb_t *b, size_t bn)
{
	switch (fn) {
	case FN_ADD_N:
		return bn_add_n(r, a, b, an);
	case FN_SUB_N:
		return bn_sub_n(r, a, b, an);
	case FN_SUB:
		return bn_sub(r, a, an, b, bn);
	default:
		return bn_add(r, a, an, b, bn);
	}
}

/*
 * bn_add, bn_sub (an >= 1, an >= bn >= 0) and bn_add_n, bn_sub_n (an == bn)
 * against mpn_add / mpn_sub.
 */
static void test_add_sub(enum bn_fn fn, size_t an, size_t bn,
			 enum limb_pattern pa, enum limb_pattern pb)
{
	limb_t *a = limbs_new(an, pa), *b = limbs_new(bn, pb);
	limb_t *a_kept = limbs_dup(a, an), *b_kept = limbs_dup(b, bn);
	limb_t *want = test_alloc(an * sizeof(*want));
	limb_t want_ret = 0;
	char desc[DESC_MAX], as[64], bs[64];
	enum alias alias;

	/* a + 0 is a with no carry; mpn_add/mpn_sub want bn >= 1. */
	if (bn)
		want_ret = is_sub(fn) ? mpn_sub(want, a, an, b, bn) :
					mpn_add(want, a, an, b, bn);
	else
		mpn_copyi(want, a, an);

	for (alias = R_SEPARATE; alias <= R_IS_B; alias++) {
		/* With r == b, b is the low bn limbs of the an-limb r. */
		limb_t *r = output_new(an, alias == R_IS_A ? a : b,
				       alias == R_IS_A ? an :
				       alias == R_IS_B ? bn : 0);
		const limb_t *x = alias == R_IS_A ? r : a;
		const limb_t *y = alias == R_IS_B ? r : b;
		limb_t got = call_add_sub(fn, r, x, an, y, bn);

		snprintf(desc, sizeof(desc),
			 "%s(an=%zu, bn=%zu, a=%s, b=%s, %s)", fn_names[fn],
			 an, bn, operand_str(as, sizeof(as), a, an, pa),
			 operand_str(bs, sizeof(bs), b, bn, pb),
			 alias_name(alias));
		check_return(fn, desc, got, want_ret);
		check_output(desc, r, want, an, limbs_equal(a, a_kept, an) &&
			     limbs_equal(b, b_kept, bn));
		guarded_free(r);
	}
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(want);
}

/* The one-operand function fn names, as GMP and as bn.h has it. */
static limb_t call_one(enum bn_fn fn, bool gmp, limb_t *r, const limb_t *a,
		       size_t n, limb_t arg)
{
	switch (fn) {
	case FN_LSHIFT:
		return gmp ? mpn_lshift(r, a, n, arg) : bn_lshift(r, a, n, arg);
	case FN_RSHIFT:
		return gmp ? mpn_rshift(r, a, n, arg) : bn_rshift(r, a, n, arg);
	default:
		return gmp ? mpn_mul_1(r, a, n, arg) : bn_mul_1(r, a, n, arg);
	}
}

/*
 * bn_lshift, bn_rshift (1 <= arg < 64) or bn_mul_1 against mpn_lshift,
 * mpn_rshift or mpn_mul_1; n >= 1; r may be a.
 */
static void test_one_operand(enum bn_fn fn, size_t n, enum limb_pattern pa,
			     limb_t arg)
{
	limb_t *a = limbs_new(n, pa), *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(n * sizeof(*want));
	limb_t want_ret = call_one(fn, true, want, a, n, arg);
	char desc[DESC_MAX], as[64];
	enum alias alias;

	for (alias = R_SEPARATE; alias <= R_IS_A; alias++) {
		limb_t *r = output_new(n, a, alias == R_IS_A ? n : 0);
		const limb_t *x = alias == R_IS_A ? r : a;
		limb_t got = call_one(fn, false, r, x, n, arg);

		snprintf(desc, sizeof(desc),
			 "%s(n=%zu, a=%s, 0x%" PRIx64 ", %s)", fn_names[fn], n,
			 operand_str(as, sizeof(as), a, n, pa), arg,
			 alias_name(alias));
		check_return(fn, desc, got, want_ret);
		check_output(desc, r, want, n, limbs_equal(a, a_kept, n));
		guarded_free(r);
	}
	free(a);
	free(a_kept);
	free(want);
}

/* bn_addmul_1 against mpn_addmul_1; n >= 1; r must not overlap a. */
static void test_addmul_1(size_t n, enum limb_pattern pr,
			  enum limb_pattern pa, limb_t b)
{
	limb_t *a = limbs_new(n, pa), *a_kept = limbs_dup(a, n);
	limb_t *r_in = limbs_new(n, pr), *want = limbs_dup(r_in, n);
	limb_t want_ret = mpn_addmul_1(want, a, n, b);
	limb_t *r = output_new(n, r_in, n);
	limb_t got = bn_addmul_1(r, a, n, b);
	char desc[DESC_MAX], rs[64], as[64];

	snprintf(desc, sizeof(desc),
		 "bn_addmul_1(n=%zu, r=%s, a=%s, b=0x%" PRIx64 ")", n,
		 operand_str(rs, sizeof(rs), r_in, n, pr),
		 operand_str(as, sizeof(as), a, n, pa), b);
	check_return(FN_ADDMUL_1, desc, got, want_ret);
	check_output(desc, r, want, n, limbs_equal(a, a_kept, n));
	guarded_free(r);
	free(a);
	free(a_kept);
	free(r_in);
	free(want);
}

/* bn_mul against mpn_mul; an >= bn >= 1; r overlaps neither input. */
static void test_mul(size_t an, size_t bn, enum limb_pattern pa,
		     enum limb_pattern pb)
{
	limb_t *a = limbs_new(an, pa), *b = limbs_new(bn, pb);
	limb_t *a_kept = limbs_dup(a, an), *b_kept = limbs_dup(b, bn);
	limb_t *want = test_alloc((an + bn) * sizeof(*want));
	limb_t *r = output_new(an + bn, NULL, 0);
	char desc[DESC_MAX], as[64], bs[64];

	mpn_mul(want, a, an, b, bn);
	bn_mul_basecase(r, a, an, b, bn);
	snprintf(desc, sizeof(desc), "bn_mul(an=%zu, bn=%zu, a=%s, b=%s)",
		 an, bn, operand_str(as, sizeof(as), a, an, pa),
		 operand_str(bs, sizeof(bs), b, bn, pb));
	check_output(desc, r, want, an + bn, limbs_equal(a, a_kept, an) &&
		     limbs_equal(b, b_kept, bn));
	guarded_free(r);
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(want);
}

/*
 * bn_sqr against mpn_sqr; n >= 1; r does not overlap a. Also bn_mul with
 * b == a: only r must not overlap the inputs.
 */
static void test_sqr(size_t n, enum limb_pattern pa)
{
	limb_t *a = limbs_new(n, pa), *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(2 * n * sizeof(*want));
	limb_t *r = output_new(2 * n, NULL, 0);
	char desc[DESC_MAX], as[64];

	mpn_sqr(want, a, n);
	bn_sqr_basecase(r, a, n);
	snprintf(desc, sizeof(desc), "bn_sqr(n=%zu, a=%s)", n,
		 operand_str(as, sizeof(as), a, n, pa));
	check_output(desc, r, want, 2 * n, limbs_equal(a, a_kept, n));
	guarded_free(r);

	r = output_new(2 * n, NULL, 0);
	bn_mul_basecase(r, a, n, a, n);
	snprintf(desc, sizeof(desc), "bn_mul(an=bn=%zu, a=%s, b == a)", n,
		 operand_str(as, sizeof(as), a, n, pa));
	check_output(desc, r, want, 2 * n, limbs_equal(a, a_kept, n));
	guarded_free(r);
	free(a);
	free(a_kept);
	free(want);
}

/* bn_divrem_1 on a given dividend against mpn_divrem_1; n >= 1. */
static void test_divrem_1_on(const limb_t *a, size_t n, enum limb_pattern pa,
			     limb_t d)
{
	limb_t *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(n * sizeof(*want));
	limb_t want_ret = mpn_divrem_1(want, 0, a, n, d);
	char desc[DESC_MAX], as[64];
	enum alias alias;

	for (alias = R_SEPARATE; alias <= R_IS_A; alias++) {
		limb_t *q = output_new(n, a, alias == R_IS_A ? n : 0);
		limb_t got = bn_divrem_1(q, alias == R_IS_A ? q : a, n, d);

		snprintf(desc, sizeof(desc),
			 "bn_divrem_1(n=%zu, a=%s, d=0x%" PRIx64 ", %s)", n,
			 operand_str(as, sizeof(as), a, n, pa), d,
			 alias == R_IS_A ? "q == a" : "q separate");
		check_return(FN_DIVREM_1, desc, got, want_ret);
		check_output(desc, q, want, n, limbs_equal(a, a_kept, n));
		guarded_free(q);
	}
	free(a_kept);
	free(want);
}

static void test_divrem_1(size_t n, enum limb_pattern pa, limb_t d)
{
	limb_t *a = limbs_new(n, pa);

	test_divrem_1_on(a, n, pa, d);
	free(a);
}

/* 10^19 (the decimal chunk), 2^63, 2^64 - 1, or a random normalized one. */
static limb_t divisor(unsigned int which)
{
	limb_t ten19 = 1;
	int i;

	switch (which) {
	case 0:
		for (i = 0; i < 19; i++)
			ten19 *= 10;
		return ten19;
	case 1: return 1ULL << 63;
	case 2: return ~0ULL;
	case 3: return (1ULL << 63) + 1;
	default: return rand_u64() | 1ULL << 63;
	}
}

#define DIVISORS 6

/* An operand size in [0, an], favouring the extremes. */
static size_t smaller_size(size_t an)
{
	switch (rand_below(8)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return an;
	case 3: return an - 1;
	default: return rand_range(1, an);
	}
}

static void test_size_add_sub(size_t n)
{
	enum limb_pattern pa, pb;

	for (pa = 0; pa < PAT_COUNT; pa++) {
		for (pb = 0; pb < PAT_COUNT; pb++) {
			test_add_sub(FN_ADD_N, n, n, pa, pb);
			test_add_sub(FN_SUB_N, n, n, pa, pb);
			test_add_sub(FN_ADD, n, smaller_size(n), pa, pb);
			test_add_sub(FN_SUB, n, smaller_size(n), pa, pb);
		}
	}
}

static void test_size_lshift(size_t n)
{
	unsigned int cnt;

	for (cnt = 1; cnt < LIMB_BITS; cnt++) {
		test_one_operand(FN_LSHIFT, n, rand_limb_pattern(), cnt);
		test_one_operand(FN_RSHIFT, n, rand_limb_pattern(), cnt);
	}
}

/*
 * bn_divexact_1 on a multiple of an odd d, a random or patterned quotient
 * times d, against mpn_divexact_1: 3 (its own loop), 45 and the other odd
 * divisors of the Toom interpolations' kind, and random odd ones.
 */
static void test_divexact_1(size_t n, enum limb_pattern pq, limb_t d)
{
	limb_t *q = limbs_new(n, pq), *a = test_alloc(n * sizeof(*a));
	limb_t *want = test_alloc(n * sizeof(*want)), *r;
	char desc[DESC_MAX];

	mpn_mul_1(a, q, n, d);
	mpn_divexact_1(want, a, n, d);
	r = output_new(n, a, n);
	bn_divexact_1(r, n, d);
	snprintf(desc, sizeof(desc), "bn_divexact_1(n=%zu, q=%s, d=%" PRIu64 ")",
		 n, limb_pattern_name(pq), d);
	check_output(desc, r, want, n, true);
	guarded_free(r);
	free(q);
	free(a);
	free(want);
}

static void test_size_divexact_1(size_t n)
{
	static const limb_t odd[] = { 1, 3, 5, 9, 15, 45, ~0ULL };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(odd); i++)
		test_divexact_1(n, rand_limb_pattern(), odd[i]);
	test_divexact_1(n, PAT_ONES, 3);
	test_divexact_1(n, PAT_RANDOM, rand_u64() | 1);
}

static void test_size_mul_1(size_t n)
{
	enum limb_pattern pa;

	for (pa = 0; pa < PAT_COUNT; pa++) {
		test_one_operand(FN_MUL_1, n, pa, rand_edge_limb());
		test_one_operand(FN_MUL_1, n, pa, ~0ULL);
		test_addmul_1(n, rand_limb_pattern(), pa, rand_edge_limb());
		test_addmul_1(n, PAT_ONES, pa, ~0ULL);
	}
}

static void test_size_mul(size_t an)
{
	enum limb_pattern pa, pb;
	int i;

	if (an <= MUL_ALL_PAIRS_MAX) {
		for (pa = 0; pa < PAT_COUNT; pa++)
			for (pb = 0; pb < PAT_COUNT; pb++)
				test_mul(an, rand_range(1, an), pa, pb);
	}
	test_mul(an, 1, rand_limb_pattern(), rand_limb_pattern());
	test_mul(an, an, PAT_ONES, PAT_ONES);
	test_mul(an, an, rand_limb_pattern(), rand_limb_pattern());
	for (i = 0; i < 2; i++)
		test_mul(an, rand_range(1, an), rand_limb_pattern(),
			 rand_limb_pattern());
}

static void test_size_sqr(size_t n)
{
	enum limb_pattern pa;

	if (n <= 64 || n > SMALL_SIZE_MAX) {
		for (pa = 0; pa < PAT_COUNT; pa++)
			test_sqr(n, pa);
	} else {
		test_sqr(n, PAT_ONES);
		test_sqr(n, rand_limb_pattern());
	}
}

static void test_size_divrem_1(size_t n)
{
	enum limb_pattern pa;
	unsigned int d;

	for (d = 0; d < DIVISORS; d++)
		for (pa = 0; pa < PAT_COUNT; pa++)
			test_divrem_1(n, pa, divisor(d));
}

/*
 * One- and two-limb dividends made of the values next to d, where a
 * quotient digit estimate is most likely to be off by one.
 */
static void test_divrem_1_edges(void)
{
	limb_t a[2], values[8];
	unsigned int d, i, j;

	for (d = 0; d < DIVISORS; d++) {
		limb_t dv = divisor(d);

		values[0] = 0;
		values[1] = 1;
		values[2] = dv - 1;
		values[3] = dv;
		values[4] = dv + 1;
		values[5] = ~0ULL - 1;
		values[6] = ~0ULL;
		values[7] = rand_u64();
		for (i = 0; i < ARRAY_SIZE(values); i++) {
			a[0] = values[i];
			test_divrem_1_on(a, 1, PAT_EDGE_LIMBS, dv);
			for (j = 0; j < ARRAY_SIZE(values); j++) {
				a[1] = values[j];
				test_divrem_1_on(a, 2, PAT_EDGE_LIMBS, dv);
			}
		}
	}
}

/* Empty operands (allowed wherever bn.h does not ask for n >= 1). */
static void test_zero_sizes(void)
{
	limb_t *r = guarded_alloc(0), *a = limbs_new(0, PAT_RANDOM);

	/* The carry, borrow, high limb or remainder of nothing is 0. */
	check_u64(bn_add_n(r, a, a, 0), 0, "bn_add_n(n=0): return value");
	check_u64(bn_add(r, a, 0, a, 0), 0, "bn_add(an=0, bn=0): return value");
	check_u64(bn_sub_n(r, a, a, 0), 0, "bn_sub_n(n=0): return value");
	check_u64(bn_sub(r, a, 0, a, 0), 0, "bn_sub(an=0, bn=0): return value");
	check_u64(bn_lshift(r, a, 0, 1), 0, "bn_lshift(n=0): return value");
	check_u64(bn_rshift(r, a, 0, 1), 0, "bn_rshift(n=0): return value");
	check_u64(bn_mul_1(r, a, 0, ~0ULL), 0, "bn_mul_1(n=0): return value");
	check_u64(bn_addmul_1(r, a, 0, ~0ULL), 0,
		  "bn_addmul_1(n=0): return value");
	check_u64(bn_divrem_1(r, a, 0, divisor(0)), 0,
		  "bn_divrem_1(n=0): return value");
	check_guarded(r, "n=0 calls write nothing");
	guarded_free(r);
	free(a);
}

/* bn_normalized_size against mpz_size, high zero limbs included. */
static void test_normalized_size(size_t n)
{
	enum limb_pattern pa;
	size_t zeros;
	mpz_t z;

	mpz_init(z);
	for (pa = 0; pa < PAT_COUNT; pa++) {
		limb_t *a = limbs_new(n, pa);

		zeros = n ? rand_below(n + 1) : 0;
		memset(a + n - zeros, 0, zeros * sizeof(*a));
		limbs_to_mpz(z, a, n);
		check_int(bn_normalized_size(a, n), mpz_size(z),
			  "bn_normalized_size(n=%zu, a=%s, %zu zeros on top)",
			  n, limb_pattern_name(pa), zeros);
		free(a);
	}
	mpz_clear(z);
}

/* The i-th size to test: 1..SMALL_SIZE_MAX, then large_sizes[]; 0 after. */
static size_t test_size(size_t i)
{
	if (i < SMALL_SIZE_MAX)
		return i + 1;
	i -= SMALL_SIZE_MAX;
	return i < ARRAY_SIZE(large_sizes) ? large_sizes[i] : 0;
}

/* Without both outcomes, the operands did not exercise the carry logic. */
static void check_both_returns_seen(void)
{
	unsigned int fn;

	for (fn = 0; fn < FN_COUNT; fn++)
		check(returned[fn][0] && returned[fn][1],
		      "%s returned both 0 and nonzero : %lu zero, %lu nonzero",
		      fn_names[fn], returned[fn][0], returned[fn][1]);
}

int main(void)
{
	size_t i, n;

	check_init();
	test_zero_sizes();
	test_normalized_size(0);
	test_divrem_1_edges();
	for (i = 0; (n = test_size(i)); i++) {
		test_normalized_size(n);
		test_size_add_sub(n);
		test_size_lshift(n);
		test_size_divexact_1(n);
		test_size_mul_1(n);
		test_size_mul(n);
		test_size_sqr(n);
		test_size_divrem_1(n);
	}
	check_both_returns_seen();
	return check_finish();
}
