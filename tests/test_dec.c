// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compares dec_from_limbs() with mpz_get_str(..., 10, ...) on zero, on
 * values at the edges of its 19-digit chunks and of limbs, around the
 * powers 10^(19 * 2^k) its divide and conquer splits by (with long runs of
 * zeros and nines below them), at sizes around its thresholds, on random
 * numbers, some passed with high zero limbs, and on a few large ones. Also
 * checks div_inv() and div_qr_preinv(), which it divides with, against
 * mpz_tdiv_qr() on random divisors.
 */
#include "../arith/dec.h"
#include "../arith/div.h"
#include "gmp_oracle.h"

#if defined(__SANITIZE_ADDRESS__)
#define SLOW_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLOW_BUILD 1
#endif
#endif
#ifndef SLOW_BUILD
#define SLOW_BUILD 0
#endif

/* Levels of 10^(19 * 2^k) to test around: up to about 4000 limbs. */
#define SPLIT_LEVELS (SLOW_BUILD ? 10 : 12)

/*
 * Just above 10^(19 * 2^JUST_ABOVE_LEVEL), where the exact top split has
 * the scaled tree under it at every level.
 */
#define JUST_ABOVE_LEVEL (SLOW_BUILD ? 13 : 15)

/* The large cases: F(LARGE_FIB_N) and a random number of LARGE_LIMBS. */
#define LARGE_FIB_N (SLOW_BUILD ? 200000UL : 1000000UL)
#define LARGE_LIMBS (SLOW_BUILD ? 12000 : 60000)

/* The scaled remainder tree alone: this many numbers, up to this size. */
#define SCALED_COUNT (SLOW_BUILD ? 20 : 60)
#define SCALED_MAX (SLOW_BUILD ? 3000 : 12000)

/* Random divisors for div_*(): up to this many limbs. */
#define DIV_LIMBS_MAX 300
#define DIV_COUNT 300

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

/* z = 10^e */
static void ten_pow(mpz_t z, unsigned long e)
{
	mpz_ui_pow_ui(z, 10, e);
}

/*
 * Around each split power P = 10^(19 * 2^k): 10^e - 1, 10^e, 10^e + 1 for
 * e near 19 * 2^k and near twice that, and the values whose low part
 * (below P) is all zeros or all nines, or just one off those.
 */
static void test_split_powers(void)
{
	static const char *const suffixes[] = { " - 1", "", " + 1" };
	unsigned long digits, e;
	char what[96];
	int k, delta, twice;
	mpz_t p, z, hi;

	mpz_inits(p, z, hi, NULL);
	for (k = 0; k <= SPLIT_LEVELS; k++) {
		digits = 19UL << k;
		for (twice = 1; twice <= 2; twice++) {
			for (e = twice * digits - 2; e <= twice * digits + 2;
			     e++) {
				ten_pow(p, e);
				for (delta = -1; delta <= 1; delta++) {
					mpz_set(z, p);
					if (delta < 0)
						mpz_sub_ui(z, z, 1);
					else
						mpz_add_ui(z, z, delta);
					snprintf(what, sizeof(what), "10^%lu%s",
						 e, suffixes[delta + 1]);
					check_mpz_sizes(z, what);
				}
			}
		}
		/* hi * P + {0, 1, P - 1, P - 2}: runs of zeros or nines. */
		ten_pow(p, digits);
		mpz_set_ui(hi, 0);
		while (!mpz_sgn(hi)) {
			limb_t *a = limbs_new(mpz_size(p) + 1, rand_limb_pattern());

			limbs_to_mpz(hi, a, mpz_size(p) + 1);
			mpz_mod(hi, hi, p);
			free(a);
		}
		for (delta = 0; delta < 4; delta++) {
			mpz_mul(z, hi, p);
			if (delta == 1)
				mpz_add_ui(z, z, 1);
			if (delta >= 2) {
				mpz_add(z, z, p);
				mpz_sub_ui(z, z, delta - 1);
			}
			snprintf(what, sizeof(what),
				 "hi * 10^%lu + low run %d", digits, delta);
			check_mpz_sizes(z, what);
		}
	}
	mpz_clears(p, z, hi, NULL);
}

