//! Organisations: named bodies, their type and their aliases.
//! STUB: to be implemented (matches nothing yet).

use super::place::PlaceLexicon;
use std::collections::BTreeMap;
use std::ops::Range;

/// The type of an organisation (a subclass of `cg:Organization`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrgClass {
    GovernmentBody,
    Exchange,
    FinancialInstitution,
    Enterprise,
    ResearchInstitution,
    JudicialBody,
    Association,
    InternationalOrganization,
    Platform,
    /// Known to be an organisation, of no more specific type.
    Other,
}

#[derive(Debug, Default)]
pub struct OrgLexicon {}

impl OrgLexicon {
    pub fn embedded() -> Self {
        Self {}
    }
}

/// Aliases learned so far in a case (`上海期货交易所（以下简称上期所）`).
#[derive(Debug, Default)]
pub struct AliasTable {
    aliases: BTreeMap<String, String>,
}

impl AliasTable {
    /// alias → fullest name.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.aliases
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMatch {
    /// The fullest name of the organisation.
    pub name: String,
    pub class: OrgClass,
    /// The text as printed.
    pub surface: String,
    /// Char range in the searched text.
    pub range: Range<usize>,
}

/// Organisations named in `text`; learns and applies aliases.
pub fn find(
    _text: &str,
    _lexicon: &OrgLexicon,
    _places: &PlaceLexicon,
    _aliases: &mut AliasTable,
) -> Vec<OrgMatch> {
    Vec::new()
}

/// The type of the organisation called `name`.
pub fn classify_name(_name: &str, _lexicon: &OrgLexicon) -> OrgClass {
    OrgClass::GovernmentBody
}
