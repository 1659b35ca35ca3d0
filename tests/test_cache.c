// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_cache: the module's cache of read results, seen through its
 * statistics in debugfs (STATS, one "name value" a line) and the
 * parameter cache_kb. Every value read is checked against GMP's.
 *
 * a. Eight threads read the same uncached F(10^6) at once: one computes
 *    (misses + 1), the other seven wait for it or find it ready.
 * b. Random reads over a working set larger than a 64 KiB cache: exact,
 *    evictions happen and bytes never exceed the limit; lowering cache_kb
 *    evicts at once; a result larger than the whole cache is not kept.
 * c. drop_caches (the shrinker) empties it.
 * d. The computing reader is SIGKILLed while three others wait: one of
 *    them takes over and all three get the exact value.
 * e. A waiter's own signal ends its read with EINTR.
 * f. cache_kb=0 turns the cache off and empties it; 4096 turns it on.
 * g. A file with FIB_CACHE_BYPASS neither looks in the cache nor fills
 *    it; the timing ioctl names the source of each read.
 * h. A sequential read (n after n - 1 on one file) leaves it alone.
 *
 * d and e need a reader that computes for seconds: doubling-basic at
 * slow_n, chosen from how long F(10^6) takes it here (its squares are
 * schoolbook, so the time grows as n^2), for which max_n is raised
 * through sysfs for the while and then restored. cache_kb is set to 4096
 * for the run and restored at the end. Mounts debugfs when it is not.
 * Needs max_n >= 10^6 (the caller's).
 *
 * Exit status: 0 all passed, 1 a check failed, 2 no device or statistics.
 * Usage: test_cache
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <gmp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "check.h"
#include "device.h"
#include "uapi/fibdrv.h"

#define DEBUGFS "/sys/kernel/debug"
#define STATS DEBUGFS "/fibdrv/cache"
#define PARAMS "/sys/module/fibdrv/parameters/"
#define CACHE_KB 4096
#define BIG_N 1000000UL
#define THREADS 8
/* doubling-basic's F(slow_n): a few seconds, at least SLOW_MIN_N. */
#define SLOW_MS 5000
#define SLOW_MIN_N 4000000UL	/* about 6 s under TCG */
#define SLOW_MAX_N 50000000UL
#define WAITERS 3
#define SMALL_KB 64
#define RANDOM_READS 300
#define RANDOM_POOL 64		/* ~160 KB of digits: more than SMALL_KB */
#define RANDOM_MIN 1000
#define RANDOM_MAX 20000
#define POLL_US 5000
#define POLL_MS 60000		/* the longest wait for a statistic */
#define STATUS_EINTR 0
#define STATUS_WRONG 1
#define STATUS_DONE 3		/* the read finished: it was not interrupted */

static unsigned long slow_n;

enum { HITS, MISSES, WAITS, EVICTIONS, ENTRIES, BYTES, LIMIT, NSTATS };

static const char *const stat_names[NSTATS] = {
	"hits", "misses", "waits", "evictions", "entries", "bytes", "limit",
};

struct stats {
	long long v[NSTATS];
};

static void die(const char *what)
{
	fprintf(stderr, "test_cache: %s: %s\n", what, strerror(errno));
	exit(2);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* All of STATS; a statistic it lacks is -1. */
static void stats_read(struct stats *s)
{
	char key[32], line[96];
	long long value;
	FILE *f = fopen(STATS, "r");
	int i;

	if (!f)
		die("cannot open " STATS);
	for (i = 0; i < NSTATS; i++)
		s->v[i] = -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%31s %lld", key, &value) != 2)
			continue;
		for (i = 0; i < NSTATS; i++)
			if (!strcmp(key, stat_names[i]))
				s->v[i] = value;
	}
	fclose(f);
}

static long long stat_get(const char *name)
{
	struct stats s;
	int i;

	stats_read(&s);
	for (i = 0; i < NSTATS; i++)
		if (!strcmp(name, stat_names[i]))
			return s.v[i];
	return -1;
}

/* How much statistic i grew from before to now. */
static long long grew(const struct stats *now, const struct stats *before,
		      int i)
{
	return now->v[i] - before->v[i];
}

/* Waits until the statistic is at least target; false after POLL_MS. */
static bool wait_for_stat(const char *name, long long target)
{
	long long deadline = now_ms() + POLL_MS;

	while (stat_get(name) < target) {
		if (now_ms() > deadline)
			return false;
		usleep(POLL_US);
	}
	return true;
}

static bool file_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	close(fd);
	return ok;
}

