// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_device: checks /dev/fibonacci against docs/abi.md,
 * with every expected value computed independently by GMP. Runs where
 * fibdrv is loaded (tests/kernel_check.sh). Exit status: 0 all passed,
 * 1 a check failed, 2 a usage error or no device.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <getopt.h>
#include <gmp.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "check.h"
#include "device.h"

#define MAX_N_PARAM "/sys/module/fibdrv/parameters/max_n"
#define MAX_N_LIMIT 100000000	/* the module refuses more (FIB_N_LIMIT) */
#define SMALL_N_LAST 300	/* every n up to here is read */
/* Cheap indexes for the error cases: their reads and writes compute F(n). */
#define READ_N 100
#define WRITE_N 30
#define TAIL 16			/* bytes after the digits that stay */
#define SENTINEL 0xa5
#define MIB (1024 * 1024)
#define FAILS (-1)		/* a seek that must fail with EINVAL */

static const char *const algos[] = {
	"iterative", "doubling-basic", "doubling", "decimal",
};

/* F(10^6) is slow under emulation: each algorithm reads it only twice. */
static const unsigned long large_ns[] = { 1000, 10000, 100000, 1000000 };

/* The fast algorithms, for --value. */
static const char *const fast_algos[] = { "decimal", "doubling" };

static struct {
	unsigned long max_n;
	unsigned long value;	/* with --value: only F(value) is read */
	bool quick;
} opt;

struct read_case {
	const char *what;
	void *buf;
	size_t count;
	int err;
};

struct write_case {
	const char *what;
	const void *buf;
	size_t len;
	int err;	/* 0: returns the compute time in ns */
};

struct seek_case {
	const char *what;
	long long from, offset;
	int whence;
	long long want;	/* or FAILS: EINVAL, and the position stays */
};

static void print_usage(FILE *out)
{
	fprintf(out, "usage: test_device [--max-n N] [--quick] [--value N] [--help]\n"
		"  --max-n N  the module's max_n (default: " MAX_N_PARAM ")\n"
		"  --quick    values only for n 0..%d and 1000\n"
		"  --value N  only F(N), exact and with a short count, with each\n"
		"             fast algorithm (for N too large for all of them)\n",
		SMALL_N_LAST);
}

/* max_n from s, which `from` names; exits 2 unless it is usable. */
static unsigned long max_n_from(const char *s, const char *from)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (*s >= '0' && *s <= '9' && (!*end || !strcmp(end, "\n")) &&
	    !errno && n >= SMALL_N_LAST && n <= MAX_N_LIMIT)
		return n;
	fprintf(stderr, "test_device: max_n from %s is '%s', not %d..%d\n",
		from, s, SMALL_N_LAST, MAX_N_LIMIT);
	exit(2);
}

