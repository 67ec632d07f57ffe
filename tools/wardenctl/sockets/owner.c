// SPDX-License-Identifier: GPL-2.0
/*
 * Which processes hold a socket: sock_diag gives the socket's inode, and
 * only /proc/<pid>/fd links back to processes. The scan runs at most once
 * per command, and only when a row that can have an owner is printed.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "lib/vec.h"
#include "sockets/owner.h"

struct proc_ent {
	int pid;
	char comm[16];
};

struct fd_ent {
	uint32_t inode;
	uint32_t proc;		/* index in procs */
	int fd;
	uint32_t next;		/* chain in the hash, UINT32_MAX ends it */
};

static struct {
	bool done;
	struct proc_ent *procs;
	size_t nprocs, procs_cap;
	struct fd_ent *fds;
	size_t nfds, fds_cap;
	uint32_t *heads;
	size_t mask;
} own;

static uint32_t hash_inode(uint32_t ino)
{
	return ino * 2654435761u;
}

static void read_comm(int procfd, const char *pid, char *comm)
{
	char path[300];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/comm", pid);
	strcpy(comm, "?");
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, comm, 15);
	close(fd);
	if (n <= 0) {
		strcpy(comm, "?");
		return;
	}
	comm[n] = '\0';
	if (comm[n - 1] == '\n')
		comm[n - 1] = '\0';
}

/* Add the socket fds of one process; returns -1 only when out of memory. */
static int scan_pid(int procfd, const char *pid)
{
	char path[300], link[64];
	struct dirent *de;
	struct proc_ent *p;
	struct fd_ent *f;
	bool have_proc = false;
	DIR *d;
	int dfd;

	snprintf(path, sizeof(path), "%s/fd", pid);
	dfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0;	/* gone, or not ours to read */
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	while ((de = readdir(d))) {
		ssize_t n;
		char *end;
		unsigned long ino;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		/* Relative to the fd directory: no path walk per fd. */
		n = readlinkat(dfd, de->d_name, link, sizeof(link) - 1);
		if (n < 9 || memcmp(link, "socket:[", 8))
			continue;
		link[n] = '\0';
		ino = strtoul(link + 8, &end, 10);
		if (*end != ']')
			continue;
		if (!have_proc) {
			p = WCTL_PUSH(own.procs, own.nprocs, own.procs_cap);
			if (!p)
				goto oom;
			p->pid = atoi(pid);
			read_comm(procfd, pid, p->comm);
			have_proc = true;
		}
		f = WCTL_PUSH(own.fds, own.nfds, own.fds_cap);
		if (!f)
			goto oom;
		f->inode = (uint32_t)ino;
		f->proc = (uint32_t)(own.nprocs - 1);
		f->fd = atoi(de->d_name);
	}
	closedir(d);
	return 0;
oom:
	closedir(d);
	return -1;
}

int sk_owners_scan(void)
{
	struct dirent *de;
	size_t i, nb = 16;
	DIR *d;
	int procfd;

	if (own.done)
		return own.heads ? 0 : -1;
	own.done = true;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -1;
	d = fdopendir(dup(procfd));
	if (!d) {
		close(procfd);
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		if (scan_pid(procfd, de->d_name)) {
			wctl_err("out of memory scanning /proc for socket owners");
			break;
		}
	}
	closedir(d);
	close(procfd);

	while (nb < own.nfds * 2)
		nb *= 2;
	own.heads = malloc(nb * sizeof(*own.heads));
	if (!own.heads)
		return -1;
	own.mask = nb - 1;
	memset(own.heads, 0xff, nb * sizeof(*own.heads));
	/* Insert backwards so chains list owners in /proc order. */
	for (i = own.nfds; i-- > 0;) {
		uint32_t h = hash_inode(own.fds[i].inode) & own.mask;

		own.fds[i].next = own.heads[h];
		own.heads[h] = (uint32_t)i;
	}
	return 0;
}

int sk_owners_find(uint32_t inode, struct sk_owner *out, int max)
{
	uint32_t i;
	int n = 0;

	if (!inode || !own.heads)
		return 0;
	for (i = own.heads[hash_inode(inode) & own.mask]; i != UINT32_MAX; i = own.fds[i].next) {
		if (own.fds[i].inode != inode)
			continue;
		if (n < max) {
			const struct proc_ent *p = &own.procs[own.fds[i].proc];

			out[n].pid = p->pid;
			out[n].fd = own.fds[i].fd;
			out[n].comm = p->comm;
		}
		n++;
	}
	return n;
}