static unsigned long param_get(const char *name)
{
	char path[128], buf[32] = "";
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), PARAMS "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got <= 0)
		die(path);
	buf[got] = '\0';
	return strtoul(buf, NULL, 10);
}

static bool param_set(const char *name, unsigned long value)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), PARAMS "%s", name);
	snprintf(buf, sizeof(buf), "%lu", value);
	return file_write(path, buf);
}

static void cache_empty(void)
{
	if (!file_write(STATS, "1"))
		die("cannot empty the cache through " STATS);
}

/* GMP's F(n), computed once per n: shared by threads, hence the lock. */
struct memo {
	unsigned long n;
	char *digits;
	struct memo *next;
};

static struct memo *memos;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *want(unsigned long n)
{
	struct memo *m;

	pthread_mutex_lock(&memo_lock);
	for (m = memos; m && m->n != n; m = m->next)
		;
	if (!m) {
		m = test_alloc(sizeof(*m));
		*m = (struct memo){ n, fib_gmp(n), memos };
		memos = m;
	}
	pthread_mutex_unlock(&memo_lock);
	return m->digits;
}

/* DEVICE with algo chosen while the position is 0 (write computes F(0)). */
static int open_algo(const char *algo)
{
	int fd = open_device();

	if (write(fd, algo, strlen(algo)) < 0)
		die("cannot choose the algorithm");
	return fd;
}

static int set_cache(int fd, __u32 use)
{
	return ioctl(fd, FIB_IOC_SET_CACHE, &use);
}

/* pread of F(n) on fd: true when it is exactly GMP's; errno if it failed. */
static bool read_exact(int fd, unsigned long n)
{
	const char *w = want(n);
	size_t len = strlen(w), size = len + 16;
	char *buf = test_alloc(size);
	ssize_t got = pread(fd, buf, size, n);
	int err = errno;
	bool ok = got == (ssize_t)len && !memcmp(buf, w, len);

	free(buf);
	errno = got < 0 ? err : 0;
	return ok;
}

/* The timing of fd's last read; source ~0 when the ioctl failed. */
static struct fib_timing timing_of(int fd)
{
	struct fib_timing t;

	if (ioctl(fd, FIB_IOC_GET_TIMING, &t)) {
		memset(&t, 0, sizeof(t));
		t.source = ~0U;
	}
	return t;
}

static const char *source_name(__u32 source)
{
	switch (source) {
	case FIB_SOURCE_COMPUTED: return "computed";
	case FIB_SOURCE_SEQUENTIAL: return "sequential";
	case FIB_SOURCE_CACHED: return "cached";
	default: return "no timing";
	}
}

/* A thread that reads F(n) once on a file of its own. */
struct reader {
	pthread_t thread;
	int fd;
	unsigned long n;
	pthread_barrier_t *start;	/* NULL: reads at once */
	bool exact;
	int err;
	struct fib_timing t;
};

static void *reader_run(void *arg)
{
	struct reader *r = arg;

	if (r->start)
		pthread_barrier_wait(r->start);
	r->exact = read_exact(r->fd, r->n);
	r->err = errno;
	r->t = timing_of(r->fd);
	return NULL;
}

static void reader_start(struct reader *r, unsigned long n, const char *algo,
			 pthread_barrier_t *start)
{
	int err;

	*r = (struct reader){ .fd = open_algo(algo), .n = n, .start = start };
	err = pthread_create(&r->thread, NULL, reader_run, r);
	if (err) {
		errno = err;
		die("pthread_create");
	}
}

static void reader_join(struct reader *r)
{
	pthread_join(r->thread, NULL);
	close(r->fd);
}

