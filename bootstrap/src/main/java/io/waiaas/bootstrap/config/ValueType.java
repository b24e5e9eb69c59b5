package io.waiaas.bootstrap.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.DomainException;
import io.waiaas.domain.Durations;
import io.waiaas.domain.MaintenanceWindow;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Convert one configuration value, written in TOML or given as an environment variable's text, to its Java type.
 *
 * <p>Each type also says what it accepts, so that every refusal reads "{key} must be {expectation}, was {value}".
 *
 * @param <T> the Java type of the converted value
 */
sealed interface ValueType<T> {

    /** Return the value of a TOML node, or empty when the node does not fit this type. */
    Optional<T> fromToml(JsonNode node);

    /** Return the value of an environment variable's text, or empty when the text does not fit this type. */
    Optional<T> fromText(String text);

    /** Return what this type accepts, worded to follow "must be". */
    String expectation();

    /** A value written as a TOML string, read as an environment variable's text is. */
    sealed interface TextValue<T> extends ValueType<T> {
        @Override
        default Optional<T> fromToml(JsonNode node) {
            return node.isTextual() ? fromText(node.textValue()) : Optional.empty();
        }
    }

    /** Accept a whole number in {@code [min, max]}. */
    record IntegerRange(int min, int max) implements ValueType<Integer> {
        private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]{1,18}");

        @Override
        public Optional<Integer> fromToml(JsonNode node) {
            return node.isIntegralNumber() && node.canConvertToLong() ? inRange(node.longValue()) : Optional.empty();
        }

        @Override
        public Optional<Integer> fromText(String text) {
            return DECIMAL.matcher(text).matches() ? inRange(Long.parseLong(text)) : Optional.empty();
        }

        @Override
        public String expectation() {
            return "an integer from " + min + " to " + max;
        }

