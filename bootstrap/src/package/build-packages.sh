#!/usr/bin/env bash
# Turn the runtime image into npm tarballs (run by Maven in `package`, after build-image.sh).
#
#   packages/waiaas-cli-{N}.tgz        the release package of this build: what `npm publish` ships
#   packages/test/waiaas-cli-{N+1}*.tgz test-only packages for the upgrade tests; never published
#   packages/test/stops/*.tgz           test-only packages whose schema ranges force required stops (CMPT-B2)
#   packages/test/trust/*.tgz           test-only packages a publisher check refuses, and the key-rotation walk (TRST-B1..B3)
#
# Every package is signed (TRST-B1): waiaas-release.json lists the SHA-256 of every other file, and
# waiaas-release.json.sig is its Ed25519 signature, made by tools/release-signing/ReleaseSigner.java. A build signs with
# TEST-ONLY keys it generates into target/test-signing-keys/ (never committed, never published); the image and every
# package carry the TEST-ONLY key list waiaas-keys.json that trusts them, so the upgrade tests check real signatures.
# The release workflow replaces the release package's key list and signature with the publisher's
# (scripts/release/sign-package, key from the CI secret WAIAAS_RELEASE_SIGNING_KEY).
#
# The package root is the image itself (bin/waiaas, bin/java, lib/, app/, ...) plus package.json, so an npm global
# install and a side-by-side install both have {package}/bin/waiaas, and LAYT-05's {installRoot}/current/bin/waiaas
# holds. The "waiaas" block of package.json (schemaVersion, minCompatibleSchemaVersion) is read from the
# migration index inside the image's adapters-sqlite jar, so it cannot drift from the migrations shipped.
#
# N+1 is "the same sources plus one extra test migration": the image is copied, V{LATEST+1}__upgrade_probe.sql is
# added to the adapters-sqlite jar and its index, and the version is rewritten in the bootstrap jar's
# build.properties, VERSION and package.json. Nothing in the product reads a switch to do this: the test packages
# differ from the release only by the bytes written here.
#
# The stops packages are made the same way with the issue's shape, s being this build's latest schema: {M+1}.2.0
# (schema s+1, migrates from 1), {M+1}.5.0 (s+3, from s+1) and {M+2}.0.0 (s+4, from s+3), M the major version of N,
# so a database at s needs {M+1}.2.0 -> {M+1}.5.0 -> {M+2}.0.0. Each adds real migrations and sets the index's
# min-compatible line to its minimum; a variant of {M+1}.5.0 has a first new migration that fails halfway.
#
# Tarballs are deterministic: sorted entries, npm's fixed mtime, uid/gid 0, gzip without name or time. Symlinks
# (jlink's legal/ files) are stored as files, because npm drops links when it unpacks a package; file modes are
# kept (npm keeps the executable bits of the tarball: bin/waiaas, bin/java and lib/jspawnhelper stay 0755).
set -euo pipefail

java_home=$1 image=$2 version=$3 out=$4
# Absolute paths: jar runs from inside scratch folders below.
image=$(cd "$image" && pwd)
mkdir -p "$out" && out=$(cd "$out" && pwd)

jar_tool="$java_home/bin/jar"
test_out="$out/test"
scratch="$out/.work"
npm_mtime=499162500 # 1985-10-26T08:15:00Z, the mtime npm pack gives every entry
npm_date=1985-10-26T08:15:00Z # the same, for the entries the test packages add to jars, so they are deterministic too

die() { echo "build-packages: $*" >&2; exit 1; }

