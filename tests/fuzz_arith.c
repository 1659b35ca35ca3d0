// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target for the user-space build of arith/: each input names
 * one operation, its sizes, its aliasing and the shapes of its operands,
 * runs it, and aborts when the result differs from GMP's (mpn_* for bn.h,
 * mpz_* through decimal strings for dn.h and the products in radix 10^19,
 * mpz_get_str() for dec.h, mpz_fib_ui() for fib.h). Only inputs that the
 * contracts in the headers allow are built.
 *
 * Input layout: one byte picks the operation, the next bytes the sizes,
 * the aliasing and, per operand, a shape (random, zeros, all ones, edge
 * limbs, a single bit, ...) and its limbs. Once the input runs out, bytes
 * come from a PRNG seeded with a hash of the whole input, so that short
 * inputs still make large operands and every input replays exactly.
 *
 * Every operand lives in a buffer of exactly its size, so AddressSanitizer
 * sees any access past it; outputs start as garbage, not zeros.
 */
#include "../arith/fib.h"
#include "../arith/mul.h"
#include "../arith/ntt.h"
#include "gmp_oracle.h"

/* "A few hundred limbs": larger sizes only slow the search down. */
#define FUZZ_LIMBS_MAX 300

/* fib_compute() stays fast for these, even with the iterative algorithm. */
#define FUZZ_FIB_N_MAX 5000

enum fuzz_op {
	OP_ADD_N,
	OP_ADD,
	OP_SUB_N,
	OP_SUB,
	OP_LSHIFT,
	OP_MUL_1,
	OP_ADDMUL_1,
	OP_MUL,
	OP_SQR,
	OP_MULLO,
	OP_MULHI,
	OP_DIVREM_1,
	OP_NORMALIZED_SIZE,
	OP_DEC,
	OP_FIB,
	OP_ALGO_PARSE,
	OP_DN_ADD_N,
	OP_DN_ADD,
	OP_DN_SUB_N,
	OP_DN_SUB,
	OP_DN_ONE,	/* dn_mul_1, dn_lshift, dn_rshift, dn_divrem_1 */
	OP_DN_PRINT,
	OP_COUNT,
};

/* The input as a byte stream that never ends; see the comment on top. */
struct fuzz_in {
	const unsigned char *data;
	size_t size;
	size_t pos;
	u64 rng;
};

/* What the current input does, for the message when it fails. */
static char fuzz_what[160];

/* Never returns: libFuzzer saves the input that made it abort. */
static __printf(1, 2)
void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_arith: %s: ", fuzz_what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static u64 fuzz_rand(struct fuzz_in *in)
{
	u64 z = (in->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void fuzz_in_init(struct fuzz_in *in, const unsigned char *data,
			 size_t size)
{
	u64 hash = 0xcbf29ce484222325ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < size; i++)
		hash = (hash ^ data[i]) * 0x100000001b3ULL;
	in->data = data;
	in->size = size;
	in->pos = 0;
	in->rng = hash;
}

static unsigned char in_u8(struct fuzz_in *in)
{
	if (in->pos < in->size)
		return in->data[in->pos++];
	return (unsigned char)fuzz_rand(in);
}

static u64 in_u64(struct fuzz_in *in, unsigned int bytes)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (u64)in_u8(in) << (8 * i);
	return v;
}

/*
 * A size in [lo, hi]: half the time at most 16 above lo, where carries
 * and loop edges are easiest to reach, else anywhere in the range.
 */
static size_t in_size(struct fuzz_in *in, size_t lo, size_t hi)
{
	u64 v = in_u64(in, 2);
	size_t span = hi - lo + 1;

	if (!(v & 1) && span > 17)
		span = 17;
	return lo + (v >> 1) % span;
}

static limb_t in_edge_limb(struct fuzz_in *in)
{
	static const limb_t edges[] = {
		0, 1, 2, ~0ULL, ~0ULL - 1, 1ULL << 63, (1ULL << 63) - 1,
		(1ULL << 63) + 1, 0xffffffffULL, 1ULL << 32,
	};
	unsigned char pick = in_u8(in);

	return pick < ARRAY_SIZE(edges) ? edges[pick] : in_u64(in, 8);
}

