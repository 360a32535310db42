//! Stage 3, extract: a segmented [`Case`] → [`CaseExtraction`]: the entities it
//! mentions, the quantities and dates it prints, the sectors it is about.
//!
//! Everything comes from the text, with the help of the general-knowledge
//! tables in `data/` ([`Lexicons`]): gazetteers, organisation suffixes, units,
//! sector keywords. Each finder is a plain function over one block of text
//! that returns char ranges in that block; [`extract_case`] turns those into
//! [`Span`]s of the original file.

pub mod date;
mod offsets;
pub mod organization;
pub mod place;
pub mod quantity;
pub mod sector;
pub mod sentence;
pub mod table;
pub mod title;

use crate::read::SourceText;
use crate::segment::{Case, Document, Located, SectionKind};
use crate::span::Span;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub use date::DateValue;
pub use organization::OrgClass;
pub use place::{PlaceClass, PlaceRef};
pub use quantity::Quantity;

/// The general-knowledge tables of `data/`, compiled into the binary.
pub struct Lexicons {
    pub places: place::PlaceLexicon,
    pub organizations: organization::OrgLexicon,
    pub quantities: quantity::UnitLexicon,
    pub titles: title::TitleLexicon,
    pub sectors: sector::SectorLexicon,
}

impl Lexicons {
    /// The tables shipped in `data/`, parsed once.
    pub fn embedded() -> &'static Lexicons {
        static LEXICONS: LazyLock<Lexicons> = LazyLock::new(|| {
            let places = place::PlaceLexicon::embedded();
            let sectors = sector::SectorLexicon::embedded();
            Lexicons {
                // One pass over a block finds its organisations, its places
                // and its sector terms.
                organizations: organization::OrgLexicon::embedded_with(&places, &sectors),
                places,
                quantities: quantity::UnitLexicon::embedded(),
                titles: title::TitleLexicon::embedded(),
                sectors,
            }
        });
        &LEXICONS
    }
}

/// Where in a case something was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    Title,
    Provider,
    PolicyBasis,
    Item(SectionKind, usize),
    /// A section of unknown kind (`Case::other_sections`), by its 1-based ordinal.
    OtherSection(usize),
}

/// A real-world thing a case can mention.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Entity {
    Place(PlaceRef),
    /// An organisation, by the fullest name the case uses for it.
    Organization {
        name: String,
        class: OrgClass,
    },
    PolicyDocument(String),
    CreativeWork(String),
}

/// An entity found at a place in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub entity: Entity,
    /// The text as printed (an alias, a short name, …).
    pub surface: String,
    pub location: Location,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedQuantity {
    pub quantity: Quantity,
    /// The sentence it is printed in, for reading the figure in context.
    pub sentence: String,
    pub location: Location,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedDate {
    pub date: DateValue,
    pub location: Location,
    pub span: Span,
}

/// What one case says, beyond its structure.
#[derive(Debug, Clone, Default)]
pub struct CaseExtraction {
    pub case_number: u32,
    /// The providing body, resolved to a place or an organisation.
    pub provider: Option<Entity>,
    pub mentions: Vec<Mention>,
    /// Organisation aliases the case defines or uses: alias → fullest name.
    pub aliases: BTreeMap<String, String>,
    pub quantities: Vec<LocatedQuantity>,
    pub dates: Vec<LocatedDate>,
    /// Best first.
    pub sectors: Vec<sector::SectorScore>,
}

/// Extracts what every case of `doc` says, in case order.
pub fn extract_document(doc: &Document, lexicons: &Lexicons) -> Vec<CaseExtraction> {
    doc.cases
        .iter()
        .map(|case| extract_case(&doc.source, case, lexicons))
        .collect()
}

/// Extracts what `case` of `source` says.
pub fn extract_case(source: &SourceText, case: &Case, lexicons: &Lexicons) -> CaseExtraction {
    let mut out = CaseExtraction {
        case_number: case.number,
        ..Default::default()
    };
    let mut blocks: Vec<(Location, &Located)> = Vec::new();
    if let Some(provider) = &case.provider {
        blocks.push((Location::Provider, provider));
    }
    if let Some(basis) = &case.policy_basis {
        blocks.push((Location::PolicyBasis, basis));
    }
    for kind in SectionKind::ALL {
        for item in case.items(kind) {
            blocks.push((Location::Item(kind, item.ordinal), &item.body));
        }
    }
    for section in &case.other_sections {
        blocks.push((Location::OtherSection(section.ordinal), &section.body));
    }

    out.provider = case
        .provider
        .as_ref()
        .map(|p| resolve_provider(p.text(), lexicons));
    let mut aliases = organization::AliasTable::default();
    // The sector terms of the case's text after its title: of every block
    // but the provider's.
    let mut sector_terms = sector::TermCounts::default();
    for (location, located) in blocks {
        let block = &located.block;
        let span_of = |range: std::ops::Range<usize>| source.index.span(block.origin_range(range));
        let text = block.text();

        let counted =
            (location != Location::Provider).then_some((&lexicons.sectors, &mut sector_terms));
        let (orgs, places) = organization::find_in_block(
            text,
            &lexicons.organizations,
            &lexicons.places,
            counted,
            &mut aliases,
        );
        for m in orgs {
            out.mentions.push(Mention {
                entity: Entity::Organization {
                    name: m.name,
                    class: m.class,
                },
                surface: m.surface,
                location,
                span: span_of(m.range),
            });
        }
        for m in places {
            out.mentions.push(Mention {
                entity: Entity::Place(m.place),
                surface: m.surface,
                location,
                span: span_of(m.range),
            });
        }
        for m in title::find(text, &lexicons.titles) {
            let entity = match m.kind {
                title::TitleKind::Policy => Entity::PolicyDocument(m.title.clone()),
                title::TitleKind::Work => Entity::CreativeWork(m.title.clone()),
            };
            out.mentions.push(Mention {
                entity,
                surface: m.title,
                location,
                span: span_of(m.range),
            });
        }
        if location == Location::Provider {
            continue;
        }
        for (q, sentence) in quantity::find_in_sentences(text, &lexicons.quantities) {
            let span = span_of(q.range.clone());
            out.quantities.push(LocatedQuantity {
                quantity: q,
                sentence,
                location,
                span,
            });
        }
        for d in date::find(text) {
            out.dates.push(LocatedDate {
                date: d.value,
                location,
                span: span_of(d.range),
            });
        }
    }
    out.aliases = aliases.into_map();
    out.sectors = sector::classify_counted(&case.title, &sector_terms, &lexicons.sectors);
    out
}

/// `（上海市提供）` names a place; `（国家知识产权局提供）` an organisation.
fn resolve_provider(text: &str, lexicons: &Lexicons) -> Entity {
    match place::lookup_exact(text, &lexicons.places) {
        Some(place) => Entity::Place(place),
        None => Entity::Organization {
            name: text.to_string(),
            class: organization::classify_name(text, &lexicons.organizations),
        },
    }
}
