/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Exact Fibonacci numbers: F(0) = 0, F(1) = 1, F(n) = F(n-1) + F(n-2). */
#ifndef FIBDRV_FIB_H
#define FIBDRV_FIB_H

#include "radix.h"

/*
 * The largest n the arithmetic accepts. It keeps every size computation
 * far from overflow; F(10^8) has 20898764 digits.
 */
#define FIB_N_LIMIT 100000000

/* The names fib_algo_parse() accepts, for messages and documentation. */
#define FIB_ALGO_NAMES "iterative, doubling-basic, doubling, decimal"

enum fib_algo {
	FIB_ALGO_ITERATIVE,	/* n additions: O(n^2) limb operations */
	FIB_ALGO_DOUBLING_BASIC, /* fast doubling, schoolbook squares */
	FIB_ALGO_DOUBLING,	/* fast doubling, the fastest squares */
	FIB_ALGO_DECIMAL,	/* the same in radix 10^19: no conversion */
	FIB_ALGO_COUNT,
};

/*
 * Below this, F(n - 1) and F(n) fit two limbs each, and every algorithm
 * hands over to fast doubling in registers with no big-number code:
 * F(186) < 2^128.
 */
#define FIB_SMALL_N_MAX 186

/*
 * v[0..2) = F(n) for n <= FIB_SMALL_N_MAX, in radix 2^64 (v[1] may be
 * zero): what every algorithm computes for such n, in registers, with no
 * memory of its own.
 */
void fib_small_value(u64 n, limb_t *v);

/* The algorithm's name, as fib_algo_parse() accepts it. */
const char *fib_algo_name(enum fib_algo algo);

/*
 * The algorithm named by s[0..len), which may end in one newline or NUL
 * (so that `echo doubling` and C strings with their NUL both work), or
 * -EINVAL.
 */
int fib_algo_parse(const char *s, size_t len);

/* The radix the algorithm computes in: 10^19 for decimal, else 2^64. */
enum radix fib_algo_radix(enum fib_algo algo);

/*
 * Upper bound on the limbs of F(n) and F(n+1) in radix rx, for
 * n <= FIB_N_LIMIT.
 */
size_t fib_limbs_max(u64 n, enum radix rx);

/*
 * Upper bound on the decimal digits of F(n): F(n) <= phi^(n - 1), and
 * log10(phi) = 0.20898764...
 */
static inline u64 fib_digits_max(u64 n)
{
	return n * 208988 / 1000000 + 1;
}

/* A natural number: limbs[0..size), size 0 for zero. */
struct fib_value {
	limb_t *limbs;
	size_t size;
};

/*
 * cur = F(n) and prev = F(n - 1), with F(-1) = 1, so that F(n + 1) is one
 * addition away, both in radix rx. They live in one allocation of
 * 2 * cap limbs at mem.
 */
struct fib_pair {
	u64 n;
	enum radix rx;
	struct fib_value prev, cur;
	size_t cap;
	limb_t *mem;
};

/*
 * Computes F(n - 1) and F(n) with the given algorithm. Returns 0, -EINVAL
 * (n above FIB_N_LIMIT or an unknown algorithm), -ENOMEM, or -EINTR when
 * port_interrupted() says so; on error f holds nothing to free.
 */
int fib_compute(struct fib_pair *f, u64 n, enum fib_algo algo);

/*
 * Like fib_compute(), for F(n) alone: fast doubling then ends with one
 * product instead of two squares, and may leave f->prev out (prev.limbs
 * NULL), which fib_next() refuses.
 */
int fib_compute_value(struct fib_pair *f, u64 n, enum fib_algo algo);

/*
 * A read computes the pair up to this n, so that an open file can keep it
 * (about 17 KB) and serve n + 1 with one addition. Above it the saving is
 * small next to the rest of the read, and not worth pinning the memory.
 */
#define FIB_PAIR_N_MAX 100000

/* What a read of F(n) computes: the pair up to FIB_PAIR_N_MAX, else F(n). */
static inline int fib_compute_for_read(struct fib_pair *f, u64 n,
				       enum fib_algo algo)
{
	return n <= FIB_PAIR_N_MAX ? fib_compute(f, n, algo) :
	       fib_compute_value(f, n, algo);
}

/*
 * Moves f from n to n + 1 with one addition, growing it when F(n + 1)
 * needs a limb more than it holds. Returns 0, -EINVAL past FIB_N_LIMIT or
 * without F(n - 1), or -ENOMEM, which leave f as it was.
 */
int fib_next(struct fib_pair *f);

void fib_free(struct fib_pair *f);

#endif /* FIBDRV_FIB_H */