/* Fills a[0..n) with a shape the next input byte picks. */
static void in_limbs(struct fuzz_in *in, limb_t *a, size_t n)
{
	size_t i, bit, run, bits = n * LIMB_BITS;
	bool ones;

	switch (in_u8(in) % 8) {
	case 0:
		memset(a, 0, n * sizeof(*a));
		break;
	case 1:	/* all ones: the longest carry and borrow chains */
		memset(a, 0xff, n * sizeof(*a));
		break;
	case 2:	/* all ones but one limb, which stops the chain */
		memset(a, 0xff, n * sizeof(*a));
		if (n)
			a[in_u64(in, 2) % n] = in_edge_limb(in);
		break;
	case 3:
		for (i = 0; i < n; i++)
			a[i] = in_edge_limb(in);
		break;
	case 4:
		memset(a, 0, n * sizeof(*a));
		if (n) {
			bit = in_u64(in, 2) % bits;
			a[bit / LIMB_BITS] = 1ULL << (bit % LIMB_BITS);
		}
		break;
	case 5:	/* runs of ones and zeros, as mpn_random2() makes */
		memset(a, 0, n * sizeof(*a));
		ones = in_u8(in) & 1;
		for (bit = 0; bit < bits; bit += run, ones = !ones) {
			run = 1 + in_u8(in);
			for (i = bit; ones && i < bit + run && i < bits; i++)
				a[i / LIMB_BITS] |= 1ULL << (i % LIMB_BITS);
		}
		break;
	case 6:	/* random, with high zero limbs */
		run = n ? in_u64(in, 2) % n : 0;
		for (i = 0; i < n; i++)
			a[i] = i < run ? in_u64(in, 8) : 0;
		break;
	default:
		for (i = 0; i < n; i++)
			a[i] = in_u64(in, 8);
		break;
	}
}

/*
 * The same shapes in radix 10^19: all ones become all nines (10^19 - 1,
 * the longest decimal carry chains), other limbs are taken modulo 10^19.
 */
static void in_dlimbs(struct fuzz_in *in, limb_t *a, size_t n)
{
	size_t i;

	in_limbs(in, a, n);
	for (i = 0; i < n; i++)
		a[i] = a[i] == ~0ULL ? DN_BASE - 1 : a[i] % DN_BASE;
}

/* A buffer of exactly n limbs holding garbage, so that ASan bounds it. */
static limb_t *buf_new(struct fuzz_in *in, size_t n)
{
	limb_t *a = test_alloc(n * sizeof(*a));
	size_t i;

	for (i = 0; i < n; i++)
		a[i] = fuzz_rand(in);
	return a;
}

/* A buffer of exactly n limbs holding an operand the input shapes. */
static limb_t *operand_new(struct fuzz_in *in, size_t n)
{
	limb_t *a = test_alloc(n * sizeof(*a));

	in_limbs(in, a, n);
	return a;
}

/* The same in radix rx. */
static limb_t *rx_operand_new(struct fuzz_in *in, enum radix rx, size_t n)
{
	limb_t *a = test_alloc(n * sizeof(*a));

	if (rx == RADIX_DEC)
		in_dlimbs(in, a, n);
	else
		in_limbs(in, a, n);
	return a;
}

static void expect_limbs(const char *what, const limb_t *got,
			 const limb_t *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (got[i] != want[i])
			fuzz_fail("%s: limb %zu of %zu: expected 0x%016llx got 0x%016llx",
				  what, i, n, (unsigned long long)want[i],
				  (unsigned long long)got[i]);
	}
}

static void expect_limb(const char *what, limb_t got, limb_t want)
{
	if (got != want)
		fuzz_fail("%s: expected 0x%016llx got 0x%016llx", what,
			  (unsigned long long)want, (unsigned long long)got);
}

/* The ways an output may share memory with inputs, per bn.h. */
enum alias {
	ALIAS_NONE,
	ALIAS_R_IS_A,
	ALIAS_R_IS_B,
	ALIAS_A_IS_B,	/* inputs may overlap: only outputs may not */
	ALIAS_ALL,	/* r == a == b */
	ALIAS_COUNT,
};

static const char *const alias_names[ALIAS_COUNT] = {
	"none", "r=a", "r=b", "a=b", "r=a=b",
};

