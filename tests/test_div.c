// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Checks div_inv() and div_qr_preinv() against mpz_tdiv_qr() on random
 * and extreme divisors (all ones, a power of B, a small top limb), from a
 * few limbs to sizes where the reciprocal's remainders come from products
 * modulo B^N - 1 (BN_MULMOD_BNM1_THRESHOLD and up), with guard zones
 * around every output and the scratch area.
 */
#include "../arith/div.h"
#include "../arith/bnm1.h"
#include "gmp_oracle.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_DIV_SLOW 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_DIV_SLOW 1
#endif
#endif

#ifdef TEST_DIV_SLOW
#define SMALL_COUNT 300
#define LARGE_COUNT 6
#define LARGE_MAX 9000
#else
#define SMALL_COUNT 1000
#define LARGE_COUNT 30
#define LARGE_MAX 40000
#endif

#define SMALL_MAX 300

enum div_shape { SHAPE_RANDOM, SHAPE_ONES, SHAPE_POWER, SHAPE_SMALL_TOP,
		 SHAPE_HIGH_BIT, SHAPE_POWER_PLUS, SHAPE_TOP_ONES, SHAPE_COUNT };

/*
 * Beside random divisors, those at the ends of the reciprocal's range:
 * B^k - 1 and B^k (quotients B^t + small and B^t exactly), 2^63 B^k
 * (a normalized power of two), B^k + 1 (a remainder next to d), and a
 * top part of ones above random limbs (the truncated divisor's quotient
 * is off by one from the whole one's).
 */
static const char *const shape_names[] = { "random", "B^k - 1", "B^k",
					   "small top limb", "2^63 B^k",
					   "B^k + 1", "top ones" };

static limb_t *divisor_new(size_t n, enum div_shape shape)
{
	limb_t *d = limbs_new(n, rand_limb_pattern());

	switch (shape) {
	case SHAPE_ONES:
		memset(d, 0xff, n * sizeof(*d));
		break;
	case SHAPE_POWER:
		memset(d, 0, n * sizeof(*d));
		d[n - 1] = 1;
		break;
	case SHAPE_SMALL_TOP:
		d[n - 1] = rand_range(1, 3);
		break;
	case SHAPE_HIGH_BIT:
		memset(d, 0, n * sizeof(*d));
		d[n - 1] = 1ULL << 63;
		break;
	case SHAPE_POWER_PLUS:
		memset(d, 0, n * sizeof(*d));
		d[n - 1] = 1;
		d[0] += 1;
		break;
	case SHAPE_TOP_ONES:
		memset(d + n / 2, 0xff, (n - n / 2) * sizeof(*d));
		break;
	default:
		break;
	}
	if (!d[n - 1])
		d[n - 1] = rand_u64() | 1;
	return d;
}

