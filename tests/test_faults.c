// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_faults: fails the allocations of each operation on /dev/fibonacci
 * one by one, as syzkaller does: before the call, k is written to
 * /proc/thread-self/fail-nth, so that the k-th fault point (slab or page
 * allocation) of this thread fails, for k = 1, 2, 3 ... until a run in
 * which no fault was injected (fail-nth reads back non-zero). At every k
 * the call must either succeed with the exact value (a fault absorbed by
 * a fallback) or fail with ENOMEM and change nothing (position, timing,
 * algorithm, parameter), and the same file must then read the exact value.
 * Every expected value is GMP's. Prints, per operation, the fault points
 * and how many faults were injected and failed the call.
 *
 * A second sweep fails every fault point from the k-th on: with failslab
 * and fail_page_alloc at probability 100, times -1 and task-filter Y, a
 * task whose make-it-fail is 1 fails every allocation once fail-nth has
 * counted down to 0 (lib/fault-inject.c). kvmalloc() above a page first
 * tries kmalloc() and then vmalloc(); one fault fails only the first, so
 * only this sweep makes both fail and the buffer NULL. make-it-fail is 1
 * for the call alone; a page fault of ours inside it would fail too (and
 * a user page fault that fails is retried for ever), so before this sweep
 * the program touches its stack and locks all its memory. And a call of
 * each read with buffers above a page runs with every page allocation of
 * order 1 and up failing, as on memory too fragmented for them: each of
 * those buffers then comes from vmalloc(), all in the same call.
 *
 * The files bypass the module's cache (FIB_CACHE_BYPASS): a read served
 * by it allocates nothing, which would end the loop at its first k. The
 * cache's own allocations are failed by reads of files that use it, with
 * the cache emptied before each call (STATS, in debugfs), which must then
 * read the exact value twice, the second time from the cache.
 *
 * A sequential read whose number outgrows the pair kept in the file grows
 * it (fib_grow()): the walk n0, n0 + 1, ... finds that read by counting
 * the fault points of each read of two files in step, and the sweeps then
 * fail it.
 *
 * Needs the debug kernel's fault injection set as tests/debug_check.sh
 * sets it (failslab and fail_page_alloc failing sleeping, order-0 and
 * highmem allocations, and the task filter above). The calls that fail
 * are listed by k: with kmemleak, each slab allocation is two fault
 * points, the object's and then kmemleak's record of it (which falls back
 * on a pool), so the module's allocations are the odd k of a call's first
 * ones. scripts/fault-sites.sh tells which allocation each k failed.
 *
 * Usage: test_faults [--load FIBDRV_KO]
 * Environment: FAULTS_KMSG=1 writes "test_faults: <operation>, fault <k>"
 * (and "and on" when every fault point from the k-th on fails) into the
 * kernel log before each call and "test_faults: the call returned <r>"
 * after it, so that what the kernel prints about the call can be told
 * apart.
 *   --load KO  fails finit_module(KO, "max_n=1000") instead (fibdrv must
 *              not be loaded): it must load whole or leave nothing.
 * Exit status: 0 all passed, 1 a check failed, 2 a usage error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <gmp.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "device.h"
#include "uapi/fibdrv.h"

#define PARAMS "/sys/module/fibdrv/parameters/"
#define STATS "/sys/kernel/debug/fibdrv/cache"
#define FAULT_ATTRS "/sys/kernel/debug/"
#define LOAD_PARAM "max_n=1000"
#define LOAD_N "1000"
/* Every k up to here; then steps of k / STRIDE_DIV for the slow calls. */
#define STRIDE_FROM 32
#define STRIDE_DIV 16
#define SPARSE_FROM 8		/* and doubling steps from here, slower ones */
#define TAIL_MAX 1024		/* every k of the last tail ones, up to here */
#define REPORTS_MAX 5		/* wrong outcomes shown per operation */
#define LIST_MAX 200		/* room for the list of failing k */

static int nth_fd = -1;
static int fail_fd = -1;	/* /proc/thread-self/make-it-fail */
static int kmsg_fd = -1;	/* with FAULTS_KMSG=1: each call is marked */

/* One operation under test: its state and what it must produce. */
struct ctx {
	char what[64];
	unsigned long n;
	const char *algo;
	const char *algo2;	/* write: the algorithm it switches to */
	const char *path;	/* sysfs: the parameter's file */
	const char *value;	/* sysfs: what is written */
	char before[64];	/* sysfs: its value before */
	int fd;
	char *expect;		/* F(n) in decimal, GMP's */
	size_t len;
	char *buf;
	size_t size;
	bool stride;		/* slow: every k only up to STRIDE_FROM */
	bool sparse;		/* slower: every k only up to SPARSE_FROM */
	unsigned long tail;	/* and then every k of the last ones */
	bool from;		/* every fault point from the k-th on fails */
	char why[160];		/* what was wrong, for the report */
};

