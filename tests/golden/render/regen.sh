#!/bin/sh
# Regenerate the golden layouts in this folder with the reference tool `bidi-oracle`
# (GNU FriBidi + python arabic-reshaper). Needs: apt-get install libfribidi-bin;
# pip install arabic-reshaper. CI does not run this: the JSON files are committed.
#
# usage: sh tests/golden/render/regen.sh [path/to/bidi-oracle]
#
# Inputs: the seed article (golden stem `seed`) and every input text of the oracle's
# examples folder (its *.txt files except the reference outputs named *-wNN*.txt), copied
# here first so that the tests never need the shared folder. Each input gets
# STEM-wW.json and STEM-wW-shaped.json for every width W below.
set -eu
ORACLE=${1:-${AKHBAR_BIDI_ORACLE:-/work/shared/tools/bidi-oracle}}
DIR=$(cd "$(dirname "$0")" && pwd)
SEED="$DIR/../../../seeds/000_58f7478ab411ec6c.txt"
EXAMPLES=$(dirname "$ORACLE")/examples
WIDTHS="20 40 60 80 120"

if [ -d "$EXAMPLES" ]; then
  for f in "$EXAMPLES"/*.txt; do
    case "$(basename "$f")" in
      *-w[0-9]*) ;;              # a reference output, not an input
      *) cp "$f" "$DIR/" ;;
    esac
  done
fi

gen() {  # gen STEM INPUT
  for w in $WIDTHS; do
    "$ORACLE" --width "$w" --json "$2" > "$DIR/$1-w$w.json"
    "$ORACLE" --width "$w" --json --shape "$2" > "$DIR/$1-w$w-shaped.json"
  done
}

gen seed "$SEED"
for f in "$DIR"/*.txt; do
  gen "$(basename "$f" .txt)" "$f"
done
