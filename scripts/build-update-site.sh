#!/usr/bin/env bash
# Writes a complete ImageJ/Fiji update site to OUT_DIR (see update-site/README.md):
#   OUT_DIR/db.xml.gz                                   the updater's index (checksums, timestamps, platforms, ...)
#   OUT_DIR/plugins/SpineRad_-VERSION.jar-TIMESTAMP     the plugin
#   OUT_DIR/jars/NAME.jar-TIMESTAMP                     libraries Fiji does not ship
#   OUT_DIR/jars/{linux64,win64,macos-arm64}/...        libtorch per platform
#   OUT_DIR/imagej1-extras/*.jar                        Fiji's own libraries, for plain ImageJ 1 only (not in db.xml.gz)
# Re-running on the same OUT_DIR updates it: unchanged files keep their timestamps, changed ones get previous versions.
# Usage: scripts/build-update-site.sh OUT_DIR [--skip-build]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] && [ "${1#-}" = "$1" ] || { echo "usage: scripts/build-update-site.sh OUT_DIR [--skip-build]" >&2; exit 2; }
OUT="$1"; shift
BUILD=1
for a in "$@"; do
  case "$a" in
    --skip-build) BUILD=0 ;;
    *) echo "unknown option: $a" >&2; exit 2 ;;
  esac
done
if [ -z "${JAVA_HOME:-}" ]; then
  export JAVA_HOME="$(ls -d /usr/lib/jvm/temurin-*-jdk-amd64 2>/dev/null | sort -V | tail -1)"
fi
# -Pupdate-site also fetches the Windows and macOS-arm64 libtorch jars (once, from Maven Central) into target/natives
[ "$BUILD" = 1 ] && mvn -B -q -ntp -DskipTests -Pupdate-site package
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
JAR="target/SpineRad_-${VERSION}.jar"
for f in "$JAR" target/lib target/fiji-provided target/natives; do
  [ -e "$f" ] || { echo "missing $f: run without --skip-build" >&2; exit 2; }
done
"$JAVA_HOME/bin/java" -cp "$JAR" org.spinerad.distribution.UpdateSiteBuilder \
  --site "$OUT" --plugin "$JAR" --lib target/lib --provided target/fiji-provided --natives target/natives
