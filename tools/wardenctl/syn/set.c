// SPDX-License-Identifier: GPL-2.0
/*
 * `syn set`: everything given goes in one syn-set request, which the
 * kernel applies whole or not at all (a mode with thresholds too).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <uapi/linux/tcp_warden.h>

#include "lib/cli.h"
#include "lib/genl.h"
#include "lib/util.h"
#include "syn/common.h"
#include "syn/set.h"

/* The numbers `syn set` takes: option word, attribute, range. */
static const struct {
	const char *name;
	int attr;
	bool u8;
	uint32_t lo, hi;
} opts[] = {
	{ "threshold", TCP_WARDEN_A_SYN_THRESHOLD, false, 0, UINT32_MAX },
	{ "queue", TCP_WARDEN_A_SYN_QUEUE_PCT, false, 0, 100 },
	{ "quiet", TCP_WARDEN_A_SYN_QUIET_MS, false, 0, 3600000 },
	{ "rate", TCP_WARDEN_A_SYN_SRC_RATE, false, 0, 100000000 },
	{ "burst", TCP_WARDEN_A_SYN_SRC_BURST, false, 1, 1000000 },
	{ "all-rate", TCP_WARDEN_A_SYN_ALL_RATE, false, 0, 100000000 },
	{ "all-burst", TCP_WARDEN_A_SYN_ALL_BURST, false, 1, 1000000 },
	{ "v4-prefix", TCP_WARDEN_A_SYN_V4_PREFIX, true, 1, 32 },
	{ "v6-prefix", TCP_WARDEN_A_SYN_V6_PREFIX, true, 1, 128 },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

/* For rejections: what the user called each attribute. */
static const struct wctl_genl_attr_name set_names[] = {
	{ 0, TCP_WARDEN_A_SYN_MODE, "mode", "give enforce, monitor, off or default" },
	{ 0, TCP_WARDEN_A_SYN_MODE_DEFAULT, "mode default", NULL },
	{ 0, TCP_WARDEN_A_SYN_GLOBAL, "global", NULL },
	{ 0, TCP_WARDEN_A_SYN_THRESHOLD, "threshold", "give SYN/s, 0 to disable" },
	{ 0, TCP_WARDEN_A_SYN_QUEUE_PCT, "queue", "give 0..100 (%)" },
	{ 0, TCP_WARDEN_A_SYN_QUIET_MS, "quiet", "give 0..3600000 ms" },
	{ 0, TCP_WARDEN_A_SYN_SRC_RATE, "rate", "give 0..100000000 SYN/s" },
	{ 0, TCP_WARDEN_A_SYN_SRC_BURST, "burst", "give 1..1000000" },
	{ 0, TCP_WARDEN_A_SYN_ALL_RATE, "all-rate", "give 0..100000000 SYN/s" },
	{ 0, TCP_WARDEN_A_SYN_ALL_BURST, "all-burst", "give 1..1000000" },
	{ 0, TCP_WARDEN_A_SYN_V4_PREFIX, "v4-prefix", "give 1..32" },
	{ 0, TCP_WARDEN_A_SYN_V6_PREFIX, "v6-prefix", "give 1..128" },
	{ 0, 0, NULL, NULL },
};

_Static_assert(NOPTS == SYN_SET_NOPTS, "one slot per option");
_Static_assert(SYN_SET_MODE_DEFAULT == SYN_NMODES, "after the modes");
#define MODE_DEFAULT	SYN_SET_MODE_DEFAULT

static int parse_mode(const char *m)
{
	int k;

	if (!strcmp(m, "default"))
		return MODE_DEFAULT;
	for (k = 0; k < SYN_NMODES; k++)
		if (!strcmp(m, syn_mode_names[k]))
			return k;
	wctl_usage_err("bad mode '%s'; give enforce, monitor, off or default", m);
}

/* The value of option @k at argv[i + 1]. */
static void parse_value(struct syn_set_req *r, size_t k, char **argv, int i)
{
	if (r->have[k])
		wctl_usage_err("'%s' given twice; give each option once", opts[k].name);
	if (wctl_parse_u32(argv[i + 1], opts[k].lo, opts[k].hi, &r->v[k]))
		wctl_usage_err("bad %s '%s'; give %u..%u", opts[k].name, argv[i + 1],
			       opts[k].lo, opts[k].hi);
	r->have[k] = true;
}

void syn_set_parse(int argc, char **argv, struct syn_set_req *r)
{
	bool any = false;
	size_t k;
	int i;

	memset(r, 0, sizeof(*r));
	r->mode = -1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "global")) {
			if (r->global)
				wctl_usage_err("'global' given twice; give it once");
			r->global = true;
			continue;
		}
		if (i + 1 >= argc)
			wctl_usage_err("'%s' needs a value; see wardenctl-syn(8)", argv[i]);
		if (!strcmp(argv[i], "mode")) {
			if (r->mode >= 0)
				wctl_usage_err("'mode' given twice; give it once");
			r->mode = parse_mode(argv[++i]);
			any = true;
			continue;
		}
		for (k = 0; k < NOPTS && strcmp(argv[i], opts[k].name); k++)
			;
		if (k == NOPTS)
			wctl_usage_err("unknown syn set option '%s'; see wardenctl-syn(8)", argv[i]);
		parse_value(r, k, argv, i++);
		any = true;
	}
	if (!any)
		wctl_usage_err("syn set needs something to set, e.g. 'mode enforce' or 'threshold 5000'");
}

static struct nl_msg *build(struct wctl_genl *g, const struct syn_set_req *r)
{
	struct nl_msg *msg = wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_SET, 0);
	size_t k;

	if (r->global)
		nla_put_flag(msg, TCP_WARDEN_A_SYN_GLOBAL);
	if (r->mode == MODE_DEFAULT)
		nla_put_flag(msg, TCP_WARDEN_A_SYN_MODE_DEFAULT);
	else if (r->mode >= 0)
		nla_put_u8(msg, TCP_WARDEN_A_SYN_MODE, (uint8_t)r->mode);
	for (k = 0; k < NOPTS; k++) {
		if (!r->have[k])
			continue;
		if (opts[k].u8)
			nla_put_u8(msg, opts[k].attr, (uint8_t)r->v[k]);
		else
			nla_put_u32(msg, opts[k].attr, r->v[k]);
	}
	return msg;
}

int syn_set(struct wctl_genl *g, const struct syn_set_req *r)
{
	return wctl_genl_request(g, build(g, r), &(struct wctl_genl_req){
		.what = "configure the SYN guard (nothing was changed)", .names = set_names,
	}, NULL);
}
