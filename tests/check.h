/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A tiny TAP-like harness for the user-space tests of arith/: one seeded
 * PRNG, pass and fail counters, operands with nasty bit patterns, and
 * buffers with guard zones that catch writes out of bounds.
 *
 * Every random choice comes from the seed printed first, so that
 * TEST_SEED=<seed> replays a run. Passes are printed only with
 * TEST_VERBOSE=1; failures always are.
 */
#ifndef FIBDRV_TESTS_CHECK_H
#define FIBDRV_TESTS_CHECK_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef __printf
#define __printf(a, b) __attribute__((format(printf, a, b)))
#endif

#ifndef noinline
#define noinline __attribute__((noinline))
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static struct {
	uint64_t seed;
	uint64_t rng;
	unsigned long passed;
	unsigned long failed;
	bool verbose;
} check_run;

/* Reads TEST_SEED and TEST_VERBOSE and prints the seed. */
static inline void check_init(void)
{
	const char *seed = getenv("TEST_SEED");
	const char *verbose = getenv("TEST_VERBOSE");
	struct timespec now;
	char *end;

	if (seed && *seed) {
		errno = 0;
		check_run.seed = strtoull(seed, &end, 0);
		if (errno || *end) {
			fprintf(stderr, "TEST_SEED must be a number: %s\n",
				seed);
			exit(2);
		}
	} else {
		clock_gettime(CLOCK_REALTIME, &now);
		check_run.seed = ((uint64_t)now.tv_sec * 1000000 +
				  now.tv_nsec / 1000) ^ (uint64_t)getpid();
	}
	check_run.rng = check_run.seed;
	check_run.verbose = verbose && *verbose && strcmp(verbose, "0");
	printf("# seed %" PRIu64 "\n", check_run.seed);
	fflush(stdout);
}

/* Prints the seed again and the totals last; returns the exit status. */
static inline int check_finish(void)
{
	printf("# seed %" PRIu64 "\n", check_run.seed);
	printf("%lu passed, %lu failed\n", check_run.passed, check_run.failed);
	return check_run.failed ? 1 : 0;
}

/* True when a check with this outcome is printed, so details are needed. */
static inline bool check_printed(bool ok)
{
	return !ok || check_run.verbose;
}

/* Records one check: "<fmt, ap>" names it, details (or NULL) explain it. */
static inline bool check_vreport(bool ok, const char *details,
				 const char *fmt, va_list ap)
{
	if (ok)
		check_run.passed++;
	else
		check_run.failed++;
	if (!check_printed(ok))
		return ok;
	printf("%s %lu - ", ok ? "ok" : "not ok",
	       check_run.passed + check_run.failed);
	vprintf(fmt, ap);
	if (details)
		printf(" : %s", details);
	putchar('\n');
	/* A crash (or a sanitizer) must not swallow what was reported. */
	fflush(stdout);
	return ok;
}

/* Records one check; fmt names it and may end in " : <details>". */
static inline __printf(2, 3)
bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_vreport(ok, NULL, fmt, ap);
	va_end(ap);
	return ok;
}

/* Checks that got == expected, showing both in hex. */
static inline __printf(3, 4)
bool check_u64(uint64_t got, uint64_t expected, const char *fmt, ...)
{
	bool ok = got == expected;
	char details[80] = "";
	va_list ap;

	if (check_printed(ok))
		snprintf(details, sizeof(details),
			 "expected 0x%" PRIx64 " got 0x%" PRIx64,
			 expected, got);
	va_start(ap, fmt);
	check_vreport(ok, details, fmt, ap);
	va_end(ap);
	return ok;
}

/* Checks that got == expected, showing both in decimal (sizes, errnos). */
static inline __printf(3, 4)
bool check_int(long long got, long long expected, const char *fmt, ...)
{
	bool ok = got == expected;
	char details[80] = "";
	va_list ap;

	if (check_printed(ok))
		snprintf(details, sizeof(details), "expected %lld got %lld",
			 expected, got);
	va_start(ap, fmt);
	check_vreport(ok, details, fmt, ap);
	va_end(ap);
	return ok;
}