struct kind {
	void (*setup)(struct ctx *c);		/* no fault injected */
	long (*call)(struct ctx *c);		/* under fail-nth */
	bool (*after)(struct ctx *c, long ret, int err);
	void (*teardown)(struct ctx *c);
};

static __printf(2, 3) bool wrong(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return false;
}

static void die(const char *what)
{
	fprintf(stderr, "test_faults: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void nth_write(unsigned long k)
{
	char buf[24];
	int len = snprintf(buf, sizeof(buf), "%lu", k);

	if (pwrite(nth_fd, buf, len, 0) != len)
		die("cannot write /proc/thread-self/fail-nth");
}

/* Fault points left before the k-th; 0 when it was injected. */
static unsigned long nth_read(void)
{
	char buf[24];
	ssize_t got = pread(nth_fd, buf, sizeof(buf) - 1, 0);

	if (got <= 0)
		die("cannot read /proc/thread-self/fail-nth");
	buf[got] = '\0';
	return strtoul(buf, NULL, 10);
}

/*
 * With FAULTS_KMSG=1, a line of the kernel log, at KERN_INFO. One write:
 * dprintf() would first seek, which /dev/kmsg refuses for SEEK_CUR.
 */
static __printf(1, 2) void kmsg_mark(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int len;

	if (kmsg_fd < 0)
		return;
	len = snprintf(line, sizeof(line), "<6>test_faults: ");
	va_start(ap, fmt);
	len += vsnprintf(line + len, sizeof(line) - len - 1, fmt, ap);
	va_end(ap);
	if (len > (int)sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	if (write(kmsg_fd, line, len) != len)
		die("cannot write to /dev/kmsg");
}

/*
 * make-it-fail: while it is 1, every fault point after fail-nth's fails.
 * Neither write allocates, so neither uses up a fault point.
 */
static void fail_from_here(bool on)
{
	if (pwrite(fail_fd, on ? "1" : "0", 1, 0) != 1)
		die("cannot write /proc/thread-self/make-it-fail");
}

/*
 * The k after k: every one, or for a slow call every one up to
 * STRIDE_FROM and then steps of k / STRIDE_DIV, or (c->sparse, a very
 * slow one) every one up to SPARSE_FROM and then twice k.
 */
static unsigned long next_k(const struct ctx *c, unsigned long k)
{
	if (c->sparse && k >= SPARSE_FROM)
		return 2 * k;
	if (!c->stride || k < STRIDE_FROM)
		return k + 1;
	return k + k / STRIDE_DIV;
}

/* The call under fail-nth k, and from k on with c->from; k's outcome. */
static long faulted_call(struct ctx *c, const struct kind *kd,
			 unsigned long k, int *err, unsigned long *left)
{
	long ret;

	kmsg_mark("%s, fault %lu%s", c->what, k, c->from ? " and on" : "");
	nth_write(k);
	if (c->from)
		fail_from_here(true);
	errno = 0;
	ret = kd->call(c);
	*err = errno;
	if (c->from)
		fail_from_here(false);
	*left = nth_read();
	nth_write(0);
	kmsg_mark("the call returned %ld", ret);
	return ret;
}

/* What the k of one operation came to. */
struct tally {
	unsigned long injected, failed, bad;
	bool first_failed;
	char list[LIST_MAX];	/* the k that failed the call */
	size_t used;
};

/* One k, checked; returns how many fault points were left (0: reached). */
static unsigned long one_k(struct ctx *c, const struct kind *kd,
			   unsigned long k, struct tally *t)
{
	unsigned long left;
	long ret;
	int err;
	bool ok;

	kd->setup(c);
	c->why[0] = '\0';
	ret = faulted_call(c, kd, k, &err, &left);
	ok = kd->after(c, ret, err);
	kd->teardown(c);
	if (!ok && ++t->bad <= REPORTS_MAX)
		check(false, "%s, fault %lu%s: %s", c->what, k,
		      c->from ? " and on" : "", c->why);
	if (left)
		return left;
	t->injected++;
	if (ret < 0 && k == 1)
		t->first_failed = true;
	if (ret < 0 && t->failed++ < 40)
		t->used += snprintf(t->list + t->used,
				    sizeof(t->list) - t->used, " %lu", k);
	return 0;
}

/*
 * The loop: k = 1, 2, 3 ... until a run in which the k-th fault point
 * was never reached, and then, when it sampled, every k of the last
 * c->tail points. must_fail: the operation allocates, so some fault
 * must have failed it (else fault injection is not working); from k on,
 * already its first one, which nothing can absorb.
 */
static void systematic(struct ctx *c, const struct kind *kd, bool must_fail)
{
	bool tried[TAIL_MAX] = { false };
	unsigned long k, left, points;
	struct tally t = { 0 };

	for (k = 1;; k = next_k(c, k)) {
		left = one_k(c, kd, k, &t);
		if (k < TAIL_MAX)
			tried[k] = true;
		if (left) {
			points = k - left;
			break;
		}
	}
	for (k = points > c->tail ? points - c->tail + 1 : 1;
	     c->tail && k <= points && k < TAIL_MAX; k++) {
		if (!tried[k])
			one_k(c, kd, k, &t);
	}
	printf("# %s%s: %lu fault points, %lu injected%s, %lu failed the call%s%s\n",
	       c->what, c->from ? ", failing from the k-th on" : "", points,
	       t.injected, c->stride || c->sparse ? " (sampled)" : "",
	       t.failed, t.failed ? ", at k =" : "", t.list);
	check(!t.bad, "%s%s: every fault left it exact or ENOMEM and unchanged (%lu wrong)",
	      c->what, c->from ? " from the k-th on" : "", t.bad);
	if (must_fail && c->from)
		check(t.first_failed, "%s, failing every fault point: it fails",
		      c->what);
	else if (must_fail)
		check(t.failed > 0, "%s: some injected fault failed it (%lu of %lu)",
		      c->what, t.failed, t.injected);
}

static void ctx_value(struct ctx *c, unsigned long n)
{
	c->n = n;
	c->expect = fib_gmp(n);
	c->len = strlen(c->expect);
	c->size = c->len + 16;
	c->buf = malloc(c->size);
	if (!c->buf)
		die("malloc");
}

static void ctx_free(struct ctx *c)
{
	free(c->expect);
	free(c->buf);
}

/* A file using the cache, with algo chosen while the position is 0. */
static int open_cached(const char *algo)
{
	int fd = open_device();

	if (write(fd, algo, strlen(algo)) < 0)
		die("cannot choose the algorithm");
	return fd;
}

/* A file that always computes. */
static int open_algo(const char *algo)
{
	__u32 bypass = FIB_CACHE_BYPASS;
	int fd = open_cached(algo);

	if (ioctl(fd, FIB_IOC_SET_CACHE, &bypass))
		die("cannot bypass the cache");
	return fd;
}

/* A fault on the buffer in copy_to_user() would be EFAULT: touch it. */
static void touch(struct ctx *c)
{
	memset(c->buf, 0x5a, c->size);
}

static bool is_exact(const struct ctx *c, long got)
{
	return got == (long)c->len && !memcmp(c->buf, c->expect, c->len);
}

/* The timing ioctl: the errno, or 0 with *t filled. */
static int timing(int fd, struct fib_timing *t)
{
	return ioctl(fd, FIB_IOC_GET_TIMING, t) ? errno : 0;
}

/*
 * After the faulted call: the same file reads F(n) again, exactly, by the
 * algorithm algo (when the read is not a small one, which names the file's
 * algorithm anyway), and the timing describes that read.
 */
static bool reread(struct ctx *c, const char *algo)
{
	struct fib_timing t;
	ssize_t got;

	touch(c);
	got = pread(c->fd, c->buf, c->size, c->n);
	if (!is_exact(c, got))
		return wrong(c, "the read afterwards is not exact (%zd, %s)",
			     got, got < 0 ? strerror(errno) : "wrong digits");
	if (timing(c->fd, &t) || t.n != c->n || t.digits != c->len)
		return wrong(c, "the timing afterwards is not the read's");
	if (algo && strcmp(t.algo, algo))
		return wrong(c, "the file's algorithm is %s, not %s", t.algo,
			     algo);
	return true;
}

/* A failed call: ENOMEM, and the position and timing are as they were. */
static bool unchanged(struct ctx *c, int err, off_t pos, unsigned long tn)
{
	struct fib_timing t;
	int terr;

	if (err != ENOMEM)
		return wrong(c, "failed with %s, not ENOMEM", strerror(err));
	if (lseek(c->fd, 0, SEEK_CUR) != pos)
		return wrong(c, "the failed call moved the position");
	terr = timing(c->fd, &t);
	if (tn == (unsigned long)-1 ? terr != ENODATA : terr || t.n != tn)
		return wrong(c, "the failed call changed the timing");
	return true;
}

/* open */

static void open_setup(struct ctx *c)
{
	c->fd = -1;
}

static long open_call(struct ctx *c)
{
	c->fd = open(DEVICE, O_RDWR);
	return c->fd;
}

static bool open_after(struct ctx *c, long ret, int err)
{
	if (ret < 0) {
		if (err != ENOMEM)
			return wrong(c, "failed with %s, not ENOMEM",
				     strerror(err));
		c->fd = open_device();
	}
	return reread(c, NULL);
}

static void close_fd(struct ctx *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static const struct kind open_kind = {
	open_setup, open_call, open_after, close_fd,
};

/* read at n, with the file's algorithm */

static void read_setup(struct ctx *c)
{
	c->fd = open_algo(c->algo);
	if (lseek(c->fd, c->n, SEEK_SET) != (off_t)c->n)
		die("lseek");
	touch(c);
}

static long read_call(struct ctx *c)
{
	return read(c->fd, c->buf, c->size);
}

static bool read_after(struct ctx *c, long ret, int err)
{
	if (ret >= 0 && !is_exact(c, ret))
		return wrong(c, "returned %ld, not the exact %zu digits", ret,
			     c->len);
	if (ret < 0 && !unchanged(c, err, c->n, -1))
		return false;
	return reread(c, c->n > FIB_REGISTERS_N_MAX ? c->algo : NULL);
}

static const struct kind read_kind = {
	read_setup, read_call, read_after, close_fd,
};

/* read at n through the emptied cache: its flight and entry fail too */

static void cache_empty(void)
{
	int fd = open(STATS, O_WRONLY);

	if (fd < 0 || write(fd, "1", 1) != 1)
		die("cannot empty the cache through " STATS);
	close(fd);
}

static void cached_setup(struct ctx *c)
{
	cache_empty();
	c->fd = open_cached(c->algo);
	if (lseek(c->fd, c->n, SEEK_SET) != (off_t)c->n)
		die("lseek");
	touch(c);
}

/* The read afterwards fills the cache, if the call did not: then a hit. */
static bool cached_after(struct ctx *c, long ret, int err)
{
	struct fib_timing t;

	if (!read_after(c, ret, err) || !reread(c, c->algo))
		return false;
	if (timing(c->fd, &t) || t.source != FIB_SOURCE_CACHED)
		return wrong(c, "the cache serves no hit afterwards");
	return true;
}

static const struct kind cached_kind = {
	cached_setup, read_call, cached_after, close_fd,
};

/* read of n after n - 1: the kept pair */

static void next_setup(struct ctx *c)
{
	ssize_t got;

	c->fd = open_algo(c->algo);
	got = pread(c->fd, c->buf, c->size, c->n - 1);
	if (got <= 0 || lseek(c->fd, c->n, SEEK_SET) != (off_t)c->n)
		die("the read before the kept pair");
	touch(c);
}

static bool next_after(struct ctx *c, long ret, int err)
{
	struct fib_timing t;

	if (ret >= 0) {
		if (!is_exact(c, ret))
			return wrong(c, "returned %ld, not the exact %zu digits",
				     ret, c->len);
		if (timing(c->fd, &t) || t.n != c->n)
			return wrong(c, "the timing is not this read's");
	} else if (!unchanged(c, err, c->n, c->n - 1)) {
		return false;
	}
	return reread(c, c->algo);
}

static const struct kind next_kind = {
	next_setup, read_call, next_after, close_fd,
};

/*
 * A walk of sequential reads n0, n0 + 1, ... from a pair sized for n0:
 * the read at c->n is the first that outgrows the pair and grows it
 * (fib_grow()). Up to WALK_TO the digits stay on the module's stack.
 */
#define WALK_FROM 1000
#define WALK_TO 2300		/* F(2300) has 481 digits */
#define WALK_DIGITS 512
#define WALK_NTH 100000		/* fail-nth while only counting */

/* Reads WALK_FROM .. to - 1 in turn on fd. */
static void walk_to(int fd, unsigned long to)
{
	char buf[WALK_DIGITS];
	unsigned long n;

	for (n = WALK_FROM; n < to; n++) {
		if (pread(fd, buf, sizeof(buf), n) <= 0)
			die("a read of the walk");
	}
}

static void walk_setup(struct ctx *c)
{
	c->fd = open_algo(c->algo);
	walk_to(c->fd, c->n);
	if (lseek(c->fd, c->n, SEEK_SET) != (off_t)c->n)
		die("lseek");
	touch(c);
}

static const struct kind walk_kind = {
	walk_setup, read_call, next_after, close_fd,
};

/* The fault points of the read of F(n) on fd, counted, none failed. */
static unsigned long points_at(int fd, unsigned long n)
{
	char buf[WALK_DIGITS];
	unsigned long left;
	ssize_t got;

	nth_write(WALK_NTH);
	got = pread(fd, buf, sizeof(buf), n);
	left = nth_read();
	nth_write(0);
	if (got <= 0 || !left)
		die("a read of the walk");
	return WALK_NTH - left;
}

/*
 * The read of the walk that grows the pair: the first at which two files
 * walking in step both count at least two fault points (an allocation and
 * kmemleak's record of it) more than the fewest any read of theirs had.
 * A slab that takes a new page adds one to a single read. 0 if no read up
 * to WALK_TO did.
 */
static unsigned long walk_grows(const char *algo)
{
	int a = open_algo(algo), b = open_algo(algo);
	unsigned long n, pa, pb, fewest = WALK_NTH, found = 0;

	walk_to(a, WALK_FROM + 1);
	walk_to(b, WALK_FROM + 1);
	for (n = WALK_FROM + 1; n <= WALK_TO && !found; n++) {
		pa = points_at(a, n);
		pb = points_at(b, n);
		if (pa >= fewest + 2 && pb >= fewest + 2)
			found = n;
		if (pa < fewest)
			fewest = pa;
		if (pb < fewest)
			fewest = pb;
	}
	close(a);
	close(b);
	return found;
}

/* pread at n, position 0 */

static void pread_setup(struct ctx *c)
{
	c->fd = open_algo(c->algo);
	touch(c);
}

static long pread_call(struct ctx *c)
{
	return pread(c->fd, c->buf, c->size, c->n);
}

static bool pread_after(struct ctx *c, long ret, int err)
{
	if (ret >= 0 && !is_exact(c, ret))
		return wrong(c, "returned %ld, not the exact %zu digits", ret,
			     c->len);
	if (ret < 0 && !unchanged(c, err, 0, -1))
		return false;
	if (lseek(c->fd, 0, SEEK_CUR) != 0)
		return wrong(c, "pread moved the position");
	return reread(c, c->algo);
}

static const struct kind pread_kind = {
	pread_setup, pread_call, pread_after, close_fd,
};

/*
 * write at n: len 0 times the file's algorithm; with algo2, switches to
 * it, which a failed write must not do.
 */

static long write_call(struct ctx *c)
{
	const char *name = c->algo2 ? c->algo2 : "";

	return write(c->fd, name, strlen(name));
}

static bool write_after(struct ctx *c, long ret, int err)
{
	if (ret < 0) {
		if (!unchanged(c, err, c->n, -1))
			return false;
		return reread(c, c->algo);
	}
	return reread(c, c->algo2 ? c->algo2 : c->algo);
}

static const struct kind write_kind = {
	read_setup, write_call, write_after, close_fd,
};

/* the timing ioctl after a read */

static void ioctl_setup(struct ctx *c)
{
	read_setup(c);
	if (read(c->fd, c->buf, c->size) != (ssize_t)c->len)
		die("the read before the ioctl");
}

static long ioctl_call(struct ctx *c)
{
	struct fib_timing t;

	return ioctl(c->fd, FIB_IOC_GET_TIMING, &t);
}

static bool ioctl_after(struct ctx *c, long ret, int err)
{
	if (ret < 0 && err != ENOMEM)
		return wrong(c, "failed with %s, not ENOMEM", strerror(err));
	return reread(c, c->algo);
}

static const struct kind ioctl_kind = {
	ioctl_setup, ioctl_call, ioctl_after, close_fd,
};

/* a write to a parameter in sysfs */

static void param_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t got;

	if (fd < 0)
		die(path);
	got = read(fd, buf, size - 1);
	if (got < 0)
		die(path);
	buf[got] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	close(fd);
}

static void param_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, value, strlen(value)) < 0)
		die(path);
	close(fd);
}

