// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Fibonacci algorithms on limb arrays. Each computation takes one scratch
 * area, sized up front from n, and returns F(n) at its start.
 */
#include "fib.h"

/* Additions between two looks at port_interrupted() in the iterative loop. */
#define FIB_STEPS_PER_CHECK 256

static const char *const fib_algo_names[FIB_ALGO_COUNT] = {
	[FIB_ALGO_ITERATIVE] = "iterative",
	[FIB_ALGO_DOUBLING] = "doubling",
};

/* Scratch buffers of fib_limbs_max(n) limbs that each algorithm needs. */
static const unsigned int fib_algo_buffers[FIB_ALGO_COUNT] = {
	[FIB_ALGO_ITERATIVE] = 2,
	[FIB_ALGO_DOUBLING] = 5,
};

const char *fib_algo_name(enum fib_algo algo)
{
	return (unsigned int)algo < FIB_ALGO_COUNT ? fib_algo_names[algo] : NULL;
}

int fib_algo_parse(const char *s, size_t len)
{
	int algo;

	if (len && (s[len - 1] == '\n' || s[len - 1] == '\0'))
		len--;
	for (algo = 0; algo < FIB_ALGO_COUNT; algo++) {
		const char *name = fib_algo_names[algo];

		if (strlen(name) == len && !memcmp(name, s, len))
			return algo;
	}
	return -EINVAL;
}

/*
 * F(m) < phi^m, so F(n + 1) has at most (n + 1) * log2(phi) + 1 bits, with
 * log2(phi) = 0.69424191... The margin of four limbs also covers the raw
 * (unnormalized) products in fib_doubling(), whose sizes are the sums of
 * their operands' sizes.
 */
size_t fib_limbs_max(u64 n)
{
	return (size_t)(n * 694242 / 1000000 / LIMB_BITS) + 4;
}

/* r = a + b; returns the size of r, which holds max(an, bn) + 1 limbs. */
static size_t num_add(limb_t *r, const limb_t *a, size_t an,
		      const limb_t *b, size_t bn)
{
	if (an < bn)
		return num_add(r, b, bn, a, an);
	r[an] = bn_add(r, a, an, b, bn);
	return an + (r[an] != 0);
}

/* r = a * b; returns the size of r, which holds an + bn limbs. */
static size_t num_mul(limb_t *r, const limb_t *a, size_t an,
		      const limb_t *b, size_t bn)
{
	if (an < bn)
		return num_mul(r, b, bn, a, an);
	if (!bn)
		return 0;
	bn_mul_basecase(r, a, an, b, bn);
	return bn_normalized_size(r, an + bn);
}

/* r = a^2; returns the size of r, which holds 2 * an limbs. */
static size_t num_sqr(limb_t *r, const limb_t *a, size_t an)
{
	if (!an)
		return 0;
	bn_sqr_basecase(r, a, an);
	return bn_normalized_size(r, 2 * an);
}

static void swap_limbs(limb_t **x, limb_t **y)
{
	limb_t *t = *x;

	*x = *y;
	*y = t;
}

static void swap_sizes(size_t *x, size_t *y)
{
	size_t t = *x;

	*x = *y;
	*y = t;
}

/* (a, b) = (F(i), F(i + 1)) becomes (F(i + 1), F(i + 2)), n times. */
static int fib_iterative(limb_t *mem, size_t cap, u64 n, limb_t **res,
			 size_t *size)
{
	limb_t *a = mem, *b = mem + cap;
	size_t an = 0, bn = 1;
	u64 i;

	b[0] = 1;
	for (i = 0; i < n; i++) {
		an = num_add(a, b, bn, a, an);
		swap_limbs(&a, &b);
		swap_sizes(&an, &bn);
		if (i % FIB_STEPS_PER_CHECK == 0 && port_interrupted())
			return -EINTR;
	}
	*res = a;
	*size = an;
	return 0;
}

/*
 * With (a, b) = (F(k), F(k + 1)):
 *   F(2k)     = F(k) * (2 F(k + 1) - F(k))
 *   F(2k + 1) = F(k)^2 + F(k + 1)^2
 * Walking the bits of n from the top, each bit doubles k and a set bit
 * adds one more step.
 */
static int fib_doubling(limb_t *mem, size_t cap, u64 n, limb_t **res,
			size_t *size)
{
	limb_t *a = mem, *b = a + cap, *t = b + cap, *c = t + cap;
	limb_t *d = c + cap;
	size_t an = 0, bn = 1, tn, cn, dn;
	int bit;

	b[0] = 1;
	for (bit = n ? 63 - __builtin_clzll(n) : -1; bit >= 0; bit--) {
		/* t = 2b - a, which is positive as b >= a */
		t[bn] = bn_lshift(t, b, bn, 1);
		bn_sub(t, t, bn + 1, a, an);
		tn = bn_normalized_size(t, bn + 1);

		cn = num_mul(c, a, an, t, tn);
		dn = num_sqr(d, a, an);
		tn = num_sqr(t, b, bn);
		/* A product may be unfinished if a signal came. */
		if (port_interrupted())
			return -EINTR;
		dn = num_add(d, d, dn, t, tn);

		if ((n >> bit) & 1) {
			bn = num_add(b, c, cn, d, dn);
			swap_limbs(&a, &d);
			an = dn;
		} else {
			swap_limbs(&a, &c);
			an = cn;
			swap_limbs(&b, &d);
			bn = dn;
		}
	}
	*res = a;
	*size = an;
	return 0;
}

int fib_compute(struct fib_value *v, u64 n, enum fib_algo algo)
{
	limb_t *mem, *res;
	size_t cap, size;
	int ret;

	v->limbs = NULL;
	v->size = 0;
	if (n > FIB_N_LIMIT || (unsigned int)algo >= FIB_ALGO_COUNT)
		return -EINVAL;
	cap = fib_limbs_max(n);
	mem = port_alloc_array(cap * fib_algo_buffers[algo], sizeof(*mem));
	if (!mem)
		return -ENOMEM;
	if (algo == FIB_ALGO_ITERATIVE)
		ret = fib_iterative(mem, cap, n, &res, &size);
	else
		ret = fib_doubling(mem, cap, n, &res, &size);
	if (ret) {
		port_free(mem);
		return ret;
	}
	memmove(mem, res, size * sizeof(*mem));
	v->limbs = mem;
	v->size = size;
	return 0;
}

void fib_value_free(struct fib_value *v)
{
	port_free(v->limbs);
	v->limbs = NULL;
	v->size = 0;
}