/* Checks got[0..n) == expected[0..n), showing the first difference. */
static inline __printf(4, 5)
bool check_u64s(const uint64_t *got, const uint64_t *expected, size_t n,
		const char *fmt, ...)
{
	size_t i, diffs = 0, first = n;
	char details[160] = "";
	va_list ap;

	for (i = 0; i < n; i++) {
		if (got[i] != expected[i] && !diffs++)
			first = i;
	}
	if (check_printed(!diffs) && diffs)
		snprintf(details, sizeof(details),
			 "limb %zu of %zu: expected 0x%016" PRIx64
			 " got 0x%016" PRIx64 " (%zu limbs differ)",
			 first, n, expected[first], got[first], diffs);
	else if (check_printed(!diffs))
		snprintf(details, sizeof(details), "%zu limbs equal", n);
	va_start(ap, fmt);
	check_vreport(!diffs, details, fmt, ap);
	va_end(ap);
	return !diffs;
}

/* splitmix64: tiny, fast, and good enough to pick test operands. */
static inline uint64_t rand_u64(void)
{
	uint64_t z = (check_run.rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n >= 1. */
static inline uint64_t rand_below(uint64_t n)
{
	return (uint64_t)(((__uint128_t)rand_u64() * n) >> 64);
}

/* Uniform in [lo, hi]. */
static inline uint64_t rand_range(uint64_t lo, uint64_t hi)
{
	return lo + rand_below(hi - lo + 1);
}

/* The number of power-of-two octaves [2^k, 2^(k+1)) that [1, max] meets. */
static inline unsigned int octaves_upto(uint64_t max)
{
	return 64 - __builtin_clzll(max);
}

/* Uniform in octave k, [2^k, 2^(k+1)), cut off at max >= 2^k. */
static inline uint64_t rand_in_octave(unsigned int k, uint64_t max)
{
	uint64_t lo = 1ULL << k, hi = lo + (lo - 1);

	return rand_range(lo, hi < max ? hi : max);
}

/*
 * In [1, max], log-uniform: each octave equally likely, so that small
 * values get as much attention as large ones.
 */
static inline uint64_t rand_log_uniform(uint64_t max)
{
	return rand_in_octave(rand_below(octaves_upto(max)), max);
}

/* malloc() that never returns NULL, even for 0 bytes. */
static inline void *test_alloc(size_t bytes)
{
	void *p = malloc(bytes ? bytes : 1);

	if (!p) {
		fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
		exit(2);
	}
	return p;
}

static inline void fill_random_bytes(void *p, size_t bytes)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < bytes; i++)
		c[i] = (unsigned char)rand_u64();
}

/* Operand shapes that random numbers almost never take. */
enum limb_pattern {
	PAT_RANDOM,
	PAT_ZEROS,
	PAT_ONES,	/* every bit set: the longest carry chains */
	PAT_SINGLE_BIT,
	PAT_EDGE_LIMBS,	/* each limb 0, 1, 2^63, 2^64 - 1, ... or random */
	PAT_BIT_RUNS,	/* long runs of ones and zeros, as mpn_random2() */
	PAT_HIGH_ZEROS,	/* random, but the high limbs are zero */
	PAT_COUNT,
};

static inline const char *limb_pattern_name(enum limb_pattern pat)
{
	static const char *const names[PAT_COUNT] = {
		[PAT_RANDOM] = "random",
		[PAT_ZEROS] = "zeros",
		[PAT_ONES] = "ones",
		[PAT_SINGLE_BIT] = "single-bit",
		[PAT_EDGE_LIMBS] = "edge-limbs",
		[PAT_BIT_RUNS] = "bit-runs",
		[PAT_HIGH_ZEROS] = "high-zeros",
	};

	return (unsigned int)pat < PAT_COUNT ? names[pat] : "?";
}

static inline enum limb_pattern rand_limb_pattern(void)
{
	return (enum limb_pattern)rand_below(PAT_COUNT);
}