static unsigned long max_n_param(void)
{
	char line[32] = "";
	FILE *f = fopen(MAX_N_PARAM, "r");

	if (!f) {
		fprintf(stderr, "test_device: %s: %s (is fibdrv loaded?)\n",
			MAX_N_PARAM, strerror(errno));
		exit(2);
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	return max_n_from(line, MAX_N_PARAM);
}

static void parse_options(int argc, char **argv)
{
	static const struct option options[] = {
		{ "max-n", required_argument, NULL, 'm' },
		{ "quick", no_argument, NULL, 'q' },
		{ "value", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", options, NULL)) == 'm' ||
	       c == 'q' || c == 'v') {
		if (c == 'm')
			opt.max_n = max_n_from(optarg, "--max-n");
		else if (c == 'v')
			opt.value = max_n_from(optarg, "--value");
		else
			opt.quick = true;
	}
	if (c != -1 || optind < argc) {
		print_usage(c == 'h' ? stdout : stderr);
		exit(c == 'h' ? 0 : 2);
	}
	if (!opt.max_n)
		opt.max_n = max_n_param();
}

/* F(n) in decimal, by GMP; free() it. */
static char *fib_decimal(unsigned long n)
{
	mpz_t f;
	char *s;

	mpz_init(f);
	mpz_fib_ui(f, n);
	s = test_alloc(mpz_sizeinbase(f, 10) + 2);
	mpz_get_str(s, 10, f);
	mpz_clear(f);
	return s;
}

/* The buffer size that docs/abi.md promises is enough for F(n). */
static unsigned long digits_bound(unsigned long n)
{
	return n * 209 / 1000 + 1;
}

static char *sentinel_buffer(size_t size)
{
	return memset(test_alloc(size), SENTINEL, size);
}

static bool untouched(const char *buf, size_t size)
{
	while (size && (unsigned char)buf[size - 1] == SENTINEL)
		size--;
	return !size;
}

static long long position(int fd)
{
	return lseek(fd, 0, SEEK_CUR);
}

static void seek_to(int fd, unsigned long n)
{
	check_int(lseek(fd, n, SEEK_SET), n, "lseek to %lu", n);
}

/* Writes an algorithm's name, which also computes F(position). */
static void choose_algo(int fd, const char *algo)
{
	ssize_t got = write(fd, algo, strlen(algo));

	check(got >= 0, "write \"%s\" chooses it (got %zd, %s)", algo, got,
	      strerror(errno));
}

/* read(fd, count) at index n must store exactly want, and nothing more. */
static void check_read(int fd, unsigned long n, const char *want,
		       size_t count, const char *label)
{
	size_t len = strlen(want), size = count + TAIL;
	char *buf = sentinel_buffer(size);
	ssize_t got;

	errno = 0;
	got = read(fd, buf, count);
	if (check(got == (ssize_t)len,
		  "F(%lu) %s: read(count %zu) returns %zu (got %zd, %s)",
		  n, label, count, len, got, strerror(errno)))
		check(!memcmp(buf, want, len) &&
		      untouched(buf + len, size - len),
		      "F(%lu) %s: %zu bytes equal GMP's digits, none after",
		      n, label, len);
	free(buf);
}

/* Reads F(n) at fd's position through a buffer of the documented size. */
static void check_value(int fd, unsigned long n, const char *label)
{
	char *want = fib_decimal(n);

	check_read(fd, n, want, digits_bound(n), label);
	free(want);
}

/* read() at index n must fail; into own (room bytes) it stores nothing. */
static void check_read_fails(int fd, unsigned long n,
			     const struct read_case *c, const char *own,
			     size_t room)
{
	ssize_t got;

	errno = 0;
	got = read(fd, c->buf, c->count);
	check(got == -1 && errno == c->err,
	      "F(%lu) %s, count %zu: read fails with %s (got %zd, %s)", n,
	      c->what, c->count, strerror(c->err), got, strerror(errno));
	if (c->buf == own)
		check(untouched(own, room),
		      "F(%lu) %s, count %zu: nothing stored", n, c->what,
		      c->count);
}

/* A count one short of the digits fails with ERANGE and stores nothing. */
static void check_short_count(int fd, unsigned long n, size_t digits,
			      const char *algo)
{
	char *own = sentinel_buffer(digits + TAIL);
	const struct read_case c = { algo, own, digits - 1, ERANGE };

	check_read_fails(fd, n, &c, own, digits + TAIL);
	free(own);
}

/*
 * F(n) from the file of each of count algorithms, against one value from
 * GMP.
 */
static void check_values_at(const int *fds, const char *const *names,
			    size_t count, unsigned long n, bool large)
{
	char *want = fib_decimal(n);
	size_t digits = strlen(want), i;

	check(digits <= digits_bound(n),
	      "F(%lu) has %zu digits, within n*209/1000+1 = %lu", n, digits,
	      digits_bound(n));
	for (i = 0; i < count; i++) {
		seek_to(fds[i], n);
		/* Large n: exactly the digits; the bound is checked above. */
		check_read(fds[i], n, want, large ? digits : digits_bound(n),
			   names[i]);
		if (large)
			check_short_count(fds[i], n, digits, names[i]);
	}
	free(want);
}

/* --value: F(opt.value) with the fast algorithms alone. */
static void check_one_value(void)
{
	int fds[ARRAY_SIZE(fast_algos)];
	size_t i;

	printf("# F(%lu), the fast algorithms: exact and short count\n",
	       opt.value);
	for (i = 0; i < ARRAY_SIZE(fast_algos); i++) {
		fds[i] = open_device();
		choose_algo(fds[i], fast_algos[i]);
	}
	check_values_at(fds, fast_algos, ARRAY_SIZE(fast_algos), opt.value,
			true);
	for (i = 0; i < ARRAY_SIZE(fast_algos); i++)
		close(fds[i]);
}

static void check_values(void)
{
	size_t large_count = opt.quick ? 1 : ARRAY_SIZE(large_ns), i;
	int fds[ARRAY_SIZE(algos)];
	unsigned long n;

	printf("# F(0..%d) with each algorithm, against GMP\n", SMALL_N_LAST);
	for (i = 0; i < ARRAY_SIZE(algos); i++) {
		fds[i] = open_device();
		choose_algo(fds[i], algos[i]);
	}
	for (n = 0; n <= SMALL_N_LAST; n++)
		check_values_at(fds, algos, ARRAY_SIZE(algos), n, false);
	for (i = 0; i < large_count; i++) {
		n = large_ns[i];
		if (n > opt.max_n) {
			printf("# skipped n=%lu above max_n\n", n);
			continue;
		}
		printf("# F(%lu), each algorithm: exact and short count\n", n);
		check_values_at(fds, algos, ARRAY_SIZE(algos), n, true);
	}
	for (i = 0; i < ARRAY_SIZE(algos); i++)
		close(fds[i]);
}

static void check_seek_case(int fd, const struct seek_case *c)
{
	long long got, stays = c->want == FAILS ? c->from : c->want;

	seek_to(fd, c->from);
	errno = 0;
	got = lseek(fd, c->offset, c->whence);
	if (c->want == FAILS)
		check(got == -1 && errno == EINVAL,
		      "lseek %s from %lld fails with EINVAL (got %lld, %s)",
		      c->what, c->from, got, strerror(errno));
	else
		check_int(got, c->want, "lseek %s from %lld", c->what,
			  c->from);
	check_int(position(fd), stays, "position after lseek %s from %lld",
		  c->what, c->from);
}

static void check_seeks(void)
{
	long long m = opt.max_n;
	/* Added to a nonzero index, LLONG_MAX overflows. */
	const struct seek_case cases[] = {
		{ "SEEK_SET 0", 5, 0, SEEK_SET, 0 },
		{ "SEEK_SET 7", 0, 7, SEEK_SET, 7 },
		{ "SEEK_SET max_n", 0, m, SEEK_SET, m },
		{ "SEEK_CUR +3", 7, 3, SEEK_CUR, 10 },
		{ "SEEK_CUR -7", 7, -7, SEEK_CUR, 0 },
		{ "SEEK_CUR to max_n", 7, m - 7, SEEK_CUR, m },
		{ "SEEK_END 0", 7, 0, SEEK_END, m },
		{ "SEEK_END -1", 7, -1, SEEK_END, m - 1 },
		{ "SEEK_END -max_n", 7, -m, SEEK_END, 0 },
		{ "SEEK_SET -1", 7, -1, SEEK_SET, FAILS },
		{ "SEEK_SET max_n + 1", 7, m + 1, SEEK_SET, FAILS },
		{ "SEEK_SET INT64_MAX", 7, LLONG_MAX, SEEK_SET, FAILS },
		{ "SEEK_SET INT64_MIN", 7, LLONG_MIN, SEEK_SET, FAILS },
		{ "SEEK_CUR -8", 7, -8, SEEK_CUR, FAILS },
		{ "SEEK_CUR +1", m, 1, SEEK_CUR, FAILS },
		{ "SEEK_CUR INT64_MAX", 7, LLONG_MAX, SEEK_CUR, FAILS },
		{ "SEEK_END +1", 7, 1, SEEK_END, FAILS },
		{ "SEEK_END -(max_n + 1)", 7, -m - 1, SEEK_END, FAILS },
		{ "SEEK_END INT64_MAX", 7, LLONG_MAX, SEEK_END, FAILS },
		{ "SEEK_DATA", 7, 0, SEEK_DATA, FAILS },
		{ "SEEK_HOLE", 7, 0, SEEK_HOLE, FAILS },
		{ "whence 99", 7, 0, 99, FAILS },
	};
	int fd = open_device();
	size_t i;

	printf("# lseek: the position is the index, 0..max_n=%lu\n", opt.max_n);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check_seek_case(fd, &cases[i]);
	seek_to(fd, READ_N);
	check_value(fd, READ_N, "after the seeks");
	close(fd);
}

/* A fresh page holding "doubling", then protected with prot. */
static char *new_page(int prot)
{
	char *p = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("test_device: mmap");
		exit(2);
	}
	strcpy(p, "doubling");
	if (mprotect(p, sysconf(_SC_PAGESIZE), prot)) {
		perror("test_device: mprotect");
		exit(2);
	}
	return p;
}

/*
 * An address where nothing is mapped: a page just unmapped. Made after the
 * other pages of a test, which could otherwise be mapped there.
 */
static void *unmapped_page(void)
{
	char *p = new_page(PROT_NONE);

	munmap(p, sysconf(_SC_PAGESIZE));
	return p;
}

static void check_read_errors(void)
{
	char *want = fib_decimal(READ_N);
	size_t digits = strlen(want), room = digits + TAIL, i;
	char *own = sentinel_buffer(room), *ro = new_page(PROT_READ);
	char *none = new_page(PROT_NONE), *gone = unmapped_page();
	const struct read_case cases[] = {
		{ "into our buffer", own, 0, ERANGE },
		{ "into our buffer", own, 1, ERANGE },
		{ "into our buffer", own, digits - 1, ERANGE },
		/* The VFS refuses a range beyond user space before we see it. */
		{ "into our buffer", own, SIZE_MAX, EFAULT },
		{ "into NULL", NULL, digits, EFAULT },
		{ "into (void *)1", (void *)1, digits, EFAULT },
		{ "into an unmapped page", gone, digits, EFAULT },
		{ "into a PROT_READ page", ro, digits, EFAULT },
		{ "into a PROT_NONE page", none, digits, EFAULT },
		{ "into a kernel address", (void *)0xffffffff81000000UL, digits,
		  EFAULT },
	};
	int fd = open_device();
	char after[80];

	printf("# read errors at n=%d, each followed by a good read\n", READ_N);
	seek_to(fd, READ_N);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(own, SENTINEL, room);
		check_read_fails(fd, READ_N, &cases[i], own, room);
		snprintf(after, sizeof(after), "after a read %s, count %zu",
			 cases[i].what, cases[i].count);
		check_int(position(fd), READ_N, "position %s", after);
		check_value(fd, READ_N, after);
	}
	close(fd);
	free(own);
	free(want);
}

