#!/usr/bin/env bash
# Scores the fold weights that `train_tagger --folds K --fold-dir DIR` wrote: each fold's
# held-back documents through the real extractor (`akhbar facts --json`) with that fold's
# weights, then token F1 per kind pooled over the folds, the mean of the folds' F1 and
# person recall. Usage: scripts/cv-tagger.sh DIR [en]   (en: the English tagger's weights)
set -euo pipefail
dir=$1
var=AKHBAR_TAGGER_WEIGHTS
[ "${2:-}" = en ] && var=AKHBAR_TAGGER_EN_WEIGHTS
S=${S:-/work/shared/eval}
bin=${AKHBAR_BIN:-target/release/akhbar}
for f in "$dir"/fold-*.jsonl; do
  k=${f%.jsonl}
  env "$var=$k.bin" "$S/score-facts" --jobs 2 --show 0 --json-out "$k.score.json" \
    --cmd "$bin facts --json --date {ref_date} {file}" "$f" > /dev/null
done
python3 - "$dir" <<'PY'
import glob, json, sys
pooled, means = {}, []
for path in sorted(glob.glob(sys.argv[1] + "/fold-*.score.json")):
    kinds = json.load(open(path))["kinds"]
    means.append(kinds["all"]["token"]["f1"])
    for kind, s in kinds.items():
        t = pooled.setdefault(kind, [0, 0, 0])
        for i, x in enumerate(("tp", "pred", "gold")):
            t[i] += s["token"][x]
def f1(tp, pred, gold):
    p, r = tp / max(pred, 1), tp / max(gold, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)
for kind, (tp, pred, gold) in pooled.items():
    p, r, f = f1(tp, pred, gold)
    print(f"{kind:13} token P {p:.3f} R {r:.3f} F1 {f:.3f}")
print("folds' token F1:", " ".join(f"{m:.3f}" for m in means), f"mean {sum(means)/len(means):.3f}")
PY
