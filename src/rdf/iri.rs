//! Instance IRIs: readable, derived only from the input, under one base.

use crate::extract::PlaceRef;
use crate::link::EntityKey;
use crate::segment::SectionKind;
use oxigraph::model::NamedNode;

/// Mints the IRIs of one base (default [`super::vocab::DEFAULT_BASE`]).
///
/// ```
/// use casegraph::rdf::IriScheme;
/// use casegraph::segment::SectionKind;
/// let iris = IriScheme::new("https://example.org/id/").unwrap();
/// assert_eq!(iris.item("doc1", 7, SectionKind::Measures, 2).as_str(),
///            "https://example.org/id/case/doc1/7/measure/2");
/// ```
#[derive(Debug, Clone)]
pub struct IriScheme {
    base: String,
}

impl IriScheme {
    /// `base` must be an absolute IRI ending in `/` or `#`.
    pub fn new(base: &str) -> Result<Self, String> {
        if !(base.ends_with('/') || base.ends_with('#')) {
            return Err(format!("the IRI base `{base}` must end with `/` or `#`"));
        }
        NamedNode::new(base)
            .map_err(|e| format!("the IRI base `{base}` is not an absolute IRI: {e}"))?;
        Ok(Self {
            base: base.to_string(),
        })
    }

    fn mint(&self, path: &str) -> NamedNode {
        self.mint_parts(&[path])
    }

    /// The base followed by `parts`.
    fn mint_parts(&self, parts: &[&str]) -> NamedNode {
        joined(&self.base, parts)
    }

    pub fn document(&self, doc: &str) -> NamedNode {
        self.mint(&format!("doc/{}", segment(doc)))
    }

    /// The named graph holding a document's triples.
    pub fn graph(&self, doc: &str) -> NamedNode {
        self.mint(&format!("graph/{}", segment(doc)))
    }

    /// The named graph holding what the documents say about shared entities,
    /// once for the whole store (outside `graph/`, so no document id can name it).
    pub fn entity_graph(&self) -> NamedNode {
        self.mint("entities")
    }

    /// The named graph of the counts kept with the documents (`store::statistics`).
    pub fn statistics_graph(&self) -> NamedNode {
        self.mint("statistics")
    }

    /// The node counting the cases of `provider` that mention `entity`:
    /// `…/statistics/<provider>/mentions/<entity>`, each named by its IRI
    /// below the base.
    pub fn provider_mentions(&self, provider: &NamedNode, entity: &NamedNode) -> NamedNode {
        let local = |node: &NamedNode| match node.as_str().strip_prefix(&self.base) {
            Some(path) => path.to_string(),
            None => segment(node.as_str()),
        };
        self.mint(&format!(
            "statistics/{}/mentions/{}",
            local(provider),
            local(entity)
        ))
    }

    /// The node counting the figures printed with `unit`:
    /// `…/statistics/unit/<unit>`.
    pub fn unit_figures(&self, unit: &str) -> NamedNode {
        self.mint_parts(&["statistics/unit/", &segment(unit)])
    }

    pub fn case(&self, doc: &str, number: u32) -> NamedNode {
        let mut digits = itoa::Buffer::new();
        self.mint_parts(&["case/", &segment(doc), "/", digits.format(number)])
    }

    pub fn item(&self, doc: &str, number: u32, kind: SectionKind, ordinal: usize) -> NamedNode {
        let (mut number_digits, mut ordinal_digits) = (itoa::Buffer::new(), itoa::Buffer::new());
        let (number, ordinal) = (number_digits.format(number), ordinal_digits.format(ordinal));
        let doc = segment(doc);
        self.mint_parts(&["case/", &doc, "/", number, "/", kind.slug(), "/", ordinal])
    }

    /// The `ordinal`-th indicator of `parent` (a case or an item).
    pub fn indicator(parent: &NamedNode, ordinal: usize) -> NamedNode {
        let mut digits = itoa::Buffer::new();
        joined(parent.as_str(), &["/indicator/", digits.format(ordinal)])
    }

    /// The source span of `thing`.
    pub fn span(thing: &NamedNode, what: &str) -> NamedNode {
        joined(thing.as_str(), &["/", what])
    }

    pub fn sector_evidence(case: &NamedNode, concept: &str, keyword: &str) -> NamedNode {
        joined(
            case.as_str(),
            &["/sector/", concept, "/", &segment(keyword)],
        )
    }

    pub fn entity(&self, key: &EntityKey) -> NamedNode {
        let (kind, name) = match key {
            EntityKey::Place(PlaceRef::China(code)) => ("place/", code),
            EntityKey::Place(PlaceRef::Country(code)) => ("country/", code),
            EntityKey::Place(PlaceRef::Region(slug)) => ("region/", slug),
            EntityKey::Organization(name) => ("org/", name),
            EntityKey::PolicyDocument(title) => ("policy/", title),
            EntityKey::CreativeWork(title) => ("work/", title),
        };
        self.mint_parts(&[kind, &segment(name)])
    }
}

/// `head` followed by `parts`, in one allocation: instance IRIs are minted
/// for every subject, and `format!` twice per IRI showed in the mapping's profile.
fn joined(head: &str, parts: &[&str]) -> NamedNode {
    let len = head.len() + parts.iter().map(|p| p.len()).sum::<usize>();
    let mut iri = String::with_capacity(len);
    iri.push_str(head);
    parts.iter().for_each(|p| iri.push_str(p));
    NamedNode::new_unchecked(iri)
}

/// The concept of the sector scheme with local name `slug`.
pub fn sector_concept(slug: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{}", super::vocab::CGS, segment(slug)))
}

/// One IRI path segment: characters IRIs forbid, and those with a meaning in a
/// path (`/ ? # %`), are percent-encoded; Chinese stays readable.
///
/// ```
/// assert_eq!(casegraph::rdf::iri::segment("中国（杭州）知识产权 保护/中心"),
///            "中国（杭州）知识产权%20保护%2F中心");
/// ```
pub fn segment(s: &str) -> String {
    let escaped = |c: char| {
        let reserved = matches!(
            c,
            '<' | '>'
                | '"'
                | '{'
                | '}'
                | '|'
                | '\\'
                | '^'
                | '`'
                | '/'
                | '?'
                | '#'
                | '%'
                | '['
                | ']'
                | '@'
                | '!'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
        );
        c.is_control() || c.is_whitespace() || reserved
    };
    // Most names need no escape: copied whole, not char by char.
    let Some(first) = s.find(escaped) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(&s[..first]);
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for c in s[first..].chars() {
        if escaped(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        } else {
            out.push(c);
        }
    }
    out
}