static void param_setup(struct ctx *c)
{
	param_read(c->path, c->before, sizeof(c->before));
	c->fd = open(c->path, O_WRONLY);
	if (c->fd < 0)
		die(c->path);
}

static long param_call(struct ctx *c)
{
	return write(c->fd, c->value, strlen(c->value));
}

static bool param_after(struct ctx *c, long ret, int err)
{
	char now[64];

	close_fd(c);
	param_read(c->path, now, sizeof(now));
	if (ret < 0) {
		if (err != ENOMEM)
			return wrong(c, "failed with %s, not ENOMEM",
				     strerror(err));
		if (strcmp(now, c->before))
			return wrong(c, "the failed write changed it to %s",
				     now);
	} else if (strcmp(now, c->value)) {
		return wrong(c, "reads back %s, not %s", now, c->value);
	}
	param_write(c->path, c->before);
	c->fd = open_device();
	return reread(c, NULL);
}

static const struct kind param_kind = {
	param_setup, param_call, param_after, close_fd,
};

/* finit_module: whole or nothing */

static int module_left(void)
{
	char line[256];
	FILE *f;
	int found = 0;

	if (!access(DEVICE, F_OK))
		found |= 1;
	if (!access("/sys/module/fibdrv", F_OK))
		found |= 2;
	if (!access("/sys/class/misc/fibonacci", F_OK))
		found |= 4;
	f = fopen("/proc/misc", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, "fibonacci"))
			found |= 8;
	}
	if (f)
		fclose(f);
	return found;
}

