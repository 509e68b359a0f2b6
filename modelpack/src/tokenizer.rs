//! Reader for llama2.c's tokenizer file and its byte-pair encoder.
//!
//! Layout: a little-endian int32 max token length, then for each token a
//! float32 merge score, an int32 byte length and that many bytes.

use std::collections::HashMap;

use anyhow::{ensure, Result};

pub const BOS: u32 = 1;
pub const EOS: u32 = 2;
/// Id of the byte-fallback piece `<0x00>`. Byte `b` is token `b + 3`.
pub const FIRST_BYTE_TOKEN: u32 = 3;

#[derive(Debug)]
pub struct Tokenizer {
    pub pieces: Vec<Vec<u8>>,
    pub scores: Vec<f32>,
    ids: HashMap<Vec<u8>, u32>,
}

/// Parses a tokenizer file with `vocab_size` tokens. Trailing bytes are an error.
pub fn parse(bytes: &[u8], vocab_size: usize) -> Result<Tokenizer> {
    let mut offset = 0;
    let read_u32 = |offset: &mut usize, what: &str, token: usize| -> Result<u32> {
        ensure!(
            bytes.len() >= *offset + 4,
            "tokenizer ends inside the {what} of token {token}"
        );
        let value = u32::from_le_bytes(bytes[*offset..*offset + 4].try_into().unwrap());
        *offset += 4;
        Ok(value)
    };

    let max_token_length = read_u32(&mut offset, "header", 0)?;
    // Each token takes at least 8 bytes, so a corrupt vocab_size cannot
    // reserve more memory than the file justifies.
    let capacity = vocab_size.min(bytes.len() / 8);
    let mut pieces = Vec::with_capacity(capacity);
    let mut scores = Vec::with_capacity(capacity);
    for token in 0..vocab_size {
        scores.push(f32::from_bits(read_u32(&mut offset, "score", token)?));
        let length = read_u32(&mut offset, "length", token)? as usize;
        ensure!(
            length <= max_token_length as usize,
            "token {token} is {length} bytes, longer than the tokenizer's maximum {max_token_length}"
        );
        ensure!(
            bytes.len() >= offset + length,
            "tokenizer ends inside the bytes of token {token}"
        );
        pieces.push(bytes[offset..offset + length].to_vec());
        offset += length;
    }
    ensure!(
        offset == bytes.len(),
        "tokenizer has {} bytes after its {vocab_size} tokens",
        bytes.len() - offset
    );

    let mut ids = HashMap::new();
    for (id, piece) in pieces.iter().enumerate() {
        ids.entry(piece.clone()).or_insert(id as u32);
    }
    Ok(Tokenizer {
        pieces,
        scores,
        ids,
    })
}

impl Tokenizer {
    /// Returns the bytes that token `id` stands for in generated text: a
    /// byte-fallback piece `<0xNN>` is the single byte NN, any other piece is
    /// itself.
    pub fn decoded_piece(&self, id: u32) -> Vec<u8> {
        let piece = &self.pieces[id as usize];
        match byte_fallback_value(piece) {
            Some(byte) => vec![byte],
            None => piece.clone(),
        }
    }

    /// Encodes `text` the way llama2.c's `encode` does. It starts with an
    /// optional BOS and, for non-empty text, a space token (SentencePiece's
    /// dummy prefix). Each UTF-8 character becomes its token, or its bytes'
    /// byte-fallback tokens when the vocabulary lacks it. Then the adjacent
    /// pair whose joined piece has the highest score is merged, leftmost first
    /// on ties, until no pair joins into a known piece.
    pub fn encode(&self, text: &str, bos: bool) -> Vec<u32> {
        let mut tokens = Vec::new();
        if bos {
            tokens.push(BOS);
        }
        let first_text_token = tokens.len();
        if !text.is_empty() {
            if let Some(&space) = self.ids.get(b" ".as_slice()) {
                tokens.push(space);
            }
        }

        for character in text.chars() {
            let mut utf8 = [0u8; 4];
            let encoded = character.encode_utf8(&mut utf8).as_bytes();
            match self.ids.get(encoded) {
                Some(&id) => tokens.push(id),
                None => tokens.extend(encoded.iter().map(|&byte| byte as u32 + FIRST_BYTE_TOKEN)),
            }
        }

        loop {
            let mut best: Option<(f32, usize, u32)> = None;
            for i in first_text_token..tokens.len().saturating_sub(1) {
                let mut joined = self.pieces[tokens[i] as usize].clone();
                joined.extend_from_slice(&self.pieces[tokens[i + 1] as usize]);
                if let Some(&id) = self.ids.get(&joined) {
                    let score = self.scores[id as usize];
                    if best.is_none_or(|(best_score, _, _)| score > best_score) {
                        best = Some((score, i, id));
                    }
                }
            }
            let Some((_, i, id)) = best else { break };
            tokens[i] = id;
            tokens.remove(i + 1);
        }
        tokens
    }
}

