# shellcheck shell=bash
# Shared by scripts/ci/checks and scripts/mcp-tools (sourced, not run): the npm tools a folder of tools/ pins.

# npm_tools NAME DIR ENTRY...: make sure node 18+ and npm are here (installed with apt-get when missing and we are
# root), then install the tools DIR/package-lock.json pins into DIR/node_modules (git-ignored) with `npm ci` when
# they are missing, stale (the lock changed since) or incomplete (an ENTRY, a path below node_modules, is absent).
# Messages go to stderr, prefixed with NAME; returns non-zero when node or npm cannot be had.
npm_tools() {
  local name=$1 dir=$2 entry
  shift 2
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "$name: installing nodejs and npm with apt-get" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
      echo "$name: needs node (18 or newer) and npm" >&2
      return 1
    fi
  fi
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$node_major" -lt 18 ]; then
    echo "$name: needs node 18 or newer, found $(node --version)" >&2
    return 1
  fi
  local stamp=$dir/node_modules/.installed-lock.json stale=false
  cmp -s "$dir/package-lock.json" "$stamp" || stale=true
  for entry in "$@"; do
    [ -e "$dir/node_modules/$entry" ] || stale=true
  done
  if [ "$stale" = true ]; then
    echo "$name: installing the pinned tools into $dir/node_modules (npm ci)" >&2
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
