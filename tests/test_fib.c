// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compares fib_compute() and fib_next() with mpz_fib2_ui() for every
 * algorithm, in its radix (decimal's limbs of 10^19 through GMP's decimal
 * strings), and checks the helpers around them: the size bounds, the
 * algorithm names, and the rejection of bad arguments.
 *
 * Usage: test_fib [RANDOM_COUNT]; a sanitizer build passes a small count.
 */
#include "../arith/fib.h"
#include "gmp_oracle.h"

/* Every n up to here, with every algorithm. */
#define N_ALL_MAX 2000

/*
 * Then N_RANDOM_COUNT random n in [1, N_RANDOM_MAX], and N_RANDOM_MAX
 * itself. The iterative algorithm is O(n^2), so n is drawn log-uniformly:
 * uniform draws would nearly all be large, slow, and leave the mid-sized n
 * untested. The draws go round the octaves [2^k, 2^(k+1)) in turn, which
 * keeps the run time steady, as the top octave takes three quarters of it.
 * F(10^6) alone takes the iterative algorithm ~5 s; the 300 draws (15 per
 * octave) take 70-95 s in all.
 */
#define N_RANDOM_MAX 1000000
#define N_RANDOM_COUNT 300

/* Decimal output checked for these: the edges of one and two limbs. */
static const u64 decimal_ns[] = { 0, 1, 93, 94, 186, 187, 1000, 100000 };

/* fib_limbs_max() and fib_digits_max() bound F(n) and F(n + 1). */
static void check_bounds(u64 n, const mpz_t fn, const mpz_t fn1)
{
	size_t digits = decimal_digits_of(fn);
	size_t bin = fib_limbs_max(n, RADIX_BIN), dec = fib_limbs_max(n, RADIX_DEC);

	check(bin >= mpz_size(fn) && bin >= mpz_size(fn1),
	      "F(n), F(n+1) fit fib_limbs_max(%" PRIu64 ", 2^64) : %zu, %zu <= %zu",
	      n, mpz_size(fn), mpz_size(fn1), bin);
	check(dec >= dlimbs_size_of(fn) && dec >= dlimbs_size_of(fn1),
	      "F(n), F(n+1) fit fib_limbs_max(%" PRIu64 ", 10^19) : %zu, %zu <= %zu",
	      n, dlimbs_size_of(fn), dlimbs_size_of(fn1), dec);
	check(fib_digits_max(n) >= digits,
	      "F(n) fits fib_digits_max(%" PRIu64 ") : %zu <= %" PRIu64, n,
	      digits, fib_digits_max(n));
}

/* The pair (F(n - 1), F(n)) in f against GMP's. */
static void check_pair(const struct fib_pair *f, u64 n, const mpz_t fn,
		       const mpz_t fn_1, const char *how)
{
	check_u64(f->n, n, "%s: n", how);
	check_rx_limbs_mpz(f->rx, f->cur.limbs, f->cur.size, fn,
			   "%s: F(%" PRIu64 ")", how, n);
	check_rx_limbs_mpz(f->rx, f->prev.limbs, f->prev.size, fn_1,
			   "%s: F(%" PRIu64 " - 1)", how, n);
	check(f->cur.size <= f->cap && f->prev.size <= f->cap,
	      "%s: sizes %zu, %zu within cap %zu", how, f->prev.size,
	      f->cur.size, f->cap);
}

/* fib_compute_value(), which may leave F(n - 1) out. */
static void test_value(u64 n, enum fib_algo algo, const mpz_t fn)
{
	struct fib_pair f;

	if (!check_int(fib_compute_value(&f, n, algo), 0,
		       "fib_compute_value(n=%" PRIu64 ", %s) succeeds", n,
		       fib_algo_name(algo)))
		return;
	check_int(f.rx, fib_algo_radix(algo),
		  "fib_compute_value(n=%" PRIu64 ", %s): its radix", n,
		  fib_algo_name(algo));
	check_rx_limbs_mpz(f.rx, f.cur.limbs, f.cur.size, fn,
			   "fib_compute_value(n=%" PRIu64 ", %s) is F(n)", n,
			   fib_algo_name(algo));
	check(f.cur.size <= f.cap && f.n == n,
	      "fib_compute_value(n=%" PRIu64 ", %s): n, size within cap", n,
	      fib_algo_name(algo));
	if (!f.prev.limbs)
		check_int(fib_next(&f), -EINVAL,
			  "fib_next() after fib_compute_value(n=%" PRIu64
			  ", %s) without F(n - 1)", n, fib_algo_name(algo));
	fib_free(&f);
}

