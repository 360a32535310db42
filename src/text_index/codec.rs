//! How the index stores the rows it covers: all rows of a unit's figures
//! or of an item's `search` rows in one stored string: their shape (each
//! term's kind and its parts' lengths, in ASCII) then their text.
//!
//! Rows were JSON arrays of N-Triples terms, one stored value per row: at
//! 17,500 figures a third of `outcome-figures` went to the JSON, to
//! re-parsing and re-validating each N-Triples literal and to one string
//! per stored value. Then they were one stored byte string each, which
//! Tantivy reads back a byte at a time (a tenth of `outcome-figures` at
//! 1000 documents); a stored text is read with one copy, checked as UTF-8
//! as it is read. A term is read back as slices of it
//! ([`RowGroup::view`]), copied only when written out; the terms were
//! valid when the store took them.
//!
//! The shape is ASCII so that the whole is one UTF-8 string: a kind is one
//! byte, a length six bits a byte, low bits first, `0x40` set on every byte
//! but the last. The string starts with the shape's length, written so.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNodeRef, LiteralRef, NamedNodeRef, Term, TermRef};

const UNBOUND: u8 = 0;
const IRI: u8 = 1;
const STRING: u8 = 2;
const LANGUAGE_TAGGED: u8 = 3;
const TYPED: u8 = 4;
const BLANK: u8 = 5;

/// Six bits of a length a byte; the seventh says more bytes follow.
const MORE: u8 = 0x40;
const BITS: u8 = 0x3f;

fn push_length(out: &mut Vec<u8>, mut length: usize) {
    while length > usize::from(BITS) {
        out.push(MORE | (length as u8 & BITS));
        length >>= 6;
    }
    out.push(length as u8);
}

/// The length at `at` in `shape`, and `at` past it; `None` if the shape
/// ends before it does or it is not one [`push_length`] wrote.
fn read_length(shape: &[u8], at: &mut usize) -> Option<usize> {
    let mut length = 0usize;
    for shift in (0..usize::BITS).step_by(6) {
        let byte = *shape.get(*at)?;
        *at += 1;
        if byte & !(MORE | BITS) != 0 {
            return None;
        }
        length |= usize::from(byte & BITS).checked_shl(shift)?;
        if byte & MORE == 0 {
            return Some(length);
        }
    }
    None
}

/// Rows being encoded into one stored string.
#[derive(Debug, Default)]
pub struct RowEncoder {
    text: String,
    shape: Vec<u8>,
}

impl RowEncoder {
    /// Adds a row of terms, `None` where unbound.
    pub fn push<'t>(&mut self, row: impl IntoIterator<Item = Option<TermRef<'t>>>) {
        for term in row {
            match term {
                None => self.shape.push(UNBOUND),
                Some(TermRef::NamedNode(iri)) => self.term(IRI, &[iri.as_str()]),
                Some(TermRef::BlankNode(node)) => self.term(BLANK, &[node.as_str()]),
                Some(TermRef::Literal(literal)) => match (literal.language(), literal.datatype()) {
                    (Some(language), _) => self.term(LANGUAGE_TAGGED, &[language, literal.value()]),
                    (None, datatype) if datatype == xsd::STRING => {
                        self.term(STRING, &[literal.value()])
                    }
                    (None, datatype) => self.term(TYPED, &[datatype.as_str(), literal.value()]),
                },
            }
        }
    }

    fn term(&mut self, kind: u8, parts: &[&str]) {
        self.shape.push(kind);
        for part in parts {
            push_length(&mut self.shape, part.len());
            self.text.push_str(part);
        }
    }

    /// The stored string: the shape's length, the shape, the text.
    pub fn finish(self) -> String {
        let mut head = Vec::with_capacity(4 + self.shape.len());
        push_length(&mut head, self.shape.len());
        head.extend_from_slice(&self.shape);
        // Only the shape is checked: the text is a `String` already.
        let mut out = String::from_utf8(head).expect("the shape is ASCII");
        out.reserve_exact(self.text.len());
        out.push_str(&self.text);
        out
    }
}

/// Rows as the index gives them for a covered query: the terms every row
/// of the group starts with, then each row's own `width` terms, read from
/// the stored string only when asked for (sorting borrows them,
/// [`RowGroup::view`]); each stored row counts `repeat` times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowGroup {
    leading: Vec<Term>,
    width: usize,
    repeat: usize,
    /// The stored string: its shape is `stored[shape]`, its text what follows.
    stored: String,
    shape: std::ops::Range<usize>,
    /// Where each stored row starts in the shape and in the text.
    starts: Vec<(usize, usize)>,
}

impl RowGroup {
    /// The group of rows `stored` (by [`RowEncoder`]), checked once here so
    /// that reading them later cannot fail.
    pub fn new(
        leading: Vec<Term>,
        width: usize,
        repeat: usize,
        stored: String,
    ) -> Result<Self, String> {
        let truncated = || "a stored row ends mid-term".to_string();
        let shape = if stored.is_empty() {
            0..0
        } else {
            let mut at = 0;
            let length = read_length(stored.as_bytes(), &mut at).ok_or_else(truncated)?;
            at..at
                .checked_add(length)
                .filter(|&end| end <= stored.len())
                .ok_or_else(truncated)?
        };
        let mut group = Self {
            leading,
            width,
            repeat,
            stored,
            shape,
            starts: Vec::new(),
        };
        let mut at = (0, 0);
        while at.0 < group.shape.len() {
            group.starts.push(at);
            for _ in 0..width {
                group.term_at(&mut at).ok_or_else(truncated)?;
            }
        }
        Ok(group)
    }

