//! Stage 1, read: bytes of a file → [`SourceText`] (decoded text, lines, hash).
//!
//! Accepts UTF-8 (with or without BOM) and GB18030/GBK, which Chinese
//! documents often come in. Rejects empty and binary files with a
//! [`Diagnostic`] naming the file and line.

use crate::diagnostic::Diagnostic;
use crate::span::LineIndex;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// One line of the source, without its line terminator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// Char offset of the line's first char in the original file.
    pub start: usize,
    pub text: String,
}

/// A decoded input file.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    /// The file name without directories, as recorded in the graph.
    pub file_name: String,
    /// Hex SHA-256 of the file's bytes as read.
    pub sha256: String,
    /// Size of the file in bytes, as read.
    pub byte_len: usize,
    /// The encoding the bytes were decoded from.
    pub encoding: &'static str,
    pub lines: Vec<Line>,
    pub index: LineIndex,
    /// Total number of chars of the decoded text.
    pub char_len: usize,
}

impl SourceText {
    /// The document id used in IRIs: the file stem, made IRI-safe.
    pub fn doc_id(&self) -> String {
        doc_id_of(Path::new(&self.file_name)).unwrap_or_else(|| self.sha256[..12].to_string())
    }
}

/// The document id of the file at `path`: its stem, made IRI-safe (None when
/// the stem is empty, and the id falls back to the content hash).
pub fn doc_id_of(path: &Path) -> Option<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    (!id.is_empty()).then_some(id)
}

/// Reads and decodes `path`.
pub fn read_file(path: &Path) -> Result<SourceText, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, 0, format!("cannot read file: {e}")))?;
    decode(path, &bytes)
}

/// Decodes `bytes` read from `path` (which is only used to name the file).
///
/// ```
/// use std::path::Path;
/// let source = casegraph::read::decode(Path::new("x.txt"), "一\r\n二\n".as_bytes()).unwrap();
/// assert_eq!(source.lines.len(), 3);
/// assert_eq!(source.lines[1].text, "二");
/// assert_eq!(source.lines[1].start, 3);
/// ```
pub fn decode(path: &Path, bytes: &[u8]) -> Result<SourceText, Diagnostic> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::error(
            path,
            1,
            "the file is empty: there is no case to read",
        ));
    }
    // `contains` finds a byte with memchr; most files have no NUL to place.
    if let Some(pos) = bytes
        .contains(&0)
        .then(|| bytes.iter().position(|&b| b == 0))
        .flatten()
    {
        return Err(Diagnostic::error(
            path,
            line_of_byte(bytes, pos),
            format!("binary data (a NUL byte at byte {pos}): expected UTF-8 or GB18030 text"),
        ));
    }
    // simdutf8 tells valid UTF-8 fast; std's error says where it breaks.
    let utf8 = simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes));
    let (text, encoding) = match utf8 {
        // Borrowed: only the lines are copied.
        Ok(text) => (
            Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text)),
            "UTF-8",
        ),
        Err(utf8_error) => {
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors || !looks_like_text(&decoded) {
                let pos = utf8_error.valid_up_to();
                return Err(Diagnostic::error(
                    path,
                    line_of_byte(bytes, pos),
                    format!("not text: invalid UTF-8 at byte {pos}, and not GB18030/GBK either"),
                ));
            }
            (Cow::Owned(decoded.into_owned()), "GB18030")
        }
    };
    if !looks_like_text(&text) {
        return Err(Diagnostic::error(
            path,
            1,
            "binary data: too many control characters for a text file",
        ));
    }
    // Sized up front: grown line by line, the list was copied a dozen times.
    let line_count = 1 + text.bytes().filter(|&b| b == b'\n').count();
    let mut lines = Vec::with_capacity(line_count);
    let mut starts = Vec::with_capacity(line_count);
    let mut offset = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let len = raw.chars().count();
        starts.push(offset);
        lines.push(Line {
            number: i + 1,
            start: offset,
            text: raw.strip_suffix('\r').unwrap_or(raw).to_string(),
        });
        offset += len + 1;
    }
    let char_len = offset - 1;
    Ok(SourceText {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
        path: path.to_path_buf(),
        sha256: sha256_hex(bytes),
        byte_len: bytes.len(),
        encoding,
        lines,
        index: LineIndex::new(starts),
        char_len,
    })
}

