package io.whyrec.server.api;

import io.whyrec.server.testing.PrometheusText;
import io.whyrec.server.testing.PrometheusText.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry behind {@code /metrics}: a known set of request durations goes in, the Prometheus text comes out,
 * is parsed by the reference parser and by the strict one, and the p95 and p99 computed from the route's
 * histogram buckets are those of the durations recorded.
 */
class MetricsTest {

    @TempDir
    Path dir;

    static final String ROUTE = "/v1/users/{user}/recommendations";

    /**
     * 1,000 requests: 980 of 2 ms and 20 of 80 ms. The 950th is 2 ms (p95) and the 990th 80 ms (p99);
     * interpolated inside their buckets, the computed quantiles lie within a bucket's width (under 25% here)
     * of those values. A second model's requests form a series of their own.
     */
    @Test
    void theRouteHistogramGivesTheP99OfTheRecordedDurations() throws Exception {
        try (Metrics metrics = new Metrics()) {
            for (int i = 0; i < 1000; i++) {
                metrics.request("GET", ROUTE, 200, "ease", (i < 980 ? 2 : 80) * 1_000_000L);
            }
            metrics.request("GET", ROUTE, 200, "pop", 500_000_000L);
            metrics.request("GET", ROUTE, 404, "ease", 1_000_000L);
            metrics.events(8, 2);
            String text = metrics.scrape();

            List<List<Sample>> parsed = new java.util.ArrayList<>();
            parsed.add(PrometheusText.parseStrict(text));
            if (PrometheusText.referenceAvailable()) {
                parsed.add(PrometheusText.parseWithReference(text, dir));
            } else {
                System.out.println("MetricsTest: the reference parser (python3-prometheus-client) is not installed;"
                        + " checked with the strict parser only");
            }
            for (List<Sample> samples : parsed) {
                Map<String, String> ease = Map.of("route", ROUTE, "method", "GET", "status", "2xx", "model", "ease");
                List<Sample> buckets = PrometheusText.select(samples, "whyrec_http_server_requests_seconds_bucket",
                        ease);
                assertTrue(buckets.size() > 20, "a percentile histogram, not a handful of buckets: " + buckets.size());
                double count = PrometheusText.select(samples, "whyrec_http_server_requests_seconds_count", ease)
                        .get(0).value();
                assertEquals(1000, count);
                double p95 = PrometheusText.quantile(0.95, buckets);
                double p99 = PrometheusText.quantile(0.99, buckets);
                assertEquals(0.002, p95, 0.0005, "p95 from the buckets");
                assertEquals(0.080, p99, 0.020, "p99 from the buckets");
                assertEquals(0.002 * 980 + 0.080 * 20, PrometheusText.select(samples,
                        "whyrec_http_server_requests_seconds_sum", ease).get(0).value(), 1e-6);
                // the other model and the error are series of their own, tagged by status class
                assertEquals(1, PrometheusText.select(samples, "whyrec_http_server_requests_seconds_count",
                        Map.of("route", ROUTE, "model", "pop")).get(0).value());
                assertEquals(1, PrometheusText.select(samples, "whyrec_http_server_requests_seconds_count",
                        Map.of("route", ROUTE, "model", "ease", "status", "4xx")).get(0).value());
                assertEquals(8, PrometheusText.select(samples, "whyrec_events_ingested_total", Map.of()).get(0).value());
                assertEquals(2, PrometheusText.select(samples, "whyrec_events_duplicate_total", Map.of()).get(0).value());
                // JVM and process metrics
                for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads",
                        "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds",
                        "system_cpu_count")) {
                    assertFalse(PrometheusText.select(samples, name, Map.of()).isEmpty(), name + " is exposed");
                }
            }
        }
    }

    @Test
    void statusClasses() {
        assertEquals("2xx", Metrics.statusClass(204));
        assertEquals("4xx", Metrics.statusClass(404));
        assertEquals("5xx", Metrics.statusClass(503));
    }
}
