// SPDX-License-Identifier: GPL-2.0
/*
 * How long a socket has been in its state. sock_diag does not know; the
 * tracing agent (`wardenctl agent`) records state entry times in a pinned
 * map keyed by the socket cookie, which sock_diag does report.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "sockets/age.h"
#include "sock_state_map.h"

static struct {
	bool opened;
	enum sk_age_status status;
	int fd;
	uint64_t now_ns;
	char why[160];
} age = { .fd = -1 };

enum sk_age_status sk_age_open(void)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	struct timespec ts;

	if (age.opened)
		return age.status;
	age.opened = true;

	age.fd = bpf_obj_get(WARDEN_SOCK_STATES_PIN);
	if (age.fd < 0) {
		int err = errno;

		if (err == ENOENT) {
			age.status = SK_AGE_NO_AGENT;
			snprintf(age.why, sizeof(age.why), "%s", SK_AGE_NOTE);
		} else {
			age.status = SK_AGE_ERROR;
			snprintf(age.why, sizeof(age.why),
				 "age unknown: cannot open %s: %s%s", WARDEN_SOCK_STATES_PIN,
				 strerror(err), err == EPERM || err == EACCES ? " (run as root)" : "");
		}
		return age.status;
	}
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(age.fd, &info, &len) ||
	    info.key_size != sizeof(struct warden_sock_key) ||
	    info.value_size != sizeof(struct warden_sock_state)) {
		age.status = SK_AGE_ERROR;
		snprintf(age.why, sizeof(age.why),
			 "age unknown: %s is not the agent's map layout; update wardenctl and the agent together",
			 WARDEN_SOCK_STATES_PIN);
		close(age.fd);
		age.fd = -1;
		return age.status;
	}
	/* One "now" per run: every age in one report is measured alike. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	age.now_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	age.status = SK_AGE_OK;
	return age.status;
}

const char *sk_age_why(void)
{
	return age.why;
}

bool sk_age_ms(uint64_t cookie, int state, uint64_t *age_ms)
{
	struct warden_sock_key key = { .cookie = cookie };
	struct warden_sock_state val;

	if (sk_age_open() != SK_AGE_OK)
		return false;
	if (bpf_map_lookup_elem(age.fd, &key, &val))
		return false;
	/* A record of an older state (or a reused cookie) says nothing. */
	if ((int)val.state != state || val.since_ns > age.now_ns)
		return false;
	*age_ms = (age.now_ns - val.since_ns) / 1000000;
	return true;
}