static void load_setup(struct ctx *c)
{
	c->fd = open(c->path, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0)
		die(c->path);
}

static long load_call(struct ctx *c)
{
	return syscall(SYS_finit_module, c->fd, LOAD_PARAM, 0);
}

static bool load_after(struct ctx *c, long ret, int err)
{
	int left, dev;
	char now[64];
	bool ok;

	close_fd(c);
	if (ret < 0) {
		if (err != ENOMEM)
			return wrong(c, "failed with %s, not ENOMEM",
				     strerror(err));
		left = module_left();
		if (left)
			return wrong(c, "a failed load left %s%s%s%s",
				     left & 1 ? DEVICE " " : "",
				     left & 2 ? "/sys/module/fibdrv " : "",
				     left & 4 ? "/sys/class/misc/fibonacci " : "",
				     left & 8 ? "a misc minor" : "");
		return true;
	}
	param_read(PARAMS "max_n", now, sizeof(now));
	dev = open(DEVICE, O_RDWR);
	c->fd = dev;
	ok = dev >= 0 && !strcmp(now, LOAD_N) &&
	     reread(c, NULL);
	if (dev < 0 || strcmp(now, LOAD_N))
		wrong(c, "loaded, but no device or max_n %s", now);
	close_fd(c);
	if (syscall(SYS_delete_module, "fibdrv", O_NONBLOCK))
		return wrong(c, "cannot unload: %s", strerror(errno));
	if (module_left())
		return wrong(c, "the unload left something behind");
	return ok;
}