/* a. Single flight: eight readers of one uncached n, started together. */
static void check_single_flight(void)
{
	struct reader r[THREADS];
	pthread_barrier_t start;
	struct stats before, after;
	int i, exact = 0, computed = 0, cached = 0;

	printf("# a. %d threads read the uncached F(%lu) at once\n", THREADS,
	       BIG_N);
	want(BIG_N);
	cache_empty();
	pthread_barrier_init(&start, NULL, THREADS);
	stats_read(&before);
	/* doubling-basic: long enough for all of them to meet it computing. */
	for (i = 0; i < THREADS; i++)
		reader_start(&r[i], BIG_N, "doubling-basic", &start);
	for (i = 0; i < THREADS; i++) {
		reader_join(&r[i]);
		exact += r[i].exact;
		computed += r[i].t.source == FIB_SOURCE_COMPUTED;
		cached += r[i].t.source == FIB_SOURCE_CACHED;
	}
	pthread_barrier_destroy(&start);
	stats_read(&after);
	printf("# a. %lld waits, %lld hits\n", grew(&after, &before, WAITS),
	       grew(&after, &before, HITS));
	check_int(exact, THREADS, "a. every thread read F(%lu) exactly", BIG_N);
	check_int(grew(&after, &before, MISSES), 1,
		  "a. one computation for %d readers (misses)", THREADS);
	check_int(grew(&after, &before, WAITS) + grew(&after, &before, HITS),
		  THREADS - 1, "a. the others waited or hit (waits + hits)");
	check(grew(&after, &before, WAITS) > 0,
	      "a. some reader waited for the computing one");
	check(computed == 1 && cached == THREADS - 1,
	      "a. timing: 1 computed and %d cached : %d computed, %d cached",
	      THREADS - 1, computed, cached);
}

/* b1. Lowering cache_kb evicts down to the new limit at once. */
static void check_lowered(void)
{
	int fd = open_algo("decimal");
	struct stats s;
	unsigned long n;

	cache_empty();
	/* About 100 KB of digits: more than SMALL_KB. */
	for (n = RANDOM_MAX; n > RANDOM_MAX - 50; n -= 2)
		read_exact(fd, n);
	close(fd);
	stats_read(&s);
	check(s.v[BYTES] > SMALL_KB * 1024,
	      "b. the cache holds more than %d KiB : %lld bytes", SMALL_KB,
	      s.v[BYTES]);
	check(param_set("cache_kb", SMALL_KB), "b. cache_kb can be lowered to %d",
	      SMALL_KB);
	stats_read(&s);
	check_int(s.v[LIMIT], SMALL_KB * 1024, "b. limit follows cache_kb");
	check(s.v[BYTES] <= s.v[LIMIT],
	      "b. lowering cache_kb evicts down to it : %lld bytes, limit %lld",
	      s.v[BYTES], s.v[LIMIT]);
}

/* b2. Random n of a pool larger than the cache. */
static void check_random_reads(void)
{
	unsigned long pool[RANDOM_POOL], n, wrong = 0, over = 0;
	int fd = open_algo("decimal");
	struct stats before, s;
	int i;

	for (i = 0; i < RANDOM_POOL; i++)
		want(pool[i] = rand_range(RANDOM_MIN, RANDOM_MAX));
	stats_read(&before);
	for (i = 0; i < RANDOM_READS; i++) {
		n = pool[rand_below(RANDOM_POOL)];
		if (!read_exact(fd, n) && wrong++ < 3)
			printf("# b. F(%lu) is wrong (%s)\n", n,
			       errno ? strerror(errno) : "digits");
		stats_read(&s);
		over += s.v[BYTES] > s.v[LIMIT];
	}
	close(fd);
	check(!wrong, "b. %d random reads in [%d, %d] are exact : %lu wrong",
	      RANDOM_READS, RANDOM_MIN, RANDOM_MAX, wrong);
	check(!over, "b. bytes <= limit after every read : %lu times over",
	      over);
	printf("# b. %lld hits, %lld misses, %lld evictions, %lld entries, %lld bytes\n",
	       grew(&s, &before, HITS), grew(&s, &before, MISSES),
	       grew(&s, &before, EVICTIONS), s.v[ENTRIES], s.v[BYTES]);
	check(grew(&s, &before, EVICTIONS) > 0, "b. the reads evicted entries");
	check(grew(&s, &before, HITS) > 0, "b. some reads were hits");
}

/* b3. F(400000), 83595 digits, is larger than the whole cache. */
static void check_too_large(void)
{
	unsigned long n = 400000;
	int fd = open_algo("decimal");
	struct stats before, after;
	bool exact;

	stats_read(&before);
	exact = read_exact(fd, n) && read_exact(fd, n);
	stats_read(&after);
	close(fd);
	check(exact, "b. F(%lu), larger than the cache, reads exactly twice", n);
	check_int(grew(&after, &before, HITS), 0,
		  "b. a result larger than the limit is not kept (hits)");
	check(after.v[BYTES] <= after.v[LIMIT], "b. and bytes <= limit");
}

