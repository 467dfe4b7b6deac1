#!/usr/bin/env bash
# Whole-process search, side by side in one run: `akhbar search QUERY` on a store of N
# synthetic articles against `fzf --filter QUERY` on the same articles' "TITLE<TAB>SOURCE"
# lines (akhbar matches title and source too). Prints hyperfine's table per query and a
# summary of medians and the akhbar/fzf ratio.
#
#   scripts/bench-search-vs-fzf.sh [N] [QUERY...]
#
# Needs fzf and hyperfine (apt-get install -y fzf hyperfine), python3 and
# ../shared/bench/gen-corpus. The corpus, titles file and store go in $WORK (default
# /tmp/akhbar-vs-fzf, never the repository); they are made once and reused. The release
# binary is built first. AKHBAR_STORE points at the bench store only, never a real one.
set -euo pipefail

N=${1:-100000}
shift || true
if [ "$#" -gt 0 ]; then
    QUERIES=("$@")
else
    QUERIES=(putin minister "oil price" بوتين الاقتصاد "وزير الخارجية")
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GEN=${GEN_CORPUS:-$ROOT/../shared/bench/gen-corpus}
WORK=${WORK:-/tmp/akhbar-vs-fzf}
RUNS=${RUNS:-10}
mkdir -p "$WORK"

for tool in fzf hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

CORPUS=$WORK/corpus-$N.jsonl
TITLES=$WORK/titles-$N.tsv
STORE=$WORK/store-$N.db
[ -f "$CORPUS" ] || python3 "$GEN" -n "$N" --body-words 0 -o "$CORPUS"
[ -f "$TITLES" ] || python3 "$GEN" -n "$N" --body-words 0 --format titles -o "$TITLES"

(cd "$ROOT" && cargo build --release -q)
AKHBAR=$ROOT/target/release/akhbar
export AKHBAR_STORE=$STORE
if [ ! -f "$STORE" ]; then
    "$AKHBAR" import "$CORPUS" >/dev/null
fi

echo "# $N articles; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
SUMMARY=$WORK/summary.txt
: >"$SUMMARY"
for q in "${QUERIES[@]}"; do
    a=$("$AKHBAR" search "$q" | wc -l)
    f=$(fzf --filter "$q" <"$TITLES" | wc -l)
    json=$WORK/run.json
    # Both through the shell (fzf reads the file on stdin), so both pay the same for it.
    hyperfine --style basic --warmup 2 --runs "$RUNS" --export-json "$json" \
        -n akhbar "'$AKHBAR' search '$q' > /dev/null" \
        -n fzf "fzf --filter '$q' < '$TITLES' > /dev/null" >/dev/null
    python3 - "$json" "$q" "$a" "$f" >>"$SUMMARY" <<'EOF'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
a, f = runs["akhbar"]["median"], runs["fzf"]["median"]
print(f"{sys.argv[2]!r:>22}  akhbar {a*1000:7.1f} ms ({sys.argv[3]} hits)   "
      f"fzf {f*1000:7.1f} ms ({sys.argv[4]} hits)   akhbar/fzf {a/f:5.2f}")
EOF
done
echo "# medians of $RUNS runs each (hyperfine), whole process"
cat "$SUMMARY"
