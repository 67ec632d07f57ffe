// SPDX-License-Identifier: GPL-2.0
/* The grammar of `doctor` (doctor.h): no words; -j and -n are global. */
#include "doctor/doctor.h"

const struct wctl_node doc_node = {
	.name = "doctor",
	.summary = "check whether this host is fit to run tcp_warden, and what to do",
};

int doc_parse(int argc, char **argv, char *err)
{
	struct wctl_args a;

	if (!wctl_args_start(&a, &doc_node, argc, argv, err))
		return -1;
	return wctl_args_each(&a, NULL, NULL);
}
