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

# A man page for waiaas and each command (HELP-04), written by the image's own command line from the model its
# --help comes from; the npm package carries share/ as it carries the rest of the image.
"$out/bin/java" --module-path "$out/app" -m io.waiaas.adapters.cli/io.waiaas.adapters.cli.ManPages \
  "$out/share/man/man1" "$version" | sed 's/^/build-image: /'
[ -f "$out/share/man/man1/waiaas.1" ] || { echo "build-image: no man pages written" >&2; exit 1; }

install -m 0755 "$here/waiaas-aot" "$out/lib/waiaas-aot"

# Three AOT caches (JDK 25, JEP 483/514): the daemon, every other command, and `--version` alone, made by
# lib/waiaas-aot (a training run each through the launcher, on a fresh data dir; see that script). A cache is valid
# only for this image at this path with these exact jars, so every installed copy trains its own the same way (the
# installer, npm's postinstall, the container build); anything else makes the launcher leave it unused. No cache, no
# failure: the image then starts as it would without one. WAIAAS_IMAGE_AOT=0 skips the training.
if [ "${WAIAAS_IMAGE_AOT:-1}" != 0 ]; then
  "$out/lib/waiaas-aot" | sed 's/^waiaas-aot:/build-image:/' || true
fi
echo "build-image: $out ($(du -sh "$out" | cut -f1)) with $jdk_modules"
