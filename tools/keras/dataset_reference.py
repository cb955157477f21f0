"""Writes the reference that dev.textrnn.data's folder layout is tested against, made by real Keras.

Usage: python tools/keras/dataset_reference.py LAYOUT OUTDIR

LAYOUT is src/test/resources/data/layout (class folders of .txt files). The output is deterministic, so CI
can regenerate it and diff it against the committed copy in src/test/resources/keras/dataset/:

layout.json
    class_names: the classes keras.utils.text_dataset_from_directory infers.
    orders: for each seed, the files (paths relative to LAYOUT, '/'-separated) in the order
        keras.src.utils.dataset_utils.index_directory gives them with shuffle=True, which is the order
        text_dataset_from_directory splits.
    splits: for each (seed, validation_split, class_names), the texts of
        text_dataset_from_directory(..., subset="both", batch_size=None): the validation set in its order
        (Keras does not shuffle it again) and the training set sorted (Keras shuffles it again with
        tf.data, in an order no other program can give), each text with its label's class name.
    permutations: np.random.RandomState(seed).shuffle of list(range(n)), the permutation under it all.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras.src.utils import dataset_utils  # noqa: E402

SEEDS = [0, 42, 1337, 4294967295]
SPLITS = [(42, 0.2, None), (1337, 0.5, None), (7, 0.3, ["b", "a"])]


def relative(layout, path):
    return os.path.relpath(path, layout).replace(os.sep, "/")


def texts(dataset, class_names):
    return [
        [text.numpy().decode("utf-8"), class_names[int(label.numpy())]]
        for text, label in dataset
    ]


def main(layout, outdir):
    reference = {"orders": [], "splits": [], "permutations": []}
    for seed in SEEDS:
        paths, labels, class_names = dataset_utils.index_directory(
            layout, "inferred", formats=(".txt",), shuffle=True, seed=seed, verbose=False
        )
        reference["class_names"] = class_names
        reference["orders"].append(
            {
                "seed": seed,
                "files": [relative(layout, p) for p in paths],
                "labels": [class_names[int(label)] for label in labels],
            }
        )
    for seed, split, class_names in SPLITS:
        train, validation = keras.utils.text_dataset_from_directory(
            layout,
            class_names=class_names,
            batch_size=None,
            seed=seed,
            validation_split=split,
            subset="both",
            verbose=False,
        )
        names = train.class_names
        reference["splits"].append(
            {
                "seed": seed,
                "validation_split": split,
                "class_names": names,
                "train_sorted": sorted(texts(train, names)),
                "validation": texts(validation, names),
            }
        )
    for seed in [42, 4294967295]:
        order = list(range(1000))
        np.random.RandomState(seed).shuffle(order)
        reference["permutations"].append({"n": 1000, "seed": seed, "order": order})
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "layout.json"), "w", encoding="utf-8") as f:
        json.dump(reference, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
