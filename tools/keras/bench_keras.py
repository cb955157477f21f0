#!/usr/bin/env python3
"""The Keras side of tools/bench: the tutorial's model and hyperparameters in Keras (tensorflow-cpu 2.21).

Usage:  $(tools/python-env) tools/keras/bench_keras.py PHASE ARGS...
  train default|stacked BATCH_FILE WARM_UP   time train_on_batch on the batches the Java side wrote
  infer ARCHIVE COUNT LATENCY_COUNT          model.predict on COUNT test reviews (raw text; in archive order, then
                                             sorted by length), then single reviews
  adapt ARCHIVE RUNS                         TextVectorization(max_tokens=1000).adapt on the training reviews
  read ARCHIVE RUNS                          read the labelled splits from the archive with tarfile
Each phase runs in its own process and prints "key value" lines, peak_rss_mib last (the process's ru_maxrss).
TensorFlow's thread settings are left at their defaults, as a Keras user has them.
"""
import os
import re
import resource
import statistics
import struct
import sys
import tarfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["CUDA_VISIBLE_DEVICES"] = ""
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

REVIEW = re.compile(r"(?:.*/)?(train|test)/(pos|neg)/[0-9]+_[0-9]{1,2}\.txt")


def read_labelled(archive):
    """{'train': [...], 'test': [...]} of (text bytes, label), in archive order, in one pass."""
    splits = {"train": [], "test": []}
    with tarfile.open(archive) as tar:
        for member in tar:
            match = REVIEW.fullmatch(member.name)
            if member.isfile() and match:
                splits[match.group(1)].append((tar.extractfile(member).read(), 1.0 if match.group(2) == "pos" else 0.0))
    return splits


def read_batches(path):
    """The batch file of TrainStepBenchmark: [(ids int64 [rows, columns], labels float32 [rows])]."""
    with open(path, "rb") as f:
        data = f.read()
    (count,), offset, batches = struct.unpack_from("<i", data), 4, []
    for _ in range(count):
        rows, columns = struct.unpack_from("<ii", data, offset)
        offset += 8
        ids = np.frombuffer(data, "<i4", rows * columns, offset).reshape(rows, columns).astype(np.int64)
        offset += 4 * rows * columns
        labels = np.frombuffer(data, "<f4", rows, offset).copy()
        offset += 4 * rows
        batches.append((ids, labels))
    return batches


def classifier(stacked, encoder=None):
    """The tutorial's model (or its stacked variant), compiled as the tutorial compiles it."""
    layers = [encoder] if encoder is not None else [keras.Input(shape=(None,), dtype="int64")]
    layers.append(keras.layers.Embedding(1000, 64, mask_zero=True))
    if stacked:
        layers += [keras.layers.Bidirectional(keras.layers.LSTM(64, return_sequences=True)),
                   keras.layers.Bidirectional(keras.layers.LSTM(32)),
                   keras.layers.Dense(64, activation="relu"),
                   keras.layers.Dropout(0.5)]
    else:
        layers += [keras.layers.Bidirectional(keras.layers.LSTM(64)),
                   keras.layers.Dense(64, activation="relu")]
    layers.append(keras.layers.Dense(1))
    model = keras.Sequential(layers)
    model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(1e-4), metrics=["accuracy"])
    return model


def seconds(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def train(model_name, batch_file, warm_up):
    batches = read_batches(batch_file)
    model = classifier(model_name == "stacked")
    times = []
    for step, (ids, labels) in enumerate(batches):
        elapsed = seconds(lambda: model.train_on_batch(ids, labels))  # returns numbers: the step is done
        if step >= warm_up:
            times.append(elapsed * 1000)
    print("train_step_median_ms %.1f" % statistics.median(times))
    print("train_step_mean_ms %.1f" % statistics.mean(times))


def infer(archive, count, latency_count):
    splits = read_labelled(archive)
    encoder = keras.layers.TextVectorization(max_tokens=1000)
    encoder.adapt(tf.constant([text for text, _ in splits["train"]]))
    model = classifier(False, encoder)
    texts = [text for text, _ in splits["test"][:count]]
    model.predict(tf.constant(texts[:128]), batch_size=64, verbose=0)  # warm-up: tracing
    elapsed = seconds(lambda: model.predict(tf.constant(texts), batch_size=64, verbose=0))
    print("inference_reviews_per_second %.1f" % (len(texts) / elapsed))
    by_length = sorted(texts, key=len)  # as SentimentModel.predict orders many texts on the Java side
    elapsed = seconds(lambda: model.predict(tf.constant(by_length), batch_size=64, verbose=0))
    print("inference_sorted_reviews_per_second %.1f" % (len(texts) / elapsed))

    serve = tf.function(lambda x: model(x, training=False), input_signature=[tf.TensorSpec([None], tf.string)])
    singles = [text for text, _ in splits["test"][-latency_count:]]
    for text in singles[:20]:
        serve(tf.constant([text])).numpy()
    latencies = sorted(seconds(lambda: serve(tf.constant([text])).numpy()) * 1000 for text in singles)
    print("latency_p50_ms %.2f" % latencies[len(latencies) // 2])
    print("latency_p99_ms %.2f" % latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))])


def adapt(archive, runs):
    texts = [text for text, _ in read_labelled(archive)["train"]]
    # Keras's fastest input (one tensor) and the tutorial's (a tf.data pipeline of batches of 64).
    inputs = {"tensor": lambda: tf.constant(texts),
              "dataset64": lambda: tf.data.Dataset.from_tensor_slices(texts).batch(64)}
    medians = {}
    for name, make in inputs.items():
        wall, cpu = [], []
        for run in range(runs):
            data, layer = make(), keras.layers.TextVectorization(max_tokens=1000)
            start, cpu_start = time.perf_counter(), time.process_time()
            layer.adapt(data)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - cpu_start)
            print("keras adapt %s run %d: %.3f s, %.3f s CPU" % (name, run + 1, wall[-1], cpu[-1]), file=sys.stderr)
        medians[name] = (statistics.median(wall), statistics.median(cpu), min(wall))
    fastest = min(medians.values())
    print("adapt_median_seconds %.4f" % fastest[0])
    print("adapt_min_seconds %.4f" % fastest[2])  # tools/bench's worst case: Java's slowest run against it
    print("adapt_median_cpu_seconds %.4f" % fastest[1])


def read(archive, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        splits = read_labelled(archive)
        times.append(time.perf_counter() - start)
        assert len(splits["train"]) == len(splits["test"]) == 25000, {k: len(v) for k, v in splits.items()}
    print("read_first_seconds %.3f" % times[0])
    print("read_median_seconds %.3f" % statistics.median(times))


def main():
    phase, args = sys.argv[1], sys.argv[2:]
    if phase == "train":
        train(args[0], args[1], int(args[2]))
    elif phase == "infer":
        infer(args[0], int(args[1]), int(args[2]))
    elif phase == "adapt":
        adapt(args[0], int(args[1]))
    elif phase == "read":
        read(args[0], int(args[1]))
    else:
        sys.exit("unknown phase " + phase)
    print("peak_rss_mib %d" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))


if __name__ == "__main__":
    main()
