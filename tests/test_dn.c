// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compares every dn_* function (radix 10^19, arith/dn.h) and dec_from_dn()
 * with GMP on operands of many sizes and carry-stressing shapes (limbs of
 * 10^19 - 1, runs of them, a single 10^k, edge limbs, unequal lengths), with
 * each aliasing that dn.h allows, and with guard zones around every output.
 * GMP computes in binary: operands and results cross over as decimal
 * strings (tests/gmp_oracle.h).
 */
#include "../arith/dec.h"
#include "gmp_oracle.h"

/* Every size up to SMALL_SIZE_MAX is tested, then large_sizes[]. */
#define SMALL_SIZE_MAX 200
static const size_t large_sizes[] = { 255, 256, 257, 500, 1000, 2047 };

/* All pattern pairs for the products up to this size, a sample above. */
#define MUL_ALL_PAIRS_MAX 12

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
enum dn_fn {
	FN_ADD_N,
	FN_ADD,
	FN_SUB_N,
	FN_SUB,
	FN_MUL_1,
	FN_LSHIFT,
	FN_RSHIFT,
	FN_DIVREM_1,
	FN_COUNT,
};

static const char *const fn_names[FN_COUNT] = {
	[FN_ADD_N] = "dn_add_n", [FN_ADD] = "dn_add",
	[FN_SUB_N] = "dn_sub_n", [FN_SUB] = "dn_sub",
	[FN_MUL_1] = "dn_mul_1", [FN_LSHIFT] = "dn_lshift",
	[FN_RSHIFT] = "dn_rshift", [FN_DIVREM_1] = "dn_divrem_1",
};

/* Zero and nonzero returns seen: proof that carries really happened. */
static unsigned long returned[FN_COUNT][2];

static void check_return(enum dn_fn fn, const char *desc, limb_t got,
			 limb_t want)
{
	returned[fn][got != 0]++;
	check_u64(got, want, "%s: return value", desc);
}

/* r[0..rn) against GMP's result, r's guard zones, and the const inputs. */
static void check_output(const char *desc, const limb_t *r,
			 const limb_t *want, size_t rn, bool inputs_kept)
{
	size_t i;

	for (i = 0; i < rn && r[i] < DN_BASE; i++)
		;
	check(i == rn, "%s: every limb below 10^19 : limb %zu of %zu", desc,
	      i, rn);
	check_u64s(r, want, rn, "%s: result", desc);
	check_guarded(r, "%s: writes nothing outside its %zu output limbs",
		      desc, rn);
	check(inputs_kept, "%s: leaves its const inputs unchanged", desc);
}

/* A guarded output of n limbs (random garbage) holding a copy of src. */
static limb_t *output_new(size_t n, const limb_t *src, size_t src_n)
{
	limb_t *r = guarded_alloc(n * sizeof(*r));

	if (src_n)
		memcpy(r, src, src_n * sizeof(*r));
	return r;
}

static limb_t *dlimbs_new(size_t n, enum limb_pattern pat)
{
	return rx_limbs_new(RADIX_DEC, n, pat);
}

/*
 * want[0..n) = z mod B^n; returns floor(z / B^n), which must fit a limb
 * (z = 0 - x, negative, gives B^n - x and 1, as a borrow would).
 */
static limb_t split_low(limb_t *want, size_t n, mpz_t z)
{
	mpz_t high, bn;
	limb_t top;

	mpz_inits(high, bn, NULL);
	mpz_ui_pow_ui(bn, 10, DN_DIGITS * n);
	if (mpz_sgn(z) < 0) {
		mpz_add(z, z, bn);
		top = 1;
	} else {
		mpz_fdiv_qr(high, z, z, bn);
		top = mpz_get_ui(high);
	}
	dlimbs_from_mpz(want, n, z);
	mpz_clears(high, bn, NULL);
	return top;
}

static bool is_sub(enum dn_fn fn)
{
	return fn == FN_SUB_N || fn == FN_SUB;
}

static limb_t call_add_sub(enum dn_fn fn, limb_t *r, const limb_t *a,
			   size_t an, const limb_t *b, size_t bn)
{
	switch (fn) {
	case FN_ADD_N:
		return dn_add_n(r, a, b, an);
	case FN_SUB_N:
		return dn_sub_n(r, a, b, an);
	case FN_SUB:
		return dn_sub(r, a, an, b, bn);
	default:
		return dn_add(r, a, an, b, bn);
	}
}

