//! Byte offsets ↔ char offsets of one text, converted left to right; a
//! quick test of its bytes; chars into a string at one allocation.
//!
//! The finders search UTF-8 text and report chars. A table of every char's
//! byte offset, built per block and per finder, cost more than the searches
//! themselves; their matches come in text order, so counting on from the
//! previous offset touches each byte about once.

/// Converts offsets of one text, cheapest when they are asked in increasing
/// order (an earlier offset is counted again from the start).
pub(crate) struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            char: 0,
        }
    }

    /// The char offset of `byte` (a char boundary of the text).
    pub fn char_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.rewind();
        }
        self.char += char_count(&self.text.as_bytes()[self.byte..byte]);
        self.byte = byte;
        self.char
    }

    /// The byte offset of `char` (at most the text's length in chars).
    pub fn byte_at(&mut self, char: usize) -> usize {
        if char < self.char {
            self.rewind();
        }
        let rest = &self.text[self.byte..];
        let skip = char - self.char;
        self.byte += rest.char_indices().nth(skip).map_or(rest.len(), |(b, _)| b);
        self.char = char;
        self.byte
    }

    fn rewind(&mut self) {
        self.byte = 0;
        self.char = 0;
    }
}

/// Chars in valid UTF-8: every byte but continuation bytes (`0b10xx_xxxx`)
/// starts one.
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Whether any byte of `text` satisfies `pred`: tested 32 bytes at a time
/// without a branch, which the compiler vectorises, where `Iterator::any`
/// branches on every byte.
pub(crate) fn any_byte(text: &str, pred: impl Fn(u8) -> bool) -> bool {
    text.as_bytes()
        .chunks(32)
        .any(|chunk| chunk.iter().fold(false, |found, &b| found | pred(b)))
}

/// `chars` as a string, allocated once at its size: collecting them
/// reserves a byte a char, then grows again for every Chinese char.
pub(crate) fn string_of<'a>(chars: impl Iterator<Item = &'a char> + Clone) -> String {
    let mut out = String::with_capacity(chars.clone().map(|c| c.len_utf8()).sum());
    out.extend(chars);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_both_ways_in_any_order() {
        let text = "a上海 b期货交易所。";
        let starts: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let mut cursor = CharCursor::new(text);
        let order = [0, 2, 3, 3, 9, 1, 11, 5, 0, 11];
        for &c in &order {
            assert_eq!(cursor.byte_at(c), starts[c]);
            assert_eq!(cursor.char_at(starts[c]), c);
        }
        for &c in order.iter().rev() {
            assert_eq!(cursor.char_at(starts[c]), c);
        }
    }

    #[test]
    fn string_of_chars_in_either_order() {
        let chars = ['上', 'a', '€', '𝄞'];
        assert_eq!(string_of(chars.iter()), "上a€𝄞");
        assert_eq!(string_of(chars.iter().rev()), "𝄞€a上");
        assert_eq!(string_of(chars[..0].iter()), "");
    }

    #[test]
    fn any_byte_sees_every_chunk() {
        let text = format!("{}A{}", "上".repeat(20), "海".repeat(20));
        assert!(any_byte(&text, |b| b.is_ascii_uppercase()));
        assert!(!any_byte(&text[..60], |b| b.is_ascii_uppercase()));
        assert!(!any_byte("", |b| b.is_ascii_uppercase()));
    }
}
