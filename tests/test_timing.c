// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_timing: checks the FIB_IOC_GET_TIMING ioctl of /dev/fibonacci
 * (uapi/fibdrv.h, README.md "The timing ioctl") in a kernel where fibdrv
 * is loaded with max_n of at least LARGE_N (tests/kernel_check.sh), and
 * the source its version 2 adds: computed, sequential or from the
 * module's cache of read results, which FIB_IOC_SET_CACHE bypasses. The
 * timings of the computations come from files that bypass the cache.
 * Exit status: 0 all passed, 1 a check failed, 2 no device.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>

#include "check.h"
#include "device.h"
#include "uapi/fibdrv.h"

#define LARGE_N 100000	/* takes long enough for every part to show */
#define CACHED_N 1000	/* above FIB_REGISTERS_N_MAX: the cache keeps it */
#define SENTINEL 0xa5
#define CACHE_DEBUGFS "/sys/kernel/debug/fibdrv/cache"
#define CACHE_KB "/sys/module/fibdrv/parameters/cache_kb"

static const char *const algos[] = {
	"iterative", "doubling-basic", "doubling", "decimal",
};

static const unsigned long indexes[] = {
	0, 1, 2, 93, 94, 186, 187, 188, 1000, LARGE_N,
};

static char digits[LARGE_N / 4];	/* holds F(LARGE_N) */
static char computed[LARGE_N / 4];	/* a computed F(n), for a cached one */

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* read() of F(n) from fd; the time it took from here goes to *user_ns. */
static ssize_t read_at(int fd, unsigned long n, unsigned long long *user_ns)
{
	unsigned long long start;
	ssize_t len;

	check_int(lseek(fd, n, SEEK_SET), n, "lseek to %lu", n);
	start = now_ns();
	len = read(fd, digits, sizeof(digits));
	*user_ns = now_ns() - start;
	check(len > 0, "read F(%lu) (got %zd, %s)", n, len, strerror(errno));
	return len;
}

/* A page that user space may read but the kernel may not write. */
static void *read_only_page(void)
{
	void *p = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("test_timing: mmap");
		exit(2);
	}
	return p;
}

