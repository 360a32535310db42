//! Places: Chinese divisions (GB/T 2260), countries (ISO 3166), named regions.
//! STUB: to be implemented (matches nothing yet).

use std::ops::Range;

/// The class of a place in the ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceClass {
    Province,
    City,
    SpecialAdministrativeRegion,
    District,
    Country,
    Region,
}

/// A place, by its standard identifier.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceRef {
    /// A Chinese division by GB/T 2260 code (`310000`).
    China(String),
    /// A country by ISO 3166 alpha-2 code (`LA`).
    Country(String),
    /// A named multi-place area by slug (`greater-bay-area`).
    Region(String),
}

/// What the gazetteer knows of one place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInfo {
    pub class: PlaceClass,
    /// Short name, the `rdfs:label`@zh (`上海`).
    pub label_zh: String,
    pub label_en: Option<String>,
    /// Containing place (city → province).
    pub located_in: Option<PlaceRef>,
    pub adcode: Option<String>,
    pub iso3166: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Default)]
pub struct PlaceLexicon {}

impl PlaceLexicon {
    pub fn embedded() -> Self {
        Self {}
    }

    pub fn info(&self, _place: &PlaceRef) -> Option<&PlaceInfo> {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMatch {
    pub place: PlaceRef,
    pub surface: String,
    /// Char range in the searched text.
    pub range: Range<usize>,
}

/// Places named in `text`.
pub fn find(_text: &str, _lexicon: &PlaceLexicon) -> Vec<PlaceMatch> {
    Vec::new()
}

/// The place whose full or short name is exactly `name` (`上海市`, `上海`).
pub fn lookup_exact(_name: &str, _lexicon: &PlaceLexicon) -> Option<PlaceRef> {
    None
}
