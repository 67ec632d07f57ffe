// SPDX-License-Identifier: GPL-2.0
/* The names of TCP states (tcp.h). */
#include "lib/tcp.h"

#define K(x) { x, sizeof(x) - 1 }
static const struct {
	const char *word, *label;
	struct {
		char s[16];
		size_t n;
	} kernel;
} names[WCTL_TCP_NSTATES] = {
	[0] = { "unknown", "UNKNOWN", K("UNKNOWN") },
	[WCTL_TCP_ESTABLISHED] = { "established", "ESTAB", K("ESTABLISHED") },
	[WCTL_TCP_SYN_SENT] = { "syn-sent", "SYN-SENT", K("SYN_SENT") },
	[WCTL_TCP_SYN_RECV] = { "syn-recv", "SYN-RECV", K("SYN_RECV") },
	[WCTL_TCP_FIN_WAIT1] = { "fin-wait-1", "FIN-WAIT-1", K("FIN_WAIT1") },
	[WCTL_TCP_FIN_WAIT2] = { "fin-wait-2", "FIN-WAIT-2", K("FIN_WAIT2") },
	[WCTL_TCP_TIME_WAIT] = { "time-wait", "TIME-WAIT", K("TIME_WAIT") },
	[WCTL_TCP_CLOSE] = { "closed", "UNCONN", K("CLOSE") },
	[WCTL_TCP_CLOSE_WAIT] = { "close-wait", "CLOSE-WAIT", K("CLOSE_WAIT") },
	[WCTL_TCP_LAST_ACK] = { "last-ack", "LAST-ACK", K("LAST_ACK") },
	[WCTL_TCP_LISTEN] = { "listen", "LISTEN", K("LISTEN") },
	[WCTL_TCP_CLOSING] = { "closing", "CLOSING", K("CLOSING") },
	/* a request socket; sock_diag reports it as syn-recv */
	[WCTL_TCP_NEW_SYN_RECV] = { "new-syn-recv", "SYN-RECV", K("NEW_SYN_RECV") },
	[WCTL_TCP_BOUND_INACTIVE] = { "bound-inactive", "BOUND-INACTIVE", K("BOUND_INACTIVE") },
};
#undef K

static unsigned int known(unsigned int state)
{
	return state < WCTL_TCP_NSTATES ? state : 0;
}

const char *wctl_tcp_word(unsigned int state)
{
	return names[known(state)].word;
}

const char *wctl_tcp_label(unsigned int state)
{
	return names[known(state)].label;
}

const char *wctl_tcp_kernel_name(unsigned int state, size_t *len)
{
	state = known(state);
	*len = names[state].kernel.n;
	return names[state].kernel.s;
}
