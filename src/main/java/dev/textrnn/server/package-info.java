/**
 * {@code textrnn serve}: TensorFlow Serving's REST API (its {@code api_rest.md}) over textrnn
 * SavedModels in one JVM. {@link dev.textrnn.server.ModelServer} is the HTTP server (Jetty's core
 * handlers); {@link dev.textrnn.server.ModelVersions} watches a base path's numbered version
 * folders and swaps in the highest; {@link dev.textrnn.server.Batcher} runs concurrent requests as
 * one length-sorted model call; {@link dev.textrnn.server.TensorJson} is the row and columnar JSON
 * of requests and responses; {@link dev.textrnn.server.ServingMetrics} is the Prometheus page.
 */
package dev.textrnn.server;