/* F(n) by every algorithm, its size bounds, and optionally its digits. */
static void test_fib(u64 n, bool decimal)
{
	char how[64];
	struct fib_pair f;
	enum fib_algo algo;
	mpz_t fn, fn1, fn_1;
	int ret;

	mpz_inits(fn, fn1, fn_1, NULL);
	mpz_fib2_ui(fn, fn_1, n);
	mpz_fib_ui(fn1, n + 1);
	check_bounds(n, fn, fn1);
	for (algo = 0; algo < FIB_ALGO_COUNT; algo++) {
		snprintf(how, sizeof(how), "fib_compute(n=%" PRIu64 ", %s)",
			 n, fib_algo_name(algo));
		ret = fib_compute(&f, n, algo);
		if (!check_int(ret, 0, "%s succeeds", how))
			continue;
		check_pair(&f, n, fn, fn_1, how);
		if (decimal && f.rx == RADIX_DEC)
			check_dn_decimal(f.cur.limbs, f.cur.size, fn,
					 "decimal F(%" PRIu64 ") by %s", n,
					 fib_algo_name(algo));
		else if (decimal)
			check_decimal(f.cur.limbs, f.cur.size, fn,
				      "decimal F(%" PRIu64 ") by %s", n,
				      fib_algo_name(algo));
		fib_free(&f);
		test_value(n, algo, fn);
	}
	mpz_clears(fn, fn1, fn_1, NULL);
}

/*
 * fib_next() from F(n), as many times as asked, checked against GMP each
 * time; from small n the pair outgrows its first allocation several times.
 */
static void test_next(u64 n, unsigned int steps, enum fib_algo algo)
{
	const char *name = fib_algo_name(algo);
	char how[80];
	struct fib_pair f;
	mpz_t fn, fn_1;
	unsigned int i;

	mpz_inits(fn, fn_1, NULL);
	if (!check_int(fib_compute(&f, n, algo), 0,
		       "fib_compute(%" PRIu64 ", %s) before fib_next()", n,
		       name))
		return;
	for (i = 1; i <= steps; i++) {
		snprintf(how, sizeof(how), "fib_next() from %" PRIu64
			 " by %s, step %u", n, name, i);
		if (!check_int(fib_next(&f), 0, "%s succeeds", how))
			break;
		mpz_fib2_ui(fn, fn_1, n + i);
		check_pair(&f, n + i, fn, fn_1, how);
	}
	fib_free(&f);
	mpz_clears(fn, fn_1, NULL);
}

/* fib_next() refuses to pass FIB_N_LIMIT and leaves the pair alone. */
static void test_next_limit(void)
{
	limb_t prev = 3, cur = 5;
	struct fib_pair f = {
		.n = FIB_N_LIMIT, .cap = 1, .mem = NULL,
		.prev = { &prev, 1 }, .cur = { &cur, 1 },
	};

	check_int(fib_next(&f), -EINVAL, "fib_next() at FIB_N_LIMIT");
	check(f.n == FIB_N_LIMIT && prev == 3 && cur == 5 &&
	      f.cur.limbs == &cur, "fib_next() at FIB_N_LIMIT changes nothing");
}

/* Parses a copy of exactly len bytes, so ASan sees any read past them. */
static int parse_exact(const char *s, size_t len)
{
	char *copy = test_alloc(len);
	int ret;

	memcpy(copy, s, len);
	ret = fib_algo_parse(copy, len);
	free(copy);
	return ret;
}

/* The bytes to parse, embedded NULs included, and the expected result. */
struct parse_case {
	const char *s;
	size_t len;
	int want;
};

#define PARSE_CASE(str, want) { str, sizeof(str) - 1, want }

static const struct parse_case parse_cases[] = {
	PARSE_CASE("iterative", FIB_ALGO_ITERATIVE),
	PARSE_CASE("doubling", FIB_ALGO_DOUBLING),
	PARSE_CASE("iterative\n", FIB_ALGO_ITERATIVE),
	PARSE_CASE("doubling\n", FIB_ALGO_DOUBLING),
	PARSE_CASE("iterative\0", FIB_ALGO_ITERATIVE),
	PARSE_CASE("doubling\0", FIB_ALGO_DOUBLING),
	PARSE_CASE("doubling-basic", FIB_ALGO_DOUBLING_BASIC),
	PARSE_CASE("doubling-basic\n", FIB_ALGO_DOUBLING_BASIC),
	PARSE_CASE("decimal", FIB_ALGO_DECIMAL),
	PARSE_CASE("decimal\n", FIB_ALGO_DECIMAL),
	PARSE_CASE("decimal\0", FIB_ALGO_DECIMAL),
	PARSE_CASE("decima", -EINVAL),
	PARSE_CASE("decimals", -EINVAL),
	PARSE_CASE("doubling-", -EINVAL),
	PARSE_CASE("", -EINVAL),
	PARSE_CASE("\n", -EINVAL),
	PARSE_CASE("\0", -EINVAL),
	PARSE_CASE("doubl", -EINVAL),
	PARSE_CASE("doublingX", -EINVAL),
	PARSE_CASE("Doubling", -EINVAL),
	PARSE_CASE("doubling\n\n", -EINVAL),
	PARSE_CASE("doubling\n\0", -EINVAL),
	PARSE_CASE("doubling\0\0", -EINVAL),
	PARSE_CASE(" doubling", -EINVAL),
	PARSE_CASE("doubling ", -EINVAL),
	PARSE_CASE("iterativedoubling", -EINVAL),
};

