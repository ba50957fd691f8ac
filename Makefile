export GOTOOLCHAIN ?= go1.27.3
# One command per chore. `make test` and `make slow` are what CI runs (see
# .ci/run). Releases and CI build with go1.27.3 (the go command fetches it
# through the module proxy); go.mod still says go 1.26 so a newcomer's Go can
# run the demo.
GO ?= go
FUZZTIME ?= 10s

# Tools run at pinned versions with `go run pkg@version`: the go command
# fetches and verifies them through the module proxy, so CI needs only Go,
# and their dependencies stay out of the program's go.mod.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK ?= golang.org/x/vuln/cmd/govulncheck@v1.9.0
# The Go vulnerability database as published in the golang.org/x/vulndb
# module (its data/osv folder holds one OSV file per report). govulncheck
# reads such a folder with -db file:// and builds the index in memory
# (v1.9.0 does; a folder without index/modules.json is taken as plain OSV
# files), so the check needs no network beyond the module proxy. Move this
# forward to learn of newer reports.
VULNDB ?= golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018

.PHONY: all test slow vet lint fmt staticcheck imports vuln bench fuzz generate build demo

all: lint test

build:
	$(GO) build ./...

# The suite: every package with the race detector. Tests that need the
# reference data beside the repository (../shared) skip with a message when
# it is absent; XPOST_REQUIRE_SHARED=1 turns those skips into failures.
test: lint
	$(GO) test -race ./...

# Slow proofs, kept out of `make test` so the suite stays quick: streaming a
# 512 MB upload, checked without the race detector (which would make it
# minutes long), must stay under 64 MiB.
slow:
	$(GO) test -count=1 -run '^TestUploadMemory$$' ./xapi

vet:
	$(GO) vet ./...

lint: vet staticcheck imports vuln
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

staticcheck:
	$(GO) run $(STATICCHECK) ./...

# The layering rules of the code (see internal/importrules).
imports:
	$(GO) test -count=1 ./internal/importrules

# Known vulnerabilities reachable from the code, in the dependencies and in
# the standard library of the Go that builds it.
vuln:
	@dir=$$($(GO) mod download -json $(VULNDB) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p'); \
	if [ ! -d "$$dir/data/osv" ]; then echo "vuln: no data/osv in $(VULNDB) (got '$$dir')"; exit 1; fi; \
	echo "govulncheck with $$($(GO) env GOVERSION) against $(VULNDB)"; \
	$(GO) run $(GOVULNCHECK) -db "file://$$dir/data/osv" ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) ./textcount

generate:
	$(GO) generate ./...

demo:
	$(GO) run ./cmd/xpost --demo


# The manual pages, written from the command definitions: xpost.1 and one
# page per command (xpost-post.1, xpost-drafts-show.1, ...) in MANDIR.
MANDIR ?= man
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)

.PHONY: man
man:
	$(GO) run -trimpath -ldflags "-X main.version=$(VERSION)" ./cmd/xpost man-pages $(MANDIR)

# The release archives (linux, darwin and windows on amd64 and arm64) and
# their SHA256SUMS in dist/, reproducible from the commit; the version is
# the git tag (git describe). See scripts/release.sh.
.PHONY: release
release:
	GO="$(GO)" VERSION="$(VERSION)" ./scripts/release.sh

# The README's screenshots (docs/screenshots/*.png), drawn by the composer
# itself: TestScreenshots writes the frames of the composer, the
# confirmation with its costs, recent posts and the queue as ANSI text (the
# same models the golden tests check; the frames are golden files too, so a
# change to these screens fails the tests until they and the images are
# redrawn), and freeze turns each into an image.
# freeze runs here only, never in the tests or CI. It converts to PNG with
# rsvg-convert (Debian: librsvg2-bin) and draws with DejaVu Sans Mono
# (fonts-dejavu-core), whose box-drawing and geometric marks keep to their
# cells.
FREEZE ?= github.com/charmbracelet/freeze@v0.2.2
SCREENSHOTS := composer confirm recent queue
SHOTDIR ?= docs/screenshots

.PHONY: screenshots
screenshots:
	@command -v rsvg-convert >/dev/null || { echo "screenshots: needs rsvg-convert (Debian: apt-get install librsvg2-bin)"; exit 1; }
	@frames=$$(mktemp -d) && trap 'rm -rf "$$frames"' EXIT && \
	$(GO) test -count=1 -run '^TestScreenshots$$' ./ui -screenshots "$$frames" && \
	mkdir -p $(SHOTDIR) && \
	for s in $(SCREENSHOTS); do \
		$(GO) run $(FREEZE) --language ansi --window --font.family "DejaVu Sans Mono" \
			--output $(SHOTDIR)/$$s.png "$$frames/$$s.ansi" || exit 1; \
	done
