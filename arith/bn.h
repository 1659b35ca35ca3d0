/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Natural numbers as little-endian arrays of 64-bit limbs.
 *
 * These functions work on caller-provided memory and never allocate. Sizes
 * are in limbs. Unless a comment says otherwise, an output must not overlap
 * an input; where aliasing is allowed it means the very same pointer.
 */
#ifndef FIBDRV_BN_H
#define FIBDRV_BN_H

#include "port.h"

typedef u64 limb_t;

#define LIMB_BITS 64

#ifdef __SIZEOF_INT128__
/* Returns the low limb of a * b and stores the high limb in *hi. */
static inline limb_t limb_mul(limb_t a, limb_t b, limb_t *hi)
{
	unsigned __int128 p = (unsigned __int128)a * b;

	*hi = (limb_t)(p >> LIMB_BITS);
	return (limb_t)p;
}
#else
/* For compilers without a 128-bit type: four 32x32-bit products. */
static inline limb_t limb_mul(limb_t a, limb_t b, limb_t *hi)
{
	const limb_t mask = 0xffffffffu;
	limb_t al = a & mask, ah = a >> 32, bl = b & mask, bh = b >> 32;
	limb_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	limb_t mid = (ll >> 32) + (lh & mask) + (hl & mask);

	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return (mid << 32) | (ll & mask);
}
#endif

/*
 * One limb of an addition or subtraction chain: *r = x + y + c (x - y - c),
 * returning the carry (borrow) out. On x86-64 the compilers turn these
 * builtins into unbroken adc and sbb chains, about three times faster than
 * the portable code, which has to compute every carry with compares. They
 * are plain integer instructions, so they are fine in the kernel.
 * BN_GENERIC forces the portable code, so that the tests can check it too;
 * sparse (__CHECKER__) does not know the builtins and checks that code.
 */
#if defined(__x86_64__) && !defined(BN_GENERIC) && !defined(__CHECKER__)
/*
 * The builtins write an unsigned long long, and limb_t may be an unsigned
 * long: the same bits, but another type to the aliasing rules.
 */
typedef unsigned long long __attribute__((may_alias)) limb_ull_alias;

static inline unsigned char limb_adc(unsigned char c, limb_t x, limb_t y,
				     limb_t *r)
{
	return __builtin_ia32_addcarryx_u64(c, x, y, (limb_ull_alias *)r);
}

static inline unsigned char limb_sbb(unsigned char c, limb_t x, limb_t y,
				     limb_t *r)
{
#ifdef __clang__
	return __builtin_ia32_subborrow_u64(c, x, y, (limb_ull_alias *)r);
#else
	return __builtin_ia32_sbb_u64(c, x, y, (limb_ull_alias *)r);
#endif
}
#else
static inline unsigned char limb_adc(unsigned char c, limb_t x, limb_t y,
				     limb_t *r)
{
	limb_t s = x + c, t;

	c = s < c;
	t = s + y;
	*r = t;
	return c + (t < s);
}

static inline unsigned char limb_sbb(unsigned char c, limb_t x, limb_t y,
				     limb_t *r)
{
	limb_t d = y + c;

	c = d < c;
	*r = x - d;
	return c + (x < d);
}
#endif

/* r[0..n) = a[0..n) + b[0..n); returns the carry (0 or 1). r may be a or b. */
limb_t bn_add_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n);

/*
 * r[0..an) = a[0..an) + b[0..bn) with an >= bn; returns the carry.
 * r may be a or b.
 */
limb_t bn_add(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn);

/* r[0..n) = a[0..n) - b[0..n); returns the borrow (0 or 1). r may be a or b. */
limb_t bn_sub_n(limb_t *r, const limb_t *a, const limb_t *b, size_t n);

/*
 * r[0..an) = a[0..an) - b[0..bn) with an >= bn; returns the borrow.
 * r may be a or b.
 */
limb_t bn_sub(limb_t *r, const limb_t *a, size_t an,
	      const limb_t *b, size_t bn);

/*
 * r[0..n) = a[0..n) << cnt with 1 <= cnt < LIMB_BITS; returns the bits
 * shifted out at the top. r may be a.
 */
limb_t bn_lshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt);

/*
 * r[0..n) = a[0..n) >> cnt with 1 <= cnt < LIMB_BITS; returns the bits
 * shifted out at the bottom, in the top of a limb. r may be a.
 */
limb_t bn_rshift(limb_t *r, const limb_t *a, size_t n, unsigned int cnt);

/* r[0..n) = a[0..n) * b; returns the high limb. r may be a. */
limb_t bn_mul_1(limb_t *r, const limb_t *a, size_t n, limb_t b);

/* r[0..n) += a[0..n) * b; returns the high limb. */
limb_t bn_addmul_1(limb_t *r, const limb_t *a, size_t n, limb_t b);

/*
 * Schoolbook product r[0..an+bn) = a[0..an) * b[0..bn) with an >= bn >= 1.
 * r must not overlap a or b. Returns 0, or -EINTR when it gave up
 * half-way on port_interrupted(), leaving r unspecified.
 */
int bn_mul_basecase(limb_t *r, const limb_t *a, size_t an,
		    const limb_t *b, size_t bn);

/*
 * Schoolbook high product: r[1..n] = floor(a b / B^n) - e, 0 <= e <= n,
 * for a[0..n) and b[0..n), n >= 1, from the products of columns n - 1 and
 * up only: about half the work of the whole product. r[0] is left
 * unspecified. r must not overlap a or b. Returns 0 or -EINTR, as
 * bn_mul_basecase() does.
 */
