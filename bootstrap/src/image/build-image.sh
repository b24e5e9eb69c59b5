#!/usr/bin/env bash
# Build the waiaas runtime image: a jlink'd minimal JDK, the application's modules in app/, and bin/waiaas.
#
# The application jars stay on the module path instead of being linked: Flyway and cron-utils are automatic
# modules, which jlink refuses, and a module path keeps JPMS enforcement without hand-written descriptors.
# See docs/adr/0001-runtime-image.md.
set -euo pipefail

java_home=$1 app_jar=$2 deps_dir=$3 out=$4 version=$5
here=$(cd "$(dirname "$0")" && pwd)

# JDK modules the application needs (checked by jdeps below, proven by the image's end-to-end tests).
jdk_modules=java.base,java.logging,java.net.http,java.sql,java.naming,java.management,jdk.unsupported,java.xml,jdk.crypto.ec,jdk.zipfs,jdk.localedata

rm -rf "$out"
mkdir -p "$(dirname "$out")"
"$java_home/bin/jlink" \
  --add-modules "$jdk_modules" \
  --include-locales en \
  --output "$out" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6

mkdir -p "$out/app"
cp "$app_jar" "$out/app/"
cp "$deps_dir"/*.jar "$out/app/"
# SQLite JDBC carries natives for every platform; keep the one this image runs on.
command -v zip >/dev/null && for jar in "$out"/app/sqlite-jdbc-*.jar; do
  zip -q -d "$jar" 'org/sqlite/native/FreeBSD/*' 'org/sqlite/native/Mac/*' 'org/sqlite/native/Windows/*' \
    'org/sqlite/native/Linux-Android/*' 'org/sqlite/native/Linux-Musl/*' 2>/dev/null || true
  for arch in aarch64 arm armv6 armv7 ppc64 riscv64 x86 s390x; do
    zip -q -d "$jar" "org/sqlite/native/Linux/$arch/*" 2>/dev/null || true
  done
done

install -m 0755 "$here/waiaas" "$out/bin/waiaas"
printf '%s\n' "$version" > "$out/VERSION"

# Check that every JDK module the application reads is in the image.
missing=$("$java_home/bin/jdeps" --multi-release 21 --ignore-missing-deps --print-module-deps \
  --module-path "$out/app" "$out"/app/*.jar 2>/dev/null | tr ',' '\n' | grep -v '^$' \
  | while read -r m; do case ",$jdk_modules," in *",$m,"*) ;; *) echo "$m";; esac; done || true)
if [ -n "$missing" ]; then
  echo "build-image: JDK modules used by the application but not linked: $missing" >&2
  exit 1
fi
echo "build-image: $out ($(du -sh "$out" | cut -f1))"
