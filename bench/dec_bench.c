// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Times dec_from_limbs() against mpz_get_str() on Fibonacci numbers:
 *   dec_bench [n ...]   (default 1e3 1e4 1e5 1e6 1e7)
 * Each figure is the best of several runs; the digits are compared too.
 * Then the two methods above DEC_DC_ENTRY alone: exact and scaled.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gmp.h>

#include "../arith/dec.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One method alone, best of a few runs; -EAGAIN means it gave up. */
static void bench_method(const limb_t *a, size_t size, char *out,
			 const char *want, enum dec_method m, const char *name)
{
	limb_t *copy = malloc(size * sizeof(*a));
	double t0, best = 1e30, budget = now_ms() + 2000;
	long len = 0;
	int rep;

	for (rep = 0; rep < 20 && (rep < 2 || now_ms() < budget); rep++) {
		memcpy(copy, a, size * sizeof(*a));
		t0 = now_ms();
		len = dec_from_limbs_method(out, copy, size, m);
		t0 = now_ms() - t0;
		best = t0 < best ? t0 : best;
	}
	printf("  %s: %.3f ms%s\n", name, best, len == (long)strlen(want) &&
	       !memcmp(out, want, len) ? "" : len == -EAGAIN ? " (gave up)" :
	       "  MISMATCH");
	free(copy);
}

static void bench(unsigned long n)
{
	size_t size, cap;
	limb_t *a, *copy;
	double t0, ours = 1e30, gmp = 1e30, budget;
	char *out, *want = NULL;
	long len = 0;
	int rep;
	mpz_t f;

	mpz_init(f);
	mpz_fib_ui(f, n);
	size = mpz_size(f);
	a = malloc(size * sizeof(*a));
	copy = malloc(size * sizeof(*a));
	mpz_export(a, NULL, -1, sizeof(*a), 0, 0, f);
	cap = dec_size_max(size);
	out = malloc(cap);
	budget = now_ms() + 3000;
	for (rep = 0; rep < 50 && (rep < 2 || now_ms() < budget); rep++) {
		memcpy(copy, a, size * sizeof(*a));
		t0 = now_ms();
		len = dec_from_limbs(out, copy, size);
		t0 = now_ms() - t0;
		ours = t0 < ours ? t0 : ours;
		free(want);
		t0 = now_ms();
		want = mpz_get_str(NULL, 10, f);
		t0 = now_ms() - t0;
		gmp = t0 < gmp ? t0 : gmp;
	}
	printf("F(%lu): %zu limbs, %ld digits: ", n, size, len);
	printf("dec_from_limbs %.3f ms, mpz_get_str %.3f ms, ", ours, gmp);
	printf("ratio %.2f%s\n", ours / gmp, len == (long)strlen(want) &&
	       !memcmp(out, want, len) ? "" : "  MISMATCH");
	bench_method(a, size, out, want, DEC_METHOD_EXACT, "exact");
	bench_method(a, size, out, want, DEC_METHOD_SCALED, "scaled");
	free(want);
	free(out);
	free(copy);
	free(a);
	mpz_clear(f);
}

int main(int argc, char **argv)
{
	static const unsigned long def[] = { 1000, 10000, 100000, 1000000,
					     10000000 };
	int i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			bench(strtoul(argv[i], NULL, 0));
	} else {
		for (i = 0; i < 5; i++)
			bench(def[i]);
	}
	return 0;
}
