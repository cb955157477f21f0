#!/usr/bin/env python3
"""The Keras side of the README's own-data demonstration: the tutorial's recipe on a labelled CSV.

usage: $(tools/python-env) tools/keras/train_csv.py TRAIN.csv TEST.csv [EPOCHS]

Both files have the columns text,label (tools/imdb-ratings-csv writes such files). The recipe is the
tutorial's, with as many outputs as the training file has labels: TextVectorization(max_tokens=1000)
adapted on the training texts, Embedding(1000, 64, mask_zero=True) -> Bidirectional(LSTM(64)) ->
Dense(64, relu) -> Dense(C) (Dense(1) and binary cross-entropy for two classes), Adam(1e-4), batches of
64 from a 10,000-text shuffle buffer, EPOCHS epochs (default 10), validation on the first 30 test
batches. Classes are the sorted distinct labels. Prints one JSON line: test loss, accuracy, macro F1,
per-class F1, seconds.
"""
import csv
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["CUDA_VISIBLE_DEVICES"] = ""
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402


def read(path):
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    epochs = int(sys.argv[3]) if len(sys.argv) == 4 else 10
    train_texts, train_labels = read(sys.argv[1])
    test_texts, test_labels = read(sys.argv[2])
    classes = sorted(set(train_labels))
    index = {name: i for i, name in enumerate(classes)}
    y_train = np.array([index[label] for label in train_labels])
    y_test = np.array([index[label] for label in test_labels])
    binary = len(classes) == 2

    keras.utils.set_random_seed(42)
    encoder = keras.layers.TextVectorization(max_tokens=1000)
    encoder.adapt(tf.data.Dataset.from_tensor_slices(train_texts).batch(64))
    model = keras.Sequential([
        encoder,
        keras.layers.Embedding(len(encoder.get_vocabulary()), 64, mask_zero=True),
        keras.layers.Bidirectional(keras.layers.LSTM(64)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(1 if binary else len(classes)),
    ])
    loss = (keras.losses.BinaryCrossentropy(from_logits=True) if binary
            else keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.compile(loss=loss, optimizer=keras.optimizers.Adam(1e-4), metrics=["accuracy"])
    train = tf.data.Dataset.from_tensor_slices((train_texts, y_train)).shuffle(10000, seed=42).batch(64)
    test = tf.data.Dataset.from_tensor_slices((test_texts, y_test)).batch(64)
    start = time.time()
    model.fit(train, epochs=epochs, validation_data=test, validation_steps=30, verbose=2)
    logits = model.predict(test, verbose=0)
    predicted = (logits[:, 0] >= 0).astype(int) if binary else logits.argmax(axis=1)
    test_loss = float(loss(y_test, logits))
    f1 = {}
    for c, name in enumerate(classes):
        tp = int(np.sum((predicted == c) & (y_test == c)))
        fp = int(np.sum((predicted == c) & (y_test != c)))
        fn = int(np.sum((predicted != c) & (y_test == c)))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1[name] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(json.dumps({
        "test_loss": test_loss,
        "accuracy": float(np.mean(predicted == y_test)),
        "macro_f1": float(np.mean(list(f1.values()))),
        "f1": f1,
        "seconds": time.time() - start,
    }))


if __name__ == "__main__":
    main()
