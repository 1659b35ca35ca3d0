// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `make bench`: the project's arithmetic, built for user space exactly as
 * it compiles into the module, against GMP (mpz_fib_ui, mpz_get_str) on
 * F(n) for n = 10 ... 10^8. For each n it prints GMP's times, then
 * doubling's (radix 2^64) time to compute F(n) and to convert it to
 * decimal and decimal's (radix 10^19) time to compute it and to print it,
 * each with its total against GMP's, then the compute time of each
 * algorithm, the cost of the next value from a kept pair (fib_next) in
 * each radix and the peak memory of computing plus converting or
 * printing. Like mpz_fib_ui, the timed computations find F(n) alone
 * (fib_compute_value). Every result is compared with GMP's before it
 * counts.
 *
 * Times are the best of several runs (at least BENCH_MIN_RUNS, until
 * BENCH_MIN_NS have passed), of CLOCK_MONOTONIC. Memory is counted by
 * wrapping malloc() and free() (the link uses --wrap), so it is what the
 * arithmetic asked for, not the resident set.
 *
 * With -p, it only computes F(n) by ALGO and its digits REPS times (1 by
 * default), checked against GMP, for a profiler to sample.
 *
 * Usage: bench [-o CSV] [N...] | bench -p ALGO [-r REPS] N...
 */
#include <errno.h>
#include <gmp.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../arith/dec.h"
#include "../arith/fib.h"

#define BENCH_MIN_RUNS 5
#define BENCH_MAX_RUNS 1000
#define BENCH_MIN_NS 500000000ULL
/* Beyond this, one run is enough: the slow algorithms at large n. */
#define BENCH_ONE_RUN_NS 2000000000ULL
/*
 * An algorithm that took longer at one n is not run at the next, ten times
 * larger: the iterative one would take a hundred times as long.
 */
#define BENCH_SKIP_AFTER_NS 500000000ULL

