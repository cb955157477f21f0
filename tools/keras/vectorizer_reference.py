"""Writes the reference that dev.textrnn.text.TextVectorization is tested against, made by real Keras.

Usage: python tools/keras/vectorizer_reference.py ARCHIVE OUTDIR

ARCHIVE is aclImdb_v1.tar.gz. The output is deterministic (same inputs, same bytes), so CI can regenerate
it and diff it against the committed copy in src/test/resources/keras/vectorizer/:

vocab-1000.txt, vocab-20000.txt
    get_vocabulary() of TextVectorization(max_tokens=N) (all other arguments default) adapted on the
    train/pos and train/neg reviews, written the way Keras's own save_assets writes vocabulary.txt: the
    entries (the first two are '' and '[UNK]') joined by '\\n', UTF-8, no final newline.
test-ids.tsv
    sha256 of the ids of the 25,000 test reviews (test/pos and test/neg in archive order) under each
    vocabulary, per block of 1,000 reviews and over all of them. Serialization: per review, its ids
    (no padding, no truncation) as decimal numbers joined by one space, then '\\n' (an empty review
    gives an empty line), encoded as ASCII; a block hashes the lines of its reviews in order.
hard-strings.json
    The hard strings of hard_strings() below (bytes as hex) and, for each standardize mode, (a) their ids under the
    vocab-1000 vocabulary, (b) the vocabulary Keras adapts on the hard strings themselves (no max_tokens;
    raw bytes as hex, whether get_vocabulary() can decode each entry, i.e. it is strict UTF-8, and
    whether get_vocabulary() raises) and their ids under it, (c) get_vocabulary() of the vocabulary
    adapted on the hard strings that are valid UTF-8 (valid_utf8_strings), and (d) the ids hash (same
    serialization) and token count of MEGABYTE under the vocab-1000 vocabulary; also the batch of all hard
    strings under vocab-1000 with output_sequence_length=8 (default standardize), padded and truncated.

MEGABYTE is a generated review of exactly 2**20 bytes: the hard strings joined by one space, repeated
with one space between repetitions, cut at 2**20 bytes (the cut may split a UTF-8 sequence).
"""
import hashlib
import json
import os
import re
import sys
import tarfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
from keras.layers import TextVectorization  # noqa: E402

MODES = ["lower_and_strip_punctuation", "lower", "strip_punctuation", "none"]
MAX_TOKENS = [1000, 20000]
BLOCK = 1000
MEGABYTE_SIZE = 1 << 20
SEQUENCE_LENGTH = 8
REVIEW = re.compile(r"aclImdb/(train|test)/(pos|neg)/[^/]+\.txt")
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


def read_reviews(archive, split):
    """(path, bytes) of the pos and neg reviews of split, in archive order."""
    reviews = []
    with tarfile.open(archive) as tar:
        for member in tar:
            match = REVIEW.fullmatch(member.name)
            if member.isfile() and match and match.group(1) == split:
                reviews.append((member.name, tar.extractfile(member).read()))
    return reviews


def u(text):
    return text.encode("utf-8")


