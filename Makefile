# SPDX-License-Identifier: GPL-2.0
#
# tcpwarden: `make demo` shows it working, `make check` tests it.

# An empty KDIR (e.g. exported before scripts/deps ran) is detected again.
ifeq ($(KDIR),)
KDIR := $(shell scripts/kdir 2>/dev/null)
endif
BUILD := $(CURDIR)/build
KSRC := $(BUILD)/ksrc

export KDIR

.PHONY: all kmod tools unit lint check demo bench install clean ksrc selftests deps

all: kmod tools

# Several builds may run at once (tests, benchmarks): serialise each tree.
LOCK = mkdir -p $(BUILD) && flock $(BUILD)/.$(1).lock

kmod:
	@test -n "$(KDIR)" || { echo "no kernel headers found; run scripts/deps or set KDIR=" >&2; exit 1; }
	$(call LOCK,kmod) $(MAKE) -C $(KDIR) M=$(CURDIR)/kmod CONFIG_TCP_CONG_WARDEN=m modules

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
selftests: ksrc tools
	$(MAKE) -C selftests

check: deps
	$(MAKE) all ksrc selftests
	scripts/check

demo: deps
	$(MAKE) all selftests
	scripts/demo

bench: deps
	$(MAKE) all selftests
	scripts/bench

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod CONFIG_TCP_CONG_WARDEN=m modules_install
	$(MAKE) -C tools/wardenctl install

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean || true
	$(MAKE) -C tools/wardenctl clean
	$(MAKE) -C tests/unit clean
	rm -rf $(BUILD)