[ -x "$image/bin/waiaas" ] && [ -x "$image/bin/java" ] || die "no runtime image at $image"
one_jar() { # prints the single jar of $image/app matching $1
  local matches=("$image"/app/$1)
  [ ${#matches[@]} -eq 1 ] && [ -f "${matches[0]}" ] || die "expected one $1 in $image/app, found: ${matches[*]}"
  printf '%s' "${matches[0]##*/}"
}
sqlite_jar=$(one_jar 'waiaas-adapters-sqlite-*.jar')
bootstrap_jar=$(one_jar 'waiaas-bootstrap-*.jar')

rm -rf "$out" && mkdir -p "$test_out" "$scratch"

# ---- the TypeScript declarations of the /health contract (SYNC-01) ----
# Generated from the OpenAPI document the daemon serves (written by the image's own adapters-http) with the pinned
# openapi-typescript; shipped in the release package as types/health.d.ts ("types" in package.json).
here=$(cd "$(dirname "$0")" && pwd)
tools_modules=$("$here/../../../scripts/mcp-tools")
mkdir -p "$out/types"
"$java_home/bin/java" --module-path "$image/app" \
  -m io.waiaas.adapters.http/io.waiaas.adapters.http.OpenApiDocument "$version" "$out/types/openapi.json"
node "$tools_modules/openapi-typescript/bin/cli.js" "$out/types/openapi.json" -o "$out/types/health.d.ts" >&2
grep -q 'HealthResponse: {' "$out/types/health.d.ts" || die "openapi-typescript wrote no HealthResponse"

# ---- what this build ships ----

extract() { # extract JAR ENTRY DIR: unpack one entry of JAR into DIR
  (cd "$3" && "$jar_tool" --extract --file "$1" "$2") >&2
}
index_dir="$scratch/index" && mkdir -p "$index_dir"
extract "$image/app/$sqlite_jar" db/migration/index.txt "$index_dir"
index="$index_dir/db/migration/index.txt"
latest=$(sed -nE 's/^V([1-9][0-9]*)__[a-z0-9_]+\.sql$/\1/p' "$index" | sort -n | tail -n 1)
minimum=$(sed -n 's/^min-compatible=\([1-9][0-9]*\)$/\1/p' "$index")
[ -n "$latest" ] && [ -n "$minimum" ] || die "cannot read the schema range from db/migration/index.txt"

# The image's JDK is linked from the building JDK, so that JDK's architecture is the package's.
arch=$(sed -n 's/^OS_ARCH="\(.*\)"$/\1/p' "$java_home/release" 2>/dev/null || true)
case "${arch:-$(uname -m)}" in
  x86_64|amd64) cpu=x64 ;;
  aarch64|arm64) cpu=arm64 ;;
  *) die "unknown architecture ${arch:-$(uname -m)} of $java_home" ;;
esac

# npm's patch bump: 1.2.3 -> 1.2.4, and a pre-release 1.3.0-rc.1 -> 1.3.0; and the stops' versions above N's major.
if [[ $version =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$ ]]; then
  stops=("$((BASH_REMATCH[1] + 1)).2.0" "$((BASH_REMATCH[1] + 1)).5.0" "$((BASH_REMATCH[1] + 2)).0.0")
  if [ -n "${BASH_REMATCH[4]}" ]; then
    next="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}"
  else
    next="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))"
  fi
else
  die "not a semantic version: $version"
fi

# ---- signing (TRST-B1..B3), with TEST-ONLY keys made here ----

keys_dir=$(cd "$out/.." && pwd)/test-signing-keys
signer_classes="$scratch/signer" && mkdir -p "$signer_classes"
"$java_home/bin/javac" -d "$signer_classes" --module-path "$image/app" --add-modules io.waiaas.domain \
  "$here/../../../tools/release-signing/ReleaseSigner.java" >&2
signer() { # signer COMMAND ARGS...: run the release signer
  "$java_home/bin/java" --module-path "$image/app" --add-modules io.waiaas.domain -cp "$signer_classes" \
    ReleaseSigner "$@"
}
far=2099-01-01T00:00:00Z long_ago=2000-01-01T00:00:00Z
# Signed "at" the commit's time, not the build's, so that a package is the same bytes for the same commit and keys.
signed_at=$(TZ=UTC git -C "$here" log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null || true)
[ -n "$signed_at" ] || signed_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# test-key-1 signs N and the packages built from it; test-key-2 is the rotation's next key; the others only sign the
# hostile packages: unknown (trusted by nobody), expired (endorsed, expired), revoked (trusted, revoked in 2000).
for id in test-key-1 test-key-2 test-unknown test-expired test-revoked; do
  [ -f "$keys_dir/$id.key" ] || signer keygen "$keys_dir" "$id"
done
# The key list of the image and of every package unless a variant says otherwise: TEST-ONLY.
signer keylist "$scratch/keys.json" --key test-key-1 "$keys_dir/test-key-1.pub" "$far" \
  --key test-revoked "$keys_dir/test-revoked.pub" "$far" \
  --revoke test-revoked "$long_ago" test-key-1 "$keys_dir/test-key-1.key"
