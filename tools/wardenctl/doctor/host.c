// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of the host, as the module and wardenctl depend on it: BTF,
 * the congestion control's registration and the sysctls that decide
 * whether a policy applies, conntrack's defragmentation, the file
 * systems tracing uses, the agent.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#include "doctor/doctor.h"
#include "trace/agent.h"
#include "trace/env.h"

#define TRACEFS_MAGIC_	0x74726163
#define BPF_FS_MAGIC_	0xcafe4a11
#define SYSCTL		"/proc/sys/net/ipv4/"

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

static void btf(struct doc_report *r)
{
	struct utsname u;

	uname(&u);
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		doc_add(r, DOC_WARN, "btf", "boot a kernel with CONFIG_DEBUG_INFO_BTF=y (Debian's have it since 5.10) to trace",
			"no kernel BTF (/sys/kernel/btf/vmlinux): wardenctl trace and the agent cannot run; the congestion control and the SYN guard do not need it");
	else if (!wtr_kernel_has_func("bpf_get_socket_ptr_cookie"))
		doc_add(r, DOC_WARN, "btf", "boot Linux 5.12 or later to trace",
			"kernel %s has BTF, but its tracing programs cannot read socket cookies (Linux 5.12): wardenctl trace and the agent cannot run",
			u.release);
	else
		doc_add(r, DOC_OK, "btf", NULL, "kernel BTF at /sys/kernel/btf/vmlinux");
	/* a module's own BTF; built in, it is in vmlinux's */
	if (!r->module_loaded || access("/sys/module/tcp_warden/initstate", F_OK))
		return;
	if (!access("/sys/kernel/btf/tcp_warden", R_OK))
		doc_add(r, DOC_OK, "module-btf", NULL, "module BTF at /sys/kernel/btf/tcp_warden");
	else
		doc_add(r, DOC_INFO, "module-btf", NULL,
			"tcp_warden has no BTF (Linux 5.11 and a build with pahole give it): bpftool and bpftrace cannot show its types; wardenctl does not need them");
}

static void congestion_control(struct doc_report *r)
{
	char avail[512], dflt[64];

	if (r->module_loaded &&
	    !doc_read_line(SYSCTL "tcp_available_congestion_control", avail, sizeof(avail))) {
		if (has_word(avail, "warden"))
			doc_add(r, DOC_OK, "warden", NULL, "warden is available (%s)", avail);
		else
			doc_add(r, DOC_ERROR, "warden", "reload it: modprobe -r tcp_warden; modprobe tcp_warden",
				"tcp_warden is loaded, but warden is not an available congestion control (%s)",
				avail);
	}
	if (doc_read_line(SYSCTL "tcp_congestion_control", dflt, sizeof(dflt)))
		return;
	if (!strcmp(dflt, "warden"))
		doc_add(r, DOC_OK, "default-cc", NULL, "warden is the default congestion control");
	else
		doc_add(r, DOC_INFO, "default-cc",
			"to make it the default: uncomment the line of /etc/sysctl.d/60-tcpwarden.conf, then sysctl -p /etc/sysctl.d/60-tcpwarden.conf",
			"the default congestion control is %s: only sockets and routes that choose warden use it (setsockopt TCP_CONGESTION, ip route ... congctl warden)",
			dflt);
}

static void metrics_save(struct doc_report *r)
{
	char v[16];

	if (doc_read_line(SYSCTL "tcp_no_ssthresh_metrics_save", v, sizeof(v))) {
		doc_add(r, DOC_WARN, "metrics-save", "boot Linux 5.6 or later, where new connections ignore saved ssthresh by default",
			"no net.ipv4.tcp_no_ssthresh_metrics_save (before Linux 5.6): connections start from the ssthresh saved for their destination, not from their policy's initial-ssthresh");
		return;
	}
	r->metrics_save = v[0] == '0' ? 0 : 1;
	if (r->metrics_save)
		doc_add(r, DOC_OK, "metrics-save", NULL,
			"net.ipv4.tcp_no_ssthresh_metrics_save=%s: connections start from their policy's initial-ssthresh",
			v);
	else
		doc_add(r, DOC_WARN, "metrics-save",
			"sysctl -w net.ipv4.tcp_no_ssthresh_metrics_save=1 (the default), and drop it from /etc/sysctl.d",
			"net.ipv4.tcp_no_ssthresh_metrics_save=0: connections start from the ssthresh the kernel saved for their destination (or a route's ssthresh), not from their policy's initial-ssthresh");
}

static void conntrack(struct doc_report *r)
{
	bool v4 = !access("/sys/module/nf_defrag_ipv4", F_OK);
	bool v6 = !access("/sys/module/nf_defrag_ipv6", F_OK);

	if (!access("/sys/module/nf_conntrack", F_OK) || v4 || v6)
		doc_add(r, DOC_INFO, "conntrack", NULL,
			"nf_conntrack is loaded (defrag: IPv4 %s, IPv6 %s): in namespaces that use it, fragmented SYNs are reassembled before the guard, which judges the whole SYN",
			v4 ? "yes" : "no", v6 ? "yes" : "no");
	else
		doc_add(r, DOC_INFO, "conntrack", NULL,
			"nf_conntrack is not loaded: the guard judges a fragmented SYN by its first fragment, and drops what could hide the TCP header (frags-bad) in enforce mode");
}

static bool mounted(const char *path, long magic)
{
	struct statfs st;

	return !statfs(path, &st) && (long)st.f_type == magic;
}

static void file_systems(struct doc_report *r)
{
	if (mounted("/sys/kernel/tracing", TRACEFS_MAGIC_))
		doc_add(r, DOC_OK, "tracefs", NULL, "tracefs is mounted at /sys/kernel/tracing");
	else
		doc_add(r, DOC_INFO, "tracefs", "mount -t tracefs tracefs /sys/kernel/tracing, for those tools",
			"tracefs is not mounted at /sys/kernel/tracing: wardenctl does not need it (BTF tracepoints); perf, bpftrace and trace_pipe do");
	if (mounted("/sys/fs/bpf", BPF_FS_MAGIC_))
		doc_add(r, DOC_OK, "bpffs", NULL, "bpffs is mounted at /sys/fs/bpf");
	else
		doc_add(r, DOC_INFO, "bpffs", NULL,
			"bpffs is not mounted at /sys/fs/bpf: 'wardenctl agent start' mounts it to pin the agent");
}

static void agent(struct doc_report *r)
{
	int running = agent_running();

	if (running == 1)
		doc_add(r, DOC_OK, "agent", NULL, "the agent is running (pinned under /sys/fs/bpf/tcp_warden)");
	else if (running == 0)
		doc_add(r, DOC_WARN, "agent", "systemctl start tcpwarden-agent (or wardenctl agent start)",
			"the agent is not running: wardenctl sockets shows no ages for CLOSE_WAIT sockets");
	else
		doc_add(r, DOC_WARN, "agent", "run as root", "cannot tell whether the agent runs: %s",
			strerror(-running));
}

void doc_check_host(struct doc_report *r)
{
	btf(r);
	congestion_control(r);
	metrics_save(r);
	conntrack(r);
	file_systems(r);
	agent(r);
}
