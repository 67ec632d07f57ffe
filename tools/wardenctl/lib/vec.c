// SPDX-License-Identifier: GPL-2.0
/* The growable array (vec.h). */
#include <stdint.h>
#include <stdlib.h>

#include "lib/vec.h"

#define VEC_MIN	16

int wctl_grow(void **items, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : VEC_MIN;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return -1;
		n *= 2;
	}
	p = realloc(*items, n * size);
	if (!p)
		return -1;
	*items = p;
	*cap = n;
	return 0;
}
