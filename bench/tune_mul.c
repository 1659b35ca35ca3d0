// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Times every multiplication method on a ladder of sizes, products and
 * squares, against each other and against GMP's mpn_mul_n() and mpn_sqr(),
 * and reports where each method starts to beat the one below it. Each
 * method splits at the top level only and leaves its pieces to rx_mul(),
 * so a crossover here is the size where the dispatcher should switch.
 * With -d it times radix 10^19 (GMP, in binary, stays the yardstick).
 *
 * Usage: tune_mul [-d] [mul|sqr|both] [MAX_LIMBS]
 * Built like the module's arithmetic, at -O2, with arith/ and -lgmp.
 */
#include <gmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../arith/mul.h"
#include "../arith/ntt.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Each timing is the best of this many runs of at least RUN_NS each. */
#define TUNE_RUNS 7
#define TUNE_RUN_NS 2000000.0

/*
 * A method that took longer than this per call is not timed at larger
 * sizes; calls a quarter as long are timed once, not best of TUNE_RUNS.
 */
#define TUNE_GIVE_UP_NS 60000000.0

static const size_t tune_sizes[] = {
	4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 28, 32, 36, 40, 48, 56, 64,
	72, 80, 96, 112, 128, 144, 160, 192, 224, 256, 320, 384, 448, 512,
	640, 768, 1024, 1280, 1536, 2048, 3000, 4096, 6000, 8192, 10000, 16384,
	30000, 54000, 108000,
};

enum tune_method {
	T_BASECASE,
	T_KARATSUBA,
	T_TOOM3,
	T_TOOM4,
	T_NTT,
	T_CHOSEN,
	T_GMP,
	T_COUNT,
};

static const char *const tune_names[T_COUNT] = {
	"schoolbook", "karatsuba", "toom3", "toom4", "ntt", "chosen", "gmp",
};

struct tune_ctx {
	limb_t *a, *b, *r, *tmp;
	size_t n;
	enum radix rx;
	bool sqr;
};

static double tune_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static bool tune_valid(enum tune_method m, size_t n)
{
	if (m == T_TOOM4)
		return n > 3 * ((n + 3) / 4);
	if (m == T_KARATSUBA)
		return n >= 2;
	if (m == T_TOOM3)
		return n == 3 || n >= 5;
	return n >= 1;
}

static void tune_call(enum tune_method m, const struct tune_ctx *c)
{
	enum radix rx = c->rx;
	size_t n = c->n;

	if (c->sqr) {
		switch (m) {
		case T_BASECASE:
			rx_sqr_basecase(rx, c->r, c->a, n);
			break;
		case T_KARATSUBA:
			rx_sqr_karatsuba(rx, c->r, c->a, n, c->tmp);
			break;
		case T_TOOM3:
			rx_sqr_toom3(rx, c->r, c->a, n, c->tmp);
			break;
		case T_TOOM4:
			rx_sqr_toom4(rx, c->r, c->a, n, c->tmp);
			break;
		case T_NTT:
			rx_sqr_ntt(rx, c->r, c->a, n, c->tmp);
			break;
		case T_CHOSEN:
			rx_sqr(rx, c->r, c->a, n, c->tmp);
			break;
		default:
			mpn_sqr(c->r, c->a, n);
			break;
		}
		return;
	}
	switch (m) {
	case T_BASECASE:
		rx_mul_basecase(rx, c->r, c->a, n, c->b, n);
		break;
	case T_KARATSUBA:
		rx_mul_karatsuba(rx, c->r, c->a, n, c->b, n, c->tmp);
		break;
	case T_TOOM3:
		rx_mul_toom3(rx, c->r, c->a, n, c->b, n, c->tmp);
		break;
	case T_TOOM4:
		rx_mul_toom4(rx, c->r, c->a, n, c->b, n, c->tmp);
		break;
	case T_NTT:
		rx_mul_ntt(rx, c->r, c->a, n, c->b, n, c->tmp);
		break;
	case T_CHOSEN:
		rx_mul(rx, c->r, c->a, n, c->b, n, c->tmp);
		break;
	default:
		mpn_mul_n(c->r, c->a, c->b, n);
		break;
	}
}

/* Calls per run: enough that the clock's resolution does not matter. */
static unsigned long tune_reps(enum tune_method m, const struct tune_ctx *c,
			       double *ns)
{
	unsigned long reps = 1, i;
	double t0, t;

	for (;;) {
		t0 = tune_now_ns();
		for (i = 0; i < reps; i++)
			tune_call(m, c);
		t = tune_now_ns() - t0;
		if (t >= TUNE_RUN_NS / 4 || reps >= 1UL << 24)
			break;
		reps *= 4;
	}
	*ns = t / reps;
	return reps;
}

/* Nanoseconds per call in one run of reps calls. */
static double tune_run(enum tune_method m, const struct tune_ctx *c,
		       unsigned long reps)
{
	double t0 = tune_now_ns();
	unsigned long i;

	for (i = 0; i < reps; i++)
		tune_call(m, c);
	return (tune_now_ns() - t0) / reps;
}

/*
 * The best of TUNE_RUNS runs for every method at one size, the methods
 * taking turns: other load on the machine then hits them all alike, and
 * the crossovers come out steadier than from one method after another.
 * Slow methods (more than TUNE_GIVE_UP_NS / 4 a call) run once.
 */
static void tune_size(const struct tune_ctx *c, const bool *use,
		      double *times)
{
	unsigned long reps[T_COUNT];
	double t;
	int m, run;

	for (m = 0; m < T_COUNT; m++)
		if (use[m])
			reps[m] = tune_reps(m, c, &times[m]);
	for (run = 0; run < TUNE_RUNS; run++) {
		for (m = 0; m < T_COUNT; m++) {
			if (!use[m] || times[m] > TUNE_GIVE_UP_NS / 4)
				continue;
			t = tune_run(m, c, reps[m]);
			if (!run || t < times[m])
				times[m] = t;
		}
	}
}