/* s[0..len) with newlines and NULs spelled out, for the messages. */
static const char *escaped(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < len && used + 3 < size; i++) {
		if (s[i] == '\n' || s[i] == '\0') {
			buf[used++] = '\\';
			buf[used++] = s[i] ? 'n' : '0';
		} else {
			buf[used++] = s[i];
		}
		buf[used] = '\0';
	}
	return buf;
}

static void test_parse(void)
{
	const struct parse_case *c;
	char shown[64];

	for (c = parse_cases; c < parse_cases + ARRAY_SIZE(parse_cases); c++)
		check_int(parse_exact(c->s, c->len), c->want,
			  "fib_algo_parse(\"%s\", %zu)",
			  escaped(shown, sizeof(shown), c->s, c->len), c->len);
}

/* Every name parses back to its algorithm; FIB_ALGO_NAMES lists them. */
static void test_names(void)
{
	char listed[256] = "";
	size_t used;
	enum fib_algo algo;
	const char *name;

	for (algo = 0; algo < FIB_ALGO_COUNT; algo++) {
		name = fib_algo_name(algo);
		if (!check(name, "fib_algo_name(%d) is not NULL", (int)algo))
			continue;
		check_int(parse_exact(name, strlen(name)), algo,
			  "fib_algo_parse(fib_algo_name(%d) = \"%s\")",
			  (int)algo, name);
		check_int(parse_exact(name, strlen(name) + 1), algo,
			  "fib_algo_parse(fib_algo_name(%d) = \"%s\" with NUL)",
			  (int)algo, name);
		used = strlen(listed);
		snprintf(listed + used, sizeof(listed) - used, "%s%s",
			 algo ? ", " : "", name);
	}
	check(!strcmp(listed, FIB_ALGO_NAMES),
	      "FIB_ALGO_NAMES lists fib_algo_name() of each : \"%s\" vs \"%s\"",
	      FIB_ALGO_NAMES, listed);
}

/* fib_compute(n, algo) fails with -EINVAL and leaves nothing to free. */
static void check_rejected(u64 n, enum fib_algo algo)
{
	struct fib_pair f;
	int ret;

	/* Garbage, as in a caller's uninitialized struct. */
	memset(&f, 0x5a, sizeof(f));
	ret = fib_compute(&f, n, algo);
	check_int(ret, -EINVAL, "fib_compute(n=%" PRIu64 ", algo %d) rejected",
		  n, (int)algo);
	check(!f.mem && !f.cur.limbs && !f.prev.limbs,
	      "fib_compute(n=%" PRIu64 ", algo %d) leaves nothing to free",
	      n, (int)algo);
	if (!ret)
		fib_free(&f);
}

static void test_rejects(void)
{
	enum fib_algo algo;

	for (algo = 0; algo < FIB_ALGO_COUNT; algo++) {
		check_rejected((u64)FIB_N_LIMIT + 1, algo);
		check_rejected(~0ULL, algo);
	}
	check_rejected(10, FIB_ALGO_COUNT);
	check_rejected(10, (enum fib_algo)-1);
	check_rejected(10, (enum fib_algo)1000);
}

/* The bounds hold up to FIB_N_LIMIT, far beyond what is computed here. */
static void test_bounds_at_limit(void)
{
	mpz_t fn, fn1;

	mpz_inits(fn, fn1, NULL);
	mpz_fib2_ui(fn1, fn, (u64)FIB_N_LIMIT + 1);
	check_bounds(FIB_N_LIMIT, fn, fn1);
	mpz_clears(fn, fn1, NULL);
}

int main(int argc, char **argv)
{
	unsigned long random_count = N_RANDOM_COUNT, i;
	u64 n;
	char *end;

	if (argc > 1) {
		random_count = strtoul(argv[1], &end, 10);
		if (*end || !*argv[1]) {
			fprintf(stderr, "usage: %s [RANDOM_COUNT]\n", argv[0]);
			return 2;
		}
	}
	check_init();
	test_parse();
	test_names();
	test_rejects();
	for (i = 0; i < ARRAY_SIZE(decimal_ns); i++)
		test_fib(decimal_ns[i], true);
	for (n = 0; n <= N_ALL_MAX; n++)
		test_fib(n, false);
	for (i = 0; i < random_count; i++)
		test_fib(rand_in_octave(i % octaves_upto(N_RANDOM_MAX),
					N_RANDOM_MAX), false);
	test_fib(N_RANDOM_MAX, false);
	test_next(0, 400, FIB_ALGO_DOUBLING);
	test_next(FIB_SMALL_N_MAX - 1, 3, FIB_ALGO_DOUBLING);
	test_next(5000, 200, FIB_ALGO_DOUBLING);
	test_next(0, 400, FIB_ALGO_DECIMAL);
	test_next(FIB_SMALL_N_MAX - 1, 3, FIB_ALGO_DECIMAL);
	test_next(5000, 200, FIB_ALGO_DECIMAL);
	test_next_limit();
	test_bounds_at_limit();
	return check_finish();
}
