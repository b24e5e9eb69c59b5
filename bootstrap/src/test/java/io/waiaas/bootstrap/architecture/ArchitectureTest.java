package io.waiaas.bootstrap.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Check the production classes of every waiaas module against the rules of docs/architecture.md, without exclusions.
 */
class ArchitectureTest {

    private static final ArchitectureRules RULES = new ArchitectureRules("io.waiaas");

    private static JavaClasses production;

    @BeforeAll
    static void importTheProductionClasses() {
        production = importProductionClasses("io.waiaas");
    }

    /**
     * Import the classes of {@code root} from every module's main output: not test classes, not test jars
     * (application's contracts and fakes arrive as {@code waiaas-application-*-tests.jar}).
     */
    static JavaClasses importProductionClasses(String root) {
        Pattern testJar = Pattern.compile(".*-tests\\.jar!/.*");
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.matches(testJar))
                .importPackages(root);
    }

    @Test
    void keepsTheDomainOnTheCoreJdk() {
        RULES.domainDependsOnlyOnTheCoreJdk().check(production);
    }

    @Test
    void keepsTheApplicationOnTheDomainAndTheJdkWithoutIo() {
        RULES.applicationDependsOnlyOnTheDomainAndTheJdkWithoutIo().check(production);
    }

    @Test
    void letsOnlyBootstrapSeeTheAdapters() {
        RULES.adaptersAreSeenOnlyByBootstrap().check(production);
    }

    @Test
    void keepsTheClockOutOfDomainAndApplication() {
        RULES.domainAndApplicationNeverReadTheClock().check(production);
    }

    @Test
    void keepsOutPortsInterfacesAndNamesAdaptersAfterThem() {
        RULES.outPortsAreInterfacesAndAdaptersAreNamedAfterThem().check(production);
    }

    @Test
    void keepsModulesFreeOfCyclesAndStandardStreamsInTheCli() {
        RULES.noCyclesAndNoStandardStreamsOutsideTheCli().check(production);
    }

    @Test
    void letsAdaptersUseOnlyThePortsOfTheApplication() {
        RULES.adaptersUseOnlyThePortsOfTheApplication().check(production);
    }

    @Test
    void keepsInPortsAndOutPortsIndependent() {
        RULES.inPortsAndOutPortsAreIndependent().check(production);
    }

    @Test
    void keepsTheSdkOnTheJdkAndJackson() {
        RULES.sdkDependsOnlyOnTheJdkAndJackson().check(production);
    }

    @Test
    void keepsThePlatformOnTheJdkAndTheDomain() {
        RULES.platformDependsOnlyOnTheJdkAndTheDomain().check(production);
    }

    @Test
    void importedClassesFromEveryModule(TestReporter reporter) {
        Map<String, Long> counts = RULES.classesPerModule(production);
        reporter.publishEntry("rule 7: imported classes per module", counts.toString());

        List<String> empty = counts.entrySet().stream()
                .filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey)
                .toList();
        assertTrue(
                empty.isEmpty(),
                () -> "rule 7: no classes were imported from " + String.join(", ", empty)
                        + "; every rule passes silently for a module it never saw (imported per module: " + counts
                        + ")");
    }
}
