// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `make bench-vm`: a read() of F(n) from /dev/fibonacci against GMP in
 * this process (mpz_fib_ui + mpz_get_str), in the same kernel and the same
 * run, so that an emulator's slowness cancels out of the ratio. For each n
 * and each algorithm it prints the best read time, where the best read
 * spent it (the timing ioctl), GMP's time and the ratio, and the best read
 * of as many bytes from /dev/zero, the cheapest a read can be, and the
 * ratio to that. Then, for each algorithm after the first, the first's
 * read time against its own. Every read is compared with GMP's digits
 * before it counts. With no N given, it also reads every F(0..N) in
 * order, as the client does, and prints the time per digit.
 *
 * Usage: bench_device [-a ALGO[,ALGO...]] [N...]   (default decimal,doubling)
 */
#include <errno.h>
#include <fcntl.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "../uapi/fibdrv.h"

#define DEVICE "/dev/fibonacci"
#define ZERO_DEVICE "/dev/zero"
#define ALGOS_MAX 8
#define BENCH_MIN_RUNS 3
#define BENCH_MAX_RUNS 1000
#define BENCH_MIN_NS 300000000ULL

/* Decades, and the edges of the reads that need no memory (n <= 186). */
static const unsigned long long default_ns[] = {
	10, 100, 186, 187, 300, 1000, 3000, 10000, 30000, 100000, 300000,
	1000000, 3000000, 10000000,
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void die(const char *what, unsigned long long n)
{
	fprintf(stderr, "bench_device: %s at n=%llu: %s\n", what, n,
		strerror(errno));
	exit(1);
}

struct point {
	unsigned long long n;
	int fd;
	mpz_t z;
	char *want, *got;	/* GMP's digits, the device's */
	size_t len, cap;
	unsigned long long best_ns;
	struct fib_timing best;	/* of the fastest read */
};

static unsigned long long read_once(struct point *p)
{
	unsigned long long start, ns;
	struct fib_timing t;
	ssize_t len;

	if (lseek(p->fd, p->n, SEEK_SET) < 0)
		die("lseek", p->n);
	start = now_ns();
	len = read(p->fd, p->got, p->cap);
	ns = now_ns() - start;
	if (len < 0)
		die("read", p->n);
	if ((size_t)len != p->len || memcmp(p->got, p->want, len)) {
		errno = EPROTO;
		die("the device's digits differ from GMP's", p->n);
	}
	if (ioctl(p->fd, FIB_IOC_GET_TIMING, &t))
		die("ioctl", p->n);
	if (ns < p->best_ns) {
		p->best_ns = ns;
		p->best = t;
	}
	return ns;
}

static unsigned long long gmp_once(struct point *p)
{
	unsigned long long start = now_ns();

	mpz_fib_ui(p->z, p->n);
	mpz_get_str(p->want, 10, p->z);
	return now_ns() - start;
}

/* A read of as many bytes from /dev/zero: the system call alone. */
static unsigned long long zero_once(struct point *p)
{
	unsigned long long start = now_ns();
	ssize_t len = read(p->fd, p->got, p->len);

	start = now_ns() - start;
	if (len != (ssize_t)p->len)
		die("read of " ZERO_DEVICE, p->n);
	return start;
}

/* The best time of runs of fn, repeated for BENCH_MIN_NS at least. */
static unsigned long long best_of(unsigned long long (*fn)(struct point *),
				  struct point *p)
{
	unsigned long long best = ~0ULL, begin = now_ns(), ns;
	int runs;

	for (runs = 0; runs < BENCH_MAX_RUNS; runs++) {
		if (runs >= BENCH_MIN_RUNS && now_ns() - begin > BENCH_MIN_NS)
			break;
		ns = fn(p);
		if (ns < best)
			best = ns;
		if (ns > BENCH_MIN_NS)
			break;
	}
	return best;
}

struct bench {
	int fds[ALGOS_MAX];	/* one open file per algorithm */
	const char *algos[ALGOS_MAX];
	int count;
	int zero_fd;
};

/* Opens one file of the device per algorithm and chooses it there. */
static void bench_open(struct bench *b, char *list)
{
	char *algo;

	for (algo = strtok(list, ","); algo; algo = strtok(NULL, ",")) {
		if (b->count == ALGOS_MAX) {
			fprintf(stderr, "bench_device: at most %d algorithms\n",
				ALGOS_MAX);
			exit(2);
		}
		b->fds[b->count] = open(DEVICE, O_RDWR);
		if (b->fds[b->count] < 0) {
			perror(DEVICE);
			exit(2);
		}
		if (write(b->fds[b->count], algo, strlen(algo)) < 0) {
			fprintf(stderr, "bench_device: choosing %s: %s\n", algo,
				strerror(errno));
			exit(2);
		}
		b->algos[b->count++] = algo;
	}
	b->zero_fd = open(ZERO_DEVICE, O_RDONLY);
	if (b->zero_fd < 0) {
		perror(ZERO_DEVICE);
		exit(2);
	}
}

static void bench_point(const struct bench *b, unsigned long long n)
{
	struct point p = { .n = n };
	unsigned long long gmp, dev[ALGOS_MAX], zero;
	int a;

	mpz_init(p.z);
	mpz_fib_ui(p.z, n);
	p.cap = mpz_sizeinbase(p.z, 10) + 2;
	p.want = malloc(p.cap);
	p.got = malloc(p.cap);
	if (!p.want || !p.got)
		die("malloc", n);
	gmp = best_of(gmp_once, &p);
	p.len = strlen(p.want);
	p.fd = b->zero_fd;
	zero = best_of(zero_once, &p);
	for (a = 0; a < b->count; a++) {
		p.fd = b->fds[a];
		p.best_ns = ~0ULL;
		dev[a] = best_of(read_once, &p);
		printf("%-9llu %-14s %11.3f %11.3f %11.3f %9.3f %-10s %11.3f %6.2f %8.3f %6.2f\n",
		       n, b->algos[a], dev[a] / 1e3, p.best.compute_ns / 1e3,
		       p.best.convert_ns / 1e3, p.best.copy_ns / 1e3,
		       p.best.algo, gmp / 1e3, (double)dev[a] / gmp,
		       zero / 1e3, (double)dev[a] / zero);
	}
	for (a = 1; a < b->count; a++)
		printf("# %s / %s at %llu: %.3f\n", b->algos[0], b->algos[a], n,
		       (double)dev[0] / dev[a]);
	fflush(stdout);
	free(p.want);
	free(p.got);
	mpz_clear(p.z);
}

/*
 * Reads F(0), F(1), ..., F(last) in order on fd, as `client last` does,
 * and prints the time per digit read: flat as last grows when a read
 * costs as much as its digits (one addition from the kept pair and the
 * printing), growing when each read converts. F(last) is checked against
 * GMP. Returns the time it took.
 */
static unsigned long long sequential_run(int fd, const char *algo,
					 unsigned long long last)
{
	unsigned long long start = now_ns(), ns, digits = 0, n;
	size_t cap = last / 4 + 16;
	char *buf = malloc(cap), *want;
	ssize_t len = 0;
	mpz_t z;

	if (!buf)
		die("malloc", last);
	for (n = 0; n <= last; n++) {
		if (lseek(fd, n, SEEK_SET) < 0)
			die("lseek", n);
		len = read(fd, buf, cap);
		if (len < 0)
			die("read", n);
		digits += len;
	}
	ns = now_ns() - start;
	mpz_init(z);
	mpz_fib_ui(z, last);
	want = mpz_get_str(NULL, 10, z);
	if ((size_t)len != strlen(want) || memcmp(buf, want, len)) {
		errno = EPROTO;
		die("the last sequential read differs from GMP's", last);
	}
	printf("%-9llu %-14s %13.3f %14llu %10.3f\n", last, algo, ns / 1e6,
	       digits, (double)ns / digits);
	fflush(stdout);
	free(want);
	mpz_clear(z);
	free(buf);
	return ns;
}

/*
 * The sequential reads up to 12500 ... 100000, each algorithm until a
 * run takes longer than SEQUENTIAL_MAX_NS.
 */
#define SEQUENTIAL_MAX_NS 20000000000ULL

static void sequential_runs(const struct bench *b)
{
	unsigned long long last;
	int a;

	printf("# read() of every F(0..N) in order: milliseconds, digits, ns per digit\n");
	printf("%-9s %-14s %13s %14s %10s\n", "N", "algorithm", "total_ms",
	       "digits", "ns_digit");
	for (a = 0; a < b->count; a++)
		for (last = 12500; last <= 100000; last *= 2)
			if (sequential_run(b->fds[a], b->algos[a], last) >
			    SEQUENTIAL_MAX_NS / 4)
				break;
}

int main(int argc, char **argv)
{
	char default_algos[] = "decimal,doubling";
	struct bench b = { .count = 0 };
	char *algos = default_algos;
	int arg = 1;
	size_t i;

	if (argc > 2 && !strcmp(argv[1], "-a")) {
		algos = argv[2];
		arg = 3;
	}
	for (i = arg; i < (size_t)argc; i++) {
		if (argv[i][0] < '0' || argv[i][0] > '9') {
			fprintf(stderr,
				"usage: %s [-a ALGO[,ALGO...]] [N...]\n",
				argv[0]);
			return 2;
		}
	}
	bench_open(&b, algos);
	printf("# a read() of /dev/fibonacci against in-process GMP %s and a\n",
	       gmp_version);
	printf("# read() of as many bytes from " ZERO_DEVICE "; microseconds, best of >= %d runs\n",
	       BENCH_MIN_RUNS);
	printf("%-9s %-14s %11s %11s %11s %9s %-10s %11s %6s %8s %6s\n", "n",
	       "algorithm", "read_us", "compute_us", "convert_us", "copy_us",
	       "timing", "gmp_us", "/gmp", "zero_us", "/zero");
	if (arg == argc) {
		for (i = 0; i < sizeof(default_ns) / sizeof(default_ns[0]); i++)
			bench_point(&b, default_ns[i]);
		sequential_runs(&b);
	}
	for (; arg < argc; arg++)
		bench_point(&b, strtoull(argv[arg], NULL, 10));
	return 0;
}