static void check_small_cache(void)
{
	printf("# b. a %d KiB cache\n", SMALL_KB);
	check_lowered();
	check_random_reads();
	check_too_large();
	check(param_set("cache_kb", CACHE_KB), "b. cache_kb restored to %d",
	      CACHE_KB);
}

/* c. The shrinker gives everything back. */
static void check_drop_caches(void)
{
	int fd = open_algo("decimal");
	struct stats before, after;
	unsigned long n;

	printf("# c. drop_caches\n");
	cache_empty();
	for (n = 5000; n < 5005; n += 2)
		read_exact(fd, n);
	close(fd);
	stats_read(&before);
	check_int(before.v[ENTRIES], 3, "c. three entries before drop_caches");
	check(file_write("/proc/sys/vm/drop_caches", "2"),
	      "c. echo 2 > /proc/sys/vm/drop_caches");
	stats_read(&after);
	check_int(after.v[ENTRIES], 0, "c. drop_caches leaves no entry");
	check_int(after.v[BYTES], 0, "c. drop_caches leaves 0 bytes");
	check_int(grew(&after, &before, EVICTIONS), before.v[ENTRIES],
		  "c. each entry dropped is an eviction");
}

/* A child reading F(n) slowly; exits STATUS_DONE if its read finished. */
static pid_t slow_reader(unsigned long n)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid)
		_exit(read_exact(open_algo("doubling-basic"), n) ?
		      STATUS_DONE : STATUS_WRONG);
	return pid;
}

/* Kills the slow reader: it must not have finished on its own. */
static void kill_slow_reader(pid_t pid, const char *what)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == STATUS_DONE)
		printf("# %s. the slow reader finished first: raise SLOW_MS\n",
		       what);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "%s. SIGKILL ended the computing reader (status 0x%x)", what,
	      status);
}

/*
 * slow_n from a timed read of F(10^6) by doubling-basic, which bypasses
 * the cache, and max_n high enough for it; returns the max_n to restore.
 */
static unsigned long pick_slow_n(void)
{
	unsigned long max_n = param_get("max_n");
	int fd = open_algo("doubling-basic");
	long long ms = now_ms();
	unsigned long k;

	if (set_cache(fd, FIB_CACHE_BYPASS) || !read_exact(fd, BIG_N))
		die("cannot time doubling-basic");
	ms = now_ms() - ms + 1;
	close(fd);
	/* F(k * 10^6) takes about k^2 times as long. */
	for (k = SLOW_MIN_N / BIG_N; k < SLOW_MAX_N / BIG_N; k++)
		if ((long long)(k * k) * ms >= SLOW_MS)
			break;
	slow_n = k * BIG_N;
	printf("# F(%lu) took doubling-basic %lld ms: the slow reader reads F(%lu)\n",
	       BIG_N, ms, slow_n);
	if (max_n < slow_n && !param_set("max_n", slow_n))
		die("cannot raise max_n through sysfs");
	return max_n;
}

/* d. The computing reader dies; a waiter takes over. */
static void check_takeover(void)
{
	struct reader r[WAITERS];
	struct stats before, after;
	int i, exact = 0;
	bool began;
	pid_t pid;

	printf("# d. the computing reader of F(%lu) is killed while %d wait\n",
	       slow_n, WAITERS);
	want(slow_n);
	cache_empty();
	stats_read(&before);
	pid = slow_reader(slow_n);
	began = wait_for_stat("misses", before.v[MISSES] + 1);
	check(began, "d. the slow reader began computing (misses + 1)");
	for (i = 0; i < WAITERS; i++)
		reader_start(&r[i], slow_n, "decimal", NULL);
	check(began && wait_for_stat("waits", before.v[WAITS] + WAITERS),
	      "d. %d readers wait for it (waits + %d)", WAITERS, WAITERS);
	kill_slow_reader(pid, "d");
	for (i = 0; i < WAITERS; i++) {
		reader_join(&r[i]);
		exact += r[i].exact;
		if (!r[i].exact)
			printf("# d. waiter %d: %s\n", i,
			       r[i].err ? strerror(r[i].err) : "wrong digits");
	}
	stats_read(&after);
	check_int(exact, WAITERS, "d. every waiter read F(%lu) exactly",
		  slow_n);
	check_int(grew(&after, &before, MISSES), 2,
		  "d. misses: the killed reader's and the takeover's");
	check_int(grew(&after, &before, WAITS), WAITERS, "d. waits");
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A child whose read of F(n) waits; exits STATUS_EINTR if interrupted. */
static pid_t interruptible_waiter(unsigned long n)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid)
		return pid;
	sigaction(SIGUSR1, &sa, NULL);
	if (read_exact(open_algo("decimal"), n))
		_exit(STATUS_DONE);
	_exit(errno == EINTR ? STATUS_EINTR : STATUS_WRONG);
}

