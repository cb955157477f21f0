"""Checks that two folders of model references (tools/keras/model_reference.py output) agree.

Usage: same_reference.py EXPECTED_DIR ACTUAL_DIR [TOLERANCE]

Integers and strings must be equal; floats (plain or base64 float32 arrays) may differ by TOLERANCE
(default 1e-6) in absolute value, since another CPU may round Keras's float32 arithmetic differently.
Prints one line per difference and exits 1 if there is any.
"""
import base64
import json
import pathlib
import struct
import sys


def floats(text):
    raw = base64.b64decode(text)
    return struct.unpack("<%df" % (len(raw) // 4), raw)


def compare(expected, actual, path, tolerance, problems):
    if isinstance(expected, dict) and isinstance(actual, dict):
        if expected.keys() != actual.keys():
            problems.append("%s: keys %s vs %s" % (path, sorted(expected), sorted(actual)))
            return
        for key in expected:
            if key == "values" and isinstance(expected[key], str):
                a, b = floats(expected[key]), floats(actual[key])
                worst = max((abs(x - y) for x, y in zip(a, b)), default=0.0)
                if len(a) != len(b) or worst > tolerance:
                    problems.append("%s.values: %d vs %d floats, max difference %g" % (path, len(a), len(b), worst))
            elif key != "generator":
                compare(expected[key], actual[key], path + "." + key, tolerance, problems)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            problems.append("%s: %d vs %d items" % (path, len(expected), len(actual)))
            return
        for i, (x, y) in enumerate(zip(expected, actual)):
            compare(x, y, "%s[%d]" % (path, i), tolerance, problems)
    elif isinstance(expected, float) or isinstance(actual, float):
        if abs(expected - actual) > tolerance:
            problems.append("%s: %r vs %r" % (path, expected, actual))
    elif expected != actual and not path.endswith(".notes") and ".notes[" not in path:
        problems.append("%s: %r vs %r" % (path, expected, actual))


def main():
    expected_dir, actual_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-6
    problems = []
    names = sorted(p.name for p in expected_dir.glob("*.json"))
    if names != sorted(p.name for p in actual_dir.glob("*.json")):
        problems.append("files differ: %s vs %s" % (names, sorted(p.name for p in actual_dir.glob("*.json"))))
    for name in names:
        if (actual_dir / name).exists():
            compare(json.loads((expected_dir / name).read_text()), json.loads((actual_dir / name).read_text()),
                    name, tolerance, problems)
    for problem in problems:
        print(problem)
    print("%s: %d files, %d differences (tolerance %g)" % (actual_dir, len(names), len(problems), tolerance))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
