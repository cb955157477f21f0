#!/usr/bin/env python3
"""Keras reference values for the textrnn models, for the Java tests to compare against.

Usage:  $(tools/python-env) tools/keras/model_reference.py OUTDIR
Writes OUTDIR/{default-lstm,stacked-lstm,default-gru,stacked-gru}.json (the tutorial's two-class
head) and the same four models with a three-class softmax head, OUTDIR/{...}-3.json, byte-identical
on reruns.

Each file holds one fixed model (Keras initializers with fixed seeds, biases perturbed), one fixed
batch of 6 right-padded rows, and what Keras (TensorFlow backend, CPU, float32) computes for it:
logits, loss, gradients, weights after one Adam step, intermediate layer outputs, and (default
two-class models) the tutorial's padding test. The "encoding" and "notes" fields of each file describe the
format and what was verified. A float64 NumPy re-implementation of the model (the masking rules of
keras/src/layers/rnn/rnn.py and bidirectional.py) is run as a self-check; the script fails if Keras disagrees.
"""
import base64
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["CUDA_VISIBLE_DEVICES"] = ""
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()

VOCAB = 1000
EMBED = 64
MAX_LEN = 13
LENGTHS = [13, 7, 1, 0, 10, 3]
LABELS = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0]
LABELS_3 = [2, 0, 1, 2, 1, 0]  # class indices for the three-class head
LEARNING_RATE = 1e-4
BIAS_PERTURBATION = 0.1  # biases get + uniform(-0.1, 0.1) after Keras's initializer
PAD_TEST_LENGTH = 2000
PAD_TEST_ID = 2  # the id of "the" in the tutorial's vocabulary

CONFIGS = {
    "default-lstm": dict(cell="lstm", stacked=False, seed=1001),
    "stacked-lstm": dict(cell="lstm", stacked=True, seed=1002),
    "default-gru": dict(cell="gru", stacked=False, seed=1003),
    "stacked-gru": dict(cell="gru", stacked=True, seed=1004),
    "default-lstm-3": dict(cell="lstm", stacked=False, seed=1005, classes=3),
    "stacked-lstm-3": dict(cell="lstm", stacked=True, seed=1006, classes=3),
    "default-gru-3": dict(cell="gru", stacked=False, seed=1007, classes=3),
    "stacked-gru-3": dict(cell="gru", stacked=True, seed=1008, classes=3),
}
EXPECTED_PARAMS = {
    "default-lstm": 138369,
    "stacked-lstm": 175489,
    # GRU(reset_after=True): 3 * (in*u + u*u + 2u) per direction
    "default-gru": 64000 + 2 * 3 * (64 * 64 + 64 * 64 + 2 * 64) + (128 * 64 + 64) + 65,  # 122,241
    "stacked-gru": 64000 + 2 * 3 * (64 * 64 + 64 * 64 + 2 * 64)
    + 2 * 3 * (128 * 32 + 32 * 32 + 2 * 32) + (64 * 64 + 64) + 65,  # 149,249
}
# Dense(3) instead of Dense(1): 64 * 3 + 3 weights instead of 65
EXPECTED_PARAMS.update({name + "-3": n - 65 + 64 * 3 + 3 for name, n in EXPECTED_PARAMS.items()})

ENCODING = (
    "Every tensor in 'weights', 'gradients' and 'weights_after_one_adam_step' is an object "
    "{name, shape, values} where 'values' is the standard base64 (RFC 4648, with '=' padding) of the "
    "tensor's float32 values in little-endian byte order, flattened row-major (C order) over 'shape'. "
    "All other numbers are plain JSON: every float is the exact float32 value, written as the "
    "shortest decimal that round-trips the float32 widened to float64 (so parsing as double and "
    "casting to float, or parsing directly as float, gives the identical float32). 'intermediate' "
    "entries are {shape, values} with 'values' nested lists in row-major order. "
    "Sparse rows: in 'gradients' and 'weights_after_one_adam_step' (never in 'weights') the entry "
    "'embedding/embeddings' has an extra field 'rows' (the sorted distinct non-zero ids of the batch); "
    "'shape' is still the full [1000, 64], but 'values' holds only those rows, in that order "
    "(len(rows) x 64 floats). Every other row is exactly 0.0 in 'gradients' and exactly equal to the "
    "same row of 'weights' in 'weights_after_one_adam_step' (asserted by the generator). No other "
    "entry has 'rows'."
)


