//! Literal semantics SHACL needs: whether a literal is well formed for its
//! datatype (`sh:datatype`), and the SPARQL order of two literals
//! (`sh:minInclusive`…, `sh:lessThan`), both by the XSD value types of
//! `oxsdatatypes` (the ones Oxigraph's SPARQL engine uses).

use oxigraph::model::{LiteralRef, TermRef};
use oxsdatatypes::{
    Boolean, Date, DateTime, Decimal, Double, Duration, Float, GDay, GMonth, GMonthDay, GYear,
    GYearMonth, Integer, Time,
};
use std::cmp::Ordering;
use std::str::FromStr;

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// The integer types derived from `xsd:integer`, with their value ranges.
const INTEGERS: &[(&str, i128, i128)] = &[
    ("integer", i128::MIN, i128::MAX),
    ("long", i64::MIN as i128, i64::MAX as i128),
    ("int", i32::MIN as i128, i32::MAX as i128),
    ("short", i16::MIN as i128, i16::MAX as i128),
    ("byte", i8::MIN as i128, i8::MAX as i128),
    ("nonNegativeInteger", 0, i128::MAX),
    ("positiveInteger", 1, i128::MAX),
    ("nonPositiveInteger", i128::MIN, 0),
    ("negativeInteger", i128::MIN, -1),
    ("unsignedLong", 0, u64::MAX as i128),
    ("unsignedInt", 0, u32::MAX as i128),
    ("unsignedShort", 0, u16::MAX as i128),
    ("unsignedByte", 0, u8::MAX as i128),
];

fn xsd_local(literal: LiteralRef<'_>) -> Option<&str> {
    literal.datatype().as_str().strip_prefix(XSD)
}

/// The value of an integer-typed lexical form, if it is one (`+5`, `-0012`).
fn integer(lexical: &str) -> Option<i128> {
    let digits = lexical.strip_prefix(['+', '-']).unwrap_or(lexical);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    lexical.strip_prefix('+').unwrap_or(lexical).parse().ok()
}

fn parses<T: FromStr>(lexical: &str) -> bool {
    T::from_str(lexical).is_ok()
}

/// Whether `term` is a literal of `datatype` whose lexical form is valid for it.
pub fn has_datatype(term: TermRef<'_>, datatype: &str) -> bool {
    let TermRef::Literal(literal) = term else {
        return false;
    };
    if literal.datatype().as_str() != datatype {
        return false;
    }
    if datatype == RDF_LANG_STRING {
        return literal.language().is_some();
    }
    let Some(local) = datatype.strip_prefix(XSD) else {
        return true;
    };
    let lexical = literal.value();
    if let Some((_, min, max)) = INTEGERS.iter().find(|(name, _, _)| *name == local) {
        return integer(lexical).is_some_and(|v| (*min..=*max).contains(&v));
    }
    match local {
        "string" | "normalizedString" | "token" | "anyURI" | "language" | "Name" | "NCName" => true,
        "decimal" => parses::<Decimal>(lexical),
        "double" => parses::<Double>(lexical),
        "float" => parses::<Float>(lexical),
        "boolean" => parses::<Boolean>(lexical),
        "dateTime" | "dateTimeStamp" => parses::<DateTime>(lexical),
        "date" => parses::<Date>(lexical),
        "time" => parses::<Time>(lexical),
        "gYear" => parses::<GYear>(lexical),
        "gYearMonth" => parses::<GYearMonth>(lexical),
        "gMonthDay" => parses::<GMonthDay>(lexical),
        "gDay" => parses::<GDay>(lexical),
        "gMonth" => parses::<GMonth>(lexical),
        "duration" => parses::<Duration>(lexical),
        _ => true,
    }
}

/// A literal's value, for comparisons.
enum Value {
    Decimal(Decimal),
    Double(Double),
    String(String),
    Boolean(bool),
    DateTime(DateTime),
    Date(Date),
    Time(Time),
    GYear(GYear),
    GYearMonth(GYearMonth),
    Duration(Duration),
}

fn value(literal: LiteralRef<'_>) -> Option<Value> {
    let lexical = literal.value();
    let local = xsd_local(literal)?;
    if INTEGERS.iter().any(|(name, _, _)| *name == local) {
        return Integer::from_str(lexical)
            .ok()
            .map(|i| Value::Decimal(Decimal::from(i)));
    }
    Some(match local {
        "decimal" => Value::Decimal(lexical.parse().ok()?),
        "double" => Value::Double(lexical.parse().ok()?),
        "float" => Value::Double(Double::from(Float::from_str(lexical).ok()?)),
        "string" => Value::String(lexical.to_string()),
        "boolean" => Value::Boolean(bool::from(Boolean::from_str(lexical).ok()?)),
        "dateTime" => Value::DateTime(lexical.parse().ok()?),
        "date" => Value::Date(lexical.parse().ok()?),
        "time" => Value::Time(lexical.parse().ok()?),
        "gYear" => Value::GYear(lexical.parse().ok()?),
        "gYearMonth" => Value::GYearMonth(lexical.parse().ok()?),
        "duration" => Value::Duration(lexical.parse().ok()?),
        _ => return None,
    })
}

/// The SPARQL order of two terms, `None` when they cannot be compared
/// (different kinds of value, IRIs, language-tagged strings, ill-formed literals).
pub fn compare(a: TermRef<'_>, b: TermRef<'_>) -> Option<Ordering> {
    let (TermRef::Literal(a), TermRef::Literal(b)) = (a, b) else {
        return None;
    };
    match (value(a)?, value(b)?) {
        (Value::Decimal(x), Value::Decimal(y)) => x.partial_cmp(&y),
        (Value::Decimal(x), Value::Double(y)) => Double::from(x).partial_cmp(&y),
        (Value::Double(x), Value::Decimal(y)) => x.partial_cmp(&Double::from(y)),
        (Value::Double(x), Value::Double(y)) => x.partial_cmp(&y),
        (Value::String(x), Value::String(y)) => Some(x.cmp(&y)),
        (Value::Boolean(x), Value::Boolean(y)) => Some(x.cmp(&y)),
        (Value::DateTime(x), Value::DateTime(y)) => x.partial_cmp(&y),
        (Value::Date(x), Value::Date(y)) => x.partial_cmp(&y),
        (Value::Time(x), Value::Time(y)) => x.partial_cmp(&y),
        (Value::GYear(x), Value::GYear(y)) => x.partial_cmp(&y),
        (Value::GYearMonth(x), Value::GYearMonth(y)) => x.partial_cmp(&y),
        (Value::Duration(x), Value::Duration(y)) => x.partial_cmp(&y),
        _ => None,
    }
}

/// SPARQL `langMatches` (RFC 4647 basic filtering).
pub fn lang_matches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return !tag.is_empty();
    }
    let (tag, range) = (tag.to_ascii_lowercase(), range.to_ascii_lowercase());
    tag == range
        || tag
            .strip_prefix(&range)
            .is_some_and(|rest| rest.starts_with('-'))
}
