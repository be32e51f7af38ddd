package io.whyrec.text.model;

import io.whyrec.api.Progress;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.text.embed.Embedder;
import io.whyrec.text.embed.EmbeddingConfig;
import io.whyrec.text.embed.ItemTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the content and hybrid specs get item embeddings from: an {@link EmbeddingConfig} (cache directory,
 * batch size, script threshold) plus a small memory of the last few catalogues embedded, so tuning, which fits
 * a model many times on the same catalogue, embeds it (or reads its cache) once.
 */
public final class EmbeddingSource {

    /** How many (catalogue, encoder) results are remembered. */
    private static final int MEMORY = 4;

    private final EmbeddingConfig base;
    private final List<Entry> recent = new ArrayList<>();

    private record Entry(ItemCatalog catalog, EmbeddingConfig.Choice choice, ItemEmbeddings embeddings) {
    }

    /** A source with a configuration; its model choice is overridden per call. */
    public EmbeddingSource(EmbeddingConfig base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** The normalised embeddings of a catalogue's items under an encoder choice. */
    public synchronized ItemEmbeddings of(ItemCatalog catalog, EmbeddingConfig.Choice choice, Progress progress) {
        for (Entry e : recent) {
            if (e.catalog == catalog && e.choice == choice) {
                return e.embeddings;
            }
        }
        EmbeddingConfig cfg = base.withModel(choice);
        List<String> texts = ItemTexts.of(catalog);
        ItemEmbeddings emb = ItemEmbeddings.of(texts, Embedder.of(cfg, texts), progress);
        recent.add(0, new Entry(catalog, choice, emb));
        if (recent.size() > MEMORY) {
            recent.remove(recent.size() - 1);
        }
        return emb;
    }
}
