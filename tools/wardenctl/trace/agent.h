/* SPDX-License-Identifier: GPL-2.0 */
/* What other commands ask of the agent (agent.c). */
#ifndef _WARDENCTL_TRACE_AGENT_H
#define _WARDENCTL_TRACE_AGENT_H

/*
 * Is the agent's link pinned and alive? 1 yes, 0 no, or a negative errno
 * when this user cannot tell (the pin directory is root's).
 */
int agent_running(void);

#endif /* _WARDENCTL_TRACE_AGENT_H */