        private Optional<Integer> inRange(long value) {
            return value >= min && value <= max ? Optional.of((int) value) : Optional.empty();
        }
    }

    /** Accept a whole number of seconds in {@code [min, max]}, written as a bare integer. */
    record Seconds(int min, int max) implements ValueType<Duration> {

        @Override
        public Optional<Duration> fromToml(JsonNode node) {
            return new IntegerRange(min, max).fromToml(node).map(Duration::ofSeconds);
        }

        @Override
        public Optional<Duration> fromText(String text) {
            return new IntegerRange(min, max).fromText(text).map(Duration::ofSeconds);
        }

        @Override
        public String expectation() {
            return "a whole number of seconds from " + min + " to " + max;
        }
    }

    /**
     * Accept an age of at most {@code max}: a whole number with an optional unit {@code s}, {@code m}, {@code h},
     * {@code d} or {@code w} (such as {@code "3d"}); in TOML a string, or a bare integer of seconds. {@code 0} is off.
     */
    record Age(Duration max) implements ValueType<Duration> {

        @Override
        public Optional<Duration> fromToml(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return fromText(Long.toString(node.longValue()));
            }
            return node.isTextual() ? fromText(node.textValue()) : Optional.empty();
        }

        @Override
        public Optional<Duration> fromText(String text) {
            return Durations.parse(text).filter(d -> d.compareTo(max) <= 0);
        }

        @Override
        public String expectation() {
            return "a duration of at most " + Durations.describe(max) + " such as \"3d\", \"12h\" or \"0\" for off"
                    + " (units s, m, h, d, w)";
        }
    }

    /** Accept {@code true} or {@code false}; an environment variable may use any letter case. */
    record Bool() implements ValueType<Boolean> {

        @Override
        public Optional<Boolean> fromToml(JsonNode node) {
            return node.isBoolean() ? Optional.of(node.booleanValue()) : Optional.empty();
        }

        @Override
        public Optional<Boolean> fromText(String text) {
            if ("true".equalsIgnoreCase(text)) {
                return Optional.of(Boolean.TRUE);
            }
            return "false".equalsIgnoreCase(text) ? Optional.of(Boolean.FALSE) : Optional.empty();
        }

        @Override
        public String expectation() {
            return "true or false";
        }
    }

    /** Accept exactly one of a few strings. */
    record Choice(List<String> choices) implements TextValue<String> {

        public Choice {
            choices = List.copyOf(choices);
        }

        @Override
        public Optional<String> fromText(String text) {
            return choices.contains(text) ? Optional.of(text) : Optional.empty();
        }

        @Override
        public String expectation() {
            List<String> quoted = choices.stream().map(Display::quoted).toList();
            if (quoted.size() == 1) {
                return quoted.getFirst();
            }
            return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.getLast();
        }
    }

    /** Accept {@code off}, {@code patch}, {@code minor} or {@code major}: which updates the daemon applies by itself. */
    record AutoApplyMode() implements TextValue<AutoApply> {

        @Override
        public Optional<AutoApply> fromText(String text) {
            return AutoApply.fromCode(text);
        }

        @Override
        public String expectation() {
            return "\"off\", \"patch\", \"minor\" or \"major\"";
        }
    }

    /** Accept maintenance windows in local time, separated by commas: {@code "Sun 02:00-04:00, Wed 03:00-04:00"}. */
    record Windows() implements TextValue<List<MaintenanceWindow>> {

        @Override
        public Optional<List<MaintenanceWindow>> fromText(String text) {
            try {
                return Optional.of(MaintenanceWindow.parseAll(text));
            } catch (DomainException e) {
                return Optional.empty();
            }
        }

        @Override
        public String expectation() {
            return "maintenance windows in local time such as \"Sun 02:00-04:00\", \"Mon-Fri 01:00-01:30\" or"
                    + " \"daily 03:00-04:00\", separated by commas";
        }
    }

    /** Accept a string matching {@code pattern} of at most {@code maxLength} characters. */
    record Text(Pattern pattern, int maxLength, String description) implements TextValue<String> {

        @Override
        public Optional<String> fromText(String text) {
            return text.length() <= maxLength && pattern.matcher(text).matches() ? Optional.of(text) : Optional.empty();
        }

        @Override
        public String expectation() {
            return description;
        }
    }

    /**
     * Accept a size in bytes in {@code [min, max]}: a whole number with an optional unit, {@code B}, {@code KiB},
     * {@code MiB} or {@code GiB} (such as {@code "10MiB"}); in TOML a string, or a bare integer of bytes.
     */
    record ByteSize(long min, long max) implements ValueType<Long> {
        private static final Pattern SIZE = Pattern.compile("([0-9]{1,12}) ?(B|KiB|MiB|GiB)?");

        @Override
        public Optional<Long> fromToml(JsonNode node) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return inRange(node.longValue());
            }
            return node.isTextual() ? fromText(node.textValue()) : Optional.empty();
        }

        @Override
        public Optional<Long> fromText(String text) {
            java.util.regex.Matcher m = SIZE.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
                case "KiB" -> 1L << 10;
                case "MiB" -> 1L << 20;
                case "GiB" -> 1L << 30;
                default -> 1L;
            };
            return inRange(Long.parseLong(m.group(1)) * unit);
        }

        @Override
        public String expectation() {
            return "a size from " + human(min) + " to " + human(max) + " such as \"10MiB\" (units B, KiB, MiB, GiB)";
        }

        private Optional<Long> inRange(long bytes) {
            return bytes >= min && bytes <= max ? Optional.of(bytes) : Optional.empty();
        }

        private static String human(long bytes) {
            if (bytes % (1L << 30) == 0) {
                return (bytes >> 30) + "GiB";
            }
            if (bytes % (1L << 20) == 0) {
                return (bytes >> 20) + "MiB";
            }
            return bytes % 1024 == 0 ? (bytes >> 10) + "KiB" : bytes + "B";
        }
    }

    /** Accept a non-empty file system path; a relative one is resolved against the data dir later. */
    record FilePath() implements TextValue<Path> {

        @Override
        public Optional<Path> fromText(String text) {
            if (text.isBlank() || text.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(Path.of(text));
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }

        @Override
        public String expectation() {
            return "a file path";
        }
    }

    /** Return {@code text} as an absolute, hierarchical URI with a scheme and a host, or empty. */
    private static Optional<URI> absoluteUri(String text) {
        try {
            URI uri = new URI(text);
            boolean usable = uri.isAbsolute() && !uri.isOpaque() && uri.getHost() != null && uri.getScheme() != null;
            return usable ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Accept an HTTP proxy's URL: {@code http://host[:port]}, optionally with user info, no path beyond "/". */
    record ProxyUrl() implements TextValue<URI> {

        @Override
        public Optional<URI> fromText(String text) {
            return absoluteUri(text)
                    .filter(uri -> uri.getScheme().equalsIgnoreCase("http")
                            && (uri.getRawPath() == null
                                    || uri.getRawPath().isEmpty()
                                    || uri.getRawPath().equals("/"))
                            && uri.getRawQuery() == null
                            && uri.getRawFragment() == null);
        }

        @Override
        public String expectation() {
            return "an http:// proxy URL such as \"http://proxy.example:3128\"";
        }
    }

    /**
     * Accept a webhook receiver's URL: {@code http} or {@code https} with a host, any path and query, no user info
     * (a token goes in {@code [notify] webhook_token_file}) and no fragment.
     */
    record WebhookUrl() implements TextValue<URI> {

        @Override
        public Optional<URI> fromText(String text) {
            return absoluteUri(text)
                    .filter(uri -> uri.getScheme().equalsIgnoreCase("https")
                            || uri.getScheme().equalsIgnoreCase("http"))
                    .filter(uri -> uri.getRawUserInfo() == null && uri.getRawFragment() == null);
        }

        @Override
        public String expectation() {
            return "an http:// or https:// URL without user info, such as \"https://hooks.example/waiaas\"";
        }
    }

    /**
     * Accept an npm registry's base URL: {@code https}, or {@code http} for a loopback host only (VCHK-B3).
     *
     * <p>Trailing slashes are dropped, so callers append {@code /-/package/...} without doubling them.
     */
    record RegistryUrl() implements TextValue<URI> {
        private static final Pattern IPV4_LOOPBACK =
                Pattern.compile("127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){2}");

        @Override
        public Optional<URI> fromText(String text) {
            Optional<URI> parsed = absoluteUri(text);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            URI uri = parsed.get();
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            boolean allowed = (scheme.equals("https") || scheme.equals("http") && isLoopback(uri.getHost()))
                    && uri.getRawUserInfo() == null;
            if (!allowed) {
                return Optional.empty();
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.of(uri);
            }
            return Optional.of(URI.create(text.replaceFirst("/+$", "")));
        }

        @Override
        public String expectation() {
            return "an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in"
                    + " [update] token_file)";
        }

        /** Tell whether {@code host} (as {@link URI#getHost()} gives it) is a loopback host; never resolves names. */
        static boolean isLoopback(String host) {
            String h = host.toLowerCase(Locale.ROOT);
            if (h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches()) {
                return true;
            }
            if (h.startsWith("[") && h.endsWith("]") && h.indexOf(':') >= 0) {
                try {
                    // An IPv6 literal (it contains ':') is parsed, never looked up.
                    return InetAddress.getByName(h.substring(1, h.length() - 1)).isLoopbackAddress();
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return false;
        }
    }
}
