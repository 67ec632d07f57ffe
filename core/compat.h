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

/*
 * A lock of the guard's shared state. Callers on the packet path run with
 * bottom halves off (the hooks make sure of it); the _bh forms are for
 * process context (the tick, reports).
 */
struct warden_lock {
	spinlock_t lock;	/* of one stripe of a table, or a listener's list */
};

#define warden_lock_init(l)	spin_lock_init(&(l)->lock)
#define warden_lock(l)		spin_lock(&(l)->lock)
#define warden_unlock(l)	spin_unlock(&(l)->lock)
#define warden_lock_bh(l)	spin_lock_bh(&(l)->lock)
#define warden_unlock_bh(l)	spin_unlock_bh(&(l)->lock)

/*
 * Compare and swap; true when *@p was @old and is now @new. (The names
 * inside must not be cmpxchg()'s own: x86's declares an __old.)
 */
#define warden_cas(p, old, new) ({					\
	__auto_type __wcas_p = (p);					\
	typeof(*__wcas_p) __wcas_old = (old);				\
	cmpxchg(__wcas_p, __wcas_old, (new)) == __wcas_old; })
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
#define clamp_t(type, v, lo, hi) min_t(type, max_t(type, v, lo), hi)
#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
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

/*
 * The kernel's memory-model primitives for the host build, so that tests
 * and benchmarks run the same lock-free code, with real atomics.
 */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE) /* read barrier */
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE) /* write barrier */
#define warden_cas(p, old, new) ({					\
	__auto_type __wcas_p = (p);					\
	typeof(*__wcas_p) __wcas_old = (old);				\
	__atomic_compare_exchange_n(__wcas_p, &__wcas_old, (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); })

/* A test-and-test-and-set spinlock: the host tests and benchmarks run threads. */
struct warden_lock {
	int held;
};

static inline void warden_lock_init(struct warden_lock *l)
{
	l->held = 0;
}

static inline void warden_lock(struct warden_lock *l)
{
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->held, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

static inline void warden_unlock(struct warden_lock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

#define warden_lock_bh(l)	warden_lock(l)
#define warden_unlock_bh(l)	warden_unlock(l)
#endif /* __KERNEL__ */

/* A macro's value as a string constant: "3600000" for a limit in a message. */
#define WARDEN_STR(x)		#x
#define WARDEN_XSTR(x)		WARDEN_STR(x)

/* Counters that different CPUs update often get a cache line each. */
#define WARDEN_CACHELINE	64
#define __warden_line		__aligned(WARDEN_CACHELINE)

#endif /* _WARDEN_CORE_COMPAT_H */