/* dn_add, dn_sub (an >= bn >= 0) and dn_add_n, dn_sub_n (an == bn). */
static void test_add_sub(enum dn_fn fn, size_t an, size_t bn,
			 enum limb_pattern pa, enum limb_pattern pb)
{
	limb_t *a = dlimbs_new(an, pa), *b = dlimbs_new(bn, pb);
	limb_t *a_kept = limbs_dup(a, an), *b_kept = limbs_dup(b, bn);
	limb_t *want = test_alloc(an * sizeof(*want)), want_ret;
	char desc[DESC_MAX];
	enum alias alias;
	mpz_t za, zb;

	mpz_inits(za, zb, NULL);
	dlimbs_to_mpz(za, a, an);
	dlimbs_to_mpz(zb, b, bn);
	if (is_sub(fn))
		mpz_sub(za, za, zb);
	else
		mpz_add(za, za, zb);
	want_ret = split_low(want, an, za);
	for (alias = R_SEPARATE; alias <= R_IS_B; alias++) {
		/* With r == b, b is the low bn limbs of the an-limb r. */
		limb_t *r = output_new(an, alias == R_IS_A ? a : b,
				       alias == R_IS_A ? an :
				       alias == R_IS_B ? bn : 0);
		const limb_t *x = alias == R_IS_A ? r : a;
		const limb_t *y = alias == R_IS_B ? r : b;
		limb_t got = call_add_sub(fn, r, x, an, y, bn);

		snprintf(desc, sizeof(desc), "%s(an=%zu, bn=%zu, a=%s, b=%s, %s)",
			 fn_names[fn], an, bn, limb_pattern_name(pa),
			 limb_pattern_name(pb), alias_name(alias));
		check_return(fn, desc, got, want_ret);
		check_output(desc, r, want, an, limbs_equal(a, a_kept, an) &&
			     limbs_equal(b, b_kept, bn));
		guarded_free(r);
	}
	mpz_clears(za, zb, NULL);
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(want);
}

/*
 * The one-operand functions: a m (dn_mul_1), a 2^arg (dn_lshift), a / 2^arg
 * (dn_rshift) and a / arg (dn_divrem_1), each also with r == a.
 */
static limb_t call_one(enum dn_fn fn, limb_t *r, const limb_t *a, size_t n,
		       limb_t arg)
{
	switch (fn) {
	case FN_MUL_1:
		return dn_mul_1(r, a, n, arg);
	case FN_LSHIFT:
		return dn_lshift(r, a, n, arg);
	case FN_RSHIFT:
		return dn_rshift(r, a, n, arg);
	default:
		return dn_divrem_1(r, a, n, arg);
	}
}

/* GMP's result of call_one(): want[0..n) and the return value. */
static limb_t one_oracle(enum dn_fn fn, limb_t *want, const limb_t *a,
			 size_t n, limb_t arg)
{
	limb_t ret;
	mpz_t z, q;

	mpz_inits(z, q, NULL);
	dlimbs_to_mpz(z, a, n);
	switch (fn) {
	case FN_MUL_1:
		mpz_mul_ui(z, z, arg);
		ret = split_low(want, n, z);
		break;
	case FN_LSHIFT:
		mpz_mul_2exp(z, z, arg);
		ret = split_low(want, n, z);
		break;
	case FN_RSHIFT:
		mpz_fdiv_q_2exp(q, z, arg);
		dlimbs_from_mpz(want, n, q);
		mpz_fdiv_r_2exp(z, z, arg);
		ret = mpz_get_ui(z);
		break;
	default:
		ret = mpz_fdiv_q_ui(q, z, arg);
		dlimbs_from_mpz(want, n, q);
		break;
	}
	mpz_clears(z, q, NULL);
	return ret;
}

