package io.waiaas.bootstrap.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.waiaas.bootstrap.architecture.bad.adapters.cli.CliPrinter;
import io.waiaas.bootstrap.architecture.bad.adapters.cli.CliUsingService;
import io.waiaas.bootstrap.architecture.bad.adapters.host.HostGoodStore;
import io.waiaas.bootstrap.architecture.bad.adapters.host.HostUsingSqlite;
import io.waiaas.bootstrap.architecture.bad.adapters.http.HttpEndpoint;
import io.waiaas.bootstrap.architecture.bad.adapters.http.HttpPrintingToStdout;
import io.waiaas.bootstrap.architecture.bad.adapters.http.HttpUsingNpm;
import io.waiaas.bootstrap.architecture.bad.adapters.http.HttpUsingSdk;
import io.waiaas.bootstrap.architecture.bad.adapters.mcp.McpTools;
import io.waiaas.bootstrap.architecture.bad.adapters.npm.NpmClient;
import io.waiaas.bootstrap.architecture.bad.adapters.npm.NpmUsingHttp;
import io.waiaas.bootstrap.architecture.bad.adapters.sqlite.SqliteGoodStore;
import io.waiaas.bootstrap.architecture.bad.adapters.sqlite.SqliteGoodStoreWithCache;
import io.waiaas.bootstrap.architecture.bad.adapters.sqlite.SqliteStorage;
import io.waiaas.bootstrap.architecture.bad.adapters.sqlite.SqliteUsingBootstrap;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationCallingClockSystemUtc;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationCallingCurrentTimeMillis;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationCallingNanoTime;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationCallingRandomUuid;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationPrintingStackTrace;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationReferencingInstantNow;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationSleeping;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationUsingAdapter;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationUsingFileClass;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationUsingFiles;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationUsingFramework;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationUsingNetwork;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationUsingPlatform;
import io.waiaas.bootstrap.architecture.bad.application.ApplicationUsingSystemInstantSource;
import io.waiaas.bootstrap.architecture.bad.application.cycle.a.CycleA;
import io.waiaas.bootstrap.architecture.bad.application.cycle.b.CycleB;
import io.waiaas.bootstrap.architecture.bad.application.port.in.InPortUsingOutPort;
import io.waiaas.bootstrap.architecture.bad.application.port.in.ListValues;
import io.waiaas.bootstrap.architecture.bad.application.port.out.GoodStore;
import io.waiaas.bootstrap.architecture.bad.application.port.out.PortAsClass;
import io.waiaas.bootstrap.architecture.bad.application.port.out.StoredValue;
import io.waiaas.bootstrap.architecture.bad.application.values.GoodService;
import io.waiaas.bootstrap.architecture.bad.bootstrap.Main;
import io.waiaas.bootstrap.architecture.bad.bootstrap.Wiring;
import io.waiaas.bootstrap.architecture.bad.domain.DomainCallingInstantNow;
import io.waiaas.bootstrap.architecture.bad.domain.DomainCallingLocalDateTimeNow;
import io.waiaas.bootstrap.architecture.bad.domain.DomainUsingApplication;
import io.waiaas.bootstrap.architecture.bad.domain.DomainUsingNetwork;
import io.waiaas.bootstrap.architecture.bad.domain.GoodValue;
import io.waiaas.bootstrap.architecture.bad.platform.PlatformFiles;
import io.waiaas.bootstrap.architecture.bad.platform.PlatformUsingApplication;
import io.waiaas.bootstrap.architecture.bad.platform.PlatformUsingFramework;
import io.waiaas.bootstrap.architecture.bad.sdk.SdkRecord;
import io.waiaas.bootstrap.architecture.bad.sdk.SdkUsingAdapter;
import io.waiaas.bootstrap.architecture.bad.sdk.SdkUsingDomain;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prove that each architecture rule can fail: run it on a small copy of the module layout (package {@code bad}) that
 * follows every rule, then on the same copy plus one deliberately bad class, which it must report by name.
 */
class ArchitectureRulesCanFailTest {

    private static final ArchitectureRules RULES = new ArchitectureRules("io.waiaas.bootstrap.architecture.bad");