def hard_strings():
    """(name, bytes) pairs: the inputs where a byte-wise port is most likely to differ from Keras."""
    cases = [
        ("empty", b""),
        ("blank", b" \t\n\v\f\r "),
        ("only punctuation", u(PUNCTUATION)),
        ("punctuation between spaces", b"! \" # . , ;"),
        ("dont", b"don't Don't DON'T"),
        ("br tag", b"<br />"),
        ("br tags between words", b"great movie.<br /><br />The end"),
        ("br without space", b"a<br/>b<BR>c<Br  />d"),
        ("br spaced", b"< br / > x"),
        ("end.Then", b"the end.Then it began"),
        ("numbers", b"10/10 7.5 1,000,000 2nd 80's $5 -3 +4 1e10"),
        ("words from the vocabulary", b"The movie was GREAT and I loved it"),
        ("uppercase ascii", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("lowercase ascii", b"abcdefghijklmnopqrstuvwxyz"),
        ("accented capitals", u("\u00c9T\u00c9 \u00c0 \u00c7A \u00d1AND\u00da \u00d8RE \u00c5SA")),
        ("greek", u("\u03a3\u039f\u03a6\u0399\u0391 \u03c3\u03bf\u03c6\u03b9\u03b1 \u03a3\u03c2\u03c3")),
        ("cyrillic", u("\u041f\u0420\u0418\u0412\u0415\u0422 \u043f\u0440\u0438\u0432\u0435\u0442")),
        ("dotted I", u("\u0130STANBUL \u0131stanbul Istanbul")),
        ("capital sharp s", u("\u1e9e STRA\u1e9eE stra\u00dfe")),
        ("fullwidth", u("\uff21\uff22\uff23 \uff01\uff1f")),
        ("curly quotes", u("\u201cquoted\u201d \u2018single\u2019 don\u2019t")),
        ("dashes", u("en\u2013dash em\u2014dash a \u2014 b minus\u2212sign")),
        ("ellipsis", u("wait\u2026 what\u2026")),
        ("guillemets", u("\u00abFILM\u00bb \u2039x\u203a")),
        ("inverted marks", u("\u00a1Hola! \u00bfQu\u00e9?")),
        ("nbsp", u("a\u00a0b A\u00a0\u00a0B \u00a0")),
        ("nbsp as the only separator", u("The\u00a0Movie\u00a0Was")),
        ("tabs", b"a\tb\t\tc\t"),
        ("vertical tab", b"a\vb"),
        ("form feed", b"a\fb"),
        ("carriage return", b"a\rb\r\nc"),
        ("mixed whitespace run", b" \t\n\v\f\r a \r\n\t\v\f b\n\n"),
        ("leading and trailing whitespace", b"   The   End   "),
        ("file separators", b"a\x1cb\x1dc\x1ed\x1fe"),
        ("next line", u("a\u0085b")),
        ("unicode spaces", u("a\u2000b\u2003c\u2009d\u200ae\u3000f\u1680g\u205fh")),
        ("line and paragraph separators", u("a\u2028b\u2029c")),
        ("zero width space", u("a\u200bb")),
        ("byte order mark", u("\ufeffThe start")),
        ("emoji", u("great \U0001f600 movie \U0001f44d\U0001f3fd!")),
        ("emoji zwj sequence", u("\U0001f468\u200d\U0001f469\u200d\U0001f467 family")),
        ("regional indicators", u("\U0001f1fa\U0001f1f8 flag")),
        ("combining marks", u("Cafe\u0301 CAFE\u0301 n\u0303")),
        ("zwj and zwnj", u("a\u200db a\u200cb")),
        ("rtl hebrew", u("\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd!")),
        ("rtl arabic", u("\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645.")),
        ("bidi controls", u("\u202eReversed\u202c \u200fRTL\u200e")),
        ("cjk", u("\u7535\u5f71\u5f88\u597d\u3002 \u6620\u753b")),
        ("devanagari", u("\u0939\u093f\u0928\u094d\u0926\u0940 \u092b\u093f\u0932\u094d\u092e")),
        ("lone continuation byte", b"a\x80b \x80 \xbf"),
        ("truncated two byte sequence", b"caf\xc3 x\xc3"),
        ("truncated three byte sequence", b"x\xe2\x80 \xe2"),
        ("truncated four byte sequence", b"x\xf0\x9f\x98 \xf0\x9f"),
        ("byte ff and fe", b"\xff\xfe A\xffB"),
        ("overlong slash", b"a\xc0\xafb"),
        ("overlong nul", b"a\xc0\x80b"),
        ("overlong three byte", b"\xe0\x80\xaf"),
        ("encoded surrogate", b"\xed\xa0\x80 \xed\xbf\xbf"),
        ("above U+10FFFF", b"\xf4\x90\x80\x80 \xf5\x80\x80\x80"),
        ("latin-1 text", b"caf\xe9 CAF\xc9 na\xefve"),
        ("invalid byte before punctuation", b"\xc3! \xe2\x80. \xf0\x9f\x98? \xc3(x)"),
        ("invalid byte before capital", b"\xc3A \xe2\x80B \xf0\x9fC"),
        ("nul bytes", b"a\x00b \x00 \x00\x00 The\x00End"),
        ("control bytes", b"a\x01b\x07c\x1bd\x7fe"),
        ("backslashes", b"C:\\path\\to \\n \\t"),
        ("html entities", b"&amp; &lt;3 &#39;s &quot;hi&quot;"),
        ("url", b"http://www.IMDb.com/title/tt0111161/?ref=x#top"),
        ("email", b"Someone@Example.COM"),
        ("hyphenated and underscored", b"well-known snake_case camelCase"),
        ("brackets", b"[UNK] (a) {b} <c>"),
        ("unk token", b"[UNK] [unk] UNK"),
        ("repeated word", b"the the the THE The tHe"),
        ("long token", b"A" * 2000 + b"!"),
        ("long token with punctuation", b"ab." * 500),
        ("long whitespace run", b"x" + b" " * 3000 + b"y"),
        ("many tokens", b" ".join(b"w%d" % i for i in range(400))),
    ]
    # One case per ASCII punctuation character and per byte value, so that every byte's class
    # (whitespace, deleted punctuation, ASCII capital, kept) is seen in every mode.
    cases += [("punctuation %02x" % ord(p), u("x%sy %sZ%s" % (p, p, p))) for p in PUNCTUATION]
    cases += [("byte %02x" % b, b"A" + bytes([b]) + b"b " + bytes([b])) for b in range(256)]
    return cases


def megabyte(strings):
    unit = b" ".join(strings)
    repeated = b" ".join([unit] * (MEGABYTE_SIZE // (len(unit) + 1) + 1))
    return repeated[:MEGABYTE_SIZE]


def layer(mode, **kwargs):
    return TextVectorization(standardize=None if mode == "none" else mode, ragged=True, **kwargs)


def encode(vectorizer, texts, batch=BLOCK):
    ids = []
    for start in range(0, len(texts), batch):
        ids += vectorizer(tf.constant(texts[start:start + batch])).to_list()
    return ids


def ids_digest(rows):
    digest = hashlib.sha256()
    for row in rows:
        digest.update((" ".join(map(str, row)) + "\n").encode("ascii"))
    return digest.hexdigest()


def adapted(mode, texts):
    vectorizer = layer(mode)
    vectorizer.adapt(tf.constant(texts))
    return vectorizer


def raw_vocabulary(vectorizer):
    """The vocabulary as bytes. get_vocabulary() cannot give them: it decodes strict UTF-8 and, as it goes
    through a numpy unicode array, drops trailing NULs."""
    tokens, ids = vectorizer._lookup_layer.lookup_table.export()
    by_id = dict(zip(ids.numpy().tolist(), tokens.numpy().tolist()))
    return [b"", b"[UNK]"] + [by_id[i] for i in range(2, 2 + len(by_id))]


def get_vocabulary_raises(vectorizer):
    try:
        vectorizer.get_vocabulary()
        return False
    except UnicodeDecodeError:
        return True


def is_utf8(token):
    try:
        tf.compat.as_text(token, "utf-8")  # what get_vocabulary() does with the default encoding
        return True
    except UnicodeDecodeError:
        return False


def to_json(value, indent=0):
    """json with sorted keys, every list of scalars on one line and every other list item on its own."""
    pad = " " * indent
    if isinstance(value, dict):
        items = [pad + " " + json.dumps(key) + ": " + to_json(value[key], indent + 1).lstrip()
                 for key in sorted(value)]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        return pad + "[\n" + ",\n".join(to_json(item, indent + 1) for item in value) + "\n" + pad + "]"
    return pad + json.dumps(value, separators=(",", ":"), ensure_ascii=True)


def write(path, data):
    with open(path, "wb") as out:
        out.write(data)


def main(archive, outdir):
    os.makedirs(outdir, exist_ok=True)
    train = [text for _, text in read_reviews(archive, "train")]
    test = read_reviews(archive, "test")
    test_texts = [text for _, text in test]

    vocab_lines = ["vocab\tblock\tfirst_path\tlast_path\treviews\ttokens\tsha256"]
    vocabularies = {}
    for max_tokens in MAX_TOKENS:
        vectorizer = layer("lower_and_strip_punctuation", max_tokens=max_tokens)
        vectorizer.adapt(tf.constant(train))
        vocabulary = vectorizer.get_vocabulary()
        vocabularies[max_tokens] = vocabulary
        write(os.path.join(outdir, "vocab-%d.txt" % max_tokens), "\n".join(vocabulary).encode("utf-8"))
        ids = encode(vectorizer, test_texts)
        for start in range(0, len(ids), BLOCK):
            rows = ids[start:start + BLOCK]
            vocab_lines.append("%d\t%d\t%s\t%s\t%d\t%d\t%s" % (
                max_tokens, start // BLOCK, test[start][0], test[start + len(rows) - 1][0], len(rows),
                sum(map(len, rows)), ids_digest(rows)))
        vocab_lines.append("%d\tall\t%s\t%s\t%d\t%d\t%s" % (
            max_tokens, test[0][0], test[-1][0], len(ids), sum(map(len, ids)), ids_digest(ids)))
    write(os.path.join(outdir, "test-ids.tsv"), ("\n".join(vocab_lines) + "\n").encode("ascii"))

    cases = hard_strings()
    texts = [text for _, text in cases]
    big = megabyte(texts)
    valid_utf8 = [i for i, text in enumerate(texts) if is_utf8(text)]
    modes = {}
    for mode in MODES:
        imdb = layer(mode, max_tokens=1000, vocabulary=vocabularies[1000])
        big_ids = encode(imdb, [big])
        own = adapted(mode, texts)
        own_vocabulary = raw_vocabulary(own)
        valid = adapted(mode, [texts[i] for i in valid_utf8])
        modes[mode] = {
            "imdb1000": encode(imdb, texts),
            "adapted": {
                "vocabulary_hex": [token.hex() for token in own_vocabulary],
                "vocabulary_utf8": [is_utf8(token) for token in own_vocabulary],
                "get_vocabulary_raises": get_vocabulary_raises(own),
                "ids": encode(own, texts),
            },
            "adapted_valid_utf8": {"get_vocabulary": [str(token) for token in valid.get_vocabulary()]},
            "megabyte": {"tokens": len(big_ids[0]), "sha256": ids_digest(big_ids)},
        }
    padded = TextVectorization(max_tokens=1000, vocabulary=vocabularies[1000],
                               output_sequence_length=SEQUENCE_LENGTH)
    reference = {
        "output_sequence_length": {"length": SEQUENCE_LENGTH, "ids": padded(tf.constant(texts)).numpy().tolist()},
        "strings": [{"name": name, "hex": text.hex()} for name, text in cases],
        "megabyte_sha256": hashlib.sha256(big).hexdigest(),
        "valid_utf8_strings": valid_utf8,
        "modes": modes,
    }
    write(os.path.join(outdir, "hard-strings.json"), (to_json(reference) + "\n").encode("ascii"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: vectorizer_reference.py ARCHIVE OUTDIR")
    main(sys.argv[1], sys.argv[2])
