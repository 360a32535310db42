//! The plain rows views are assembled from: what the store's SELECTs return,
//! or what a test writes by hand.

use super::NodeKind;

/// One case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseRow {
    pub iri: String,
    pub number: u32,
    pub title: String,
    /// IRI of the `cg:providedBy` entity.
    pub provider: Option<String>,
    /// Lines of the case in the original file.
    pub start_line: usize,
    pub end_line: usize,
    /// The case's item headings, in document order (`一、…（一）…`).
    pub headings: Vec<String>,
}

/// One entity (place, organisation, policy document…) or sector concept.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRow {
    pub iri: String,
    pub kind: NodeKind,
    pub subtype: Option<String>,
    pub label_zh: String,
    pub label_en: Option<String>,
    /// Other names the text uses (`skos:altLabel`).
    pub aliases: Vec<String>,
    /// IRI of the containing place (`cg:locatedIn`).
    pub located_in: Option<String>,
}

/// `case → entity`: a `cg:mentions` or a `cg:sector` link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkRow {
    pub case: String,
    pub target: String,
}

/// An item of a case that mentions an entity: the text behind the mention.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRow {
    pub entity: String,
    pub case_number: u32,
    pub item_label: String,
    pub item_text: String,
    pub start_line: usize,
    pub end_line: usize,
}

/// Everything the views need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    pub cases: Vec<CaseRow>,
    pub entities: Vec<EntityRow>,
    /// `cg:mentions` from cases.
    pub mentions: Vec<LinkRow>,
    /// `cg:sector` from cases.
    pub sectors: Vec<LinkRow>,
    pub evidence: Vec<EvidenceRow>,
}
