#!/usr/bin/env python3
"""Posts TensorFlow Serving's documented request bodies to a running `textrnn serve` with Python's
`requests`, and runs the same texts through `tf.saved_model.load`; prints both, as JSON.

usage: serve_check.py BASE_URL MODEL_DIR INPUT.json

BASE_URL: the model's REST address, e.g. http://127.0.0.1:8501/v1/models/textrnn.
INPUT.json: {"texts": ["review", ...]}. Prints one JSON object on stdout:
  load:  tf.saved_model.load(MODEL_DIR) on the texts: logits (rows of floats), label (strings), and
         ids, the signature "vectorize"'s 0-padded rows
  posts: for each body shape of TF Serving's api_rest.md ("Request format"), its name, the body
         posted, the HTTP status and the parsed answer. Shapes: row format ("instances") with plain
         strings, with named inputs, with {"b64": ...} binary strings and with a signature_name;
         columnar format ("inputs") named and unnamed; and predict_ids in both formats on the ids.
The Java test ServePythonTest compares the answers with `load`. `requests` is a dependency of the
reference TensorFlow (tools/requirements-reference.txt), so the reference environment has it.
"""
import base64
import json
import sys

import numpy as np
import requests
import tensorflow as tf


def rows(tensor):
    return [[float(v) for v in row] for row in np.asarray(tensor)]


def load(model_dir, texts):
    model = tf.saved_model.load(model_dir)
    outputs = model.signatures["serving_default"](text=tf.constant(texts))
    ids = model.signatures["vectorize"](text=tf.constant(texts))["ids"].numpy()
    return {
        "logits": rows(outputs["logits"]),
        "label": [label.decode("utf-8") for label in outputs["label"].numpy()],
        "ids": [[int(i) for i in row] for row in ids],
    }


def bodies(texts, ids):
    b64 = [base64.b64encode(text.encode("utf-8")).decode("ascii") for text in texts]
    return {
        "row": {"instances": texts},
        "row_named": {"instances": [{"text": text} for text in texts]},
        "row_b64": {"instances": [{"text": {"b64": encoded}} for encoded in b64]},
        "row_signature": {"signature_name": "serving_default", "instances": texts},
        "columnar": {"inputs": texts},
        "columnar_named": {"signature_name": "serving_default", "inputs": {"text": texts}},
        "ids_row": {"signature_name": "predict_ids", "instances": ids},
        "ids_row_named": {"signature_name": "predict_ids", "instances": [{"ids": row} for row in ids]},
        "ids_columnar": {"signature_name": "predict_ids", "inputs": {"ids": ids}},
    }


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    base_url, model_dir, input_file = sys.argv[1:]
    with open(input_file, encoding="utf-8") as f:
        texts = json.load(f)["texts"]
    report = {"tf_version": tf.__version__, "load": load(model_dir, texts), "posts": []}
    with requests.Session() as session:
        for name, body in bodies(texts, report["load"]["ids"]).items():
            answer = session.post(base_url + ":predict", json=body, timeout=60)
            report["posts"].append(
                {"name": name, "body": body, "status": answer.status_code, "answer": answer.json()})
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