def f32(x):
    """A float32 value as a JSON float (exact)."""
    v = float(np.float32(x))
    assert np.isfinite(v), v
    return v


def nested(a):
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 0:
        return f32(a)
    return [nested(x) for x in a]


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


def tensor_list(names, arrays, rows=None):
    """rows: for the embedding only, the ids whose rows are stored (all other rows are implied)."""
    out = []
    for n, a in zip(names, arrays):
        e = {"name": n, "shape": list(a.shape)}
        if rows is not None and n == "embedding/embeddings":
            e["rows"] = [int(r) for r in rows]
            a = a[rows]
        e["values"] = b64(a)
        out.append(e)
    return out


# ---------------------------------------------------------------- JSON with fixed formatting


def dump(obj, indent=0):
    pad = " " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [
            f'{pad} {dump(k)}: {dump(obj[k], indent + 1)}' for k in sorted(obj)
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, (list, tuple)):
        if all(isinstance(x, (int, float, np.integer)) or x is None for x in obj):
            return "[" + ", ".join(dump(x) for x in obj) + "]"
        return "[\n" + ",\n".join(pad + " " + dump(x, indent + 1) for x in obj) + "\n" + pad + "]"
    if isinstance(obj, bool):
        return "true" if obj else "false"
    if isinstance(obj, float):
        assert np.isfinite(obj)
        return repr(obj)
    if isinstance(obj, (int, np.integer)):
        return str(int(obj))
    if isinstance(obj, str):
        import json

        return json.dumps(obj, ensure_ascii=True)
    if obj is None:
        return "null"
    raise TypeError(type(obj))


# ---------------------------------------------------------------- model


def make_batch(seed):
    rng = np.random.RandomState(seed)
    ids = np.zeros((len(LENGTHS), MAX_LEN), dtype=np.int64)
    for r, n in enumerate(LENGTHS):
        ids[r, :n] = rng.randint(1, VOCAB, size=n)
    return ids


def build(cell, stacked, seed, outputs_width):
    """Functional model with explicit layer names; returns (model, layer dict, ordered (name, variable))."""
    seeds = iter(range(seed * 100, seed * 100 + 100))
    rnn_cls = keras.layers.LSTM if cell == "lstm" else keras.layers.GRU

    def rnn(units, name, return_sequences):
        return rnn_cls(
            units,
            return_sequences=return_sequences,
            kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
            recurrent_initializer=keras.initializers.Orthogonal(seed=next(seeds)),
            name=name,
        )

    def dense(units, name, activation=None):
        return keras.layers.Dense(
            units,
            activation=activation,
            kernel_initializer=keras.initializers.GlorotUniform(seed=next(seeds)),
            name=name,
        )

    inputs = keras.Input(shape=(None,), dtype="int64", name="ids")
    L = {}
    L["embedding"] = keras.layers.Embedding(
        VOCAB,
        EMBED,
        mask_zero=True,
        embeddings_initializer=keras.initializers.RandomUniform(-0.05, 0.05, seed=next(seeds)),
        name="embedding",
    )
    x = L["embedding"](inputs)
    outputs = {}
    if stacked:
        L["bidirectional"] = keras.layers.Bidirectional(rnn(64, cell, True), name="bidirectional")
        x = L["bidirectional"](x)
        outputs["bidirectional"] = x
        L["bidirectional_1"] = keras.layers.Bidirectional(
            rnn(32, cell + "_1", False), name="bidirectional_1"
        )
        x = L["bidirectional_1"](x)
        outputs["bidirectional_1"] = x
        L["dense"] = dense(64, "dense", "relu")
        x = L["dense"](x)
        outputs["dense"] = x
        L["dropout"] = keras.layers.Dropout(0.5, name="dropout")
        x = L["dropout"](x)
    else:
        L["bidirectional"] = keras.layers.Bidirectional(rnn(64, cell, False), name="bidirectional")
        x = L["bidirectional"](x)
        outputs["bidirectional"] = x
        L["dense"] = dense(64, "dense", "relu")
        x = L["dense"](x)
        outputs["dense"] = x
    L["dense_1"] = dense(outputs_width, "dense_1")
    logits = L["dense_1"](x)
    model = keras.Model(inputs, logits, name=("stacked-" if stacked else "default-") + cell)
    probe = keras.Model(inputs, outputs)

    named = [("embedding/embeddings", L["embedding"].embeddings)]
    bidis = ["bidirectional", "bidirectional_1"] if stacked else ["bidirectional"]
    for b in bidis:
        for direction, layer in (("forward", L[b].forward_layer), ("backward", L[b].backward_layer)):
            c = layer.cell
            prefix = f"{b}/{layer.name}"
            assert layer.name == f"{direction}_{cell}{b[len('bidirectional'):]}", layer.name
            named += [
                (prefix + "/kernel", c.kernel),
                (prefix + "/recurrent_kernel", c.recurrent_kernel),
                (prefix + "/bias", c.bias),
            ]
    for d in ("dense", "dense_1"):
        named += [(d + "/kernel", L[d].kernel), (d + "/bias", L[d].bias)]
    return model, probe, L, named


