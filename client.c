// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * client: reads Fibonacci numbers from /dev/fibonacci.
 *
 *   client [N]          F(0) .. F(N), one classic line each (N = 100)
 *   client -n K         F(K) alone, digits only
 *   -a ALGO             compute with ALGO (iterative or doubling)
 *   -d DEVICE           another device node
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arith/fib.h"

#define DEFAULT_DEVICE "/dev/fibonacci"
#define DEFAULT_LAST 100

struct options {
	const char *device;
	const char *algo;
	unsigned long long first, last;
	int single;
};

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: client [-d DEVICE] [-a ALGO] [N]   print F(0) .. F(N) (N = %d)\n"
		"       client [-d DEVICE] [-a ALGO] -n K  print F(K) alone\n"
		"ALGO is one of: " FIB_ALGO_NAMES " (the module's default if omitted)\n",
		DEFAULT_LAST);
}

static int parse_index(const char *s, unsigned long long *n)
{
	char *end;

	errno = 0;
	*n = strtoull(s, &end, 10);
	return *s >= '0' && *s <= '9' && !*end && !errno ? 0 : -1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	int c;

	o->device = DEFAULT_DEVICE;
	o->algo = NULL;
	o->first = 0;
	o->last = DEFAULT_LAST;
	o->single = 0;
	while ((c = getopt(argc, argv, "a:d:n:h")) != -1) {
		switch (c) {
		case 'a':
			o->algo = optarg;
			break;
		case 'd':
			o->device = optarg;
			break;
		case 'n':
			if (parse_index(optarg, &o->first))
				return -1;
			o->last = o->first;
			o->single = 1;
			break;
		case 'h':
			print_usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (optind < argc && (o->single || optind + 1 < argc ||
			      parse_index(argv[optind], &o->last)))
		return -1;
	return 0;
}

/* Reads F(n) into buf, which holds fib_digits_max(n) bytes. */
static ssize_t read_fib(int fd, unsigned long long n, char *buf)
{
	if (lseek(fd, n, SEEK_SET) < 0)
		return -1;
	return read(fd, buf, fib_digits_max(n));
}

static int print_range(int fd, const struct options *o)
{
	char *buf = malloc(fib_digits_max(o->last));
	unsigned long long n;
	ssize_t len;

	if (!buf) {
		perror("client");
		return -1;
	}
	for (n = o->first; n <= o->last; n++) {
		len = read_fib(fd, n, buf);
		if (len < 0) {
			fprintf(stderr, "client: F(%llu) from %s: %s\n", n,
				o->device, strerror(errno));
			free(buf);
			return -1;
		}
		if (o->single)
			printf("%.*s\n", (int)len, buf);
		else
			printf("Reading from %s at offset %llu, returned the sequence %.*s.\n",
			       o->device, n, (int)len, buf);
	}
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	int fd, ret;

	if (parse_options(argc, argv, &o)) {
		print_usage(stderr);
		return 2;
	}
	fd = open(o.device, o.algo ? O_RDWR : O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "client: %s: %s\n", o.device, strerror(errno));
		return 1;
	}
	if (o.algo && write(fd, o.algo, strlen(o.algo)) < 0) {
		fprintf(stderr, "client: algorithm '%s': %s\n", o.algo,
			strerror(errno));
		close(fd);
		return 1;
	}
	ret = print_range(fd, &o);
	close(fd);
	return ret ? 1 : 0;
}
