#!/usr/bin/env bash
# SpineRad end to end on generated sample data: synthetic cohort (CT + labels + clinical table)
# -> radiomics table + ViT-3D deep features -> risk model (14 classifiers, signatures, combined model, nested CV) -> report
# -> Predict Risk. Usage: bash scripts/demo.sh [OUT_DIR]   (default work-out/demo; N=200 patients, SEED=2024, NESTED=1)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-work-out/demo}"
N="${N:-200}"
SEED="${SEED:-2024}"
NESTED="${NESTED:-1}"   # NESTED=0 skips the nested CV (faster, but then only the small validation/test cohorts judge the model)
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
echo "== 3/5 ViT-3D deep features from an UNTRAINED network (cpuSmall preset, seeded random weights, no fine-tuning):"
echo "   the 'DLrandom' signature below shows what random projections of the images carry, not what a trained ViT learns;"
echo "   for real use fine-tune first ('spinerad deep train') and pass --weights to 'deep features'"
bin/spinerad deep features --manifest "$OUT/cohort/manifest.csv" --preset cpuSmall --structure vertebra=1-5 \
  --out "$OUT/deep.csv"
echo "== 4/5 risk model: split 60/20/20 (validation and test cohorts large enough to mean something), selection,"
echo "   14 classifiers, Rad-sign, DLrandom-sign, clinical screening, combined model; nested CV over all patients"
echo "   (selection and tuning redone inside each outer fold) for an estimate free of selection optimism; report"
bin/spinerad predict train --clinical "$OUT/cohort/clinical.csv" --features "Rad=$OUT/radiomics.csv" --features "DLrandom=$OUT/deep.csv" \
  --clinical-vars age,sex,BMI,osteoporosis --ratios 6,2,2 --folds 5 --bootstrap 500 $([ "$NESTED" = 1 ] && echo --nested) --seed "$SEED" --out "$OUT/risk"
echo "== 5/5 Predict Risk with the saved model"
bin/spinerad predict apply --model "$OUT/risk/model.json" --features "$OUT/radiomics.csv" --features "$OUT/deep.csv" \
  --clinical "$OUT/cohort/clinical.csv" --out "$OUT/predictions.csv"
echo
echo "Done. Model: $OUT/risk/model.json   Predictions: $OUT/predictions.csv"
echo "Performance (AUC with DeLong 95% CI; 'train' rows are out-of-fold predictions, judge the model by validation/test and nested CV):"
# columns by name, so that added columns do not shift them
auc_lines() { awk -F, -v label="${2:-}" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { auc = c["AUC"] ? c["AUC"] : c["nested_cv_AUC"]; lo = c["AUC_CI_lower_DeLong"] ? c["AUC_CI_lower_DeLong"] : c["AUC_CI_lower"]
    hi = c["AUC_CI_upper_DeLong"] ? c["AUC_CI_upper_DeLong"] : c["AUC_CI_upper"]
    printf "  %-16s %-11s %-16s AUC %.3f (%.3f-%.3f)\n", $1, c["cohort"] ? $c["cohort"] : label,
      c["n"] ? "n=" $c["n"] " (" $c["positive"] " events)" : "", $auc, $lo, $hi }' "$1"; }
auc_lines "$OUT/risk/performance.csv"
[ -f "$OUT/risk/nested_cv_summary.csv" ] && auc_lines "$OUT/risk/nested_cv_summary.csv" "nested CV"
echo
echo "Read the report (methods, warnings, Table 1, Table 2 with CIs, selection funnel, figures):"
echo "  file://$(cd "$OUT/risk" && pwd)/report.html"
