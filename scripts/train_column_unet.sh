#!/usr/bin/env bash
# Trains the shipped column model models/unet-spine-column (body, posterior elements, disc, sacrum, other bone) on the
# real labelled CTs of ../shared/data (example_ct, TPTBox sample_ct; each drawn 3x as often as a phantom) plus 4 column
# phantoms, and the leave-one-out model without example_ct. CPU, one libtorch thread each, about 0.2-0.5 steps/s on a
# busy 2-core machine; --max-minutes bounds the wall time. Resumable: pass --init WORK/full to continue from the last
# checkpoint (saved every 200 steps). Usage: scripts/train_column_unet.sh [WORK_DIR] [MINUTES]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/target/column-training}"
MINUTES="${2:-72}"
export SPINERAD_JAVA_OPTS="-Xmx3g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1" OMP_NUM_THREADS=1
COMMON=(--spine-data "$ROOT/../shared/data" --phantoms 4 --phantom-seed 11 --real-repeat 3 --spacing 3,3,3 --patch 32,32,64
        --base-channels 8 --depth 3 --batch 2 --steps 3000 --validate-every 200 --validation-fraction 0 --lr 0.005 --seed 42
        --max-minutes "$MINUTES")
nice -n 10 "$ROOT/bin/spinerad" segment train "${COMMON[@]}" --out "$WORK/full" &
nice -n 10 "$ROOT/bin/spinerad" segment train "${COMMON[@]}" --leave-out example_ct --out "$WORK/loo-example" &
wait
echo "Models in $WORK/full (ship it as models/unet-spine-column) and $WORK/loo-example (leave-one-out: score on example_ct)."