/// Returns NN when `piece` is exactly `<0xNN>` with two hex digits.
fn byte_fallback_value(piece: &[u8]) -> Option<u8> {
    if piece.len() != 6 || !piece.starts_with(b"<0x") || piece[5] != b'>' {
        return None;
    }
    let digits = std::str::from_utf8(&piece[3..5]).ok()?;
    u8::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Serializes a tokenizer file from (piece, score) pairs.
    pub(crate) fn tokenizer_bytes(tokens: &[(&[u8], f32)]) -> Vec<u8> {
        let max = tokens
            .iter()
            .map(|(piece, _)| piece.len())
            .max()
            .unwrap_or(0) as u32;
        let mut bytes = max.to_le_bytes().to_vec();
        for (piece, score) in tokens {
            bytes.extend_from_slice(&score.to_le_bytes());
            bytes.extend_from_slice(&(piece.len() as u32).to_le_bytes());
            bytes.extend_from_slice(piece);
        }
        bytes
    }

    /// Builds a vocabulary laid out like tok512: `<unk>`, BOS, EOS, 256 byte
    /// pieces, then merged pieces with their scores.
    fn small_vocabulary() -> Tokenizer {
        let byte_pieces: Vec<Vec<u8>> = (0..=255u8)
            .map(|b| format!("<0x{b:02X}>").into_bytes())
            .collect();
        let mut tokens: Vec<(&[u8], f32)> =
            vec![(b"<unk>", 0.0), (b"\n<s>\n", 0.0), (b"\n</s>\n", 0.0)];
        tokens.extend(byte_pieces.iter().map(|piece| (piece.as_slice(), 0.0)));
        tokens.extend_from_slice(&[
            (b" ", -1.0),
            (b"a", -2.0),
            (b"b", -3.0),
            (b"ab", -5.0),
            (b" a", -4.0),
            (b" ab", -6.0),
            (b"ba", -7.0),
        ]);
        parse(&tokenizer_bytes(&tokens), tokens.len()).unwrap()
    }

    #[test]
    fn parse_reads_pieces_and_scores() {
        let tokenizer = small_vocabulary();
        assert_eq!(tokenizer.pieces.len(), 266);
        assert_eq!(tokenizer.pieces[BOS as usize], b"\n<s>\n");
        assert_eq!(tokenizer.pieces[259], b" ");
        assert_eq!(tokenizer.scores[260], -2.0);
    }

    #[test]
    fn parse_rejects_truncated_file() {
        let bytes = tokenizer_bytes(&[(b"ab", 1.0), (b"cd", 2.0)]);
        let error = parse(&bytes[..bytes.len() - 1], 2).unwrap_err();
        assert!(error.to_string().contains("token 1"), "{error}");
    }

    #[test]
    fn parse_rejects_trailing_bytes() {
        let mut bytes = tokenizer_bytes(&[(b"ab", 1.0)]);
        bytes.push(0);
        assert!(parse(&bytes, 1).is_err());
    }

    #[test]
    fn parse_rejects_piece_longer_than_maximum() {
        let mut bytes = tokenizer_bytes(&[(b"abc", 1.0)]);
        bytes[0..4].copy_from_slice(&2u32.to_le_bytes());
        assert!(parse(&bytes, 1).unwrap_err().to_string().contains("longer"));
    }

    #[test]
    fn decoded_piece_turns_byte_fallback_into_byte() {
        let tokenizer = small_vocabulary();
        assert_eq!(tokenizer.decoded_piece(FIRST_BYTE_TOKEN + 0x0A), b"\n");
        assert_eq!(tokenizer.decoded_piece(FIRST_BYTE_TOKEN + 0xE2), [0xE2]);
        assert_eq!(tokenizer.decoded_piece(259), b" ");
        assert_eq!(tokenizer.decoded_piece(BOS), b"\n<s>\n");
    }

    #[test]
    fn byte_fallback_value_needs_exact_form() {
        assert_eq!(byte_fallback_value(b"<0x41>"), Some(0x41));
        assert_eq!(byte_fallback_value(b"<0x4>"), None);
        assert_eq!(byte_fallback_value(b"<0xZZ>"), None);
        assert_eq!(byte_fallback_value(b"<0x41>x"), None);
    }

    #[test]
    fn encode_merges_highest_score_first() {
        let tokenizer = small_vocabulary();
        // " " "a" "b" → " a" (-4) beats "ab" (-5) → " ab" (-6).
        assert_eq!(tokenizer.encode("ab", true), vec![BOS, 264]);
        assert_eq!(tokenizer.encode("ab", false), vec![264]);
    }

    #[test]
    fn encode_uses_byte_fallback_for_unknown_characters() {
        let tokenizer = small_vocabulary();
        let tokens = tokenizer.encode("é", false);
        assert_eq!(
            tokens,
            vec![259, FIRST_BYTE_TOKEN + 0xC3, FIRST_BYTE_TOKEN + 0xA9]
        );
    }

    #[test]
    fn encode_of_empty_text_is_bos_only() {
        assert_eq!(small_vocabulary().encode("", true), vec![BOS]);
    }
}