/* e. A waiter's own signal ends its wait, and only its. */
static void check_waiter_signal(void)
{
	struct stats before, after;
	pid_t slow, waiter;
	int status, fd;
	bool began;

	printf("# e. a waiter for F(%lu) gets SIGUSR1\n", slow_n);
	cache_empty();
	stats_read(&before);
	slow = slow_reader(slow_n);
	began = wait_for_stat("misses", before.v[MISSES] + 1);
	waiter = interruptible_waiter(slow_n);
	check(began && wait_for_stat("waits", before.v[WAITS] + 1),
	      "e. the waiter waits for the slow reader");
	kill(waiter, SIGUSR1);
	waitpid(waiter, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == STATUS_EINTR,
	      "e. SIGUSR1 makes the waiter's read fail with EINTR (status 0x%x; 0x%x: it finished)",
	      status, STATUS_DONE << 8);
	kill_slow_reader(slow, "e");
	fd = open_algo("decimal");
	check(read_exact(fd, slow_n), "e. afterwards F(%lu) reads exactly",
	      slow_n);
	close(fd);
	stats_read(&after);
	check_int(grew(&after, &before, MISSES), 2,
		  "e. misses: the killed reader's and the read afterwards");
}

/* f. cache_kb=0 turns the cache off, and back on. */
static void check_off_on(void)
{
	struct stats before, after;
	int fd = open_algo("decimal"), i, exact = 0;

	printf("# f. cache_kb=0 and back to %d\n", CACHE_KB);
	read_exact(fd, 5000);
	stats_read(&before);
	check(param_set("cache_kb", 0), "f. cache_kb can be set to 0");
	stats_read(&after);
	check_int(after.v[ENTRIES], 0, "f. cache_kb=0 empties the cache");
	check_int(after.v[BYTES], 0, "f. cache_kb=0 leaves 0 bytes");
	check(grew(&after, &before, EVICTIONS) >= before.v[ENTRIES],
	      "f. what it emptied counts as evictions");
	stats_read(&before);
	for (i = 0; i < 3; i++)
		exact += read_exact(fd, 5000);
	stats_read(&after);
	check_int(exact, 3, "f. with the cache off F(5000) reads exactly");
	check_int(grew(&after, &before, HITS), 0, "f. cache off: no hits");
	check_int(grew(&after, &before, MISSES), 0, "f. cache off: no misses");
	check_int(after.v[ENTRIES], 0, "f. cache off: no entries");
	check(param_set("cache_kb", CACHE_KB), "f. cache_kb back to %d",
	      CACHE_KB);
	stats_read(&before);
	exact = read_exact(fd, 5000) && read_exact(fd, 5000);
	stats_read(&after);
	check(exact, "f. with the cache on F(5000) reads exactly");
	check_int(grew(&after, &before, MISSES), 1, "f. cache on: one miss");
	check_int(grew(&after, &before, HITS), 1,
		  "f. cache on: the second read is a hit");
	check_int(timing_of(fd).source, FIB_SOURCE_CACHED,
		  "f. the hit's timing says cached");
	close(fd);
}

/* g1. A bypassing file, also when its n is in the cache. */
static void check_bypass_reads(int fd, const char *what)
{
	struct stats before, after;
	struct fib_timing t;
	bool exact;

	stats_read(&before);
	exact = read_exact(fd, 6000) && read_exact(fd, 6000);
	t = timing_of(fd);
	stats_read(&after);
	check(exact, "g. bypass, %s: F(6000) reads exactly twice", what);
	check(!grew(&after, &before, HITS) && !grew(&after, &before, MISSES) &&
	      !grew(&after, &before, ENTRIES),
	      "g. bypass, %s: hits, misses and entries unchanged", what);
	check_int(t.source, FIB_SOURCE_COMPUTED,
		  "g. bypass, %s: the timing says computed", what);
}

