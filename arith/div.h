/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Division of limb arrays by a divisor that is used many times: its
 * reciprocal is computed once (div_inv()), and each division then costs
 * two products (div_qr_preinv()). Both results are always exact: the
 * estimates are corrected by comparing and subtracting, never trusted.
 *
 * B below is 2^64, the limb base. Divisors need not be normalized (their
 * top limb must only be nonzero). Both functions give up when
 * port_interrupted(), returning -EINTR with their results unspecified.
 */
#ifndef FIBDRV_DIV_H
#define FIBDRV_DIV_H

#include "mul.h"

/* Limbs of scratch div_inv() needs for these n and t. */
size_t div_inv_scratch(size_t n, size_t t);

/*
 * y[0..t] = floor(B^(n - 1 + t) / d) and r[0..n) = B^(n - 1 + t) mod d,
 * for d[0..n) with d[n - 1] != 0 and t >= 1. y has t + 1 limbs, the top
 * one being 0 unless d = B^(n - 1). Returns 0 or -EINTR.
 */
int div_inv(limb_t *y, limb_t *r, const limb_t *d, size_t n, size_t t,
	    limb_t *tmp);

/*
 * Makes y[0..t], an estimate of floor(B^(n - 1 + t) / d) off by a few
 * units either way, exact, as div_inv() gives it, with the remainder in
 * r[0..n): one product instead of a whole Newton iteration. Same scratch
 * as div_inv(). Returns 0 or -EINTR.
 */
int div_inv_correct(limb_t *y, limb_t *r, const limb_t *d, size_t n,
		    size_t t, limb_t *tmp);

/* Limbs of scratch div_qr_preinv() needs for these xn, n and t. */
size_t div_qr_preinv_scratch(size_t xn, size_t n, size_t t);

/*
 * Divides x[0..xn) by d[0..n) given y[0..t] from div_inv(d, n, t), or an
 * estimate of it at most two units low. Up to xn = n - 1 + t it costs two
 * products; longer quotients come t - 1 limbs at a time from the top,
 * each chunk costing as much, so a reciprocal half as precise costs one
 * more remainder product per division (with t = 1, x must be below
 * B^n). With xn >= n, the
 * quotient goes to q[0..xn - n + 1) and the remainder to x[0..n), the
 * rest of x being clobbered; with xn < n, x is its own remainder and
 * nothing is written. q must not overlap x. Returns 0 or -EINTR.
 */
int div_qr_preinv(limb_t *q, limb_t *x, size_t xn, const limb_t *d,
		  size_t n, const limb_t *y, size_t t, limb_t *tmp);

#endif /* FIBDRV_DIV_H */
