// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `make bench-vm`: a read() of F(n) from /dev/fibonacci against GMP in
 * this process (mpz_fib_ui + mpz_get_str), in the same kernel and the same
 * run, so that an emulator's slowness cancels out of the ratio. For each n
 * it prints the best read time, where the best read spent it (the timing
 * ioctl), GMP's times and the ratio. Every read is compared with GMP's
 * digits before it counts.
 *
 * Usage: bench_device [-a ALGO] [N...]
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
#define BENCH_MIN_RUNS 3
#define BENCH_MAX_RUNS 1000
#define BENCH_MIN_NS 300000000ULL

static const unsigned long long default_ns[] = {
	10, 100, 1000, 10000, 100000, 1000000, 10000000,
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

static void bench_point(int fd, unsigned long long n)
{
	struct point p = { .n = n, .fd = fd, .best_ns = ~0ULL };
	unsigned long long gmp, dev;

	mpz_init(p.z);
	mpz_fib_ui(p.z, n);
	p.cap = mpz_sizeinbase(p.z, 10) + 2;
	p.want = malloc(p.cap);
	p.got = malloc(p.cap);
	if (!p.want || !p.got)
		die("malloc", n);
	gmp = best_of(gmp_once, &p);
	p.len = strlen(p.want);
	dev = best_of(read_once, &p);
	printf("%-9llu %12.3f %12.3f %12.3f %12.3f %-10s %12.3f %7.2f\n", n,
	       dev / 1e3, p.best.compute_ns / 1e3, p.best.convert_ns / 1e3,
	       p.best.copy_ns / 1e3, p.best.algo, gmp / 1e3,
	       (double)dev / gmp);
	fflush(stdout);
	free(p.want);
	free(p.got);
	mpz_clear(p.z);
}

int main(int argc, char **argv)
{
	const char *algo = "doubling";
	size_t i;
	int fd, arg;

	fd = open(DEVICE, O_RDWR);
	if (fd < 0) {
		perror(DEVICE);
		return 2;
	}
	for (arg = 1; arg < argc && argv[arg][0] == '-'; arg += 2) {
		if (strcmp(argv[arg], "-a") || arg + 1 >= argc) {
			fprintf(stderr, "usage: %s [-a ALGO] [N...]\n", argv[0]);
			return 2;
		}
		algo = argv[arg + 1];
	}
	if (write(fd, algo, strlen(algo)) < 0) {
		perror("bench_device: choosing the algorithm");
		return 2;
	}
	printf("# a read() of /dev/fibonacci (%s) against in-process GMP %s;\n",
	       algo, gmp_version);
	printf("# microseconds, best of >= %d runs; ratio = read / GMP\n",
	       BENCH_MIN_RUNS);
	printf("%-9s %12s %12s %12s %12s %-10s %12s %7s\n", "n", "read_us",
	       "compute_us", "convert_us", "copy_us", "algo", "gmp_us",
	       "ratio");
	if (arg == argc)
		for (i = 0; i < sizeof(default_ns) / sizeof(default_ns[0]); i++)
			bench_point(fd, default_ns[i]);
	for (; arg < argc; arg++)
		bench_point(fd, strtoull(argv[arg], NULL, 10));
	close(fd);
	return 0;
}
