#!/usr/bin/env bash
# Screenshots of the viewer for docs/annotation.md: real CT and MR from ../shared/data with label overlays, palette
# and orthogonal views, in a real ImageJ window on Xvfb. Writes docs/images/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${SPINERAD_SHARED:-../shared/data}/totalsegmentator"
mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
out="$(mktemp -d)"
xvfb-run -a -s "-screen 0 1600x1000x24" java -Xmx1g -Djava.awt.headless=false \
  -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" org.spinerad.plugins.ViewerGuiScenario "$out" \
  "$data/example_ct.nii.gz" "$data/example_mr_sm.nii.gz" "$data/example_seg_mr.nii.gz" "$data/spine_report/totalseg.nii.gz" \
  screenshots docs/itksnap/totalsegmentator-ct-vertebrae.txt docs/itksnap/totalsegmentator-mr-spine.txt
mkdir -p docs/images
for f in viewer-ct-overlay ortho-ct ortho-mr; do
  convert "$out/$f.png" -trim +repage "docs/images/$f.png" 2>/dev/null || cp "$out/$f.png" "docs/images/$f.png"
done
rm -rf "$out"
ls -l docs/images
