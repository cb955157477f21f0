package dev.textrnn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --data: where the IMDB archive is; else $TEXTRNN_DATA, the user cache, or a download. */
final class DataOption {
  @Option(
      names = "--data",
      paramLabel = "FILE",
      description =
          "aclImdb_v1.tar.gz; without it: $TEXTRNN_DATA, then ~/.cache/textrnn/aclImdb_v1.tar.gz, "
              + "then a download with a checksum check")
  Path file;
}
