#!/usr/bin/env bash
# Assembles the Fiji update-site content in update-site/ from the `mvn package` output (no upload):
#   update-site/plugins/SpineRad_-VERSION.jar   the plugin (plugins.config inside puts it in the menus)
#   update-site/jars/*.jar                      runtime dependencies that Fiji does not already ship
# Usage: scripts/build-update-site.sh [--fiji /path/to/Fiji.app] [--skip-build]
#   --fiji DIR    exclude every dependency whose artifact name already exists in DIR/jars (any version)
#   --skip-build  use the existing target/ (otherwise runs `mvn -B -ntp -DskipTests package`)
set -euo pipefail
cd "$(dirname "$0")/.."

FIJI=""
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --fiji) FIJI="$2"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if [ "$BUILD" = 1 ]; then
  if [ -z "${JAVA_HOME:-}" ]; then
    export JAVA_HOME="$(ls -d /usr/lib/jvm/temurin-*-jdk-amd64 2>/dev/null | sort -V | tail -1)"
  fi
  mvn -B -q -ntp -DskipTests package
fi

VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
JAR="target/SpineRad_-${VERSION}.jar"
[ -f "$JAR" ] || { echo "missing $JAR: run mvn package first" >&2; exit 1; }
[ -d target/lib ] || { echo "missing target/lib (maven-dependency-plugin copy-runtime-deps)" >&2; exit 1; }

# Artifacts every Fiji installation ships; their copies must not be duplicated in jars/.
FIJI_PROVIDED="ij scijava-common parsington imglib2 gson error_prone_annotations commons-math3"

artifact_name() { # file name without version and extension: gson-2.13.1.jar -> gson
  basename "$1" .jar | sed -E 's/-[0-9][0-9A-Za-z.+_-]*$//'
}

provided() {
  local name="$1"
  for p in $FIJI_PROVIDED; do [ "$p" = "$name" ] && return 0; done
  if [ -n "$FIJI" ]; then
    compgen -G "$FIJI/jars/${name}-[0-9]*.jar" >/dev/null && return 0
    compgen -G "$FIJI/jars/*/${name}-[0-9]*.jar" >/dev/null && return 0
  fi
  return 1
}

rm -rf update-site/plugins update-site/jars
mkdir -p update-site/plugins update-site/jars
cp "$JAR" "update-site/plugins/SpineRad_-${VERSION}.jar"
for dep in target/lib/*.jar; do
  name="$(artifact_name "$dep")"
  if provided "$name"; then
    echo "skip (in Fiji): $(basename "$dep")"
  else
    cp "$dep" update-site/jars/
    echo "ship: jars/$(basename "$dep")"
  fi
done
echo "update-site/ ready: plugins/SpineRad_-${VERSION}.jar and $(ls update-site/jars | wc -l) dependency jars"
