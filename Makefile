# esp-prov: the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := libbluetooth-dev libdbus-1-dev libssl-dev libqrencode-dev zlib1g-dev pkg-config dbus
TEST_PACKAGES := zbar-tools wpasupplicant hostapd iproute2 util-linux openvswitch-switch openssl dpkg-dev groff-base zsh fish
# The labgrid integration's lab (issue 23): sshd per host, a venv for labgrid and pytest-embedded.
TEST_PACKAGES += openssh-server openssh-client python3-venv
# The real-BlueZ suite (Tests/BLETests/RealBlueZTests, scripts/realbluez/): a qemu VM with Debian's kernel,
# btvirt and bluetoothd; virtme-ng comes from PyPI into .build-realbluez/venv (python3-venv).
REALBLUEZ_PACKAGES := qemu-system-x86 linux-image-amd64 bluez bluez-test-tools busybox-static dbus-daemon python3-venv
PROTO_SRC := $(wildcard Proto/*.proto)
PLUGIN_DIR := .build-protoc-gen-swift
PROTOBUF_VERSION := 1.39.0
# Release builds link the Swift runtime and Foundation statically: faster start, less memory,
# and binaries that run on machines without a Swift toolchain (BENCHMARKS.md).
# Code layout (issue 15, BENCHMARKS.md): every function in its own section, and lld lays out first the
# functions that common runs execute, in Linker/esp-prov.order (`make order-file` rewrites it), so a
# run touches a few MiB of contiguous code instead of pages spread over 22 MiB. Packed relative
# relocations (DT_RELR) need glibc 2.36's loader; older hosts build without them, so what they
# build still starts there.
ORDER_FILE := $(CURDIR)/Linker/esp-prov.order
RELR_FLAGS := $(shell getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ split($$2, v, "."); if (v[1] > 2 || (v[1] == 2 && v[2] >= 36)) print "-Xlinker -z -Xlinker pack-relative-relocs" }')
LAYOUT_FLAGS := -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xswiftc -use-ld=lld \
	-Xlinker --symbol-ordering-file=$(ORDER_FILE) -Xlinker --no-warn-symbol-ordering $(RELR_FLAGS)
RELEASE_FLAGS := -c release --static-swift-stdlib $(LAYOUT_FLAGS)
FUZZ_SECONDS ?= 60
# `make install PREFIX=… DESTDIR=…`: the usual GNU layout under PREFIX, staged under DESTDIR.
PREFIX ?= /usr/local
DESTDIR ?=
RELEASE_BIN = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)
GENERATED := .build/generated
# The version the binary reports (`esp-prov --version`), for man pages and the package.
VERSION = $(or $(shell "$(RELEASE_BIN)/esp-prov" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9][0-9A-Za-z.+~]*' | head -n 1),0.1.0)

.PHONY: deps test-deps build demo test test-labgrid bench fuzz proto release docs install uninstall deb clean rendered-help order-file

# Installs the Debian packages the build needs, only when one is missing.
deps:
	@missing=$$(for p in $(DEB_PACKAGES) $(EXTRA_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing: $$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test-deps:
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(TEST_PACKAGES) $(REALBLUEZ_PACKAGES)"

build: deps
	$(SWIFT) build

# Provisions the built-in virtual device over HTTP with security 2, end to end.
demo: build
	@./scripts/demo.sh "$$($(SWIFT) build --show-bin-path)"

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing
	@$(MAKE) --no-print-directory test-labgrid

# --- labgrid integration (issue 23) ------------------------------------------------------------
# integrations/labgrid's pytest suite: a real coordinator, two exporters and two sshd on 127.0.0.2/.3,
# esp-prov-device boards. The venv (.venv-labgrid) holds the package and the pinned labgrid and
# pytest-embedded. Any non-zero pytest exit fails make, 5 ("no tests collected") included.
LABGRID_VENV := .venv-labgrid
test-labgrid: test-deps
	./scripts/labgrid-venv.sh $(LABGRID_VENV)
	ESP_PROV_BIN_DIR="$$($(SWIFT) build --show-bin-path)" $(LABGRID_VENV)/bin/python -m pytest integrations/labgrid/tests -ra
# --- end of the labgrid integration -------------------------------------------------------------

# Release build, then esp-prov side by side with Espressif's esp_prov client code (esp-rainmaker-cli
# in a venv); prints the table and writes it into BENCHMARKS.md. Never part of `make test`.
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov-device
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov-fake-bluez
	@FLOOR_LINK_FLAGS="-use-ld=lld $(RELR_FLAGS)" ./scripts/bench.sh "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)"

# Rewrites Sources/esp-prov/RenderedHelp.swift, the checked-in help screens `--help` prints without
# reflecting the commands, from the commands' definitions (CLITests' RenderedHelpTests fails until it is current).
rendered-help: deps
	ESP_PROV_WRITE_RENDERED_HELP=1 $(SWIFT) test --filter CLITests.RenderedHelpTests/testCheckedInFileIsWhatTheCommandsRender

# Rewrites Linker/esp-prov.order from callgrind runs of the release build (--help, a usage error,
# security 1 and 2 provisioning against esp-prov-device); a stale list only costs locality.
order-file: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov-device
	./scripts/order-file.sh "$(RELEASE_BIN)" $(ORDER_FILE)

# libFuzzer targets of Fuzz/ (address sanitizer), FUZZ_SECONDS each; fails if one crashes.
fuzz: deps
	@./scripts/fuzz.sh $(FUZZ_SECONDS)

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov-device
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov-manual

# Man pages and bash/zsh/fish completions, generated from the executables' own argument
# definitions and README.md's tables (scripts/generate-docs.sh), into .build/generated.
docs: release
	./scripts/generate-docs.sh "$(RELEASE_BIN)" $(GENERATED) "$(VERSION)"

# bin/, share/man/man1, share/{bash-completion,zsh,fish} under $(DESTDIR)$(PREFIX).
install: docs
	./scripts/install.sh "$(RELEASE_BIN)" $(GENERATED) "$(PREFIX)" "$(DESTDIR)"

uninstall:
	./scripts/install.sh --uninstall "$(PREFIX)" "$(DESTDIR)"

# dist/esp-prov_<version>_<arch>.deb (static Swift runtime; Depends from dpkg-shlibdeps), then lintian.
deb: release
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="dpkg-dev lintian chrpath"
	./scripts/deb.sh "$(RELEASE_BIN)" "$(VERSION)" dist
	lintian --info dist/esp-prov_$(VERSION)_$$(dpkg --print-architecture).deb

# Regenerates Sources/ProvMessages from Proto/ (needs protoc; builds swift-protobuf's plugin once).
proto:
	@command -v protoc >/dev/null || $(SUDO) apt-get install -y -qq protobuf-compiler
	@if [ ! -x $(PLUGIN_DIR)/src/.build/release/protoc-gen-swift ]; then \
		rm -rf $(PLUGIN_DIR) && mkdir -p $(PLUGIN_DIR) && \
		git clone -q --branch $(PROTOBUF_VERSION) https://github.com/apple/swift-protobuf.git $(PLUGIN_DIR)/src && \
		(cd $(PLUGIN_DIR)/src && $(SWIFT) build -c release --product protoc-gen-swift); \
	fi
	rm -f Sources/ProvMessages/*.pb.swift
	protoc -I Proto --plugin=protoc-gen-swift=$(PLUGIN_DIR)/src/.build/release/protoc-gen-swift \
		--swift_opt=Visibility=Public --swift_out=Sources/ProvMessages $(PROTO_SRC)

clean:
	rm -rf .build .build-fuzz .build-bench

# Share of public declarations in Sources/ (not the generated ProvMessages) that carry a `///` comment,
# per module and kind, and the undocumented ones; then every docs/protocol.md / docs/onboarding.md
# citation that names a missing section. DOC_COVERAGE_FLAGS: --symbolgraph (compiler's view; builds
# first), --quiet, --min 90 (fail below).
.PHONY: doc-coverage
doc-coverage:
	@python3 scripts/doc-coverage.py $(DOC_COVERAGE_FLAGS)
