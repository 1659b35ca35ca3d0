// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Fibonacci algorithms on limb arrays. A computation allocates the pair it
 * returns and, for fast doubling, one work area, both sized up front from
 * n: nothing allocates inside the loops.
 */
#include "fib.h"
#include "mul.h"

/*
 * Bits of n below its top one that fast doubling starts from in registers:
 * k < 2^7 <= FIB_SMALL_N_MAX. Its steps, on numbers of one or two limbs,
 * cost less there than in the big-number code.
 */
#define FIB_START_BITS 6

/* Additions between two looks at port_interrupted() in the iterative loop. */
#define FIB_STEPS_PER_CHECK 256

static const char *const fib_algo_names[FIB_ALGO_COUNT] = {
	[FIB_ALGO_ITERATIVE] = "iterative",
	[FIB_ALGO_DOUBLING_BASIC] = "doubling-basic",
	[FIB_ALGO_DOUBLING] = "doubling",
	[FIB_ALGO_DECIMAL] = "decimal",
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

enum radix fib_algo_radix(enum fib_algo algo)
{
	return algo == FIB_ALGO_DECIMAL ? RADIX_DEC : RADIX_BIN;
}

/*
 * F(m) < phi^m, so F(n + 1) has at most (n + 1) * log2(phi) + 1 bits, with
 * log2(phi) = 0.69424191..., and at most (n + 1) * log10(phi) + 1 digits,
 * log10(phi) = 0.20898764... The margin of four limbs also covers the raw
 * (unnormalized) squares in fib_doubling(), whose sizes are twice their
 * operands', and the factor 4 of 4 F(k)^2.
 */
size_t fib_limbs_max(u64 n, enum radix rx)
{
	if (rx == RADIX_DEC)
		return (size_t)(n * 208988 / 1000000 / DN_DIGITS) + 4;
	return (size_t)(n * 694242 / 1000000 / LIMB_BITS) + 4;
}

/* r = a + b; returns the size of r, which holds max(an, bn) + 1 limbs. */
static size_t fib_add(enum radix rx, limb_t *r, const limb_t *a, size_t an,
		      const limb_t *b, size_t bn)
{
	if (an < bn)
		return fib_add(rx, r, b, bn, a, an);
	r[an] = rx_add(rx, r, a, an, b, bn);
	return an + (r[an] != 0);
}

/* Points prev and cur at the two halves of a new area of 2 * cap limbs. */
static int fib_pair_alloc(struct fib_pair *f, size_t cap)
{
	f->mem = port_alloc_array(cap, 2 * sizeof(*f->mem));
	if (!f->mem)
		return -ENOMEM;
	f->cap = cap;
	f->prev.limbs = f->mem;
	f->cur.limbs = f->mem + cap;
	return 0;
}

void fib_free(struct fib_pair *f)
{
	port_free(f->mem);
	memset(f, 0, sizeof(*f));
}

/* (F(n - 1), F(n)) becomes (F(n), F(n + 1)); F(n + 1) must fit cap. */
static void fib_step(struct fib_pair *f)
{
	struct fib_value sum = f->prev;

	sum.size = fib_add(f->rx, sum.limbs, f->cur.limbs, f->cur.size,
			   f->prev.limbs, f->prev.size);
	f->prev = f->cur;
	f->cur = sum;
	f->n++;
}

/* Copies f into a new pair with a quarter more room. */
static int fib_grow(struct fib_pair *f)
{
	struct fib_pair grown;

	if (fib_pair_alloc(&grown, f->cap + f->cap / 4 + 1))
		return -ENOMEM;
	grown.n = f->n;
	grown.rx = f->rx;
	grown.prev.size = f->prev.size;
	grown.cur.size = f->cur.size;
	memcpy(grown.prev.limbs, f->prev.limbs, f->prev.size * sizeof(limb_t));
	memcpy(grown.cur.limbs, f->cur.limbs, f->cur.size * sizeof(limb_t));
	fib_free(f);
	*f = grown;
	return 0;
}

int fib_next(struct fib_pair *f)
{
	if (f->n >= FIB_N_LIMIT || !f->prev.limbs)
		return -EINVAL;
	if (f->cur.size + 1 > f->cap && fib_grow(f))
		return -ENOMEM;
	fib_step(f);
	return 0;
}

/* (F(-1), F(0)) = (1, 0), where every algorithm starts. */
static void fib_start(struct fib_pair *f)
{
	f->n = 0;
	f->prev.limbs[0] = 1;
	f->prev.size = 1;
	f->cur.size = 0;
}

/* v = hi 2^64 + lo in radix rx: two limbs, or three in radix 10^19. */
static void fib_set_u128(struct fib_value *v, enum radix rx, limb_t lo,
			 limb_t hi)
{
	if (rx == RADIX_DEC) {
		v->size = dn_from_u128(v->limbs, lo, hi);
		return;
	}
	v->limbs[0] = lo;
	v->limbs[1] = hi;
	v->size = hi ? 2 : lo ? 1 : 0;
}

/*
 * (F(k - 1), F(k)) for k <= 93, where F(k) < 2^64, by fast doubling in
 * single limbs: every value on the way is some F(j) with j <= k, and
 * F(j) + 2 F(j - 1) = L(j) < 2^64 too.
 */
static void fib_one_limb(u64 k, limb_t *prev, limb_t *cur)
{
	limb_t a = 1, b = 0, odd;
	int bit;

	for (bit = (int)limb_bits(k) - 1; bit >= 0; bit--) {
		/* (a, b) = (F(j - 1), F(j)) becomes (F(2j - 1), F(2j)). */
		odd = b * b + a * a;
		b *= b + 2 * a;
		a = odd;
		if ((k >> bit) & 1) {
			a = b;
			b += odd;
		}
	}
	*prev = a;
	*cur = b;
}

/* (hi, lo) += (h, l): two-limb numbers whose sum fits. */
static void fib_add_two_limbs(limb_t *lo, limb_t *hi, limb_t l, limb_t h)
{
	*lo += l;
	*hi += h + (*lo < l);
}

/*
 * n <= FIB_SMALL_N_MAX: p = F(n - 1) and c = F(n) in registers, two limbs
 * each, from (F(k - 1), F(k)) = (a, b), k = n / 2, in single limbs:
 * F(2k - 1) = b^2 + a^2 and F(2k) = b^2 + 2ab, both below 2^128.
 */
static void fib_small_u128(u64 n, limb_t *p, limb_t *c)
{
	limb_t a, b, ab[2], sq[2];

	fib_one_limb(n / 2, &a, &b);
	sq[0] = limb_mul(b, b, &sq[1]);
	p[0] = limb_mul(a, a, &p[1]);
	fib_add_two_limbs(&p[0], &p[1], sq[0], sq[1]);
	ab[0] = limb_mul(a, b, &ab[1]);
	c[0] = ab[0] << 1;
	c[1] = ab[1] << 1 | ab[0] >> (LIMB_BITS - 1);
	fib_add_two_limbs(&c[0], &c[1], sq[0], sq[1]);
	if (n & 1) {
		/* (F(2k), F(2k + 1)) = (c, c + p) */
		ab[0] = p[0];
		ab[1] = p[1];
		p[0] = c[0];
		p[1] = c[1];
		fib_add_two_limbs(&c[0], &c[1], ab[0], ab[1]);
	}
}

void fib_small_value(u64 n, limb_t *v)
{
	limb_t p[2];

	fib_small_u128(n, p, v);
}

/* The pair in f's radix from fib_small_u128(). */
static void fib_small(struct fib_pair *f, u64 n)
{
	limb_t p[2], c[2];

	fib_small_u128(n, p, c);
	f->n = n;
	fib_set_u128(&f->prev, f->rx, p[0], p[1]);
	fib_set_u128(&f->cur, f->rx, c[0], c[1]);
}

static int fib_iterative(struct fib_pair *f, u64 n)
{
	u64 i;

	for (i = 0; i < n; i++) {
		fib_step(f);
		if (i % FIB_STEPS_PER_CHECK == 0 && port_interrupted())
			return -EINTR;
	}
	return 0;
}

/*
 * Work areas of up to this many limbs (512 bytes), for n up to about
 * 2,000, live on the stack: small reads then allocate only their pair.
 */
#define FIB_STACK_WORK_LIMBS 64

/* What fast doubling needs besides the pair, in one area. */
struct fib_work {
	limb_t *spare;		/* a third buffer of cap limbs for the pair */
	limb_t *square;		/* F(k - 1)^2, cap limbs */
	limb_t *tmp;		/* rx_sqr()'s scratch */
	limb_t *mem;		/* the area: stack, or allocated when !stack */
	enum radix rx;
	bool basic;		/* schoolbook squares only */
	bool stack;
	limb_t small[FIB_STACK_WORK_LIMBS];
};

static int fib_work_alloc(struct fib_work *w, size_t cap, enum radix rx,
			  bool basic)
{
	/* The operands are F(k) with k <= n / 2, or 2 F(k) + F(k - 1). */
	size_t half = cap / 2 + 2;
	size_t sqr = rx_sqr_scratch(rx, half);
	size_t mul = rx_mul_scratch(rx, half, half);
	size_t tmp = basic ? 0 : sqr > mul ? sqr : mul;

	w->stack = 2 * cap + tmp <= FIB_STACK_WORK_LIMBS;
	w->mem = w->stack ? w->small :
		 port_alloc_array(2 * cap + tmp, sizeof(limb_t));
	if (!w->mem)
		return -ENOMEM;
	w->spare = w->mem;
	w->square = w->mem + cap;
	w->tmp = w->mem + 2 * cap;
	w->rx = rx;
	w->basic = basic;
	return 0;
}

static void fib_work_free(struct fib_work *w)
{
	if (!w->stack)
		port_free(w->mem);
}

/* r = a^2 of size *rn, r holding 2 * a->size limbs; returns 0 or -EINTR. */
static int fib_sqr(limb_t *r, size_t *rn, const struct fib_value *a,
		   const struct fib_work *w)
{
	int ret;

	*rn = 0;
	if (!a->size)
		return 0;
	if (w->basic)
		ret = rx_sqr_basecase(w->rx, r, a->limbs, a->size);
	else
		ret = rx_sqr(w->rx, r, a->limbs, a->size, w->tmp);
	*rn = bn_normalized_size(r, 2 * a->size);
	return ret;
}

/* r = a * b of size *rn, an >= bn, r holding an + bn limbs; 0 or -EINTR. */
static int fib_mul(limb_t *r, size_t *rn, const limb_t *a, size_t an,
		   const limb_t *b, size_t bn, const struct fib_work *w)
{
	int ret;

	if (w->basic)
		ret = rx_mul_basecase(w->rx, r, a, an, b, bn);
	else
		ret = rx_mul(w->rx, r, a, an, b, bn, w->tmp);
	*rn = bn_normalized_size(r, an + bn);
	return ret;
}

/* a = a + 2 or a - 2, a >= 3 of size an; returns the new size. */
static size_t fib_plus_minus_two(enum radix rx, limb_t *a, size_t an,
				 bool plus)
{
	limb_t two = 2;

	if (!plus) {
		rx_sub(rx, a, a, an, &two, 1);
		return bn_normalized_size(a, an);
	}
	a[an] = rx_add(rx, a, a, an, &two, 1);
	return an + (a[an] != 0);
}

/*
 * a = 4 a - b + 2 when plus_two, else 4 a - b - 2, for b <= a and a >= 1.
 * Returns the new size of a, which holds an + 1 limbs.
 */
static size_t fib_times4_minus(enum radix rx, limb_t *a, size_t an,
			       const limb_t *b, size_t bn, bool plus_two)
{
	a[an] = rx_lshift(rx, a, a, an, 2);
	an = bn_normalized_size(a, an + 1);
	rx_sub(rx, a, a, an, b, bn);
	return fib_plus_minus_two(rx, a, bn_normalized_size(a, an), plus_two);
}

/*
 * The last step when F(n - 1) is not wanted: from A = F(k), B = F(k - 1),
 * one product instead of two squares,
 *   F(2k)     = A (A + 2B)
 *   F(2k + 1) = (2A + B)(2A - B) + 2 (-1)^k
 * into B's buffer; F(n - 1) is left out (prev.limbs NULL).
 */
static int fib_doubling_last(struct fib_pair *f, u64 n, bool k_odd,
			     struct fib_work *w)
{
	struct fib_value *a = &f->cur, *b = &f->prev;
	limb_t *t = w->spare, *u = w->square;
	enum radix rx = w->rx;
	size_t tn, un;
	int ret;

	t[b->size] = rx_lshift(rx, t, b->limbs, b->size, 1);
	tn = bn_normalized_size(t, b->size + 1);
	if (n & 1) {
		/* t = 2B is spent: u = 2A - B, t = 2A + B. */
		t[a->size] = rx_lshift(rx, t, a->limbs, a->size, 1);
		tn = bn_normalized_size(t, a->size + 1);
		rx_sub(rx, u, t, tn, b->limbs, b->size);
		un = bn_normalized_size(u, tn);
		t[tn] = rx_add(rx, t, t, tn, b->limbs, b->size);
		tn += t[tn] != 0;
		ret = fib_mul(b->limbs, &b->size, t, tn, u, un, w);
	} else {
		tn = fib_add(rx, t, a->limbs, a->size, t, tn);
		ret = fib_mul(b->limbs, &b->size, t, tn, a->limbs, a->size, w);
	}
	if (ret)
		return ret;
	if (n & 1)
		b->size = fib_plus_minus_two(rx, b->limbs, b->size, !k_odd);
	*a = *b;
	b->limbs = NULL;
	b->size = 0;
	f->n = n;
	return 0;
}

/*
 * With A = F(k) and B = F(k - 1), two squares give the next pair:
 *   F(2k - 1) = A^2 + B^2
 *   F(2k + 1) = 4 A^2 - B^2 + 2 (-1)^k
 *   F(2k)     = F(2k + 1) - F(2k - 1)
 * Walking the bits of n from the top, (F(k - 1), F(k)) becomes
 * (F(2k - 1), F(2k)) for a clear bit and (F(2k), F(2k + 1)) for a set one,
 * from k = n's top FIB_START_BITS + 1 bits, which fib_small() takes.
 * The pair's two buffers and w->spare take turns.
 */
static int fib_doubling(struct fib_pair *f, u64 n, struct fib_work *w,
			bool pair)
{
	struct fib_value *b = &f->prev, *a = &f->cur, next;
	int bit = (int)limb_bits(n) - 1 - FIB_START_BITS;
	bool k_odd = (n >> (bit + 1)) & 1;
	enum radix rx = w->rx;
	size_t bb;
	int ret;

	/* The first steps in registers: n > FIB_SMALL_N_MAX has more bits. */
	fib_small(f, n >> (bit + 1));
	for (; bit >= !pair; bit--) {
		next.limbs = w->spare;
		ret = fib_sqr(w->square, &bb, b, w);
		if (!ret)
			ret = fib_sqr(next.limbs, &next.size, a, w);
		if (ret)
			return ret;
		b->size = fib_add(rx, b->limbs, next.limbs, next.size,
				  w->square, bb);
		next.size = fib_times4_minus(rx, next.limbs, next.size,
					     w->square, bb, !k_odd);
		rx_sub(rx, a->limbs, next.limbs, next.size, b->limbs, b->size);
		a->size = bn_normalized_size(a->limbs, next.size);
		k_odd = (n >> bit) & 1;
		if (k_odd) {
			w->spare = b->limbs;
			*b = *a;
			*a = next;
		}
	}
	if (!pair)
		return fib_doubling_last(f, n, k_odd, w);
	f->n = n;
	return 0;
}

/*
 * The pair's buffers and w->spare took turns: when one value ended in the
 * work area, the pair's free buffer is now w->spare, and it moves there.
 */
static void fib_doubling_home(struct fib_pair *f, const struct fib_work *w)
{
	struct fib_value *v = f->prev.limbs == w->mem ? &f->prev : &f->cur;

	if (w->spare == w->mem)
		return;
	memcpy(w->spare, v->limbs, v->size * sizeof(limb_t));
	v->limbs = w->spare;
}

static int fib_fast(struct fib_pair *f, u64 n, bool basic, bool pair)
{
	/* Cleared, its buffer would cost a small read more than its squares. */
	struct fib_work w __uninitialized;
	int ret;

	ret = fib_work_alloc(&w, f->cap, f->rx, basic);
	if (ret)
		return ret;
	ret = fib_doubling(f, n, &w, pair);
	if (!ret && pair) {
		fib_doubling_home(f, &w);
	} else if (!ret && f->cur.limbs == w.mem) {
		memcpy(f->mem, f->cur.limbs, f->cur.size * sizeof(limb_t));
		f->cur.limbs = f->mem;
	}
	fib_work_free(&w);
	return ret;
}

static int fib_compute_pair(struct fib_pair *f, u64 n, enum fib_algo algo,
			    bool pair)
{
	int ret;

	memset(f, 0, sizeof(*f));
	if (n > FIB_N_LIMIT || (unsigned int)algo >= FIB_ALGO_COUNT)
		return -EINVAL;
	f->rx = fib_algo_radix(algo);
	/* A limb more than F(n + 1) needs, for the last product's raw size. */
	ret = fib_pair_alloc(f, fib_limbs_max(n, f->rx) + 1);
	if (ret)
		return ret;
	fib_start(f);
	if (n <= FIB_SMALL_N_MAX)
		fib_small(f, n);
	else if (algo == FIB_ALGO_ITERATIVE)
		ret = fib_iterative(f, n);
	else
		ret = fib_fast(f, n, algo == FIB_ALGO_DOUBLING_BASIC, pair);
	if (ret)
		fib_free(f);
	return ret;
}

int fib_compute(struct fib_pair *f, u64 n, enum fib_algo algo)
{
	return fib_compute_pair(f, n, algo, true);
}

int fib_compute_value(struct fib_pair *f, u64 n, enum fib_algo algo)
{
	return fib_compute_pair(f, n, algo, false);
}
