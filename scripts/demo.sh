#!/usr/bin/env bash
# SpineRad end to end on generated sample data: synthetic cohort (CT + labels + clinical table)
# -> radiomics table + ViT-3D deep features -> risk model (14 classifiers, signature, combined model, report) -> Predict Risk.
# Usage: bash scripts/demo.sh [OUT_DIR]   (default work-out/demo; N=150 patients, SEED=2024)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-work-out/demo}"
N="${N:-150}"
SEED="${SEED:-2024}"
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME="$(ls -d /usr/lib/jvm/temurin-*-jdk-amd64 2>/dev/null | sort -V | tail -1)"
fi
export PATH="$JAVA_HOME/bin:$PATH"
echo "== build"
mvn -B -q -ntp package -DskipTests
mkdir -p "$OUT"
echo "== 1/5 synthetic cohort of $N patients (planted signal: low BMD and muscle fat raise the outcome risk)"
bin/spinerad cohort --out "$OUT/cohort" --n "$N" --seed "$SEED"
echo "== segmentation check: the shipped 3D U-Net labels L1-L5 on one patient's CT"
bin/spinerad segment --image "$OUT/cohort/P001_ct.nii.gz" --out "$OUT/P001_unet_seg.nii.gz"
echo "== 2/5 radiomics (PyRadiomics-compatible names) per patient: vertebral bodies L1-L5 and paraspinal/psoas muscles"
bin/spinerad radiomics-batch --manifest "$OUT/cohort/manifest.csv" --params scripts/params/demo.yaml \
  --structures vertebra=1,2,3,4,5 --structures muscle=21,22,25,26 --out "$OUT/radiomics.csv"
echo "== 3/5 ViT-3D deep features (cpuSmall preset, seeded random weights; fine-tune with 'spinerad deep train' for real use)"
bin/spinerad deep features --manifest "$OUT/cohort/manifest.csv" --preset cpuSmall --structure vertebra=1-5 \
  --out "$OUT/deep.csv"
echo "== 4/5 risk model: selection, 14 classifiers, Rad-sign, DL-sign, clinical screening, combined model, report"
bin/spinerad predict train --clinical "$OUT/cohort/clinical.csv" --features "Rad=$OUT/radiomics.csv" --features "DL=$OUT/deep.csv" \
  --clinical-vars age,sex,BMI,osteoporosis --folds 5 --bootstrap 500 --seed "$SEED" --out "$OUT/risk"
echo "== 5/5 Predict Risk with the saved model"
bin/spinerad predict apply --model "$OUT/risk/model.json" --features "$OUT/radiomics.csv" --features "$OUT/deep.csv" \
  --clinical "$OUT/cohort/clinical.csv" --out "$OUT/predictions.csv"
echo
echo "Done. Report: $OUT/risk/report.html   Model: $OUT/risk/model.json   Predictions: $OUT/predictions.csv"
head -3 "$OUT/risk/performance.csv"
