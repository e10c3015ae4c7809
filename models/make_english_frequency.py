#!/usr/bin/env python3
"""Write models/english-word-frequency.tsv: how common each common English word is.

skillmatch weighs a term by how rare it is in ordinary English as well as in the framework
(src/matching/ordinary.rs): "experience", "customer" or "support" are rare among SFIA's skill
texts but appear in every other line of an advert or CV. This script takes the word
frequencies of the `wordfreq` package (Robyn Speer et al.; code Apache-2.0, data CC BY-SA 4.0:
see the README's attribution) and keeps the words at or above ZIPF_MIN, one `word<TAB>zipf`
line each, most frequent first. Words rarer than that get full weight in the matcher, so they
need not be listed.

Run from the repository root:
    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install 'wordfreq==3.1.1'
    /tmp/wf/bin/python models/make_english_frequency.py
"""
import pathlib

import wordfreq

ZIPF_MIN = 4.0
# Enough of the ranked list to reach ZIPF_MIN with room to spare.
CANDIDATES = 60000

out = pathlib.Path(__file__).with_name("english-word-frequency.tsv")
rows = []
for word in wordfreq.top_n_list("en", CANDIDATES):
    zipf = wordfreq.zipf_frequency(word, "en")
    if zipf >= ZIPF_MIN and word.isalpha():
        rows.append((word, zipf))
with out.open("w", encoding="utf-8") as f:
    f.write(f"# English word frequencies (Zipf scale: log10 of occurrences per billion words), zipf >= {ZIPF_MIN}.\n")
    f.write(f"# From wordfreq {wordfreq.__version__ if hasattr(wordfreq, '__version__') else '3.1.1'} (data CC BY-SA 4.0); made by models/make_english_frequency.py.\n")
    for word, zipf in rows:
        f.write(f"{word}\t{zipf:.2f}\n")
print(f"{out}: {len(rows)} words")