fn line_of_byte(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Text has few control characters other than tab, CR, LF and form feed.
fn looks_like_text(text: &str) -> bool {
    if !may_hold_controls(text.as_bytes()) {
        return true;
    }
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    controls * 100 <= text.chars().count()
}

/// Whether `bytes` (valid UTF-8) holds a control char other than `\n`, `\r`,
/// `\t` and form feed: a C0 byte, DEL, or a C1 control (`0xC2 0x80..=0x9F`).
/// Tested a byte and the byte before it at a time, in fixed-size chunks and
/// without branches: about 2 instructions a byte on the shipped document,
/// where counting control chars char by char took 12.
fn may_hold_controls(bytes: &[u8]) -> bool {
    let control = |before: u8, b: u8| {
        let allowed = matches!(b, b'\n' | b'\r' | b'\t' | 0x0c);
        u8::from((b < 0x20 && !allowed) || b == 0x7f || (before == 0xc2 && b < 0xa0))
    };
    let Some(&first) = bytes.first() else {
        return false;
    };
    const CHUNK: usize = 64;
    let (befores, afters) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    let whole = afters.len() / CHUNK * CHUNK;
    let found = befores[..whole]
        .chunks_exact(CHUNK)
        .zip(afters[..whole].chunks_exact(CHUNK))
        .any(|(before, after)| {
            let pairs = before.iter().zip(after);
            pairs.fold(0u8, |n, (&a, &b)| n | control(a, b)) != 0
        });
    let rest = befores[whole..].iter().zip(&afters[whole..]);
    found || control(0, first) != 0 || rest.fold(0u8, |n, (&a, &b)| n | control(a, b)) != 0
}

/// Hex SHA-256 of `bytes`: a document's identity for incremental builds.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_chars_are_suspected_wherever_they_stand() {
        assert!(!may_hold_controls(
            "上海市\r\n\t第一\u{c}".repeat(20).as_bytes()
        ));
        // `·` and `©` share the lead byte of the C1 controls.
        assert!(!may_hold_controls("·©\u{a0}".repeat(30).as_bytes()));
        for control in ["\u{1}", "\u{7f}", "\u{85}", "\u{9f}", "\u{1b}"] {
            for at in [0, 63, 64, 130, 207] {
                let mut text = "案".repeat(70);
                text.insert_str(at / 3 * 3, control);
                assert!(may_hold_controls(text.as_bytes()), "{control:?} at {at}");
            }
        }
    }

    #[test]
    fn text_with_many_control_chars_is_binary() {
        let binary = "案例\u{1}\u{2}\u{85}".repeat(40);
        let e = decode(Path::new("b.txt"), binary.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("too many control characters"), "{e}");
        // One stray control char in a page of text is tolerated.
        let text = format!("{}\u{1b}{}", "上海市提供".repeat(40), "©".repeat(5));
        assert!(decode(Path::new("t.txt"), text.as_bytes()).is_ok());
    }

    #[test]
    fn empty_file_is_an_error() {
        let e = decode(Path::new("e.txt"), b"  \n\n").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("e.txt:1: error: the file is empty"));
    }

    #[test]
    fn binary_file_names_line() {
        let e = decode(Path::new("b.bin"), b"abc\ndef\0ghi").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("binary"));
    }

    #[test]
    fn gbk_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("1.标题\n（上海市提供）\n");
        let source = decode(Path::new("g.txt"), &bytes).unwrap();
        assert_eq!(source.encoding, "GB18030");
        assert_eq!(source.lines[1].text, "（上海市提供）");
    }

    #[test]
    fn offsets_count_chars_and_crlf() {
        let source = decode(Path::new("c.txt"), "上海\r\n浙江\r\n".as_bytes()).unwrap();
        assert_eq!(source.lines[1].start, 4);
        assert_eq!(source.lines[1].text, "浙江");
        assert_eq!(source.index.line_of(4), 2);
        assert_eq!(source.sha256.len(), 64);
    }
}
