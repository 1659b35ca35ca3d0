// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `make bench-vm`: a read() of F(n) from /dev/fibonacci against GMP in
 * this process (mpz_fib_ui + mpz_get_str), in the same kernel and the same
 * run, so that an emulator's slowness cancels out of the ratio. For each n
 * and each algorithm it prints the best read time, where the best read
 * spent it (the timing ioctl), GMP's time and the ratio; the algorithms'
 * reads take turns. Then, for each algorithm after the first, the first's
 * read time against its own.
 * Every read is compared with GMP's digits before it counts. These files
 * bypass the module's cache of read results, so that every read computes.
 * With no N given, it also times small reads against reads of as many
 * bytes from /dev/zero, the cheapest a read can be (small_reads()), and
 * reads every F(0..N) in order, as the client does, and prints the time
 * per digit.
 *
 * --concurrent: READERS processes read the same F(N) at once, released
 * together, with the cache (emptied first, so that one computes and the
 * others wait for it) and without (each computes), against one read
 * alone; the best wall time of TRIALS each, from the release until the
 * last read returns, and the ratios to the one read.
 *
 * --small: only the small reads against /dev/zero.
 *
 * Usage: bench_device [-a ALGO[,ALGO...]] [N...]   (default decimal,doubling)
 *        bench_device --small
 *        bench_device --concurrent [-a ALGO] [N]   (default decimal, 10^6)
 */
#include <errno.h>
#include <fcntl.h>
#include <gmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
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