def initial_weights(cell, stacked, seed, named):
    """Keras's own initializers, each weight with its own fixed seed, then biases perturbed.

    Drawn here rather than by the layers at build time: Bidirectional deep-copies the wrapped layer's
    config, seed included, so its forward and backward halves would otherwise start identical."""
    rng = np.random.RandomState(seed)
    out = []
    for i, (name, var) in enumerate(named):
        s = seed * 1000 + i
        shape = tuple(var.shape)
        role = name.rsplit("/", 1)[1]
        if role == "embeddings":
            init = keras.initializers.RandomUniform(-0.05, 0.05, seed=s)
        elif role == "kernel":
            init = keras.initializers.GlorotUniform(seed=s)
        elif role == "recurrent_kernel":
            init = keras.initializers.Orthogonal(seed=s)
        elif role == "bias":
            init = None
        else:
            raise ValueError(name)
        if init is not None:
            w = np.asarray(init(shape, dtype="float32"))
        else:
            w = np.zeros(shape, dtype=np.float32)
            if cell == "lstm" and name.startswith("bidirectional"):
                u = shape[0] // 4
                w[u : 2 * u] = 1.0  # unit_forget_bias
            w = w + rng.uniform(-BIAS_PERTURBATION, BIAS_PERTURBATION, size=shape)
        assert w.shape == shape, (name, w.shape, shape)
        out.append(w.astype(np.float32))
    return out


# ---------------------------------------------------------------- float64 NumPy re-implementation


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def np_rnn_seq(cell, x, L, K, R, b):
    """One direction over the valid tokens x[:L] (already in reading order); returns [L, u] states."""
    u = R.shape[0]
    h = np.zeros(u)
    c = np.zeros(u)
    hs = []
    for t in range(L):
        if cell == "lstm":
            z = x[t] @ K + h @ R + b
            i, f, g, o = sigmoid(z[:u]), sigmoid(z[u : 2 * u]), np.tanh(z[2 * u : 3 * u]), sigmoid(z[3 * u :])
            c = f * c + i * g
            h = o * np.tanh(c)
        else:
            xi = x[t] @ K + b[0]
            hi = h @ R + b[1]
            zg = sigmoid(xi[:u] + hi[:u])
            r = sigmoid(xi[u : 2 * u] + hi[u : 2 * u])
            hh = np.tanh(xi[2 * u :] + r * hi[2 * u :])
            h = zg * h + (1 - zg) * hh
        hs.append(h)
    return np.array(hs).reshape(L, u)


def np_bidi(cell, seqs, lengths, wf, wb, return_sequences, T):
    """seqs: [B, T, in]; returns [B, 2u] or [B, T, 2u] (zeros at t >= L), per the notes."""
    u = wf[1].shape[0]
    outs = []
    for x, L in zip(seqs, lengths):
        fw = np_rnn_seq(cell, x[:L], L, *wf)
        bw = np_rnn_seq(cell, x[:L][::-1], L, *wb)[::-1]  # bw[t] = state after reading L-1 .. t
        if return_sequences:
            o = np.zeros((T, 2 * u))
            o[:L, :u] = fw
            o[:L, u:] = bw
        else:
            o = np.zeros(2 * u)
            if L > 0:
                o[:u] = fw[L - 1]
                o[u:] = bw[0]
        outs.append(o)
    return np.array(outs)


