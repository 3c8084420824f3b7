package dev.roomwarden;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The packages' dependencies as ARCHITECTURE.md draws them, checked on the main classes (tests may reach anywhere). */
class PackageDependenciesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.roomwarden");

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("dev.roomwarden.(*)..").namingSlices("$1").should().beFreeOfCycles()
                .because("a package that needs another must not be needed by it, through any number of others").check(MAIN);
    }

    @Test
    void theLiveKitGatewayKnowsNothingOfRoomwarden() {
        noClasses().that().resideInAPackage("dev.roomwarden.livekit..")
                .should().dependOnClassesThat(resideInAPackage("dev.roomwarden..").and(not(resideInAPackage("dev.roomwarden.livekit.."))))
                .because("livekit/ is the one gateway to a LiveKit server, which every feature uses").check(MAIN);
    }

    @Test
    void nothingOutsideTheEmulatorUsesIt() {
        noClasses().that().resideOutsideOfPackage("dev.roomwarden.emulator..")
                .should().dependOnClassesThat().resideInAPackage("dev.roomwarden.emulator..")
                .because("the emulator is its own program: Roomwarden talks to it over HTTP only, as to any LiveKit server").check(MAIN);
    }
}