/* Random numbers of sizes near the limbs of 10^(19 * 2^k) and twice that. */
static void test_split_sizes(void)
{
	size_t size, n;
	int k, d;
	mpz_t p;

	mpz_init(p);
	for (k = 0; k <= SPLIT_LEVELS; k++) {
		ten_pow(p, 19UL << k);
		size = mpz_size(p);
		for (d = -2; d <= 2; d++) {
			n = size + d;
			if ((long)size + d >= 1)
				test_random(n);
			if (2 * (long)size + d >= 1)
				test_random(2 * size + d);
		}
	}
	mpz_clear(p);
}

/*
 * Above P = 10^(19 * 2^k) by a little: random numbers, P + 1 and 2P - 1
 * (runs of zeros and nines below the top split, so the scaled tree under
 * it gives up on some nodes, which the exact split then converts).
 */
static void test_just_above(void)
{
	mpz_t p, z;
	int i;

	mpz_inits(p, z, NULL);
	ten_pow(p, 19UL << JUST_ABOVE_LEVEL);
	for (i = 1; i <= 3; i += 2)
		test_random(mpz_size(p) + i);
	mpz_add_ui(z, p, 1);
	check_mpz(z, mpz_size(z), "10^e + 1, just above");
	mpz_mul_2exp(z, p, 1);
	mpz_sub_ui(z, z, 1);
	check_mpz(z, mpz_size(z), "2 10^e - 1, just above");
	mpz_clears(p, z, NULL);
}

static void test_large(void)
{
	limb_t *a;
	mpz_t z;

	mpz_init(z);
	mpz_fib_ui(z, LARGE_FIB_N);
	a = test_alloc(mpz_size(z) * sizeof(*a));
	limbs_from_mpz(a, mpz_size(z), z);
	check_decimal(a, mpz_size(z), z, "dec_from_limbs(F(%lu))",
		      LARGE_FIB_N);
	free(a);
	a = limbs_new(LARGE_LIMBS, PAT_RANDOM);
	limbs_to_mpz(z, a, LARGE_LIMBS);
	check_decimal(a, LARGE_LIMBS, z, "dec_from_limbs(random, n=%d)",
		      LARGE_LIMBS);
	free(a);
	test_just_above();
	mpz_clear(z);
}

/*
 * Both methods on a[0..n) against z: the exact one always, the scaled
 * remainder tree alone may only give up (-EAGAIN) when may_give_up; it
 * must never return wrong digits. Counts the give-ups in *again.
 */
static void check_methods(const limb_t *a, size_t n, const mpz_t z,
			  bool may_give_up, const char *what, int *again)
{
	static const char *const names[] = { "auto", "exact", "scaled" };
	size_t cap = dec_size_max(n);
	char *out = guarded_alloc(cap), *want = mpz_get_str(NULL, 10, z);
	limb_t *copy;
	long len, want_len = strlen(want);
	int m;

	for (m = DEC_METHOD_EXACT; m <= DEC_METHOD_SCALED; m++) {
		copy = limbs_dup(a, n);
		len = dec_from_limbs_method(out, copy, n, m);
		free(copy);
		if (m == DEC_METHOD_SCALED && len == -EAGAIN) {
			(*again)++;
			check(may_give_up, "%s method on %s (n=%zu): no give-up",
			      names[m], what, n);
			continue;
		}
		check(len == want_len && !memcmp(out, want, want_len),
		      "%s method on %s (n=%zu): digits", names[m], what, n);
	}
	check_guarded(out, "methods on %s (n=%zu): in bounds", what, n);
	gmp_free_str(want);
	guarded_free(out);
}

/*
 * The scaled tree on its own: random numbers of many sizes must convert
 * (giving up on one would be a 2^-50 event), also with a small top chunk
 * (1 to 99 followed by random digits) where leading zero chunks are
 * pruned or peeled; powers of ten and their neighbours, and runs of
 * zeros and nines at the split points, may give up but never go wrong.
 */
