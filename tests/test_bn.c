// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compares every bn_* function with its GMP mpn counterpart on operands of
 * many sizes and nasty bit patterns, with each aliasing that bn.h allows,
 * and with guard zones around every output to catch stray writes.
 */
#include <signal.h>
#include <sys/wait.h>

#include "../arith/bn.h"
#include "leaf_check.h"

/* Every size up to SMALL_SIZE_MAX is tested, then large_sizes[]. */
#define SMALL_SIZE_MAX 300
static const size_t large_sizes[] = { 511, 512, 513, 1000, 1024, 2047, 3000 };

/* All pattern pairs for the products up to this size, a sample above. */
#define MUL_ALL_PAIRS_MAX 16

#define DESC_MAX 256

/* The functions whose return value is a carry, a borrow or a remainder. */
enum bn_fn {
	FN_LSHIFT,
	FN_RSHIFT,
	FN_MUL_1,
	FN_ADDMUL_1,
	FN_DIVREM_1,
	FN_COUNT,
};

static const char *const fn_names[FN_COUNT] = {
	[FN_LSHIFT] = "bn_lshift", [FN_RSHIFT] = "bn_rshift",
	[FN_MUL_1] = "bn_mul_1",
	[FN_ADDMUL_1] = "bn_addmul_1", [FN_DIVREM_1] = "bn_divrem_1",
};

