/* SPDX-License-Identifier: GPL-2.0 */
/* `syn status` (status.c), and the guard's configuration it reads. */
#ifndef _WARDENCTL_SYN_STATUS_H
#define _WARDENCTL_SYN_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/genl.h"
#include "syn/common.h"

/* syn-get's counters after the settings (status.c names them). */
#define SYN_NCOUNTERS	6

/* What syn-get says of the namespace it is asked in. */
struct syn_conf {
	uint8_t mode, global_mode;	/* TCP_WARDEN_SYN_MODE_* */
	bool dflt;			/* the namespace follows the global mode */
	bool hooked;
	uint64_t set[SYN_NSETTINGS];	/* by syn_settings[] */
	uint64_t count[SYN_NCOUNTERS];
};

/* 0, or an exit code after one line saying why. */
int syn_conf_get(struct wctl_genl *g, struct syn_conf *c);

int syn_status(struct wctl_genl *g);

#endif /* _WARDENCTL_SYN_STATUS_H */
