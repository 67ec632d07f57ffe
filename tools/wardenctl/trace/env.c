// SPDX-License-Identifier: GPL-2.0
/* Environment checks, names and addresses shared by `trace` and `agent` (env.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "lib/cli.h"
#include "lib/util.h"
#include "trace/env.h"

#define BTF_VMLINUX	"/sys/kernel/btf/vmlinux"
#define BPFFS_MOUNT	"/sys/fs/bpf"
#define BPF_FS_MAGIC_	0xcafe4a11

bool wtr_have_btf(void)
{
	struct utsname u;

	if (access(BTF_VMLINUX, R_OK)) {
		wctl_err("kernel BTF not found at %s: eBPF tracing needs a kernel built with CONFIG_DEBUG_INFO_BTF=y",
			 BTF_VMLINUX);
		return false;
	}
	/* Every program reads socket cookies, which tracing programs may from 5.12. */
	if (!wtr_kernel_has_func("bpf_get_socket_ptr_cookie")) {
		uname(&u);
		wctl_err("eBPF tracing needs Linux 5.12 or later (bpf_get_socket_cookie() in tracing programs); this kernel is %s",
			 u.release);
		return false;
	}
	return true;
}

bool wtr_kernel_has_func(const char *name)
{
	struct btf *btf = btf__load_vmlinux_btf();
	bool found;

	if (!btf)
		return false;
	found = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC) > 0;
	btf__free(btf);
	return found;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	static int debug = -1;

	if (debug < 0)
		debug = getenv("WARDENCTL_DEBUG") && *getenv("WARDENCTL_DEBUG");
	if (!debug)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void wtr_libbpf_quiet(void)
{
	libbpf_set_print(libbpf_print);
}

int wtr_bpf_error(const char *what, int err)
{
	err = err < 0 ? -err : err;
	if (err == EPERM || (err == EACCES && geteuid() != 0))
		wctl_err("%s: BPF not permitted (%s): run as root or with CAP_BPF and CAP_PERFMON",
			 what, strerror(err));
	else if (err == ENOENT || err == ESRCH)
		wctl_err("%s: attach point not found in this kernel (%s); set WARDENCTL_DEBUG=1 for details",
			 what, strerror(err));
	else if (err == EINVAL || err == E2BIG || err == EACCES)
		wctl_err("%s: the kernel rejected the program (%s); set WARDENCTL_DEBUG=1 for the verifier log",
			 what, strerror(err));
	else
		wctl_err("%s: %s; set WARDENCTL_DEBUG=1 for details", what, strerror(err));
	return WCTL_EXIT_FAIL;
}

int wtr_ensure_bpffs(void)
{
	struct statfs st;

	if (statfs(BPFFS_MOUNT, &st) == 0 && (unsigned long)st.f_type == BPF_FS_MAGIC_)
		return 0;
	if (mount("bpf", BPFFS_MOUNT, "bpf", 0, "mode=0700") == 0)
		return 0;
	wctl_err("bpffs is not mounted at %s and mounting it failed (%s): run 'mount -t bpf bpf %s' as root",
		 BPFFS_MOUNT, strerror(errno), BPFFS_MOUNT);
	return WCTL_EXIT_FAIL;
}

const char *wtr_ca_state_name(unsigned int ca)
{
	static const char * const names[] = {
		"Open", "Disorder", "CWR", "Recovery", "Loss",
	};

	return ca < 5 ? names[ca] : "UNKNOWN";
}

/*
 * Decimal text of 0..255 for IPv4 addresses, space-padded to four bytes so
 * that each octet is one fixed-size copy; what lands past the digits is
 * overwritten or lies past the text (a line's padding is spaces anyway).
 */
static char octets[256][4];

static void octets_init(void)
{
	char n[WCTL_NUM_LEN];
	const char *d;
	unsigned int i;

	for (i = 0; i < 256; i++) {
		d = wctl_fixed(i, 0, n + sizeof(n));
		memset(octets[i], ' ', 4);
		memcpy(octets[i], d, n + sizeof(n) - 1 - d);
	}
}

size_t wtr_addr4(char *out, const uint8_t *a)
{
	size_t n = 0;
	unsigned int i;

	if (octets[0][0] != '0')
		octets_init();
	for (i = 0; i < 4; i++) {
		/* copy all four bytes, advance by the digits, then the dot */
		memcpy(out + n, octets[a[i]], 4);
		n += a[i] >= 100 ? 3 : a[i] >= 10 ? 2 : 1;
		if (i < 3)
			out[n++] = '.';
	}
	return n;
}

const char *wtr_addr(const struct warden_tuple *t, bool local, char *buf, size_t len)
{
	const uint8_t *a = local ? t->saddr : t->daddr;

	/* inet_ntop() formats IPv4 with sprintf: slow for `trace --json` */
	if (t->family != AF_INET6 && len > WTR_ADDR4_ROOM) {
		buf[wtr_addr4(buf, a)] = '\0';
		return buf;
	}
	if (!inet_ntop(t->family == AF_INET6 ? AF_INET6 : AF_INET, a, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

const char *wtr_endpoint(const struct warden_tuple *t, bool local, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, t->family == AF_INET6 ? "[%s]:%u" : "%s:%u",
		 wtr_addr(t, local, a, sizeof(a)), local ? t->sport : t->dport);
	return buf;
}

uint64_t wtr_realtime_ns(uint64_t mono_ns)
{
	static int64_t offset;
	static bool have;

	if (!have) {
		struct timespec m, r;

		clock_gettime(CLOCK_MONOTONIC, &m);
		clock_gettime(CLOCK_REALTIME, &r);
		offset = (int64_t)(r.tv_sec - m.tv_sec) * 1000000000 +
			 (r.tv_nsec - m.tv_nsec);
		have = true;
	}
	return mono_ns + offset;
}

double wtr_realtime(uint64_t mono_ns)
{
	return wtr_realtime_ns(mono_ns) / 1e9;
}
