/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Decimal output of limb arrays: the conversion of radix 2^64 by divide
 * and conquer, and the linear printing of radix 10^19.
 */
#ifndef FIBDRV_DEC_H
#define FIBDRV_DEC_H

#include "dn.h"

/* Numbers of up to this many limbs take the quadratic conversion. */
#define DEC_DC_ENTRY 120

/* Bytes dec_from_limbs() may use for a number of n limbs. */
size_t dec_size_max(size_t n);

/*
 * The most limbs of scratch dec_from_limbs() allocates for a number of
 * n > DEC_DC_ENTRY limbs, in one area at a time: each method's layout is
 * checked against it (port_assert()); docs/tuning.md has the figures.
 */
static inline size_t dec_scratch_max(size_t n)
{
	return 48 * n;
}

/*
 * Writes the decimal digits of a[0..n) to out, most significant first,
 * with no sign, leading zero or terminating NUL, and returns how many
 * ("0" for zero). out holds dec_size_max(n) bytes. a is used as scratch
 * and left holding zero. Returns -EINTR if port_interrupted() says so, or
 * -ENOMEM.
 *
 * Up to DEC_DC_ENTRY limbs the conversion is quadratic and allocates
 * nothing. Above, it divides and conquers in O(M(n) log n) and allocates
 * one scratch area of at most dec_scratch_max(n) limbs for the powers of
 * ten, their reciprocals, the working copy and the products' scratch.
 * Where the scaled tree gives up, its area is freed before the exact
 * method allocates its own.
 */
long dec_from_limbs(char *out, limb_t *a, size_t n);

/*
 * The methods above DEC_DC_ENTRY limbs: the exact divide and conquer, and
 * Bernstein's scaled remainder tree, which carries fractions down the tree
 * instead of values (one product per node instead of two, and no
 * reciprocal below the top) and checks every digit chunk it writes; when
 * a chunk is too close to call (runs of 17 or so zeros or nines at a
 * chunk boundary, as in 10^k or 10^k - 1) the exact method takes over.
 * EXACT runs the scaled tree under its splits (at small nodes, or at all
 * levels below the top), falling back to the splits where it cannot call
 * a chunk, so its digits are always right too. AUTO is what
 * dec_from_limbs() does; SCALED alone, for the tests, returns -EAGAIN
 * instead of taking the exact method.
 */
enum dec_method { DEC_METHOD_AUTO, DEC_METHOD_EXACT, DEC_METHOD_SCALED };

long dec_from_limbs_method(char *out, limb_t *a, size_t n,
			   enum dec_method method);

/* Bytes dec_from_dn() writes at most for n limbs of radix 10^19. */
static inline size_t dec_dn_size_max(size_t n)
{
	return n ? DN_DIGITS * n : 1;
}

/*
 * Writes the decimal digits of a[0..n) in radix 10^19 to out, as
 * dec_from_limbs() does, and returns how many: 19 a limb, the top one
 * without its leading zeros. a is left as it was. Linear, allocates
 * nothing and cannot fail.
 */
long dec_from_dn(char *out, const limb_t *a, size_t n);

/* 2^128 < 10^39: the digits of a two-limb number. */
#define DEC_U128_DIGITS_MAX 39

/*
 * Writes the digits of hi 2^64 + lo, at most DEC_U128_DIGITS_MAX, as
 * dec_from_dn() does, and returns how many.
 */
long dec_from_u128(char *out, limb_t lo, limb_t hi);

#endif /* FIBDRV_DEC_H */
