//! The static embedding table: parsing the shipped file and embedding text with it.
//!
//! File format (little-endian; written by `models/make_static_embeddings.py`, version 1):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `SKMSTEMB` |
//! | 4 | format version (1) |
//! | 4 | `dim`, numbers per vector |
//! | 4 | `vocab_size`, tokens (= rows) |
//! | 4 | `unk_id`, the row of `[UNK]` (dropped from sentences) |
//! | 4 | `max_tokens`: a sentence keeps its first `max_tokens` tokens |
//! | 4 | `max_chars`: the text is cut to its first `max_chars` characters before tokenising |
//! | 4 | `vocab_bytes` |
//! | `vocab_bytes` | the tokens in row order, UTF-8, each followed by `\n` |
//! | 4 × `vocab_size` | one f32 scale per row |
//! | `vocab_size` × `dim` | the rows as i8, row-major; a row's vector is scale × values |
//! | 4 | CRC-32 (IEEE) of every byte before it |

use super::tokenizer::WordPiece;
use super::SemanticError;
use std::borrow::Cow;

/// The file's first eight bytes.
pub const MAGIC: &[u8; 8] = b"SKMSTEMB";
/// The one format version this build reads.
pub const FORMAT_VERSION: u32 = 1;
/// Fixed header size: magic and seven u32 fields.
const HEADER: usize = 8 + 7 * 4;
/// Dimensions above this are refused as damage (the shipped table has 256).
const MAX_DIM: usize = 4096;

/// A static embedding model: a WordPiece tokenizer and one int8 vector (with its scale) per
/// token. Cheap to share: embedding takes `&self`.
#[derive(Debug, Clone)]
pub struct StaticModel {
    tokenizer: WordPiece,
    dim: usize,
    max_tokens: usize,
    max_chars: usize,
    scales: Vec<f32>,
    /// The i8 rows as bytes: borrowed from the binary for the shipped table, so a process
    /// pages in only the rows its texts use.
    rows: Cow<'static, [u8]>,
}

/// Reads little-endian u32 fields from the front of a slice.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], SemanticError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(SemanticError::Truncated { what, offset: self.at, needed: n, len: self.bytes.len() })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, SemanticError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

impl StaticModel {
    /// Parses a table in the format above. Every size is checked against the bytes there
    /// are and the checksum against the content, so a damaged table is an error, never a
    /// panic or a wrong vector.
    pub fn from_bytes(bytes: &[u8]) -> Result<StaticModel, SemanticError> {
        preamble(bytes)?;
        Self::checksum(bytes)?;
        let parts = parse(bytes)?;
        Ok(parts.model(Cow::Owned(parts.vocab.to_string()), Cow::Owned(parts.rows.to_vec())))
    }

    /// A table that lives as long as the process (compiled into the binary): every size is
    /// checked, the rows are borrowed, not copied, and the checksum is left to the test that
    /// reads the shipped table (`shipped_table_loads`): reading all 7.9 MB at every start
    /// would double the cost of a one-line query.
    pub fn from_static(bytes: &'static [u8]) -> Result<StaticModel, SemanticError> {
        let parts = parse(bytes)?;
        Ok(parts.model(Cow::Borrowed(parts.vocab), Cow::Borrowed(parts.rows)))
    }

    /// Whether the last four bytes are the CRC-32 of the rest.
    pub fn checksum(bytes: &[u8]) -> Result<(), SemanticError> {
        if bytes.len() < 4 {
            return Err(SemanticError::Truncated {
                what: "checksum",
                offset: 0,
                needed: 4,
                len: bytes.len(),
            });
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        let stored = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
        let computed = crc32fast::hash(body);
        if stored != computed {
            return Err(SemanticError::Checksum { stored, computed });
        }
        Ok(())
    }

    /// Numbers per vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &WordPiece {
        &self.tokenizer
    }