/*
 * bn_add_n, bn_add, bn_sub_n, bn_sub and their dn_ twins: an >= 1,
 * an >= bn >= 0 (an == bn for the _n ones); r may be a or b. With r == b,
 * b is the low bn limbs of r.
 */
static limb_t call_add_sub(enum radix rx, enum fuzz_op op, limb_t *r,
			   const limb_t *a, size_t an, const limb_t *b,
			   size_t bn)
{
	switch (op) {
	case OP_ADD_N:
	case OP_DN_ADD_N:
		return rx_add_n(rx, r, a, b, an);
	case OP_SUB_N:
	case OP_DN_SUB_N:
		return rx_sub_n(rx, r, a, b, an);
	case OP_ADD:
	case OP_DN_ADD:
		return rx_add(rx, r, a, an, b, bn);
	default:
		return rx_sub(rx, r, a, an, b, bn);
	}
}

static void fuzz_add_sub(struct fuzz_in *in, enum fuzz_op op, enum radix rx)
{
	bool sub = op == OP_SUB_N || op == OP_SUB || op == OP_DN_SUB_N ||
		   op == OP_DN_SUB;
	bool same_size = op == OP_ADD_N || op == OP_SUB_N ||
			 op == OP_DN_ADD_N || op == OP_DN_SUB_N;
	size_t an = in_size(in, 1, FUZZ_LIMBS_MAX);
	size_t bn = same_size ? an : in_size(in, 0, an);
	enum alias alias = in_u8(in) % ALIAS_COUNT;
	limb_t *a, *b, *r, *a_kept, *b_kept, *want, ret, want_ret;

	/* a == b leaves b with a's size; mpn_add_n wants n >= 1. */
	if (alias >= ALIAS_A_IS_B)
		bn = same_size ? an : (bn ? bn : 1);
	snprintf(fuzz_what, sizeof(fuzz_what), "%s_%s%s(an=%zu, bn=%zu, %s)",
		 rx == RADIX_DEC ? "dn" : "bn", sub ? "sub" : "add",
		 same_size ? "_n" : "", an, bn, alias_names[alias]);

	a = rx_operand_new(in, rx, an);
	if (alias >= ALIAS_A_IS_B) {
		b = a;
	} else if (alias == ALIAS_R_IS_B) {
		b = buf_new(in, an);
		if (rx == RADIX_DEC)
			in_dlimbs(in, b, bn);
		else
			in_limbs(in, b, bn);
	} else {
		b = rx_operand_new(in, rx, bn);
	}
	a_kept = limbs_dup(a, an);
	b_kept = limbs_dup(b, bn);
	want = test_alloc(an * sizeof(*want));
	want_ret = rx_add_sub_oracle(rx, sub, want, a, an, b, bn);

	if (alias == ALIAS_R_IS_A || alias == ALIAS_ALL)
		r = a;
	else if (alias == ALIAS_R_IS_B)
		r = b;
	else
		r = buf_new(in, an);
	ret = call_add_sub(rx, op, r, a, an, b, bn);

	expect_limb(sub ? "borrow" : "carry", ret, want_ret);
	expect_limbs("result", r, want, an);
	if (r != a && a != b)
		expect_limbs("a unchanged", a, a_kept, an);
	if (r != b && a != b)
		expect_limbs("b unchanged", b, b_kept, bn);
	if (alias == ALIAS_A_IS_B)
		expect_limbs("a = b unchanged", a, a_kept, an);

	if (r != a && r != b)
		free(r);
	if (b != a)
		free(b);
	free(a);
	free(a_kept);
	free(b_kept);
	free(want);
}

/*
 * The end of a one-operand case: r[0..n) must equal want, and a, unless r
 * is a, must be as kept; then frees them all.
 */
static void expect_result_and_free(const char *what, limb_t *r, limb_t *a,
				   limb_t *a_kept, limb_t *want, size_t n)
{
	expect_limbs(what, r, want, n);
	if (r != a) {
		expect_limbs("a unchanged", a, a_kept, n);
		free(r);
	}
	free(a);
	free(a_kept);
	free(want);
}