/* g2. A file using the cache: computed, then cached with its algorithm. */
static void check_cached_source(void)
{
	int fd = open_algo("doubling"), other = open_algo("iterative");
	struct fib_timing t;

	check(read_exact(fd, 6000), "g. F(6000) by doubling, into the cache");
	t = timing_of(fd);
	check(t.source == FIB_SOURCE_COMPUTED && !strcmp(t.algo, "doubling"),
	      "g. its timing: computed, by doubling : %s, %.16s",
	      source_name(t.source), t.algo);
	check(read_exact(other, 6000), "g. F(6000) on an iterative file");
	t = timing_of(other);
	check(t.source == FIB_SOURCE_CACHED && !strcmp(t.algo, "doubling") &&
	      !t.convert_ns,
	      "g. its timing: cached, by doubling, convert_ns 0 : %s, %.16s, %llu ns",
	      source_name(t.source), t.algo, (unsigned long long)t.convert_ns);
	close(other);
	close(fd);
}

static void check_bypass(void)
{
	int fd = open_algo("decimal"), ret, err;
	struct fib_timing t;

	printf("# g. FIB_IOC_SET_CACHE\n");
	cache_empty();
	check_int(set_cache(fd, FIB_CACHE_BYPASS), 0,
		  "g. FIB_CACHE_BYPASS is accepted");
	check_bypass_reads(fd, "empty cache");
	check_cached_source();
	check_bypass_reads(fd, "F(6000) cached");
	check_int(set_cache(fd, FIB_CACHE_USE), 0, "g. FIB_CACHE_USE is accepted");
	check(read_exact(fd, 6000), "g. F(6000) reads exactly after FIB_CACHE_USE");
	t = timing_of(fd);
	check_int(t.source, FIB_SOURCE_CACHED,
		  "g. after FIB_CACHE_USE the file's read is a hit");
	ret = set_cache(fd, 7);
	err = ret ? errno : 0;
	check(ret == -1 && err == EINVAL,
	      "g. FIB_IOC_SET_CACHE with 7 fails with EINVAL : %s",
	      strerror(err));
	close(fd);
}

/* h. F(8000) after F(7999) on one file: one addition, no cache. */
static void check_sequential(void)
{
	int fd = open_algo("decimal");
	struct stats before, after;
	bool exact;
	int i;

	printf("# h. sequential reads\n");
	cache_empty();
	read_exact(fd, 7999);
	stats_read(&before);
	exact = read_exact(fd, 8000);
	stats_read(&after);
	check(exact, "h. F(8000) after F(7999) reads exactly");
	check_int(timing_of(fd).source, FIB_SOURCE_SEQUENTIAL,
		  "h. its timing says sequential");
	for (i = 0; i < NSTATS; i++)
		check_int(after.v[i], before.v[i],
			  "h. the sequential read leaves %s unchanged",
			  stat_names[i]);
	close(fd);
}

/* debugfs, mounted if it is not; exits 2 without the statistics. */
static void find_stats(void)
{
	if (access(STATS, F_OK) && mount("debugfs", DEBUGFS, "debugfs", 0, NULL))
		die("cannot mount debugfs on " DEBUGFS);
	if (access(STATS, R_OK | W_OK))
		die(STATS);
}

int main(void)
{
	unsigned long cache_kb, max_n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	close(open_device());
	find_stats();
	check_init();
	cache_kb = param_get("cache_kb");
	check(param_set("cache_kb", CACHE_KB), "cache_kb can be set to %d",
	      CACHE_KB);
	check_int(stat_get("limit"), CACHE_KB * 1024LL,
		  "the limit is cache_kb * 1024 bytes");
	check_single_flight();
	check_small_cache();
	check_drop_caches();
	max_n = pick_slow_n();
	check_takeover();
	check_waiter_signal();
	param_set("max_n", max_n);
	check_off_on();
	check_bypass();
	check_sequential();
	check(param_set("cache_kb", cache_kb), "cache_kb restored to %lu",
	      cache_kb);
	return check_finish();
}
