#!/bin/sh
# Builds the model bundled with peacetalks (src/peacetalks/extract/models/peacetalks-learned)
# from the project's annotated real articles in ../shared/eval (train, dev-multi, dev), and
# measures it by 5-fold cross-validation over whole peace processes (scores.json beside it).
# training/shapes/ adds short documents written for the project that show rare shapes
# (pressure to accept, analysts' forecasts, arrow-bullet lists) and everyday wordings of each
# issue and stance across twelve processes: trained on, never scored; a fold holds them out
# with the real documents of their process, and folds are dealt by scored documents only.
# The texts stay in ../shared/: the weights are the only thing the package keeps from them.
#
#   sh training/train-bundled.sh            # from the repository root, after pip install -e '.[train]'
#
# dev-multi's and dev's processes are listed in training/*-processes.csv (from dev-multi's
# SOURCES.md; dev is all Russia-Ukraine); train's come with it (processes.csv).
set -eu
EVAL=${PEACETALKS_EVAL:-../shared/eval}
OUT=${1:-src/peacetalks/extract/models/peacetalks-learned}
python3 -m peacetalks train \
  --gold "$EVAL/train/gold" --groups "$EVAL/train/processes.csv" \
  --gold "$EVAL/dev-multi/gold" --groups training/dev-multi-processes.csv \
  --gold "$EVAL/dev/gold" --groups training/dev-processes.csv \
  --gold training/shapes/gold --groups training/shapes/processes.csv --not-scored shapes \
  --config training/config.toml \
  --crossval 5 \
  --name peacetalks-learned --version 0.1.0 \
  -o "$OUT"
