#!/usr/bin/env bash
export GOTOOLCHAIN=go1.27.3
# Times `xpost count --jsonl` against the reference counter (npm twitter-text,
# textcount/internal/difftest/jsonl.js) on the same corpus, pair by pair:
# each pair runs the two whole processes in turn, both writing to /dev/null,
# and the script prints the median wall and CPU time of each and the median
# of the pairs' ratios, which hold when the machine's speed drifts. Not part
# of the build or the tests: it needs Node and the npm registry (npm ci).
#
#   scripts/vs-reference.sh [PAIRS]      (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

CGO_ENABLED=0 go build -o "$work/xpost" ./cmd/xpost
XPOST_COUNT_CORPUS="$work/corpus.jsonl" go test -count=1 -run '^TestWriteCountCorpus$' ./cmd/xpost >/dev/null
for _ in 1 2 3 4 5; do cat "$work/corpus.jsonl"; done >"$work/corpus5.jsonl"
(cd textcount/internal/difftest && { [ -d node_modules ] || npm ci --silent; })
ref=textcount/internal/difftest/jsonl.js

# The answers must be the same, or the comparison means nothing.
"$work/xpost" count --jsonl <"$work/corpus5.jsonl" >"$work/x.out" || true
node "$ref" <"$work/corpus5.jsonl" >"$work/r.out"
cmp -s "$work/x.out" "$work/r.out" || { echo "outputs differ: not comparable" >&2; exit 1; }
echo "corpus: $(wc -c <"$work/corpus5.jsonl") bytes, $(wc -l <"$work/corpus5.jsonl") lines; outputs identical"

TIMEFORMAT='%3R %3U %3S'
timed() { { time "$@" >/dev/null 2>&1 || true; } 2>&1; }
: >"$work/times"
timed "$work/xpost" count --jsonl <"$work/corpus5.jsonl" >/dev/null # warm-up
for _ in $(seq "$pairs"); do
	read -r xw xu xs < <(timed "$work/xpost" count --jsonl <"$work/corpus5.jsonl")
	read -r rw ru rs < <(timed node "$ref" <"$work/corpus5.jsonl")
	echo "$xw $xu $xs $rw $ru $rs" >>"$work/times"
done
awk '
function median(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ n++; xw[n] = $1; xc[n] = $2 + $3; rw[n] = $4; rc[n] = $5 + $6; qw[n] = $4 / $1; qc[n] = ($5 + $6) / ($2 + $3) }
END {
	printf "xpost:     %.3f s wall, %.3f s CPU (medians of %d)\n", median(xw, n), median(xc, n), n
	printf "reference: %.3f s wall, %.3f s CPU\n", median(rw, n), median(rc, n)
	printf "xpost is %.1fx faster in wall time, %.1fx in CPU time (medians of the pairs)\n", median(qw, n), median(qc, n)
}' "$work/times"
