/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The pieces of ntt.c that the products modulo B^n - 1 (bnm1.c) build
 * their cyclic convolutions from; no other file uses them. Each returns 0,
 * or -EINTR when it gave up on port_interrupted(), as rx_mul_ntt() does,
 * leaving its outputs unspecified.
 */
#ifndef FIBDRV_NTT_INTERNAL_H
#define FIBDRV_NTT_INTERNAL_H

#include "ntt.h"

/* A prime p = c * 2^33 + 1 of the transform and a primitive root g. */
struct ntt_prime {
	u64 p, g;
};

extern const struct ntt_prime ntt_primes[3];

/* Arithmetic modulo one of them. */
struct ntt_mod {
	u64 p;
	u64 p2;		/* 2p */
	u64 pinv;	/* p^-1 mod 2^64 */
	u64 r2;		/* 2^128 mod p */
};

void ntt_mod_init(struct ntt_mod *m, u64 p);

/*
 * The tables for length n (a power of two or three times one) and prime
 * i, in tw[0..2n).
 */
int ntt_tables(u64 *tw, size_t n, const struct ntt_mod *m, int i);

/*
 * The forward transform of length n of a[0..an), any an <= 4n (longer
 * operands wrap around), with tw from ntt_tables().
 */
int ntt_forward(u64 *x, size_t n, const limb_t *a, size_t an,
		const u64 *tw, const struct ntt_mod *m);

/*
 * The cyclic convolutions of length n of a[0..an) with b[0..bn), both
 * any length up to 4n, modulo each prime i, times n / 2^64, in [0, 4p),
 * into v[i] = tmp + (2 + i) n, with m[i] set up for prime i. b = NULL and
 * no prep: with a itself. prep: with the number whose transforms
 * bn_mulmod_bnm1_prepare() left there (b must be NULL). tmp holds 6n words,
 * 5n without b; v and m have three entries.
 */
int ntt_convolutions(u64 **v, struct ntt_mod *m, size_t n,
		     const limb_t *a, size_t an, const limb_t *b, size_t bn,
		     const u64 *prep, u64 *tmp);

/*
 * r[0..rn) = the product in radix rx from the residues v[0..3)[0..n),
 * coefficient k the sum of column k; the two limbs left above rn go to
 * carry if it is not NULL.
 */
int ntt_crt(enum radix rx, limb_t *r, size_t rn, u64 *const *v, size_t n,
	    const struct ntt_mod *m, u64 *carry);

#endif /* FIBDRV_NTT_INTERNAL_H */
