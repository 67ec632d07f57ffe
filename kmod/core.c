// SPDX-License-Identifier: GPL-2.0
/*
 * The pure algorithm code in core/ is shared with the host unit tests and
 * benchmarks. It is compiled into the module from here so that Kbuild never
 * has to reach outside this directory for an object file.
 */
#include "../core/window.c"
#include "../core/prefix.c"
#include "../core/cubic.c"
#include "../core/srctable.c"
#include "../core/tbucket.c"
#include "../core/rate.c"
#include "../core/sketch.c"
#include "../core/synguard.c"
