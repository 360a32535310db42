//! The system's answers read straight off the extraction, without a store:
//! how the extractors are scored while they are worked on.

use super::SystemCase;
use crate::extract::{CaseExtraction, Entity, Lexicons, PlaceClass, PlaceRef};
use crate::segment::{Document, SectionKind};
use std::collections::BTreeMap;

/// One [`SystemCase`] per case of `doc`.
pub fn answers(
    doc: &Document,
    extractions: &[CaseExtraction],
    lexicons: &Lexicons,
) -> BTreeMap<u32, SystemCase> {
    let mut out = BTreeMap::new();
    for (case, ex) in doc.cases.iter().zip(extractions) {
        let mut s = SystemCase {
            title: case.title.clone(),
            providers: case.provider.iter().map(|p| p.text().to_string()).collect(),
            sections: SectionKind::ALL.map(|k| case.items(k).len()),
            ..Default::default()
        };
        let entities = ex
            .mentions
            .iter()
            .map(|m| &m.entity)
            .chain(ex.provider.as_ref());
        for entity in entities {
            match entity {
                Entity::Place(place) => {
                    let Some(info) = lexicons.places.info(place) else {
                        continue;
                    };
                    match (place, info.class) {
                        (PlaceRef::Country(_), _) => {
                            s.countries.insert(info.label_zh.clone());
                        }
                        (
                            _,
                            PlaceClass::Province
                            | PlaceClass::City
                            | PlaceClass::SpecialAdministrativeRegion,
                        ) => {
                            s.places_cn.insert(info.label_zh.clone());
                        }
                        _ => {}
                    }
                }
                Entity::Organization { name, class } => {
                    let org = s
                        .organizations
                        .entry(name.clone())
                        .or_default();
                    org.names.insert(name.clone());
                    org.classes.insert(format!("{class:?}"));
                    for (alias, full) in &ex.aliases {
                        if full == name {
                            org.names.insert(alias.clone());
                        }
                    }
                }
                Entity::PolicyDocument(t) => {
                    s.titles.insert(t.clone(), "PolicyDocument".into());
                }
                Entity::CreativeWork(t) => {
                    s.titles.insert(t.clone(), "CreativeWork".into());
                }
            }
        }
        for q in &ex.quantities {
            let value: f64 = q.quantity.value.parse().unwrap_or(f64::NAN);
            s.indicators.push((
                value,
                q.quantity.unit.clone(),
                q.quantity.qualifier.clone().unwrap_or_default(),
            ));
        }
        s.dates = ex.dates.iter().map(|d| d.date.lexical()).collect();
        s.sectors = ex.sectors.iter().map(|x| x.label_zh.clone()).collect();
        out.insert(case.number, s);
    }
    out
}
