/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the programs that check /dev/fibonacci itself share. They define
 * _GNU_SOURCE, for program_invocation_short_name.
 */
#ifndef FIBDRV_TESTS_DEVICE_H
#define FIBDRV_TESTS_DEVICE_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEVICE "/dev/fibonacci"

/* DEVICE opened for reading and writing; exits 2, "no device", if not. */
static inline int open_device(void)
{
	int fd = open(DEVICE, O_RDWR);

	if (fd < 0) {
		fprintf(stderr, "%s: cannot open " DEVICE ": %s\n",
			program_invocation_short_name, strerror(errno));
		exit(2);
	}
	return fd;
}

#ifdef __GNU_MP__
/* F(n) in decimal, from GMP, for the programs that include gmp.h first. */
static inline char *fib_gmp(unsigned long n)
{
	mpz_t f;
	char *s;

	mpz_init(f);
	mpz_fib_ui(f, n);
	s = mpz_get_str(NULL, 10, f);
	mpz_clear(f);
	return s;
}
#endif

#endif /* FIBDRV_TESTS_DEVICE_H */