    /// The ids the sentence is embedded from: the text cut to `max_chars` characters,
    /// tokenised, cut to `max_tokens` tokens, `[UNK]` dropped (as model2vec's `encode`).
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        self.token_ids_into(text, &mut ids);
        ids
    }

    /// [`StaticModel::token_ids`] into a reused buffer (cleared first).
    pub fn token_ids_into(&self, text: &str, ids: &mut Vec<u32>) {
        ids.clear();
        let text = match text.char_indices().nth(self.max_chars) {
            Some((cut, _)) => &text[..cut],
            None => text,
        };
        self.tokenizer.encode_into(text, ids);
        ids.truncate(self.max_tokens);
        let unk = self.tokenizer.unk_id();
        ids.retain(|&id| id != unk);
    }

    /// The L2-normalised mean of the token vectors of `text`; all zeros when it has no
    /// known token (empty or blank text, only unknown words).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.dim);
        let mut ids = Vec::new();
        self.embed_into(text, &mut ids, &mut out);
        out
    }

    /// [`StaticModel::embed`] into reused buffers: `ids` is scratch space, `out` is
    /// overwritten with [`StaticModel::dim`] numbers.
    pub fn embed_into(&self, text: &str, ids: &mut Vec<u32>, out: &mut Vec<f32>) {
        self.token_ids_into(text, ids);
        self.embed_ids_into(ids, out);
    }

    /// The normalised vector of already tokenised ids (ids outside the vocabulary are
    /// skipped); `out` is overwritten with [`StaticModel::dim`] numbers.
    pub fn embed_ids_into(&self, ids: &[u32], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.dim, 0.0);
        for &id in ids {
            let id = id as usize;
            let Some(&scale) = self.scales.get(id) else { continue };
            let row = &self.rows[id * self.dim..(id + 1) * self.dim];
            for (o, &q) in out.iter_mut().zip(row) {
                *o += scale * f32::from(q as i8);
            }
        }
        // The mean's 1/n cancels in the normalisation.
        normalize(out);
    }

    /// The vector of one token row, dequantised (not normalised); `None` past the vocabulary.
    pub fn token_vector(&self, id: u32) -> Option<Vec<f32>> {
        let id = id as usize;
        let scale = *self.scales.get(id)?;
        Some(
            self.rows[id * self.dim..(id + 1) * self.dim]
                .iter()
                .map(|&q| scale * f32::from(q as i8))
                .collect(),
        )
    }
}

/// Long enough for a header and a checksum, and the right magic.
fn preamble(bytes: &[u8]) -> Result<(), SemanticError> {
    if bytes.len() < HEADER + 4 {
        return Err(SemanticError::Truncated {
            what: "header",
            offset: 0,
            needed: HEADER + 4,
            len: bytes.len(),
        });
    }
    if &bytes[..8] != MAGIC {
        return Err(SemanticError::BadMagic);
    }
    Ok(())
}

/// Everything of a table but its checksum, borrowed from `bytes`.
fn parse(bytes: &[u8]) -> Result<Parts<'_>, SemanticError> {
    preamble(bytes)?;
    let body = &bytes[..bytes.len() - 4];
    let mut r = Reader { bytes: body, at: 8 };
    let version = r.u32("version")?;
    if version != FORMAT_VERSION {
        return Err(SemanticError::Version { found: version, supported: FORMAT_VERSION });
    }
    let dim = r.u32("dim")? as usize;
    let vocab_size = r.u32("vocab_size")? as usize;
    let unk = r.u32("unk_id")?;
    let max_tokens = r.u32("max_tokens")? as usize;
    let max_chars = r.u32("max_chars")? as usize;
    let vocab_bytes = r.u32("vocab_bytes")? as usize;
    if dim == 0 || dim > MAX_DIM {
        return Err(SemanticError::Invalid(format!("dimension {dim} is outside 1..={MAX_DIM}")));
    }
    if vocab_size == 0 || unk as usize >= vocab_size {
        return Err(SemanticError::Invalid(format!("unk id {unk} is not a row of {vocab_size}")));
    }
    let vocab_at = r.at;
    let vocab = r.take(vocab_bytes, "vocabulary")?;
    let vocab = std::str::from_utf8(vocab).map_err(|e| SemanticError::Vocabulary {
        offset: vocab_at + e.valid_up_to(),
        message: "not UTF-8".into(),
    })?;
    let Some(lines) = vocab.strip_suffix('\n') else {
        return Err(SemanticError::Vocabulary {
            offset: vocab_at + vocab.len(),
            message: "does not end with a newline".into(),
        });
    };
    let (mut count, mut unk_token) = (0, "");
    for (i, token) in lines.split('\n').enumerate() {
        if i == unk as usize {
            unk_token = token;
        }
        count += 1;
    }
    if count != vocab_size {
        return Err(SemanticError::Vocabulary {
            offset: vocab_at,
            message: format!("{count} tokens for {vocab_size} rows"),
        });
    }
    if unk_token != "[UNK]" {
        return Err(SemanticError::Vocabulary {
            offset: vocab_at,
            message: format!("row {unk} is {unk_token:?}, not [UNK]"),
        });
    }
    let scale_bytes =
        vocab_size.checked_mul(4).ok_or(SemanticError::Invalid("vocabulary too large".into()))?;
    let scales: Vec<f32> = r
        .take(scale_bytes, "scales")?
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    if let Some(row) = scales.iter().position(|s| !s.is_finite()) {
        return Err(SemanticError::Invalid(format!("row {row} has a non-finite scale")));
    }
    let row_bytes = vocab_size.checked_mul(dim).ok_or(SemanticError::Invalid("table too large".into()))?;
    let rows = r.take(row_bytes, "rows")?;
    if r.at != body.len() {
        return Err(SemanticError::Invalid(format!("{} bytes after the rows", body.len() - r.at)));
    }
    Ok(Parts { vocab, unk, dim, max_tokens, max_chars, scales, rows })
}

