package io.whyrec.text.model;

import io.whyrec.api.Progress;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.data.ItemVectors;
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
        ItemEmbeddings emb;
        if (choice == EmbeddingConfig.Choice.VECTORS) {
            emb = stored(catalog);
        } else {
            EmbeddingConfig cfg = base.withModel(choice);
            List<String> texts = ItemTexts.of(catalog);
            emb = ItemEmbeddings.of(texts, Embedder.of(cfg, texts), progress);
        }
        recent.add(0, new Entry(catalog, choice, emb));
        if (recent.size() > MEMORY) {
            recent.remove(recent.size() - 1);
        }
        return emb;
    }

    /**
     * The catalogue's stored item vectors, aligned with its dense items. Every item must have one: a missing
     * vector is an error naming how many items lack one and the first of them, never a silent zero.
     */
    static ItemEmbeddings stored(ItemCatalog catalog) {
        ItemVectors v = catalog.vectors();
        if (v == null) {
            throw new IllegalArgumentException("encoder 'vectors' needs item vectors stored with the dataset; "
                    + "import them with 'whyrec import --item-vectors FILE'");
        }
        float[][] rows = new float[catalog.size()][];
        int missing = 0;
        String first = null;
        for (int i = 0; i < rows.length; i++) {
            String id = catalog.items().id(i);
            rows[i] = v.vector(id);
            if (rows[i] == null) {
                missing++;
                if (first == null) {
                    first = id;
                }
            }
        }
        if (missing > 0) {
            throw new IllegalArgumentException(missing + " of " + rows.length + " items have no stored vector ("
                    + v.label() + ", first: '" + first + "'); give every item a vector in the --item-vectors file");
        }
        return ItemEmbeddings.of("vectors:" + v.label(), rows, null);
    }
}
