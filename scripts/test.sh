#!/usr/bin/env bash
# The test command of the README: builds SpineRad and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME="$(ls -d /usr/lib/jvm/temurin-*-jdk-amd64 2>/dev/null | sort -V | tail -1)"
fi
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -ntp verify "$@"
