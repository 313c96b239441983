# esp-prov: the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := libbluetooth-dev libdbus-1-dev libssl-dev libqrencode-dev pkg-config dbus
TEST_PACKAGES := zbar-tools
PROTO_SRC := $(wildcard Proto/*.proto)
PLUGIN_DIR := .build-protoc-gen-swift
PROTOBUF_VERSION := 1.39.0

.PHONY: deps test-deps build demo test bench proto install clean

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

bench: build
	@./scripts/bench.sh "$$($(SWIFT) build -c release --show-bin-path)"

install: deps
	$(SWIFT) build -c release
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/esp-prov" /usr/local/bin/esp-prov
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/esp-prov-device" /usr/local/bin/esp-prov-device

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
	rm -rf .build
