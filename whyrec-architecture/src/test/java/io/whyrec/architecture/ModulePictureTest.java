package io.whyrec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module picture of DESIGN.md and STYLE.md as rules over the compiled main classes of every module: the api
 * depends on nothing of whyrec; explainers and the explanation and accuracy metrics see models only through the
 * api; PyTorch stays in whyrec-neural, the ONNX and embedding runtimes in whyrec-text, the web server in
 * whyrec-server, the benchmarks in whyrec-bench, Apache Spark in whyrec-spark; and no two packages import each
 * other, directly or round a longer loop.
 */
class ModulePictureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.whyrec");
    }

    @Test
    void everyModuleIsImported() {
        // a rule over no classes passes vacuously, so check first that the class path holds every module
        for (String pkg : new String[]{"api", "core", "explain", "eval", "text", "neural", "bench", "server",
            "cli", "spark"}) {
            org.junit.jupiter.api.Assertions.assertTrue(
                    main.stream().anyMatch(c -> c.getPackageName().startsWith("io.whyrec." + pkg)),
                    "no class of io.whyrec." + pkg + " was imported");
        }
    }

    @Test
    void theApiDependsOnNothingButTheJdk() {
        ArchRule rule = classes().that().resideInAPackage("io.whyrec.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.whyrec.api..", "java..")
                .because("whyrec-api holds records and interfaces only, depending on nothing but the JDK");
        rule.check(main);
    }

    @Test
    void explainersAndMetricsSeeModelsOnlyThroughTheApi() {
        ArchRule rule = noClasses().that()
                .resideInAnyPackage("io.whyrec.explain..", "io.whyrec.eval.metric..", "io.whyrec.eval.explain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.whyrec.core.model..", "io.whyrec.neural..",
                        "io.whyrec.text..")
                .because("explainers and metrics see a model only as an api ItemScorer / Recommender");
        rule.check(main);
    }

    @Test
    void benchmarksLiveInTheBenchModuleOnly() {
        classes().that().haveSimpleNameEndingWith("Bench").should().resideInAPackage("io.whyrec.bench..")
                .because("benchmarks are not library code: they live in whyrec-bench, which `whyrec bench` runs")
                .check(main);
        noClasses().that().resideOutsideOfPackages("io.whyrec.bench..", "io.whyrec.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.whyrec.bench..")
                .because("only the command line reaches the benchmarks").check(main);
    }

    @Test
    void pytorchOnlyInTheNeuralModule() {
        noClasses().that().resideOutsideOfPackage("io.whyrec.neural..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .because("whyrec-neural is the only module that loads PyTorch").check(main);
    }

    @Test
    void onnxAndEmbeddingsOnlyInTheTextModule() {
        noClasses().that().resideOutsideOfPackage("io.whyrec.text..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "dev.langchain4j..",
                        "ai.djl.huggingface..", "org.apache.lucene..")
                .because("whyrec-text is the only module that brings the ONNX runtime and the embedding models")
                .check(main.that(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(
                        "io.whyrec.explain.narrate.."))));
        // the narrator's OpenAI-compatible chat client is the one langchain4j use outside text: an HTTP client,
        // no ONNX runtime and no embedding model
        noClasses().that().resideInAPackage("io.whyrec.explain.narrate..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.djl..",
                        "org.apache.lucene..", "dev.langchain4j.model.embedding..", "dev.langchain4j.store..")
                .because("the narrator talks to a chat endpoint only").check(main);
    }

    @Test
    void sparkOnlyInTheSparkModule() {
        noClasses().that().resideOutsideOfPackage("io.whyrec.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .because("whyrec-spark is the only module that depends on Apache Spark (and Scala)").check(main);
        noClasses().that().resideOutsideOfPackage("io.whyrec.spark..")
                .should().dependOnClassesThat().resideInAPackage("io.whyrec.spark..")
                .because("the Spark job is run by bin/whyrec spark or spark-submit; nothing else links it").check(main);
    }

    @Test
    void noWebOutsideTheServer() {
        noClasses().that().resideOutsideOfPackage("io.whyrec.server..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..",
                        "jakarta.servlet..", "com.sun.net.httpserver..")
                .because("the web stack belongs to whyrec-server; core and the libraries serve no HTTP").check(main);
    }

    @Test
    void optionalModelModulesAreFoundNotNamed() {
        noClasses().that().resideInAnyPackage("io.whyrec.api..", "io.whyrec.core..", "io.whyrec.explain..",
                        "io.whyrec.eval..", "io.whyrec.server..", "io.whyrec.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.whyrec.text..", "io.whyrec.neural..")
                .because("whyrec-text and whyrec-neural are optional on the class path and register their models"
                        + " through ModelProvider")
                .check(main);
    }

    /**
     * No two modules import each other (Maven forbids it between artifacts; this also holds for the packages of
     * one module seen as modules).
     */
    @Test
    void noCyclesBetweenModules() {
        slices().matching("io.whyrec.(*)..").should().beFreeOfCycles().check(main);
    }

    /**
     * No cycle among the packages below a module's root package (core.data, core.model, explain.lime, ...). A
     * module's root package itself is left out: it holds what its sub-packages share (the explainer base classes
     * of io.whyrec.explain) and the registry that names their implementations, so the two see each other on
     * purpose.
     */
    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.whyrec.(*).(*)..").should().beFreeOfCycles().check(main);
    }
}
