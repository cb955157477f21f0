"""Prints, as JSON, what TensorBoard reads from a log folder in Keras's layout.

Usage: tensorboard_scalars.py LOGDIR

Each run (LOGDIR/train, LOGDIR/validation) with every scalar tag as [[step, value], ...], and
whether the run holds a graph: {"train": {"scalars": {"epoch_loss": [[0, 0.69], ...]},
"graph": true}, ...}. Read with TensorBoard's own EventAccumulator, the reader behind its
Scalars and Graphs dashboards.
"""

import json
import os
import sys

from tensorboard.backend.event_processing import event_accumulator


def main(logdir):
    runs = {}
    for run in sorted(os.listdir(logdir)):
        accumulator = event_accumulator.EventAccumulator(
            os.path.join(logdir, run), size_guidance={event_accumulator.SCALARS: 0}
        )
        accumulator.Reload()
        tags = accumulator.Tags()
        runs[run] = {
            "scalars": {
                tag: [[event.step, event.value] for event in accumulator.Scalars(tag)]
                for tag in tags["scalars"]
            },
            "graph": bool(tags["graph"]),
        }
    json.dump(runs, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
