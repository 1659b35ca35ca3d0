/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * GMP as the oracle: conversions between limb arrays and mpz_t, and
 * checks of limb arrays and of their decimal conversion against an mpz_t.
 * (A test that never calls check_decimal() need not link arith/dec.c: an
 * unused static inline function is not emitted.)
 */
#ifndef FIBDRV_TESTS_GMP_ORACLE_H
#define FIBDRV_TESTS_GMP_ORACLE_H

#include <assert.h>
#include <gmp.h>

#include "../arith/bn.h"
#include "../arith/dec.h"
#include "check.h"

/* Lets limb arrays go to mpn_* functions as they are. */
static_assert(__builtin_types_compatible_p(limb_t, mp_limb_t) &&
	      GMP_NUMB_BITS == LIMB_BITS,
	      "limb_t must be GMP's mp_limb_t, without nails");

/* z = a[0..n) */
static inline void limbs_to_mpz(mpz_t z, const limb_t *a, size_t n)
{
	mpz_import(z, n, -1, sizeof(*a), 0, 0, a);
}

/* a[0..n) = z, which must fit in n limbs. */
static inline void limbs_from_mpz(limb_t *a, size_t n, const mpz_t z)
{
	size_t i, size = mpz_size(z);

	if (size > n) {
		fprintf(stderr, "%s: %zu limbs do not fit in %zu\n",
			__func__, size, n);
		exit(2);
	}
	for (i = 0; i < n; i++)
		a[i] = i < size ? mpz_getlimbn(z, i) : 0;
}

/* Frees a string from mpz_get_str(NULL, ...) with GMP's own allocator. */
static inline void gmp_free_str(char *s)
{
	void (*free_fn)(void *ptr, size_t size);

	mp_get_memory_functions(NULL, NULL, &free_fn);
	free_fn(s, strlen(s) + 1);
}

/* The exact number of decimal digits of z >= 0 ("0" has one). */
static inline size_t decimal_digits_of(const mpz_t z)
{
	size_t digits = mpz_sizeinbase(z, 10);
	mpz_t ten_power;

	/* mpz_sizeinbase() may be one too large. */
	if (digits > 1) {
		mpz_init(ten_power);
		mpz_ui_pow_ui(ten_power, 10, digits - 1);
		if (mpz_cmp(z, ten_power) < 0)
			digits--;
		mpz_clear(ten_power);
	}
	return digits;
}

/* Checks that a[0..size) is z, normalized: same size, same limbs. */
static inline __printf(4, 5)
bool check_limbs_mpz(const limb_t *a, size_t size, const mpz_t z,
		     const char *fmt, ...)
{
	size_t i, want_size = mpz_size(z), first = size;
	char details[160] = "";
	bool ok = size == want_size;
	va_list ap;

	for (i = 0; ok && i < size; i++) {
		if (a[i] != mpz_getlimbn(z, i)) {
			ok = false;
			first = i;
		}
	}
	if (check_printed(ok) && size != want_size)
		snprintf(details, sizeof(details),
			 "size expected %zu got %zu limbs", want_size, size);
	else if (check_printed(ok) && !ok)
		snprintf(details, sizeof(details),
			 "limb %zu of %zu: expected 0x%016" PRIx64
			 " got 0x%016" PRIx64, first, size,
			 (uint64_t)mpz_getlimbn(z, first), a[first]);
	else if (check_printed(ok))
		snprintf(details, sizeof(details), "%zu limbs equal", size);
	va_start(ap, fmt);
	check_vreport(ok, details, fmt, ap);
	va_end(ap);
	return ok;
}

/*
 * Converts a copy of a[0..n) with dec_from_limbs() and checks everything
 * dec.h promises against mpz_get_str(want): the digits and their count,
 * no leading zero, at most dec_size_max(n) bytes written, a left zero.
 */
static inline __printf(4, 5)
void check_decimal(const limb_t *a, size_t n, const mpz_t want,
		   const char *fmt, ...)
{
	size_t cap = dec_size_max(n), got_len, want_len, cmp_len, i;
	char *out = guarded_alloc(cap), *want_str = mpz_get_str(NULL, 10, want);
	limb_t *scratch = limbs_dup(a, n);
	char desc[200];
	va_list ap;
	long len;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);

	want_len = strlen(want_str);
	len = dec_from_limbs(out, scratch, n);
	got_len = len < 0 ? 0 : (size_t)len;
	cmp_len = got_len < want_len ? got_len : want_len;
	if (cmp_len > cap)
		cmp_len = cap;
	for (i = 0; i < cmp_len && out[i] == want_str[i]; i++)
		;

	check_int(len, want_len, "%s: length", desc);
	if (i < cmp_len)
		check(false, "%s: digits : digit %zu: expected '%c' got '%c'",
		      desc, i, want_str[i], out[i]);
	else
		check(got_len == want_len, "%s: digits : first %zu equal",
		      desc, cmp_len);
	check(got_len >= 1 && (out[0] != '0' || got_len == 1),
	      "%s: no leading zero", desc);
	check(got_len <= cap, "%s: length within dec_size_max(%zu) : %zu, %zu",
	      desc, n, got_len, cap);
	for (i = 0; i < n && !scratch[i]; i++)
		;
	if (i == n)
		check(true, "%s: leaves a zero", desc);
	else
		check(false, "%s: leaves a zero : limb %zu of %zu is nonzero",
		      desc, i, n);
	check_guarded(out, "%s: writes only dec_size_max(%zu) = %zu bytes",
		      desc, n, cap);
	guarded_free(out);
	gmp_free_str(want_str);
	free(scratch);
}

#endif /* FIBDRV_TESTS_GMP_ORACLE_H */
