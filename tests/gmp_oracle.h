/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * GMP as the oracle: conversions between limb arrays (of radix 2^64 and
 * of radix 10^19) and mpz_t, and checks of limb arrays and of their
 * decimal conversion against an mpz_t. Radix 10^19 goes through decimal
 * strings that printf() and GMP write and read, none of the project's
 * code.
 * (A test that never calls check_decimal() need not link arith/dec.c: an
 * unused static inline function is not emitted.)
 */
#ifndef FIBDRV_TESTS_GMP_ORACLE_H
#define FIBDRV_TESTS_GMP_ORACLE_H

#include <assert.h>
#include <gmp.h>

#include "../arith/dec.h"
#include "../arith/radix.h"
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

/* z = a[0..n) in radix 10^19, from its digits as printf() writes them. */
static inline void dlimbs_to_mpz(mpz_t z, const limb_t *a, size_t n)
{
	char *digits = test_alloc(DN_DIGITS * n + 2), *p = digits;
	size_t i;

	*p++ = '0';
	*p = '\0';
	for (i = n; i > 0; i--)
		p += sprintf(p, "%019" PRIu64, (uint64_t)a[i - 1]);
	if (mpz_set_str(z, digits, 10)) {
		fprintf(stderr, "%s: a limb is not below 10^19\n", __func__);
		exit(2);
	}
	free(digits);
}

/* a[0..n) = z in radix 10^19: its digits from GMP, 19 a limb. */
static inline void dlimbs_from_mpz(limb_t *a, size_t n, const mpz_t z)
{
	char *digits = mpz_get_str(NULL, 10, z);
	size_t len = strlen(digits), i, end, start;
	char chunk[DN_DIGITS + 1];

	if (len > DN_DIGITS * n && mpz_sgn(z)) {
		fprintf(stderr, "%s: %zu digits do not fit in %zu limbs\n",
			__func__, len, n);
		exit(2);
	}
	for (i = 0; i < n; i++) {
		end = len > DN_DIGITS * i ? len - DN_DIGITS * i : 0;
		start = end > DN_DIGITS ? end - DN_DIGITS : 0;
		memcpy(chunk, digits + start, end - start);
		chunk[end - start] = '\0';
		a[i] = end > start ? strtoull(chunk, NULL, 10) : 0;
	}
	gmp_free_str(digits);
}

/*
 * want[0..n) = z mod (10^19)^n, for -(10^19)^n < z < 2^64 (10^19)^n;
 * returns what is above, floor(z / (10^19)^n), or 1 for a negative z, as
 * a borrow would. z is left as its low part.
 */