/* bn_lshift: n >= 1 here, 1 <= cnt < 64, r may be a. */
static void fuzz_lshift(struct fuzz_in *in)
{
	size_t n = in_size(in, 1, FUZZ_LIMBS_MAX);
	unsigned int cnt = 1 + in_u8(in) % (LIMB_BITS - 1);
	bool in_place = in_u8(in) & 1;
	limb_t *a = operand_new(in, n), *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(n * sizeof(*want));
	limb_t *r = in_place ? a : buf_new(in, n);
	limb_t want_ret = mpn_lshift(want, a, n, cnt);

	snprintf(fuzz_what, sizeof(fuzz_what), "bn_lshift(n=%zu, cnt=%u, %s)",
		 n, cnt, in_place ? "r=a" : "none");
	expect_limb("bits out", bn_lshift(r, a, n, cnt), want_ret);
	expect_result_and_free("result", r, a, a_kept, want, n);
}

/* bn_mul_1 (r may be a) and bn_addmul_1 (r must not overlap a). */
static void fuzz_mul_1(struct fuzz_in *in, bool add)
{
	size_t n = in_size(in, 1, FUZZ_LIMBS_MAX);
	bool in_place = !add && (in_u8(in) & 1);
	limb_t b = in_edge_limb(in);
	limb_t *a = operand_new(in, n), *a_kept = limbs_dup(a, n);
	limb_t *r = in_place ? a : add ? operand_new(in, n) : buf_new(in, n);
	limb_t *want = limbs_dup(r, n), want_ret, ret;

	snprintf(fuzz_what, sizeof(fuzz_what),
		 "bn_%smul_1(n=%zu, b=0x%llx, %s)", add ? "add" : "", n,
		 (unsigned long long)b, in_place ? "r=a" : "none");
	if (add) {
		want_ret = mpn_addmul_1(want, a, n, b);
		ret = bn_addmul_1(r, a, n, b);
	} else {
		want_ret = mpn_mul_1(want, a, n, b);
		ret = bn_mul_1(r, a, n, b);
	}
	expect_limb("high limb", ret, want_ret);
	expect_result_and_free("result", r, a, a_kept, want, n);
}

/* The ways to multiply: each is checked at every size, in either radix. */
enum fuzz_mul_method {
	MUL_SCHOOLBOOK,		/* rx_mul_basecase, rx_sqr_basecase */
	MUL_DISPATCH,		/* rx_mul, rx_sqr: Karatsuba, Toom-3 */
	MUL_NTT,		/* rx_mul_ntt, rx_sqr_ntt at any size */
	MUL_METHODS,
};

static const char *const fuzz_mul_names[MUL_METHODS] = {
	"schoolbook", "dispatch", "ntt",
};

/* r = a * b by method, with a scratch buffer of exactly the size asked. */
static void fuzz_mul_by(enum radix rx, enum fuzz_mul_method method,
			limb_t *r, const limb_t *a, size_t an,
			const limb_t *b, size_t bn)
{
	size_t size = method == MUL_NTT ? ntt_mul_scratch(an, bn) :
		      rx_mul_scratch(rx, an, bn);
	limb_t *tmp = test_alloc((size ? size : 1) * sizeof(*tmp));

	if (method == MUL_SCHOOLBOOK)
		rx_mul_basecase(rx, r, a, an, b, bn);
	else if (method == MUL_DISPATCH)
		rx_mul(rx, r, a, an, b, bn, tmp);
	else
		rx_mul_ntt(rx, r, a, an, b, bn, tmp);
	free(tmp);
}

/* r = a^2 by method, with a scratch buffer of exactly the size asked. */
static void fuzz_sqr_by(enum radix rx, enum fuzz_mul_method method,
			limb_t *r, const limb_t *a, size_t n)
{
	size_t size = method == MUL_NTT ? ntt_sqr_scratch(n) :
		      rx_sqr_scratch(rx, n);
	limb_t *tmp = test_alloc((size ? size : 1) * sizeof(*tmp));

	if (method == MUL_SCHOOLBOOK)
		rx_sqr_basecase(rx, r, a, n);
	else if (method == MUL_DISPATCH)
		rx_sqr(rx, r, a, n, tmp);
	else
		rx_sqr_ntt(rx, r, a, n, tmp);
	free(tmp);
}

