package io.whyrec.cli;

import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.NarratorConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The narrator options of {@code explain}, {@code profile} and {@code serve}: which backend writes the sentences
 * ({@code --narrator template|openai|ollama|gguf}) and how to reach an OpenAI-compatible endpoint, an Ollama server
 * or a local GGUF model file (read from disk, never downloaded). The API key is read from
 * the environment variable {@code --narrator-key-env} names, never from the command line.
 */
final class NarratorOptions {

    @Option(names = "--narrator", paramLabel = "NAME", defaultValue = "template",
            description = "Who writes the sentences: template (default), openai (an OpenAI-compatible chat "
                    + "endpoint), ollama (an Ollama server) or gguf (a local GGUF model file run by llama.cpp), "
                    + "behind the grounding gate (the template answers when its sentence names anything "
                    + "the explanation does not hold).")
    String narrator;

    @Option(names = "--narrator-url", paramLabel = "URL",
            description = "Base URL of the endpoint: openai e.g. http://127.0.0.1:8000/v1, ollama e.g. "
                    + "http://127.0.0.1:11434.")
    String url;

    @Option(names = "--narrator-model", paramLabel = "M", description = "Model name sent to the endpoint.")
    String model;

    @Option(names = "--narrator-model-path", paramLabel = "FILE.gguf",
            description = "The GGUF model file of --narrator gguf (read from disk; nothing is downloaded).")
    String modelPath;

    @Option(names = "--narrator-timeout", paramLabel = "S", defaultValue = "10",
            description = "Seconds one sentence may take before the template answers (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--narrator-key-env", paramLabel = "VAR", defaultValue = NarratorConfig.DEFAULT_KEY_ENV,
            description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}; unset: no key).")
    String keyEnv;

    /** The configuration the options give, checked (a missing URL or model is named). */
    NarratorConfig config() {
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("--narrator-timeout must be > 0 seconds, got " + timeoutSeconds);
        }
        Duration timeout = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
        NarratorConfig base = NarratorConfig.TEMPLATE;
        return new NarratorConfig(narrator, url, model, modelPath, keyEnv, timeout, base.maxTokens(),
                base.temperature());
    }

    /** The narrator the options configure. */
    GroundedNarrator create() {
        return GroundedNarrator.of(config());
    }
}
