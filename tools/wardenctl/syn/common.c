// SPDX-License-Identifier: GPL-2.0
/* What the `syn` commands share (common.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/util.h"
#include "syn/common.h"

#define SETTING(a, name, alias, arg, bits, lo, hi, unit)			\
	{ TCP_WARDEN_A_SYN_##a, name, bits, lo, hi, unit },
const struct syn_setting syn_settings[SYN_NSETTINGS] = {
	SYN_SETTINGS(SETTING)
};

const char *const syn_mode_names[SYN_NMODES] = {
	[TCP_WARDEN_SYN_MODE_OFF] = "off",
	[TCP_WARDEN_SYN_MODE_MONITOR] = "monitor",
	[TCP_WARDEN_SYN_MODE_ENFORCE] = "enforce",
};

const char *syn_mode_name(unsigned int m)
{
	return m < SYN_NMODES ? syn_mode_names[m] : "?";
}

void syn_addr_read(struct nlattr *a4, struct nlattr *a6, struct syn_addr *a)
{
	a->v6 = !a4 && a6;
	snprintf(a->text, sizeof(a->text), "?");
	if (a4 && nla_len(a4) == 4)
		inet_ntop(AF_INET, nla_data(a4), a->text, sizeof(a->text));
	else if (a6 && nla_len(a6) == 16)
		inet_ntop(AF_INET6, nla_data(a6), a->text, sizeof(a->text));
}

void syn_addr_json(struct wctl_json *j, const struct syn_addr *a)
{
	wj_str(j, a->v6 ? "addr6" : "addr4", a->text);
}

void syn_endpoint(const struct syn_addr *a, unsigned int port, char *buf, size_t len)
{
	snprintf(buf, len, a->v6 ? "[%s]:%u" : "%s:%u", a->text, port);
}

/* Attributes and JSON names of the counters, by enum syn_why. */
static const struct {
	int attr;
	const char *name;
} whys[SYN_NWHY] = {
	[SYN_PASS_ALLOWED] = { TCP_WARDEN_A_SYN_L_PASS_ALLOWED, "pass-allowed" },
	[SYN_PASS_CALM] = { TCP_WARDEN_A_SYN_L_PASS_CALM, "pass-calm" },
	[SYN_PASS_VERIFIED] = { TCP_WARDEN_A_SYN_L_PASS_VERIFIED, "pass-verified" },
	[SYN_PASS_CONFORM] = { TCP_WARDEN_A_SYN_L_PASS_CONFORM, "pass-conform" },
	[SYN_DROP_DENIED] = { TCP_WARDEN_A_SYN_L_DROP_DENIED, "drop-denied" },
	[SYN_DROP_SRC_LIMIT] = { TCP_WARDEN_A_SYN_L_DROP_SRC_LIMIT, "drop-src-limit" },
	[SYN_DROP_ALL_LIMIT] = { TCP_WARDEN_A_SYN_L_DROP_ALL_LIMIT, "drop-all-limit" },
};

void syn_listener_read(struct nlattr **tb, struct syn_listener *l)
{
	int i;

	memset(l, 0, sizeof(*l));
	syn_addr_read(tb[TCP_WARDEN_A_SYN_L_ADDR4], tb[TCP_WARDEN_A_SYN_L_ADDR6], &l->addr);
	l->port = tb[TCP_WARDEN_A_SYN_L_PORT] ? nla_get_u16(tb[TCP_WARDEN_A_SYN_L_PORT]) : 0;
	syn_endpoint(&l->addr, l->port, l->name, sizeof(l->name));
	l->flood = syn_u8(tb, TCP_WARDEN_A_SYN_L_FLOOD);
	l->cookies = syn_u8(tb, TCP_WARDEN_A_SYN_L_COOKIES);
	l->rate = syn_u64(tb, TCP_WARDEN_A_SYN_L_RATE);
	l->syns = syn_u64(tb, TCP_WARDEN_A_SYN_L_SYNS);
	l->floods = syn_u32(tb, TCP_WARDEN_A_SYN_L_FLOODS);
	l->qlen = syn_u32(tb, TCP_WARDEN_A_SYN_L_QLEN);
	l->qmax = syn_u32(tb, TCP_WARDEN_A_SYN_L_QMAX);
	l->would = syn_u64(tb, TCP_WARDEN_A_SYN_L_WOULD_DROP);
	l->flood_ms = syn_u64(tb, TCP_WARDEN_A_SYN_L_FLOOD_MS);
	for (i = 0; i < SYN_NWHY; i++)
		l->why[i] = syn_u64(tb, whys[i].attr);
}

uint64_t syn_listener_dropped(const struct syn_listener *l)
{
	uint64_t n = 0;
	int i;

	for (i = SYN_FIRST_DROP; i < SYN_NWHY; i++)
		n += l->why[i];
	return n;
}

void syn_listener_json(struct wctl_json *j, const struct syn_listener *l)
{
	int i;

	wj_str(j, "listener", l->name);
	syn_addr_json(j, &l->addr);
	wj_u64(j, "port", l->port);
	wj_bool(j, "flood", l->flood);
	wj_u64(j, "rate", l->rate);
	wj_u64(j, "syns", l->syns);
	wj_u64(j, "floods", l->floods);
	wj_u64(j, "qlen", l->qlen);
	wj_u64(j, "qmax", l->qmax);
	wj_bool(j, "cookies", l->cookies);
	for (i = 0; i < SYN_NWHY; i++)
		wj_u64(j, whys[i].name, l->why[i]);
	wj_u64(j, "would-drop", l->would);
	wj_u64(j, "flood-ms", l->flood_ms);
}
