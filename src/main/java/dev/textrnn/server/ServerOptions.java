package dev.textrnn.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@link ModelServer} serves, with TensorFlow Serving's flag names.
 *
 * @param host the address to listen on
 * @param port 0 for any free port
 * @param modelName the NAME of /v1/models/NAME
 * @param modelBasePath the folder of numbered version folders; or null with {@code modelDir}
 * @param modelDir one SavedModel folder served as version 1; or null with {@code modelBasePath}
 * @param pollWait how often the base path is read for new versions (zero: never)
 * @param batching whether concurrent requests run as one model call
 * @param batchTimeoutMicros how long a batch waits for more requests after its first
 * @param maxBatchSize the most rows of a batch, and of a request when batching
 * @param batchThreads how many batches run at once
 * @param maxBodyBytes a larger request body is refused (413)
 * @param timeout for a connection's silence, and for receiving a whole request body (408)
 */
public record ServerOptions(
    String host,
    int port,
    String modelName,
    Path modelBasePath,
    Path modelDir,
    Duration pollWait,
    boolean batching,
    long batchTimeoutMicros,
    int maxBatchSize,
    int batchThreads,
    long maxBodyBytes,
    Duration timeout) {}
