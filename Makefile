# Reelforge: `make run` starts the server, `make test` runs every test.
SHELL := /bin/bash
URLS ?= http://127.0.0.1:8080
DATA ?= ./data
# A development key for the quick start (the server listens on loopback only); set your own.
REELFORGE_API_KEY ?= rf_dev_local_key
export REELFORGE_API_KEY DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

.PHONY: deps build run cluster test bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	dotnet build Reelforge.slnx -c Release

run: deps
	dotnet run --project src/Reelforge.Cli -c Release -- serve --urls $(URLS) --data $(DATA)

# Scale-out on one machine: PostgreSQL, s3rver, two API nodes and two workers (docs/scale-out.md).
cluster: deps
	@bash scripts/cluster

test: deps
	@bash scripts/test.sh

bench: deps
	bash bench/api/run
	bash bench/sse/run
	bash bench/render/run
	bash bench/queue/run

clean:
	dotnet clean Reelforge.slnx >/dev/null
	rm -rf artifacts
