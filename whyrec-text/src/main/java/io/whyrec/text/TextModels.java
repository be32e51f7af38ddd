package io.whyrec.text;

import io.whyrec.core.model.Models;
import io.whyrec.text.embed.EmbeddingConfig;
import io.whyrec.text.model.ContentSpec;
import io.whyrec.text.model.EmbeddingSource;
import io.whyrec.text.model.HybridSpec;

/**
 * Adds the text models ("content" and "hybrid") to the core model registry, which cannot depend on this module.
 * Call {@link #register()} once at start-up (the command line and server do it when whyrec-text is on the class
 * path); both specs share one {@link EmbeddingSource}, so a catalogue is embedded once.
 */
public final class TextModels {

    private TextModels() {
    }

    /** Registers both specs with the default embedding configuration ({@link EmbeddingConfig#defaults()}). */
    public static void register() {
        register(EmbeddingConfig.defaults());
    }

    /** Registers both specs with an embedding configuration (cache directory, batch size, script threshold). */
    public static void register(EmbeddingConfig config) {
        EmbeddingSource source = new EmbeddingSource(config);
        Models.register(new ContentSpec(source));
        Models.register(new HybridSpec(source));
    }
}
