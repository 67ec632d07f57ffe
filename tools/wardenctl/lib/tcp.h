/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names of TCP states (tcp.c), one table for every command: the word
 * `sockets state` takes and every JSON output prints ("time-wait"), ss's
 * label ("TIME-WAIT", "ESTAB") and the kernel's name ("TIME_WAIT", as the
 * tracepoint and bcc's tcpstates print it).
 */
#ifndef _WARDENCTL_TCP_H
#define _WARDENCTL_TCP_H

#include <stddef.h>

/* States as the kernel numbers them (include/net/tcp_states.h). */
enum {
	WCTL_TCP_ESTABLISHED = 1, WCTL_TCP_SYN_SENT, WCTL_TCP_SYN_RECV, WCTL_TCP_FIN_WAIT1,
	WCTL_TCP_FIN_WAIT2, WCTL_TCP_TIME_WAIT, WCTL_TCP_CLOSE, WCTL_TCP_CLOSE_WAIT,
	WCTL_TCP_LAST_ACK, WCTL_TCP_LISTEN, WCTL_TCP_CLOSING, WCTL_TCP_NEW_SYN_RECV,
	WCTL_TCP_BOUND_INACTIVE, WCTL_TCP_NSTATES
};

/* "time-wait"; "unknown" for a number out of range. */
const char *wctl_tcp_word(unsigned int state);
/* "TIME-WAIT"; "UNKNOWN" out of range. */
const char *wctl_tcp_label(unsigned int state);
/*
 * "TIME_WAIT", with its length; "UNKNOWN" out of range. The text is
 * readable for 16 bytes: the trace reader copies it in one piece.
 */
const char *wctl_tcp_kernel_name(unsigned int state, size_t *len);

#endif /* _WARDENCTL_TCP_H */