static void no_teardown(struct ctx *c)
{
	(void)c;
}

static const struct kind load_kind = {
	load_setup, load_call, load_after, no_teardown,
};

static const char *const algos[] = {
	"iterative", "doubling-basic", "doubling", "decimal",
};

/*
 * Cheap reads every algorithm takes (F(12000), of 130 limbs, is the
 * first to convert by divide and conquer); F(10^5), the largest whose
 * pair a read keeps (and whose buffers are all above a page), and F(10^6)
 * only by the fast ones.
 */
static const unsigned long read_ns[] = { 0, 100, 187, 10000, 12000 };
static const unsigned long large_ns[] = { 100000, 1000000 };
static const char *const large_algos[] = { "doubling", "decimal" };
#define LARGE_N 1000000
/*
 * F(5 * 10^6), of 54,000 limbs and well above the power of 10 below it,
 * is converted by the scaled remainder tree (arith/dec_srt.c), which has a
 * workspace of its own. max_n must allow it.
 */
#define SRT_N 5000000

static void sweep(const struct kind *kd, const char *what, unsigned long n,
		  const char *algo, bool must_fail, bool stride, bool from)
{
	struct ctx c = {
		.algo = algo, .stride = stride, .from = from, .fd = -1,
	};

	snprintf(c.what, sizeof(c.what), "%s", what);
	ctx_value(&c, n);
	systematic(&c, kd, must_fail);
	ctx_free(&c);
}

