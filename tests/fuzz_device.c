// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_device: a fuzzer of /dev/fibonacci's own, for what a generic
 * syscall fuzzer almost never reaches. First the ioctl: every direction and
 * size (0 to 16383) of the command numbers 0, 1 (FIB_IOC_GET_TIMING's), 2
 * and 255 of its type 0xF1 and of the types beside it, and random numbers
 * of these types (type 0 is the VFS's own: FIBMAP, FIGETBSZ), must be
 * ENOTTY and leave the argument untouched, except the module's own
 * commands; those with bad pointers (NULL, 1, kernel addresses, read-only
 * for the timing, PROT_NONE, a buffer running into PROT_NONE) must be
 * EFAULT, and FIB_IOC_SET_CACHE with a value it does not know EINVAL.
 * Then THREADS threads, each with a file of its own and one file shared by
 * all, mix random lseek, read, pread, write (good and bad buffers, counts,
 * offsets, algorithm names) and FIB_IOC_SET_CACHE, and now and then empty
 * the module's cache or change cache_kb under the others, for SECONDS:
 * every result must be an exact value (GMP's) or a documented errno.
 * Exit status: 0 all passed, 1 a check failed, 2 no device.
 * Usage: fuzz_device [SECONDS]   (default 20)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <gmp.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "device.h"
#include "uapi/fibdrv.h"

#define THREADS 4
#define MAX_INDEX 20000		/* random indexes, below the default max_n */
#define BUF_SIZE 8192		/* more than F(20000)'s 4,180 digits */
#define SENTINEL 0xa5
#define KERNEL_ADDR ((void *)0xffff888000000000UL)
#define STATS "/sys/kernel/debug/fibdrv/cache"
#define CACHE_KB "/sys/module/fibdrv/parameters/cache_kb"

static char *values[MAX_INDEX + 1];	/* GMP's F(n), as the threads need */
static pthread_mutex_t values_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static char *bad_page;		/* PROT_NONE, after a writable page */
static char *ro_page;
static int shared_fd;
static unsigned int seconds = 20;

static const char *const names[] = {
	"iterative", "doubling-basic", "doubling", "decimal", "decimal\n",
	"doubling\0", "bogus", "", "iterative\n\n", "0123456789abcdefg",
};

static const char *value(unsigned long n)
{
	mpz_t f;

	pthread_mutex_lock(&values_lock);
	if (!values[n]) {
		mpz_init(f);
		mpz_fib_ui(f, n);
		values[n] = mpz_get_str(NULL, 10, f);
		mpz_clear(f);
	}
	pthread_mutex_unlock(&values_lock);
	return values[n];
}

static bool untouched(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] != SENTINEL)
			return false;
	}
	return true;
}

static const unsigned int types[] = {
	FIB_IOC_MAGIC - 1, FIB_IOC_MAGIC, FIB_IOC_MAGIC + 1,
};

/* ioctl cmd must be ENOTTY and write nothing; counts it in *wrong if not. */
static void ioctl_other(int fd, unsigned int cmd, unsigned long *wrong)
{
	unsigned char arg[sizeof(struct fib_timing) + 64];

	memset(arg, SENTINEL, sizeof(arg));
	if ((ioctl(fd, cmd, arg) != -1 || errno != ENOTTY ||
	     !untouched(arg, sizeof(arg))) && !(*wrong)++)
		check(false, "ioctl 0x%08x is ENOTTY and writes nothing", cmd);
}

/* The commands the module answers: the fuzzer checks them apart. */
static bool own_cmd(unsigned int cmd)
{
	return cmd == FIB_IOC_GET_TIMING || cmd == FIB_IOC_GET_TIMING_V1 ||
	       cmd == FIB_IOC_SET_CACHE;
}

/* Every size of one direction, type and number. */
static unsigned long ioctl_sizes(int fd, unsigned int dir, unsigned int type,
				 unsigned int nr, unsigned long *wrong)
{
	unsigned long calls = 0;
	unsigned int size, cmd;

	for (size = 0; size <= _IOC_SIZEMASK; size++) {
		cmd = _IOC(dir, type, nr, size);
		if (own_cmd(cmd))
			continue;
		ioctl_other(fd, cmd, wrong);
		calls++;
	}
	return calls;
}