static inline limb_t dlimbs_split(limb_t *want, size_t n, mpz_t z)
{
	mpz_t high, power;
	limb_t top;

	mpz_inits(high, power, NULL);
	mpz_ui_pow_ui(power, 10, DN_DIGITS * n);
	if (mpz_sgn(z) < 0) {
		mpz_add(z, z, power);
		top = 1;
	} else {
		mpz_fdiv_qr(high, z, z, power);
		top = mpz_get_ui(high);
	}
	dlimbs_from_mpz(want, n, z);
	mpz_clears(high, power, NULL);
	return top;
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

/* The size of z in limbs of radix 10^19. */
static inline size_t dlimbs_size_of(const mpz_t z)
{
	if (!mpz_sgn(z))
		return 0;
	return (decimal_digits_of(z) + DN_DIGITS - 1) / DN_DIGITS;
}

/*
 * The shapes of fill_limbs() in radix 10^19: nines where it has ones (the
 * longest carry chains), a single 10^k, edge limbs around 0, 2^63 and
 * 10^19, runs of nines and zeros, and random limbs below 10^19.
 */
static inline void fill_dlimbs(limb_t *a, size_t n, enum limb_pattern pat)
{
	static const limb_t edges[] = {
		0, 1, 2, DN_BASE - 1, DN_BASE - 2, DN_BASE / 2,
		1ULL << 63, (1ULL << 63) - 1,
	};
	limb_t power = 1;
	size_t i, k, run;
	bool nines;

	switch (pat) {
	case PAT_ONES:
		for (i = 0; i < n; i++)
			a[i] = DN_BASE - 1;
		break;
	case PAT_SINGLE_BIT:
		memset(a, 0, n * sizeof(*a));
		if (!n)
			break;
		for (k = rand_below(DN_DIGITS); k; k--)
			power *= 10;
		a[rand_below(2) ? n - 1 : rand_below(n)] = power;
		break;
	case PAT_EDGE_LIMBS:
		for (i = 0; i < n; i++)
			a[i] = rand_below(4) ? edges[rand_below(ARRAY_SIZE(edges))] :
					       rand_below(DN_BASE);
		break;
	case PAT_BIT_RUNS:
		nines = rand_below(2);
		for (i = 0; i < n; i += run, nines = !nines) {
			run = 1 + rand_below(rand_below(2) ? 3 : 40);
			for (k = i; k < i + run && k < n; k++)
				a[k] = nines ? DN_BASE - 1 : 0;
		}
		break;
	default:
		fill_limbs(a, n, pat);
		for (i = 0; i < n; i++)
			a[i] %= DN_BASE;
		break;
	}
}

/* n limbs of radix rx of the pattern, in a buffer of exactly that size. */
static inline limb_t *rx_limbs_new(enum radix rx, size_t n,
				   enum limb_pattern pat)
{
	limb_t *a = test_alloc(n * sizeof(*a));

	if (rx == RADIX_DEC)
		fill_dlimbs(a, n, pat);
	else
		fill_limbs(a, n, pat);
	return a;
}

/*
 * GMP's a + b or a - b in radix rx into want[0..an) (an >= bn >= 0), and
 * the carry or borrow out: mpn_add and
 * mpn_sub in radix 2^64 (a + 0 being a, as they want bn >= 1), mpz_t
 * through decimal strings in radix 10^19.
 */
static inline limb_t rx_add_sub_oracle(enum radix rx, bool sub, limb_t *want,
				       const limb_t *a, size_t an,
				       const limb_t *b, size_t bn)
{
	limb_t out;
	mpz_t za, zb;

	if (rx == RADIX_BIN && !bn) {
		mpn_copyi(want, a, an);
		return 0;
	}
	if (rx == RADIX_BIN)
		return sub ? mpn_sub(want, a, an, b, bn) :
					mpn_add(want, a, an, b, bn);
	mpz_inits(za, zb, NULL);
	dlimbs_to_mpz(za, a, an);
	dlimbs_to_mpz(zb, b, bn);
	if (sub)
		mpz_sub(za, za, zb);
	else
		mpz_add(za, za, zb);
	out = dlimbs_split(want, an, za);
	mpz_clears(za, zb, NULL);
	return out;
}

/* want[0..an+bn) = a[0..an) b[0..bn) in radix rx, by GMP. */
static inline void rx_mul_oracle(enum radix rx, limb_t *want,
				 const limb_t *a, size_t an,
				 const limb_t *b, size_t bn)
{
	mpz_t za, zb;

	if (rx == RADIX_BIN) {
		mpn_mul(want, a, an, b, bn);
		return;
	}
	mpz_inits(za, zb, NULL);
	dlimbs_to_mpz(za, a, an);
	dlimbs_to_mpz(zb, b, bn);
	mpz_mul(za, za, zb);
	dlimbs_from_mpz(want, an + bn, za);
	mpz_clears(za, zb, NULL);
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

/* check_limbs_mpz() for a[0..size) in radix 10^19. */
static inline __printf(4, 5)
bool check_dlimbs_mpz(const limb_t *a, size_t size, const mpz_t z,
		      const char *fmt, ...)
{
	size_t want_size = dlimbs_size_of(z), i, first = size;
	limb_t *want = test_alloc(want_size * sizeof(*want));
	char details[160] = "";
	bool ok = size == want_size;
	va_list ap;

	dlimbs_from_mpz(want, want_size, z);
	for (i = 0; ok && i < size; i++) {
		if (a[i] != want[i]) {
			ok = false;
			first = i;
		}
	}
	if (check_printed(ok) && size != want_size)
		snprintf(details, sizeof(details),
			 "size expected %zu got %zu limbs of 10^19", want_size,
			 size);
	else if (check_printed(ok) && !ok)
		snprintf(details, sizeof(details),
			 "limb %zu of %zu: expected %019" PRIu64
			 " got %019" PRIu64, first, size, want[first], a[first]);
	else if (check_printed(ok))
		snprintf(details, sizeof(details), "%zu limbs of 10^19 equal",
			 size);
	va_start(ap, fmt);
	check_vreport(ok, details, fmt, ap);
	va_end(ap);
	free(want);
	return ok;
}

/* check_limbs_mpz() or check_dlimbs_mpz() as rx says. */
static inline __printf(5, 6)
bool check_rx_limbs_mpz(enum radix rx, const limb_t *a, size_t size,
			const mpz_t z, const char *fmt, ...)
{
	char desc[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (rx == RADIX_DEC)
		return check_dlimbs_mpz(a, size, z, "%s", desc);
	return check_limbs_mpz(a, size, z, "%s", desc);
}

/*
 * The digits a converter wrote, out[0..len) of a buffer of cap bytes (len
 * negative for an error), against want: their count, each digit, no
 * leading zero, and within cap.
 */
static inline void check_digits(const char *desc, const char *out, long len,
				size_t cap, const char *want)
{
	size_t got_len = len < 0 ? 0 : (size_t)len, want_len = strlen(want);
	size_t cmp_len = got_len < want_len ? got_len : want_len, i;

	if (cmp_len > cap)
		cmp_len = cap;
	for (i = 0; i < cmp_len && out[i] == want[i]; i++)
		;
	check_int(len, want_len, "%s: length", desc);
	if (i < cmp_len)
		check(false, "%s: digits : digit %zu: expected '%c' got '%c'",
		      desc, i, want[i], out[i]);
	else
		check(got_len == want_len, "%s: digits : first %zu equal",
		      desc, cmp_len);
	check(got_len >= 1 && (out[0] != '0' || got_len == 1),
	      "%s: no leading zero", desc);
	check(got_len <= cap, "%s: length within %zu bytes : %zu", desc, cap,
	      got_len);
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
	size_t cap = dec_size_max(n), i;
	char *out = guarded_alloc(cap), *want_str = mpz_get_str(NULL, 10, want);
	limb_t *scratch = limbs_dup(a, n);
	char desc[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	check_digits(desc, out, dec_from_limbs(out, scratch, n), cap,
		     want_str);
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

/*
 * Prints a[0..n) of radix 10^19 with dec_from_dn() and checks it as
 * check_decimal() does, but that a is left as it was and that at most
 * dec_dn_size_max(n) bytes are written.
 */
static inline __printf(4, 5)
void check_dn_decimal(const limb_t *a, size_t n, const mpz_t want,
		      const char *fmt, ...)
{
	size_t cap = dec_dn_size_max(n);
	char *out = guarded_alloc(cap), *want_str = mpz_get_str(NULL, 10, want);
	limb_t *kept = limbs_dup(a, n);
	char desc[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	check_digits(desc, out, dec_from_dn(out, a, n), cap, want_str);
	check(limbs_equal(a, kept, n), "%s: leaves its input unchanged", desc);
	check_guarded(out, "%s: writes only dec_dn_size_max(%zu) = %zu bytes",
		      desc, n, cap);
	guarded_free(out);
	gmp_free_str(want_str);
	free(kept);
}

#endif /* FIBDRV_TESTS_GMP_ORACLE_H */