static int by_value(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* The median of count values, which it sorts. */
static double median(double *v, int count)
{
	qsort(v, count, sizeof(*v), by_value);
	return v[count / 2];
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
	if (t.source == FIB_SOURCE_CACHED) {
		errno = EPROTO;
		die("a read that bypasses the cache came from it", p->n);
	}
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

/*
 * The best read of each of count points, which take turns, so that a slow
 * stretch of the machine falls on all of them: for BENCH_MIN_NS a point
 * and BENCH_MIN_RUNS turns at least, unless a read takes longer.
 */
static void best_of_turns(struct point *ps, int count)
{
	unsigned long long begin = now_ns();
	bool slow = false;
	int runs, i;

	for (runs = 0; runs < BENCH_MAX_RUNS && !slow; runs++) {
		if (runs >= BENCH_MIN_RUNS &&
		    now_ns() - begin > BENCH_MIN_NS * count)
			break;
		for (i = 0; i < count; i++)
			slow |= read_once(&ps[i]) > BENCH_MIN_NS;
	}
}

struct bench {
	int fds[ALGOS_MAX];	/* one open file per algorithm */
	const char *algos[ALGOS_MAX];
	int count;
	int zero_fd;
};

/* Sets fd's reads to use the module's cache or not (FIB_CACHE_*). */
static void set_cache(int fd, __u32 use)
{
	if (ioctl(fd, FIB_IOC_SET_CACHE, &use)) {
		fprintf(stderr, "bench_device: FIB_IOC_SET_CACHE %u: %s\n", use,
			strerror(errno));
		exit(2);
	}
}

/* A file of the device with algo chosen there (NULL: the default). */
static int open_algo(const char *algo)
{
	int fd = open(DEVICE, O_RDWR);

	if (fd < 0) {
		perror(DEVICE);
		exit(2);
	}
	if (algo && write(fd, algo, strlen(algo)) < 0) {
		fprintf(stderr, "bench_device: choosing %s: %s\n", algo,
			strerror(errno));
		exit(2);
	}
	return fd;
}

/*
 * Opens one file of the device per algorithm and chooses it there. They
 * bypass the cache: a read found there would time a look-up.
 */
static void bench_open(struct bench *b, char *list)
{
	char *algo;

	for (algo = strtok(list, ","); algo; algo = strtok(NULL, ",")) {
		if (b->count == ALGOS_MAX) {
			fprintf(stderr, "bench_device: at most %d algorithms\n",
				ALGOS_MAX);
			exit(2);
		}
		b->fds[b->count] = open_algo(algo);
		set_cache(b->fds[b->count], FIB_CACHE_BYPASS);
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
	struct point p = { .n = n }, dev[ALGOS_MAX];
	unsigned long long gmp;
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
	for (a = 0; a < b->count; a++) {
		dev[a] = p;
		dev[a].fd = b->fds[a];
		dev[a].best_ns = ~0ULL;
	}
	best_of_turns(dev, b->count);
	for (a = 0; a < b->count; a++)
		printf("%-9llu %-14s %11.3f %11.3f %11.3f %9.3f %-10s %11.3f %6.2f\n",
		       n, b->algos[a], dev[a].best_ns / 1e3,
		       dev[a].best.compute_ns / 1e3,
		       dev[a].best.convert_ns / 1e3, dev[a].best.copy_ns / 1e3,
		       dev[a].best.algo, gmp / 1e3,
		       (double)dev[a].best_ns / gmp);
	for (a = 1; a < b->count; a++)
		printf("# %s / %s at %llu: %.3f\n", b->algos[0], b->algos[a], n,
		       (double)dev[0].best_ns / dev[a].best_ns);
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
 * Small reads against the floor: as many bytes from /dev/zero, F(n) from a
 * file that bypasses the cache (it computes), and F(n) from a file as it
 * opens (from n = 187 on, found in the cache after its first read), each
 * SMALL_READS times in a row, as a run of reads of one kind would be; the
 * three take SMALL_TURNS turns. Under emulation the cost of everything
 * drifts by up to half from one stretch of a run to another, so each
 * ratio is taken within a turn, from the best read of each kind there,
 * and the median over the turns is printed, with the best read of each
 * kind over all turns and where the best computing read spent its time.
 */
#define SMALL_TURNS 20
#define SMALL_READS 100

static const unsigned long long small_ns[] = { 10, 100, 186, 187, 1000 };
/* One buffer for all of them, as a program reading small F(n) has. */
static char small_buffer[4096];

/*
 * The best of SMALL_READS reads of p->len bytes on fd into p->got, each
 * checked against GMP's digits unless from /dev/zero; *t gets the timing
 * of the best when t is given.
 */
static unsigned long long small_run(const struct point *p, int fd,
				    bool zero, struct fib_timing *t)
{
	unsigned long long start, ns, best = ~0ULL;
	ssize_t len;
	int i;

	for (i = 0; i < SMALL_READS; i++) {
		start = now_ns();
		len = read(fd, p->got, p->len);
		ns = now_ns() - start;
		if (len != (ssize_t)p->len)
			die("a small read", p->n);
		if (!zero && memcmp(p->got, p->want, p->len)) {
			errno = EPROTO;
			die("the device's digits differ from GMP's", p->n);
		}
		if (ns >= best)
			continue;
		best = ns;
		if (t && ioctl(fd, FIB_IOC_GET_TIMING, t))
			die("ioctl", p->n);
	}
	return best;
}

/*
 * The turns of small_point(): best[] the best of each kind over all of
 * them, ratio[k][turn] each device file's ratio to /dev/zero in one.
 */
struct small_turns {
	unsigned long long best[3];
	struct fib_timing parts;	/* of the best computing read */
	double ratio[2][SMALL_TURNS];
};

static void small_turn(const struct point *p, const struct bench *b,
		       const int fds[2], struct small_turns *st, int turn)
{
	unsigned long long ns[3];
	struct fib_timing t;
	int k;

	ns[0] = small_run(p, b->zero_fd, true, NULL);
	ns[1] = small_run(p, fds[0], false, &t);
	ns[2] = small_run(p, fds[1], false, NULL);
	if (ns[1] < st->best[1])
		st->parts = t;
	for (k = 0; k < 3; k++)
		if (ns[k] < st->best[k])
			st->best[k] = ns[k];
	for (k = 0; k < 2; k++)
		st->ratio[k][turn] = (double)ns[k + 1] / ns[0];
}

static void small_point(const struct bench *b, const int fds[2],
			unsigned long long n)
{
	struct small_turns st = { .best = { ~0ULL, ~0ULL, ~0ULL } };
	struct point p = { .n = n, .got = small_buffer };
	int turn, i;

	mpz_init(p.z);
	mpz_fib_ui(p.z, n);
	p.want = mpz_get_str(NULL, 10, p.z);
	p.len = strlen(p.want);
	for (i = 0; i < 2; i++)
		if (lseek(fds[i], n, SEEK_SET) < 0)
			die("lseek", n);
	for (turn = 0; turn < SMALL_TURNS; turn++)
		small_turn(&p, b, fds, &st, turn);
	printf("%-6llu %6zu %8.3f %10.3f %6.2f %10.3f %6.2f %10.3f %10.3f %8.3f\n",
	       n, p.len, st.best[0] / 1e3, st.best[1] / 1e3,
	       median(st.ratio[0], SMALL_TURNS), st.best[2] / 1e3,
	       median(st.ratio[1], SMALL_TURNS), st.parts.compute_ns / 1e3,
	       st.parts.convert_ns / 1e3, st.parts.copy_ns / 1e3);
	fflush(stdout);
	free(p.want);
	mpz_clear(p.z);
}

static void small_reads(const struct bench *b)
{
	int fds[2] = { open_algo(NULL), open_algo(NULL) };
	size_t i;

	set_cache(fds[0], FIB_CACHE_BYPASS);
	printf("# small reads of the default algorithm against as many bytes from "
	       ZERO_DEVICE ":\n# microseconds, best of %d reads of each, %d in a"
	       " row a turn; computing: a file that\n# bypasses the cache; default:"
	       " a file as it opens; /zero: the median over the %d\n# turns of the"
	       " ratio of a turn's best reads; the parts of the best computing read\n",
	       SMALL_TURNS * SMALL_READS, SMALL_READS, SMALL_TURNS);
	printf("%-6s %6s %8s %10s %6s %10s %6s %10s %10s %8s\n", "n", "digits",
	       "zero_us", "computing", "/zero", "default", "/zero",
	       "compute_us", "convert_us", "copy_us");
	for (i = 0; i < sizeof(small_ns) / sizeof(small_ns[0]); i++)
		small_point(b, fds, small_ns[i]);
	close(fds[0]);
	close(fds[1]);
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

/*
 * --concurrent: READERS processes, forked before the clock starts, each
 * with its own file and its own buffer, block on a pipe until the parent
 * closes it, and then all read F(n) at once.
 */
#define READERS 8
#define TRIALS 5
#define CONCURRENT_N 1000000ULL
#define CACHE_STATS "/sys/kernel/debug/fibdrv/cache"
#define CACHE_KB "/sys/module/fibdrv/parameters/cache_kb"

/* What a reader leaves for the parent, in memory they share. */
struct reader {
	unsigned long long end_ns;	/* when its read returned */
	struct fib_timing t;
};

/* A trial's memory shared with its readers, MAP_SHARED before the forks. */
struct shared {
	int returned;			/* reads that have returned */
	struct reader r[READERS];
};

/* A trial's pipes, each from pipe(): [0] reads, [1] writes. */
struct gates {
	int ready[2];	/* a byte from each reader once it is set up */
	int go[2];	/* closed by the parent: they read */
	int done[2];	/* a byte from the last reader whose read returned */
	int leave[2];	/* closed by the parent: they check and exit */
};

/* One trial: who reads what, and how. */
struct trial {
	const char *name;
	const char *algo;	/* NULL: the module's default */
	unsigned long long n;
	int readers;
	__u32 use;		/* FIB_CACHE_USE or FIB_CACHE_BYPASS */
	char *want;		/* GMP's digits of F(n) */
	size_t len;
	struct shared *sh;
};

/* GMP's digits of F(tr->n) into tr->want, for the readers to check. */
static void trial_want(struct trial *tr)
{
	mpz_t z;

	mpz_init(z);
	mpz_fib_ui(z, tr->n);
	free(tr->want);
	tr->want = mpz_get_str(NULL, 10, z);
	tr->len = strlen(tr->want);
	mpz_clear(z);
}

/* The debugfs counters that tell who computed and who waited. */
struct cache_stats {
	long long hits, misses, waits;
};

/* The cache's counters into *s; false without debugfs. */
static bool cache_stats(struct cache_stats *s)
{
	FILE *f = fopen(CACHE_STATS, "r");
	char key[32];
	long long v;

	if (!f)
		return false;
	*s = (struct cache_stats){ -1, -1, -1 };
	while (fscanf(f, "%31s %lld", key, &v) == 2) {
		if (!strcmp(key, "hits"))
			s->hits = v;
		else if (!strcmp(key, "misses"))
			s->misses = v;
		else if (!strcmp(key, "waits"))
			s->waits = v;
	}
	fclose(f);
	return true;
}

/* Empties the module's cache (any write does); false without debugfs. */
static bool cache_empty(void)
{
	int fd = open(CACHE_STATS, O_WRONLY);
	bool ok = fd >= 0 && write(fd, "1\n", 2) == 2;

	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * A reader: everything that is not the read happens before it reports
 * ready (the open, the seek, the buffer's page faults), or after every
 * read has returned (checking the digits, exiting), so that the wall time
 * is the reads' alone and no reader's leftovers slow another's read.
 */
static void reader_run(const struct trial *tr, int i, const struct gates *g)
{
	size_t cap = tr->len + 2;
	char *buf = malloc(cap), c;
	int fd = open_algo(tr->algo);
	ssize_t len;

	set_cache(fd, tr->use);
	if (!buf || lseek(fd, tr->n, SEEK_SET) < 0)
		die("reader setup", tr->n);
	memset(buf, 0, cap);
	if (write(g->ready[1], "", 1) != 1 || read(g->go[0], &c, 1) != 0)
		die("reader release", tr->n);
	len = read(fd, buf, cap);
	tr->sh->r[i].end_ns = now_ns();
	if (__atomic_add_fetch(&tr->sh->returned, 1, __ATOMIC_SEQ_CST) ==
	    tr->readers && write(g->done[1], "", 1) != 1)
		die("reader done", tr->n);
	if (read(g->leave[0], &c, 1) != 0)
		die("reader leave", tr->n);
	if (len < 0)
		die("concurrent read", tr->n);
	if ((size_t)len != tr->len || memcmp(buf, tr->want, len)) {
		errno = EPROTO;
		die("a concurrent read's digits differ from GMP's", tr->n);
	}
	if (ioctl(fd, FIB_IOC_GET_TIMING, &tr->sh->r[i].t))
		die("ioctl", tr->n);
	exit(0);
}

/*
 * Forks tr->readers readers, each blocked on g->go until the parent
 * closes it; each keeps the ends it uses, the parent the others, so that
 * a reader that dies shows as the end of a pipe.
 */
static void readers_fork(const struct trial *tr, struct gates *g)
{
	int i;

	if (pipe(g->ready) || pipe(g->go) || pipe(g->done) || pipe(g->leave))
		die("pipe", tr->n);
	/* Or the children would print the parent's buffered lines again. */
	fflush(stdout);
	for (i = 0; i < tr->readers; i++) {
		switch (fork()) {
		case -1:
			die("fork", tr->n);
			break;
		case 0:
			close(g->ready[0]);
			close(g->go[1]);
			close(g->done[0]);
			close(g->leave[1]);
			reader_run(tr, i, g);
		}
	}
	close(g->ready[1]);
	close(g->go[0]);
	close(g->done[1]);
	close(g->leave[0]);
}

/* Waits for every reader; any failure ends the benchmark. */
static void readers_wait(const struct trial *tr)
{
	int i, status;

	for (i = 0; i < tr->readers; i++) {
		if (wait(&status) < 0)
			die("wait", tr->n);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "bench_device: a reader of F(%llu) failed\n",
				tr->n);
			exit(1);
		}
	}
}

/*
 * One trial; returns when the readers were released. With the cache, it
 * is emptied once they are ready, so that one of them computes; *stats
 * gets the counters' growth, or -1 each.
 */
static unsigned long long trial_run(const struct trial *tr,
				    struct cache_stats *stats)
{
	struct cache_stats before, after;
	unsigned long long start;
	struct gates g;
	bool counted;
	char c;
	int i;

	memset(tr->sh, 0, sizeof(*tr->sh));
	readers_fork(tr, &g);
	for (i = 0; i < tr->readers; i++)
		if (read(g.ready[0], &c, 1) != 1)
			die("a reader did not get ready", tr->n);
	close(g.ready[0]);
	if (tr->use == FIB_CACHE_USE)
		cache_empty();
	counted = cache_stats(&before);
	start = now_ns();
	close(g.go[1]);
	/* None reads the counters while another still reads F(n). */
	if (read(g.done[0], &c, 1) != 1)
		die("a reader failed", tr->n);
	counted = counted && cache_stats(&after);
	close(g.done[0]);
	close(g.leave[1]);
	readers_wait(tr);
	*stats = (struct cache_stats){ -1, -1, -1 };
	if (counted)
		*stats = (struct cache_stats){ after.hits - before.hits,
					       after.misses - before.misses,
					       after.waits - before.waits };
	return start;
}

/* How many of the trial's reads came from source. */
static int count_source(const struct trial *tr, __u32 source)
{
	int i, count = 0;

	for (i = 0; i < tr->readers; i++)
		count += tr->sh->r[i].t.source == source;
	return count;
}

/*
 * When each read returned, in order, and where it came from (c: computed,
 * w: waited for it or found it): whether the waiters trail the one that
 * computed one by one or all at once.
 */
static void print_returns(const struct trial *tr, unsigned long long start)
{
	unsigned long long ends[READERS];
	char kinds[READERS];
	int i, j;

	for (i = 0; i < tr->readers; i++) {
		/* Insertion by end time: eight at most. */
		for (j = i; j > 0 && ends[j - 1] > tr->sh->r[i].end_ns; j--) {
			ends[j] = ends[j - 1];
			kinds[j] = kinds[j - 1];
		}
		ends[j] = tr->sh->r[i].end_ns;
		kinds[j] = tr->sh->r[i].t.source == FIB_SOURCE_CACHED ? 'w' : 'c';
	}
	printf("#   returns, ms:");
	for (i = 0; i < tr->readers; i++)
		printf(" %.2f%c", (ends[i] - start) / 1e6, kinds[i]);
	putchar('\n');
}

/* The longest of each part of the trial's reads, and their end times. */
struct spans {
	unsigned long long first, last;	/* returns, from the release */
	unsigned long long compute;	/* of a read that computed */
	unsigned long long copy;
};

static struct spans trial_spans(const struct trial *tr,
				unsigned long long start)
{
	struct spans sp = { .first = ~0ULL };
	const struct reader *r;
	int i;

	for (i = 0; i < tr->readers; i++) {
		r = &tr->sh->r[i];
		if (r->end_ns - start < sp.first)
			sp.first = r->end_ns - start;
		if (r->end_ns - start > sp.last)
			sp.last = r->end_ns - start;
		if (r->t.source == FIB_SOURCE_COMPUTED &&
		    r->t.compute_ns > sp.compute)
			sp.compute = r->t.compute_ns;
		if (r->t.copy_ns > sp.copy)
			sp.copy = r->t.copy_ns;
	}
	return sp;
}

/*
 * A trial and its line of the table; returns its wall time, until the
 * last read returned. When the first returned, the longest computation
 * and the longest copy of the digits out tell how the rest of it went:
 * a computation slower than alone is a busy host, or the readers' own
 * competition for the CPUs.
 */
static unsigned long long trial_print(const struct trial *tr, int number)
{
	struct cache_stats s;
	unsigned long long start = trial_run(tr, &s);
	struct spans sp = trial_spans(tr, start);
	int computed = count_source(tr, FIB_SOURCE_COMPUTED);
	int cached = count_source(tr, FIB_SOURCE_CACHED);

	printf("%-10s %7d %5d %9.3f %9.3f %10.3f %8.3f %8d %6d %6lld %6lld %6lld\n",
	       tr->name, tr->readers, number, sp.last / 1e6, sp.first / 1e6,
	       sp.compute / 1e6, sp.copy / 1e6, computed, cached, s.hits,
	       s.misses, s.waits);
	if (tr->use == FIB_CACHE_BYPASS && computed != tr->readers) {
		errno = EPROTO;
		die("a read that bypasses the cache did not compute", tr->n);
	}
	if (tr->use == FIB_CACHE_USE && computed != 1)
		printf("# trial %d: %d of the %d readers computed with the cache, not 1\n",
		       number, computed, tr->readers);
	if (tr->use == FIB_CACHE_USE)
		print_returns(tr, start);
	fflush(stdout);
	return sp.last;
}

/* A sysfs value as one line of text, or "?". */
static void read_line(const char *path, char *line, size_t size)
{
	FILE *f = fopen(path, "r");

	if (!f || !fgets(line, size, f))
		snprintf(line, size, "?\n");
	if (f)
		fclose(f);
	line[strcspn(line, "\n")] = 0;
}

static void concurrent_header(const char *algo, unsigned long long n,
			      bool debugfs)
{
	char cache_kb[32];

	read_line(CACHE_KB, cache_kb, sizeof(cache_kb));
	printf("# %d readers of F(%llu) (%s) at once against one alone: wall ms from\n",
	       READERS, n, algo ? algo : "the default algorithm");
	printf("# the release until the last read returns, %d trials (first_ms: the\n"
	       "# first returns; compute_ms, copy_ms: the longest of a read that computed,\n"
	       "# the longest copy_to_user of the digits);\n", TRIALS);
	printf("# cache-on empties the cache first (cache_kb %s), cache-off bypasses it\n",
	       cache_kb);
	if (!debugfs)
		printf("# no " CACHE_STATS ": cache-on reads F(n + trial),\n"
		       "# not read before, instead of emptying the cache; hits, misses and waits: -1\n");
	printf("%-10s %7s %5s %9s %9s %10s %8s %8s %6s %6s %6s %6s\n", "setup",
	       "readers", "trial", "wall_ms", "first_ms", "compute_ms",
	       "copy_ms", "computed", "cached", "hits", "misses", "waits");
}

/*
 * The best wall time of each setup and the median, and their ratios to
 * the one read; then the median of each trial's own ratios, whose
 * setups ran one after the other and so shared a busy host's slow spells.
 */
static void concurrent_summary(const unsigned long long walls[3][TRIALS])
{
	double best[3], mid[3], v[TRIALS], on[TRIALS], off[TRIALS];
	int t, k;

	for (t = 0; t < 3; t++) {
		for (k = 0; k < TRIALS; k++)
			v[k] = walls[t][k] / 1e6;
		mid[t] = median(v, TRIALS);
		best[t] = v[0];
	}
	for (k = 0; k < TRIALS; k++) {
		on[k] = (double)walls[1][k] / walls[0][k];
		off[k] = (double)walls[2][k] / walls[0][k];
	}
	printf("# best ms: one read alone %.3f, %d readers cache on %.3f, off %.3f\n",
	       best[0], READERS, best[1], best[2]);
	printf("# median ms: one read alone %.3f, %d readers cache on %.3f, off %.3f\n",
	       mid[0], READERS, mid[1], mid[2]);
	printf("# %d readers / 1 read (target with the cache: <= 1.3):\n", READERS);
	printf("#   best: cache on %.2f, off %.2f\n", best[1] / best[0],
	       best[2] / best[0]);
	printf("#   median: cache on %.2f, off %.2f\n", mid[1] / mid[0],
	       mid[2] / mid[0]);
	printf("#   median of the trials' own: cache on %.2f, off %.2f\n",
	       median(on, TRIALS), median(off, TRIALS));
}

/*
 * The trials of the three setups take turns, so that a slow spell of the
 * machine falls on all of them.
 */
static int concurrent_bench(const char *algo, unsigned long long n)
{
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct trial tr[] = {
		{ "alone", algo, n, 1, FIB_CACHE_BYPASS, NULL, 0, NULL },
		{ "cache-on", algo, n, READERS, FIB_CACHE_USE, NULL, 0, NULL },
		{ "cache-off", algo, n, READERS, FIB_CACHE_BYPASS, NULL, 0,
		  NULL },
	};
	unsigned long long walls[3][TRIALS];
	struct cache_stats probe;
	bool debugfs = cache_stats(&probe);
	int trial, t;

	if (sh == MAP_FAILED)
		die("mmap", n);
	for (t = 0; t < 3; t++) {
		trial_want(&tr[t]);
		tr[t].sh = sh;
	}
	concurrent_header(algo, n, debugfs);
	for (trial = 0; trial < TRIALS; trial++) {
		if (!debugfs) {
			tr[1].n = n + trial + 1;
			trial_want(&tr[1]);
		}
		for (t = 0; t < 3; t++)
			walls[t][trial] = trial_print(&tr[t], trial + 1);
	}
	concurrent_summary(walls);
	for (t = 0; t < 3; t++)
		free(tr[t].want);
	munmap(sh, sizeof(*sh));
	return 0;
}

static int usage(const char *name)
{
	fprintf(stderr, "usage: %s [-a ALGO[,ALGO...]] [N...]\n"
		"       %s --small\n"
		"       %s --concurrent [-a ALGO] [N]\n", name, name, name);
	return 2;
}

int main(int argc, char **argv)
{
	char default_algos[] = "decimal,doubling";
	struct bench b = { .count = 0 };
	char *algos = default_algos;
	bool concurrent = false;
	int arg = 1;
	size_t i;

	if (argc == 2 && !strcmp(argv[1], "--small")) {
		bench_open(&b, default_algos);
		small_reads(&b);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--concurrent")) {
		concurrent = true;
		arg = 2;
		algos = NULL;
	}
	if (argc > arg + 1 && !strcmp(argv[arg], "-a")) {
		algos = argv[arg + 1];
		arg += 2;
	}
	for (i = arg; i < (size_t)argc; i++)
		if (argv[i][0] < '0' || argv[i][0] > '9')
			return usage(argv[0]);
	/* One algorithm and one n at most: the readers share them. */
	if (concurrent && (argc - arg > 1 || (algos && strchr(algos, ','))))
		return usage(argv[0]);
	if (concurrent)
		return concurrent_bench(algos, arg < argc ?
					strtoull(argv[arg], NULL, 10) :
					CONCURRENT_N);
	bench_open(&b, algos);
	printf("# a read() of /dev/fibonacci against in-process GMP %s;\n",
	       gmp_version);
	printf("# microseconds, best of >= %d runs\n", BENCH_MIN_RUNS);
	printf("%-9s %-14s %11s %11s %11s %9s %-10s %11s %6s\n", "n",
	       "algorithm", "read_us", "compute_us", "convert_us", "copy_us",
	       "timing", "gmp_us", "/gmp");
	if (arg == argc) {
		for (i = 0; i < sizeof(default_ns) / sizeof(default_ns[0]); i++)
			bench_point(&b, default_ns[i]);
		small_reads(&b);
		sequential_runs(&b);
	}
	for (; arg < argc; arg++)
		bench_point(&b, strtoull(argv[arg], NULL, 10));
	return 0;
}
