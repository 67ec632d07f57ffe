// SPDX-License-Identifier: GPL-2.0
/*
 * Is tcp_warden loaded, from which file, and would the kernel load that
 * file (signature, Secure Boot, lockdown, module.sig_enforce, the MOK)?
 * The file is the one modprobe loads (`modinfo -n`); modinfo and mokutil
 * are asked rather than re-implemented: they know compressed modules and
 * the firmware's variables.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "doctor/doctor.h"

#define MOD_DIR		"/sys/module/tcp_warden"
#define DKMS_CERT	"/var/lib/dkms/mok.pub"
#define SB_VAR		"/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define ENROL		"enrol DKMS's key: mokutil --import " DKMS_CERT ", reboot, and confirm it in the MOK manager"

extern char **environ;

/*
 * Run @argv (found on PATH) with its standard output in @out (@len, the
 * last newline removed) and nothing on stderr: its exit status, or -1
 * when it could not run.
 */
static int run(const char *const argv[], char *out, size_t len)
{
	posix_spawn_file_actions_t fa;
	int p[2], st = -1;
	size_t n = 0;
	ssize_t got;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(p, O_CLOEXEC))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ))
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	while (pid > 0 && (got = read(p[0], out + n, len - 1 - n)) > 0)
		n += (size_t)got;
	close(p[0]);
	out[n] = '\0';
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A field of `modinfo` for a file, or "" (@out, @len). */
static void modinfo(const char *field, const char *file, char *out, size_t len)
{
	const char *argv[] = { "modinfo", "-F", field, file, NULL };

	if (run(argv, out, len))
		out[0] = '\0';
}

/* Does the loaded module's build ID note appear in @file (uncompressed)? 1, 0, -1: cannot tell. */
static int same_build(const char *file)
{
	char note[128], *data = NULL;
	size_t nlen, size = 0;
	FILE *f;
	int found = -1;

	f = fopen(MOD_DIR "/notes/.note.gnu.build-id", "re");
	if (!f)
		return -1;
	nlen = fread(note, 1, sizeof(note), f);
	fclose(f);
	if (!nlen || strlen(file) < 3 || strcmp(file + strlen(file) - 3, ".ko"))
		return -1;
	f = fopen(file, "re");
	if (!f)
		return -1;
	while (!feof(f) && !ferror(f)) {
		char *p = realloc(data, size + 65536);

		if (!p)
			wctl_oom();
		data = p;
		size += fread(data + size, 1, 65536, f);
	}
	if (!ferror(f))
		found = memmem(data, size, note, nlen) != NULL;
	fclose(f);
	free(data);
	return found;
}

/* 1 on, 0 off, -1 no EFI, -2 cannot tell; @how says where it was read. */
static int secure_boot(const char **how)
{
	unsigned char v[5];
	char out[128];
	const char *argv[] = { "mokutil", "--sb-state", NULL };
	FILE *f;

	*how = "";
	if (access("/sys/firmware/efi", F_OK))
		return -1;
	f = fopen(SB_VAR, "re");
	if (f) {
		size_t n = fread(v, 1, sizeof(v), f);

		fclose(f);
		/* 4 bytes of attributes, then the value */
		if (n == sizeof(v)) {
			*how = "efivars";
			return v[4] == 1;
		}
	}
	if (run(argv, out, sizeof(out)) >= 0 && strstr(out, "SecureBoot")) {
		*how = "mokutil --sb-state";
		return strstr(out, "enabled") != NULL;
	}
	return -2;
}

/* The bracketed word of /sys/kernel/security/lockdown into @mode, or "". */
static void lockdown(char *mode, size_t len)
{
	char line[128], *a, *b;

	mode[0] = '\0';
	if (doc_read_line("/sys/kernel/security/lockdown", line, sizeof(line)))
		return;
	a = strchr(line, '[');
	b = a ? strchr(a, ']') : NULL;
	if (a && b)
		snprintf(mode, len, "%.*s", (int)(b - a - 1), a + 1);
}

struct sigstate {
	int sb;			/* secure_boot() */
	char lockdown[32];	/* "" unknown */
	int enforce;		/* module.sig_enforce: 1, 0, -1 none (no CONFIG_MODULE_SIG) */
};

static void kernel_policy(struct doc_report *r, struct sigstate *k)
{
	const char *how;
	char v[8];

	k->sb = secure_boot(&how);
	if (k->sb == 1)
		doc_add(r, DOC_OK, "secure-boot", NULL,
			"Secure Boot is on (%s): the kernel loads only modules signed by a key it trusts",
			how);
	else if (k->sb == 0)
		doc_add(r, DOC_INFO, "secure-boot", NULL,
			"Secure Boot is off (%s): module signatures are not required by the firmware",
			how);
	else if (k->sb == -1)
		doc_add(r, DOC_INFO, "secure-boot", NULL,
			"no EFI firmware: Secure Boot does not apply");
	else
		doc_add(r, DOC_WARN, "secure-boot", "install mokutil, or mount efivarfs",
			"cannot tell whether Secure Boot is on (no readable SecureBoot variable, no mokutil)");

	lockdown(k->lockdown, sizeof(k->lockdown));
	if (!k->lockdown[0])
		doc_add(r, DOC_INFO, "lockdown", NULL,
			"no /sys/kernel/security/lockdown (securityfs not mounted, or no lockdown LSM)");
	else if (!strcmp(k->lockdown, "none"))
		doc_add(r, DOC_INFO, "lockdown", NULL, "kernel lockdown is off (none)");
	else
		doc_add(r, DOC_INFO, "lockdown", NULL,
			"kernel lockdown is '%s': unsigned modules are refused", k->lockdown);

	k->enforce = -1;
	if (!doc_read_line("/sys/module/module/parameters/sig_enforce", v, sizeof(v))) {
		k->enforce = v[0] == 'Y';
		doc_add(r, DOC_INFO, "sig-enforce", NULL, "module.sig_enforce=%s%s", v,
			k->enforce ? ": unsigned modules are refused" : "");
	}
}

