package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradeTallyTest {

    @ParameterizedTest(name = "[{0}] -> {1} started, {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // records (action:result, oldest first) | started | non-zero endings (action:result=n)
                "                                                     | 0 | ",
                "upgrade:started                                      | 1 | ",
                "upgrade:started upgrade:upgraded                     | 1 | upgrade:upgraded=1",
                "upgrade:refused                                      | 0 | upgrade:refused=1",
                "upgrade:started upgrade:rolled-back upgrade:started upgrade:upgraded"
                        + " | 2 | upgrade:rolled-back=1 upgrade:upgraded=1",
                "upgrade:started recovery:upgraded                    | 1 | recovery:upgraded=1",
                "upgrade:started recovery:rolled-back rollback:reverted rollback:refused"
                        + " | 1 | recovery:rolled-back=1 rollback:reverted=1 rollback:refused=1",
                "upgrade:started upgrade:rollback-failed recovery:rollback-failed recovery:reverted"
                        + " | 1 | upgrade:rollback-failed=1 recovery:rollback-failed=1 recovery:reverted=1",
                "upgrade:upgraded upgrade:upgraded upgrade:upgraded   | 0 | upgrade:upgraded=3",
            })
    void countsEveryActionByHowItEndedAndTheUpgradesThatStarted(String records, long started, String nonZero) {
        UpgradeTally tally = UpgradeTally.of(parse(records));

        assertEquals(started, tally.started());
        Map<String, Long> expected = new HashMap<>();
        for (String entry : words(nonZero)) {
            String[] parts = entry.split("=");
            expected.put(parts[0], Long.parseLong(parts[1]));
        }
        for (UpgradeRecord.Action action : UpgradeRecord.Action.values()) {
            for (UpgradeRecord.Result result : UpgradeTally.endings()) {
                String key = action.code() + ":" + result.code();
                assertEquals(expected.getOrDefault(key, 0L), tally.count(action, result), key);
            }
            assertEquals(0, tally.count(action, UpgradeRecord.Result.STARTED), "STARTED ends nothing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"upgrade", "rollback", "recovery"})
    void listsEveryEndingOfEveryActionEvenWhenNoneHappened(String action) {
        UpgradeTally tally = UpgradeTally.of(List.of());
        UpgradeRecord.Action parsed = UpgradeRecord.Action.fromCode(action).orElseThrow();

        assertEquals(
                List.of("upgraded", "rolled-back", "rollback-failed", "refused", "reverted"),
                UpgradeTally.endings().stream().map(UpgradeRecord.Result::code).toList());
        assertEquals(UpgradeTally.endings().size(), tally.ended().get(parsed).size());
    }

    private static List<UpgradeRecord> parse(String records) {
        return words(records).stream()
                .map(entry -> {
                    String[] parts = entry.split(":");
                    return new UpgradeRecord(
                            Instant.ofEpochSecond(1_765_000_000L),
                            UpgradeRecord.Action.fromCode(parts[0]).orElseThrow(),
                            UpgradeRecord.Result.fromCode(parts[1]).orElseThrow(),
                            Optional.of(Version.parse("1.0.0")),
                            Optional.of(Version.parse("1.1.0")),
                            Optional.empty());
                })
                .toList();
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.asList(text.strip().split("\\s+"));
    }
}
