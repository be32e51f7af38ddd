/**
 * The whyrec pipeline on Apache Spark ({@link io.whyrec.spark.SparkPipeline}): the data are imported on the driver
 * with whyrec-core's importers and spread over the cluster one user per record; the weighted histories, interest
 * profiles, co-occurrence counts (ItemKNN's similarities and EASE's Gram matrix), batch top-K with exact
 * contributions and the per-user ranking metrics are computed by the executors with whyrec-core's and
 * whyrec-eval's own code, and EASE's solve runs on the driver. This is the only package that depends on Spark.
 */
package io.whyrec.spark;
