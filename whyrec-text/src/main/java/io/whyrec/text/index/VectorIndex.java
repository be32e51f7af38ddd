package io.whyrec.text.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Approximate nearest-neighbour retrieval over unit vectors with Lucene's HNSW graph (Malkov and Yashunin,
 * IEEE TPAMI 2020), held in memory. Vectors are indexed in item order into one segment, so a document id is the
 * item index. Similarity is the dot product, which for unit vectors is the cosine; queries need not be unit
 * length (the ranking by dot product does not depend on the query's length). Searching is thread-safe.
 */
public final class VectorIndex implements AutoCloseable {

    private static final String FIELD = "v";

    private final ByteBuffersDirectory dir;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int size;
    private final int dimension;
    private final double buildSeconds;

    private VectorIndex(ByteBuffersDirectory dir, DirectoryReader reader, int size, int dimension, double seconds) {
        this.dir = dir;
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.size = size;
        this.dimension = dimension;
        this.buildSeconds = seconds;
    }

    /**
     * Builds the graph over unit vectors (Lucene checks they are unit length, to float precision).
     *
     * @param vectors one unit vector per item, all of one length (at most 1024)
     */
    public static VectorIndex build(List<float[]> vectors) {
        long t0 = System.nanoTime();
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        int d = vectors.isEmpty() ? 0 : vectors.get(0).length;
        IndexWriterConfig cfg = new IndexWriterConfig();
        // one segment for all vectors: no flush before the commit, so document id == item index
        cfg.setRAMBufferSizeMB(Math.max(64, 8.0 * vectors.size() * (d + 16) / (1 << 20)));
        cfg.setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH);
        try (IndexWriter writer = new IndexWriter(dir, cfg)) {
            for (int i = 0; i < vectors.size(); i++) {
                float[] v = vectors.get(i);
                if (v.length != d) {
                    throw new IllegalArgumentException("vector " + i + " has " + v.length + " dimensions, vector 0 has " + d);
                }
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, v, VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(doc);
            }
            writer.forceMerge(1);
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the vector index", e);
        }
        try {
            DirectoryReader reader = DirectoryReader.open(dir);
            if (reader.leaves().size() > 1) {
                throw new IllegalStateException("vector index has " + reader.leaves().size() + " segments, expected 1");
            }
            return new VectorIndex(dir, reader, vectors.size(), d, (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the vector index", e);
        }
    }

    /** Number of indexed vectors. */
    public int size() {
        return size;
    }

    /** Vector length. */
    public int dimension() {
        return dimension;
    }

    /** Seconds it took to build the graph. */
    public double buildSeconds() {
        return buildSeconds;
    }

    /**
     * The approximate top-{@code k} items by dot product with a query, best first.
     *
     * @param query a vector of length {@link #dimension()}
     * @param k     how many neighbours to return (the HNSW beam is at least k)
     * @return item indices, at most k
     */
    public int[] search(float[] query, int k) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, index has " + dimension);
        }
        int kk = Math.min(k, size);
        if (kk <= 0) {
            return new int[0];
        }
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, query, kk), kk);
            int[] out = new int[top.scoreDocs.length];
            int i = 0;
            for (ScoreDoc sd : top.scoreDocs) {
                out[i++] = sd.doc;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("vector search failed", e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            dir.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
