//! Sectors: which services-trade categories a case is about, from keyword evidence.
//! STUB: to be implemented (classifies nothing yet).

/// One sector's score for a case, with the keywords that voted for it.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorScore {
    /// The concept's local name in the `cgs:` scheme (`financial`).
    pub concept: String,
    /// The concept's `skos:prefLabel`@zh (`金融服务`).
    pub label_zh: String,
    pub score: f64,
    /// keyword → occurrences.
    pub evidence: Vec<(String, usize)>,
}

#[derive(Debug, Default)]
pub struct SectorLexicon {}

impl SectorLexicon {
    pub fn embedded() -> Self {
        Self {}
    }
}

/// The sectors assigned to a case (one or more when there is evidence), best first;
/// `title` weighs more than `text`.
pub fn classify(_title: &str, _text: &str, _lexicon: &SectorLexicon) -> Vec<SectorScore> {
    Vec::new()
}