/* Does the kernel hold a key named @signer (/proc/keys shows its description)? */
static bool key_trusted(const char *signer)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/keys", "re");

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, signer) != NULL;
	if (f)
		fclose(f);
	return found;
}

static void mok(struct doc_report *r, const char *signer)
{
	const char *argv[] = { "mokutil", "--test-key", DKMS_CERT, NULL };
	char out[512];
	int rc;

	if (key_trusted(signer)) {
		doc_add(r, DOC_OK, "mok", NULL, "the kernel trusts the key '%s' (/proc/keys)", signer);
		return;
	}
	if (access(DKMS_CERT, R_OK)) {
		doc_add(r, DOC_ERROR, "mok", "enrol the signer's certificate with mokutil --import, then reboot",
			"the kernel holds no key '%s', which signed the module, and there is no %s",
			signer, DKMS_CERT);
		return;
	}
	rc = run(argv, out, sizeof(out));
	if (rc < 0)
		doc_add(r, DOC_ERROR, "mok", "install mokutil to check, or " ENROL,
			"the kernel holds no key '%s', which signed the module", signer);
	else if (strstr(out, "already enrolled"))
		doc_add(r, DOC_WARN, "mok", "reboot, so that the kernel loads it",
			"%s is enrolled, but the kernel does not hold it yet", DKMS_CERT);
	else
		doc_add(r, DOC_ERROR, "mok", ENROL,
			"%s, which signed the module, is not enrolled: the kernel refuses the module",
			DKMS_CERT);
}

static void signature(struct doc_report *r, const char *file, const struct sigstate *k)
{
	bool refuses = k->enforce == 1 || k->sb == 1 ||
		       (k->lockdown[0] && strcmp(k->lockdown, "none"));
	char signer[256];

	modinfo("signer", file, signer, sizeof(signer));
	if (signer[0]) {
		doc_add(r, DOC_OK, "signature", NULL, "%s is signed by '%s'", file, signer);
		if (k->sb == 1)
			mok(r, signer);
	} else if (refuses) {
		doc_add(r, DOC_ERROR, "signature",
			"rebuild it with DKMS 3 (dkms autoinstall), which signs with /var/lib/dkms/mok.key, and " ENROL,
			"%s is unsigned, and this kernel refuses unsigned modules (%s)", file,
			k->enforce == 1 ? "module.sig_enforce=Y" : k->sb == 1 ? "Secure Boot" :
			"lockdown");
	} else {
		doc_add(r, DOC_INFO, "signature", NULL,
			"%s is unsigned; this kernel loads it (it taints itself 'E')", file);
	}
}

void doc_check_module(struct doc_report *r)
{
	bool loaded = !access(MOD_DIR "/initstate", F_OK);
	bool builtin = !loaded && !access(MOD_DIR, F_OK);
	const char *argv[] = { "modinfo", "-n", "tcp_warden", NULL };
	char file[512];
	struct sigstate k;
	struct utsname u;
	int same;

	uname(&u);
	/* modprobe's index may name a file that is gone */
	if (run(argv, file, sizeof(file)) || file[0] != '/' || access(file, R_OK))
		file[0] = '\0';
	r->module_loaded = loaded || builtin;
	if (builtin) {
		doc_add(r, DOC_OK, "module", NULL, "tcp_warden is built into the kernel");
	} else if (loaded && !file[0]) {
		doc_add(r, DOC_WARN, "module",
			"install the tcpwarden-dkms package (or run 'make install') so that it loads at boot",
			"tcp_warden is loaded, but not installed for kernel %s: it was loaded from another file (insmod)",
			u.release);
	} else if (loaded) {
		same = same_build(file);
		if (same == 0)
			doc_add(r, DOC_WARN, "module",
				"to load the new one: systemctl stop tcpwarden-agent; modprobe -r tcp_warden; systemctl restart tcpwarden tcpwarden-agent",
				"tcp_warden is loaded, but not from %s, which the next boot loads (an upgrade or rebuild since it was loaded)",
				file);
		else
			doc_add(r, DOC_OK, "module", NULL, "tcp_warden is loaded%s %s",
				same == 1 ? ", from" : "; modprobe would load", file);
	} else if (access("/proc/modules", F_OK)) {
		doc_add(r, DOC_ERROR, "module",
			"boot a kernel that can, or one built with CONFIG_TCP_CONG_WARDEN=y",
			"tcp_warden is not loaded, and kernel %s cannot load modules (no CONFIG_MODULES)",
			u.release);
	} else if (file[0]) {
		doc_add(r, DOC_ERROR, "module", "load it: systemctl start tcpwarden (or modprobe tcp_warden)",
			"tcp_warden is not loaded (modprobe would load %s)", file);
	} else {
		doc_add(r, DOC_ERROR, "module",
			"install the tcpwarden-dkms package with the kernel's headers (linux-headers-amd64), or run 'make install'; 'dkms status' shows what DKMS built",
			"tcp_warden is neither loaded nor installed for kernel %s", u.release);
	}
	kernel_policy(r, &k);
	if (file[0])
		signature(r, file, &k);
}