static void check_write_case(int fd, const struct write_case *c)
{
	ssize_t got;

	errno = 0;
	got = write(fd, c->buf, c->len);
	if (c->err)
		check(got == -1 && errno == c->err,
		      "write %s (len %zu) fails with %s (got %zd, %s)",
		      c->what, c->len, strerror(c->err), got, strerror(errno));
	else
		check(got >= 0,
		      "write %s (len %zu) returns a time in ns (got %zd, %s)",
		      c->what, c->len, got, strerror(errno));
	check_int(position(fd), WRITE_N, "position after write %s", c->what);
}

static void check_writes(void)
{
	char *mib_of_a = memset(test_alloc(MIB), 'a', MIB);
	char *ro = new_page(PROT_READ), *none = new_page(PROT_NONE);
	char *gone = unmapped_page();
	const struct write_case cases[] = {
		{ "\"iterative\"", "iterative", 9, 0 },
		{ "\"doubling\"", "doubling", 8, 0 },
		{ "\"iterative\\n\"", "iterative\n", 10, 0 },
		{ "\"doubling\\0\"", "doubling", 9, 0 },
		{ "nothing", "", 0, 0 },
		{ "\"doubling\" from a PROT_READ page", ro, 8, 0 },
		{ "\"bogus\"", "bogus", 5, EINVAL },
		{ "\"doubling\\n\\n\"", "doubling\n\n", 10, EINVAL },
		{ "\"Doubling\"", "Doubling", 8, EINVAL },
		{ "\"doubl\"", "doubl", 5, EINVAL },
		{ "a lone \"\\0\"", "", 1, EINVAL },
		{ "64 bytes of 'a'", mib_of_a, 64, EINVAL },
		{ "1 MiB of 'a'", mib_of_a, MIB, EINVAL },
		/* Above 16 bytes buf is not read, so a bad one is no EFAULT. */
		{ "17 bytes at NULL", NULL, 17, EINVAL },
		{ "1 MiB at an unmapped page", gone, MIB, EINVAL },
		{ "64 MiB at an unmapped page", gone, 64 * MIB, EINVAL },
		{ "8 bytes at NULL", NULL, 8, EFAULT },
		{ "1 byte at (void *)1", (void *)1, 1, EFAULT },
		{ "16 bytes at an unmapped page", gone, 16, EFAULT },
		{ "8 bytes at a PROT_NONE page", none, 8, EFAULT },
		{ "8 bytes at a kernel address",
		  (void *)0xffffffff81000000UL, 8, EFAULT },
	};
	int fd = open_device();
	size_t i;

	printf("# write: algorithm names, compute time, errors\n");
	seek_to(fd, WRITE_N);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check_write_case(fd, &cases[i]);
	check_value(fd, WRITE_N, "after the writes");
	close(fd);
	free(mib_of_a);
}

