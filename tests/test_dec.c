// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compares dec_from_limbs() with mpz_get_str(..., 10, ...) on zero, on
 * values at the edges of its 19-digit chunks and of limbs, and on random
 * numbers, some passed with high zero limbs.
 */
#include "../arith/dec.h"
#include "gmp_oracle.h"

/* Random sizes go up to here; every size up to RANDOM_ALL_SIZES is used. */
#define RANDOM_SIZE_MAX 2000
#define RANDOM_ALL_SIZES 64
#define RANDOM_COUNT 500

/* Powers of ten up to here: 21 chunks, past several limb boundaries. */
#define TEN_POWER_MAX 400

/* Limb counts up to here for 2^(64k) +- 1 and for the all-ones values. */
#define LIMB_EDGE_MAX 200

/* Checks z as n limbs, n >= mpz_size(z), the rest being high zero limbs. */
static void check_mpz(const mpz_t z, size_t n, const char *what)
{
	limb_t *a = test_alloc(n * sizeof(*a));

	limbs_from_mpz(a, n, z);
	check_decimal(a, n, z, "dec_from_limbs(%s, n=%zu)", what, n);
	free(a);
}

/* z as it is, and with a random number of high zero limbs. */
static void check_mpz_sizes(const mpz_t z, const char *what)
{
	check_mpz(z, mpz_size(z), what);
	check_mpz(z, mpz_size(z) + rand_range(1, 3), what);
}

static void test_zero(void)
{
	mpz_t z;

	mpz_init(z);
	check_mpz(z, 0, "0");
	check_mpz(z, 1, "0");
	check_mpz(z, 5, "0");
	mpz_clear(z);
}

/* 0, 1, 9, 10, 10^19 - 1, 10^19, 2^64 - 1: the chunk and limb edges. */
static void test_one_limb(void)
{
	static const unsigned long small[] = { 0, 1, 9, 10 };
	char what[64];
	unsigned int i;
	mpz_t z;

	mpz_init(z);
	for (i = 0; i < ARRAY_SIZE(small); i++) {
		mpz_set_ui(z, small[i]);
		snprintf(what, sizeof(what), "%lu", small[i]);
		check_mpz(z, 1, what);
	}
	mpz_ui_pow_ui(z, 10, 19);
	check_mpz(z, 1, "10^19");
	mpz_sub_ui(z, z, 1);
	check_mpz(z, 1, "10^19 - 1");
	mpz_ui_pow_ui(z, 2, 64);
	mpz_sub_ui(z, z, 1);
	check_mpz(z, 1, "2^64 - 1");
	mpz_clear(z);
}

/* 10^k - 1, 10^k and 10^k + 1: every 19-digit chunk boundary. */
static void test_powers_of_ten(void)
{
	unsigned long k;
	char what[64];
	mpz_t z, v;

	mpz_inits(z, v, NULL);
	for (k = 0; k <= TEN_POWER_MAX; k++) {
		mpz_ui_pow_ui(z, 10, k);
		mpz_sub_ui(v, z, 1);
		snprintf(what, sizeof(what), "10^%lu - 1", k);
		check_mpz_sizes(v, what);
		snprintf(what, sizeof(what), "10^%lu", k);
		check_mpz_sizes(z, what);
		mpz_add_ui(v, z, 1);
		snprintf(what, sizeof(what), "10^%lu + 1", k);
		check_mpz_sizes(v, what);
	}
	mpz_clears(z, v, NULL);
}

/* 2^(64k) - 1 (the most digits k limbs can hold), 2^(64k), 2^(64k) + 1. */
static void test_limb_edges(void)
{
	unsigned long k;
	char what[64];
	mpz_t z, v;

	mpz_inits(z, v, NULL);
	for (k = 1; k <= LIMB_EDGE_MAX; k++) {
		mpz_ui_pow_ui(z, 2, 64 * k);
		mpz_sub_ui(v, z, 1);
		snprintf(what, sizeof(what), "2^%lu - 1", 64 * k);
		check_mpz_sizes(v, what);
		snprintf(what, sizeof(what), "2^%lu", 64 * k);
		check_mpz_sizes(z, what);
		mpz_add_ui(v, z, 1);
		snprintf(what, sizeof(what), "2^%lu + 1", 64 * k);
		check_mpz_sizes(v, what);
	}
	mpz_clears(z, v, NULL);
}

/* n limbs, of which a random number of the high ones are zero. */
static void test_random(size_t n)
{
	limb_t *a = test_alloc(n * sizeof(*a));
	enum limb_pattern pat = rand_limb_pattern();
	size_t size = rand_below(4) ? n : rand_below(n + 1);
	mpz_t z;

	fill_limbs(a, size, pat);
	memset(a + size, 0, (n - size) * sizeof(*a));
	mpz_init(z);
	limbs_to_mpz(z, a, n);
	check_decimal(a, n, z, "dec_from_limbs(%s, %zu limbs of n=%zu)",
		      limb_pattern_name(pat), size, n);
	mpz_clear(z);
	free(a);
}

int main(void)
{
	size_t n;
	int i;

	check_init();
	test_zero();
	test_one_limb();
	test_powers_of_ten();
	test_limb_edges();
	for (n = 1; n <= RANDOM_ALL_SIZES; n++)
		test_random(n);
	for (i = 0; i < RANDOM_COUNT; i++)
		test_random(rand_log_uniform(RANDOM_SIZE_MAX));
	test_random(RANDOM_SIZE_MAX);
	return check_finish();
}
