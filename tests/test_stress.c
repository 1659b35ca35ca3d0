// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_stress: many threads on /dev/fibonacci at once (tests/kernel_check.sh
 * runs it with max_n of at least MAX_INDEX).
 *
 * 1. THREADS threads, each with its own open file, read F(n) for random n
 *    in 0..MAX_INDEX with a random algorithm, and compare every value with
 *    GMP's.
 * 2. SHARERS threads share one open file and interleave lseek, read, pread,
 *    write (switching the algorithm) and the timing ioctl on it. A pread
 *    must return exactly F(n); a read after an lseek that another thread
 *    may have moved must still return some F(m) with m <= MAX_INDEX (5x^2
 *    +- 4 is a square exactly for Fibonacci numbers x); the ioctl must
 *    describe a whole read.
 *
 * Exit status: 0 all passed, 1 a check failed, 2 no device.
 * Usage: test_stress [READS_PER_THREAD]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <gmp.h>
#include <pthread.h>
#include <sys/ioctl.h>

#include "check.h"
#include "device.h"
#include "uapi/fibdrv.h"

#define MAX_INDEX 20000
#define THREADS 8
#define SHARERS 4
#define DEFAULT_READS 3000
#define BUF_SIZE (MAX_INDEX / 4)	/* > the 4180 digits of F(20000) */
#define FIRST_ERRORS 3			/* printed per thread */

static const char *const algos[] = {
	"iterative", "doubling-basic", "doubling", "decimal",
};

static unsigned long reads_per_thread = DEFAULT_READS;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

struct worker {
	pthread_t thread;
	int id, fd;
	unsigned long long rng;
	unsigned long ops, errors;
	char buf[BUF_SIZE];
	mpz_t value;
	char want[BUF_SIZE];
};

/* Each thread draws from its own splitmix64 stream of the run's seed. */
static unsigned long long next_random(struct worker *w)
{
	unsigned long long z = (w->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __printf(2, 3) void report(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	if (w->errors++ >= FIRST_ERRORS)
		return;
	pthread_mutex_lock(&print_lock);
	printf("# thread %d: ", w->id);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	pthread_mutex_unlock(&print_lock);
}

/* Whether buf[0..len) is exactly F(n), by GMP. */
static bool is_fib(struct worker *w, unsigned long n, ssize_t len)
{
	mpz_fib_ui(w->value, n);
	mpz_get_str(w->want, 10, w->value);
	return len == (ssize_t)strlen(w->want) && !memcmp(w->buf, w->want, len);
}

/* Whether buf[0..len) is some F(m), m <= MAX_INDEX (Gessel's test). */
static bool is_some_fib(struct worker *w, ssize_t len)
{
	bool yes;

	if (len <= 0 || len >= BUF_SIZE)
		return false;
	w->buf[len] = '\0';
	if (mpz_set_str(w->value, w->buf, 10) ||
	    mpz_sizeinbase(w->value, 2) > MAX_INDEX)
		return false;
	mpz_mul(w->value, w->value, w->value);
	mpz_mul_ui(w->value, w->value, 5);
	mpz_add_ui(w->value, w->value, 4);
	yes = mpz_perfect_square_p(w->value);
	mpz_sub_ui(w->value, w->value, 8);
	return yes || mpz_perfect_square_p(w->value);
}

static void choose_algo(struct worker *w)
{
	const char *algo = algos[next_random(w) % ARRAY_SIZE(algos)];

	if (write(w->fd, algo, strlen(algo)) < 0)
		report(w, "write \"%s\": %s", algo, strerror(errno));
}

/* Part 1: a file of its own, random n, every value against GMP. */
static void *read_own_file(void *arg)
{
	struct worker *w = arg;
	unsigned long i, n;
	ssize_t len;

	for (i = 0; i < reads_per_thread; i++, w->ops++) {
		if (i % 64 == 0)
			choose_algo(w);
		n = next_random(w) % (MAX_INDEX + 1);
		if (lseek(w->fd, n, SEEK_SET) != (off_t)n) {
			report(w, "lseek to %lu: %s", n, strerror(errno));
			continue;
		}
		len = read(w->fd, w->buf, sizeof(w->buf));
		if (!is_fib(w, n, len))
			report(w, "read of F(%lu): %zd bytes (%s), not GMP's %zu",
			       n, len, len < 0 ? strerror(errno) : "differ",
			       strlen(w->want));
	}
	return NULL;
}

static bool known_algo(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algos); i++)
		if (!strcmp(name, algos[i]))
			return true;
	return !strcmp(name, FIB_ALGO_SEQUENTIAL);
}