static void fuzz_ioctl_numbers(int fd)
{
	static const unsigned int nrs[] = { 0, 1, 2, 255 };
	static const unsigned int dirs[] = {
		_IOC_NONE, _IOC_READ, _IOC_WRITE, _IOC_READ | _IOC_WRITE,
	};
	unsigned long calls = 0, wrong = 0, i;
	unsigned int cmd, t, r, d;

	for (t = 0; t < ARRAY_SIZE(types); t++) {
		for (r = 0; r < ARRAY_SIZE(nrs); r++) {
			for (d = 0; d < ARRAY_SIZE(dirs); d++)
				calls += ioctl_sizes(fd, dirs[d], types[t],
						     nrs[r], &wrong);
		}
	}
	/* Random ones of these types: others may be the VFS's own. */
	for (i = 0; i < 100000; i++) {
		cmd = _IOC(rand_below(4), types[rand_below(3)],
			   rand_below(256), rand_below(_IOC_SIZEMASK + 1));
		if (own_cmd(cmd))
			continue;
		ioctl_other(fd, cmd, &wrong);
		calls++;
	}
	check(!wrong, "%lu other ioctl commands are ENOTTY and write nothing (%lu wrong)",
	      calls, wrong);
}

static void fuzz_ioctl_pointers(int fd)
{
	void *const bad[] = {
		NULL, (void *)1, KERNEL_ADDR, bad_page, ro_page,
		bad_page - sizeof(struct fib_timing) / 2,
		(void *)-1L, (void *)(uintptr_t)(-sizeof(struct fib_timing)),
	};
	struct fib_timing t;
	char buf[32];
	size_t i;

	if (pread(fd, buf, sizeof(buf), 100) != 21)
		check(false, "F(100) has 21 digits");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		errno = 0;
		check(ioctl(fd, FIB_IOC_GET_TIMING, bad[i]) == -1 &&
		      errno == EFAULT,
		      "FIB_IOC_GET_TIMING to bad pointer %zu (%p) is EFAULT (%s)",
		      i, bad[i], strerror(errno));
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		errno = 0;
		check(ioctl(fd, FIB_IOC_GET_TIMING_V1, bad[i]) == -1 &&
		      errno == EFAULT,
		      "FIB_IOC_GET_TIMING_V1 to bad pointer %zu (%p) is EFAULT (%s)",
		      i, bad[i], strerror(errno));
	}
	check(!ioctl(fd, FIB_IOC_GET_TIMING, &t) && t.n == 100 &&
	      t.digits == 21 && t.version == FIB_TIMING_VERSION,
	      "FIB_IOC_GET_TIMING still describes the read of F(100)");
}

/* FIB_IOC_SET_CACHE reads a __u32: unreadable ones, then bad values. */
static void fuzz_set_cache(int fd)
{
	void *const bad[] = {
		NULL, (void *)1, KERNEL_ADDR, bad_page, bad_page - 2,
		(void *)-1L, (void *)(uintptr_t)(-sizeof(__u32)),
	};
	static const __u32 values[] = { 2, 7, 0x100, 0x80000000, ~0U };
	__u32 use;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ret = ioctl(fd, FIB_IOC_SET_CACHE, bad[i]);
		check(ret == -1 && errno == EFAULT,
		      "FIB_IOC_SET_CACHE from bad pointer %zu (%p) is EFAULT (%s)",
		      i, bad[i], strerror(ret ? errno : 0));
	}
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		use = values[i];
		ret = ioctl(fd, FIB_IOC_SET_CACHE, &use);
		check(ret == -1 && errno == EINVAL,
		      "FIB_IOC_SET_CACHE with %#x is EINVAL (%s)", use,
		      strerror(ret ? errno : 0));
	}
	for (use = FIB_CACHE_BYPASS; use <= FIB_CACHE_USE; use++)
		check(!ioctl(fd, FIB_IOC_SET_CACHE, &use),
		      "FIB_IOC_SET_CACHE with %u is accepted", use);
}

struct worker {
	pthread_t thread;
	unsigned int id;
	unsigned long rng;
	int fd;
	char *buf;		/* BUF_SIZE bytes */
	unsigned long ops, values, errors, wrong;
};

static unsigned long w_rand(struct worker *w, unsigned long below)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return below ? w->rng % below : w->rng;
}

