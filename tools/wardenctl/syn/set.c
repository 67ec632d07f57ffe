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
#include "syn/set.h"

/*
 * For rejections: what the user called each attribute. Ranges were
 * checked already (parse.c); the kernel's extack says the rest.
 */
#define SET_NAME(a, name, alias, arg, bits, lo, hi, unit)			\
	{ 0, TCP_WARDEN_A_SYN_##a, name, NULL },
static const struct wctl_genl_attr_name set_names[] = {
	{ 0, TCP_WARDEN_A_SYN_MODE, "mode", "give enforce, monitor, off or default" },
	{ 0, TCP_WARDEN_A_SYN_MODE_DEFAULT, "mode default", NULL },
	{ 0, TCP_WARDEN_A_SYN_GLOBAL, "global", NULL },
	SYN_SETTINGS(SET_NAME)
	{ 0, 0, NULL, NULL },
};

static struct nl_msg *build(struct wctl_genl *g, const struct syn_cmd *c)
{
	struct nl_msg *msg = wctl_genl_msg(g, TCP_WARDEN_CMD_SYN_SET, 0);
	const struct syn_setting *s;
	size_t k;

	if (c->global)
		nla_put_flag(msg, TCP_WARDEN_A_SYN_GLOBAL);
	if (c->mode == SYN_MODE_DEFAULT)
		nla_put_flag(msg, TCP_WARDEN_A_SYN_MODE_DEFAULT);
	else if (c->mode >= 0)
		nla_put_u8(msg, TCP_WARDEN_A_SYN_MODE, (uint8_t)c->mode);
	for (k = 0; k < SYN_NSETTINGS; k++) {
		s = &syn_settings[k];
		if (!c->have[k])
			continue;
		if (s->bits == 8)
			nla_put_u8(msg, s->attr, (uint8_t)c->v[k]);
		else
			nla_put_u32(msg, s->attr, c->v[k]);
	}
	return msg;
}

int syn_set(struct wctl_genl *g, const struct syn_cmd *c, char *msg)
{
	return wctl_genl_request(g, build(g, c), &(struct wctl_genl_req){
		.what = "configure the SYN guard (nothing was changed)", .names = set_names,
		.msg = msg, .msglen = msg ? WCTL_MSG_LEN : 0,
	}, NULL);
}