static void test_scaled(void)
{
	int i, again = 0, k;
	size_t n, digits;
	limb_t *a;
	mpz_t z, p;

	mpz_inits(z, p, NULL);
	for (i = 0; i < SCALED_COUNT; i++) {
		n = rand_range(DEC_DC_ENTRY + 1, SCALED_MAX);
		a = limbs_new(n, rand_limb_pattern());
		a[n - 1] |= 1;
		limbs_to_mpz(z, a, n);
		check_methods(a, n, z, false, "random", &again);
		free(a);
		/* c * 10^digits + random below, c small */
		digits = rand_range(19 * DEC_DC_ENTRY, 19 * SCALED_MAX);
		mpz_ui_pow_ui(p, 10, digits);
		a = limbs_new(mpz_size(p), PAT_RANDOM);
		limbs_to_mpz(z, a, mpz_size(p));
		mpz_mod(z, z, p);
		mpz_addmul_ui(z, p, rand_range(1, 99));
		free(a);
		a = test_alloc(mpz_size(z) * sizeof(*a));
		limbs_from_mpz(a, mpz_size(z), z);
		check_methods(a, mpz_size(z), z, false, "small top chunk",
			      &again);
		free(a);
	}
	for (k = 7; k <= SPLIT_LEVELS; k++) {
		for (i = -1; i <= 1; i++) {
			ten_pow(z, (19UL << k) + 19 * (k % 3));
			if (i < 0)
				mpz_sub_ui(z, z, 1);
			else
				mpz_add_ui(z, z, i);
			a = test_alloc(mpz_size(z) * sizeof(*a));
			limbs_from_mpz(a, mpz_size(z), z);
			check_methods(a, mpz_size(z), z, true, "10^e + small",
				      &again);
			free(a);
		}
	}
	check(again > 0, "the scaled method gives up on powers of ten: %d",
	      again);
	mpz_clears(z, p, NULL);
}

/*
 * div_inv() and div_qr_preinv() on a random divisor of n limbs (top limb
 * nonzero, often small) and a random dividend below B^(n - 1 + t).
 */
static void test_div(size_t n, size_t t)
{
	limb_t *d = limbs_new(n, rand_limb_pattern());
	limb_t *y = test_alloc((t + 1) * sizeof(*y));
	limb_t *r = test_alloc(n * sizeof(*r));
	size_t xn = rand_range(n > 1 ? n - 1 : 1, n - 1 + t);
	limb_t *x = limbs_new(xn, rand_limb_pattern());
	limb_t *q = test_alloc((xn + 1) * sizeof(*q));
	limb_t *tmp = test_alloc(div_inv_scratch(n, t) * sizeof(*tmp));
	limb_t *tmp2 = test_alloc(div_qr_preinv_scratch(xn, n, t) *
				  sizeof(*tmp2));
	mpz_t zd, zx, zq, zr;

	if (!d[n - 1])
		d[n - 1] = rand_below(2) ? 1 : rand_u64() | 1;
	mpz_inits(zd, zx, zq, zr, NULL);
	limbs_to_mpz(zd, d, n);
	mpz_ui_pow_ui(zx, 2, 64 * (n - 1 + t));
	mpz_tdiv_qr(zq, zr, zx, zd);
	check_int(div_inv(y, r, d, n, t, tmp), 0, "div_inv(n=%zu, t=%zu)",
		  n, t);
	check_limbs_mpz(y, bn_normalized_size(y, t + 1), zq,
			"div_inv(n=%zu, t=%zu): quotient", n, t);
	check_limbs_mpz(r, bn_normalized_size(r, n), zr,
			"div_inv(n=%zu, t=%zu): remainder", n, t);

	limbs_to_mpz(zx, x, xn);
	mpz_tdiv_qr(zq, zr, zx, zd);
	check_int(div_qr_preinv(q, x, xn, d, n, y, t, tmp2), 0,
		  "div_qr_preinv(xn=%zu, n=%zu, t=%zu)", xn, n, t);
	check_limbs_mpz(q, xn >= n ? bn_normalized_size(q, xn - n + 1) : 0,
			zq, "div_qr_preinv(xn=%zu, n=%zu, t=%zu): quotient",
			xn, n, t);
	check_limbs_mpz(x, bn_normalized_size(x, xn < n ? xn : n), zr,
			"div_qr_preinv(xn=%zu, n=%zu, t=%zu): remainder",
			xn, n, t);
	mpz_clears(zd, zx, zq, zr, NULL);
	free(tmp2);
	free(tmp);
	free(q);
	free(x);
	free(r);
	free(y);
	free(d);
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
	test_split_powers();
	test_split_sizes();
	/* Around the base case threshold (a few dozen limbs). */
	for (n = 10; n <= 100; n++)
		test_random(n);
	for (i = 0; i < DIV_COUNT; i++)
		test_div(rand_log_uniform(DIV_LIMBS_MAX),
			 rand_log_uniform(DIV_LIMBS_MAX));
	test_scaled();
	test_large();
	return check_finish();
}