static void check_timing(struct worker *w)
{
	struct fib_timing t;

	if (ioctl(w->fd, FIB_IOC_GET_TIMING, &t)) {
		if (errno != ENODATA)
			report(w, "ioctl: %s", strerror(errno));
		return;
	}
	if (t.version != FIB_TIMING_VERSION || t.n > MAX_INDEX ||
	    !t.digits || t.digits > t.n * 209 / 1000 + 1 ||
	    !known_algo(t.algo))
		report(w, "ioctl describes no read: version %u, n %llu, digits %llu, algo %.16s",
		       t.version, (unsigned long long)t.n,
		       (unsigned long long)t.digits, t.algo);
}

/* Part 2: one file shared by SHARERS threads, every operation mixed. */
static void *share_file(void *arg)
{
	struct worker *w = arg;
	unsigned long i, n;
	ssize_t len;

	for (i = 0; i < reads_per_thread; i++, w->ops++) {
		n = next_random(w) % (MAX_INDEX + 1);
		switch (next_random(w) % 4) {
		case 0:
			len = pread(w->fd, w->buf, sizeof(w->buf), n);
			if (!is_fib(w, n, len))
				report(w, "pread of F(%lu) is not GMP's (%zd bytes)",
				       n, len);
			break;
		case 1:
			lseek(w->fd, n, SEEK_SET);
			len = read(w->fd, w->buf, sizeof(w->buf));
			if (!is_some_fib(w, len))
				report(w, "read after lseek: no F(m), m <= %d (%zd bytes, %s)",
				       MAX_INDEX, len, strerror(errno));
			break;
		case 2:
			choose_algo(w);
			break;
		default:
			check_timing(w);
		}
	}
	return NULL;
}

static void run(struct worker *workers, int count, void *(*fn)(void *),
		const char *what)
{
	int i, err;

	for (i = 0; i < count; i++) {
		err = pthread_create(&workers[i].thread, NULL, fn, &workers[i]);
		if (err) {
			fprintf(stderr, "test_stress: pthread_create: %s\n",
				strerror(err));
			exit(2);
		}
	}
	for (i = 0; i < count; i++)
		pthread_join(workers[i].thread, NULL);
	for (i = 0; i < count; i++)
		check(!workers[i].errors, "%s, thread %d: %lu operations, %lu errors",
		      what, i, workers[i].ops, workers[i].errors);
}

static struct worker *new_workers(int count, int shared_fd)
{
	struct worker *workers = test_alloc(count * sizeof(*workers));
	int i;

	for (i = 0; i < count; i++) {
		workers[i] = (struct worker){ .id = i, .rng = rand_u64() };
		workers[i].fd = shared_fd >= 0 ? shared_fd : open_device();
		mpz_init(workers[i].value);
	}
	return workers;
}

static void free_workers(struct worker *workers, int count, bool own_fds)
{
	int i;

	for (i = 0; i < count; i++) {
		mpz_clear(workers[i].value);
		if (own_fds)
			close(workers[i].fd);
	}
	free(workers);
}

int main(int argc, char **argv)
{
	struct worker *workers;
	int shared;

	if (argc == 2)
		reads_per_thread = strtoul(argv[1], NULL, 10);
	if (argc > 2 || !reads_per_thread) {
		fprintf(stderr, "usage: test_stress [READS_PER_THREAD]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_init();

	printf("# %d threads, own files, %lu random reads each of F(0..%d)\n",
	       THREADS, reads_per_thread, MAX_INDEX);
	workers = new_workers(THREADS, -1);
	run(workers, THREADS, read_own_file, "own file");
	free_workers(workers, THREADS, true);

	printf("# %d threads sharing one file: lseek, read, pread, write, ioctl\n",
	       SHARERS);
	shared = open_device();
	workers = new_workers(SHARERS, shared);
	run(workers, SHARERS, share_file, "shared file");
	free_workers(workers, SHARERS, false);
	close(shared);
	return check_finish();
}