    /** One class per module, following every rule: bootstrap's Main wires all adapters, the CLI prints. */
    private static final List<Class<?>> COMPLIANT = List.of(
            GoodValue.class,
            GoodService.class,
            ListValues.class,
            GoodStore.class,
            GoodStore.Entry.class,
            StoredValue.class,
            PlatformFiles.class,
            HttpEndpoint.class,
            NpmClient.class,
            SqliteGoodStore.class,
            CliPrinter.class,
            SdkRecord.class,
            HttpUsingSdk.class,
            McpTools.class,
            HostGoodStore.class,
            Main.class);

    /** Every fixture class, imported once; each case selects its classes from here by name. */
    private static final JavaClasses FIXTURE = new ClassFileImporter().importClasses(everyFixtureClass());

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("rule 1", RULES.domainDependsOnlyOnTheCoreJdk()),
                Arguments.of("rule 2", RULES.applicationDependsOnlyOnTheDomainAndTheJdkWithoutIo()),
                Arguments.of("rule 3", RULES.adaptersAreSeenOnlyByBootstrap()),
                Arguments.of("rule 4", RULES.domainAndApplicationNeverReadTheClock()),
                Arguments.of("rule 5", RULES.outPortsAreInterfacesAndAdaptersAreNamedAfterThem()),
                Arguments.of("rule 6", RULES.noCyclesAndNoStandardStreamsOutsideTheCli()),
                Arguments.of("rule 8", RULES.adaptersUseOnlyThePortsOfTheApplication()),
                Arguments.of("rule 9", RULES.inPortsAndOutPortsAreIndependent()),
                Arguments.of("rule 10", RULES.sdkDependsOnlyOnTheJdkAndJackson()),
                Arguments.of("rule 11", RULES.platformDependsOnlyOnTheJdkAndTheDomain()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void acceptsTheLayoutThatFollowsEveryRule(String name, ArchRule rule) {
        EvaluationResult result = rule.evaluate(importing(List.of()));

        assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
    }

    static Stream<Arguments> violations() {
        ArchRule rule1 = RULES.domainDependsOnlyOnTheCoreJdk();
        ArchRule rule2 = RULES.applicationDependsOnlyOnTheDomainAndTheJdkWithoutIo();
        ArchRule rule3 = RULES.adaptersAreSeenOnlyByBootstrap();
        ArchRule rule4 = RULES.domainAndApplicationNeverReadTheClock();
        ArchRule rule5 = RULES.outPortsAreInterfacesAndAdaptersAreNamedAfterThem();
        ArchRule rule6 = RULES.noCyclesAndNoStandardStreamsOutsideTheCli();
        ArchRule rule8 = RULES.adaptersUseOnlyThePortsOfTheApplication();
        ArchRule rule9 = RULES.inPortsAndOutPortsAreIndependent();
        ArchRule rule10 = RULES.sdkDependsOnlyOnTheJdkAndJackson();
        ArchRule rule11 = RULES.platformDependsOnlyOnTheJdkAndTheDomain();
        return Stream.of(
                Arguments.of("rule 1", rule1, List.of(DomainUsingNetwork.class)),
                Arguments.of("rule 1", rule1, List.of(DomainUsingApplication.class)),
                Arguments.of("rule 2", rule2, List.of(ApplicationUsingNetwork.class)),
                Arguments.of("rule 2", rule2, List.of(ApplicationUsingFiles.class)),
                Arguments.of("rule 2", rule2, List.of(ApplicationUsingFileClass.class)),
                Arguments.of("rule 2", rule2, List.of(ApplicationUsingFramework.class)),
                Arguments.of("rule 2", rule2, List.of(ApplicationUsingAdapter.class)),
                Arguments.of("rule 2", rule2, List.of(ApplicationUsingPlatform.class)),
                Arguments.of("rule 3", rule3, List.of(HttpUsingNpm.class)),
                Arguments.of("rule 3", rule3, List.of(ApplicationUsingAdapter.class)),
                Arguments.of("rule 3", rule3, List.of(SqliteUsingBootstrap.class)),
                Arguments.of("rule 3", rule3, List.of(HostUsingSqlite.class)),
                Arguments.of("rule 4", rule4, List.of(DomainCallingInstantNow.class)),
                Arguments.of("rule 4", rule4, List.of(DomainCallingLocalDateTimeNow.class)),
                Arguments.of("rule 4", rule4, List.of(ApplicationCallingCurrentTimeMillis.class)),
                Arguments.of("rule 4", rule4, List.of(ApplicationCallingNanoTime.class)),
                Arguments.of("rule 4", rule4, List.of(ApplicationCallingRandomUuid.class)),
                Arguments.of("rule 4", rule4, List.of(ApplicationCallingClockSystemUtc.class)),
                Arguments.of("rule 4", rule4, List.of(ApplicationUsingSystemInstantSource.class)),
                Arguments.of("rule 4", rule4, List.of(ApplicationReferencingInstantNow.class)),
                Arguments.of("rule 4", rule4, List.of(ApplicationSleeping.class)),
                Arguments.of("rule 5", rule5, List.of(PortAsClass.class)),
                Arguments.of("rule 5", rule5, List.of(SqliteStorage.class)),
                Arguments.of("rule 5", rule5, List.of(SqliteGoodStoreWithCache.class)),
                Arguments.of("rule 6", rule6, List.of(DomainUsingApplication.class)),
                Arguments.of("rule 6", rule6, List.of(NpmUsingHttp.class, HttpUsingNpm.class)),
                Arguments.of("rule 6", rule6, List.of(HttpPrintingToStdout.class)),
                Arguments.of("rule 6", rule6, List.of(ApplicationPrintingStackTrace.class)),
                Arguments.of("rule 6", rule6, List.of(Wiring.class)),
                Arguments.of("rule 6", rule6, List.of(CycleA.class, CycleB.class)),
                Arguments.of("rule 8", rule8, List.of(CliUsingService.class)),
                Arguments.of("rule 9", rule9, List.of(InPortUsingOutPort.class)),
                Arguments.of("rule 3", rule3, List.of(SdkUsingAdapter.class)),
                Arguments.of("rule 10", rule10, List.of(SdkUsingAdapter.class)),
                Arguments.of("rule 10", rule10, List.of(SdkUsingDomain.class)),
                Arguments.of("rule 11", rule11, List.of(PlatformUsingApplication.class)),
                Arguments.of("rule 11", rule11, List.of(PlatformUsingFramework.class)));
    }

    @ParameterizedTest(name = "{0} reports {2}")
    @MethodSource("violations")
    void reportsADeliberateViolationNamingTheClass(String name, ArchRule rule, List<Class<?>> bad) {
        EvaluationResult result = rule.evaluate(importing(bad));

        assertTrue(result.hasViolation(), () -> name + " passed " + bad);
        String report = result.getFailureReport().toString();
        assertTrue(report.contains(bad.getFirst().getName()), () -> "the report does not name " + bad + ":\n" + report);
    }

    private static Set<Class<?>> everyFixtureClass() {
        Set<Class<?>> all = new LinkedHashSet<>(COMPLIANT);
        violations().forEach(arguments -> {
            @SuppressWarnings("unchecked") // violations() puts a List<Class<?>> third
            List<Class<?>> bad = (List<Class<?>>) arguments.get()[2];
            all.addAll(bad);
        });
        return all;
    }

    @Test
    void countsAtLeastOneClassInEveryModuleOfTheCompliantLayout() {
        Map<String, Long> counts = RULES.classesPerModule(importing(List.of()));

        assertEquals(ArchitectureRules.MODULES.length, counts.size());
        assertTrue(counts.values().stream().allMatch(count -> count >= 1), counts::toString);
    }

    @Test
    void countsNoClassesForAModuleThatContributedNone() {
        JavaClasses withoutTheCli = importing(List.of())
                .that(DescribedPredicate.describe(
                        "not the CLI", javaClass -> !javaClass.getName().equals(CliPrinter.class.getName())));

        Map<String, Long> counts = RULES.classesPerModule(withoutTheCli);

        assertEquals(0L, counts.get("io.waiaas.bootstrap.architecture.bad.adapters.cli"), counts::toString);
        assertEquals(15, counts.values().stream().mapToLong(Long::longValue).sum(), counts::toString);
    }

    /** Select the compliant classes plus {@code bad} from one import of the whole fixture (importing is slow). */
    private static JavaClasses importing(List<Class<?>> bad) {
        Set<String> names = Stream.concat(COMPLIANT.stream(), bad.stream())
                .map(Class::getName)
                .collect(Collectors.toSet());
        return FIXTURE.that(DescribedPredicate.describe(
                "compliant classes and " + bad, javaClass -> names.contains(javaClass.getName())));
    }
}