rm -f "$image/waiaas-keys.json" && cp "$scratch/keys.json" "$image/waiaas-keys.json"

sign_package() { # sign_package DIR [KEY_ID [VERSION SCHEMA MINIMUM]]: sign package folder DIR, by default with
  # test-key-1 and the version and schema range of its package.json
  local dir=$1 key=${2:-test-key-1} v=${3:-} sv=${4:-} mv=${5:-}
  if [ -z "$v" ]; then
    read -r v sv mv < <(node -e 'const p = require(process.argv[1]);
      console.log(p.version, p.waiaas.schemaVersion, p.waiaas.minCompatibleSchemaVersion)' "$dir/package.json")
  fi
  signer sign "$dir" "$key" "$keys_dir/$key.key" "$v" "$sv" "$mv" "$signed_at"
}

key_list() { # key_list DIR ARGS...: replace the key list of package folder DIR by one made of ARGS (signer keylist)
  local dir=$1
  shift
  rm -f "$dir/waiaas-keys.json" # a hard link to the image's: never written through
  signer keylist "$dir/waiaas-keys.json" "$@"
}

# ---- packaging ----

changelog_section() { # changelog_section FILE VERSION: print VERSION's entry of changelog FILE (release-please's
  # "## [1.2.0](...) (date)" or "## 1.2.0" heading and what follows, up to the next level-2 heading); nothing if none
  awk -v v="$2" '
    /^## / { inside = 0; h = substr($0, 4); sub(/^\[/, "", h); sub(/^v/, "", h); split(h, w, /[] (]/)
             if (w[1] == v) inside = 1 }
    inside { print }
  ' "$1"
}

json_string() { # json_string: print stdin as one JSON string
  node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(0, "utf8")))'
}

package_json() { # package_json DIR VERSION SCHEMA MINIMUM: write DIR/package.json; the waiaas block carries VERSION's
  # entry of DIR/CHANGELOG.md as releaseNotes, so a registry's packument gives each version's notes without a download
  local files="" entry notes=""
  if [ -f "$1/CHANGELOG.md" ]; then
    notes=$(changelog_section "$1/CHANGELOG.md" "$2")
  fi
  for entry in "$1"/*; do
    entry=${entry##*/}
    [ "$entry" = package.json ] && continue
    if [ -d "$1/$entry" ]; then entry="$entry/"; fi
    files="$files${files:+, }\"$entry\""
  done
  files="$files, \"waiaas-release.json\", \"waiaas-release.json.sig\""
  cat > "$1/package.json" <<EOF
{
  "name": "@waiaas/cli",
  "version": "$2",
  "description": "Self-hosted daemon with a command line that upgrades itself safely",
  "bin": {
    "waiaas": "bin/waiaas"
  },
  "scripts": {
    "postinstall": "sh lib/waiaas-aot --quiet || true"
  },
  "os": ["linux"],$(if [ -f "$1/types/health.d.ts" ]; then printf '\n  "types": "types/health.d.ts",'; fi)
  "cpu": ["$cpu"],
  "files": [$files],
  "publishConfig": {
    "access": "public"
  },
  "waiaas": {
    "schemaVersion": $3,
    "minCompatibleSchemaVersion": $4$(if [ -n "$notes" ]; then printf ',\n    "releaseNotes": %s' "$(printf '%s\n' "$notes" | json_string)"; fi)
  }
}
EOF
}

stage() { # stage NAME: print a fresh staging folder holding a hard-linked copy of the image as package/
  local dir="$scratch/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  # Hard links cost no copy; every file changed below is replaced (rename), never written through a link.
  cp -al "$image" "$dir/package"
  # The image's AOT caches are bound to the image's absolute path and exact jars (the JVM checks both), so they can
  # never match an installed package, nor N+1's changed jars: they are left out of every package, which makes its
  # own where it is installed (lib/waiaas-aot: npm's postinstall, or waiaas's installer). docs/performance.md.
  rm -f "$dir/package/lib/"waiaas-*.aot "$dir/package/lib/"waiaas-*.aot.config "$dir/package/lib/waiaas-aot.home" \
    "$dir/package/lib/waiaas-aot.log"
  rm -rf "$dir/package/lib/.aot-training"
  printf '%s' "$dir"
}

