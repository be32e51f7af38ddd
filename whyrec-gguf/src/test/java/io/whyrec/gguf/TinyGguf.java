package io.whyrec.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a tiny llama-architecture model in GGUF v3 (the layout of llama.cpp's {@code gguf.h} and gguf-py's
 * {@code GGUFWriter}): the header, the metadata key-values, the tensor infos and the F32 tensors, each aligned to
 * {@code general.alignment} (32). One block, an embedding width of 32, four heads, and a SentencePiece ("llama")
 * vocabulary of the control tokens, the 256 byte-fallback tokens and a few words, so that any text tokenizes.
 * The weights are seeded random numbers: the model loads and writes, but what it writes is noise.
 */
final class TinyGguf {

    static final int EMBED = 32;
    static final int HEADS = 4;
    static final int FF = 64;
    static final int CONTEXT = 4096;

    private static final int ALIGN = 32;
    private static final int T_UINT32 = 4;
    private static final int T_INT32 = 5;
    private static final int T_FLOAT32 = 6;
    private static final int T_STRING = 8;
    private static final int T_ARRAY = 9;
    private static final int GGML_F32 = 0;
    private static final String[] WORDS = {"\u2581the", "\u2581because", "\u2581you", "\u2581watched", "\u2581Drama",
            "\u2581Comedy", "\u2581Star", "\u2581Wars", "\u2581and", "\u2581of", "\u2581Mostly", "\u2581lately"};

    private TinyGguf() {
    }

    /** Writes the model with weights drawn from {@code seed} to {@code file}. */
    static Path write(Path file, long seed) throws IOException {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        tokens.add("<unk>");
        types.add(2); // unknown
        tokens.add("<s>");
        types.add(3); // control
        tokens.add("</s>");
        types.add(3);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(6); // byte
        }
        for (String w : WORDS) {
            tokens.add(w);
            types.add(1); // normal
        }
        int vocab = tokens.size();
        float[] scores = new float[vocab];
        for (int i = 0; i < vocab; i++) {
            scores[i] = types.get(i) == 1 ? -i : 0f;
        }

        Out kv = new Out();
        int kvCount = 0;
        kv.str("general.architecture").u32(T_STRING).str("llama");
        kvCount++;
        kv.str("general.name").u32(T_STRING).str("whyrec-tiny-random");
        kvCount++;
        kv.str("general.alignment").u32(T_UINT32).u32(ALIGN);
        kvCount++;
        kv.str("llama.context_length").u32(T_UINT32).u32(CONTEXT);
        kvCount++;
        kv.str("llama.embedding_length").u32(T_UINT32).u32(EMBED);
        kvCount++;
        kv.str("llama.block_count").u32(T_UINT32).u32(1);
        kvCount++;
        kv.str("llama.feed_forward_length").u32(T_UINT32).u32(FF);
        kvCount++;
        kv.str("llama.attention.head_count").u32(T_UINT32).u32(HEADS);
        kvCount++;
        kv.str("llama.attention.head_count_kv").u32(T_UINT32).u32(HEADS);
        kvCount++;
        kv.str("llama.attention.layer_norm_rms_epsilon").u32(T_FLOAT32).f32(1e-5f);
        kvCount++;
        kv.str("llama.rope.dimension_count").u32(T_UINT32).u32(EMBED / HEADS);
        kvCount++;
        kv.str("llama.vocab_size").u32(T_UINT32).u32(vocab);
        kvCount++;
        kv.str("tokenizer.ggml.model").u32(T_STRING).str("llama");
        kvCount++;
        kv.str("tokenizer.ggml.tokens").u32(T_ARRAY).u32(T_STRING).u64(vocab);
        for (String t : tokens) {
            kv.str(t);
        }
        kvCount++;
        kv.str("tokenizer.ggml.scores").u32(T_ARRAY).u32(T_FLOAT32).u64(vocab);
        for (float s : scores) {
            kv.f32(s);
        }
        kvCount++;
        kv.str("tokenizer.ggml.token_type").u32(T_ARRAY).u32(T_INT32).u64(vocab);
        for (int t : types) {
            kv.u32(t);
        }
        kvCount++;
        kv.str("tokenizer.ggml.unknown_token_id").u32(T_UINT32).u32(0);
        kvCount++;
        kv.str("tokenizer.ggml.bos_token_id").u32(T_UINT32).u32(1);
        kvCount++;
        kv.str("tokenizer.ggml.eos_token_id").u32(T_UINT32).u32(2);
        kvCount++;

        // tensors: name -> dims (ne[0] first, the innermost)
        Map<String, long[]> tensors = new LinkedHashMap<>();
        tensors.put("token_embd.weight", new long[] {EMBED, vocab});
        tensors.put("output_norm.weight", new long[] {EMBED});
        tensors.put("output.weight", new long[] {EMBED, vocab});
        tensors.put("blk.0.attn_norm.weight", new long[] {EMBED});
        tensors.put("blk.0.attn_q.weight", new long[] {EMBED, EMBED});
        tensors.put("blk.0.attn_k.weight", new long[] {EMBED, EMBED});
        tensors.put("blk.0.attn_v.weight", new long[] {EMBED, EMBED});
        tensors.put("blk.0.attn_output.weight", new long[] {EMBED, EMBED});
        tensors.put("blk.0.ffn_norm.weight", new long[] {EMBED});
        tensors.put("blk.0.ffn_gate.weight", new long[] {EMBED, FF});
        tensors.put("blk.0.ffn_up.weight", new long[] {EMBED, FF});
        tensors.put("blk.0.ffn_down.weight", new long[] {FF, EMBED});

        Out info = new Out();
        long offset = 0;
        List<Long> sizes = new ArrayList<>();
        for (Map.Entry<String, long[]> t : tensors.entrySet()) {
            long n = 1;
            info.str(t.getKey()).u32(t.getValue().length);
            for (long d : t.getValue()) {
                info.u64(d);
                n *= d;
            }
            info.u32(GGML_F32).u64(offset);
            long bytes = 4 * n;
            sizes.add(n);
            offset += pad(bytes);
        }

        Out file0 = new Out();
        file0.raw("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(3).u64(tensors.size()).u64(kvCount);
        file0.raw(kv.bytes()).raw(info.bytes());
        file0.zeros((int) (pad(file0.size()) - file0.size()));
        SplittableRandom random = new SplittableRandom(seed);
        int i = 0;
        for (Map.Entry<String, long[]> t : tensors.entrySet()) {
            long n = sizes.get(i++);
            boolean norm = t.getKey().endsWith("norm.weight");
            for (long j = 0; j < n; j++) {
                file0.f32(norm ? 1f : (float) (random.nextGaussian() * 0.5));
            }
            file0.zeros((int) (pad(4 * n) - 4 * n));
        }
        Files.write(file, file0.bytes());
        return file;
    }

    private static long pad(long n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** A little-endian byte sink. */
    private static final class Out {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Out u32(long v) {
            b.clear();
            b.putInt((int) v);
            out.write(b.array(), 0, 4);
            return this;
        }

        Out u64(long v) {
            b.clear();
            b.putLong(v);
            out.write(b.array(), 0, 8);
            return this;
        }

        Out f32(float v) {
            b.clear();
            b.putFloat(v);
            out.write(b.array(), 0, 4);
            return this;
        }

        Out str(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            return raw(bytes);
        }

        Out raw(byte[] bytes) {
            out.write(bytes, 0, bytes.length);
            return this;
        }

        Out zeros(int n) {
            return raw(new byte[n]);
        }

        long size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
