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

/* base^e - 1, base^e and base^e + 1 for e = 0, step, 2 step, ... max. */
static void test_around_powers(unsigned long base, unsigned long step,
			       unsigned long max)
{
	static const char *const suffixes[] = { " - 1", "", " + 1" };
	unsigned long e;
	char what[64];
	int delta;
	mpz_t z, v;

	mpz_inits(z, v, NULL);
	for (e = 0; e <= max; e += step) {
		mpz_ui_pow_ui(z, base, e);
		for (delta = -1; delta <= 1; delta++) {
			mpz_set(v, z);
			if (delta < 0)
				mpz_sub_ui(v, v, 1);
			else
				mpz_add_ui(v, v, delta);
			snprintf(what, sizeof(what), "%lu^%lu%s", base, e,
				 suffixes[delta + 1]);
			check_mpz_sizes(v, what);
		}
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
	/* Every 19-digit chunk boundary. */
	test_around_powers(10, 1, TEN_POWER_MAX);
	/* 2^(64k) - 1 is the most digits k limbs can hold. */
	test_around_powers(2, 64, 64 * LIMB_EDGE_MAX);
	for (n = 1; n <= RANDOM_ALL_SIZES; n++)
		test_random(n);
	for (i = 0; i < RANDOM_COUNT; i++)
		test_random(rand_log_uniform(RANDOM_SIZE_MAX));
	test_random(RANDOM_SIZE_MAX);
	return check_finish();
}