/* ioctl(fd, cmd, arg): 0 or the errno it failed with. */
static int ioctl_errno(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

/* FIB_IOC_SET_CACHE with use: 0 or the errno it failed with. */
static int set_cache(int fd, __u32 use)
{
	return ioctl_errno(fd, FIB_IOC_SET_CACHE, &use);
}

/* A file whose reads compute, for the timings of the algorithms. */
static int open_bypass(void)
{
	int fd = open_device();

	if (set_cache(fd, FIB_CACHE_BYPASS)) {
		perror("test_timing: FIB_IOC_SET_CACHE");
		exit(1);
	}
	return fd;
}

/* The ioctl into t, which starts out as SENTINEL bytes; 0 or errno. */
static int get_timing(int fd, struct fib_timing *t)
{
	memset(t, SENTINEL, sizeof(*t));
	return ioctl_errno(fd, FIB_IOC_GET_TIMING, t);
}

/* The n of fd's last read, by the ioctl; -1 if that fails. */
static long long timing_n(int fd)
{
	struct fib_timing t;

	return get_timing(fd, &t) ? -1 : (long long)t.n;
}

static bool zero_after_name(const struct fib_timing *t)
{
	size_t i = strnlen(t->algo, sizeof(t->algo));

	while (++i < sizeof(t->algo))
		if (t->algo[i])
			return false;
	return true;
}

static void check_abi(void)
{
	printf("# the command numbers and the struct\n");
	check_int(sizeof(struct fib_timing), 72, "struct fib_timing is 72 bytes");
	check_int(offsetof(struct fib_timing, source), FIB_TIMING_V1_SIZE,
		  "version 2 appends source after version 1's 64 bytes");
	check_int(_IOC_SIZE(FIB_IOC_GET_TIMING), sizeof(struct fib_timing),
		  "the command encodes the struct's size");
	check_int(_IOC_DIR(FIB_IOC_GET_TIMING), _IOC_READ,
		  "the command reads from the kernel");
	check_int(_IOC_TYPE(FIB_IOC_GET_TIMING), FIB_IOC_MAGIC,
		  "the command's type is FIB_IOC_MAGIC");
	check_int(FIB_IOC_GET_TIMING_V1,
		  _IOC(_IOC_READ, FIB_IOC_MAGIC, _IOC_NR(FIB_IOC_GET_TIMING),
		       64),
		  "version 1's command is the same but for its 64 bytes");
	check_int(FIB_IOC_SET_CACHE, _IOW(FIB_IOC_MAGIC, 2, __u32),
		  "FIB_IOC_SET_CACHE writes a __u32, number 2");
}

static void check_no_read_yet(void)
{
	int fd = open_device();
	struct fib_timing t;

	printf("# a file that has not read yet\n");
	check_int(get_timing(fd, &t), ENODATA, "ENODATA before any read");
	check(((unsigned char *)&t)[0] == SENTINEL, "and the struct is untouched");
	close(fd);
}

static const char *source_name(__u32 source)
{
	switch (source) {
	case FIB_SOURCE_COMPUTED:
		return "computed";
	case FIB_SOURCE_SEQUENTIAL:
		return "sequential";
	case FIB_SOURCE_CACHED:
		return "cached";
	}
	return "unknown";
}

/*
 * Everything the ioctl says about the read of F(n) that just returned len,
 * which came from source.
 */
static void check_source_of(int fd, unsigned long n, const char *algo,
			    __u32 source, ssize_t len,
			    unsigned long long user_ns)
{
	struct fib_timing t;
	unsigned long long kernel_ns;

	if (!check_int(get_timing(fd, &t), 0, "F(%lu) %s: the ioctl succeeds",
		       n, algo))
		return;
	check_int(t.version, FIB_TIMING_VERSION, "F(%lu) %s: version", n, algo);
	check_int(t.reserved, 0, "F(%lu) %s: reserved is 0", n, algo);
	check_int(t.reserved2, 0, "F(%lu) %s: reserved2 is 0", n, algo);
	check(t.source == source, "F(%lu) %s: source is %s (got %s, %u)", n,
	      algo, source_name(source), source_name(t.source), t.source);
	if (source == FIB_SOURCE_CACHED)
		check_int(t.convert_ns, 0,
			  "F(%lu) %s: a cached read converts nothing", n, algo);
	check_int(t.n, n, "F(%lu) %s: n", n, algo);
	check_int(t.digits, len, "F(%lu) %s: digits is what read returned",
		  n, algo);
	check(!strcmp(t.algo, algo) && zero_after_name(&t),
	      "F(%lu) %s: algo is \"%s\", zero-padded (got \"%.16s\")", n,
	      algo, algo, t.algo);
	kernel_ns = t.compute_ns + t.convert_ns + t.copy_ns;
	check(kernel_ns <= user_ns,
	      "F(%lu) %s: kernel parts %llu ns <= %llu ns around read()", n,
	      algo, kernel_ns, user_ns);
	if (n == LARGE_N)
		check(t.compute_ns && t.convert_ns && t.copy_ns,
		      "F(%lu) %s: every part took time (compute %llu, convert %llu, copy %llu ns)",
		      n, algo, (unsigned long long)t.compute_ns,
		      (unsigned long long)t.convert_ns,
		      (unsigned long long)t.copy_ns);
}

/* The same for a read that the file's algorithm, or one addition, served. */
static void check_timing_of(int fd, unsigned long n, const char *algo,
			    ssize_t len, unsigned long long user_ns)
{
	check_source_of(fd, n, algo, strcmp(algo, FIB_ALGO_SEQUENTIAL) ?
			FIB_SOURCE_COMPUTED : FIB_SOURCE_SEQUENTIAL, len,
			user_ns);
}

/*
 * The algo that the timing of the i-th read on a file names, F(order[i])
 * after F(order[i - 1]): sequential for n + 1 after n, unless n was at most
 * FIB_REGISTERS_N_MAX, whose reads come from registers and keep no pair.
 */
static const char *algo_after(const unsigned long *order, size_t i,
			      const char *algo)
{
	return i && order[i] == order[i - 1] + 1 &&
	       order[i - 1] > FIB_REGISTERS_N_MAX ? FIB_ALGO_SEQUENTIAL : algo;
}

static void check_reads(void)
{
	unsigned long long user_ns;
	size_t a, i;
	ssize_t len;
	int fd;

	for (a = 0; a < ARRAY_SIZE(algos); a++) {
		printf("# timings of reads with %s\n", algos[a]);
		fd = open_bypass();
		check_int(write(fd, algos[a], strlen(algos[a])) >= 0, 1,
			  "choose %s", algos[a]);
		for (i = 0; i < ARRAY_SIZE(indexes); i++) {
			len = read_at(fd, indexes[i], &user_ns);
			check_timing_of(fd, indexes[i],
					algo_after(indexes, i, algos[a]),
					len, user_ns);
		}
		close(fd);
	}
}

/*
 * n right after n - 1 costs one addition, and says so; any other order,
 * the same n again included, runs the file's algorithm.
 */
static void check_sequential(void)
{
	static const unsigned long order[] = {
		5000, 5001, 5002, 5002, 5003, 4999, 5000, 6000, 5001, 5002,
	};
	unsigned long long user_ns;
	size_t i;
	ssize_t len;
	int fd = open_bypass();

	printf("# sequential reads\n");
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		len = read_at(fd, order[i], &user_ns);
		check_timing_of(fd, order[i],
				algo_after(order, i, "decimal"),
				len, user_ns);
	}
	close(fd);
}

