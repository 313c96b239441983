# esp-prov: the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := libbluetooth-dev libdbus-1-dev libssl-dev libqrencode-dev pkg-config dbus
TEST_PACKAGES := zbar-tools wpasupplicant hostapd iproute2 util-linux openvswitch-switch
PROTO_SRC := $(wildcard Proto/*.proto)
PLUGIN_DIR := .build-protoc-gen-swift
PROTOBUF_VERSION := 1.39.0
# Release builds link the Swift runtime and Foundation statically: faster start, less memory,
# and binaries that run on machines without a Swift toolchain (BENCHMARKS.md).
RELEASE_FLAGS := -c release --static-swift-stdlib
FUZZ_SECONDS ?= 60

.PHONY: deps test-deps build demo test bench fuzz proto install clean

# Installs the Debian packages the build needs, only when one is missing.
deps:
	@missing=$$(for p in $(DEB_PACKAGES) $(EXTRA_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing: $$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test-deps:
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(TEST_PACKAGES)"

build: deps
	$(SWIFT) build

# Provisions the built-in virtual device over HTTP with security 2, end to end.
demo: build
	@./scripts/demo.sh "$$($(SWIFT) build --show-bin-path)"

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

# Release build, then esp-prov side by side with Espressif's esp_prov client code (esp-rainmaker-cli
# in a venv); prints the table and writes it into BENCHMARKS.md. Never part of `make test`.
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov-device
	$(SWIFT) build $(RELEASE_FLAGS) --product esp-prov-fake-bluez
	@./scripts/bench.sh "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)"

# libFuzzer targets of Fuzz/ (address sanitizer), FUZZ_SECONDS each; fails if one crashes.
fuzz: deps
	@./scripts/fuzz.sh $(FUZZ_SECONDS)

install: deps
	$(SWIFT) build $(RELEASE_FLAGS)
	install -m 0755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/esp-prov" /usr/local/bin/esp-prov
	install -m 0755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/esp-prov-device" /usr/local/bin/esp-prov-device

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
