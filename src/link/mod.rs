//! Stage 4, link: per-case extractions → one set of entities for a document.
//!
//! Mentions found case by case become shared entities: one record per
//! real-world thing, keyed so that the same thing gets the same key in every
//! case and every document (a place by its standard code, an organisation by
//! its fullest name). Aliases one case defines (`以下简称上期所`) resolve the
//! same alias in other cases of the document. Places that contain a mentioned
//! place are described too, so `cg:locatedIn` always points at a labelled node.

use crate::extract::{CaseExtraction, Entity, Lexicons, Location, OrgClass, PlaceClass, PlaceRef};
use std::collections::{BTreeMap, BTreeSet};

/// The identity of an entity, stable across cases and documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKey {
    Place(PlaceRef),
    Organization(String),
    PolicyDocument(String),
    CreativeWork(String),
}

/// The ontology class of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityClass {
    Place(PlaceClass),
    Organization(OrgClass),
    PolicyDocument,
    CreativeWork,
}

/// What the graph says about one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRecord {
    pub class: EntityClass,
    pub label_zh: String,
    pub label_en: Option<String>,
    /// Other names the text uses for it (`上期所`).
    pub alt_labels: BTreeSet<String>,
    pub located_in: Option<EntityKey>,
    pub adcode: Option<String>,
    pub iso3166: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl EntityRecord {
    /// A record known only by its class and name.
    fn named(class: EntityClass, label_zh: &str) -> Self {
        Self {
            class,
            label_zh: label_zh.to_string(),
            label_en: None,
            alt_labels: BTreeSet::new(),
            located_in: None,
            adcode: None,
            iso3166: None,
            latitude: None,
            longitude: None,
        }
    }
}

/// One case's links to entities.
#[derive(Debug, Clone, Default)]
pub struct LinkedCase {
    pub provider: Option<EntityKey>,
    /// Where each entity is mentioned (deduplicated, ordered).
    pub mentions: BTreeSet<(Location, EntityKey)>,
}

/// The entities of a document and the cases' links to them.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    pub entities: BTreeMap<EntityKey, EntityRecord>,
    /// Parallel to the document's cases.
    pub cases: Vec<LinkedCase>,
}

/// Links the extractions of one document's cases.
pub fn link(extractions: &[CaseExtraction], lexicons: &Lexicons) -> Linked {
    // alias → fullest name, over the whole document: a later definition never
    // overrides an earlier one, and an alias never maps to itself.
    let mut aliases: BTreeMap<&str, &str> = BTreeMap::new();
    for ex in extractions {
        for (alias, full) in &ex.aliases {
            if alias != full {
                aliases.entry(alias.as_str()).or_insert(full.as_str());
            }
        }
    }
    let canonical = |name: &str| -> String {
        let mut name = name;
        // follow chains (a → b → c), bounded in case of cycles
        for _ in 0..4 {
            match aliases.get(name) {
                Some(full) => name = full,
                None => break,
            }
        }
        name.to_string()
    };

    let mut linked = Linked::default();
    let mut org_classes: BTreeMap<String, BTreeMap<OrgClass, usize>> = BTreeMap::new();
    for ex in extractions {
        let mut case = LinkedCase::default();
        let mut key_of =
            |entity: &Entity, surface: &str, linked: &mut Linked| -> Option<EntityKey> {
                match entity {
                    Entity::Place(place) => {
                        add_place(place, lexicons, linked)?;
                        Some(EntityKey::Place(place.clone()))
                    }
                    Entity::Organization { name, class } => {
                        let name = canonical(name);
                        *org_classes
                            .entry(name.clone())
                            .or_default()
                            .entry(*class)
                            .or_default() += 1;
                        let record = linked
                            .entities
                            .entry(EntityKey::Organization(name.clone()))
                            .or_insert_with(|| {
                                EntityRecord::named(EntityClass::Organization(*class), &name)
                            });
                        if !surface.is_empty() {
                            record.alt_labels.insert(surface.to_string());
                        }
                        Some(EntityKey::Organization(name))
                    }
                    Entity::PolicyDocument(title) => Some(add_titled(
                        linked,
                        EntityKey::PolicyDocument(title.clone()),
                        EntityClass::PolicyDocument,
                        title,
                    )),
                    Entity::CreativeWork(title) => Some(add_titled(
                        linked,
                        EntityKey::CreativeWork(title.clone()),
                        EntityClass::CreativeWork,
                        title,
                    )),
                }
            };
        if let Some(provider) = &ex.provider {
            let surface = match provider {
                Entity::Organization { name, .. } => name.clone(),
                _ => String::new(),
            };
            case.provider = key_of(provider, &surface, &mut linked);
            if let Some(key) = &case.provider {
                case.mentions.insert((Location::Provider, key.clone()));
            }
        }
        for m in &ex.mentions {
            if let Some(key) = key_of(&m.entity, &m.surface, &mut linked) {
                case.mentions.insert((m.location, key));
            }
        }
        // aliases the case defines, even where the alias itself is not used again
        for (alias, full) in &ex.aliases {
            if let Some(record) = linked
                .entities
                .get_mut(&EntityKey::Organization(canonical(full)))
            {
                record.alt_labels.insert(alias.clone());
            }
        }
        linked.cases.push(case);
    }
    // Organisations are labelled with a name the text prints: the canonical name
    // when printed, else the longest printed form. `alt_labels` holds, until here,
    // every printed form.
    for (key, record) in linked.entities.iter_mut() {
        if let EntityKey::Organization(name) = key {
            let printed = std::mem::take(&mut record.alt_labels);
            let label = if printed.contains(name) || printed.is_empty() {
                name.clone()
            } else {
                printed
                    .iter()
                    .max_by(|a, b| a.chars().count().cmp(&b.chars().count()).then(b.cmp(a)))
                    .cloned()
                    .expect("not empty")
            };
            record.alt_labels = printed.into_iter().filter(|p| p != &label).collect();
            record.label_zh = label;
        }
    }
    // One class per organisation: the one most mentions agree on (ties: the first in class order).
    for (name, votes) in org_classes {
        let best = votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| *c);
        if let (Some(best), Some(record)) = (
            best,
            linked.entities.get_mut(&EntityKey::Organization(name)),
        ) {
            record.class = EntityClass::Organization(best);
        }
    }
    linked
}