static void test_one_operand(enum dn_fn fn, size_t n, enum limb_pattern pa,
			     limb_t arg)
{
	limb_t *a = dlimbs_new(n, pa), *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(n * sizeof(*want));
	limb_t want_ret = one_oracle(fn, want, a, n, arg);
	char desc[DESC_MAX];
	enum alias alias;

	for (alias = R_SEPARATE; alias <= R_IS_A; alias++) {
		limb_t *r = output_new(n, a, alias == R_IS_A ? n : 0);
		limb_t got = call_one(fn, r, alias == R_IS_A ? r : a, n, arg);

		snprintf(desc, sizeof(desc), "%s(n=%zu, a=%s, %" PRIu64 ", %s)",
			 fn_names[fn], n, limb_pattern_name(pa), arg,
			 alias_name(alias));
		check_return(fn, desc, got, want_ret);
		check_output(desc, r, want, n, limbs_equal(a, a_kept, n));
		guarded_free(r);
	}
	free(a);
	free(a_kept);
	free(want);
}

/* dn_mul_basecase, an >= bn >= 1, against GMP's product. */
static void test_mul(size_t an, size_t bn, enum limb_pattern pa,
		     enum limb_pattern pb)
{
	limb_t *a = dlimbs_new(an, pa), *b = dlimbs_new(bn, pb);
	limb_t *a_kept = limbs_dup(a, an), *b_kept = limbs_dup(b, bn);
	limb_t *want = test_alloc((an + bn) * sizeof(*want));
	limb_t *r = output_new(an + bn, NULL, 0);
	char desc[DESC_MAX];

	rx_mul_oracle(RADIX_DEC, want, a, an, b, bn);
	dn_mul_basecase(r, a, an, b, bn);
	snprintf(desc, sizeof(desc), "dn_mul_basecase(an=%zu, bn=%zu, a=%s, b=%s)",
		 an, bn, limb_pattern_name(pa), limb_pattern_name(pb));
	check_output(desc, r, want, an + bn, limbs_equal(a, a_kept, an) &&
		     limbs_equal(b, b_kept, bn));
	guarded_free(r);
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(want);
}

/* dn_sqr_basecase, and dn_mul_basecase with b == a. */
static void test_sqr(size_t n, enum limb_pattern pa)
{
	limb_t *a = dlimbs_new(n, pa), *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(2 * n * sizeof(*want));
	limb_t *r = output_new(2 * n, NULL, 0);
	char desc[DESC_MAX];

	rx_mul_oracle(RADIX_DEC, want, a, n, a, n);
	dn_sqr_basecase(r, a, n);
	snprintf(desc, sizeof(desc), "dn_sqr_basecase(n=%zu, a=%s)", n,
		 limb_pattern_name(pa));
	check_output(desc, r, want, 2 * n, limbs_equal(a, a_kept, n));
	guarded_free(r);

	r = output_new(2 * n, NULL, 0);
	dn_mul_basecase(r, a, n, a, n);
	snprintf(desc, sizeof(desc), "dn_mul_basecase(an=bn=%zu, a=%s, b == a)",
		 n, limb_pattern_name(pa));
	check_output(desc, r, want, 2 * n, limbs_equal(a, a_kept, n));
	guarded_free(r);
	free(a);
	free(a_kept);
	free(want);
}

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

/* Multipliers: the edges of a limb and of the small ones, or random. */
static limb_t multiplier(unsigned int which)
{
	static const limb_t edges[] = {
		0, 1, 2, 3, 4, 5, 12, DN_BASE - 1, DN_BASE / 2, 1ULL << 32,
	};

	return which < ARRAY_SIZE(edges) ? edges[which] : rand_below(DN_BASE);
}

/* Divisors of dn_divrem_1(): 1, the Toom ones, the top of the range. */
static limb_t small_divisor(unsigned int which)
{
	static const limb_t edges[] = {
		1, 2, 3, 5, 9, 45, 64, (1ULL << 31) + 1, (1ULL << 32) - 1,
	};

	return which < ARRAY_SIZE(edges) ? edges[which] :
					   rand_range(1, (1ULL << 32) - 1);
}