static inline uint64_t rand_edge_limb(void)
{
	switch (rand_below(9)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return 2;
	case 3: return ~0ULL;
	case 4: return ~0ULL - 1;
	case 5: return 1ULL << 63;
	case 6: return (1ULL << 63) - 1;
	case 7: return (1ULL << 63) + 1;
	default: return rand_u64();
	}
}

/* Fills a[0..n) with the pattern. */
static inline void fill_limbs(uint64_t *a, size_t n, enum limb_pattern pat)
{
	size_t i, bit, bits = n * 64, run, top;
	bool ones;

	switch (pat) {
	case PAT_ZEROS:
	case PAT_ONES:
		memset(a, pat == PAT_ONES ? 0xff : 0, n * sizeof(*a));
		break;
	case PAT_SINGLE_BIT:
		memset(a, 0, n * sizeof(*a));
		if (!n)
			break;
		/* The lowest and the highest bit are the interesting ones. */
		bit = rand_below(4);
		if (bit > 1)
			bit = rand_below(bits);
		else if (bit == 1)
			bit = bits - 1;
		a[bit / 64] = 1ULL << (bit % 64);
		break;
	case PAT_EDGE_LIMBS:
		for (i = 0; i < n; i++)
			a[i] = rand_edge_limb();
		break;
	case PAT_BIT_RUNS:
		memset(a, 0, n * sizeof(*a));
		ones = rand_below(2);
		for (bit = 0; bit < bits; bit += run, ones = !ones) {
			run = 1 + rand_below(rand_below(2) ? 8 : 200);
			for (i = bit; ones && i < bit + run && i < bits; i++)
				a[i / 64] |= 1ULL << (i % 64);
		}
		break;
	case PAT_HIGH_ZEROS:
		top = n ? rand_below(n) : 0;
		for (i = 0; i < n; i++)
			a[i] = i < top ? rand_u64() : 0;
		break;
	default:
		for (i = 0; i < n; i++)
			a[i] = rand_u64();
		break;
	}
}

/* n limbs of the pattern in a buffer of exactly that size, for ASan. */
static inline uint64_t *limbs_new(size_t n, enum limb_pattern pat)
{
	uint64_t *a = test_alloc(n * sizeof(*a));

	fill_limbs(a, n, pat);
	return a;
}

static inline uint64_t *limbs_dup(const uint64_t *a, size_t n)
{
	uint64_t *copy = test_alloc(n * sizeof(*a));

	memcpy(copy, a, n * sizeof(*a));
	return copy;
}

static inline bool limbs_equal(const uint64_t *a, const uint64_t *b, size_t n)
{
	return !n || !memcmp(a, b, n * sizeof(*a));
}

/*
 * Guarded buffers: GUARD_BYTES of a per-buffer pseudo-random pattern on
 * each side of the user bytes, which start out as random garbage (so that
 * nothing relies on a zeroed output).
 */
#define GUARD_BYTES 64

struct guard_header {
	size_t bytes;
	uint64_t pattern;
};

static inline unsigned char guard_byte(uint64_t pattern, size_t i)
{
	return (unsigned char)(pattern >> (i % 8 * 8)) ^ (unsigned char)i;
}

static inline struct guard_header *guard_header_of(const void *p)
{
	return (struct guard_header *)((char *)p - GUARD_BYTES) - 1;
}

static inline void *guarded_alloc(size_t bytes)
{
	struct guard_header *h = test_alloc(sizeof(*h) + 2 * GUARD_BYTES +
					    bytes);
	unsigned char *p = (unsigned char *)(h + 1) + GUARD_BYTES;
	size_t i;

	h->bytes = bytes;
	h->pattern = rand_u64();
	for (i = 0; i < GUARD_BYTES; i++) {
		p[-1 - (ptrdiff_t)i] = guard_byte(h->pattern, i);
		p[bytes + i] = guard_byte(h->pattern, GUARD_BYTES + i);
	}
	fill_random_bytes(p, bytes);
	return p;
}

/*
 * True when both guard zones are intact; otherwise *where is the offset,
 * from the start of the user bytes, of the damaged byte nearest to them.
 */
