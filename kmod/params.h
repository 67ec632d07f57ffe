/* SPDX-License-Identifier: GPL-2.0 */
/* params.c: who may write a module parameter, and when. */
#ifndef _TCP_WARDEN_PARAMS_H
#define _TCP_WARDEN_PARAMS_H

#include <linux/types.h>

/* 0 if a module parameter may be written now, else -EBUSY or -EPERM. */
int warden_param_may_set(void);
/* main.c says when init begins and when every part is up (or going). */
void warden_params_starting(void);
void warden_params_live(bool live);

#endif /* _TCP_WARDEN_PARAMS_H */
