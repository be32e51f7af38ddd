package io.whyrec.explain.narrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An Ollama server on loopback (JDK HttpServer, a free port) that replays recorded answers: {@code POST /api/chat}
 * answers with the answer recorded for the request's user message (the structured explanation), in the
 * non-streaming response shape of Ollama's chat API. A prompt with no recorded answer gets 404; {@link #delayMillis}
 * and {@link #status} let a test make it slow or failing.
 */
final class OllamaStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // answer without waiting for the client's delayed ACK (about 40 ms a request otherwise)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private volatile Function<String, String> answerer = answers::get;
    private final AtomicInteger requests = new AtomicInteger();
    volatile long delayMillis;
    volatile int status = 200;
    volatile String lastModel;
    volatile String lastSystem;
    volatile boolean lastStream;
    volatile int lastNumPredict;

    OllamaStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/chat", this::handle);
        server.setExecutor(pool);  // a slow answer must not hold up the next request
        server.start();
    }

    /** The base URL to configure a client with. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Records the answer to a prompt's user message. */
    void record(String userMessage, String answer) {
        answers.put(userMessage, answer);
    }

    /** Answers every prompt with a function of its user message (null: 404). */
    void answerWith(Function<String, String> f) {
        answerer = f;
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            lastModel = req.path("model").asText();
            lastStream = req.path("stream").asBoolean(true);
            lastNumPredict = req.path("options").path("num_predict").asInt(-1);
            String user = null;
            for (JsonNode m : req.path("messages")) {
                if (m.path("role").asText().equals("user")) {
                    user = m.path("content").asText();
                } else if (m.path("role").asText().equals("system")) {
                    lastSystem = m.path("content").asText();
                }
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String answer = user == null ? null : answerer.apply(user);
            if (status != 200 || answer == null) {
                int code = status != 200 ? status : 404;
                send(ex, code, "{\"error\":\"no recorded answer\"}");
                return;
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("model", lastModel);
            out.put("created_at", "2026-12-03T10:00:00.000000Z");
            out.putObject("message").put("role", "assistant").put("content", answer);
            out.put("done_reason", "stop");
            out.put("done", true);
            out.put("total_duration", 1_000_000L);
            out.put("prompt_eval_count", 100);
            out.put("eval_count", 30);
            send(ex, 200, JSON.writeValueAsString(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
