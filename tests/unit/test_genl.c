// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel rejections as wardenctl reports them (tools/wardenctl/lib/genl.c):
 * an NLMSG_ERROR with extack TLVs, built here, parsed and described.
 */
#include <errno.h>
#include <string.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <uapi/linux/tcp_warden.h>

#include "tap.h"
#include "lib/genl.h"

static const struct wctl_genl_attr_name names[] = {
	{ 0, TCP_WARDEN_A_SYN_LIST_LIST, "list", NULL },
	{ 0, TCP_WARDEN_A_SYN_LIST_PREFIXLEN, "prefix length", NULL },
	{ 0, 0, NULL, NULL },
};

/* An error message for @error with the extack message @text, and @miss. */
static struct nl_msg *error_msg(int error, const char *text, int miss)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlmsgerr e = { .error = error };

	e.msg.nlmsg_len = NLMSG_HDRLEN;
	nlmsg_put(msg, 0, 0, NLMSG_ERROR, 0, NLM_F_ACK_TLVS | NLM_F_CAPPED);
	nlmsg_append(msg, &e, sizeof(e), NLMSG_ALIGNTO);
	if (text)
		nla_put_string(msg, NLMSGERR_ATTR_MSG, text);
	if (miss)
		nla_put_u32(msg, NLMSGERR_ATTR_MISS_TYPE, miss);
	return msg;
}

static void describe(struct nl_msg *msg, char *buf, size_t len)
{
	const struct wctl_genl_req req = { .what = "add 10.0.0.0/8 to the deny list",
					   .names = names };
	struct wctl_genl_error e;

	wctl_genl_parse_error(nlmsg_hdr(msg), &e);
	wctl_genl_describe(&e, &req, NULL, buf, len);
	nlmsg_free(msg);
}

int main(void)
{
	char buf[512];

	describe(error_msg(-EINVAL, "Missing attribute", TCP_WARDEN_A_SYN_LIST_LIST), buf,
		 sizeof(buf));
	if (!ok(strstr(buf, "cannot add 10.0.0.0/8 to the deny list: Missing attribute") &&
		strstr(buf, "lacks list"), "a missing attribute is named (miss_type)"))
		printf("#   got '%s'\n", buf);
	describe(error_msg(-EINVAL, NULL, 99), buf, sizeof(buf));
	if (!ok(strstr(buf, "lacks attribute 99"), "an unknown missing attribute by its number"))
		printf("#   got '%s'\n", buf);
	describe(error_msg(-EEXIST, "already on the list", 0), buf, sizeof(buf));
	if (!ok(!strcmp(buf, "cannot add 10.0.0.0/8 to the deny list: already on the list"),
		"an extack message without an attribute"))
		printf("#   got '%s'\n", buf);
	describe(error_msg(-EPERM, NULL, 0), buf, sizeof(buf));
	ok(strstr(buf, "permission denied; run as root") != NULL, "EPERM says to run as root");
	return tap_done();
}