static void run(const struct kind *kd, const char *what, unsigned long n,
		const char *algo, bool must_fail, bool stride)
{
	sweep(kd, what, n, algo, must_fail, stride, false);
}

/* Every fault point from the k-th on: the call must fail from k = 1. */
static void run_from(const struct kind *kd, const char *what,
		     unsigned long n, const char *algo, bool stride)
{
	sweep(kd, what, n, algo, true, stride, true);
}

static void run_reads(void)
{
	char what[64];
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(read_ns); i++) {
		for (j = 0; j < ARRAY_SIZE(algos); j++) {
			snprintf(what, sizeof(what), "read F(%lu) %s",
				 read_ns[i], algos[j]);
			run(&read_kind, what, read_ns[i], algos[j],
			    read_ns[i] > FIB_REGISTERS_N_MAX, false);
		}
	}
	for (i = 0; i < ARRAY_SIZE(large_ns); i++) {
		for (j = 0; j < ARRAY_SIZE(large_algos); j++) {
			snprintf(what, sizeof(what), "read F(%lu) %s",
				 large_ns[i], large_algos[j]);
			run(&read_kind, what, large_ns[i], large_algos[j],
			    false, true);
		}
	}
}

/* The reads through the cache, small entries (kmalloc) and large. */
static void run_cached_reads(void)
{
	char what[64];
	size_t j;

	for (j = 0; j < ARRAY_SIZE(algos); j++) {
		snprintf(what, sizeof(what), "cached read F(10000) %s",
			 algos[j]);
		run(&cached_kind, what, 10000, algos[j], true, false);
	}
	snprintf(what, sizeof(what), "cached read F(%d) decimal", LARGE_N);
	run(&cached_kind, what, LARGE_N, "decimal", false, true);
}

/* The read that grows the pair, in radix 2^64 and in radix 10^19. */
static void run_walks(bool from)
{
	char what[64];
	unsigned long n;
	size_t j;

	for (j = 0; j < ARRAY_SIZE(large_algos); j++) {
		n = walk_grows(large_algos[j]);
		if (!check(n, "reading F(%d), F(%d) ... %s, a read up to F(%d) grows the pair",
			   WALK_FROM, WALK_FROM + 1, large_algos[j], WALK_TO))
			continue;
		snprintf(what, sizeof(what), "read F(%lu) after F(%d .. %lu) %s",
			 n, WALK_FROM, n - 1, large_algos[j]);
		sweep(&walk_kind, what, n, large_algos[j], true, false, from);
	}
}

