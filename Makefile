# SPDX-License-Identifier: GPL-2.0
#
# tcpwarden: `make demo` shows it working, `make check` tests it.

# The kernel to build the module for: KVER names one of the matrix
# (scripts/kernels: 5.10, 6.1, 6.12, 7.2); without it, KDIR, which defaults
# to the running kernel's build tree, else the matrix's 6.1. An empty KDIR
# (e.g. exported before scripts/deps ran) is detected again.
ifneq ($(KVER),)
KBUILD_ARGS := --kver $(KVER)
else
ifeq ($(KDIR),)
KDIR := $(shell scripts/kdir 2>/dev/null)
endif
KBUILD_ARGS := --kdir $(KDIR)
endif
# `make kernels` builds for the kernels in KVERS (default, or "all": the
# whole matrix). `make check KVERS=...` runs the full suite on each of them
# (scripts/check says what runs where by default).
KVERS ?=
KVERS_LIST = $(if $(filter-out all,$(KVERS)),$(KVERS),$(shell scripts/kernels vers))
BUILD := $(CURDIR)/build
KSRC := $(BUILD)/ksrc

export KDIR KVERS

.PHONY: all kmod kernels print-ko uapi tools unit lint check check-debug demo bench install deb clean distclean ksrc selftests deps

# The CLI needs no kernel headers: without them, `make` builds it alone and
# says what it skipped.
all: tools
	@if [ -n "$(KVER)$(KDIR)" ]; then $(MAKE) --no-print-directory kmod; \
	else echo "make: skipped tcp_warden.ko: no kernel headers found; run scripts/deps, or give KVER= or KDIR=" >&2; fi

# Several builds may run at once (tests, benchmarks): serialise each tree.
LOCK = mkdir -p $(BUILD) && flock $(BUILD)/.$(1).lock

# Each kernel's module lands in build/kmod/RELEASE/ (scripts/kbuild).
kmod:
	@test -n "$(KVER)$(KDIR)" || { echo "no kernel headers found; run scripts/deps, or give KVER= or KDIR=" >&2; exit 1; }
	scripts/kbuild $(KBUILD_ARGS)

print-ko:
	@scripts/kbuild $(KBUILD_ARGS) --print-ko

kernels:
	@for v in $(KVERS_LIST); do scripts/kbuild --kver $$v || exit 1; done

tools:
	$(call LOCK,tools) $(MAKE) -C tools/wardenctl

unit:
	$(MAKE) -C tests/unit run

# checkpatch.pl and the kselftest headers come from Debian's linux-source
# tarball; they are extracted here, never committed.
ksrc: $(KSRC)/.stamp
$(KSRC)/.stamp:
	scripts/extract-ksrc $(KSRC)
	touch $@

lint: ksrc
	scripts/lint $(KSRC)

# Idempotent: only asks dpkg when everything is installed.
deps:
	scripts/deps

# Test programs are built on the host: compiling inside the TCG guest is slow.
# The YNL selftest runs the kernel's YNL client from build/ynl.
selftests: ksrc tools
	$(MAKE) -C selftests
	scripts/extract-ynl

# The uAPI header, generated from the netlink spec by the kernel's YNL
# generator (make lint fails when the committed one differs).
uapi:
	scripts/ynl uapi include/uapi/linux/tcp_warden.h

check: deps
	$(MAKE) all kernels ksrc selftests
	scripts/check

# The SYN guard's tests on a kernel built here with lockdep, PROVE_RCU,
# DEBUG_ATOMIC_SLEEP and KASAN (scripts/debug-kernel, cached in
# build/kernels/6.1-debug). Not part of check: building that kernel alone
# takes longer than CI's budget.
check-debug: deps
	scripts/debug-kernel
	scripts/kbuild --kver 6.1-debug
	$(MAKE) all selftests
	scripts/check-debug

demo: deps
	$(MAKE) all selftests
	scripts/demo

bench: deps
	$(MAKE) all selftests
	scripts/bench

install: all
	$(MAKE) -C $(KDIR) M=$(dir $(shell scripts/kbuild --kdir $(KDIR) --print-ko))src/kmod \
		CONFIG_TCP_CONG_WARDEN=m modules_install
	$(MAKE) -C tools/wardenctl install

# The Debian packages tcpwarden-dkms and tcpwarden (and the source package),
# built from a copy of the tree into build/deb/ (scripts/deb-build).
deb:
	scripts/deb-build $(BUILD)/deb

# Keeps the fetched kernels and chroots (build/kernels, build/chroot,
# build/deb-root): distclean removes those too.
clean:
	$(MAKE) -C tools/wardenctl clean
	$(MAKE) -C tests/unit clean
	rm -rf $(filter-out $(BUILD)/kernels $(BUILD)/chroot $(BUILD)/deb-root,$(wildcard $(BUILD)/*))

distclean: clean
	rm -rf $(BUILD)
