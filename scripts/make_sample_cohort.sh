#!/usr/bin/env bash
# Makes the bundled sample data: a planted-signal cohort and a null cohort of synthetic lumbar-spine phantoms
# (CT + T1/T2 MR with label maps, manifest.csv, clinical.csv, truth.csv). Re-running resumes where it stopped.
# Usage: scripts/make_sample_cohort.sh [OUT_DIR] [N_PATIENTS] [SEED]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/target/sample-data}"
N="${2:-40}"
SEED="${3:-2024}"
"$ROOT/bin/spinerad" cohort --out "$OUT/planted" --n "$N" --seed "$SEED" --mri
"$ROOT/bin/spinerad" cohort --out "$OUT/null" --n "$N" --seed "$SEED" --mri --null
echo "Sample cohorts in $OUT/planted (outcome depends on BMD, muscle fat, fused segments) and $OUT/null (no signal)."