static void test_size_one_operand(size_t n)
{
	unsigned int i, cnt;

	for (i = 0; i < 12; i++)
		test_one_operand(FN_MUL_1, n, rand_limb_pattern(),
				 multiplier(i));
	test_one_operand(FN_MUL_1, n, PAT_ONES, DN_BASE - 1);
	for (cnt = 1; cnt <= DN_DIGITS; cnt++) {
		test_one_operand(FN_LSHIFT, n, rand_limb_pattern(), cnt);
		test_one_operand(FN_RSHIFT, n, rand_limb_pattern(), cnt);
	}
	test_one_operand(FN_LSHIFT, n, PAT_ONES, 2);
	for (i = 0; i < 11; i++)
		test_one_operand(FN_DIVREM_1, n, rand_limb_pattern(),
				 small_divisor(i));
	test_one_operand(FN_DIVREM_1, n, PAT_ONES, 3);
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

	if (n <= 48) {
		for (pa = 0; pa < PAT_COUNT; pa++)
			test_sqr(n, pa);
	} else {
		test_sqr(n, PAT_ONES);
		test_sqr(n, rand_limb_pattern());
	}
}

/* dn_from_u128() on the edges of its three limbs. */
static void test_from_u128(void)
{
	static const limb_t values[] = {
		0, 1, DN_BASE - 1, DN_BASE, DN_BASE + 1, ~0ULL, 1ULL << 63,
	};
	limb_t r[3];
	size_t i, j, size;
	mpz_t z;

	mpz_init(z);
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		for (j = 0; j < ARRAY_SIZE(values) + 2; j++) {
			limb_t lo = values[i], hi = j < ARRAY_SIZE(values) ?
					      values[j] : rand_u64();

			mpz_set_ui(z, hi);
			mpz_mul_2exp(z, z, 64);
			mpz_add_ui(z, z, lo);
			size = dn_from_u128(r, lo, hi);
			check_dlimbs_mpz(r, size, z,
					 "dn_from_u128(lo=0x%" PRIx64 ", hi=0x%"
					 PRIx64 ")", lo, hi);
		}
	}
	mpz_clear(z);
}

/*
 * dec_from_dn() on every shape, with high zero limbs (which it skips), a
 * top limb of one digit, and zero.
 */
static void test_print(size_t n)
{
	enum limb_pattern pa;
	mpz_t z;

	mpz_init(z);
	for (pa = 0; pa < PAT_COUNT; pa++) {
		limb_t *a = dlimbs_new(n, pa);

		if (n && rand_below(2))
			a[n - 1] = rand_below(10);
		dlimbs_to_mpz(z, a, n);
		check_dn_decimal(a, n, z, "dec_from_dn(n=%zu, a=%s)", n,
				 limb_pattern_name(pa));
		free(a);
	}
	mpz_clear(z);
}

/* Empty operands, wherever dn.h allows them. */
static void test_zero_sizes(void)
{
	limb_t *r = guarded_alloc(0), *a = limbs_new(0, PAT_RANDOM);

	check_u64(dn_add_n(r, a, a, 0), 0, "dn_add_n(n=0): return value");
	check_u64(dn_add(r, a, 0, a, 0), 0, "dn_add(an=0, bn=0): return value");
	check_u64(dn_sub_n(r, a, a, 0), 0, "dn_sub_n(n=0): return value");
	check_u64(dn_sub(r, a, 0, a, 0), 0, "dn_sub(an=0, bn=0): return value");
	check_u64(dn_mul_1(r, a, 0, 7), 0, "dn_mul_1(n=0): return value");
	check_u64(dn_lshift(r, a, 0, 2), 0, "dn_lshift(n=0): return value");
	check_u64(dn_rshift(r, a, 0, 2), 0, "dn_rshift(n=0): return value");
	check_u64(dn_divrem_1(r, a, 0, 3), 0, "dn_divrem_1(n=0): return value");
	check_guarded(r, "n=0 calls write nothing");
	guarded_free(r);
	free(a);
}

static size_t test_size(size_t i)
{
	if (i < SMALL_SIZE_MAX)
		return i + 1;
	i -= SMALL_SIZE_MAX;
	return i < ARRAY_SIZE(large_sizes) ? large_sizes[i] : 0;
}

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
	test_from_u128();
	test_print(0);
	for (i = 0; (n = test_size(i)); i++) {
		test_size_add_sub(n);
		test_size_one_operand(n);
		test_size_mul(n);
		test_size_sqr(n);
		test_print(n);
	}
	check_both_returns_seen();
	return check_finish();
}
