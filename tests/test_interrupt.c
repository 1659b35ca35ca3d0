// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_interrupt: a signal stops a long read of /dev/fibonacci promptly
 * and everything it took is given back (tests/kernel_check.sh runs it with
 * max_n of at least N).
 *
 * For SIGINT (caught, so read() fails with EINTR) and then SIGKILL, a child
 * starts reading F(N), the parent signals it after DELAY_MS and times how
 * long the child takes to end; ROUNDS times. The scratch memory of F(N)
 * comes from vmalloc (it is too big for kmalloc), so a leak would show in
 * VmallocUsed, which, unlike MemAvailable, free pages parked on per-CPU
 * lists do not blur. And a small read must still work afterwards.
 *
 * Exit status: 0 all passed, 1 a check failed, 2 a usage error or no device.
 * Usage: test_interrupt [N [ALGO]]   (default 10^7 and the file's default;
 * N must take ALGO well over DELAY_MS under emulation)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include "check.h"
#include "device.h"

#define DEFAULT_N 10000000UL
#define DELAY_MS 2000		/* into the read, when F(N) is far from done */
#define PROMPT_MS 2000		/* the most an interrupted read may take */
#define ROUNDS 3
#define SLACK_KIB 1024		/* F(10^7) takes 5.4 MB before converting */
#define STATUS_DONE 3		/* the child's read was not interrupted */

static void on_sigint(int sig)
{
	(void)sig;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static long vmalloc_used_kib(void)
{
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmallocUsed: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

/* The algorithm to read with, or NULL for the default. */
static const char *algo;

/* The child: reads F(n); 0 if the read failed with EINTR. */
static int read_until_interrupted(unsigned long n)
{
	struct sigaction sa = { .sa_handler = on_sigint };	/* no SA_RESTART */
	size_t size = n / 4 + 2;
	char *buf = malloc(size);
	int fd = open(DEVICE, O_RDWR);

	sigaction(SIGINT, &sa, NULL);
	/* write() computes F(position): choose while that is F(0). */
	if (!buf || fd < 0 || (algo && write(fd, algo, strlen(algo)) < 0) ||
	    lseek(fd, n, SEEK_SET) < 0)
		return 2;
	if (read(fd, buf, size) >= 0)
		return STATUS_DONE;
	return errno == EINTR ? 0 : 1;
}

static void check_signal(unsigned long n, int sig)
{
	long long sent, took;
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("test_interrupt: fork");
		exit(2);
	}
	if (!pid)
		_exit(read_until_interrupted(n));
	usleep(DELAY_MS * 1000);
	sent = now_ms();
	kill(pid, sig);
	waitpid(pid, &status, 0);
	took = now_ms() - sent;
	printf("# %s: the reader ended %lld ms after the signal\n",
	       strsignal(sig), took);
	if (sig == SIGKILL)
		check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		      "SIGKILL ends the reader of F(%lu) (status 0x%x)", n, status);
	else
		check(WIFEXITED(status) && !WEXITSTATUS(status),
		      "SIGINT makes read() of F(%lu) fail with EINTR (child status 0x%x; %d: finished first)",
		      n, status, STATUS_DONE << 8);
	check(took <= PROMPT_MS, "%s: the reader ended %lld ms after the signal (at most %d)",
	      strsignal(sig), took, PROMPT_MS);
}

static void check_usable(void)
{
	char buf[8];
	int fd = open(DEVICE, O_RDONLY);
	ssize_t len = fd < 0 || lseek(fd, 30, SEEK_SET) < 0 ? -1 :
		      read(fd, buf, sizeof(buf));

	check(len == 6 && !memcmp(buf, "832040", 6),
	      "afterwards F(30) reads 832040 (got %zd bytes)", len);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : DEFAULT_N;
	long before, after;
	int round;

	if (argc > 3 || !n) {
		fprintf(stderr, "usage: test_interrupt [N [ALGO]]\n");
		return 2;
	}
	algo = argc > 2 ? argv[2] : NULL;
	if (access(DEVICE, R_OK)) {
		fprintf(stderr, "test_interrupt: " DEVICE ": %s\n", strerror(errno));
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_init();
	printf("# signals %d ms into a read of F(%lu) with %s\n", DELAY_MS, n,
	       algo ? algo : "the default algorithm");
	before = vmalloc_used_kib();
	for (round = 0; round < ROUNDS; round++) {
		check_signal(n, SIGINT);
		check_signal(n, SIGKILL);
	}
	after = vmalloc_used_kib();
	check(before >= 0 && after <= before + SLACK_KIB,
	      "%d interrupted reads later VmallocUsed is back: %ld kB, then %ld kB",
	      2 * ROUNDS, before, after);
	check_usable();
	return check_finish();
}
