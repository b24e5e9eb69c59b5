#!/usr/bin/env bash
# Build the waiaas runtime image: a jlink'd minimal JDK, the application's modules in app/, and bin/waiaas.
#
# The application jars stay on the module path instead of being linked: Flyway and cron-utils are automatic
# modules, which jlink refuses, and a module path keeps JPMS enforcement without hand-written descriptors.
# See docs/adr/0001-runtime-image.md.
set -euo pipefail

java_home=$1 app_jar=$2 deps_dir=$3 out=$4 version=$5
here=$(cd "$(dirname "$0")" && pwd)
staging="$out.app"

rm -rf "$out" "$staging"
mkdir -p "$staging"
cp "$app_jar" "$deps_dir"/*.jar "$staging/"
# Classes older than class-file version 50 (picocli 4.7 targets Java 5) cannot go into an AOT cache: rewrite them
# to version 52 with stack maps, no instruction changed (ClassFileUpgrade.java; docs/performance.md).
"$java_home/bin/java" "$here/ClassFileUpgrade.java" "$staging"/*.jar

# The JDK modules the application needs, worked out from the application itself so a new dependency cannot
# silently miss one: what the named modules require (from the module resolver), plus what jdeps finds the
# automatic modules using. java.desktop is left out on purpose: only Jackson's optional java.beans support
# reads it (`requires static`).
resolved=$("$java_home/bin/java" --module-path "$staging" --add-modules ALL-MODULE-PATH --show-module-resolution \
  -version 2>&1 | awk '$2 == "requires" && $4 ~ /^jrt:/ && $1 !~ /^(java|jdk)\./ { print $3 }')
analysed=$("$java_home/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps \
  --module-path "$staging" "$staging"/*.jar 2>/dev/null | grep -v '^Warning' | tail -n 1 | tr ',' '\n')
jdk_modules=$(printf '%s\n' java.base $resolved $analysed | grep -Ev '^(java\.desktop)?$' | sort -u | paste -sd, -)
case ",$jdk_modules," in
  *,java.sql,*) ;;
  *) echo "build-image: module analysis failed (found only: $jdk_modules)" >&2; exit 1 ;;
esac

"$java_home/bin/jlink" \
  --add-modules "$jdk_modules" \
  --output "$out" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6
mv "$staging" "$out/app"

# SQLite JDBC carries natives for every platform; keep Linux x86_64 and aarch64 only.
if command -v zip >/dev/null; then
  for jar in "$out"/app/sqlite-jdbc-*.jar; do
    for dir in FreeBSD Mac Windows Linux-Android Linux-Musl Linux/arm Linux/armv6 Linux/armv7 Linux/ppc64 \
        Linux/riscv64 Linux/x86 Linux/s390x; do
      zip -q -d "$jar" "org/sqlite/native/$dir/*" >/dev/null 2>&1 || true
    done
  done
fi

# The SQLite native library, unpacked once here: otherwise the driver writes it to /tmp on every start, which
# costs start-up time and needs a writable /tmp (not a given in a container).
arch=$(uname -m)
case "$arch" in x86_64) sqlite_arch=x86_64 ;; aarch64) sqlite_arch=aarch64 ;; *) sqlite_arch=$arch ;; esac
mkdir -p "$out/lib/sqlite"
(cd "$out/lib/sqlite" && "$java_home/bin/jar" xf "$(ls "$out"/app/sqlite-jdbc-*.jar)" \
  "org/sqlite/native/Linux/$sqlite_arch/libsqlitejdbc.so" && mv "org/sqlite/native/Linux/$sqlite_arch/libsqlitejdbc.so" . \
  && rm -rf org)
[ -f "$out/lib/sqlite/libsqlitejdbc.so" ] || { echo "build-image: no SQLite native library for $arch" >&2; exit 1; }

install -m 0755 "$here/waiaas" "$out/bin/waiaas"
printf '%s\n' "$version" > "$out/VERSION"

# Three AOT caches (JDK 25, JEP 483/514): the daemon, every other command, and `--version` alone: a training run each,
# through the launcher with its own JVM flags, on a fresh data dir (io.waiaas.bootstrap.AotTraining: the daemon with
# its migrations and one real /health request; --version, --help, status, start -d, backup list, db status, stop).
# A cache is valid only for this image at this path with these exact jars; anything else makes the JVM ignore it
# (see bin/waiaas). No cache, no failure: the image then starts as it would without one. WAIAAS_IMAGE_AOT=0 skips
# the training.
if [ "${WAIAAS_IMAGE_AOT:-1}" != 0 ]; then
  train=$(mktemp -d "${TMPDIR:-/tmp}/waiaas-aot.XXXXXX")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' \
    2>/dev/null || echo $((20000 + RANDOM % 40000)))
  for role in daemon cli version; do
    rm -rf "$train/$role" && mkdir -p "$train/$role"
    printf '[daemon]\nport = %s\n[update]\ncheck = false\n' "$port" > "$train/$role/config.toml"
    t0=$(date +%s%N)
    if WAIAAS_AOT_TRAINING=$role HOME="$train" "$out/bin/waiaas" "$train/$role" > "$train/$role.log" 2>&1 \
        && [ -s "$out/lib/waiaas-$role.aot" ]; then
      echo "build-image: AOT cache for the $role, $(du -h "$out/lib/waiaas-$role.aot" | cut -f1)," \
        "from a training run of $(( ($(date +%s%N) - t0) / 1000000 )) ms"
    else
      rm -f "$out/lib/waiaas-$role.aot" "$out/lib/waiaas-$role.aot.config"
      echo "build-image: WARNING: no AOT cache for the $role: its training failed (the image works, but starts" \
        "slower):" >&2
      tail -n 20 "$train/$role.log" >&2
    fi
  done
  WAIAAS_DATA_DIR="$train/cli" "$out/bin/waiaas" -q stop >/dev/null 2>&1 || true
  rm -rf "$train"
  # Where the caches were made: the launcher uses them only there. A JVM can accept a cache in a copy of the image
  # (an upgrade adopts the running image into {installRoot}/versions/) and then fail to load the classes of a package
  # that is partly in the cache ("sealing violation"); a copy must start without it.
  readlink -f "$out" > "$out/lib/waiaas-aot.home"
fi
echo "build-image: $out ($(du -sh "$out" | cut -f1)) with $jdk_modules"