def np_forward(cfg, ws, ids, lengths):
    w = {n: np.asarray(a, dtype=np.float64) for n, a in ws.items()}
    cell = cfg["cell"]
    x = w["embedding/embeddings"][ids]
    T = ids.shape[1]

    def wd(b, d, sub):
        p = f"{b}/{d}_{cell}{sub}"
        return (w[p + "/kernel"], w[p + "/recurrent_kernel"], w[p + "/bias"])

    inter = {}
    if cfg["stacked"]:
        s = np_bidi(cell, x, lengths, wd("bidirectional", "forward", ""), wd("bidirectional", "backward", ""), True, T)
        inter["bidirectional"] = s
        y = np_bidi(cell, s, lengths, wd("bidirectional_1", "forward", "_1"), wd("bidirectional_1", "backward", "_1"), False, T)
        inter["bidirectional_1"] = y
    else:
        y = np_bidi(cell, x, lengths, wd("bidirectional", "forward", ""), wd("bidirectional", "backward", ""), False, T)
        inter["bidirectional"] = y
    hdn = np.maximum(y @ w["dense/kernel"] + w["dense/bias"], 0.0)
    inter["dense"] = hdn
    logits = hdn @ w["dense_1/kernel"] + w["dense_1/bias"]  # [B, outputs width]
    return logits, inter


# ---------------------------------------------------------------- one configuration