static const char *const fuzz_radix_names[RADIX_COUNT] = { "2^64", "10^19" };

/*
 * rx_mul in either radix: an >= bn >= 1, r apart from a and b, which may
 * be the same.
 */
static void fuzz_mul(struct fuzz_in *in)
{
	enum radix rx = in_u8(in) % RADIX_COUNT;
	enum fuzz_mul_method method = in_u8(in) % MUL_METHODS;
	size_t an = in_size(in, 1, FUZZ_LIMBS_MAX);
	size_t bn = in_size(in, 1, an);
	bool a_is_b = in_u8(in) % 4 == 0;
	limb_t *a, *b, *r, *want, *a_kept, *b_kept;

	/* b as a prefix of a: an overlap of inputs, which mul.h allows. */
	a = rx_operand_new(in, rx, an);
	b = a_is_b ? a : rx_operand_new(in, rx, bn);
	a_kept = limbs_dup(a, an);
	b_kept = limbs_dup(b, bn);
	r = buf_new(in, an + bn);
	want = test_alloc((an + bn) * sizeof(*want));
	snprintf(fuzz_what, sizeof(fuzz_what),
		 "%s mul(radix %s, an=%zu, bn=%zu, %s)",
		 fuzz_mul_names[method], fuzz_radix_names[rx], an, bn,
		 a_is_b ? "a=b" : "none");
	rx_mul_oracle(rx, want, a, an, b, bn);
	fuzz_mul_by(rx, method, r, a, an, b, bn);
	expect_limbs("result", r, want, an + bn);
	expect_limbs("a unchanged", a, a_kept, an);
	expect_limbs("b unchanged", b, b_kept, bn);
	if (b != a)
		free(b);
	free(a);
	free(r);
	free(want);
	free(a_kept);
	free(b_kept);
}

/* rx_sqr in either radix: n >= 1, r apart from a. */
static void fuzz_sqr(struct fuzz_in *in)
{
	enum radix rx = in_u8(in) % RADIX_COUNT;
	enum fuzz_mul_method method = in_u8(in) % MUL_METHODS;
	size_t n = in_size(in, 1, FUZZ_LIMBS_MAX);
	limb_t *a = rx_operand_new(in, rx, n), *a_kept = limbs_dup(a, n);
	limb_t *r = buf_new(in, 2 * n);
	limb_t *want = test_alloc(2 * n * sizeof(*want));

	snprintf(fuzz_what, sizeof(fuzz_what), "%s sqr(radix %s, n=%zu)",
		 fuzz_mul_names[method], fuzz_radix_names[rx], n);
	rx_mul_oracle(rx, want, a, n, a, n);
	fuzz_sqr_by(rx, method, r, a, n);
	expect_limbs("result", r, want, 2 * n);
	expect_limbs("a unchanged", a, a_kept, n);
	free(a);
	free(a_kept);
	free(r);
	free(want);
}

/* bn_mullo_basecase or bn_mullo: the low n limbs of a * b. */
static void fuzz_mullo(struct fuzz_in *in)
{
	bool schoolbook = in_u8(in) % 2;
	size_t n = in_size(in, 1, FUZZ_LIMBS_MAX);
	limb_t *a = operand_new(in, n), *b = operand_new(in, n);
	limb_t *a_kept = limbs_dup(a, n), *b_kept = limbs_dup(b, n);
	limb_t *r = buf_new(in, n), *want = test_alloc(2 * n * sizeof(*want));
	limb_t *tmp = test_alloc(bn_mullo_scratch(n) * sizeof(*tmp));

	snprintf(fuzz_what, sizeof(fuzz_what), "%s(n=%zu)",
		 schoolbook ? "bn_mullo_basecase" : "bn_mullo", n);
	mpn_mul_n(want, a, b, n);
	if (schoolbook)
		bn_mullo_basecase(r, a, b, n);
	else
		bn_mullo(r, a, b, n, tmp);
	expect_limbs("result", r, want, n);
	expect_limbs("a unchanged", a, a_kept, n);
	expect_limbs("b unchanged", b, b_kept, n);
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(r);
	free(want);
	free(tmp);
}

