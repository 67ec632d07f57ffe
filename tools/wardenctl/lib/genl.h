/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the tcp_warden generic netlink family: resolve it (and say
 * how to load tcp_warden.ko when it is missing), send a request, collect
 * replies or a dump, and turn a kernel rejection into one line that names
 * the bad attribute and carries the kernel's extack text.
 */
#ifndef _WARDENCTL_GENL_H
#define _WARDENCTL_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

/* Room for a rejection's message, for callers that report it themselves. */
#define WCTL_MSG_LEN	512

struct wctl_genl {
	struct nl_sock *sk;
	int family;
};

/* Attribute names for error messages: @nest is 0 for top-level ones. */
struct wctl_genl_attr_name {
	int nest;		/* top-level attribute the name is nested in */
	int type;
	const char *name;
	const char *hint;	/* what the user should give instead, or NULL */
};

/*
 * What a request is about, for messages: "cannot <what>: ...". @names
 * (terminated by a NULL name) lets a rejection name the attribute.
 */
struct wctl_genl_req {
	const char *what;
	const struct wctl_genl_attr_name *names;
	int maxattr;		/* of the reply's top-level attribute set */
	/* Called per reply message with its parsed top-level attributes. */
	int (*cb)(struct nlattr **tb, void *arg);
	void *arg;
	/* When set, a rejection's message goes here (WCTL_MSG_LEN) instead of stderr. */
	char *msg;
	size_t msglen;
};

/* A rejection as the kernel reported it (NLMSG_ERROR and its extack TLVs). */
struct wctl_genl_error {
	int err;		/* negative errno */
	char ext_msg[256];	/* "" when none */
	uint32_t ext_offs;	/* offset of the bad attribute in the request, 0: none */
	bool have_miss;		/* a required attribute was missing: */
	uint32_t miss_type;	/* its type, */
	uint32_t miss_nest;	/* and the offset of its nest (0: top level) */
};

/* Parse an NLMSG_ERROR message into @e. */
void wctl_genl_parse_error(const struct nlmsghdr *nlh, struct wctl_genl_error *e);
/*
 * The one-line message for @e ("cannot <what>: ..."), naming the
 * attribute from @req->names by its offset in @sent (the request).
 */
void wctl_genl_describe(const struct wctl_genl_error *e, const struct wctl_genl_req *req,
			struct nl_msg *sent, char *buf, size_t len);

/*
 * Connect and resolve the family. 0, or an exit code after printing why
 * (the module not loaded is WCTL_EXIT_FAIL, with how to load it).
 */
int wctl_genl_open(struct wctl_genl *g);
void wctl_genl_close(struct wctl_genl *g);

/* A new request for @cmd with NLM_F_* @flags (NLM_F_DUMP for dumps). */
struct nl_msg *wctl_genl_msg(struct wctl_genl *g, uint8_t cmd, int flags);

/*
 * Send @msg (consumed) and wait for the ACK, the reply or the end of the
 * dump. 0 on success; otherwise the error was printed and the return is an
 * exit code: WCTL_EXIT_USAGE when the kernel rejected the input (EINVAL,
 * ERANGE), WCTL_EXIT_FAIL otherwise. *@err gets the errno (may be NULL).
 */
int wctl_genl_request(struct wctl_genl *g, struct nl_msg *msg,
		      const struct wctl_genl_req *req, int *err);

#endif /* _WARDENCTL_GENL_H */