static inline bool guarded_intact(const void *p, ptrdiff_t *where)
{
	const struct guard_header *h = guard_header_of(p);
	const unsigned char *c = p, *after = c + h->bytes;
	size_t i;

	*where = 0;
	for (i = 0; i < GUARD_BYTES; i++) {
		if (c[-1 - (ptrdiff_t)i] != guard_byte(h->pattern, i)) {
			*where = -1 - (ptrdiff_t)i;
			return false;
		}
		if (after[i] != guard_byte(h->pattern, GUARD_BYTES + i)) {
			*where = h->bytes + i;
			return false;
		}
	}
	return true;
}

static inline void guarded_free(void *p)
{
	if (p)
		free(guard_header_of(p));
}

/* Checks that the guard zones around guarded_alloc() memory p are intact. */
static inline __printf(2, 3)
bool check_guarded(const void *p, const char *fmt, ...)
{
	char details[80] = "";
	ptrdiff_t where;
	bool ok = guarded_intact(p, &where);
	va_list ap;

	if (!ok)
		snprintf(details, sizeof(details),
			 "guard byte at offset %td changed", where);
	va_start(ap, fmt);
	check_vreport(ok, ok ? NULL : details, fmt, ap);
	va_end(ap);
	return ok;
}

/* The pattern name, and the value itself when it is short. */
static inline const char *operand_str(char *buf, size_t len,
				       const uint64_t *a, size_t n,
				       enum limb_pattern pat)
{
	if (n == 1)
		snprintf(buf, len, "%s 0x%" PRIx64, limb_pattern_name(pat),
			 a[0]);
	else if (n == 2)
		snprintf(buf, len, "%s 0x%" PRIx64 ":%016" PRIx64,
			 limb_pattern_name(pat), a[1], a[0]);
	else
		snprintf(buf, len, "%s", limb_pattern_name(pat));
	return buf;
}

/* Where a function's output sits among its inputs, when it may. */
enum out_alias { R_SEPARATE, R_IS_A, R_IS_B };

static inline const char *out_alias_name(enum out_alias alias)
{
	switch (alias) {
	case R_IS_A: return "r == a";
	case R_IS_B: return "r == b";
	default: return "r separate";
	}
}

/* A guarded output of n limbs (random garbage) holding a copy of src. */
static inline uint64_t *output_new(size_t n, const uint64_t *src,
				   size_t src_n)
{
	uint64_t *r = guarded_alloc(n * sizeof(*r));

	if (src_n)
		memcpy(r, src, src_n * sizeof(*r));
	return r;
}

/* An operand size in [0, an], favouring the extremes. */
static inline size_t smaller_size(size_t an)
{
	switch (rand_below(8)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return an;
	case 3: return an - 1;
	default: return rand_range(1, an);
	}
}

/* The i-th size to test: 1..small_max, then large[0..count); 0 after. */
static inline size_t size_at(size_t i, size_t small_max, const size_t *large,
			     size_t count)
{
	if (i < small_max)
		return i + 1;
	i -= small_max;
	return i < count ? large[i] : 0;
}

/*
 * Checks a carry, borrow or remainder, and counts it in seen[0] (zero) or
 * seen[1] (not): a test whose operands never made both made no carries.
 */
static inline __printf(4, 5)
bool check_return(unsigned long *seen, uint64_t got, uint64_t want,
		  const char *fmt, ...)
{
	bool ok = got == want;
	char details[80] = "";
	va_list ap;

	seen[got != 0]++;
	if (check_printed(ok))
		snprintf(details, sizeof(details),
			 "expected 0x%" PRIx64 " got 0x%" PRIx64, want, got);
	va_start(ap, fmt);
	check_vreport(ok, details, fmt, ap);
	va_end(ap);
	return ok;
}

/* Every function of names[0..count) returned both zero and nonzero. */
static inline void check_returns_seen(const char *const *names,
				      unsigned long (*seen)[2], size_t count)
{
	size_t fn;

	for (fn = 0; fn < count; fn++)
		check(seen[fn][0] && seen[fn][1],
		      "%s returned both 0 and nonzero : %lu zero, %lu nonzero",
		      names[fn], seen[fn][0], seen[fn][1]);
}

#endif /* FIBDRV_TESTS_CHECK_H */
