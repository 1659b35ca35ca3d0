// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_memlimit: reads in a memory cgroup whose memory.max is below what
 * they need. GROUP is a cgroup v2 directory with the memory controller
 * (tests/debug_check.sh makes it). For each case a child computes GMP's
 * F(n) and touches its buffer, joins GROUP, sets memory.max and reads F(n)
 * from /dev/fibonacci: the read must return the exact value or fail with
 * ENOMEM, and since the module allocates with __GFP_RETRY_MAYFAIL, no task
 * may be killed by the group's OOM killer (memory.events oom_kill stays 0).
 * Meanwhile a reader outside the group reads F(10^4) over and over, and
 * every one of its reads must be exact and it must still be running at the
 * end. Both compute every read: their files bypass the module's cache
 * (FIB_CACHE_BYPASS), whose hits would allocate nothing, and which would
 * hand a case the result of the one before. Needs max_n >= 10^7.
 * Exit status: 0 all passed, 1 a check failed, 2 a usage error.
 * Usage: test_memlimit GROUP
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <gmp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "device.h"
#include "uapi/fibdrv.h"

#define BYSTANDER_N 10000

/* What a child's read ended with, as its exit status. */
enum outcome { EXACT, NOMEM, WRONG };

static const char *group;
static unsigned long *served;	/* the bystander's reads, shared */

struct limit_case {
	unsigned long n;
	const char *algo;
	const char *max;	/* memory.max */
};

static const struct limit_case cases[] = {
	{ 10000000, "decimal", "8M" },
	{ 10000000, "doubling", "8M" },
	/* Computed within it; its conversion's 25 MB workspace is not. */
	{ 10000000, "doubling", "16M" },
	{ 1000000, "decimal", "256K" },
	{ 1000000, "decimal", "512K" },
	{ 1000000, "decimal", "1M" },
	{ 1000000, "doubling", "256K" },
	{ 1000000, "doubling", "512K" },
	{ 1000000, "doubling", "1M" },
	{ 1000000, "doubling", "2M" },
	{ 1000000, "decimal", "64M" },
};

static bool group_write(const char *file, const char *value)
{
	char path[256];
	int fd;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", group, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return false;
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	close(fd);
	return ok;
}

/* A number from GROUP's FILE: the value after KEY, or -1. */
static long group_read(const char *file, const char *key)
{
	char path[256], line[128];
	long value = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", group, file);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, strlen(key)) &&
		    line[strlen(key)] == ' ')
			value = strtol(line + strlen(key) + 1, NULL, 10);
	}
	if (f)
		fclose(f);
	return value;
}

/* DEVICE, opened to compute every read; exits 2 if it cannot. */
static int open_computing(void)
{
	__u32 bypass = FIB_CACHE_BYPASS;
	int fd = open_device();

	if (ioctl(fd, FIB_IOC_SET_CACHE, &bypass)) {
		perror("test_memlimit: FIB_IOC_SET_CACHE");
		exit(2);
	}
	return fd;
}

static void bystander(void)
{
	char *want = fib_gmp(BYSTANDER_N), buf[4096];
	size_t len = strlen(want);
	int fd = open_computing();
	ssize_t got;

	for (;;) {
		got = pread(fd, buf, sizeof(buf), BYSTANDER_N);
		if (got != (ssize_t)len || memcmp(buf, want, len))
			_exit(1);
		__atomic_add_fetch(served, 1, __ATOMIC_RELAXED);
	}
}

static int child(const struct limit_case *c)
{
	char *want = fib_gmp(c->n), *buf;
	size_t len = strlen(want);
	int fd = open_computing();
	ssize_t got;

	buf = malloc(len + 16);
	if (!buf || write(fd, c->algo, strlen(c->algo)) < 0)
		return WRONG;
	memset(buf, 0, len + 16);
	/* Everything it needs is charged outside the group by now. */
	if (!group_write("cgroup.procs", "0"))
		return WRONG;
	got = pread(fd, buf, len + 16, c->n);
	if (got < 0)
		return errno == ENOMEM ? NOMEM : WRONG;
	return got == (ssize_t)len && !memcmp(buf, want, len) ? EXACT : WRONG;
}

static void run_case(const struct limit_case *c)
{
	long kills_before = group_read("memory.events", "oom_kill"), kills;
	int status;
	pid_t pid;

	if (!group_write("memory.max", c->max)) {
		check(false, "memory.max %s can be set", c->max);
		return;
	}
	pid = fork();
	if (pid == 0)
		_exit(child(c));
	waitpid(pid, &status, 0);
	group_write("memory.max", "max");
	kills = group_read("memory.events", "oom_kill") - kills_before;
	printf("# F(%lu) %s with memory.max %s: %s, %ld OOM kills in the group\n",
	       c->n, c->algo, c->max,
	       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) :
	       WEXITSTATUS(status) == EXACT ? "exact" :
	       WEXITSTATUS(status) == NOMEM ? "ENOMEM" : "wrong",
	       kills);
	check(WIFEXITED(status) && WEXITSTATUS(status) != WRONG,
	      "F(%lu) %s under memory.max %s: exact or ENOMEM", c->n, c->algo,
	      c->max);
	check(kills == 0, "F(%lu) %s under memory.max %s: nobody OOM-killed",
	      c->n, c->algo, c->max);
}

int main(int argc, char **argv)
{
	int status;
	pid_t by;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: test_memlimit GROUP\n");
		return 2;
	}
	group = argv[1];
	check_init();
	setvbuf(stdout, NULL, _IOLBF, 0);
	served = mmap(NULL, sizeof(*served), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (served == MAP_FAILED)
		return 2;
	by = fork();
	if (by == 0)
		bystander();
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	check(waitpid(by, &status, WNOHANG) == 0,
	      "the reader outside the group still runs");
	kill(by, SIGKILL);
	waitpid(by, &status, 0);
	check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "every read outside the group was exact until the end");
	check(*served > 0, "the reader outside the group was served: %lu reads of F(%d)",
	      *served, BYSTANDER_N);
	return check_finish();
}