static const unsigned long long default_ns[] = {
	10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

/* Bytes the arithmetic holds now and at most, through the malloc wrapper. */
static size_t mem_now, mem_peak;

void *__real_malloc(size_t size);
void __real_free(void *p);

void *__wrap_malloc(size_t size)
{
	void *p = __real_malloc(size);

	if (p) {
		mem_now += malloc_usable_size(p);
		if (mem_now > mem_peak)
			mem_peak = mem_now;
	}
	return p;
}

void __wrap_free(void *p)
{
	if (p)
		mem_now -= malloc_usable_size(p);
	__real_free(p);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void die(const char *what, unsigned long long n)
{
	fprintf(stderr, "bench: %s at n=%llu\n", what, n);
	exit(1);
}

/* One run of each kind of work, returning its time in ns. */
struct job {
	unsigned long long n;
	enum fib_algo algo;
	unsigned long long algo_ns;	/* its best compute time */
	mpz_t z;		/* GMP's F(n) */
	char *gmp_digits;
	size_t gmp_len;
	char *digits;		/* ours, dec_size_max() bytes */
	char *check;		/* decimal's printed for the comparison */
	struct fib_pair f;	/* our F(n) */
};

static unsigned long long run_gmp_fib(struct job *j)
{
	unsigned long long start = now_ns();

	mpz_fib_ui(j->z, j->n);
	return now_ns() - start;
}

static unsigned long long run_gmp_str(struct job *j)
{
	unsigned long long start = now_ns();

	mpz_get_str(j->gmp_digits, 10, j->z);
	return now_ns() - start;
}

/* Whether f holds GMP's F(n): limbs in radix 2^64, digits in 10^19. */
static bool same_as_gmp(struct job *j, const struct fib_pair *f)
{
	long len;

	if (f->rx == RADIX_DEC) {
		len = dec_from_dn(j->check, f->cur.limbs, f->cur.size);
		return len == (long)j->gmp_len &&
		       !memcmp(j->check, j->gmp_digits, len);
	}
	if (!mpz_cmp_ui(j->z, 0))
		return !f->cur.size;
	return mpz_size(j->z) == f->cur.size &&
	       !mpn_cmp(mpz_limbs_read(j->z), f->cur.limbs, f->cur.size);
}

static unsigned long long run_fib(struct job *j)
{
	unsigned long long start = now_ns(), ns;

	if (fib_compute_value(&j->f, j->n, j->algo))
		die("fib_compute_value failed", j->n);
	ns = now_ns() - start;
	if (!same_as_gmp(j, &j->f))
		die("fib_compute_value differs from mpz_fib_ui", j->n);
	fib_free(&j->f);
	return ns;
}

/*
 * The digits of j->f: converted from a copy in radix 2^64, as
 * dec_from_limbs() uses its input as scratch, or printed in radix 10^19.
 */
static unsigned long long run_dec(struct job *j)
{
	size_t size = j->f.cur.size;
	limb_t *copy = malloc((size ? size : 1) * sizeof(limb_t));
	unsigned long long start;
	long len;

	if (!copy)
		die("out of memory", j->n);
	memcpy(copy, j->f.cur.limbs, size * sizeof(limb_t));
	start = now_ns();
	if (j->f.rx == RADIX_DEC)
		len = dec_from_dn(j->digits, copy, size);
	else
		len = dec_from_limbs(j->digits, copy, size);
	start = now_ns() - start;
	free(copy);
	if (len != (long)j->gmp_len || memcmp(j->digits, j->gmp_digits, len))
		die("the digits differ from mpz_get_str", j->n);
	return start;
}

static unsigned long long run_next(struct job *j)
{
	struct fib_pair f = j->f;	/* fib_next() may move it */
	unsigned long long start;
	limb_t *mem = malloc(2 * f.cap * sizeof(limb_t));

	if (!mem)
		die("out of memory", j->n);
	f.mem = mem;
	f.prev.limbs = mem;
	f.cur.limbs = mem + f.cap;
	memcpy(f.prev.limbs, j->f.prev.limbs, f.prev.size * sizeof(limb_t));
	memcpy(f.cur.limbs, j->f.cur.limbs, f.cur.size * sizeof(limb_t));
	start = now_ns();
	if (fib_next(&f))
		die("fib_next failed", j->n);
	start = now_ns() - start;
	fib_free(&f);
	return start;
}

/* The best time of runs of fn, repeated for BENCH_MIN_NS at least. */
static unsigned long long best_of(unsigned long long (*fn)(struct job *),
				  struct job *j)
{
	unsigned long long best = ~0ULL, begin = now_ns(), ns;
	int runs;

	for (runs = 0; runs < BENCH_MAX_RUNS; runs++) {
		if (runs >= BENCH_MIN_RUNS && now_ns() - begin > BENCH_MIN_NS)
			break;
		ns = fn(j);
		if (ns < best)
			best = ns;
		if (ns > BENCH_ONE_RUN_NS)
			break;
	}
	return best;
}

/* Microseconds with three significant figures, or "-" for skipped. */
static const char *us(char *buf, unsigned long long ns)
{
	if (!ns)
		return "-";
	snprintf(buf, 16, ns < 10000000 ? "%.3g" : "%.0f", ns / 1e3);
	return buf;
}

/* A radix's way to F(n)'s digits: compute, convert or print, memory. */
struct way {
	unsigned long long fib, dec, next;
	size_t peak;
};

struct row {
	unsigned long long n;
	unsigned long long gmp_fib, gmp_str;
	unsigned long long algo[FIB_ALGO_COUNT];
	struct way bin, dec;	/* doubling, decimal */
};

/*
 * One computation and conversion of F(n) by algo alone, for the peak
 * memory, then the conversion's (or printing's) best time and fib_next's
 * on that pair.
 */
static void measure_way(struct job *j, enum fib_algo algo, struct way *w)
{
	size_t base = mem_now;

	mem_peak = mem_now;
	j->algo = algo;
	if (fib_compute(&j->f, j->n, algo))
		die("fib_compute failed", j->n);
	if (!same_as_gmp(j, &j->f))
		die("fib_compute differs from mpz_fib_ui", j->n);
	run_dec(j);
	w->peak = mem_peak - base;
	w->fib = j->algo_ns;
	w->dec = best_of(run_dec, j);
	w->next = j->n < FIB_N_LIMIT ? best_of(run_next, j) : 0;	/* "-" */
	fib_free(&j->f);
}

/*
 * A job for F(n) with GMP's value and digits, the oracle of every run,
 * and GMP's best times for them; computed once when the times are NULL.
 */
static void job_init(struct job *j, unsigned long long n,
		     unsigned long long *gmp_fib, unsigned long long *gmp_str)
{
	memset(j, 0, sizeof(*j));
	j->n = n;
	mpz_init(j->z);
	if (gmp_fib)
		*gmp_fib = best_of(run_gmp_fib, j);
	else
		run_gmp_fib(j);
	j->gmp_len = mpz_sizeinbase(j->z, 10) + 2;
	j->gmp_digits = malloc(j->gmp_len);
	j->check = malloc(dec_dn_size_max(fib_limbs_max(n, RADIX_DEC)));
	j->digits = malloc(dec_size_max(fib_limbs_max(n, RADIX_BIN)) +
			   dec_dn_size_max(fib_limbs_max(n, RADIX_DEC)));
	if (!j->gmp_digits || !j->check || !j->digits)
		die("out of memory", n);
	if (gmp_str)
		*gmp_str = best_of(run_gmp_str, j);
	else
		run_gmp_str(j);
	j->gmp_len = strlen(j->gmp_digits);
}

static void job_free(struct job *j)
{
	free(j->digits);
	free(j->check);
	free(j->gmp_digits);
	mpz_clear(j->z);
}

static void measure(struct row *r, const unsigned long long *skip)
{
	struct job j;
	int a;

	job_init(&j, r->n, &r->gmp_fib, &r->gmp_str);
	for (a = 0; a < FIB_ALGO_COUNT; a++) {
		if (skip[a] > BENCH_SKIP_AFTER_NS)
			continue;
		j.algo = a;
		r->algo[a] = best_of(run_fib, &j);
	}
	j.algo_ns = r->algo[FIB_ALGO_DOUBLING];
	measure_way(&j, FIB_ALGO_DOUBLING, &r->bin);
	j.algo_ns = r->algo[FIB_ALGO_DECIMAL];
	measure_way(&j, FIB_ALGO_DECIMAL, &r->dec);
	job_free(&j);
}

/*
 * -p: what a read of F(n) by algo computes, reps times, and nothing else
 * after GMP's oracle, for a profiler (scripts/perf.sh) to sample.
 */
static void profile(unsigned long long n, enum fib_algo algo, long reps)
{
	unsigned long long start;
	struct job j;
	long i;

	job_init(&j, n, NULL, NULL);
	start = now_ns();
	for (i = 0; i < reps; i++) {
		if (fib_compute_for_read(&j.f, n, algo))
			die("fib_compute_for_read failed", n);
		/* run_dec() compares the digits; this, the first result. */
		if (!i && !same_as_gmp(&j, &j.f))
			die("fib_compute_for_read differs from mpz_fib_ui", n);
		run_dec(&j);
		fib_free(&j.f);
	}
	printf("bench: F(%llu) by %s %ld times in %.3f s\n", n,
	       fib_algo_name(algo), reps, (now_ns() - start) / 1e9);
	job_free(&j);
}

static void print_header(void)
{
	printf("%-9s %9s %9s | %9s %9s %5s | %9s %9s %5s | %9s %9s | %7s %7s | %8s %8s\n",
	       "n", "gmp_fib", "gmp_str", "dbl_fib", "convert", "total",
	       "dec_fib", "print", "total", "iterative", "dbl-basic",
	       "next", "dnext", "peak_KiB", "dpeak");
}

static void print_row(const struct row *r)
{
	unsigned long long gmp = r->gmp_fib + r->gmp_str;
	char b[11][16];

	printf("%-9llu %9s %9s | %9s %9s %5.2f | %9s %9s %5.2f | %9s %9s | %7s %7s | %8zu %8zu\n",
	       r->n, us(b[0], r->gmp_fib), us(b[1], r->gmp_str),
	       us(b[2], r->bin.fib), us(b[3], r->bin.dec),
	       (double)(r->bin.fib + r->bin.dec) / gmp,
	       us(b[4], r->dec.fib), us(b[5], r->dec.dec),
	       (double)(r->dec.fib + r->dec.dec) / gmp,
	       us(b[6], r->algo[FIB_ALGO_ITERATIVE]),
	       us(b[7], r->algo[FIB_ALGO_DOUBLING_BASIC]),
	       us(b[8], r->bin.next), us(b[9], r->dec.next),
	       (r->bin.peak + 1023) / 1024, (r->dec.peak + 1023) / 1024);
	fflush(stdout);
}

/* The columns up to peak_bytes as before decimal; its own after them. */
static void print_csv(FILE *out, const struct row *r)
{
	fprintf(out, "%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%zu,%llu,%llu,%llu,%zu\n",
		r->n, r->bin.fib, r->bin.dec, r->gmp_fib, r->gmp_str,
		r->algo[FIB_ALGO_ITERATIVE], r->algo[FIB_ALGO_DOUBLING_BASIC],
		r->algo[FIB_ALGO_DOUBLING], r->bin.next, r->bin.peak,
		r->dec.fib, r->dec.dec, r->dec.next, r->dec.peak);
}

int main(int argc, char **argv)
{
	unsigned long long ns[64], skip[FIB_ALGO_COUNT] = { 0 };
	size_t count = 0, i;
	FILE *csv = NULL;
	struct row r;
	int a, arg, profile_algo = -1;
	long reps = 1;

	for (arg = 1; arg < argc; arg++) {
		if (!strcmp(argv[arg], "-p") && arg + 1 < argc) {
			profile_algo = fib_algo_parse(argv[arg + 1],
						      strlen(argv[arg + 1]));
			if (profile_algo < 0) {
				fprintf(stderr, "bench: unknown algorithm %s\n",
					argv[arg + 1]);
				return 2;
			}
			arg++;
		} else if (!strcmp(argv[arg], "-r") && arg + 1 < argc) {
			reps = strtol(argv[++arg], NULL, 10);
		} else if (!strcmp(argv[arg], "-o") && arg + 1 < argc) {
			csv = fopen(argv[++arg], "w");
			if (!csv) {
				perror(argv[arg]);
				return 2;
			}
		} else if (count < 64 && argv[arg][0] >= '0' &&
			   argv[arg][0] <= '9') {
			ns[count++] = strtoull(argv[arg], NULL, 10);
		} else {
			fprintf(stderr, "usage: %s [-o CSV] [N...] | -p ALGO [-r REPS] N...\n",
				argv[0]);
			return 2;
		}
	}
	if (profile_algo >= 0) {
		for (i = 0; i < count; i++)
			profile(ns[i], profile_algo, reps);
		return 0;
	}
	if (!count) {
		memcpy(ns, default_ns, sizeof(default_ns));
		count = sizeof(default_ns) / sizeof(default_ns[0]);
	}
	printf("# times in microseconds, best of >= %d runs; ratio = ours / GMP %s\n",
	       BENCH_MIN_RUNS, gmp_version);
	printf("# doubling: dbl_fib + convert (dec_from_limbs); decimal: dec_fib + print (dec_from_dn);\n");
	printf("# total = (compute + convert or print) / (gmp_fib + gmp_str); next, dnext: fib_next in radix 2^64, 10^19\n");
	print_header();
	if (csv)
		fprintf(csv, "n,fib_ns,dec_ns,gmp_fib_ns,gmp_str_ns,iterative_ns,doubling_basic_ns,doubling_ns,next_ns,peak_bytes,decimal_ns,print_ns,decimal_next_ns,decimal_peak_bytes\n");
	for (i = 0; i < count; i++) {
		memset(&r, 0, sizeof(r));
		r.n = ns[i];
		measure(&r, skip);
		for (a = 0; a < FIB_ALGO_COUNT; a++)
			skip[a] = r.algo[a] ? r.algo[a] : ~0ULL;
		print_row(&r);
		if (csv)
			print_csv(csv, &r);
	}
	if (csv && fclose(csv)) {
		perror("bench: csv");
		return 1;
	}
	return 0;
}