/* bn_divrem_1: d with its top bit set, q may be a. */
static void fuzz_divrem_1(struct fuzz_in *in)
{
	size_t n = in_size(in, 1, FUZZ_LIMBS_MAX);
	bool in_place = in_u8(in) & 1;
	limb_t d = in_edge_limb(in) | 1ULL << 63;
	limb_t *a, *a_kept, *q, *want, want_rem;

	/* 10^19 is the divisor dec_from_limbs() uses. */
	if (in_u8(in) % 4 == 0)
		d = 10000000000000000000ULL;
	a = operand_new(in, n);
	a_kept = limbs_dup(a, n);
	q = in_place ? a : buf_new(in, n);
	want = test_alloc(n * sizeof(*want));
	snprintf(fuzz_what, sizeof(fuzz_what),
		 "bn_divrem_1(n=%zu, d=0x%llx, %s)", n,
		 (unsigned long long)d, in_place ? "q=a" : "none");
	want_rem = mpn_divrem_1(want, 0, a, n, d);
	expect_limb("remainder", bn_divrem_1(q, a, n, d), want_rem);
	expect_result_and_free("quotient", q, a, a_kept, want, n);
}

/*
 * bn_mulhi_basecase or bn_mulhi: the high n limbs of a * b, short by at
 * most n units; the basecase's result sits above one more limb.
 */
static void fuzz_mulhi(struct fuzz_in *in)
{
	bool schoolbook = in_u8(in) % 2;
	size_t n = in_size(in, 1, FUZZ_LIMBS_MAX), en;
	limb_t *a = operand_new(in, n), *b = operand_new(in, n);
	limb_t *a_kept = limbs_dup(a, n), *b_kept = limbs_dup(b, n);
	limb_t *r = buf_new(in, n + 1), *e = test_alloc(n * sizeof(*e));
	limb_t *want = test_alloc(2 * n * sizeof(*want));
	limb_t *tmp = test_alloc(bn_mullo_scratch(n) * sizeof(*tmp));

	snprintf(fuzz_what, sizeof(fuzz_what), "%s(n=%zu)",
		 schoolbook ? "bn_mulhi_basecase" : "bn_mulhi", n);
	mpn_mul_n(want, a, b, n);
	if (schoolbook)
		bn_mulhi_basecase(r, a, b, n);
	else
		bn_mulhi(r, a, b, n, tmp);
	expect_limb("no borrow", mpn_sub_n(e, want + n, r + schoolbook, n), 0);
	en = bn_normalized_size(e, n);
	if (en > 1 || (en && e[0] > n))
		fuzz_fail("result: short by more than %zu units", n);
	expect_limbs("a unchanged", a, a_kept, n);
	expect_limbs("b unchanged", b, b_kept, n);
	free(a);
	free(b);
	free(a_kept);
	free(b_kept);
	free(r);
	free(want);
	free(tmp);
	free(e);
}

/* bn_normalized_size, n >= 0 here, against mpz_size(). */
static void fuzz_normalized_size(struct fuzz_in *in)
{
	size_t n = in_size(in, 0, FUZZ_LIMBS_MAX);
	limb_t *a = operand_new(in, n);
	mpz_t z;

	snprintf(fuzz_what, sizeof(fuzz_what), "bn_normalized_size(n=%zu)",
		 n);
	mpz_init(z);
	limbs_to_mpz(z, a, n);
	expect_limb("size", bn_normalized_size(a, n), mpz_size(z));
	mpz_clear(z);
	free(a);
}

/* out[0..len) must be the digits of z, as mpz_get_str() writes them. */
static void expect_digits(const char *out, long len, const mpz_t z)
{
	char *want = mpz_get_str(NULL, 10, z);

	if (len < 0 || (size_t)len != strlen(want))
		fuzz_fail("length: expected %zu got %ld", strlen(want), len);
	if (memcmp(out, want, len))
		fuzz_fail("digits: expected %s got %.*s", want, (int)len, out);
	gmp_free_str(want);
}

/*
 * dec_from_limbs, n >= 0, into exactly dec_size_max(n) bytes: the digits
 * of mpz_get_str(), and a left holding zero.
 */
