# shellcheck shell=bash
# Sourced by the repo's scripts: exports JAVA_HOME for a JDK >= 21 (Helidon 4 needs it).
# Order: a JAVA_HOME that already points at JDK >= 21, then the newest JDK >= 21 under /usr/lib/jvm.
# On Debian, when none is found and we are root, Temurin/OpenJDK 21+ is installed from the package archive.

waiaas_java_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  printf '%s' "$v"
}

waiaas_pick_jdk() {
  local best="" best_v=0 d v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(waiaas_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then printf '%s' "$JAVA_HOME"; return 0; fi
  fi
  for d in /usr/lib/jvm/*; do
    [ -L "$d" ] && continue
    v=$(waiaas_java_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  printf '%s' "$best"
}

WAIAAS_JDK=$(waiaas_pick_jdk)
if [ -z "$WAIAAS_JDK" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "waiaas: no JDK >= 21 found; installing openjdk-21-jdk-headless from the Debian archive" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-21-jdk-headless; } >&2 || true
  WAIAAS_JDK=$(waiaas_pick_jdk)
fi
if [ -z "$WAIAAS_JDK" ]; then
  echo "waiaas: needs a JDK 21 or newer (none under /usr/lib/jvm, and JAVA_HOME is not one)" >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$WAIAAS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
