# schemagen's build, tests and benchmarks. `make demo` draws the example design;
# `make test` runs every test against a throwaway PostgreSQL server it starts itself.
GO ?= go
BIN := bin/schemagen

.PHONY: all build test test-short bench demo lint fmt clean

all: build

# Two programs: schemagen, and schemagen-graphviz beside it, which lays out the
# diagrams (only the commands that draw start it; see docs/diagrams.md).
build:
	$(GO) build -o bin/ ./cmd/schemagen ./cmd/schemagen-graphviz

# The whole suite, with a PostgreSQL cluster started (and installed, if missing) by .ci/with-postgres.
test:
	.ci/install-deps
	.ci/with-postgres $(GO) test -count=1 ./...

# Without PostgreSQL: the tests that need it skip with a message.
test-short:
	$(GO) test ./...

bench:
	.ci/install-deps --bench
	.ci/with-postgres $(GO) test -run '^$$' -bench . -benchmem ./...

demo: build
	@mkdir -p out
	$(BIN) validate examples/rideshare.yaml
	$(BIN) diagram examples/rideshare.yaml -o out/rideshare.svg
	$(BIN) diagram examples/rideshare.yaml -o out/rideshare.png
	@echo "wrote out/rideshare.svg and out/rideshare.png"

# staticcheck's version is pinned here; `go run` fetches it through the module proxy.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.7.0

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin out
