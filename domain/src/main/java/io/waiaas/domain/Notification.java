package io.waiaas.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One event a webhook receiver is told about (OPS-03): a newer release found, or an upgrade, a {@code --rollback} or
 * the recovery of an interrupted one that started or ended.
 *
 * <p>The payload's keys are these components, always all of them ({@code null} where a value is unknown):
 * {@code event}, {@code id}, {@code at}, {@code host}, {@code from}, {@code to}, {@code reason}, {@code message}. The
 * {@code id} is derived from what the event is, never drawn at random, so an event posted again after a restart
 * carries the same id and a receiver can drop the copy.
 *
 * @param event the event's name: {@code update.available}, or {@code {action}.{outcome}} of {@link #EVENTS}
 * @param id a stable id, a name-based UUID
 * @param at when it happened
 * @param host the name of the machine it happened on
 * @param from the version before, when known
 * @param to the version after, or aimed at, when known
 * @param reason why it was refused or went back, as a stable code ({@code migration-failed}), when known
 * @param message one line for a person
 */
public record Notification(
        String event,
        String id,
        Instant at,
        String host,
        Optional<Version> from,
        Optional<Version> to,
        Optional<String> reason,
        String message) {

    /** The name of the event sent once per newer release the daemon's version check finds. */
    public static final String UPDATE_AVAILABLE = "update.available";

    /** Every event name: {@code update.available}, then each action's, in the order of the enums. */
    public static final List<String> EVENTS = Stream.concat(
                    Stream.of(UPDATE_AVAILABLE),
                    Stream.of(UpgradeRecord.Action.values())
                            .flatMap(a ->
                                    Stream.of(UpgradeRecord.Result.values()).map(r -> eventName(a, r))))
            .distinct()
            .toList();

    public Notification {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** Return the event for a newer release {@code latest} found at {@code at} while {@code current} runs. */
    public static Notification updateAvailable(String host, Instant at, Version current, Version latest) {
        return updateAvailable(host, at, current, latest, UpdatePath.COMMAND);
    }

    /**
     * Return the event for a newer release {@code latest} found at {@code at} while {@code current} runs, telling
     * what moves an installation updated by {@code path} to it.
     */
    public static Notification updateAvailable(
            String host, Instant at, Version current, Version latest, UpdatePath path) {
        return new Notification(
                UPDATE_AVAILABLE,
                id("update.available", host, latest.toString()),
                at,
                host,
                Optional.of(current),
                Optional.of(latest),
                Optional.empty(),
                "waiaas " + latest + " is available (running " + current + "); " + path.advice(latest, ""));
    }

    /**
     * Return the event for {@code entry}, the {@code index}th line (from 0) of the upgrade history of {@code host}.
     */
    public static Notification ofUpgrade(String host, int index, UpgradeRecord entry) {
        String event = eventName(entry.action(), entry.result());
        return new Notification(
                event,
                id(
                        "upgrade-history",
                        host,
                        Integer.toString(index),
                        Long.toString(entry.at().toEpochMilli()),
                        entry.action().code(),
                        entry.result().code()),
                entry.at(),
                host,
                entry.from(),
                entry.to(),
                entry.reason().map(Reason::code),
                message(entry));
    }

    /** Return the name of the event of {@code action} ending with {@code result}, one of {@link #EVENTS}. */
    public static String eventName(UpgradeRecord.Action action, UpgradeRecord.Result result) {
        String outcome = switch (result) {
            case STARTED -> "started";
            case UPGRADED -> action == UpgradeRecord.Action.UPGRADE ? "succeeded" : "upgraded";
            case ROLLED_BACK -> action == UpgradeRecord.Action.ROLLBACK ? "succeeded" : "rolled_back";
            case ROLLBACK_FAILED -> action == UpgradeRecord.Action.ROLLBACK ? "failed" : "rollback_failed";
            case REFUSED -> "refused";
            case REVERTED -> action == UpgradeRecord.Action.ROLLBACK ? "succeeded" : "reverted";
        };
        return action.code() + "." + outcome;
    }

    private static String message(UpgradeRecord entry) {
        String what = switch (entry.action()) {
            case UPGRADE -> "upgrade";
            case ROLLBACK -> "rollback";
            case RECOVERY -> "recovery of an interrupted upgrade";
        };
        String versions = entry.from().map(v -> " from " + v).orElse("")
                + entry.to().map(v -> " to " + v).orElse("");
        String because = entry.reason().map(r -> " (" + r.code() + ")").orElse("");
        String result = switch (entry.result()) {
            case STARTED -> "started";
            case UPGRADED -> "completed: the new version serves";
            case ROLLED_BACK -> "failed" + because + " and was rolled back: the previous version serves";
            case ROLLBACK_FAILED ->
                "failed" + because + " and going back failed too: manual steps are needed (run waiaas status)";
            case REFUSED -> "was refused" + because + "; nothing was changed";
            case REVERTED -> "put the previous version and its data back";
        };
        return what + versions + " " + result;
    }

    /** Return a name-based UUID (type 3) of the parts, joined: the same parts always give the same id. */
    static String id(String... parts) {
        String text = String.join("\n", parts);
        byte[] utf16 = new byte[text.length() * 2]; // UTF-16BE by hand: the domain has no charsets
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            utf16[2 * i] = (byte) (c >> 8);
            utf16[2 * i + 1] = (byte) c;
        }
        return UUID.nameUUIDFromBytes(utf16).toString();
    }
}
