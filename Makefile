# Switchyard — one-command entry points. Every target first makes sure Node 24 and the npm packages are
# there (tools/scripts/ensureNode.sh installs Node 24 into .tools/ when the system's Node is older).
# Every command-line tool is tools/src/cli/<name>.ts and answers --help.
SHELL := /bin/bash
NODE_BIN := $(shell tools/scripts/ensureNode.sh)
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH):/usr/sbin:/sbin
# (sbin last: rabbitmqctl and pg_ctlcluster live there, and some minimal environments leave it out)
export NODE_OPTIONS := --disable-warning=ExperimentalWarning

.PHONY: dlq reset watch pay up down status logs demo deps bootstrap test test-unit test-int test-e2e typecheck lint check rebuild bench bench-envelope load chaos keys

## up: set up everything (deps, Postgres/RabbitMQ, keys, databases), start the network, run a demo payment
up: bootstrap
	node tools/src/cli/network.ts up
	node tools/src/cli/demo.ts

## down: stop the network's services (Postgres and RabbitMQ keep running)
down: deps
	node tools/src/cli/network.ts down

status: deps
	node tools/src/cli/network.ts status

logs:
	tail -n 50 -F .run/logs/*.log

demo: deps
	node tools/src/cli/demo.ts

## check: the money invariant across all banks and the switch
check: deps
	node tools/src/cli/check.ts

## rebuild: rebuild every payment's state from the switch's event log and compare
rebuild: deps
	node tools/src/cli/rebuild.ts

## test: everything CI runs — type check, lint, unit, integration and end-to-end suites, one summary line
test: bootstrap
	bash tools/scripts/runTests.sh

test-unit: deps
	npm run -s test:unit
test-int: bootstrap
	npm run -s test:int
test-e2e: bootstrap
	npm run -s test:e2e
typecheck: deps
	npm run -s typecheck
lint: deps
	npm run -s lint

## bench: knee, steady scenarios and costs of the project against the bare pipeline, one run, own network;
## writes reports/bench/<timestamp>.md and latest.json. QUICK=1: harness check; HISTORY=1000000: with history
bench: bootstrap
	node tools/src/cli/bench.ts $(if $(QUICK),--quick) $(if $(HISTORY),--history $(HISTORY))

## bench-envelope: seal/open figures of the message envelope alone
bench-envelope: deps
	npm run -s bench:envelope

## load: the k6 scenario against the PSP ingress at a constant arrival rate (k6/ has the k6 script)
load: deps
	node tools/src/cli/load.ts

keys: deps
	node tools/src/cli/generateKeys.ts

deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

bootstrap: deps
	node tools/src/cli/bootstrap.ts

## pay: one payment between demo customers, e.g. make pay FROM=asha TO=vikram AMOUNT=250.00
pay: deps
	node tools/src/cli/pay.ts --from $(or $(FROM),asha) --to $(or $(TO),vikram) --amount $(or $(AMOUNT),100.00) $(if $(PIN),--pin $(PIN))

## watch: live payments/s, success rate, TD/BD, latency percentiles, outbox and queue depths
watch: deps
	node tools/src/cli/watch.ts

## reset: stop the network, drop its databases and RabbitMQ queues (keys stay); make up starts afresh
reset: deps
	node tools/src/cli/network.ts down
	node tools/src/cli/reset.ts

## dlq: dead letters per participant with their reasons; make dlq REPLAY=<participant> [LIMIT=n] replays them
dlq: deps
	node tools/src/cli/dlq.ts $(if $(REPLAY),--replay $(REPLAY) --limit $(or $(LIMIT),100))

## chaos: kill -9 a bank, the switch and a PSP and restart RabbitMQ mid-stream, then check the invariants
chaos: bootstrap
	mocha --config .mocharc.json tests/e2e/chaos.spec.ts
