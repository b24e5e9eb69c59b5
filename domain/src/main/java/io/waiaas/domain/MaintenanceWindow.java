package io.waiaas.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weekly time, in local time, when unattended updates may run: {@code Sun 02:00-04:00}, {@code Mon-Fri 01:00-01:30},
 * {@code daily 23:30-00:30} (one that ends before it starts runs past midnight into the next day).
 *
 * @param days the days an occurrence starts on
 * @param start when it opens
 * @param end when it closes (not included); before {@code start}, on the next day
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
    private static final Pattern ONE =
            Pattern.compile("([A-Za-z*]+(?:-[A-Za-z]+)?)\\s+(\\d\\d:\\d\\d)-(\\d\\d:\\d\\d)");
    private static final List<String> NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public MaintenanceWindow {
        days = Set.copyOf(EnumSet.copyOf(Objects.requireNonNull(days, "days")));
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (days.isEmpty()) {
            throw DomainException.invalid("a maintenance window needs at least one day");
        }
        if (start.equals(end)) {
            throw DomainException.invalid("a maintenance window cannot start and end at " + start);
        }
    }

    /**
     * Read the windows of {@code text}, separated by commas, such as {@code "Sun 02:00-04:00, Wed 03:00-04:00"}.
     *
     * @throws DomainException naming the first window that does not read, and the form expected
     */
    public static List<MaintenanceWindow> parseAll(String text) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            windows.add(parse(part.strip()));
        }
        return List.copyOf(windows);
    }

    /** Read one window, such as {@code Sun 02:00-04:00}. */
    public static MaintenanceWindow parse(String text) {
        Matcher m = ONE.matcher(text);
        if (!m.matches()) {
            throw unreadable(text);
        }
        try {
            return new MaintenanceWindow(
                    days(m.group(1), text), LocalTime.parse(m.group(2)), LocalTime.parse(m.group(3)));
        } catch (DateTimeParseException e) {
            throw unreadable(text);
        }
    }

    /** Tell whether {@code time} lies inside an occurrence of this window. */
    public boolean contains(LocalDateTime time) {
        return occurrenceAt(time).isPresent();
    }

    /** Return when the occurrence of this window that holds {@code time} opened, or empty outside every one. */
    public Optional<LocalDateTime> occurrenceAt(LocalDateTime time) {
        for (LocalDate day : List.of(time.toLocalDate(), time.toLocalDate().minusDays(1))) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            LocalDateTime opens = day.atTime(start);
            LocalDateTime closes =
                    end.isAfter(start) ? day.atTime(end) : day.plusDays(1).atTime(end);
            if (!time.isBefore(opens) && time.isBefore(closes)) {
                return Optional.of(opens);
            }
        }
        return Optional.empty();
    }

    /** Return the window as it is written, days first: {@code Mon-Fri 01:00-01:30} reads back as itself. */
    @Override
    public String toString() {
        return dayText() + " " + start + "-" + end;
    }

    private String dayText() {
        if (days.size() == 7) {
            return "daily";
        }
        // A run of days, possibly across the week's end (Fri-Mon), starts at the day whose eve is not in it.
        DayOfWeek first = days.stream()
                .filter(d -> !days.contains(d.minus(1)))
                .sorted()
                .findFirst()
                .orElseThrow();
        DayOfWeek last = first;
        while (days.contains(last.plus(1)) && last.plus(1) != first) {
            last = last.plus(1);
        }
        int run = (last.getValue() - first.getValue() + 7) % 7 + 1;
        if (run == days.size()) {
            return first == last ? name(first) : name(first) + "-" + name(last);
        }
        return String.join(
                "+", days.stream().sorted().map(MaintenanceWindow::name).toList());
    }

    private static String name(DayOfWeek day) {
        String n = NAMES.get(day.getValue() - 1);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private static Set<DayOfWeek> days(String text, String whole) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("daily") || t.equals("*")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        String[] range = t.split("-");
        DayOfWeek first = day(range[0], whole);
        if (range.length == 1) {
            return EnumSet.of(first);
        }
        DayOfWeek last = day(range[1], whole);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d = first; ; d = d.plus(1)) {
            days.add(d);
            if (d == last) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String name, String whole) {
        int i = NAMES.indexOf(name.length() > 3 ? name.substring(0, 3) : name);
        if (i < 0 || !(NAMES.get(i).equals(name) || fullName(i).equals(name))) {
            throw unreadable(whole);
        }
        return DayOfWeek.of(i + 1);
    }

    private static String fullName(int i) {
        return DayOfWeek.of(i + 1).name().toLowerCase(Locale.ROOT);
    }

    private static DomainException unreadable(String text) {
        return DomainException.invalid(
                "\"" + text + "\" is not a maintenance window; write a day or days and a time"
                        + " range in local time, such as \"Sun 02:00-04:00\", \"Mon-Fri 01:00-01:30\" or \"daily 03:00-04:00\"");
    }
}