/* Only a successful read() replaces the timing; write() never does. */
static void check_what_replaces_it(void)
{
	int fd = open_device(), other = open_device();
	char *ro = read_only_page();
	unsigned long long user_ns;
	char small[2];
	struct fib_timing t;
	ssize_t len;

	printf("# what replaces the timing\n");
	len = read_at(fd, 1000, &user_ns);
	check_int(lseek(fd, 2000, SEEK_SET), 2000, "lseek to 2000");
	check_int(read(fd, small, sizeof(small)) == -1 ? errno : 0, ERANGE,
		  "a read of F(2000) into 2 bytes fails");
	check_int(read(fd, ro, sizeof(digits)) == -1 ? errno : 0, EFAULT,
		  "a read of F(2000) into a PROT_READ page fails");
	check(write(fd, "", 0) >= 0, "a write computes F(2000)");
	check_int(get_timing(fd, &t), 0, "the ioctl after them succeeds");
	check(t.n == 1000 && t.digits == (unsigned long long)len,
	      "it still describes the read of F(1000) (n %llu, digits %llu)",
	      (unsigned long long)t.n, (unsigned long long)t.digits);
	check_int(pread(fd, digits, sizeof(digits), 500), 105,
		  "pread of F(500)");
	check_int(timing_n(fd), 500, "a pread replaces it");
	check_int(get_timing(other, &t), ENODATA,
		  "another open file has its own: ENODATA");
	close(other);
	close(fd);
	munmap(ro, sysconf(_SC_PAGESIZE));
}

static void check_bad_commands(void)
{
	const struct {
		const char *what;
		unsigned long cmd;
	} cases[] = {
		{ "number 2", _IOR(FIB_IOC_MAGIC, 2, struct fib_timing) },
		{ "number 0", _IOR(FIB_IOC_MAGIC, 0, struct fib_timing) },
		{ "a 4-byte size", _IOR(FIB_IOC_MAGIC, 1, __u32) },
		{ "an 80-byte size", _IOR(FIB_IOC_MAGIC, 1, __u64[10]) },
		{ "a 56-byte size", _IOR(FIB_IOC_MAGIC, 1, __u64[7]) },
		{ "number 2 reading a __u32", _IOR(FIB_IOC_MAGIC, 2, __u32) },
		{ "number 2 writing a __u64", _IOW(FIB_IOC_MAGIC, 2, __u64) },
		{ "direction write", _IOW(FIB_IOC_MAGIC, 1, struct fib_timing) },
		{ "direction read-write",
		  _IOWR(FIB_IOC_MAGIC, 1, struct fib_timing) },
		{ "no direction or size", _IO(FIB_IOC_MAGIC, 1) },
		{ "another type", _IOR('f', 1, struct fib_timing) },
		{ "TCGETS", TCGETS },
		{ "0", 0 },
		{ "~0", ~0UL },
	};
	unsigned long long user_ns;
	struct fib_timing t;
	int fd = open_device();
	size_t i;

	printf("# unknown commands\n");
	read_at(fd, 100, &user_ns);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&t, SENTINEL, sizeof(t));
		check_int(ioctl_errno(fd, cases[i].cmd, &t), ENOTTY,
			  "command %s (0x%lx) fails with ENOTTY", cases[i].what,
			  cases[i].cmd);
	}
	check(!isatty(fd), "isatty() says no");
	check_int(timing_n(fd), 100, "the right command still works");
	close(fd);
}

