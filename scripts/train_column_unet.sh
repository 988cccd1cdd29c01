#!/usr/bin/env bash
# Trains the column model (body, posterior elements, disc, sacrum, other bone) on the real labelled CTs of shared data
# (example_ct, TPTBox sample_ct; each drawn 10x as often as a phantom), 4 box phantoms and 48 trunk phantoms
# (TorsoPhantom: ribs, pelvis, femora, organs, table, random field of view / spacing / storage order), with domain
# randomisation. Runs (comma-separated, in parallel, one libtorch thread each, nice 10):
#   full         all real cases; starts from models/unet-spine-column (INIT_FULL=none: from scratch) -> ship it
#   loo-example  without example_ct, from scratch  -> score on example_ct (leave-one-out)
#   loo-tptbox   without TPTBox sample_ct, from scratch -> score on TPTBox
# MINUTES bounds each run's training loop (the learning rate decays to 0 over it; data preparation adds ~2-4 min).
# Checkpoints every 200 steps in WORK/<run>; RESUME=1 continues every run from its last checkpoint there.
# Logs: WORK/<run>.log. Usage: scripts/train_column_unet.sh [WORK_DIR] [MINUTES] [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/target/column-training}"
MINUTES="${2:-80}"
RUNS="${3:-full,loo-example}"
DATA="${SPINERAD_DATA:-$ROOT/../shared/data}"
INIT_FULL="${INIT_FULL:-$ROOT/models/unet-spine-column}"
mkdir -p "$WORK"
export SPINERAD_JAVA_OPTS="-Xmx3g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1" OMP_NUM_THREADS=1
COMMON=(--spine-data "$DATA" --phantoms 4 --phantom-seed 11 --torso-phantoms 48 --torso-seed 1000 --real-repeat 10
        --domain-randomisation --spacing 3,3,3 --patch 32,32,64 --base-channels 8 --depth 3 --batch 2 --steps 20000
        --validate-every 200 --validation-fraction 0 --lr 0.005 --seed 42 --max-minutes "$MINUTES")
for run in ${RUNS//,/ }; do
  case "$run" in
    full) extra=(); init="$INIT_FULL" ;;
    loo-example) extra=(--leave-out example_ct); init=none ;;
    loo-tptbox) extra=(--leave-out tptbox_sample_ct); init=none ;;
    *) echo "train_column_unet.sh: unknown run '$run' (full, loo-example, loo-tptbox)" >&2; exit 2 ;;
  esac
  if [ "${RESUME:-0}" = 1 ] && [ -f "$WORK/$run/manifest.json" ]; then init="$WORK/$run"; fi
  [ "$init" = none ] && initArgs=() || initArgs=(--init "$init")
  nice -n 10 "$ROOT/bin/spinerad" segment train "${COMMON[@]}" "${extra[@]}" "${initArgs[@]}" --out "$WORK/$run" \
    >"$WORK/$run.log" 2>&1 &
done
wait
echo "Models in $WORK/<run>: ship full as models/unet-spine-column; score loo-* on the case they left out."
