package dev.textrnn.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration, carried to the executors with a task: an S3 key or a name node
 * set on the session ({@code sparkContext.hadoopConfiguration}) reaches the executor that copies
 * the model. Hadoop's {@link Configuration} is {@code Writable}, not {@code Serializable}.
 */
final class HadoopConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Configuration configuration;

  HadoopConfiguration(Configuration configuration) {
    this.configuration = configuration;
  }

  Configuration get() {
    return configuration;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    configuration.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    configuration = new Configuration(false);
    configuration.readFields(in);
  }
}