own_copy() { # own_copy FILE: replace a hard link to the image by a private copy that may be changed
  cp -p "$1" "$1.own" && mv -f "$1.own" "$1"
}

pack() { # pack STAGE TARBALL GZIP_LEVEL: sign STAGE's package unless it is signed already, and pack it
  [ -f "$1/package/waiaas-release.json" ] || sign_package "$1/package"
  tar --create --format=ustar --sort=name --mtime="@$npm_mtime" --owner=0 --group=0 --numeric-owner \
    --mode='u+rwX,go+rX,go-w' --dereference --hard-dereference -C "$1" package \
    | gzip -n "-$3" > "$2.tmp"
  mv "$2.tmp" "$2"
}

# N: the release package.
release_stage=$(stage release)
mkdir -p "$release_stage/package/types" && cp "$out/types/health.d.ts" "$release_stage/package/types/health.d.ts"
# The package carries its changelog: `upgrade --from FILE` reads the notes from it, and an operator finds them there.
changelog="$here/../../../CHANGELOG.md"
[ -f "$changelog" ] || die "no CHANGELOG.md at the repository root ($changelog)"
cp "$changelog" "$release_stage/package/CHANGELOG.md"
package_json "$release_stage/package" "$version" "$latest" "$minimum"
pack "$release_stage" "$out/waiaas-cli-$version.tgz" 9

# Test-only variants: this build as another version with more migrations.

migration() { # migration SET FILE: write stdin to migration FILE (V{n}__name.sql) of set SET; print its path
  mkdir -p "$scratch/sql/$1" && cat > "$scratch/sql/$1/$2" && printf '%s' "$scratch/sql/$1/$2"
}

