// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Decimal conversion by repeated division by 10^19, the largest power of
 * ten in a limb: each pass peels off 19 digits.
 */
#include "dec.h"

#define DEC_CHUNK_DIGITS 19
#define DEC_CHUNK_BASE 10000000000000000000ULL /* 10^19, top bit set */

/*
 * A number of n limbs is below 2^(64n) < 10^(19.27n), so it has at most
 * n + n/64 + 1 chunks of 19 digits.
 */
size_t dec_size_max(size_t n)
{
	return DEC_CHUNK_DIGITS * (n + n / 64 + 2);
}

/* Writes chunk as exactly 19 digits ending just before end. */
static void dec_put_chunk(char *end, u64 chunk)
{
	int i;

	for (i = 0; i < DEC_CHUNK_DIGITS; i++) {
		*--end = '0' + chunk % 10;
		chunk /= 10;
	}
}

long dec_from_limbs(char *out, limb_t *a, size_t n)
{
	char *end = out + dec_size_max(n), *first = end;
	size_t len;

	n = bn_normalized_size(a, n);
	/* Least significant chunk first, filling out from its end. */
	while (n) {
		if (port_interrupted())
			return -EINTR;
		first -= DEC_CHUNK_DIGITS;
		dec_put_chunk(first + DEC_CHUNK_DIGITS,
			      bn_divrem_1(a, a, n, DEC_CHUNK_BASE));
		n = bn_normalized_size(a, n);
	}
	while (first < end - 1 && *first == '0')
		first++;
	if (first == end)
		*--first = '0';
	len = end - first;
	memmove(out, first, len);
	return len;
}