static void run_others(void)
{
	struct ctx c = { .fd = -1 };
	size_t j;

	run(&open_kind, "open", 10000, NULL, true, false);
	for (j = 0; j < ARRAY_SIZE(algos); j++) {
		char what[64];

		snprintf(what, sizeof(what), "read F(10001) after F(10000) %s",
			 algos[j]);
		run(&next_kind, what, 10001, algos[j], true, false);
	}
	run(&pread_kind, "pread F(10000) decimal", 10000, "decimal", true,
	    false);
	run(&write_kind, "write \"\" at 10000 (timing) doubling", 10000,
	    "doubling", true, false);

	snprintf(c.what, sizeof(c.what),
		 "write \"doubling\" at 10000 to a decimal file");
	c.algo = "decimal";
	c.algo2 = "doubling";
	ctx_value(&c, 10000);
	systematic(&c, &write_kind, true);
	ctx_free(&c);

	run(&ioctl_kind, "ioctl FIB_IOC_GET_TIMING", 10000, "decimal", false,
	    false);

	memset(&c, 0, sizeof(c));
	c.fd = -1;
	snprintf(c.what, sizeof(c.what), "write max_n in sysfs");
	c.path = PARAMS "max_n";
	c.value = "123456";
	ctx_value(&c, 10000);
	systematic(&c, &param_kind, true);
	snprintf(c.what, sizeof(c.what), "write algo in sysfs");
	c.path = PARAMS "algo";
	c.value = "doubling";
	systematic(&c, &param_kind, true);
	snprintf(c.what, sizeof(c.what), "write cache_kb in sysfs");
	c.path = PARAMS "cache_kb";
	c.value = "1024";
	systematic(&c, &param_kind, true);
	ctx_free(&c);
}

/*
 * F(SRT_N) takes over a second to compute here: k = 1 ... SPARSE_FROM and
 * then doubling steps, from the k-th on, which fail its pair, work area,
 * digits and then the tree's workspace (a vmalloc() of many fault points,
 * being above kmalloc()'s largest); the fragmented read has it whole.
 */
static void run_srt(void)
{
	struct ctx c = {
		.algo = "doubling", .sparse = true, .from = true, .fd = -1,
	};

	snprintf(c.what, sizeof(c.what), "read F(%d) doubling", SRT_N);
	ctx_value(&c, SRT_N);
	systematic(&c, &read_kind, true);
	ctx_free(&c);
}

/*
 * The sweeps that fail every fault point from the k-th on: the reads
 * whose buffers are above a page (kvmalloc()'s vmalloc() then fails too:
 * the conversion's workspace from F(12000), everything from F(10^5), the
 * cache's entry of F(10^6), the scaled remainder tree's workspace), the
 * kept pair, its growth and a write.
 */
static void run_from_all(void)
{
	char what[64];
	size_t i, j;

	for (i = 3; i < ARRAY_SIZE(read_ns); i++) {
		for (j = 0; j < ARRAY_SIZE(algos); j++) {
			snprintf(what, sizeof(what), "read F(%lu) %s",
				 read_ns[i], algos[j]);
			run_from(&read_kind, what, read_ns[i], algos[j], false);
		}
	}
	for (i = 0; i < ARRAY_SIZE(large_ns); i++) {
		for (j = 0; j < ARRAY_SIZE(large_algos); j++) {
			snprintf(what, sizeof(what), "read F(%lu) %s",
				 large_ns[i], large_algos[j]);
			run_from(&read_kind, what, large_ns[i], large_algos[j],
				 true);
		}
	}
	run_srt();
	snprintf(what, sizeof(what), "cached read F(%d) decimal", LARGE_N);
	run_from(&cached_kind, what, LARGE_N, "decimal", true);
	for (j = 0; j < ARRAY_SIZE(algos); j++) {
		snprintf(what, sizeof(what), "read F(10001) after F(10000) %s",
			 algos[j]);
		run_from(&next_kind, what, 10001, algos[j], false);
	}
	run_from(&write_kind, "write \"\" at 10000 (timing) doubling", 10000,
		 "doubling", false);
	run_walks(true);
}

/*
 * The module's own allocations while it loads (its init: the shrinker,
 * the misc device, debugfs) are among the last fault points of a load:
 * every k of the last 64, the loader's before them sampled.
 */
static void run_load(const char *ko)
{
	struct ctx c = { .fd = -1, .path = ko, .stride = true, .tail = 64 };

	if (module_left()) {
		fprintf(stderr, "test_faults: fibdrv is loaded: rmmod it\n");
		exit(2);
	}
	snprintf(c.what, sizeof(c.what), "finit_module(\"%s\")", LOAD_PARAM);
	ctx_value(&c, 30);
	systematic(&c, &load_kind, true);
	ctx_free(&c);
}

static void fault_attr_set(const char *attr, const char *file,
			   const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), FAULT_ATTRS "%s/%s", attr, file);
	param_write(path, value);
}