/* Limbs of radix rx: any bits will do for timing, below 10^19 in decimal. */
static void tune_fill(limb_t *a, size_t n, enum radix rx,
		      unsigned long long *state)
{
	size_t i;

	for (i = 0; i < n; i++) {
		/* xorshift64 */
		*state ^= *state << 13;
		*state ^= *state >> 7;
		*state ^= *state << 17;
		a[i] = rx == RADIX_DEC ? *state % DN_BASE : *state;
	}
}

/*
 * The first size from which "fast" won three sizes in a row: near a
 * crossover the two differ by less than the noise, and a single win or
 * loss there says little.
 */
static size_t tune_crossover(double t[][T_COUNT], size_t count,
			     enum tune_method slow, enum tune_method fast)
{
	size_t i, run = 0, start = 0;

	for (i = 0; i < count; i++) {
		if (t[i][slow] <= 0 || t[i][fast] <= 0)
			continue;
		if (t[i][fast] >= t[i][slow]) {
			run = 0;
			continue;
		}
		if (!run++)
			start = i;
		if (run == 3)
			return tune_sizes[start];
	}
	return 0;
}

static void tune_report(double t[][T_COUNT], size_t count, bool sqr)
{
	static const enum tune_method pairs[][2] = {
		{ T_BASECASE, T_KARATSUBA },
		{ T_KARATSUBA, T_TOOM3 },
		{ T_TOOM3, T_TOOM4 },
		{ T_TOOM3, T_NTT },
		{ T_TOOM4, T_NTT },
	};
	size_t i, cross;

	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		cross = tune_crossover(t, count, pairs[i][0], pairs[i][1]);
		if (cross)
			printf("# %s: %s beats %s from %zu limbs\n",
			       sqr ? "sqr" : "mul", tune_names[pairs[i][1]],
			       tune_names[pairs[i][0]], cross);
		else
			printf("# %s: %s never beats %s three sizes running\n",
			       sqr ? "sqr" : "mul", tune_names[pairs[i][1]],
			       tune_names[pairs[i][0]]);
	}
}

static void tune_table(enum radix rx, bool sqr, size_t max)
{
	static double times[ARRAY_SIZE(tune_sizes)][T_COUNT];
	size_t count = ARRAY_SIZE(tune_sizes);
	bool gave_up[T_COUNT] = { false }, use[T_COUNT];
	unsigned long long state = 0x9e3779b97f4a7c15ULL;
	struct tune_ctx c = { .rx = rx, .sqr = sqr };
	size_t i, scratch;
	int m;

	printf("# %s, radix %s, microseconds per call, best of %d runs\n",
	       sqr ? "sqr" : "mul", rx == RADIX_DEC ? "10^19" : "2^64",
	       TUNE_RUNS);
	printf("%8s", "limbs");
	for (m = 0; m < T_COUNT; m++)
		printf(" %11s", tune_names[m]);
	printf(" %7s\n", "ratio");
	for (i = 0; i < count && tune_sizes[i] <= max; i++) {
		c.n = tune_sizes[i];
		scratch = rx_mul_method_scratch(rx, c.n);
		if (scratch < rx_mul_scratch(rx, c.n, c.n))
			scratch = rx_mul_scratch(rx, c.n, c.n);
		if (scratch < ntt_mul_scratch(c.n, c.n))
			scratch = ntt_mul_scratch(c.n, c.n);
		if (scratch < ntt_sqr_scratch(c.n))
			scratch = ntt_sqr_scratch(c.n);
		c.a = malloc(c.n * sizeof(limb_t));
		c.b = malloc(c.n * sizeof(limb_t));
		c.r = malloc(2 * c.n * sizeof(limb_t));
		c.tmp = malloc((scratch + 1) * sizeof(limb_t));
		if (!c.a || !c.b || !c.r || !c.tmp) {
			fprintf(stderr, "out of memory at %zu limbs\n", c.n);
			exit(1);
		}
		tune_fill(c.a, c.n, rx, &state);
		tune_fill(c.b, c.n, rx, &state);
		for (m = 0; m < T_COUNT; m++) {
			times[i][m] = 0;
			use[m] = !gave_up[m] && tune_valid(m, c.n);
		}
		tune_size(&c, use, times[i]);
		printf("%8zu", c.n);
		for (m = 0; m < T_COUNT; m++) {
			if (!use[m]) {
				printf(" %11s", "-");
				continue;
			}
			gave_up[m] = times[i][m] > TUNE_GIVE_UP_NS;
			printf(" %11.3f", times[i][m] / 1000);
		}
		fflush(stdout);
		printf(" %7.2f\n", times[i][T_CHOSEN] / times[i][T_GMP]);
		free(c.a);
		free(c.b);
		free(c.r);
		free(c.tmp);
	}
	tune_report(times, i, sqr);
}

int main(int argc, char **argv)
{
	enum radix rx = RADIX_BIN;
	const char *which;
	size_t max;

	if (argc > 1 && !strcmp(argv[1], "-d")) {
		rx = RADIX_DEC;
		argc--;
		argv++;
	}
	which = argc > 1 ? argv[1] : "both";
	max = argc > 2 ? strtoull(argv[2], NULL, 0) : 108000;
	if (strcmp(which, "sqr"))
		tune_table(rx, false, max);
	if (strcmp(which, "mul"))
		tune_table(rx, true, max);
	return 0;
}
