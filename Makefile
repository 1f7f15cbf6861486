# Switchyard — one-command entry points. Every target first makes sure Node 24 and the npm packages are
# there (tools/scripts/ensureNode.sh installs Node 24 into .tools/ when the system's Node is older).
# Every command-line tool is tools/src/cli/<name>.ts and answers --help.
SHELL := /bin/bash
NODE_BIN := $(shell tools/scripts/ensureNode.sh)
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH):/usr/sbin:/sbin
# (sbin last: rabbitmqctl and pg_ctlcluster live there, and some minimal environments leave it out)
export NODE_OPTIONS := --disable-warning=ExperimentalWarning

# inject and chaos take their arguments through ARGS (make inject ARGS='list bank.lotus').
.PHONY: dlq reset watch pay qr app up down status logs demo deps bootstrap test test-unit test-int test-e2e typecheck lint check rebuild bench bench-envelope load chaos keys inject console trace definitions browser

## up: set up everything (deps, Postgres/RabbitMQ, keys, databases), start the network and its console, run a
## demo payment, build and start the customer's UPI app and print each demo customer's app address
up: bootstrap
	node tools/src/cli/network.ts up
	node tools/src/cli/demo.ts
	node tools/src/cli/app.ts up
	@echo "network console: http://127.0.0.1:$${SY_CONSOLE_PORT:-7300}   (make trace TXN=…, make logs TXN=…)"

## down: stop the network's services (Postgres and RabbitMQ keep running)
down: deps
	node tools/src/cli/app.ts down
	node tools/src/cli/network.ts down

status: deps
	node tools/src/cli/network.ts status

## logs: follow every service's log; make logs TXN=<txn id> prints one payment's lines of all services in time order
logs: deps
	$(if $(TXN),node tools/src/cli/logs.ts --txn $(TXN),tail -n 50 -F .run/logs/*.log)

## trace: one payment's hops across every service with timings, e.g. make trace TXN=ZAP…
trace: deps
	node tools/src/cli/trace.ts $(TXN)

## console: the network console in the browser (make up starts it too): http://127.0.0.1:7300
console: deps
	node tools/src/cli/console.ts

## definitions: the RabbitMQ definitions folder a broker imports at boot (users + topology, in .run/rabbitmq)
definitions: deps
	node tools/src/cli/brokerDefinitions.ts

demo: deps
	node tools/src/cli/demo.ts

## check: the money invariant across all banks and the switch
check: deps
	node tools/src/cli/check.ts

## rebuild: rebuild every payment's state from the switch's event log and compare
rebuild: deps
	node tools/src/cli/rebuild.ts

## test: everything CI runs — type check, lint, unit, integration and end-to-end suites, one summary line
test: bootstrap browser
	bash tools/scripts/runTests.sh

test-unit: deps
	npm run -s test:unit
test-int: bootstrap
	npm run -s test:int
test-e2e: bootstrap browser
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

## load: a k6 scenario (k6/scenarios.json: steady, ramp, skewed, mix) run locally, e.g. make load SCENARIO=mix
load: deps
	node tools/src/cli/load.ts --scenario $(or $(SCENARIO),steady)

keys: deps
	node tools/src/cli/generateKeys.ts

deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

bootstrap: deps
	node tools/src/cli/bootstrap.ts

## browser: Debian's chromium for the browser tests (installed with apt when missing)
browser:
	bash tools/scripts/ensureBrowser.sh

## pay: one payment between demo customers, e.g. make pay FROM=asha TO=vikram AMOUNT=250.00
pay: deps
	node tools/src/cli/pay.ts --from $(or $(FROM),asha) --to $(or $(TO),vikram) --amount $(or $(AMOUNT),100.00) $(if $(PIN),--pin $(PIN))

## app: the customer's UPI app (built by make up): each demo customer's address
app: deps
	node tools/src/cli/app.ts urls

## qr: a VPA's receive QR in the terminal, as PNG and SVG, e.g. make qr VPA=asha@zap [AMOUNT=250.00] [NOTE=…]
qr: deps
	node tools/src/cli/qr.ts --vpa $(or $(VPA),asha@zap) $(if $(AMOUNT),--amount $(AMOUNT)) $(if $(NOTE),--note "$(NOTE)")

## watch: live payments/s, success rate, TD/BD, latency percentiles, outbox and queue depths
watch: deps
	node tools/src/cli/watch.ts

## reset: stop the network, drop its databases and RabbitMQ queues (keys stay); make up starts afresh
reset: deps
	node tools/src/cli/app.ts down
	node tools/src/cli/network.ts down
	node tools/src/cli/reset.ts

## inject: failure injection on the running network, e.g. make inject ARGS='add bank.lotus --type upi.ReqPay.DEBIT.v1 --action drop --count 1' (docs/failures.md)
inject: deps
	node tools/src/cli/inject.ts $(ARGS)

## dlq: dead letters per participant with their reasons; make dlq REPLAY=<participant> [LIMIT=n] replays them
dlq: deps
	node tools/src/cli/dlq.ts $(if $(REPLAY),--replay $(REPLAY) --limit $(or $(LIMIT),100))

## chaos: kill -9 every service, restart RabbitMQ and Postgres, duplicates, a silent bank under load, then check the invariants (ARGS='--minutes 10'; docs/failures.md)
chaos: bootstrap
	node tools/src/cli/chaos.ts $(ARGS)