int bn_mulhi_basecase(limb_t *r, const limb_t *a, const limb_t *b,
		      size_t n);

/*
 * Schoolbook low product r[0..n) = a[0..n) * b[0..n) mod B^n, n >= 1:
 * about half the work of the whole product. r must not overlap a or b.
 * Returns 0 or -EINTR, as bn_mul_basecase() does.
 */
int bn_mullo_basecase(limb_t *r, const limb_t *a, const limb_t *b,
		      size_t n);

/*
 * Schoolbook square r[0..2n) = a[0..n)^2 with n >= 1. r must not overlap
 * a. Returns 0 or -EINTR, as bn_mul_basecase() does.
 */
int bn_sqr_basecase(limb_t *r, const limb_t *a, size_t n);

/*
 * a[0..n) /= d in place, for an odd d that divides a: from the bottom, by
 * d's inverse modulo 2^64 (Hensel's division), with no division at all.
 */
void bn_divexact_1(limb_t *a, size_t n, limb_t d);

/*
 * d^-1 mod 2^64 for an odd d: d d = 1 mod 8, and each step of Newton's
 * iteration doubles the correct low bits, 3, 6, ..., 96.
 */
static inline limb_t limb_inverse_2adic(limb_t d)
{
	limb_t inv = d;
	int i;

	for (i = 0; i < 5; i++)
		inv *= 2 - d * inv;
	return inv;
}

/* floor((2^128 - 1) / d) - 2^64 for a normalized d (top bit set). */
limb_t limb_reciprocal(limb_t d);

/*
 * q[0..n) = a[0..n) / d; returns a mod d. d must have its top bit set
 * (a "normalized" divisor, such as 10^19). q may be a.
 */
limb_t bn_divrem_1(limb_t *q, const limb_t *a, size_t n, limb_t d);

/*
 * Divides hi * 2^64 + lo by the normalized d, given v = floor((2^128 - 1) / d) - 2^64
 * and hi < d; returns the quotient and stores the remainder in *rem.
 * Algorithm 4 of Moeller and Granlund, "Improved division by invariant
 * integers" (IEEE Trans. Computers, 2011).
 */
static inline limb_t limb_div_preinv(limb_t hi, limb_t lo, limb_t d,
				     limb_t v, limb_t *rem)
{
	limb_t qh, ql = limb_mul(v, hi, &qh);
	limb_t r, mask;

	ql += lo;
	qh += hi + 1 + (ql < lo);
	r = lo - qh * d;
	/*
	 * Half the time, on no pattern: a mask, not a branch, which costs
	 * 1.5 to 2.4 times as much where the predictor cannot learn the data.
	 */
	mask = -(limb_t)(r > ql);
	qh += mask;
	r += mask & d;
	if (unlikely(r >= d)) {
		qh++;
		r -= d;
	}
	*rem = r;
	return qh;
}

/* The size of a[0..n) without its high zero limbs (0 for zero). */
static inline size_t bn_normalized_size(const limb_t *a, size_t n)
{
	while (n && !a[n - 1])
		n--;
	return n;
}

/* a[0..n) += 1, a carry out of the top dropped. */
static inline void bn_incr(limb_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (++a[i])
			return;
	}
}

/* a[0..n) -= 1 modulo B^n. */
static inline void bn_decr(limb_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i]--)
			return;
	}
}

/* Compares a[0..n) with b[0..n): -1, 0 or 1. */
static inline int bn_cmp_n(const limb_t *a, const limb_t *b, size_t n)
{
	while (n--) {
		if (a[n] != b[n])
			return a[n] > b[n] ? 1 : -1;
	}
	return 0;
}

/*
 * Compares a[0..an) with b[0..bn), an >= bn: -1, 0 or 1. Limbs compare
 * the same in both radices, so radix 10^19 uses it too.
 */
static inline int bn_cmp(const limb_t *a, size_t an, const limb_t *b,
			 size_t bn)
{
	port_assert(an >= bn);
	if (bn_normalized_size(a + bn, an - bn))
		return 1;
	return bn_cmp_n(a, b, bn);
}

/*
 * r[0..n) += c[0..cn) B^j modulo B^n - 1, for j + cn <= n: a carry out of
 * the top limb is worth 1 at limb 0, as B^n = 1. The second carry can
 * only come from r being all ones, which turns it into zero.
 */
static inline void bn_add_wrap(limb_t *r, size_t n, size_t j,
			       const limb_t *c, size_t cn)
{
	limb_t one = 1;

	port_assert(j + cn <= n);
	if (bn_add(r + j, r + j, n - j, c, cn))
		bn_add(r, r, n, &one, 1);
}

/*
 * r[0..n) = a[0..n) - b[0..n) modulo B^n - 1: a borrow out of the top is
 * worth B^n = 1 + (B^n - 1), so the 1 is taken back, which cannot borrow
 * again. r may be a or b.
 */
static inline void bn_sub_wrap(limb_t *r, const limb_t *a, const limb_t *b,
			       size_t n)
{
	limb_t one = 1;

	if (bn_sub_n(r, a, b, n))
		bn_sub(r, r, n, &one, 1);
}

/* The number of bits of x, 0 for 0. */
static inline unsigned int limb_bits(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* Whether a[0..an) and b[0..bn) do not overlap, for the contracts. */
static inline bool bn_apart(const limb_t *a, size_t an, const limb_t *b,
			    size_t bn)
{
	return a + an <= b || b + bn <= a;
}

/* The larger of two sizes, for the scratch computations. */
static inline size_t size_larger(size_t a, size_t b)
{
	return a > b ? a : b;
}

#endif /* FIBDRV_BN_H */
