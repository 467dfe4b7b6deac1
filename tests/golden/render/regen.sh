#!/bin/sh
# Regenerate the golden layouts in this folder with the reference tool `bidi-oracle`
# (GNU FriBidi + python arabic-reshaper). Needs: apt-get install libfribidi-bin;
# pip install arabic-reshaper. Usage: sh tests/golden/render/regen.sh [path/to/bidi-oracle]
set -eu
ORACLE=${1:-${AKHBAR_BIDI_ORACLE:-/work/shared/tools/bidi-oracle}}
DIR=$(cd "$(dirname "$0")" && pwd)
SEED="$DIR/../../../seeds/000_58f7478ab411ec6c.txt"
for w in 20 40 60 80; do
  "$ORACLE" --width "$w" --json "$SEED" > "$DIR/seed-w$w.json"
  "$ORACLE" --width "$w" --json --shape "$SEED" > "$DIR/seed-w$w-shaped.json"
  "$ORACLE" --width "$w" --json "$DIR/mixed.txt" > "$DIR/mixed-w$w.json"
  "$ORACLE" --width "$w" --json --shape "$DIR/mixed.txt" > "$DIR/mixed-w$w-shaped.json"
done