fn add_titled(linked: &mut Linked, key: EntityKey, class: EntityClass, title: &str) -> EntityKey {
    linked
        .entities
        .entry(key.clone())
        .or_insert_with(|| EntityRecord::named(class, title));
    key
}

/// Adds `place` and the places containing it; `None` when the gazetteer does not know it.
fn add_place(place: &PlaceRef, lexicons: &Lexicons, linked: &mut Linked) -> Option<()> {
    let mut next = Some(place.clone());
    let mut depth = 0;
    while let Some(place) = next.take() {
        let key = EntityKey::Place(place.clone());
        if linked.entities.contains_key(&key) {
            break;
        }
        let info = lexicons.places.info(&place)?;
        linked.entities.insert(
            key,
            EntityRecord {
                class: EntityClass::Place(info.class),
                label_zh: info.label_zh.clone(),
                label_en: info.label_en.clone(),
                alt_labels: BTreeSet::new(),
                located_in: info.located_in.clone().map(EntityKey::Place),
                adcode: info.adcode.clone(),
                iso3166: info.iso3166.clone(),
                latitude: info.latitude,
                longitude: info.longitude,
            },
        );
        depth += 1;
        if depth < 5 {
            next = info.located_in.clone();
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn org(name: &str, surface: &str) -> crate::extract::Mention {
        crate::extract::Mention {
            entity: Entity::Organization {
                name: name.into(),
                class: OrgClass::Exchange,
            },
            surface: surface.into(),
            location: Location::PolicyBasis,
            span: Span::default(),
        }
    }

    #[test]
    fn aliases_defined_in_one_case_resolve_in_another() {
        let mut first = CaseExtraction {
            case_number: 1,
            ..Default::default()
        };
        first.mentions.push(org("上海期货交易所", "上海期货交易所"));
        first
            .aliases
            .insert("上期所".into(), "上海期货交易所".into());
        let mut second = CaseExtraction {
            case_number: 2,
            ..Default::default()
        };
        second.mentions.push(org("上期所", "上期所"));
        let linked = link(&[first, second], Lexicons::embedded());
        let key = EntityKey::Organization("上海期货交易所".into());
        assert_eq!(linked.entities.len(), 1);
        assert!(linked.entities[&key].alt_labels.contains("上期所"));
        assert!(linked.cases[1]
            .mentions
            .contains(&(Location::PolicyBasis, key)));
    }
}