/// A parsed table, borrowing its tokens and rows.
struct Parts<'a> {
    /// The tokens, each followed by `\n`.
    vocab: &'a str,
    unk: u32,
    dim: usize,
    max_tokens: usize,
    max_chars: usize,
    scales: Vec<f32>,
    rows: &'a [u8],
}

impl Parts<'_> {
    fn model(&self, vocab: Cow<'static, str>, rows: Cow<'static, [u8]>) -> StaticModel {
        StaticModel {
            tokenizer: WordPiece::new(vocab, self.unk),
            dim: self.dim,
            max_tokens: self.max_tokens,
            max_chars: self.max_chars,
            scales: self.scales.clone(),
            rows,
        }
    }
}

/// Scales `v` to unit length in place; a zero vector stays zero.
pub fn normalize(v: &mut [f32]) {
    let norm = dot(v, v).sqrt();
    if norm > 0.0 {
        let inv = 1.0 / norm;
        v.iter_mut().for_each(|x| *x *= inv);
    }
}

/// The dot product of two equally long vectors (the cosine when both are normalised).
/// Eight independent partial sums so the compiler can keep them in one SIMD register.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len());
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid table of the given tokens, dimension 3, row i = (i, -1, 0.5) scaled.
    pub(crate) fn table(tokens: &[&str], unk: u32) -> Vec<u8> {
        let dim = 3u32;
        let vocab: String = tokens.iter().map(|t| format!("{t}\n")).collect();
        let mut b = MAGIC.to_vec();
        for v in [FORMAT_VERSION, dim, tokens.len() as u32, unk, 512, 4096, vocab.len() as u32] {
            b.extend(v.to_le_bytes());
        }
        b.extend(vocab.as_bytes());
        for _ in tokens {
            b.extend(0.5f32.to_le_bytes());
        }
        for i in 0..tokens.len() {
            b.extend([i as u8, (-2i8) as u8, 1]);
        }
        let crc = crc32fast::hash(&b);
        b.extend(crc.to_le_bytes());
        b
    }

    fn reseal(mut b: Vec<u8>) -> Vec<u8> {
        let n = b.len() - 4;
        let crc = crc32fast::hash(&b[..n]);
        b[n..].copy_from_slice(&crc.to_le_bytes());
        b
    }

    #[test]
    fn parses_and_embeds_a_small_table() {
        let m = StaticModel::from_bytes(&table(&["[PAD]", "[UNK]", "a", "b"], 1)).expect("valid table");
        assert_eq!(m.dim(), 3);
        assert_eq!(m.tokenizer().len(), 4);
        // "a" is row 2 = 0.5 * (2, -2, 1) → normalised (2, -2, 1) / 3.
        let v = m.embed("A");
        assert!(
            (v[0] - 2.0 / 3.0).abs() < 1e-6
                && (v[1] + 2.0 / 3.0).abs() < 1e-6
                && (v[2] - 1.0 / 3.0).abs() < 1e-6
        );
        // Unknown words are dropped, not averaged in as [UNK]'s row.
        assert_eq!(m.embed("a zzz"), v);
        assert_eq!(m.embed(""), vec![0.0; 3]);
        assert_eq!(m.embed("zzz"), vec![0.0; 3]);
    }

    #[test]
    fn damaged_tables_are_typed_errors() {
        let good = table(&["[PAD]", "[UNK]", "a"], 1);
        assert!(matches!(StaticModel::from_bytes(&good[..10]), Err(SemanticError::Truncated { .. })));
        let mut bad = good.clone();
        bad[0] = b'X';
        assert!(matches!(StaticModel::from_bytes(&bad), Err(SemanticError::BadMagic)));
        let mut flipped = good.clone();
        let last_row = flipped.len() - 5;
        flipped[last_row] ^= 0x40;
        assert!(matches!(StaticModel::from_bytes(&flipped), Err(SemanticError::Checksum { .. })));
        let mut version = good.clone();
        version[8] = 9;
        assert!(matches!(
            StaticModel::from_bytes(&reseal(version)),
            Err(SemanticError::Version { found: 9, .. })
        ));
        // A vocabulary size that claims more rows than there are bytes.
        let mut rows = good.clone();
        rows[16] = 200;
        assert!(StaticModel::from_bytes(&reseal(rows)).is_err());
        // unk id pointing at a row that is not [UNK].
        let mut unk = good.clone();
        unk[20] = 2;
        assert!(matches!(StaticModel::from_bytes(&reseal(unk)), Err(SemanticError::Vocabulary { .. })));
        let mut dim = good;
        dim[12..16].copy_from_slice(&0u32.to_le_bytes());
        assert!(matches!(StaticModel::from_bytes(&reseal(dim)), Err(SemanticError::Invalid(_))));
    }

    #[test]
    fn dot_handles_tails_and_matches_naive_sum() {
        for n in [0, 1, 7, 8, 9, 23, 256] {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - naive).abs() < 1e-4, "n = {n}");
        }
    }
}
