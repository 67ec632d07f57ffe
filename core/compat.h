/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only environment core/ depends on. In the kernel it maps to kernel
 * headers; on the host to libc, so the same sources build in both places.
 */
#ifndef _WARDEN_CORE_COMPAT_H
#define _WARDEN_CORE_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/string.h>

/* A lock for one stripe of a shared table: taken in softirq and with BH off. */
struct warden_lock {
	spinlock_t lock;	/* of one stripe of a table */
};

#define warden_lock_init(l)	spin_lock_init(&(l)->lock)
#define warden_lock(l)		spin_lock(&(l)->lock)
#define warden_unlock(l)	spin_unlock(&(l)->lock)
#else
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

/* The kernel's helpers, each argument evaluated once. */
#define min(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ typeof(a) _a = (a); typeof(b) _b = (b); _a > _b ? _a : _b; })
#define min_t(type, a, b) ({ type _a = (a); type _b = (b); _a < _b ? _a : _b; })
#define max_t(type, a, b) ({ type _a = (a); type _b = (b); _a > _b ? _a : _b; })
#define BIT(nr) (1UL << (nr))
#define U32_MAX ((u32)~0U)
#define U64_MAX ((u64)~0ULL)
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}

/* The host's spelling of the kernel's attribute macros. */
#define WARDEN_ATTR(a) __attribute__((a))
#define __aligned(x) WARDEN_ATTR(aligned(x))
#define __acquires(x)
#define __releases(x)

/* The host tests and benchmarks are single-threaded: locks cost nothing. */
struct warden_lock {
	int unused;
};

#define warden_lock_init(l)	((void)(l))
#define warden_lock(l)		((void)(l))
#define warden_unlock(l)	((void)(l))
#endif /* __KERNEL__ */

/* A macro's value as a string constant: "3600000" for a limit in a message. */
#define WARDEN_STR(x)		#x
#define WARDEN_XSTR(x)		WARDEN_STR(x)

/* Counters that different CPUs update often get a cache line each. */
#define WARDEN_CACHELINE	64

#endif /* _WARDEN_CORE_COMPAT_H */
