//! How the index stores the rows it covers: all rows of a unit's figures
//! or of an item's `search` rows in one stored value, their text in one
//! UTF-8 string and their shape (each term's kind and its parts' lengths)
//! beside it.
//!
//! Rows were JSON arrays of N-Triples terms, one stored value per row: at
//! 17,500 figures a third of `outcome-figures` went to the JSON, to
//! re-parsing and re-validating each N-Triples literal and to one string
//! per stored value. Now the text is checked as UTF-8 once per stored
//! value, and a term is read back as slices of it ([`RowGroup::view`]),
//! copied only when written out; the terms were valid when the store took
//! them.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNodeRef, LiteralRef, NamedNodeRef, Term, TermRef};

const UNBOUND: u8 = 0;
const IRI: u8 = 1;
const STRING: u8 = 2;
const LANGUAGE_TAGGED: u8 = 3;
const TYPED: u8 = 4;
const BLANK: u8 = 5;

/// Rows being encoded into one stored value.
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
            let length = u32::try_from(part.len()).expect("a term shorter than 4 GiB");
            self.shape.extend_from_slice(&length.to_le_bytes());
            self.text.push_str(part);
        }
    }

    /// The stored value: the text's length, the text, the shape.
    pub fn finish(self) -> Vec<u8> {
        let length = u32::try_from(self.text.len()).expect("rows shorter than 4 GiB");
        let mut out = Vec::with_capacity(4 + self.text.len() + self.shape.len());
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(self.text.as_bytes());
        out.extend_from_slice(&self.shape);
        out
    }
}

/// Rows as the index gives them for a covered query: the terms every row
/// of the group starts with, then each row's own `width` terms, read from
/// the stored value only when asked for (sorting borrows them,
/// [`RowGroup::view`]); each stored row counts `repeat` times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowGroup {
    leading: Vec<Term>,
    width: usize,
    repeat: usize,
    text: String,
    shape: Vec<u8>,
    /// Where each stored row starts in `shape` and in `text`.
    starts: Vec<(usize, usize)>,
}

impl RowGroup {
    /// The group of rows `stored` (by [`RowEncoder`]), checked once here so
    /// that reading them later cannot fail.
    pub fn new(
        leading: Vec<Term>,
        width: usize,
        repeat: usize,
        stored: &[u8],
    ) -> Result<Self, String> {
        let truncated = || "a stored row ends mid-term".to_string();
        let (length, rest) = match stored.split_first_chunk::<4>() {
            Some((length, rest)) => (u32::from_le_bytes(*length) as usize, rest),
            None if stored.is_empty() => (0, stored),
            None => return Err(truncated()),
        };
        if rest.len() < length {
            return Err(truncated());
        }
        let (text, shape) = rest.split_at(length);
        let text = std::str::from_utf8(text).map_err(|e| e.to_string())?;
        let mut group = Self {
            leading,
            width,
            repeat,
            text: text.to_string(),
            shape: shape.to_vec(),
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
    /// `None` if the stored value ends or is not one [`RowEncoder`] wrote.
    fn term_at(&self, at: &mut (usize, usize)) -> Option<Option<TermRef<'_>>> {
        let kind = *self.shape.get(at.0)?;
        at.0 += 1;
        let mut part = || -> Option<&str> {
            let length = self.shape.get(at.0..at.0 + 4)?;
            let length = u32::from_le_bytes(length.try_into().ok()?) as usize;
            at.0 += 4;
            let part = self.text.get(at.1..at.1 + length)?;
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
        ];
        let mut encoder = RowEncoder::default();
        for row in &rows {
            encoder.push(row.iter().map(|t| t.as_ref().map(Term::as_ref)));
        }
        let stored = encoder.finish();
        let lead = Term::from(Literal::new_simple_literal("%"));
        let group = RowGroup::new(vec![lead.clone()], 3, 2, &stored).unwrap();
        assert_eq!(group.len(), 6);
        for (i, row) in rows.iter().enumerate() {
            let expected: Vec<Option<Term>> = std::iter::once(Some(lead.clone()))
                .chain(row.iter().cloned())
                .collect();
            // Each stored row counts twice, one after the other.
            assert_eq!(group.row(2 * i), expected);
            assert_eq!(group.row(2 * i + 1), expected);
        }
        assert!(RowGroup::new(Vec::new(), 3, 1, &stored[..stored.len() - 1]).is_err());
        assert!(RowGroup::new(Vec::new(), 3, 1, &[0, 0, 0, 0, 9]).is_err());
        assert!(RowGroup::new(Vec::new(), 3, 1, &[]).unwrap().is_empty());
        assert!(
            RowGroup::new(Vec::new(), 3, 1, &RowEncoder::default().finish())
                .unwrap()
                .is_empty()
        );
    }
}
