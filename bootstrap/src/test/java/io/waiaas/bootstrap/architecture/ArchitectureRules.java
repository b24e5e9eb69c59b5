package io.waiaas.bootstrap.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Build the architecture rules of docs/architecture.md ("Rules the build enforces") for the modules below one root
 * package.
 *
 * <p>The real build checks {@code io.waiaas}; {@code ArchitectureRulesCanFailTest} checks the same rules against a
 * small copy of the layout under {@code io.waiaas.bootstrap.architecture.bad}, with deliberate violations, so that a
 * rule that passes everything is caught.
 */
final class ArchitectureRules {

    /** The JDK packages the domain may use (rule 1); their subpackages are included. */
    private static final String[] CORE_JDK = {"java.lang..", "java.util..", "java.time..", "java.math.."};

    /** The JDK packages that mean I/O, which the application reaches only through out-ports (rule 2). */
    private static final String[] IO_JDK = {"java.net..", "java.nio.file..", "java.sql.."};

    /** The module sections below the root, in docs/architecture.md's order (rule 7). */
    static final String[] MODULES = {
        "domain",
        "application",
        "sdk",
        "platform",
        "adapters.http",
        "adapters.npm",
        "adapters.sqlite",
        "adapters.cli",
        "adapters.mcp",
        "adapters.host",
        "bootstrap"
    };

    private final String root;

    /** Create the rules for the modules below {@code root}, e.g. {@code io.waiaas}. */
    ArchitectureRules(String root) {
        this.root = root;
    }

    /** Return the package of the module {@code section} (an entry of {@link #MODULES}) below the root. */
    String modulePackage(String section) {
        return root + "." + section;
    }

    private String tree(String section) {
        return modulePackage(section) + "..";
    }

    /** Rule 1: the domain depends only on java.lang, java.util, java.time, java.math and itself. */
    ArchRule domainDependsOnlyOnTheCoreJdk() {
        String[] allowed = new String[CORE_JDK.length + 1];
        allowed[0] = tree("domain");
        System.arraycopy(CORE_JDK, 0, allowed, 1, CORE_JDK.length);
        return classes()
                .that()
                .resideInAPackage(tree("domain"))
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(allowed)
                .as("rule 1: the domain depends only on java.lang, java.util, java.time, java.math and itself");
    }

    /** Rule 2: the application depends only on the domain, itself and the JDK without network, files and SQL. */
    ArchRule applicationDependsOnlyOnTheDomainAndTheJdkWithoutIo() {
        DescribedPredicate<JavaClass> fileClass = DescribedPredicate.describe(
                "java.io.File*",
                javaClass -> javaClass.getPackageName().equals("java.io")
                        && javaClass.getSimpleName().startsWith("File"));
        DescribedPredicate<JavaClass> allowed = resideInAnyPackage(tree("domain"), tree("application"), "java..")
                .and(not(resideInAnyPackage(IO_JDK)))
                .and(not(fileClass));
        return classes()
                .that()
                .resideInAPackage(tree("application"))
                .should()
                .onlyDependOnClassesThat(allowed)
                .as("rule 2: the application depends only on the domain, itself and the JDK"
                        + " (no java.net, java.nio.file, java.sql, java.io.File*, no frameworks)");
    }