static void test_div(size_t n, size_t t, enum div_shape shape)
{
	limb_t *d = divisor_new(n, shape);
	limb_t *y = guarded_alloc((t + 1) * sizeof(*y));
	limb_t *r = guarded_alloc(n * sizeof(*r));
	/* A third of the quotients are longer than t: several chunks. */
	size_t xn = rand_range(n > 1 ? n - 1 : 1,
			       n - 1 + (rand_below(3) || t < 2 ? t : 4 * t + 3));
	limb_t *x = limbs_new(xn, rand_below(4) ? PAT_RANDOM : PAT_ONES);
	limb_t *q = guarded_alloc((xn - n + 1 + (xn < n)) * sizeof(*q));
	size_t tn = div_inv_scratch(n, t), tn2 = div_qr_preinv_scratch(xn, n, t);
	limb_t *tmp = guarded_alloc(tn * sizeof(*tmp));
	limb_t *tmp2 = guarded_alloc(tn2 * sizeof(*tmp2));
	const char *sh = shape_names[shape];
	mpz_t zd, zx, zq, zr;

	mpz_inits(zd, zx, zq, zr, NULL);
	limbs_to_mpz(zd, d, n);
	mpz_ui_pow_ui(zx, 2, 64 * (n - 1 + t));
	mpz_tdiv_qr(zq, zr, zx, zd);
	check_int(div_inv(y, r, d, n, t, tmp), 0, "div_inv(n=%zu, t=%zu, %s)",
		  n, t, sh);
	check_limbs_mpz(y, bn_normalized_size(y, t + 1), zq,
			"div_inv(n=%zu, t=%zu, %s): quotient", n, t, sh);
	check_limbs_mpz(r, bn_normalized_size(r, n), zr,
			"div_inv(n=%zu, t=%zu, %s): remainder", n, t, sh);
	check_guarded(y, "div_inv(n=%zu, t=%zu): y in bounds", n, t);
	check_guarded(r, "div_inv(n=%zu, t=%zu): r in bounds", n, t);
	check_guarded(tmp, "div_inv(n=%zu, t=%zu): scratch in bounds", n, t);

	limbs_to_mpz(zx, x, xn);
	mpz_tdiv_qr(zq, zr, zx, zd);
	check_int(div_qr_preinv(q, x, xn, d, n, y, t, tmp2), 0,
		  "div_qr_preinv(xn=%zu, n=%zu, t=%zu)", xn, n, t);
	check_limbs_mpz(q, xn >= n ? bn_normalized_size(q, xn - n + 1) : 0,
			zq, "div_qr_preinv(xn=%zu, n=%zu, t=%zu, %s): quotient",
			xn, n, t, sh);
	check_limbs_mpz(x, bn_normalized_size(x, xn < n ? xn : n), zr,
			"div_qr_preinv(xn=%zu, n=%zu, t=%zu, %s): remainder",
			xn, n, t, sh);
	check_guarded(q, "div_qr_preinv(xn=%zu, n=%zu): q in bounds", xn, n);
	check_guarded(tmp2, "div_qr_preinv(xn=%zu, n=%zu): scratch in bounds",
		      xn, n);
	mpz_clears(zd, zx, zq, zr, NULL);
	guarded_free(tmp2);
	guarded_free(tmp);
	guarded_free(q);
	free(x);
	guarded_free(r);
	guarded_free(y);
	free(d);
}

int main(void)
{
	static const size_t edges[] = { BN_MULMOD_BNM1_THRESHOLD - 3,
					BN_MULMOD_BNM1_THRESHOLD - 2,
					BN_MULMOD_BNM1_THRESHOLD - 1,
					2 * BN_MULMOD_BNM1_THRESHOLD - 2,
					2 * BN_MULMOD_BNM1_THRESHOLD - 1 };
	size_t n, t, i;
	int s, k;

	check_init();
	/* Every small n and t: the base case and the first Newton steps. */
	for (n = 1; n <= 14; n++) {
		for (t = 1; t <= 14; t++) {
			for (s = 0; s < SHAPE_COUNT; s++)
				test_div(n, t, s);
		}
	}
	/* Around n = t + 2, where div_inv() changes methods. */
	for (k = 0; k < 40; k++) {
		t = rand_log_uniform(2000);
		test_div(t + 1 + rand_below(3), t, rand_below(SHAPE_COUNT));
	}
	for (k = 0; k < SMALL_COUNT; k++)
		test_div(rand_log_uniform(SMALL_MAX), rand_log_uniform(SMALL_MAX),
			 rand_below(SHAPE_COUNT));
	/* The divisor's n + 2 at the edges of the cyclic lengths. */
	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		for (s = 0; s < SHAPE_COUNT; s++) {
			n = edges[i];
			test_div(n, n + rand_below(n), s);
			test_div(n, n / 2 + rand_below(n / 2), s);
		}
	}
	for (k = 0; k < LARGE_COUNT; k++) {
		n = rand_range(BN_MULMOD_BNM1_THRESHOLD / 2, LARGE_MAX);
		t = rand_range(n / 3, 2 * n);
		test_div(n, t, rand_below(SHAPE_COUNT));
	}
	return check_finish();
}