    /// The terms every row starts with.
    pub fn leading(&self) -> &[Term] {
        &self.leading
    }

    /// The same rows, each starting with `term` too.
    pub fn led_by(mut self, term: Term) -> Self {
        self.leading.insert(0, term);
        self
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.starts.len() * self.repeat
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` (below [`Self::len`]), borrowed.
    pub fn view(&self, i: usize) -> Vec<Option<TermRef<'_>>> {
        let mut terms = Vec::with_capacity(self.leading.len() + self.width);
        terms.extend(self.leading.iter().map(|term| Some(term.as_ref())));
        let mut at = self.starts[i / self.repeat];
        for _ in 0..self.width {
            terms.push(
                self.term_at(&mut at)
                    .expect("rows checked by RowGroup::new"),
            );
        }
        terms
    }

    /// Row `i` (below [`Self::len`]).
    pub fn row(&self, i: usize) -> Vec<Option<Term>> {
        self.view(i)
            .into_iter()
            .map(|term| term.map(TermRef::into_owned))
            .collect()
    }

    /// The term at `at` (in the shape, in the text), and `at` past it;
    /// `None` if the stored string ends or is not one [`RowEncoder`] wrote.
    fn term_at(&self, at: &mut (usize, usize)) -> Option<Option<TermRef<'_>>> {
        let shape = &self.stored.as_bytes()[self.shape.clone()];
        let text = &self.stored[self.shape.end..];
        let kind = *shape.get(at.0)?;
        at.0 += 1;
        let mut part = || -> Option<&str> {
            let length = read_length(shape, &mut at.0)?;
            let part = text.get(at.1..at.1.checked_add(length)?)?;
            at.1 += length;
            Some(part)
        };
        Some(Some(match kind {
            UNBOUND => return Some(None),
            IRI => NamedNodeRef::new_unchecked(part()?).into(),
            BLANK => BlankNodeRef::new_unchecked(part()?).into(),
            STRING => LiteralRef::new_simple_literal(part()?).into(),
            LANGUAGE_TAGGED => {
                let language = part()?;
                LiteralRef::new_language_tagged_literal_unchecked(part()?, language).into()
            }
            TYPED => {
                let datatype = NamedNodeRef::new_unchecked(part()?);
                LiteralRef::new_typed_literal(part()?, datatype).into()
            }
            _ => return None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::{RowEncoder, RowGroup};
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::{BlankNode, Literal, NamedNode, Term};

    #[test]
    fn lengths_read_back_as_written() {
        let mut shape = Vec::new();
        let lengths = [0, 1, 63, 64, 4095, 4096, 1 << 20, u32::MAX as usize];
        for length in lengths {
            super::push_length(&mut shape, length);
        }
        assert!(shape.is_ascii());
        let mut at = 0;
        for length in lengths {
            assert_eq!(super::read_length(&shape, &mut at), Some(length));
        }
        assert_eq!(at, shape.len());
        assert_eq!(super::read_length(&shape, &mut at), None);
    }

    #[test]
    fn rows_read_back_as_written() {
        let rows: Vec<[Option<Term>; 3]> = vec![
            [
                Some(NamedNode::new_unchecked("https://x/a").into()),
                None,
                Some(Literal::new_simple_literal("跨境\t\"电商\"\n").into()),
            ],
            [
                Some(Literal::new_language_tagged_literal_unchecked("上海市", "zh").into()),
                Some(Literal::new_typed_literal("89.5", xsd::DECIMAL).into()),
                Some(BlankNode::new_unchecked("b1").into()),
            ],
            [None, None, Some(Literal::new_simple_literal("").into())],
            [
                Some(Literal::new_simple_literal("句".repeat(2000)).into()),
                None,
                Some(NamedNode::new_unchecked("https://x/b").into()),
            ],
        ];
        let mut encoder = RowEncoder::default();
        for row in &rows {
            encoder.push(row.iter().map(|t| t.as_ref().map(Term::as_ref)));
        }
        let stored = encoder.finish();
        let lead = Term::from(Literal::new_simple_literal("%"));
        let group = RowGroup::new(vec![lead.clone()], 3, 2, stored.clone()).unwrap();
        for (i, row) in rows.iter().enumerate() {
            let expected: Vec<Option<Term>> = std::iter::once(Some(lead.clone()))
                .chain(row.iter().cloned())
                .collect();
            // Each stored row counts twice, one after the other.
            assert_eq!(group.row(2 * i), expected);
            assert_eq!(group.row(2 * i + 1), expected);
        }
        assert_eq!(group.len(), 2 * rows.len());
        let cut = stored[..stored.len() - 1].to_string();
        assert!(RowGroup::new(Vec::new(), 3, 1, cut).is_err());
        assert!(RowGroup::new(Vec::new(), 3, 1, "\u{1}\u{9}".into()).is_err());
        assert!(RowGroup::new(Vec::new(), 3, 1, "\u{7f}".into()).is_err());
        assert!(RowGroup::new(Vec::new(), 3, 1, String::new())
            .unwrap()
            .is_empty());
        assert!(
            RowGroup::new(Vec::new(), 3, 1, RowEncoder::default().finish())
                .unwrap()
                .is_empty()
        );
    }
}
