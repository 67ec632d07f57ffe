/* SPDX-License-Identifier: GPL-2.0 */
/* How long a socket has been in its state, from the agent's map (age.c). */
#ifndef _WARDENCTL_SOCKETS_AGE_H
#define _WARDENCTL_SOCKETS_AGE_H

#include <stdbool.h>
#include <stdint.h>

enum sk_age_status {
	SK_AGE_OK,		/* map open */
	SK_AGE_NO_AGENT,	/* the pin does not exist */
	SK_AGE_ERROR,		/* cannot be used: see sk_age_why() */
};
/* Open the map once (idempotent) and say whether ages are available. */
enum sk_age_status sk_age_open(void);
const char *sk_age_why(void);
/* Age in ms of @cookie in @state; false when the agent has no record. */
bool sk_age_ms(uint64_t cookie, int state, uint64_t *age_ms);

#define SK_AGE_NOTE "age unknown: run `wardenctl agent start`"

#endif /* _WARDENCTL_SOCKETS_AGE_H */
