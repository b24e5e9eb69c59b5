package io.waiaas.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Name the machine in webhook events: the kernel's host name, else {@code $HOSTNAME}; never a DNS lookup. */
final class HostName {
    private static final Path KERNEL = Path.of("/proc/sys/kernel/hostname");

    private HostName() {}

    static String of(Map<String, String> env) {
        try {
            String name = Files.readString(KERNEL).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: the environment may know.
        }
        return Optional.ofNullable(env.get("HOSTNAME"))
                .map(String::strip)
                .filter(h -> !h.isEmpty())
                .orElse("unknown");
    }
}
