package io.waiaas.application.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A real {@code systemctl} for tests, written as a bash script into a folder to put first on {@code PATH}: it keeps
 * one unit, {@code waiaas.service}, read from {@code $WAIAAS_SYSTEMD_UNIT_DIR}, records every call, and really starts
 * the unit's {@code ExecStart=} in the background (its output appended where {@code StandardOutput=append:} says),
 * runs {@code ExecStartPost=} for a blocking start, and stops it with SIGTERM. Its state lives in {@code
 * $WAIAAS_SYSTEMD_UNIT_DIR/.fake-systemd}: {@code calls} (one line per call), {@code mainpid}, {@code status},
 * {@code invocation}, {@code enabled}.
 */
public final class FakeSystemctl {
    private static final String SCRIPT = """
            #!/usr/bin/env bash
            set -u
            units="${WAIAAS_SYSTEMD_UNIT_DIR:?the fake systemctl needs WAIAAS_SYSTEMD_UNIT_DIR}"
            state="$units/.fake-systemd"
            mkdir -p "$state"
            echo "$*" >> "$state/calls"
            [ "${1:-}" = "--user" ] && shift
            verb="${1:-}"; shift || true
            block=1; now=0; value=0; props=(); args=()
            while [ $# -gt 0 ]; do
              case "$1" in
                --no-block) block=0 ;;
                --now) now=1 ;;
                --value) value=1 ;;
                -p) shift; props+=("$1") ;;
                --signal=*) signal="${1#--signal=}" ;;
                *) args+=("$1") ;;
              esac
              shift
            done
            unit="$units/waiaas.service"
            mainpid() {
              local pid; pid=$(cat "$state/mainpid" 2>/dev/null || echo 0)
              if [ "$pid" != 0 ] && kill -0 "$pid" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
                echo "$pid"
              else
                echo 0
              fi
            }
            line() { grep -m1 "^$1=" "$unit" | cut -d= -f2- | sed -e 's/%%/%/g' -e 's/\\$\\$/$/g'; }
            stop() {
              local pid; pid=$(mainpid)
              [ "$pid" = 0 ] && return 0
              kill -TERM "$pid" 2>/dev/null
              if [ "$block" = 1 ]; then
                for _ in $(seq 1 900); do [ "$(mainpid)" = 0 ] && return 0; sleep 0.1; done
                return 1
              fi
            }
            case "$verb" in
              daemon-reload) exit 0 ;;
              enable) [ -f "$unit" ] || { echo "Unit waiaas.service not found." >&2; exit 5; }; touch "$state/enabled" ;;
              disable) rm -f "$state/enabled"; [ "$now" = 1 ] && stop; exit 0 ;;
              is-enabled) [ -f "$state/enabled" ] && { echo enabled; exit 0; }; echo disabled; exit 1 ;;
              is-active) [ "$(mainpid)" != 0 ] && { echo active; exit 0; }; echo inactive; exit 3 ;;
              start)
                [ -f "$unit" ] || { echo "Unit waiaas.service not found." >&2; exit 5; }
                [ "$(mainpid)" != 0 ] && exit 0
                log=$(line StandardOutput); log="${log#append:}"; [ -n "$log" ] || log=/dev/null
                mkdir -p "$(dirname "$log")"
                eval "cmd=($(line ExecStart))"
                echo "$RANDOM$RANDOM$RANDOM" > "$state/invocation"
                rm -f "$state/status"
                ( INVOCATION_ID=$(cat "$state/invocation") "${cmd[@]}" </dev/null >>"$log" 2>&1 &
                  child=$!; echo "$child" > "$state/mainpid"; echo "$child" > "$state/execmainpid"
                  wait "$child"; echo $? > "$state/status" ) </dev/null >/dev/null 2>&1 &
                for _ in $(seq 1 100); do [ -s "$state/execmainpid" ] && [ "$(cat "$state/execmainpid")" != "$(cat "$state/previous" 2>/dev/null)" ] && break; sleep 0.05; done
                cp "$state/execmainpid" "$state/previous" 2>/dev/null
                if [ "$block" = 1 ] && grep -q '^ExecStartPost=' "$unit"; then
                  eval "post=($(line ExecStartPost))"
                  "${post[@]}" </dev/null >>"$log" 2>&1 || { stop; exit 1; }
                fi
                exit 0 ;;
              stop) stop; exit $? ;;
              kill) pid=$(mainpid); [ "$pid" != 0 ] && kill "-${signal:-TERM}" "$pid"; exit 0 ;;
              show)
                for p in "${props[@]}"; do
                  case "$p" in
                    MainPID) v=$(mainpid) ;;
                    ExecMainPID) v=$(cat "$state/execmainpid" 2>/dev/null || echo 0) ;;
                    ExecMainStatus) v=$(cat "$state/status" 2>/dev/null) ;;
                    InvocationID) v=$(cat "$state/invocation" 2>/dev/null || echo) ;;
                    ActiveState) [ "$(mainpid)" != 0 ] && v=active || v=inactive ;;
                    *) v= ;;
                  esac
                  if [ "$value" = 1 ]; then echo "$v"; else echo "$p=$v"; fi
                done
                exit 0 ;;
              *) echo "fake systemctl: unknown verb $verb" >&2; exit 1 ;;
            esac
            """;

    private FakeSystemctl() {}

    /** Write the fake {@code systemctl} into {@code binDir} (created when missing) and return its path. */
    public static Path install(Path binDir) {
        try {
            Files.createDirectories(binDir);
            Path script = binDir.resolve("systemctl");
            Files.writeString(script, SCRIPT);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Return the calls made so far to the fake whose units live in {@code unitDir}, one per line as given. */
    public static List<String> calls(Path unitDir) {
        Path calls = unitDir.resolve(".fake-systemd").resolve("calls");
        try {
            return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Return the pid the fake counts as the unit's main process, written by a start. */
    public static Path mainPidFile(Path unitDir) {
        return unitDir.resolve(".fake-systemd").resolve("mainpid");
    }
}
