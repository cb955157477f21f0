#!/usr/bin/env python3
"""Runs a textrnn SavedModel through Python TensorFlow's own consumers and prints what they give, as JSON.

usage: savedmodel_check.py MODEL_DIR INPUT.json

INPUT.json: {"texts": ["review", ...]}. Prints one JSON object on stdout (logits, probabilities and
scores as rows of floats, label as strings, classes as rows of strings):
  tf_version
  load:            tf.saved_model.load(MODEL_DIR).signatures["serving_default"](text=...): logits,
                   probabilities, label, classes, scores
  load_ids:        the signature "vectorize" on the same texts: ids (rows without their 0-padding)
  load_predict_ids the signature "predict_ids" on those ids: logits, label
  reload:          logits of a second tf.saved_model.load of the same folder in the same process
  cli_run:         saved_model_cli run --signature_def serving_default (texts fed from an .npy): logits, label
  cli_show:        the text of saved_model_cli show --all
The Java test SavedModelPythonTest compares these with SentimentModel.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import tensorflow as tf


def rows(tensor):
    """[batch, width] floats -> lists of Python floats."""
    return [[float(v) for v in row] for row in np.asarray(tensor)]


def strings(tensor):
    """string [batch] or [batch, classes] -> Python str, nested alike."""
    array = np.asarray(tensor)
    return [strings(row) if array.ndim > 1 else row.decode("utf-8") for row in array]


def load_and_run(model_dir, texts):
    model = tf.saved_model.load(model_dir)
    outputs = model.signatures["serving_default"](text=tf.constant(texts))
    ids = model.signatures["vectorize"](text=tf.constant(texts))["ids"].numpy()
    by_ids = model.signatures["predict_ids"](ids=tf.constant(ids))
    return {
        "load": {
            "logits": rows(outputs["logits"]),
            "probabilities": rows(outputs["probabilities"]),
            "label": strings(outputs["label"]),
            "classes": strings(outputs["classes"]),
            "scores": rows(outputs["scores"]),
        },
        "load_ids": [[int(i) for i in row if i != 0] for row in ids],
        "load_predict_ids": {"logits": rows(by_ids["logits"]), "label": strings(by_ids["label"])},
    }


def saved_model_cli(*args):
    cli = os.path.join(os.path.dirname(sys.executable), "saved_model_cli")
    done = subprocess.run([cli, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"saved_model_cli {args[0]} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return done.stdout


def cli_run(model_dir, texts):
    with tempfile.TemporaryDirectory() as work:
        inputs = os.path.join(work, "text.npy")
        # A fixed-width bytes array: np.load reads it without pickle.
        np.save(inputs, np.array([t.encode("utf-8") for t in texts]))
        out = os.path.join(work, "out")
        saved_model_cli("run", "--dir", model_dir, "--tag_set", "serve", "--signature_def", "serving_default",
                        "--inputs", f"text={inputs}", "--outdir", out, "--overwrite")
        return {
            "logits": rows(np.load(os.path.join(out, "logits.npy"))),
            "label": strings(np.load(os.path.join(out, "label.npy"), allow_pickle=True)),
        }


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    model_dir, input_file = sys.argv[1], sys.argv[2]
    with open(input_file, encoding="utf-8") as f:
        texts = json.load(f)["texts"]
    report = {"tf_version": tf.__version__}
    report.update(load_and_run(model_dir, texts))
    report["reload"] = {"logits": load_and_run(model_dir, texts)["load"]["logits"]}
    report["cli_run"] = cli_run(model_dir, texts)
    report["cli_show"] = saved_model_cli("show", "--dir", model_dir, "--all")
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