static void fuzz_dec(struct fuzz_in *in)
{
	size_t n = in_size(in, 0, FUZZ_LIMBS_MAX), cap = dec_size_max(n), i;
	limb_t *a = operand_new(in, n);
	char *out = test_alloc(cap);
	mpz_t z;

	snprintf(fuzz_what, sizeof(fuzz_what), "dec_from_limbs(n=%zu)", n);
	mpz_init(z);
	limbs_to_mpz(z, a, n);
	memset(out, '#', cap);
	expect_digits(out, dec_from_limbs(out, a, n), z);
	for (i = 0; i < n; i++)
		expect_limb("scratch left zero", a[i], 0);
	mpz_clear(z);
	free(out);
	free(a);
}

/*
 * The one-operand functions of radix 10^19: dn_mul_1 (m < 10^19),
 * dn_lshift and dn_rshift (1 <= cnt <= 19), dn_divrem_1 (1 <= d < 2^32);
 * r may be a.
 */
static void fuzz_dn_one(struct fuzz_in *in)
{
	unsigned char fn = in_u8(in) % 4;
	size_t n = in_size(in, 1, FUZZ_LIMBS_MAX);
	bool in_place = in_u8(in) & 1;
	limb_t arg = fn == 0 ? in_edge_limb(in) % DN_BASE :
		     fn == 3 ? 1 + in_u64(in, 4) % 0xffffffffULL :
			       1 + in_u8(in) % DN_DIGITS;
	limb_t *a = rx_operand_new(in, RADIX_DEC, n), *a_kept = limbs_dup(a, n);
	limb_t *want = test_alloc(n * sizeof(*want));
	limb_t *r = in_place ? a : buf_new(in, n), ret, want_ret;
	static const char *const names[] = {
		"dn_mul_1", "dn_lshift", "dn_rshift", "dn_divrem_1",
	};
	mpz_t z, q;

	snprintf(fuzz_what, sizeof(fuzz_what), "%s(n=%zu, %llu, %s)",
		 names[fn], n, (unsigned long long)arg,
		 in_place ? "r=a" : "none");
	mpz_inits(z, q, NULL);
	dlimbs_to_mpz(z, a, n);
	if (fn == 0 || fn == 1) {
		if (fn)
			mpz_mul_2exp(z, z, arg);
		else
			mpz_mul_ui(z, z, arg);
		mpz_ui_pow_ui(q, 10, DN_DIGITS * n);
		mpz_fdiv_qr(q, z, z, q);
		want_ret = mpz_get_ui(q);
		dlimbs_from_mpz(want, n, z);
	} else {
		if (fn == 2)
			mpz_ui_pow_ui(q, 2, arg);
		else
			mpz_set_ui(q, arg);
		mpz_fdiv_qr(z, q, z, q);
		want_ret = mpz_get_ui(q);
		dlimbs_from_mpz(want, n, z);
	}
	mpz_clears(z, q, NULL);
	if (fn == 0)
		ret = dn_mul_1(r, a, n, arg);
	else if (fn == 1)
		ret = dn_lshift(r, a, n, arg);
	else if (fn == 2)
		ret = dn_rshift(r, a, n, arg);
	else
		ret = dn_divrem_1(r, a, n, arg);
	expect_limb("returned", ret, want_ret);
	expect_result_and_free("result", r, a, a_kept, want, n);
}

/*
 * dec_from_dn, n >= 0, into exactly dec_dn_size_max(n) bytes: the digits
 * of mpz_get_str(), and a unchanged.
 */
static void fuzz_dn_print(struct fuzz_in *in)
{
	size_t n = in_size(in, 0, FUZZ_LIMBS_MAX), cap = dec_dn_size_max(n);
	limb_t *a = rx_operand_new(in, RADIX_DEC, n), *a_kept = limbs_dup(a, n);
	char *out = test_alloc(cap);
	mpz_t z;

	snprintf(fuzz_what, sizeof(fuzz_what), "dec_from_dn(n=%zu)", n);
	mpz_init(z);
	dlimbs_to_mpz(z, a, n);
	expect_digits(out, dec_from_dn(out, a, n), z);
	expect_limbs("a unchanged", a, a_kept, n);
	mpz_clear(z);
	free(out);
	free(a);
	free(a_kept);
}

/*
 * fib_compute or fib_compute_value, n < FUZZ_FIB_N_MAX, every algorithm,
 * each in its radix.
 */
