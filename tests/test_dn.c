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
#include "leaf_check.h"

/* Every size up to SMALL_SIZE_MAX is tested, then large_sizes[]. */
#define SMALL_SIZE_MAX 200
static const size_t large_sizes[] = { 255, 256, 257, 500, 1000, 2047 };

/* All pattern pairs for the products up to this size, a sample above. */
#define MUL_ALL_PAIRS_MAX 12

#define DESC_MAX 256

/* The functions whose return value is a carry, a borrow or a remainder. */
enum dn_fn {
	FN_MUL_1,
	FN_LSHIFT,
	FN_RSHIFT,
	FN_DIVREM_1,
	FN_COUNT,
};

static const char *const fn_names[FN_COUNT] = {
	[FN_MUL_1] = "dn_mul_1", [FN_LSHIFT] = "dn_lshift",
	[FN_RSHIFT] = "dn_rshift", [FN_DIVREM_1] = "dn_divrem_1",
};

/* Zero and nonzero returns seen: proof that carries really happened. */
static unsigned long returned[FN_COUNT][2];

static limb_t *dlimbs_new(size_t n, enum limb_pattern pat)
{
	return rx_limbs_new(RADIX_DEC, n, pat);
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
		ret = dlimbs_split(want, n, z);
		break;
	case FN_LSHIFT:
		mpz_mul_2exp(z, z, arg);
		ret = dlimbs_split(want, n, z);
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
	enum out_alias alias;

	for (alias = R_SEPARATE; alias <= R_IS_A; alias++) {
		limb_t *r = output_new(n, a, alias == R_IS_A ? n : 0);
		limb_t got = call_one(fn, r, alias == R_IS_A ? r : a, n, arg);

		snprintf(desc, sizeof(desc), "%s(n=%zu, a=%s, %" PRIu64 ", %s)",
			 fn_names[fn], n, limb_pattern_name(pa), arg,
			 out_alias_name(alias));
		check_return(returned[fn], got, want_ret, "%s: return value",
			     desc);
		check_limbs_output(RADIX_DEC, desc, r, want, n,
				   limbs_equal(a, a_kept, n));
		guarded_free(r);
	}
	free(a);
	free(a_kept);
	free(want);
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

int main(void)
{
	size_t i, n;

	check_init();
	test_zero_sizes();
	test_from_u128();
	test_print(0);
	for (i = 0; (n = size_at(i, SMALL_SIZE_MAX, large_sizes,
				 ARRAY_SIZE(large_sizes))); i++) {
		test_sums_of(RADIX_DEC, n);
		test_size_one_operand(n);
		test_products_of(RADIX_DEC, n, MUL_ALL_PAIRS_MAX);
		test_squares_of(RADIX_DEC, n, n <= 48);
		test_print(n);
	}
	check_returns_seen(fn_names, returned, FN_COUNT);
	check_returns_seen(sum_names[RADIX_DEC], sum_seen[RADIX_DEC], SUM_FNS);
	return check_finish();
}