/* Each file reads at its own index, with either algorithm on either. */
static void check_two_files(void)
{
	int a = open_device(), b = open_device();
	size_t i;

	printf("# two open files keep their own position and algorithm\n");
	seek_to(a, 120);
	seek_to(b, 250);
	for (i = 0; i < ARRAY_SIZE(algos); i++) {
		choose_algo(a, algos[i]);
		choose_algo(b, algos[ARRAY_SIZE(algos) - 1 - i]);
		check_value(a, 120, "first file");
		check_value(b, 250, "second file");
	}
	close(a);
	close(b);
}

static void check_device_node(void)
{
	struct stat st;

	printf("# the device node\n");
	if (!check(!stat(DEVICE, &st), "stat " DEVICE " (%s)",
		   strerror(errno)))
		return;
	check(S_ISCHR(st.st_mode), DEVICE " is a character device (mode %o)",
	      st.st_mode);
	check((st.st_mode & 0777) == 0666,
	      DEVICE " has permissions 0666 (got %03o)", st.st_mode & 0777);
}

int main(int argc, char **argv)
{
	parse_options(argc, argv);
	/* Shows progress in the VM log while the slow values compute. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_init();
	if (opt.value) {
		check_one_value();
		return check_finish();
	}
	check_values();
	check_seeks();
	check_read_errors();
	check_writes();
	check_two_files();
	check_device_node();
	return check_finish();
}
