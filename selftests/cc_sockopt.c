// SPDX-License-Identifier: GPL-2.0
/*
 * Per-socket selection of warden with setsockopt(TCP_CONGESTION).
 * Expects tcp_warden.ko to be loaded (cc_select.sh loads it first).
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"

static int get_cc(int fd, char *name, socklen_t size)
{
	socklen_t len = size - 1;

	memset(name, 0, size);
	return getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, &len);
}

FIXTURE(sock) {
	int fd;
};

FIXTURE_SETUP(sock)
{
	self->fd = socket(AF_INET6, SOCK_STREAM, 0);
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(sock)
{
	close(self->fd);
}

TEST_F(sock, select_warden)
{
	char name[32];

	ASSERT_EQ(0, setsockopt(self->fd, IPPROTO_TCP, TCP_CONGESTION, "warden", 6));
	ASSERT_EQ(0, get_cc(self->fd, name, sizeof(name)));
	EXPECT_STREQ("warden", name);
}

TEST_F(sock, switch_back_to_cubic)
{
	char name[32];

	ASSERT_EQ(0, setsockopt(self->fd, IPPROTO_TCP, TCP_CONGESTION, "warden", 6));
	ASSERT_EQ(0, setsockopt(self->fd, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5));
	ASSERT_EQ(0, get_cc(self->fd, name, sizeof(name)));
	EXPECT_STREQ("cubic", name);
}

TEST_F(sock, unknown_name_rejected)
{
	EXPECT_EQ(-1, setsockopt(self->fd, IPPROTO_TCP, TCP_CONGESTION, "wardenx", 7));
	EXPECT_EQ(ENOENT, errno);
}

/* warden is TCP_CONG_NON_RESTRICTED: any user may pick it, like cubic. */
TEST_F(sock, unprivileged_user_may_select)
{
	char name[32];
	pid_t pid = fork();
	int status;

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		if (setsockopt(self->fd, IPPROTO_TCP, TCP_CONGESTION, "warden", 6))
			_exit(1);
		_exit(get_cc(self->fd, name, sizeof(name)) || strcmp(name, "warden"));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