/* Zero and nonzero returns seen: proof that carries really happened. */
static unsigned long returned[FN_COUNT][2];

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
	enum out_alias alias;

	for (alias = R_SEPARATE; alias <= R_IS_A; alias++) {
		limb_t *r = output_new(n, a, alias == R_IS_A ? n : 0);
		const limb_t *x = alias == R_IS_A ? r : a;
		limb_t got = call_one(fn, false, r, x, n, arg);

		snprintf(desc, sizeof(desc),
			 "%s(n=%zu, a=%s, 0x%" PRIx64 ", %s)", fn_names[fn], n,
			 operand_str(as, sizeof(as), a, n, pa), arg,
			 out_alias_name(alias));
		check_return(returned[fn], got, want_ret, "%s: return value",
			     desc);
		check_limbs_output(RADIX_BIN, desc, r, want, n,
				   limbs_equal(a, a_kept, n));
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
	check_return(returned[FN_ADDMUL_1], got, want_ret, "%s: return value",
		     desc);
	check_limbs_output(RADIX_BIN, desc, r, want, n,
			   limbs_equal(a, a_kept, n));
	guarded_free(r);
	free(a);
	free(a_kept);
	free(r_in);
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
	enum out_alias alias;

	for (alias = R_SEPARATE; alias <= R_IS_A; alias++) {
		limb_t *q = output_new(n, a, alias == R_IS_A ? n : 0);
		limb_t got = bn_divrem_1(q, alias == R_IS_A ? q : a, n, d);

		snprintf(desc, sizeof(desc),
			 "bn_divrem_1(n=%zu, a=%s, d=0x%" PRIx64 ", %s)", n,
			 operand_str(as, sizeof(as), a, n, pa), d,
			 alias == R_IS_A ? "q == a" : "q separate");
		check_return(returned[FN_DIVREM_1], got, want_ret,
			     "%s: return value", desc);
		check_limbs_output(RADIX_BIN, desc, q, want, n,
				   limbs_equal(a, a_kept, n));
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
	check_limbs_output(RADIX_BIN, desc, r, want, n, true);
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

/* The small helpers of bn.h against GMP: bit length, compare, +-1, wrap. */
static void test_helpers(size_t n)
{
	limb_t *a = limbs_new(n, PAT_RANDOM), *b = limbs_new(n, PAT_RANDOM);
	limb_t one = 1;
	mpz_t za, zb, m;
	size_t j;

	mpz_inits(za, zb, m, NULL);
	check_int(limb_bits(a[0]), a[0] ? 64 - __builtin_clzll(a[0]) : 0,
		  "limb_bits(%#llx)", (unsigned long long)a[0]);
	if (n > 1)
		b[n - 1] = a[n - 1];	/* equal tops: the compare must go on */
	limbs_to_mpz(za, a, n);
	limbs_to_mpz(zb, b, n);
	check_int(bn_cmp_n(a, b, n), (mpz_cmp(za, zb) > 0) - (mpz_cmp(za, zb) < 0),
		  "bn_cmp_n(n=%zu)", n);
	check_int(bn_cmp_n(a, a, n), 0, "bn_cmp_n(a, a, n=%zu)", n);
	/* B^n - 1 and its neighbours carry through every limb. */
	memset(a, 0xff, n * sizeof(*a));
	bn_incr(a, n);
	check_int(bn_normalized_size(a, n), 0, "bn_incr(B^n - 1, n=%zu) is 0", n);
	bn_decr(a, n);
	limbs_to_mpz(za, a, n);
	mpz_ui_pow_ui(m, 2, 64 * n);
	mpz_sub_ui(m, m, 1);
	check(!mpz_cmp(za, m), "bn_decr(0, n=%zu) is B^n - 1", n);
	/* a + B^j modulo B^n - 1, from a random a. */
	free(a);
	a = limbs_new(n, PAT_RANDOM);
	j = rand_below(n);
	limbs_to_mpz(za, a, n);
	mpz_set_ui(zb, 0);
	mpz_setbit(zb, 64 * j);
	mpz_add(za, za, zb);
	mpz_mod(za, za, m);
	bn_add_wrap(a, n, j, &one, 1);
	limbs_to_mpz(zb, a, n);
	mpz_mod(zb, zb, m);
	check(!mpz_cmp(za, zb), "bn_add_wrap(n=%zu, j=%zu)", n, j);
	mpz_clears(za, zb, m, NULL);
	free(a);
	free(b);
}

/* A broken contract stops the test build at once (port_assert). */
static void check_contract_stops(const char *what, void (*call)(void))
{
	int status = 0;
	pid_t pid = fork();

	if (!pid) {
		/* the report is expected: keep it out of the test's log */
		if (!freopen("/dev/null", "w", stderr))
			_exit(1);
		call();
		_exit(0);
	}
	check(pid > 0 && waitpid(pid, &status, 0) == pid &&
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	      "port_assert stops %s", what);
}

static void add_shorter_first(void)
{
	limb_t r[2], a[1] = { 1 }, b[2] = { 1, 1 };

	bn_add(r, a, 1, b, 2);
}

static void shift_by_zero(void)
{
	limb_t r[1], a[1] = { 1 };

	bn_lshift(r, a, 1, 0);
}

static void product_into_operand(void)
{
	limb_t a[4] = { 1, 2, 3, 4 };

	bn_mul_basecase(a, a, 2, a + 2, 2);
}

static void test_contracts(void)
{
	check_contract_stops("bn_add() with an < bn", add_shorter_first);
	check_contract_stops("bn_lshift() by 0 bits", shift_by_zero);
	check_contract_stops("bn_mul_basecase() into its operand",
			     product_into_operand);
}

int main(void)
{
	size_t i, n;

	check_init();
	test_zero_sizes();
	test_normalized_size(0);
	test_divrem_1_edges();
	test_contracts();
	for (i = 0; (n = size_at(i, SMALL_SIZE_MAX, large_sizes,
				 ARRAY_SIZE(large_sizes))); i++) {
		test_normalized_size(n);
		test_helpers(n);
		test_sums_of(RADIX_BIN, n);
		test_size_lshift(n);
		test_size_divexact_1(n);
		test_size_mul_1(n);
		test_products_of(RADIX_BIN, n, MUL_ALL_PAIRS_MAX);
		test_squares_of(RADIX_BIN, n, n <= 64 || n > SMALL_SIZE_MAX);
		test_size_divrem_1(n);
	}
	check_returns_seen(fn_names, returned, FN_COUNT);
	check_returns_seen(sum_names[RADIX_BIN], sum_seen[RADIX_BIN], SUM_FNS);
	return check_finish();
}
