#!/usr/bin/env bash
# Re-trains the shipped segmentation model models/unet-spine-phantom on in-process synthetic phantoms (24 cohort
# phantoms, every second one on the default 1.5 x 1.5 x 2 mm grid; CPU, about 25 minutes on 2 busy cores).
# Stage 1 trains from scratch; stage 2 fine-tunes it with a decaying learning rate. The shipped model's stage 1 ran
# with a constant learning rate of 0.005 (before the polynomial schedule existed) and was stopped at step 900; here the
# time limit stops it at a similar point. Results vary slightly with timing and the number of libtorch threads.
# Usage: scripts/train_shipped_unet.sh [WORK_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/target/unet-training}"
COMMON=(--phantoms 24 --phantom-seed 7 --phantom-mixed --spacing 3,3,3 --patch 32,32,64 --base-channels 8 --depth 3
        --batch 2 --validate-every 100 --seed 42)
"$ROOT/bin/spinerad" segment train "${COMMON[@]}" --out "$WORK/stage1" --steps 5000 --lr 0.005 --max-minutes 8
"$ROOT/bin/spinerad" segment train "${COMMON[@]}" --out "$WORK/stage2" --init "$WORK/stage1" --steps 1500 --lr 0.003 --max-minutes 16
echo "Model in $WORK/stage2; copy it to models/unet-spine-phantom to ship it."