static __printf(2, 3) void w_wrong(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	if (w->wrong++ >= 3)
		return;
	pthread_mutex_lock(&report_lock);
	printf("# thread %u: ", w->id);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	pthread_mutex_unlock(&report_lock);
}

/* Whether the file's reads use the cache: good values and bad. */
static void w_set_cache(struct worker *w, int fd)
{
	static const __u32 uses[] = {
		FIB_CACHE_BYPASS, FIB_CACHE_USE, FIB_CACHE_USE + 1, ~0U,
	};
	__u32 use = uses[w_rand(w, ARRAY_SIZE(uses))];
	int ret = ioctl(fd, FIB_IOC_SET_CACHE, &use), err = ret ? errno : 0;

	if (use <= FIB_CACHE_USE ? ret : ret != -1 || err != EINVAL)
		w_wrong(w, "FIB_IOC_SET_CACHE %#x: %d (%s)", use, ret,
			strerror(err));
}

static void write_quietly(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		return;
	/* Refused or not: only what the readers see is checked. */
	if (write(fd, value, strlen(value)) < 0)
		errno = 0;
	close(fd);
}

/* The cache emptied, turned off, made small or back, under the readers. */
static void w_churn_cache(struct worker *w)
{
	static const char *const kbs[] = { "0", "64", "4096" };
	unsigned long pick = w_rand(w, 8);

	if (pick < ARRAY_SIZE(kbs))
		write_quietly(CACHE_KB, kbs[pick]);
	else
		write_quietly(STATS, "1");
}

/* A buffer for a read: mostly good, sometimes bad. */
static char *w_buffer(struct worker *w, bool *good)
{
	*good = true;
	switch (w_rand(w, 16)) {
	case 0:
		*good = false;
		return NULL;
	case 1:
		*good = false;
		return ro_page;
	case 2:
		*good = false;
		return bad_page;
	case 3:
		*good = false;
		return KERNEL_ADDR;
	default:
		return w->buf;
	}
}

static size_t w_count(struct worker *w)
{
	switch (w_rand(w, 8)) {
	case 0:
		return w_rand(w, 8);
	case 1:
		return w_rand(w, 64);
	case 2:
		return SIZE_MAX;
	default:
		return BUF_SIZE;
	}
}

/* The outcome of a read of F(n) into buf (good or not) of count bytes. */
static void w_check_read(struct worker *w, const char *op, long n,
			 ssize_t got, int err, bool good, size_t count)
{
	const char *v;
	size_t len;

	/* The VFS checks the buffer (and count SIZE_MAX) first. */
	if ((!good || count == SIZE_MAX) && got < 0 && err == EFAULT) {
		w->errors++;
		return;
	}
	if (n < 0 || n > MAX_INDEX) {
		if (got >= 0 || err != EINVAL)
			w_wrong(w, "%s at %ld: got %zd (%s), not EINVAL", op, n,
				got, strerror(err));
		return;
	}
	v = value(n);
	len = strlen(v);
	if (got >= 0) {
		if (!good || (size_t)got != len || memcmp(w->buf, v, len))
			w_wrong(w, "%s F(%ld): %zd bytes, not its %zu digits",
				op, n, got, len);
		else
			w->values++;
		return;
	}
	w->errors++;
	if (count == SIZE_MAX && err == EFAULT)
		return;
	if (count < len && err == ERANGE)
		return;
	w_wrong(w, "%s F(%ld) with count %zu, %s buffer: %s", op, n, count,
		good ? "a good" : "a bad", strerror(err));
}

