/* SPDX-License-Identifier: GPL-2.0 */
/* Formatting of the socket reports (fmt.c). */
#ifndef _WARDENCTL_SOCKETS_FMT_H
#define _WARDENCTL_SOCKETS_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decimal digits of @v at @p; returns the end. */
char *sk_put_u64(char *p, uint64_t v);
/* Format an address (no brackets); returns its length. */
int sk_addr_str(int family, const uint8_t *addr, char *buf);
/* "1h02m", "3m05s", "12.3s", "850ms". */
void sk_fmt_age(uint64_t ms, char *buf, size_t len);
/* Prometheus label value, escaped. */
void sk_prom_label(FILE *f, const char *name, const char *val, bool first);

#endif /* _WARDENCTL_SOCKETS_FMT_H */