static void check_bad_pointers(void)
{
	void *ro = read_only_page();
	void *const ptrs[] = { NULL, (void *)1, ro,
			       (void *)0xffffffff81000000UL };
	const char *const names[] = { "NULL", "(void *)1", "a PROT_READ page",
				      "a kernel address" };
	unsigned long long user_ns;
	int fd = open_device();
	size_t i;

	printf("# bad pointers\n");
	read_at(fd, 100, &user_ns);
	for (i = 0; i < ARRAY_SIZE(ptrs); i++)
		check_int(ioctl_errno(fd, FIB_IOC_GET_TIMING, ptrs[i]), EFAULT,
			  "the ioctl into %s fails with EFAULT", names[i]);
	check_int(timing_n(fd), 100, "then it works");
	close(fd);
	munmap(ro, sysconf(_SC_PAGESIZE));
}

/*
 * Version 1's command: the same first 64 bytes but the version, which
 * says 1, and not a byte more.
 */
static void check_v1(void)
{
	unsigned char v1[sizeof(struct fib_timing)];
	unsigned long long user_ns;
	struct fib_timing t, *old = (struct fib_timing *)v1;
	int fd = open_bypass();
	size_t i;
	bool untouched = true;

	printf("# version 1's command\n");
	check_int(ioctl_errno(fd, FIB_IOC_GET_TIMING_V1, v1), ENODATA,
		  "ENODATA before any read");
	read_at(fd, CACHED_N, &user_ns);
	check_int(get_timing(fd, &t), 0, "version 2's ioctl succeeds");
	memset(v1, SENTINEL, sizeof(v1));
	check_int(ioctl_errno(fd, FIB_IOC_GET_TIMING_V1, v1), 0,
		  "version 1's ioctl succeeds");
	check_int(old->version, 1, "it says version 1");
	check(!memcmp(v1 + sizeof(old->version),
		      (char *)&t + sizeof(t.version),
		      FIB_TIMING_V1_SIZE - sizeof(t.version)),
	      "its other 60 bytes are version 2's");
	for (i = FIB_TIMING_V1_SIZE; i < sizeof(v1); i++)
		untouched = untouched && v1[i] == SENTINEL;
	check(untouched, "it writes 64 bytes, no more");
	check_int(ioctl_errno(fd, FIB_IOC_GET_TIMING_V1, NULL), EFAULT,
		  "version 1's ioctl into NULL fails with EFAULT");
	close(fd);
}

/* FIB_IOC_SET_CACHE takes FIB_CACHE_USE and FIB_CACHE_BYPASS alone. */
static void check_set_cache_errors(void)
{
	static const __u32 bad[] = { 2, 7, 0xffffffff };
	void *none = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *const ptrs[] = { NULL, (void *)1, none,
			       (void *)0xffffffff81000000UL };
	const char *const names[] = { "NULL", "(void *)1", "a PROT_NONE page",
				      "a kernel address" };
	int fd = open_device();
	size_t i;

	printf("# FIB_IOC_SET_CACHE's errors\n");
	check(none != MAP_FAILED, "mmap of a PROT_NONE page");
	check_int(set_cache(fd, FIB_CACHE_BYPASS), 0, "FIB_CACHE_BYPASS");
	check_int(set_cache(fd, FIB_CACHE_USE), 0, "FIB_CACHE_USE");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		check_int(set_cache(fd, bad[i]), EINVAL, "%u fails with EINVAL",
			  bad[i]);
	for (i = 0; i < ARRAY_SIZE(ptrs); i++)
		check_int(ioctl_errno(fd, FIB_IOC_SET_CACHE, ptrs[i]), EFAULT,
			  "from %s fails with EFAULT", names[i]);
	close(fd);
	munmap(none, sysconf(_SC_PAGESIZE));
}

/* The cache_kb parameter, or -1 if the module has none. */
static long cache_kb(void)
{
	FILE *f = fopen(CACHE_KB, "r");
	long kb = -1;

	if (f) {
		if (fscanf(f, "%ld", &kb) != 1)
			kb = -1;
		fclose(f);
	}
	return kb;
}

/* Empties the module's cache through debugfs; false if it cannot. */
static bool cache_empty(void)
{
	int fd = open(CACHE_DEBUGFS, O_WRONLY);
	bool ok = fd >= 0 && write(fd, "1\n", 2) == 2;

	if (fd >= 0)
		close(fd);
	return ok;
}

/* A file that uses the cache (as new files do) and reads with algo. */
static int open_algo(const char *algo)
{
	int fd = open_device();

	check(write(fd, algo, strlen(algo)) >= 0, "choose %s", algo);
	return fd;
}

/*
 * An n whose first read on fd (which uses the cache) computes: CACHED_N
 * in an emptied cache, else a random large n that no read has left there
 * yet, as the first read's source says. Its digits go to computed.
 */
