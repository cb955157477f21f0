package dev.textrnn.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme, {@code elsewhere:}, as a stand-in for HDFS or S3: Hadoop
 * calls it a file system that is not the local one, so the transformer must copy a model folder
 * from it. Registered with {@code fs.elsewhere.impl}.
 */
public final class ElsewhereFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "elsewhere";

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }
}
