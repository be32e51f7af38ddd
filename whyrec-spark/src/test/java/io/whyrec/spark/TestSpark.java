package io.whyrec.spark;

import org.apache.spark.sql.SparkSession;

/** Spark sessions for the tests: small, loopback only, no web UI, 4 shuffle partitions. */
final class TestSpark {

    private TestSpark() {
    }

    /** A session on a master URL, e.g. {@code local[2]}. */
    static SparkSession.Builder builder(String master) {
        return SparkSession.builder().appName("whyrec-test").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.parquet.compression.codec", "uncompressed");
    }

    /** Stops a session and forgets it, so the next test starts its own. */
    static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }
}
