package dev.textrnn.server;

import dev.textrnn.serving.SentimentModel;

/**
 * One loaded version of the model. Requests hold it by {@link #lease} while they use it; once it is
 * {@linkplain #retire retired} (a newer version took its place) it takes no new leases and its
 * native memory is freed when the last lease ends, so a swap never fails a request in flight.
 */
final class ServedVersion {
  private final long version;
  private final SentimentModel model;
  private int leases;
  private boolean retired;

  ServedVersion(long version, SentimentModel model) {
    this.version = version;
    this.model = model;
  }

  long version() {
    return version;
  }

  /** The model for one request, or null once retired; the caller closes the lease. */
  synchronized Lease lease() {
    if (retired) {
      return null;
    }
    leases++;
    return new Lease();
  }

  /** Takes no more leases; closes the model now or when the last lease ends. */
  void retire() {
    boolean idle;
    synchronized (this) {
      retired = true;
      idle = leases == 0;
    }
    if (idle) {
      model.close();
    }
  }

  /** A request's hold on the version. */
  final class Lease implements AutoCloseable {
    private boolean closed;

    SentimentModel model() {
      return model;
    }

    long version() {
      return version;
    }

    @Override
    public void close() {
      boolean last;
      synchronized (ServedVersion.this) {
        if (closed) {
          return;
        }
        closed = true;
        leases--;
        last = retired && leases == 0;
      }
      if (last) {
        model.close();
      }
    }
  }
}
