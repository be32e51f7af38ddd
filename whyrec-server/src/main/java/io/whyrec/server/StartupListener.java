package io.whyrec.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The server's port while it starts: bound first, so a busy port fails before any heavy work, and answering
 * {@code GET /health} with 503 {@code {"status": "starting", "phase": ..., "seconds": ...}}, {@code /health/live}
 * with 200 and every other path with 503 and {@code Retry-After}, until the API takes the port over
 * ({@link #close()} just before it binds). It runs on the JDK's own HTTP server, one thread.
 */
final class StartupListener implements AutoCloseable {

    private final HttpServer http;
    private final long started = System.nanoTime();
    private volatile String phase = "opening the store";

    private StartupListener(HttpServer http) {
        this.http = http;
    }

    /**
     * Binds the port and starts answering.
     *
     * @throws IllegalArgumentException when the port is in use or the host cannot be bound, naming both
     */
    static StartupListener bind(String host, int port) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): is another server using it? Choose another with --port");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        StartupListener listener = new StartupListener(http);
        http.createContext("/", listener::answer);
        http.start();
        return listener;
    }

    /** The bound port (the one chosen when 0 was asked). */
    int port() {
        return http.getAddress().getPort();
    }

    /** Sets what the start-up is doing, as {@code /health} reports it. */
    void phase(String now) {
        phase = now;
    }

    private void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String body;
        int status;
        String state = "{\"status\":\"starting\",\"phase\":\"" + phase.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"seconds\":" + seconds;
        if (path.equals("/health/live")) {
            status = 200;
            body = state + "}";
        } else if (path.equals("/health") || path.equals("/health/ready")) {
            status = 503;
            body = state + "}";
        } else {
            status = 503;
            body = state + ",\"error\":\"the server is starting; retry shortly\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Retry-After", "5");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops answering and frees the port for the API. */
    @Override
    public void close() {
        http.stop(0);
    }
}
