# shellcheck shell=bash
# Shared by bench/run and reliability/run (sourced, not run): getting wrk, and reading its report.

# install_missing TOOL:PACKAGE...: install the Debian package of each missing tool with apt-get, when we are root
# and apt-get exists; otherwise (or when that fails) leave it to the caller to notice the tool is still missing.
install_missing() {
  local pair tool missing=()
  for pair in "$@"; do
    tool=${pair%%:*}
    command -v "$tool" >/dev/null || missing+=("${pair#*:}")
  done
  if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} with apt-get" >&2
    # A fresh machine's package lists may be missing or old: update them once when the install fails.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; } || true
  fi
}

# wrk_errors FILE: the errors in a wrk report: non-2xx/3xx responses plus socket errors (connect, read, write,
# timeout).
wrk_errors() {
  awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i }
    END { print n + 0 }' "$1"
}

# wrk_requests FILE: the number of requests a wrk report counts.
wrk_requests() {
  awk '/ requests in / { print $1; found = 1 } END { if (!found) print 0 }' "$1"
}
