# EmoStream — the two commands a fresh machine needs are `make run` and `make test`.
# Both install what they need first (Debian packages, the Python venv for client tests).

SWIFT       ?= swift
VENV        := .venv
PYTEST      := $(VENV)/bin/pytest
DATA_DIR    ?= ./data/broker
LOG_DIR     ?= ./logs
BROKER_PORT ?= 9092

.PHONY: deps build release test test-swift test-compat run run-broker bench-broker clean

## Install Debian packages (librdkafka, kcat, redis, …) and the Python venv; fast when already done.
deps:
	bash scripts/install-deps.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

## Everything CI runs: unit tests, then real Kafka clients against the real broker process.
test: deps
	$(SWIFT) build
	$(MAKE) test-swift
	$(MAKE) test-compat

test-swift:
	$(SWIFT) test

test-compat:
	EMOSTREAM_BROKER_BIN=$$($(SWIFT) build --show-bin-path)/emostream-broker $(PYTEST) Tests/compat -q -rA

## The embedded default on this machine (for now: the broker; the full cluster arrives with `emostream up`).
run: deps release run-broker

run-broker:
	$$($(SWIFT) build -c release --show-bin-path)/emostream-broker --port $(BROKER_PORT) \
		--data-dir $(DATA_DIR) --log-dir $(LOG_DIR)

bench-broker: deps
	bash bench/broker-bench.sh

clean:
	rm -rf .build data logs
