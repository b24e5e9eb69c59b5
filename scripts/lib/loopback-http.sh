# shellcheck shell=bash
# Loopback HTTP for the container scripts (scripts/container/smoke, scripts/container/kube-play), in bash alone:
# the hosts they run on need no curl.
# http_get PORT PATH: GET PATH from 127.0.0.1:PORT; sets $status (status line) and $body (read by
# Content-Length: the server keeps the connection open even when asked to close it, so reading to the end hangs).
http_get() {
  local line length=0
  status="" body=""
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$2" "$1" >&3
  IFS= read -r -t 5 status <&3 || { exec 3<&-; return 1; }
  status=${status%$'\r'}
  while IFS= read -r -t 5 line <&3; do
    line=${line%$'\r'}
    [ -z "$line" ] && break
    case "${line,,}" in content-length:*) length=${line#*:}; length=${length//[!0-9]/} ;; esac
  done
  if [ "${length:-0}" -gt 0 ]; then IFS= read -r -t 5 -N "$length" body <&3; fi
  exec 3<&-
}
