# EmoStream — the two commands a fresh machine needs are `make run` and `make test`.
# Both install what they need first (Debian packages, the Python venv for client tests).

SWIFT       ?= swift
VENV        := .venv
PYTEST      := $(VENV)/bin/pytest
DATA_DIR    ?= ./data/broker
LOG_DIR     ?= ./logs
BROKER_PORT ?= 9092

.PHONY: deps build release test test-swift test-compat test-deploy test-e2e test-browser test-gateway bench-gateway bench-fanout run run-broker down logs bench-broker clean

## Install Debian packages (librdkafka, kcat, redis, …) and the Python venv; fast when already done.
deps:
	bash scripts/install-deps.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

## Everything CI runs: Swift suites, real Kafka clients against the real broker, the deployment files.
test: deps
	$(SWIFT) build --build-tests
	$(MAKE) test-swift
	$(MAKE) test-compat
	$(MAKE) test-deploy
	$(MAKE) test-e2e
	$(MAKE) test-gateway
	$(MAKE) test-browser

test-swift:
	$(SWIFT) test --skip-build

test-compat:
	EMOSTREAM_BIN_DIR=$$($(SWIFT) build --show-bin-path) \
	EMOSTREAM_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) Tests/compat -q -rfE

test-deploy:
	EMOSTREAM_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) Tests/deploy -q -rfE

## The whole pipeline with the real binaries: exact window end to end, aggregator and subscriber SIGKILL.
test-e2e:
	EMOSTREAM_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) Tests/e2e -q -rfE

## The gateway as a process: broker SIGKILLed under load, schemathesis against proto-docs/openapi.yaml.
test-gateway:
	EMOSTREAM_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) Tests/gateway -q -rfE

## The live page driven in headless Chromium against a real `emostream up`.
test-browser:
	EMOSTREAM_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(PYTEST) Tests/browser -q -rfE

## The whole cluster on this machine (embedded broker): `emostream up`, logs in ./logs, Ctrl-C to stop.
run: deps release
	$$($(SWIFT) build -c release --show-bin-path)/emostream up --data-dir ./data --log-dir $(LOG_DIR)

## Stop a cluster started in the background with `make run &` (or `emostream up`).
down:
	-pkill -TERM -f "^$$($(SWIFT) build -c release --show-bin-path)/emostream up( |$$)" || true

logs:
	tail -n 50 -F $(LOG_DIR)/*.log

run-broker:
	$$($(SWIFT) build -c release --show-bin-path)/emostream-broker --port $(BROKER_PORT) \
		--data-dir $(DATA_DIR) --log-dir $(LOG_DIR)

bench-broker: deps
	bash bench/broker-bench.sh

## Fan-out: 10,000 EFP clients on the 9 subscribers beside NATS core, window-close-to-client latency, memory.
bench-fanout: deps
	bash bench/fanout-bench.sh

## POST /emoji with wrk: the gateway next to Flask + kafka-python and a bare Hummingbird route.
bench-gateway: deps
	bash bench/gateway-bench.sh

clean:
	rm -rf .build data logs bench/results
