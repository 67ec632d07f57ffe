/* SPDX-License-Identifier: GPL-2.0 */
/* systemd's readiness protocol, sd_notify(3), without libsystemd (notify.c). */
#ifndef _WARDENCTL_NOTIFY_H
#define _WARDENCTL_NOTIFY_H

/*
 * Send @state ("READY=1", newline-separated assignments) to the socket
 * in $NOTIFY_SOCKET: 0 when sent or when the variable is not set (not
 * run by systemd), -1 with errno when it could not be sent.
 */
int wctl_notify(const char *state);

#endif /* _WARDENCTL_NOTIFY_H */
