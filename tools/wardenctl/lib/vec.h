/* SPDX-License-Identifier: GPL-2.0 */
/* The growable array of wardenctl (vec.c): room doubles when it runs out. */
#ifndef _WARDENCTL_VEC_H
#define _WARDENCTL_VEC_H

#include <stddef.h>

/*
 * Make room for @need elements of @size bytes in *@items, which holds
 * *@cap now. 0, or -1 when out of memory (*@items is then unchanged).
 */
int wctl_grow(void **items, size_t *cap, size_t need, size_t size);

/*
 * Append to the array @arr of @n elements and @cap room: the new element
 * (not zeroed), or NULL when out of memory. @n grows by one.
 */
#define WCTL_PUSH(arr, n, cap)							\
	(wctl_grow((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr))) ?		\
	 NULL : &(arr)[(n)++])

#endif /* _WARDENCTL_VEC_H */
