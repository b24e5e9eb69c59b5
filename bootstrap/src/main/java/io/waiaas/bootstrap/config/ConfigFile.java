package io.waiaas.bootstrap.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read {@code config.toml} into values, refusing broken TOML, unknown sections and keys, and bad values. */
final class ConfigFile {

    /** The file's name inside the data dir, which also starts every message about it. */
    static final String NAME = Layout.CONFIG;

    /** A real config is a few hundred bytes; anything this large is the wrong file. */
    static final int MAX_BYTES = 1 << 20;

    private static final String DUPLICATE_KEY = "Duplicate key";
    private static final String TABLE_REDEFINED = "Table redefined";

    private static final TomlMapper MAPPER = TomlMapper.builder().build();

    private ConfigFile() {}

    /** Return the values written in {@code file}; none when the file does not exist. */
    static Values read(Path file) {
        Optional<String> text = readText(file);
        if (text.isEmpty()) {
            return new Values();
        }
        JsonNode root = parse(text.get());
        Values values = new Values();
        if (root == null || root.isMissingNode()) {
            return values;
        }
        for (Map.Entry<String, JsonNode> section : root.properties()) {
            readSection(values, section.getKey(), section.getValue());
        }
        return values.canonical(NAME, ConfigKey::display, " = ");
    }

    private static void readSection(Values values, String section, JsonNode table) {
        if (!ConfigKeys.SECTIONS.contains(section)) {
            throw refused(
                    table.isObject()
                            ? "unknown section [" + Display.name(section) + "]"
                            : "unknown key " + Display.name(section) + " outside any section");
        }
        if (!table.isObject()) {
            throw refused(section + " must be a section ([" + section + "]), was " + Display.value(table));
        }
        for (Map.Entry<String, JsonNode> entry : table.properties()) {
            ConfigKey<?> key = ConfigKeys.find(section, entry.getKey())
                    .orElseThrow(() -> refused(
                            section.equals("update") && entry.getKey().equals("token")
                                    ? "[update] token is not read from config.toml, which every backup copies: put the token"
                                            + " in a file only you may read and name it in [update] token_file, or set"
                                            + " WAIAAS_UPDATE_TOKEN"
                                    : "unknown key [" + section + "] " + Display.name(entry.getKey())));
            readValue(values, key, entry.getValue());
        }
    }

    private static <T> void readValue(Values values, ConfigKey<T> key, JsonNode node) {
        T value = key.type()
                .fromToml(node)
                .orElseThrow(() -> refused(
                        key.display() + " must be " + key.type().expectation() + ", was " + Display.value(node)));
        values.put(key, value);
    }

    private static Optional<String> readText(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw refused(file + " is a link to a file that does not exist");
            }
            return Optional.empty();
        } catch (IOException e) {
            throw ConfigException.unreadable(NAME + ": cannot read " + file + ": " + IoErrors.describe(e, file));
        }
        if (bytes.length > MAX_BYTES) {
            throw refused("larger than " + (MAX_BYTES >> 20) + " MiB, so not a waiaas config (" + file + ")");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        String text;
        try {
            text = utf8.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(NAME + " line " + lineAt(bytes, buffer.position()) + ": not valid UTF-8");
        }
        // TOML is UTF-8 without a byte order mark, but editors on Windows like to add one; the parser chokes on it.
        return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String reason = Display.reason(e.getOriginalMessage());
            if (location != null && location.getLineNr() > 0) {
                int line = lineOf(text, e, location.getLineNr());
                throw new ConfigException(NAME + " line " + line + ": "
                        + (DUPLICATE_KEY.equals(e.getOriginalMessage())
                                        || TABLE_REDEFINED.equals(e.getOriginalMessage())
                                ? duplicate(text, line)
                                : reason));
            }
            throw refused("not valid TOML: " + reason);
        }
    }

    /**
     * Return the line to blame for a parse error: the parser's, except for a duplicate key, which the parser notices
     * only after the whole pair and the comments and blank lines after it, so the earliest line by which the text
     * holds the duplicate is searched for instead.
     */
    private static int lineOf(String text, JsonProcessingException e, int parserLine) {
        if (!DUPLICATE_KEY.equals(e.getOriginalMessage())) {
            return parserLine;
        }
        List<String> lines = text.lines().toList();
        for (int end = 1; end < parserLine && end <= lines.size(); end++) {
            try {
                MAPPER.readTree(String.join("\n", lines.subList(0, end)) + "\n");
            } catch (JsonProcessingException shorter) {
                if (DUPLICATE_KEY.equals(shorter.getOriginalMessage())) {
                    return end;
                }
            }
        }
        return parserLine;
    }

    /**
     * Name what line {@code line} repeats, as the parser does not: {@code duplicate key [daemon] port} (the section
     * from the nearest header above it) or {@code duplicate section [daemon]}.
     */
    private static String duplicate(String text, int line) {
        List<String> lines = text.lines().toList();
        String pair = line <= lines.size() ? withoutComment(lines.get(line - 1)) : "";
        if (pair.startsWith("[")) {
            return "duplicate section " + pair + "; each section may appear once";
        }
        int equals = pair.indexOf('=');
        if (equals <= 0) {
            return "duplicate key; each key may appear once in a section";
        }
        String section = "";
        for (int i = line - 2; i >= 0; i--) {
            String header = withoutComment(lines.get(i));
            if (header.startsWith("[")) {
                section = header + " ";
                break;
            }
        }
        return "duplicate key " + section + pair.substring(0, equals).strip()
                + "; each key may appear once in a section";
    }

    /** Return a line without its comment and surrounding blanks; good enough for keys and headers, not for values. */
    private static String withoutComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    private static int lineAt(byte[] bytes, int end) {
        int line = 1;
        for (int i = 0; i < end && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static ConfigException refused(String what) {
        return new ConfigException(NAME + ": " + what);
    }
}