static void fuzz_fib(struct fuzz_in *in)
{
	u64 n = in_u64(in, 2) % FUZZ_FIB_N_MAX;
	bool value_only = in_u8(in) & 1;
	struct fib_pair f;
	enum fib_algo algo;
	size_t size, max;
	limb_t *want_dn;
	mpz_t want;
	int ret;

	mpz_init(want);
	mpz_fib_ui(want, n);
	for (algo = 0; algo < FIB_ALGO_COUNT; algo++) {
		snprintf(fuzz_what, sizeof(fuzz_what),
			 "fib_compute%s(n=%llu, %s)", value_only ? "_value" : "",
			 (unsigned long long)n,
			 fib_algo_name(algo));
		ret = value_only ? fib_compute_value(&f, n, algo) :
				   fib_compute(&f, n, algo);
		if (ret)
			fuzz_fail("returned %d", ret);
		size = f.rx == RADIX_DEC ? dlimbs_size_of(want) :
					   mpz_size(want);
		max = fib_limbs_max(n, f.rx);
		expect_limb("size", f.cur.size, size);
		if (f.cur.size > max)
			fuzz_fail("size %zu above fib_limbs_max() = %zu",
				  f.cur.size, max);
		if (f.rx == RADIX_DEC) {
			want_dn = test_alloc(size * sizeof(*want_dn));
			dlimbs_from_mpz(want_dn, size, want);
			expect_limbs("value", f.cur.limbs, want_dn, size);
			free(want_dn);
		} else {
			expect_limbs("value", f.cur.limbs, mpz_limbs_read(want),
				     size);
		}
		fib_free(&f);
	}
	mpz_clear(want);
}

/*
 * fib_algo_parse on the rest of the input: a name, optionally followed
 * by one newline or NUL, else -EINVAL.
 */
static void fuzz_algo_parse(struct fuzz_in *in)
{
	const char *s = (const char *)in->data + in->pos;
	size_t len = in->size - in->pos, name_len;
	int algo, want = -EINVAL;

	snprintf(fuzz_what, sizeof(fuzz_what), "fib_algo_parse(len=%zu)", len);
	for (algo = 0; algo < FIB_ALGO_COUNT; algo++) {
		name_len = strlen(fib_algo_name(algo));
		if ((len == name_len || (len == name_len + 1 &&
					 (s[name_len] == '\n' || !s[name_len]))) &&
		    !memcmp(s, fib_algo_name(algo), name_len))
			want = algo;
	}
	expect_limb("result", (limb_t)fib_algo_parse(s, len), (limb_t)want);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fuzz_in in;
	enum fuzz_op op;

	fuzz_in_init(&in, data, size);
	op = in_u8(&in) % OP_COUNT;
	switch (op) {
	case OP_ADD_N:
	case OP_ADD:
	case OP_SUB_N:
	case OP_SUB:
		fuzz_add_sub(&in, op, RADIX_BIN);
		break;
	case OP_DN_ADD_N:
	case OP_DN_ADD:
	case OP_DN_SUB_N:
	case OP_DN_SUB:
		fuzz_add_sub(&in, op, RADIX_DEC);
		break;
	case OP_DN_ONE:
		fuzz_dn_one(&in);
		break;
	case OP_DN_PRINT:
		fuzz_dn_print(&in);
		break;
	case OP_LSHIFT:
		fuzz_lshift(&in);
		break;
	case OP_MUL_1:
	case OP_ADDMUL_1:
		fuzz_mul_1(&in, op == OP_ADDMUL_1);
		break;
	case OP_MUL:
		fuzz_mul(&in);
		break;
	case OP_SQR:
		fuzz_sqr(&in);
		break;
	case OP_MULLO:
		fuzz_mullo(&in);
		break;
	case OP_MULHI:
		fuzz_mulhi(&in);
		break;
	case OP_DIVREM_1:
		fuzz_divrem_1(&in);
		break;
	case OP_NORMALIZED_SIZE:
		fuzz_normalized_size(&in);
		break;
	case OP_DEC:
		fuzz_dec(&in);
		break;
	case OP_FIB:
		fuzz_fib(&in);
		break;
	default:
		fuzz_algo_parse(&in);
		break;
	}
	return 0;
}