static void w_step(struct worker *w, bool shared)
{
	int fd = shared ? shared_fd : w->fd;
	long n, pos;
	const char *name;
	ssize_t got;
	size_t count;
	bool good;
	int err;

	w->ops++;
	switch (w_rand(w, 7)) {
	case 0:	/* lseek, good or bad */
		n = w_rand(w, 4) ? (long)w_rand(w, MAX_INDEX + 1) :
		    (long)w_rand(w, 0);
		pos = lseek(fd, n, SEEK_SET);
		err = errno;
		if (n >= 0 && n <= MAX_INDEX ? pos != n :
		    pos != -1 || err != EINVAL)
			w_wrong(w, "lseek to %ld: %ld (%s)", n, pos,
				strerror(err));
		break;
	case 1:	/* lseek relative; back into 0..MAX_INDEX */
		n = (long)w_rand(w, 2001) - 1000;
		pos = lseek(fd, n, w_rand(w, 2) ? SEEK_CUR : SEEK_END);
		if (pos == -1 && errno != EINVAL)
			w_wrong(w, "lseek by %ld: %s", n, strerror(errno));
		if (pos > MAX_INDEX)
			lseek(fd, w_rand(w, MAX_INDEX + 1), SEEK_SET);
		break;
	case 2:	/* read at the position; only this thread moves its own */
		pos = shared ? -1 : lseek(fd, 0, SEEK_CUR);
		count = w_count(w);
		memset(w->buf, 0, 64);
		got = read(fd, w_buffer(w, &good), count);
		err = errno;
		if (!shared)
			w_check_read(w, "read", pos, got, err, good, count);
		else if (got < 0 && err != ERANGE && err != EFAULT)
			w_wrong(w, "shared read: %s", strerror(err));
		break;
	case 3:	/* pread */
	case 4:
		n = w_rand(w, 16) ? (long)w_rand(w, MAX_INDEX + 1) :
		    (long)w_rand(w, 0);
		count = w_count(w);
		got = pread(fd, w_buffer(w, &good), count, n);
		err = errno;
		w_check_read(w, "pread", n, got, err, good, count);
		break;
	case 5:	/* the cache: this file's choice, or everyone's cache */
		if (w_rand(w, 16))
			w_set_cache(w, fd);
		else
			w_churn_cache(w);
		break;
	default: /* write: the timing, a name, bad buffers */
		name = names[w_rand(w, ARRAY_SIZE(names))];
		count = w_rand(w, 8) ? strlen(name) + (name[0] && !w_rand(w, 4)) :
			w_rand(w, 64);
		/* The computation at a large position would take long. */
		if (!shared && lseek(fd, 0, SEEK_CUR) > 5000)
			lseek(fd, w_rand(w, 5000), SEEK_SET);
		got = write(fd, w_rand(w, 8) ? (const void *)name :
			    (const void *)bad_page, count);
		if (got < 0 && errno != EINVAL && errno != EFAULT)
			w_wrong(w, "write of %zu bytes: %s", count,
				strerror(errno));
		break;
	}
}

static void *w_run(void *arg)
{
	struct worker *w = arg;
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		w_step(w, w_rand(w, 4) == 0);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < (time_t)seconds);
	return NULL;
}

static void fuzz_threads(void)
{
	struct worker w[THREADS];
	unsigned long ops = 0, vals = 0, errs = 0, wrong = 0;
	unsigned int i;
	ssize_t got;

	shared_fd = open_device();
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].id = i;
		w[i].rng = rand_u64() | 1;
		w[i].fd = open_device();
		w[i].buf = malloc(BUF_SIZE);
		if (!w[i].buf || pthread_create(&w[i].thread, NULL, w_run,
						&w[i])) {
			fprintf(stderr, "fuzz_device: cannot start threads\n");
			exit(2);
		}
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		ops += w[i].ops;
		vals += w[i].values;
		errs += w[i].errors;
		wrong += w[i].wrong;
		got = pread(w[i].fd, w[i].buf, BUF_SIZE, 10000);
		check(got == (ssize_t)strlen(value(10000)) &&
		      !memcmp(w[i].buf, value(10000), got),
		      "thread %u's file reads F(10000) exactly afterwards", i);
		close(w[i].fd);
		free(w[i].buf);
	}
	close(shared_fd);
	write_quietly(CACHE_KB, "4096");
	printf("# %u threads, %u s: %lu operations, %lu exact values, %lu errors as documented\n",
	       THREADS, seconds, ops, vals, errs);
	check(!wrong && vals > 0,
	      "mixed lseek, read, pread, write, ioctl from %u threads: %lu wrong",
	      THREADS, wrong);
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	char *map;
	int fd;

	if (argc > 1)
		seconds = strtoul(argv[1], NULL, 10);
	check_init();
	map = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return 2;
	ro_page = map;
	bad_page = map + 2 * page;
	if (mprotect(ro_page, page, PROT_READ) ||
	    mprotect(bad_page, page, PROT_NONE))
		return 2;
	fd = open_device();
	fuzz_ioctl_pointers(fd);
	fuzz_set_cache(fd);
	fuzz_ioctl_numbers(fd);
	close(fd);
	fuzz_threads();
	return check_finish();
}
