//! How the index stores the rows it covers: terms in a length-prefixed
//! binary form, each row of a unit's figures or of an item's `search` rows
//! one after the other in one stored value.
//!
//! Rows were JSON arrays of N-Triples terms, one stored value per row: at
//! 17,500 figures a third of `outcome-figures` went to the JSON, to
//! re-parsing and re-validating each N-Triples literal and to one string
//! per stored value. A term is now its kind, then its parts as written, so
//! reading it back is a copy; the terms were valid when the store took them.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, Term, TermRef};

const UNBOUND: u8 = 0;
const IRI: u8 = 1;
const STRING: u8 = 2;
const LANGUAGE_TAGGED: u8 = 3;
const TYPED: u8 = 4;
/// Any other term (a blank node, a triple term), as N-Triples.
const OTHER: u8 = 5;

/// Appends the terms of one row (`None` where unbound) to `out`.
pub fn encode_row<'t>(row: impl IntoIterator<Item = Option<TermRef<'t>>>, out: &mut Vec<u8>) {
    for term in row {
        match term {
            None => out.push(UNBOUND),
            Some(TermRef::NamedNode(iri)) => part(out, IRI, iri.as_str()),
            Some(TermRef::Literal(literal)) => match (literal.language(), literal.datatype()) {
                (Some(language), _) => {
                    part(out, LANGUAGE_TAGGED, language);
                    bytes(out, literal.value());
                }
                (None, datatype) if datatype == xsd::STRING => part(out, STRING, literal.value()),
                (None, datatype) => {
                    part(out, TYPED, datatype.as_str());
                    bytes(out, literal.value());
                }
            },
            Some(other) => part(out, OTHER, &other.to_string()),
        }
    }
}

fn part(out: &mut Vec<u8>, kind: u8, text: &str) {
    out.push(kind);
    bytes(out, text);
}

fn bytes(out: &mut Vec<u8>, text: &str) {
    let length = u32::try_from(text.len()).expect("a term shorter than 4 GiB");
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

/// Reads rows of `N` terms written by [`encode_row`] until `stored` ends.
pub fn decode_rows<const N: usize>(mut stored: &[u8]) -> Result<Vec<[Option<Term>; N]>, String> {
    let mut rows = Vec::new();
    while !stored.is_empty() {
        let mut row: [Option<Term>; N] = std::array::from_fn(|_| None);
        for slot in &mut row {
            *slot = decode_term(&mut stored)?;
        }
        rows.push(row);
    }
    Ok(rows)
}

fn decode_term(stored: &mut &[u8]) -> Result<Option<Term>, String> {
    let (&kind, rest) = stored.split_first().ok_or("a row ends mid-term")?;
    *stored = rest;
    Ok(Some(match kind {
        UNBOUND => return Ok(None),
        IRI => NamedNode::new_unchecked(text(stored)?).into(),
        STRING => Literal::new_simple_literal(text(stored)?).into(),
        LANGUAGE_TAGGED => {
            let language = text(stored)?;
            Literal::new_language_tagged_literal_unchecked(text(stored)?, language).into()
        }
        TYPED => {
            let datatype = NamedNode::new_unchecked(text(stored)?);
            Literal::new_typed_literal(text(stored)?, datatype).into()
        }
        OTHER => {
            let written = text(stored)?;
            written
                .parse::<Term>()
                .map_err(|e| format!("{written}: {e}"))?
        }
        other => return Err(format!("unknown term kind {other}")),
    }))
}

fn text<'s>(stored: &mut &'s [u8]) -> Result<&'s str, String> {
    let truncated = || "a row ends mid-term".to_string();
    let (length, rest) = stored.split_first_chunk::<4>().ok_or_else(truncated)?;
    let length = u32::from_le_bytes(*length) as usize;
    if rest.len() < length {
        return Err(truncated());
    }
    let (text, rest) = rest.split_at(length);
    *stored = rest;
    std::str::from_utf8(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::{decode_rows, encode_row};
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
        let mut stored = Vec::new();
        for row in &rows {
            encode_row(
                row.iter().map(|t| t.as_ref().map(Term::as_ref)),
                &mut stored,
            );
        }
        assert_eq!(decode_rows::<3>(&stored).unwrap(), rows);
        assert!(decode_rows::<3>(&stored[..stored.len() - 1]).is_err());
        assert!(decode_rows::<3>(&[9]).is_err());
    }
}
