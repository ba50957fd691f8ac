#!/bin/sh
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3}
# Builds the release archives into DIST (default dist/): one per target,
# each with the program, README.md, CHANGELOG.md, LICENSE when there is
# one, the manual pages and the shell completions, and SHA256SUMS.
#
# The archives are reproducible: the same commit and Go give the same
# bytes. The binaries are built with -trimpath and an empty build id; the
# files in an archive are sorted, owned by 0:0 and dated at the commit
# (SOURCE_DATE_EPOCH), and gzip records no name or time.
#
# Environment: VERSION (default: git describe, so a tag names the release),
# TARGETS (default: linux, darwin and windows on amd64 and arm64), GO, DIST.
set -eu
# zip stores local times: one zone for every machine.
export TZ=UTC

GO=${GO:-go}
DIST=${DIST:-dist}
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo devel)}
TARGETS=${TARGETS:-"linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export SOURCE_DATE_EPOCH

ldflags="-s -w -buildid= -X main.version=$VERSION"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Manual pages and completions come from the program itself, built for
# this machine.
CGO_ENABLED=0 "$GO" build -trimpath -ldflags "$ldflags" -o "$work/xpost-host" ./cmd/xpost
mkdir -p "$work/share/man" "$work/share/completions"
"$work/xpost-host" man-pages "$work/share/man" 2>/dev/null
"$work/xpost-host" completion bash >"$work/share/completions/xpost.bash"
"$work/xpost-host" completion zsh >"$work/share/completions/_xpost"
"$work/xpost-host" completion fish >"$work/share/completions/xpost.fish"
"$work/xpost-host" completion powershell >"$work/share/completions/xpost.ps1"

rm -rf "$DIST"
mkdir -p "$DIST"
for target in $TARGETS; do
	os=${target%/*}
	arch=${target#*/}
	name="xpost_${VERSION}_${os}_${arch}"
	dir="$work/$name"
	mkdir -p "$dir"
	exe=xpost
	[ "$os" = windows ] && exe=xpost.exe
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch "$GO" build -trimpath -ldflags "$ldflags" -o "$dir/$exe" ./cmd/xpost
	cp README.md "$dir/"
	[ -f CHANGELOG.md ] && cp CHANGELOG.md "$dir/"
	[ -f LICENSE ] && cp LICENSE "$dir/"
	cp -R "$work/share/man" "$work/share/completions" "$dir/"
	find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	if [ "$os" = windows ]; then
		(cd "$work" && find "$name" -print | LC_ALL=C sort | zip -q -X -D "$name.zip" -@)
		mv "$work/$name.zip" "$DIST/"
	else
		tar -C "$work" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
			-cf - "$name" | gzip -n -9 >"$DIST/$name.tar.gz"
	fi
done
(cd "$DIST" && sha256sum -- *.tar.gz *.zip 2>/dev/null >SHA256SUMS || sha256sum -- * >SHA256SUMS)
echo "release $VERSION in $DIST:"
cat "$DIST/SHA256SUMS"
