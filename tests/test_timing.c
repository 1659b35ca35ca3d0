// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_timing: checks the FIB_IOC_GET_TIMING ioctl of /dev/fibonacci
 * (uapi/fibdrv.h, README.md "The timing ioctl") in a kernel where fibdrv
 * is loaded with max_n of at least LARGE_N (tests/kernel_check.sh).
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
#define SENTINEL 0xa5

static const char *const algos[] = {
	"iterative", "doubling-basic", "doubling", "decimal",
};

static const unsigned long indexes[] = {
	0, 1, 2, 93, 94, 186, 187, 188, 1000, LARGE_N,
};

static char digits[LARGE_N / 4];	/* holds F(LARGE_N) */

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
	printf("# the command number and the struct\n");
	check_int(sizeof(struct fib_timing), 64, "struct fib_timing is 64 bytes");
	check_int(_IOC_SIZE(FIB_IOC_GET_TIMING), sizeof(struct fib_timing),
		  "the command encodes the struct's size");
	check_int(_IOC_DIR(FIB_IOC_GET_TIMING), _IOC_READ,
		  "the command reads from the kernel");
	check_int(_IOC_TYPE(FIB_IOC_GET_TIMING), FIB_IOC_MAGIC,
		  "the command's type is FIB_IOC_MAGIC");
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

/* Everything the ioctl says about the read of F(n) that just returned len. */
static void check_timing_of(int fd, unsigned long n, const char *algo,
			    ssize_t len, unsigned long long user_ns)
{
	struct fib_timing t;
	unsigned long long kernel_ns;

	if (!check_int(get_timing(fd, &t), 0, "F(%lu) %s: the ioctl succeeds",
		       n, algo))
		return;
	check_int(t.version, FIB_TIMING_VERSION, "F(%lu) %s: version", n, algo);
	check_int(t.reserved, 0, "F(%lu) %s: reserved is 0", n, algo);
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
		fd = open_device();
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
	int fd = open_device();

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
		{ "a 72-byte size", _IOR(FIB_IOC_MAGIC, 1, __u64[9]) },
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

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_init();
	check_abi();
	check_no_read_yet();
	check_reads();
	check_sequential();
	check_what_replaces_it();
	check_bad_commands();
	check_bad_pointers();
	return check_finish();
}