/*
 * Memory too fragmented for any block of two pages: every page allocation
 * of order 1 and up of the call fails (fail_page_alloc's min-order 1,
 * failslab's probability 0, for make-it-fail's while), so that each
 * kvmalloc() above a page gets its memory from vmalloc(), all at once;
 * one fault at a time does that only now and then, as slabs taking new
 * pages move the fault points between runs. The call must be exact, or
 * ENOMEM and change nothing (when a slab of such pages was needed).
 */
static void fragmented(const struct kind *kd, const char *what,
		       unsigned long n, const char *algo)
{
	struct ctx c = { .algo = algo, .fd = -1 };
	long ret;
	int err;
	bool ok;

	snprintf(c.what, sizeof(c.what), "%s", what);
	ctx_value(&c, n);
	kd->setup(&c);
	fault_attr_set("failslab", "probability", "0");
	fault_attr_set("fail_page_alloc", "min-order", "1");
	kmsg_mark("%s, every page of order 1 or more failing", c.what);
	fail_from_here(true);
	errno = 0;
	ret = kd->call(&c);
	err = errno;
	fail_from_here(false);
	kmsg_mark("the call returned %ld", ret);
	fault_attr_set("fail_page_alloc", "min-order", "0");
	fault_attr_set("failslab", "probability", "100");
	c.why[0] = '\0';
	ok = kd->after(&c, ret, err);
	kd->teardown(&c);
	printf("# %s, no block of two pages or more: %s\n", c.what,
	       ret < 0 ? strerror(err) : "exact");
	check(ok, "%s, with no block of two pages or more: exact or ENOMEM and unchanged%s%s",
	      c.what, ok ? "" : " : ", c.why);
	ctx_free(&c);
}

/*
 * The reads whose buffers above a page are all of the module's: the
 * conversion's workspace (F(12000)), the pair, the doubling's scratch,
 * the digits and the copy (F(10^5)), the scaled remainder tree's, the
 * cache's entry.
 */
static void run_fragmented(void)
{
	char what[64];
	size_t i, j;

	fragmented(&read_kind, "read F(12000) iterative", 12000, "iterative");
	for (i = 0; i < ARRAY_SIZE(large_ns); i++) {
		for (j = 0; j < ARRAY_SIZE(large_algos); j++) {
			snprintf(what, sizeof(what), "read F(%lu) %s",
				 large_ns[i], large_algos[j]);
			fragmented(&read_kind, what, large_ns[i],
				   large_algos[j]);
		}
	}
	snprintf(what, sizeof(what), "read F(%d) doubling", SRT_N);
	fragmented(&read_kind, what, SRT_N, "doubling");
	snprintf(what, sizeof(what), "cached read F(%d) decimal", LARGE_N);
	fragmented(&cached_kind, what, LARGE_N, "decimal");
}

/* The settings "from the k-th on" needs, in debugfs, as read back. */
static bool fault_attr_is(const char *attr, const char *file,
			  const char *want)
{
	char path[128], now[64];

	snprintf(path, sizeof(path), FAULT_ATTRS "%s/%s", attr, file);
	param_read(path, now, sizeof(now));
	return !strcmp(now, want);
}

static void check_fail_from_settings(void)
{
	static const char *const attrs[] = { "failslab", "fail_page_alloc" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		if (fault_attr_is(attrs[i], "probability", "100") &&
		    fault_attr_is(attrs[i], "times", "-1") &&
		    fault_attr_is(attrs[i], "task-filter", "Y"))
			continue;
		fprintf(stderr, "test_faults: %s%s\n", attrs[i],
			" needs probability 100, times -1, task-filter Y");
		exit(2);
	}
}

/*
 * No page fault of ours may happen while make-it-fail is 1: the stack
 * the calls use is touched, and all of our memory, now and later, locked.
 */
static noinline void lock_memory(void)
{
	char stack[256 * 1024];

	memset(stack, 0, sizeof(stack));
	__asm__ volatile("" : : "r"(stack) : "memory");
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		die("mlockall");
}

int main(int argc, char **argv)
{
	const char *ko = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--load") && i + 1 < argc) {
			ko = argv[++i];
		} else {
			fprintf(stderr, "usage: test_faults [--load FIBDRV_KO]\n");
			return 2;
		}
	}
	check_init();
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0)
		die("cannot open /proc/thread-self/fail-nth");
	if (getenv("FAULTS_KMSG") && !strcmp(getenv("FAULTS_KMSG"), "1"))
		kmsg_fd = open("/dev/kmsg", O_WRONLY);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (ko) {
		run_load(ko);
		return check_finish();
	}
	check_fail_from_settings();
	fail_fd = open("/proc/thread-self/make-it-fail", O_RDWR);
	if (fail_fd < 0)
		die("cannot open /proc/thread-self/make-it-fail");
	lock_memory();
	run_others();
	run_reads();
	run_cached_reads();
	run_walks(false);
	run_from_all();
	run_fragmented();
	return check_finish();
}
