"""Runs Keras's own EarlyStopping, ReduceLROnPlateau and ModelCheckpoint(save_best_only=True) on a
history given as JSON, and prints what they decide after each epoch, as JSON.

Usage: keras_callbacks.py CASE.json

CASE: {"learning_rate": 0.01, "epochs": [{"val_loss": 0.7, ...}, ...],
       "early_stopping": {EarlyStopping's arguments}, "reduce_lr": {ReduceLROnPlateau's arguments},
       "monitor": "val_loss", "mode": "auto"}
Prints [{"stop": bool, "best_epoch": n, "learning_rate": r, "checkpoint_best": v}, ...], one per
epoch until (and including) the one at which EarlyStopping stops; epochs count from 1, and
best_epoch is 0 before EarlyStopping has a best value (in its warm-up).
"""

import json
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402


def main(path):
    with open(path) as f:
        case = json.load(f)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(case["learning_rate"]), loss="mse")
    stopping = keras.callbacks.EarlyStopping(**case["early_stopping"])
    reducing = keras.callbacks.ReduceLROnPlateau(**case["reduce_lr"])
    with tempfile.TemporaryDirectory() as folder:
        checkpoint = keras.callbacks.ModelCheckpoint(
            os.path.join(folder, "best.weights.h5"),
            monitor=case["monitor"],
            mode=case["mode"],
            save_best_only=True,
            save_weights_only=True,
        )
        callbacks = [stopping, reducing, checkpoint]
        for callback in callbacks:
            callback.set_model(model)
            callback.on_train_begin()
        decisions = []
        for epoch, logs in enumerate(case["epochs"]):
            for callback in callbacks:
                callback.on_epoch_begin(epoch)
                callback.on_epoch_end(epoch, dict(logs))
            decisions.append(
                {
                    "stop": bool(model.stop_training),
                    "best_epoch": 0 if stopping.best is None else stopping.best_epoch + 1,
                    "learning_rate": float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)),
                    "checkpoint_best": float(checkpoint.best),
                }
            )
            if model.stop_training:
                break
    json.dump(decisions, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