static unsigned long first_read(int fd, bool emptied, const char *algo)
{
	unsigned long long user_ns;
	unsigned long n = CACHED_N;
	struct fib_timing t;
	ssize_t len;
	int tries;

	for (tries = 0; tries < 20; tries++) {
		if (!emptied)
			n = rand_range(CACHED_N, LARGE_N - 2);
		len = read_at(fd, n, &user_ns);
		if (emptied || (!get_timing(fd, &t) &&
				t.source != FIB_SOURCE_CACHED))
			break;
	}
	check_source_of(fd, n, algo, FIB_SOURCE_COMPUTED, len, user_ns);
	memcpy(computed, digits, len);
	return n;
}

/* Reads F(n) on fd and checks that it came from source, with algo. */
static void check_read_source(int fd, unsigned long n, const char *algo,
			      __u32 source, const char *what)
{
	unsigned long long user_ns;
	ssize_t len;

	printf("# %s\n", what);
	len = read_at(fd, n, &user_ns);
	check_source_of(fd, n, algo, source, len, user_ns);
	check(!memcmp(digits, computed, len), "F(%lu): the same digits", n);
}

/*
 * The second read of F(n) on a file that uses the cache (cache_kb > 0)
 * finds it there, naming the algorithm that computed it; with no cache,
 * it computes.
 */
static void check_found(int fd, unsigned long n, long kb, const char *algo,
			const char *what)
{
	check_read_source(fd, n, kb > 0 ? "doubling" : algo,
			  kb > 0 ? FIB_SOURCE_CACHED : FIB_SOURCE_COMPUTED,
			  what);
}

/*
 * A read that computes F(n) leaves it in the cache for the files that
 * use it; a file that bypasses it computes again, and a failed
 * FIB_IOC_SET_CACHE changes nothing. Returns n, which first computed.
 */
static unsigned long check_cache_finds(int first, long kb)
{
	bool emptied = cache_empty();
	int other = open_algo("decimal"), fresh = open_device();
	int bypass = open_bypass();
	unsigned long n;

	printf("# the cache (cache_kb %ld, %s)\n", kb,
	       emptied ? "emptied through debugfs" : "no debugfs: a new n");
	n = first_read(first, emptied, "doubling");
	check_found(other, n, kb, "decimal",
		    "another file that uses the cache finds it there");
	check_found(fresh, n, kb, "decimal", "so does a new file, by default");
	check_read_source(bypass, n, "decimal", FIB_SOURCE_COMPUTED,
			  "a file that bypasses it computes");
	check_int(set_cache(bypass, 7), EINVAL, "FIB_IOC_SET_CACHE 7: EINVAL");
	check_read_source(bypass, n, "decimal", FIB_SOURCE_COMPUTED,
			  "and still bypasses it after a failed FIB_IOC_SET_CACHE");
	check_int(set_cache(bypass, FIB_CACHE_USE), 0, "FIB_CACHE_USE");
	check_found(bypass, n, kb, "decimal", "then it finds it too");
	close(bypass);
	close(fresh);
	close(other);
	return n;
}

/*
 * A sequential read after the one that computed F(n) is one addition
 * still, and reads up to FIB_REGISTERS_N_MAX never touch the cache.
 */
static void check_cache_untouched(int first, unsigned long n)
{
	int other = open_algo("decimal");
	unsigned long long user_ns;
	ssize_t len;

	printf("# reads that never touch the cache\n");
	len = read_at(first, n + 1, &user_ns);
	check_source_of(first, n + 1, FIB_ALGO_SEQUENTIAL,
			FIB_SOURCE_SEQUENTIAL, len, user_ns);
	read_at(first, FIB_REGISTERS_N_MAX, &user_ns);
	len = read_at(other, FIB_REGISTERS_N_MAX, &user_ns);
	check_source_of(other, FIB_REGISTERS_N_MAX, "decimal",
			FIB_SOURCE_COMPUTED, len, user_ns);
	close(other);
}

static void check_cache(void)
{
	long kb = cache_kb();
	int first = open_algo("doubling");

	check(kb >= 0, "the module has the cache_kb parameter");
	check_cache_untouched(first, check_cache_finds(first, kb));
	close(first);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_init();
	check_abi();
	check_no_read_yet();
	check_v1();
	check_set_cache_errors();
	check_cache();
	check_reads();
	check_sequential();
	check_what_replaces_it();
	check_bad_commands();
	check_bad_pointers();
	return check_finish();
}