def reference(config_name, cfg):
    cell, stacked, seed = cfg["cell"], cfg["stacked"], cfg["seed"]
    classes = cfg.get("classes", 2)
    binary = classes == 2
    width = 1 if binary else classes
    keras.utils.set_random_seed(seed)
    model, probe, layers, named = build(cell, stacked, seed, width)
    names = [n for n, _ in named]
    variables = [v for _, v in named]
    assert len(variables) == len(model.trainable_variables)
    assert {id(v) for v in variables} == {id(v) for v in model.trainable_variables}

    w0 = initial_weights(cell, stacked, seed, named)
    for v, a in zip(variables, w0):
        v.assign(a)
    n_params = model.count_params()
    assert n_params == EXPECTED_PARAMS[config_name], (config_name, n_params)
    assert n_params == sum(a.size for a in w0)

    ids = make_batch(seed)
    lengths = np.array(LENGTHS)
    assert ((ids != 0).sum(axis=1) == lengths).all()
    ids_t = tf.constant(ids, dtype=tf.int64)
    if binary:
        labels = np.array(LABELS, dtype=np.float32)
        loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
        keras_labels = tf.constant(labels[:, None])
    else:
        labels = np.array(LABELS_3, dtype=np.int32)
        assert set(labels.tolist()) == set(range(classes))
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        keras_labels = tf.constant(labels)

    def squeeze(a):
        """The binary head's logits as [6], the tutorial's format; the others stay [6, classes]."""
        return a[:, 0] if binary else a

    logits = squeeze(model(ids_t, training=False).numpy())
    inter = {k: v.numpy() for k, v in probe(ids_t, training=False).items()}

    with tf.GradientTape() as tape:
        out = model(ids_t, training=False)  # dropout (stacked) is the identity at training=False
        loss = loss_fn(keras_labels, out)
    grads = tape.gradient(loss, variables)
    grads = [tf.convert_to_tensor(g).numpy() for g in grads]  # embedding: IndexedSlices -> dense
    assert all(np.all(np.isfinite(g)) for g in grads)
    loss = float(loss.numpy())
    assert np.array_equal(squeeze(out.numpy()), logits)

    opt = keras.optimizers.Adam(learning_rate=LEARNING_RATE)
    assert opt.epsilon == 1e-7 and opt.beta_1 == 0.9 and opt.beta_2 == 0.999
    opt.apply_gradients(zip([tf.constant(g) for g in grads], variables))
    w1 = [v.numpy() for v in variables]
    assert all(np.all(np.isfinite(a)) for a in w1)

    # ---- self-checks
    notes = []
    ref_logits, ref_inter = np_forward(cfg, dict(zip(names, w0)), ids, LENGTHS)
    ref_logits = squeeze(ref_logits)
    d_logit = float(np.max(np.abs(ref_logits - logits)))
    d_inter = max(float(np.max(np.abs(ref_inter[k] - inter[k]))) for k in inter)
    assert d_logit < 1e-5 and d_inter < 1e-5, (d_logit, d_inter)
    z = ref_logits.astype(np.float64)
    if binary:
        y = labels.astype(np.float64)
        ref_loss = float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    else:
        # -log softmax(z)[label] = logsumexp(z) - z[label], shifted by the row's max
        top = z.max(axis=1)
        log_sum = top + np.log(np.exp(z - top[:, None]).sum(axis=1))
        ref_loss = float(np.mean(log_sum - z[np.arange(len(labels)), labels]))
    assert abs(ref_loss - loss) < 1e-6, (ref_loss, loss)

    # Adam in float32, the Keras formula
    b1, b2, eps, lr = np.float32(0.9), np.float32(0.999), np.float32(1e-7), np.float32(LEARNING_RATE)
    alpha = lr * np.sqrt(np.float32(1) - b2) / (np.float32(1) - b1)
    d_adam = 0.0
    for a0, g, a1 in zip(w0, grads, w1):
        m = (g - np.float32(0)) * np.float32(1 - 0.9)  # Keras: (1 - beta) in Python, then cast
        v = (g * g) * np.float32(1 - 0.999)
        exp = a0 - (m * alpha) / (np.sqrt(v) + eps)
        d_adam = max(d_adam, float(np.max(np.abs(exp - a1))))
    assert d_adam < 1e-8, d_adam

    # the all-padding row (index 3)
    r0 = LENGTHS.index(0)
    bidi_row = inter["bidirectional_1" if stacked else "bidirectional"][r0]
    assert np.all(bidi_row == 0.0), bidi_row
    dense_w = dict(zip(names, w0))
    closed = np.maximum(dense_w["dense/bias"], 0) @ dense_w["dense_1/kernel"] + dense_w["dense_1/bias"]
    if binary:
        empty_logits = f"its logit is dense_1(relu(dense/bias)) = {repr(f32(logits[r0]))} " \
            f"(closed form in float64: {float(closed[0]):.9g})"
    else:
        empty_logits = f"its logits are dense_1(relu(dense/bias)) = {[f32(v) for v in logits[r0]]} " \
            f"(closed form in float64: [{', '.join(f'{float(v):.9g}' for v in closed)}])"
    if stacked:
        assert np.all(inter["bidirectional"][r0] == 0.0)
    empty_note = (
        f"All-padding row {r0} (length 0): Keras gives an all-zero Bidirectional output (both halves "
        f"exactly 0.0{', and the first BiRNN sequence output is all zero at every step' if stacked else ''}), "
        f"so {empty_logits}; no NaN, no error. Its loss term's gradient "
        f"reaches only dense/bias (units where the bias is > 0), dense_1/kernel and dense_1/bias: its input "
        f"to dense is zero and no RNN weight is used for it (embedding row 0 gets no gradient)."
    )
    # in the stacked model, positions t >= L of the first BiRNN's sequence output are exactly zero
    if stacked:
        s = inter["bidirectional"]
        for r, L in enumerate(LENGTHS):
            assert np.all(s[r, L:] == 0.0)
    # the embedding's row 0 (padding id) and rows of ids not in the batch get no gradient and do not move
    rows = np.array(sorted(set(ids[ids != 0].tolist())))
    other = np.setdiff1d(np.arange(VOCAB), rows)
    assert 0 in other
    assert np.all(grads[0][other] == 0.0) and np.all(w1[0][other] == w0[0][other])
    assert names[0] == "embedding/embeddings"

    notes += [
        f"Parameters: {n_params:,} (Keras model.count_params(); asserted).",
        empty_note,
        "Self-check: a float64 NumPy implementation of the masking rules of Keras's rnn.py and "
        "bidirectional.py (forward half "
        "ends at token L-1; backward half = fresh run over the L valid tokens reversed; return_sequences "
        "output is zero at t >= L; L = 0 gives zeros) agrees with Keras: max |logit diff| "
        f"{d_logit:.2g}, max |intermediate diff| {d_inter:.2g}; loss diff {abs(ref_loss - loss):.2g}; "
        f"float32 NumPy Adam vs Keras Adam max |diff| {d_adam:.2g}."
        + ("" if binary else " The float64 loss is mean(logsumexp(logits) - logits[label]) (max-shifted)."),
        "Inputs: ids int64, right-padded with 0; mask = ids != 0 (Embedding mask_zero=True). "
        + ("Labels float32." if binary else f"Labels: class indices 0..{classes - 1}, int32 (JSON integers)."),
        (
            "loss = BinaryCrossentropy(from_logits=True) on logits [6,1] vs labels [6,1]"
            if binary
            else f"loss = SparseCategoricalCrossentropy(from_logits=True) on logits [6,{classes}] vs labels [6] "
            f"(-log softmax(logits)[label]; 'logits' is stored as [6][{classes}])"
        )
        + ", mean over the 6 rows, "
        "computed from model(ids, training=False). 'gradients' = d loss / d weight of that same loss; "
        "the embedding's gradient (IndexedSlices in TF) is densified; only its rows for the ids in the "
        "batch are stored (see 'encoding': rows of ids not in the batch, and row 0, are exactly zero).",
        "weights_after_one_adam_step: keras.optimizers.Adam(learning_rate=1e-4) (beta_1 0.9, beta_2 0.999, "
        "epsilon 1e-7), fresh optimizer, ONE apply_gradients with those dense gradients (step t = 1: "
        "alpha = lr*sqrt(1-0.999)/(1-0.9); m = 0.1 g; v = 0.001 g^2; w -= alpha*m/(sqrt(v)+1e-7)).",
        "Weights: Keras initializers with fixed seeds (Embedding RandomUniform(-0.05,0.05), kernels "
        "GlorotUniform, recurrent kernels Orthogonal over the whole matrix, biases zeros"
        + (" with ones for the LSTM forget gate" if cell == "lstm" else "")
        + f"), then every bias gets + uniform(-{BIAS_PERTURBATION}, {BIAS_PERTURBATION}) so zero/one "
        "biases cannot hide bugs. Only 'weights' is the state to load; nothing else is random.",
    ]
    if cell == "lstm":
        notes.append(
            "LSTM layout (Keras): kernel [in, 4u], recurrent_kernel [u, 4u], bias [4u]; gate blocks "
            "along the last axis in order i, f, c, o; z = x kernel + h recurrent_kernel + bias; "
            "i, f, o = sigmoid (exact logistic); c' = f c + i tanh(z_c); h' = o tanh(c')."
        )
    else:
        notes.append(
            "GRU layout (Keras, reset_after=True): kernel [in, 3u], recurrent_kernel [u, 3u], bias [2, 3u] "
            "(row 0 = input bias, row 1 = recurrent bias); gate blocks in order z, r, h. "
            "xz|xr|xh = x kernel + bias[0]; hz|hr|hh = h recurrent_kernel + bias[1]; z = sigmoid(xz+hz); "
            "r = sigmoid(xr+hr); n = tanh(xh + r*hh); h' = z*h + (1-z)*n."
        )
    if stacked:
        notes.append(
            "Dropout: the model contains Dropout(0.5) between dense and dense_1, but logits, loss, "
            "gradients and the Adam step are ALL computed with training=False, where Dropout is the "
            "identity (Keras's dropout RNG cannot be reproduced in Java). So the one-step reference is "
            "exactly that of the same model with the dropout removed; Java should run its training "
            "step with dropout disabled (or rate 0) to compare. The RNN layers have no dropout, so "
            "training=False changes nothing else."
        )
    else:
        notes.append("No dropout in this model; training=False vs True gives the same values.")

    doc = {
        "config": {
            "name": config_name,
            "cell": cell,
            "vocab_size": VOCAB,
            "embedding_dim": EMBED,
            "mask_zero": True,
            "rnn_layers": (
                [
                    {"name": "bidirectional", "units": 64, "return_sequences": True, "output_dim": 128},
                    {"name": "bidirectional_1", "units": 32, "return_sequences": False, "output_dim": 64},
                ]
                if stacked
                else [{"name": "bidirectional", "units": 64, "return_sequences": False, "output_dim": 128}]
            ),
            "merge_mode": "concat (forward then backward)",
            "dense": {"name": "dense", "units": 64, "activation": "relu"},
            "dropout": 0.5 if stacked else None,
            "output": {"name": "dense_1", "units": width, "activation": None},
            "gru_reset_after": True if cell == "gru" else None,
            "layers": (
                ["embedding", "bidirectional", "bidirectional_1", "dense", "dropout", "dense_1"]
                if stacked
                else ["embedding", "bidirectional", "dense", "dense_1"]
            ),
            "parameter_count": n_params,
            "learning_rate": LEARNING_RATE,
            "adam_epsilon": 1e-07,
            "seed": seed,
            "generator": f"tools/keras/model_reference.py; tensorflow {tf.__version__}, keras {keras.__version__}, CPU, float32",
        },
        "encoding": ENCODING,
        "notes": notes,
        "ids": ids.tolist(),
        "lengths": LENGTHS,
        "labels": [f32(v) for v in labels] if binary else [int(v) for v in labels],
        "weights": tensor_list(names, w0),
        "embedding_rows_in_batch": [int(r) for r in rows],
        "logits": [f32(v) for v in logits] if binary else nested(logits),
        "loss": f32(loss),
        "gradients": tensor_list(names, grads, rows),
        "weights_after_one_adam_step": tensor_list(names, w1, rows),
        "intermediate": {
            k: {"shape": list(v.shape), "values": nested(v)} for k, v in inter.items()
        },
    }
    doc["intermediate_doc"] = (
        "bidirectional: output of the (first) Bidirectional layer, concat(forward, backward)"
        + (" as a sequence [6, 13, 128], zero at t >= length; bidirectional_1: the second one [6, 64]" if stacked else " [6, 128]")
        + "; dense: Dense(64, relu) output [6, 64]. All at training=False with the 'weights'."
    )

    if not stacked and not binary:
        notes.append(
            f"No padding test here: default-{cell}.json has the tutorial's, and the head changes nothing "
            "below dense_1."
        )
    elif not stacked:
        # tutorial padding test, with the initial weights (the Adam step above moved the variables)
        for v, a in zip(variables, w0):
            v.assign(a)
        row0 = ids[0:1, : LENGTHS[0]]
        alone = model(tf.constant(row0), training=False).numpy()[0, 0]
        batch = np.zeros((2, PAD_TEST_LENGTH), dtype=np.int64)
        batch[0, : LENGTHS[0]] = row0[0]
        batch[1, :] = PAD_TEST_ID
        both = model(tf.constant(batch), training=False).numpy()[:, 0]
        doc["padding_test"] = {
            "doc": (
                "With 'weights' (before the Adam step), training=False: logit of row 0 of 'ids' "
                f"({LENGTHS[0]} tokens) alone as a [1, {LENGTHS[0]}] batch, and the same row right-padded "
                f"with 0 to {PAD_TEST_LENGTH} in a [2, {PAD_TEST_LENGTH}] batch whose second row is "
                f"{PAD_TEST_LENGTH} copies of id {PAD_TEST_ID} ('the'). The tutorial expects the two to agree."
            ),
            "ids": row0[0].tolist(),
            "logit_alone": f32(alone),
            "logit_batched": f32(both[0]),
            "logit_of_the_row": f32(both[1]),
            "abs_difference": f32(abs(np.float32(alone) - np.float32(both[0]))),
            "filler_id": PAD_TEST_ID,
            "batched_length": PAD_TEST_LENGTH,
        }
        assert abs(alone - both[0]) < 1e-6, (alone, both[0])
        notes.append(
            "Padding test (tutorial): row 0 alone vs. batched beside 2,000 x id 2: logits "
            f"{repr(f32(alone))} vs {repr(f32(both[0]))} (|diff| {abs(float(alone) - float(both[0])):.2g}; "
            "equal up to float32 rounding of differently shaped matmuls, not necessarily bitwise)."
        )
    return doc


def check_roundtrip(text, doc):
    """The emitted text is valid JSON and decodes to the same numbers."""
    import json

    back = json.loads(text)
    assert back["logits"] == doc["logits"] and back["loss"] == doc["loss"]
    for key in ("weights", "gradients", "weights_after_one_adam_step"):
        for e in back[key]:
            a = np.frombuffer(base64.b64decode(e["values"]), dtype="<f4")
            n = int(np.prod(e["shape"])) if "rows" not in e else len(e["rows"]) * e["shape"][1]
            assert a.size == n, (key, e["name"])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: model_reference.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    only = os.environ.get("TEXTRNN_ONLY")
    for name, cfg in CONFIGS.items():
        if only and name != only:
            continue
        doc = reference(name, cfg)
        path = os.path.join(outdir, name + ".json")
        text = dump(doc) + "\n"
        check_roundtrip(text, doc)
        with open(path, "w", encoding="ascii", newline="\n") as f:
            f.write(text)
        print(f"{path}: {os.path.getsize(path):,} bytes, params {doc['config']['parameter_count']:,}, "
              f"loss {doc['loss']!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