variant_stage() { # variant_stage NAME VERSION MINIMUM MIGRATION...: print a staging folder of this build as VERSION
  # that migrates from schema MINIMUM and ships the migration files MIGRATION... after its own, up to their schema
  local name=$1 as=$2 min=$3 dir work sql file schema=$latest
  shift 3
  dir=$(stage "$name")
  work="$scratch/$name-jars" && mkdir -p "$work/sqlite/db/migration" "$work/sqlite/db/rollback" "$work/bootstrap"
  extract "$image/app/$sqlite_jar" db/migration/index.txt "$work/sqlite"
  local index="$work/sqlite/db/migration/index.txt" entries=(db/migration/index.txt)
  for sql in "$@"; do
    file=${sql##*/}
    [[ $file =~ ^V([1-9][0-9]*)__[a-z0-9_]+\.sql$ ]] || die "not a migration file name: $file"
    [ "${BASH_REMATCH[1]}" -gt "$schema" ] || die "$file is not newer than schema $schema"
    schema=${BASH_REMATCH[1]}
    cp "$sql" "$work/sqlite/db/migration/$file"
    printf '%s\n' "$file" >> "$index"
    entries+=("db/migration/$file")
    # Its down script U{n}__name.sql beside it makes it reversible (UPGR-B9); without one it is declared irreversible.
    if [ -f "${sql%/*}/U${file#V}" ]; then
      cp "${sql%/*}/U${file#V}" "$work/sqlite/db/rollback/U${file#V}"
      entries+=("db/rollback/U${file#V}")
    else
      printf 'irreversible=%s\n' "$schema" >> "$index"
    fi
  done
  sed -i "s/^min-compatible=.*/min-compatible=$min/" "$index"
  grep -qx "min-compatible=$min" "$index" || die "could not set min-compatible=$min for $name"
  own_copy "$dir/package/app/$sqlite_jar"
  (cd "$work/sqlite" && "$jar_tool" --update --date="$npm_date" --file "$dir/package/app/$sqlite_jar" \
    "${entries[@]}") >&2
  extract "$image/app/$bootstrap_jar" io/waiaas/bootstrap/build.properties "$work/bootstrap"
  sed -i "s/^version=.*/version=$as/" "$work/bootstrap/io/waiaas/bootstrap/build.properties"
  own_copy "$dir/package/app/$bootstrap_jar"
  (cd "$work/bootstrap" && "$jar_tool" --update --date="$npm_date" --file "$dir/package/app/$bootstrap_jar" \
    io/waiaas/bootstrap/build.properties) >&2
  rm -f "$dir/package/VERSION" && printf '%s\n' "$as" > "$dir/package/VERSION"
  # Its own changelog entry above this build's, as release-please would write it (test-only wording).
  {
    printf '## %s (1985-10-26)\n\n### ⚠ BREAKING CHANGES\n\n' "$as"
    printf '* **test:** waiaas %s is a test-only package of this build; never publish it\n\n' "$as"
    printf '### Features\n\n* **test:** migrates the database to schema %s (from schema %s)\n\n' "$schema" "$min"
    cat "$changelog"
  } > "$dir/package/CHANGELOG.md.new"
  rm -f "$dir/package/CHANGELOG.md" && mv "$dir/package/CHANGELOG.md.new" "$dir/package/CHANGELOG.md"
  package_json "$dir/package" "$as" "$schema" "$min"
  printf '%s' "$dir"
}

# N+1 and its failing variants.
next_schema=$((latest + 1))
probe="V${next_schema}__upgrade_probe.sql"

next_stage() { # next_stage NAME MIGRATION: print a staging folder of N+1 with MIGRATION (named $probe) added
  variant_stage "$1" "$next" "$minimum" "$2"
}

# N+1's migration is a real schema change (a new table, a new column on an existing table) with its down script;
# both are files of their own, which DownMigrationsIT also runs against real databases.
test_migrations="$here/test-migrations"
good_sql=$(migration next "$probe" < "$test_migrations/next-up.sql")
migration next "U${probe#V}" < "$test_migrations/next-down.sql" >/dev/null
pack "$(next_stage next "$good_sql")" "$test_out/waiaas-cli-$next.tgz" 1
# The same N+1 with its migration declared irreversible (no down script): its rollback restores the snapshot.
irreversible_sql=$(migration next-irreversible "$probe" < "$test_migrations/next-up.sql")
pack "$(next_stage next-irreversible "$irreversible_sql")" "$test_out/waiaas-cli-$next-irreversible.tgz" 1

bad_sql=$(migration failing-migration "$probe" <<EOF
-- Test only: N+1 whose new migration fails halfway; the table below must not survive the failed migration.
CREATE TABLE upgrade_probe (
    id   INTEGER PRIMARY KEY,
    note TEXT NOT NULL
);
THIS IS NOT SQL;
EOF
)
pack "$(next_stage failing-migration "$bad_sql")" "$test_out/waiaas-cli-$next-failing-migration.tgz" 1

# Never healthy: `start` runs N+1's own JVM, paused before any Java code runs (HotSpot's PauseAtStartup, waiting for a
# file nobody deletes), so the process lives but never takes the lock or answers /health, like a daemon hung in
# start-up; every other command (--version, migrations) works as in N+1. Like a hung daemon it never exits on its
# own: whoever started it must kill it by pid.
hung_stage=$(next_stage never-healthy "$good_sql")
launcher="$hung_stage/package/bin/waiaas"
own_copy "$launcher"
awk '
  /^exec "\$home\/bin\/java"/ && !done {
    print "# TEST ONLY (waiaas-cli-'"$next"'-never-healthy.tgz): `start` pauses the JVM before main; see build-packages.sh."
    print "for arg in \"$@\"; do"
    print "  if [ \"$arg\" = start ]; then"
    print "    exec \"$home/bin/java\" -XX:+UnlockDiagnosticVMOptions -XX:+PauseAtStartup \\"
    print "      -XX:PauseAtStartupFile=\"$home/never-healthy.pause\" -version"
    print "  fi"
    print "done"
    done = 1
  }
  { print }
' "$launcher" > "$launcher.new"
grep -q PauseAtStartup "$launcher.new" || die "could not patch the never-healthy launcher"
chmod 0755 "$launcher.new" && mv -f "$launcher.new" "$launcher"
pack "$hung_stage" "$test_out/waiaas-cli-$next-never-healthy.tgz" 1

# The required stops. One table, one row per migration: a walk that runs each migration once leaves s+1 .. s+4.
stops_out="$test_out/stops" && mkdir -p "$stops_out"
v1=$((latest + 1)) v2=$((latest + 2)) v3=$((latest + 3)) v4=$((latest + 4))
stop_sql() { # stop_sql SET SCHEMA [failing]: print the path of the stops migration to SCHEMA in set SET; "failing"
  # adds invalid SQL after its INSERT, so that it fails halfway
  {
    echo "-- Test only: a migration of the required-stops test packages (bootstrap/src/package/build-packages.sh)."
    if [ "$2" -eq "$v1" ]; then
      printf '%s\n' "CREATE TABLE stop_probe (" "    schema_version INTEGER PRIMARY KEY," \
        "    note           TEXT NOT NULL" ");"
    fi
    echo "INSERT INTO stop_probe (schema_version, note) VALUES ($2, 'created by the migration to schema $2');"
    if [ "${3:-}" = failing ]; then echo "THIS IS NOT SQL;"; fi
  } | migration "$1" "V${2}__stop_probe_$(($2 - latest)).sql"
}
sql1=$(stop_sql stops "$v1") sql2=$(stop_sql stops "$v2") sql3=$(stop_sql stops "$v3") sql4=$(stop_sql stops "$v4")
sql2_failing=$(stop_sql stops-failing "$v2" failing)
pack "$(variant_stage stop-first "${stops[0]}" 1 "$sql1")" "$stops_out/waiaas-cli-${stops[0]}.tgz" 1
pack "$(variant_stage stop-second "${stops[1]}" "$v1" "$sql1" "$sql2" "$sql3")" \
  "$stops_out/waiaas-cli-${stops[1]}.tgz" 1
pack "$(variant_stage stop-second-failing "${stops[1]}" "$v1" "$sql1" "$sql2_failing" "$sql3")" \
  "$stops_out/waiaas-cli-${stops[1]}-failing-migration.tgz" 1
pack "$(variant_stage stop-target "${stops[2]}" "$v3" "$sql1" "$sql2" "$sql3" "$sql4")" \
  "$stops_out/waiaas-cli-${stops[2]}.tgz" 1
printf '%s\n' "${stops[@]}" > "$stops_out/versions"

# The publisher checks (TRST-B1..B3): N+1 refused by one check each, and the key-rotation walk.
trust_out="$test_out/trust" && mkdir -p "$trust_out"
trust_variant() { # trust_variant NAME: print a staging folder of the good N+1, unsigned yet
  next_stage "trust-$1" "$good_sql"
}
hostile() { # hostile NAME STAGE: pack STAGE (signed already) as the hostile package NAME
  pack "$2" "$trust_out/waiaas-cli-$next-$1.tgz" 1
}
t=$(trust_variant unknown-key) && sign_package "$t/package" test-unknown && hostile unknown-key "$t"
t=$(trust_variant expired-key)
key_list "$t/package" --key test-key-1 "$keys_dir/test-key-1.pub" "$far" \
  --key test-expired "$keys_dir/test-expired.pub" "$long_ago" --endorse test-key-1 "$keys_dir/test-key-1.key"
sign_package "$t/package" test-expired && hostile expired-key "$t"
t=$(trust_variant revoked-key) && sign_package "$t/package" test-revoked && hostile revoked-key "$t"
t=$(trust_variant no-endorsement)
key_list "$t/package" --key test-key-1 "$keys_dir/test-key-1.pub" "$far" --key test-key-2 "$keys_dir/test-key-2.pub" "$far"
sign_package "$t/package" test-key-2 && hostile no-endorsement "$t"
t=$(trust_variant file-added) && sign_package "$t/package"
printf 'added after signing\n' > "$t/package/lib/added-after-signing" && hostile file-added "$t"
t=$(trust_variant file-changed) && sign_package "$t/package"
rm -f "$t/package/VERSION" && printf '%s-changed-after-signing\n' "$next" > "$t/package/VERSION"
hostile file-changed "$t"
t=$(trust_variant file-removed) && sign_package "$t/package"
rm -f "$t/package/CHANGELOG.md" && hostile file-removed "$t"
t=$(trust_variant version-mismatch) && sign_package "$t/package" test-key-1 "${stops[0]}" "$next_schema" "$minimum"
hostile version-mismatch "$t"
t=$(trust_variant schema-mismatch) && sign_package "$t/package" test-key-1 "$next" "$((next_schema + 5))" "$minimum"
hostile schema-mismatch "$t"
# Unsigned: packed as pack would, without the signing.
t=$(trust_variant unsigned)
tar --create --format=ustar --sort=name --mtime="@$npm_mtime" --owner=0 --group=0 --numeric-owner \
  --mode='u+rwX,go+rX,go-w' --dereference --hard-dereference -C "$t" package \
  | gzip -n -1 > "$trust_out/waiaas-cli-$next-unsigned.tgz"

# The rotation walk: N trusts test-key-1; R1 (= N+1, signed by test-key-1) endorses test-key-2; R2 (signed by
# test-key-2, listing test-key-2 alone) migrates only from R1's schema, so required stops take R1 first. R2-direct is
# R2 migrating straight from N's schema: from N it is refused, as nothing N trusts endorsed test-key-2.
[[ $next =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "not a release version: $next"
after_next="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))"
rotation_sql=$(migration rotation "V$((next_schema + 1))__rotation_probe.sql" <<EOF
-- Test only: the second migration of the key-rotation walk's last package ($after_next).
CREATE TABLE rotation_probe (id INTEGER PRIMARY KEY);
EOF
)
t=$(trust_variant rotation-endorses)
key_list "$t/package" --key test-key-1 "$keys_dir/test-key-1.pub" "$far" \
  --key test-key-2 "$keys_dir/test-key-2.pub" "$far" --endorse test-key-1 "$keys_dir/test-key-1.key"
pack "$t" "$trust_out/waiaas-cli-$next-rotation.tgz" 1
for variant in rotation:"$next_schema" rotation-direct:"$minimum"; do
  t=$(variant_stage "trust-${variant%%:*}-last" "$after_next" "${variant##*:}" "$good_sql" "$rotation_sql")
  key_list "$t/package" --key test-key-2 "$keys_dir/test-key-2.pub" "$far"
  sign_package "$t/package" test-key-2 && pack "$t" "$trust_out/waiaas-cli-$after_next-${variant%%:*}.tgz" 1
done
printf '%s\n' "$after_next" > "$trust_out/after-next-version"

printf '%s\n' "$next" > "$test_out/next-version"
cat > "$test_out/README.txt" <<EOF
Test-only packages made by bootstrap/src/package/build-packages.sh for the upgrade tests. Never publish these.

waiaas-cli-$next.tgz                     N+1: this build plus migration $probe (creates table upgrade_probe, adds
                                          column audit_events.actor) and its down script U${probe#V}
waiaas-cli-$next-irreversible.tgz        N+1 whose $probe is declared irreversible (no down script)
waiaas-cli-$next-failing-migration.tgz   N+1 whose $probe fails halfway (invalid SQL after a CREATE TABLE)
waiaas-cli-$next-never-healthy.tgz       N+1 whose \`start\` JVM pauses before main: alive, never answers /health
next-version                              the version N+1 ($next)

trust/: signed with the TEST-ONLY keys in target/test-signing-keys (TRST-B1..B3); each waiaas-cli-$next-CHECK.tgz is N+1
refused by one publisher check: unknown-key, expired-key, revoked-key, no-endorsement, file-added, file-changed,
file-removed, version-mismatch, schema-mismatch, unsigned. The rotation walk: waiaas-cli-$next-rotation.tgz (signed by
test-key-1, endorses test-key-2) -> waiaas-cli-$after_next-rotation.tgz (signed by test-key-2 alone, migrates only from
$next's schema); waiaas-cli-$after_next-rotation-direct.tgz migrates from N's schema, and N refuses it.

stops/: required stops (CMPT-B2) from a database at this build's schema $latest:
${stops[0]} -> ${stops[1]} -> ${stops[2]}. Each migration they add inserts its row into table stop_probe.
stops/waiaas-cli-${stops[0]}.tgz       schema $v1, migrates from 1: adds V$v1 (creates stop_probe)
stops/waiaas-cli-${stops[1]}.tgz       schema $v3, migrates from $v1: adds V$v1 .. V$v3
stops/waiaas-cli-${stops[1]}-failing-migration.tgz
                                  ${stops[1]} whose V$v2 fails halfway (invalid SQL after its INSERT)
stops/waiaas-cli-${stops[2]}.tgz       schema $v4, migrates from $v3: adds V$v1 .. V$v4
stops/versions                     the three versions in route order, one a line
EOF

rm -rf "$scratch"
echo "build-packages: $out/waiaas-cli-$version.tgz ($(du -h "$out/waiaas-cli-$version.tgz" | cut -f1)," \
  "schema $latest, min $minimum), $(ls "$test_out"/*.tgz | wc -l) test packages of $next in $test_out" \
  "and $(ls "$stops_out"/*.tgz | wc -l) of the stops ${stops[*]} in $stops_out"