    /** Rule 3: adapters never depend on each other, and only bootstrap depends on adapters; nothing on bootstrap. */
    ArchRule adaptersAreSeenOnlyByBootstrap() {
        ArchRule notOnEachOther = slices().matching(root + ".adapters.(*)..")
                .should()
                .notDependOnEachOther()
                // Rule 7 fails the build when an adapter module contributed nothing, so no slice may be absent here.
                .allowEmptyShould(true)
                .as("rule 3: adapters never depend on each other");
        ArchRule onlyBootstrapSeesAdapters = noClasses()
                .that()
                .resideOutsideOfPackages(tree("adapters"), tree("bootstrap"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(tree("adapters"))
                .as("rule 3: only bootstrap depends on adapters");
        ArchRule nothingSeesBootstrap = noClasses()
                .that()
                .resideOutsideOfPackage(tree("bootstrap"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(tree("bootstrap"))
                .as("rule 3: nothing depends on bootstrap");
        return CompositeArchRule.of(notOnEachOther)
                .and(onlyBootstrapSeesAdapters)
                .and(nothingSeesBootstrap)
                .as("rule 3: adapters never depend on each other; only bootstrap sees all of them");
    }

    /**
     * Rule 4: domain and application never read the system clock, make random UUIDs or sleep; time is an
     * InstantSource, and waiting goes through the Pause out-port.
     */
    ArchRule domainAndApplicationNeverReadTheClock() {
        DescribedPredicate<JavaAccess<?>> readsClockOrRandom = DescribedPredicate.describe(
                "the system clock (java.time *.now, Clock.system*, InstantSource.system, System.currentTimeMillis"
                        + " or nanoTime), UUID.randomUUID or Thread.sleep",
                access -> readsClockOrRandom(access.getTargetOwner().getName(), access.getName()));
        return noClasses()
                .that()
                .resideInAnyPackage(tree("domain"), tree("application"))
                .should()
                .accessTargetWhere(readsClockOrRandom)
                .as("rule 4: domain and application never call Instant.now(), System.currentTimeMillis(),"
                        + " UUID.randomUUID(), Thread.sleep() or other clock reads");
    }

    private static boolean readsClockOrRandom(String owner, String member) {
        return owner.startsWith("java.time.") && member.equals("now")
                || owner.equals("java.time.Clock") && member.startsWith("system")
                || owner.equals("java.time.InstantSource") && member.equals("system")
                || owner.equals("java.lang.System")
                        && Set.of("currentTimeMillis", "nanoTime").contains(member)
                || owner.equals("java.util.UUID") && member.equals("randomUUID")
                || owner.equals("java.lang.Thread") && member.equals("sleep");
    }

    /**
     * Rule 5: out-ports are interfaces, and a class implementing out-port {@code X} has a name ending in X. The value
     * types an out-port takes and returns live beside it as records or enums.
     */
    ArchRule outPortsAreInterfacesAndAdaptersAreNamedAfterThem() {
        String ports = modulePackage("application.port.out");
        ArchRule interfaces = classes()
                .that()
                .resideInAPackage(ports + "..")
                .and()
                .areTopLevelClasses()
                .and()
                .areNotRecords()
                .and()
                .areNotEnums()
                .should()
                .beInterfaces()
                .as("rule 5: out-ports are interfaces (their value types records or enums)");
        ArchRule named = classes()
                .that()
                .areNotInterfaces()
                .and()
                .areNotAnonymousClasses()
                .should(new ArchCondition<>("be named after every out-port they implement") {
                    @Override
                    public void check(JavaClass javaClass, ConditionEvents events) {
                        for (JavaClass port : javaClass.getAllRawInterfaces()) {
                            boolean topLevelPort = port.getPackageName().startsWith(ports)
                                    && !port.getName()
                                            .substring(port.getPackageName().length())
                                            .contains("$");
                            if (topLevelPort && !javaClass.getSimpleName().endsWith(port.getSimpleName())) {
                                events.add(SimpleConditionEvent.violated(
                                        javaClass,
                                        javaClass.getName() + " implements out-port " + port.getName()
                                                + " but its name does not end in " + port.getSimpleName()));
                            }
                        }
                    }
                })
                .as("rule 5: a class implementing out-port X has a name ending in X");
        return CompositeArchRule.of(interfaces)
                .and(named)
                .as("rule 5: out-ports are interfaces; an adapter class implementing port X has a name ending in X");
    }

    /**
     * Rule 6: no cycles, neither between modules (one slice per module: domain, application, platform, each adapter,
     * bootstrap)
     * nor between the packages inside one, and no System.out/err (nor printStackTrace) outside adapters-cli and
     * bootstrap's Main.
     */
    ArchRule noCyclesAndNoStandardStreamsOutsideTheCli() {
        ArchRule noCycles = slices().assignedFrom(new ModuleSlices())
                .should()
                .beFreeOfCycles()
                .as("rule 6: no cycles between the modules below " + root);
        ArchRule noPackageCycles = slices().matching(root + ".(**)")
                .should()
                .beFreeOfCycles()
                .as("rule 6: no cycles between the packages below " + root);
        String main = modulePackage("bootstrap") + ".Main";
        DescribedPredicate<JavaClass> mainOrNested = DescribedPredicate.describe(
                main,
                javaClass ->
                        javaClass.getName().equals(main) || javaClass.getName().startsWith(main + "$"));
        ArchRule noStreams = noClasses()
                .that()
                .resideOutsideOfPackage(tree("adapters.cli"))
                .and(not(mainOrNested))
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .as("rule 6: no System.out/err outside adapters-cli and " + main);
        return CompositeArchRule.of(noCycles)
                .and(noPackageCycles)
                .and(noStreams)
                .as("rule 6: no cycles between modules; no System.out/err outside adapters-cli and bootstrap's Main");
    }

    /**
     * Rule 8: adapters reach the application only through its ports (and its exception type): never a service. The
     * services live in packages exported to bootstrap alone, which builds them; this rule keeps the same true for the
     * classes the module system cannot tell apart.
     */
    ArchRule adaptersUseOnlyThePortsOfTheApplication() {
        String application = modulePackage("application");
        DescribedPredicate<JavaClass> beyondThePorts = DescribedPredicate.describe(
                "application classes other than its ports and its exceptions", javaClass -> {
                    String name = javaClass.getPackageName();
                    boolean inApplication = name.equals(application) || name.startsWith(application + ".");
                    boolean port = name.startsWith(application + ".port.");
                    boolean exception = name.equals(application) && javaClass.isAssignableTo(Throwable.class);
                    return inApplication && !port && !exception;
                });
        return noClasses()
                .that()
                .resideInAPackage(tree("adapters"))
                .should()
                .dependOnClassesThat(beyondThePorts)
                .as("rule 8: adapters use only the application's ports (in and out) and its exception, never a"
                        + " service");
    }

    /**
     * Rule 9: in-ports and out-ports are independent: what an adapter drives and what an adapter implements share no
     * types but the domain's, so a driving adapter never learns a driven one's vocabulary and the other way round.
     */
    ArchRule inPortsAndOutPortsAreIndependent() {
        String in = modulePackage("application.port.in");
        String out = modulePackage("application.port.out");
        ArchRule inWithoutOut = noClasses()
                .that()
                .resideInAPackage(in + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(out + "..")
                .as("rule 9: in-ports do not use out-ports");
        ArchRule outWithoutIn = noClasses()
                .that()
                .resideInAPackage(out + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(in + "..")
                .as("rule 9: out-ports do not use in-ports");
        return CompositeArchRule.of(inWithoutOut)
                .and(outWithoutIn)
                .as("rule 9: in-ports and out-ports are independent");
    }

    /**
     * Rule 10: the SDK is a library for outside programs, not an adapter: it depends only on the JDK, Jackson and
     * itself (never the domain, the application, an adapter or a framework), so adapters may depend on it without
     * depending on each other, and an outside program gets nothing of waiaas's inside with it.
     */
    ArchRule sdkDependsOnlyOnTheJdkAndJackson() {
        return classes()
                .that()
                .resideInAPackage(tree("sdk"))
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(tree("sdk"), "java..", "com.fasterxml.jackson..")
                .as("rule 10: the SDK depends only on the JDK, Jackson and itself");
    }

    /**
     * Rule 11: the platform, the host support the adapters share (owner-only files, fsync, recursive delete, the
     * JVM's file locks), depends only on the JDK, the domain and itself: it holds no ports and no adapters, so an
     * adapter that uses it learns nothing of another adapter, and rule 3 stays whole. Rules 1 and 2 keep the domain
     * and the application off it.
     */
    ArchRule platformDependsOnlyOnTheJdkAndTheDomain() {
        return classes()
                .that()
                .resideInAPackage(tree("platform"))
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(tree("platform"), tree("domain"), "java..")
                .as("rule 11: the platform depends only on the JDK, the domain and itself (no ports, no adapters,"
                        + " no libraries)");
    }

    /**
     * Rule 7: count the classes imported from each module, in {@link #MODULES} order, keyed by the module's package.
     *
     * <p>An import that missed a module (empty module, wrong path, test-only output) passes every other rule silently;
     * a count of zero is that mistake.
     */
    Map<String, Long> classesPerModule(JavaClasses classes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String section : MODULES) {
            String module = modulePackage(section);
            counts.put(
                    module,
                    classes.stream()
                            .filter(c -> c.getPackageName().equals(module)
                                    || c.getPackageName().startsWith(module + "."))
                            .count());
        }
        return counts;
    }

    /** Put each class into the slice of its module: domain, application, platform, adapters.{name} or bootstrap. */
    private final class ModuleSlices implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            String adapters = modulePackage("adapters") + ".";
            if (name.startsWith(adapters)) {
                int end = name.indexOf('.', adapters.length());
                return SliceIdentifier.of(
                        "adapters." + name.substring(adapters.length(), end < 0 ? name.length() : end));
            }
            for (String section : new String[] {"domain", "application", "sdk", "platform", "bootstrap"}) {
                if (name.equals(modulePackage(section)) || name.startsWith(modulePackage(section) + ".")) {
                    return SliceIdentifier.of(section);
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the modules below " + root;
        }
    }
}
