//! Stage 7c, graph: relationship views of the case graph on petgraph.
//!
//! The store part ([`store`], feature `store`) runs SPARQL SELECTs and returns
//! plain [`Rows`]; everything else here is pure: [`build_view`] assembles one
//! of three [`View`]s from the rows, keeping what a [`Filter`] asks for;
//! [`format::write`] draws it as DOT, GraphML, GEXF, node-link JSON, SVG or a
//! self-contained HTML page; [`rank::rank`] scores its nodes.
//!
//! Every output is deterministic: nodes and edges are inserted in a sorted
//! order and the layout uses a fixed seed and a fixed number of iterations, so
//! the same store gives the same bytes.
//!
//! ```
//! use casegraph::graph::{build_view, format, Filter, Format, Rows, View};
//! let rows = Rows::default();
//! let graph = build_view(&rows, View::Organizations, &Filter::default());
//! let mut out = Vec::new();
//! format::write(&graph, Format::Dot, &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().starts_with("graph organizations {"));
//! ```

pub mod format;
pub mod layout;
pub mod rank;
mod rows;
#[cfg(feature = "store")]
pub mod store;
mod views;

pub use format::Format;
pub use rows::{CaseRow, EntityRow, EvidenceRow, LinkRow, Rows};
pub use views::build_view;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

/// Which relationships a graph shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// Providers → cases → organisations, places, countries, policy documents.
    Cases,
    /// Organisations linked when they appear in the same case (weight = shared cases).
    Organizations,
    /// Providing cities → sectors and partner countries (weight = cases).
    Cities,
}

impl View {
    /// Every view.
    pub const ALL: [View; 3] = [View::Cases, View::Organizations, View::Cities];

    pub fn name(self) -> &'static str {
        match self {
            View::Cases => "cases",
            View::Organizations => "organizations",
            View::Cities => "cities",
        }
    }

    /// Co-occurrence is symmetric; the other views point from actor to object.
    pub fn is_directed(self) -> bool {
        self != View::Organizations
    }
}

/// What a node stands for: the ontology class, grouped for drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Case,
    City,
    Province,
    District,
    SpecialRegion,
    Country,
    Region,
    Organization,
    PolicyDocument,
    CreativeWork,
    Sector,
}

impl NodeKind {
    /// Every kind, in legend order.
    pub const ALL: [NodeKind; 11] = [
        NodeKind::Case,
        NodeKind::City,
        NodeKind::Province,
        NodeKind::District,
        NodeKind::SpecialRegion,
        NodeKind::Country,
        NodeKind::Region,
        NodeKind::Organization,
        NodeKind::PolicyDocument,
        NodeKind::CreativeWork,
        NodeKind::Sector,
    ];

    /// The kind of a `cg:` class given by its local name, and the organisation
    /// subtype when the class is one (`FinancialInstitution` → organisation).
    ///
    /// ```
    /// use casegraph::graph::NodeKind;
    /// assert_eq!(NodeKind::from_class("Exchange"), Some((NodeKind::Organization, Some("Exchange"))));
    /// assert_eq!(NodeKind::from_class("City"), Some((NodeKind::City, None)));
    /// assert_eq!(NodeKind::from_class("TextSpan"), None);
    /// ```
    pub fn from_class(local_name: &str) -> Option<(NodeKind, Option<&str>)> {
        let kind = match local_name {
            "Case" => NodeKind::Case,
            "City" => NodeKind::City,
            "Province" => NodeKind::Province,
            "District" => NodeKind::District,
            "SpecialAdministrativeRegion" => NodeKind::SpecialRegion,
            "Country" => NodeKind::Country,
            "Region" => NodeKind::Region,
            "PolicyDocument" => NodeKind::PolicyDocument,
            "CreativeWork" => NodeKind::CreativeWork,
            "Concept" => NodeKind::Sector,
            "Organization" => return Some((NodeKind::Organization, None)),
            "GovernmentBody"
            | "Exchange"
            | "FinancialInstitution"
            | "Enterprise"
            | "ResearchInstitution"
            | "JudicialBody"
            | "Association"
            | "InternationalOrganization"
            | "Platform" => return Some((NodeKind::Organization, Some(local_name))),
            _ => return None,
        };
        Some((kind, None))
    }

    /// Machine name, as written in every format (`policy-document`).
    pub fn slug(self) -> &'static str {
        match self {
            NodeKind::Case => "case",
            NodeKind::City => "city",
            NodeKind::Province => "province",
            NodeKind::District => "district",
            NodeKind::SpecialRegion => "special-region",
            NodeKind::Country => "country",
            NodeKind::Region => "region",
            NodeKind::Organization => "organization",
            NodeKind::PolicyDocument => "policy-document",
            NodeKind::CreativeWork => "creative-work",
            NodeKind::Sector => "sector",
        }
    }

    /// Legend text: Chinese and English.
    pub fn legend(self) -> (&'static str, &'static str) {
        match self {
            NodeKind::Case => ("案例", "case"),
            NodeKind::City => ("城市", "city"),
            NodeKind::Province => ("省", "province"),
            NodeKind::District => ("区县", "district"),
            NodeKind::SpecialRegion => ("特别行政区", "SAR"),
            NodeKind::Country => ("国家", "country"),
            NodeKind::Region => ("区域", "region"),
            NodeKind::Organization => ("机构", "organisation"),
            NodeKind::PolicyDocument => ("政策文件", "policy document"),
            NodeKind::CreativeWork => ("作品", "creative work"),
            NodeKind::Sector => ("服务贸易领域", "sector"),
        }
    }

    /// Fill colour (a colour-blind-safe palette, Okabe–Ito plus greys).
    pub fn colour(self) -> &'static str {
        match self {
            NodeKind::Case => "#0072B2",
            NodeKind::City => "#D55E00",
            NodeKind::Province => "#E69F00",
            NodeKind::District => "#F0C987",
            NodeKind::SpecialRegion => "#CC79A7",
            NodeKind::Country => "#009E73",
            NodeKind::Region => "#7FCDBB",
            NodeKind::Organization => "#56B4E9",
            NodeKind::PolicyDocument => "#8C6BB1",
            NodeKind::CreativeWork => "#B3B3B3",
            NodeKind::Sector => "#F781BF",
        }
    }

    /// Places that can provide cases and anchor the `cities` view.
    pub fn is_place(self) -> bool {
        matches!(
            self,
            NodeKind::City | NodeKind::Province | NodeKind::District | NodeKind::SpecialRegion
        )
    }
}

/// Where a node comes from in the source document: one item's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    pub case: u32,
    /// The item's heading (or the case title).
    pub item: String,
    /// 1-based lines of the original file.
    pub start_line: usize,
    pub end_line: usize,
    /// The passage: the item text around the mention.
    pub text: String,
}

/// One node: an entity, a case or a sector concept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The IRI.
    pub iri: String,
    pub kind: NodeKind,
    /// Organisation subtype (`FinancialInstitution`), when known.
    pub subtype: Option<String>,
    pub label_zh: String,
    pub label_en: Option<String>,
    /// Facts shown with the node: case number and title, aliases, …
    pub details: Vec<(String, String)>,
    /// Passages of the source text behind the node.
    pub sources: Vec<Source>,
}

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// provider → case (`cg:providedBy`, reversed).
    Provided,
    /// case → entity (`cg:mentions`).
    Mentions,
    /// organisation — organisation, named in the same cases.
    CoOccurs,
    /// place → sector: its cases are in that sector (`cg:sector`).
    WorksIn,
    /// place → country: its cases name that country.
    Partners,
}

impl Relation {
    pub fn slug(self) -> &'static str {
        match self {
            Relation::Provided => "provided",
            Relation::Mentions => "mentions",
            Relation::CoOccurs => "co-occurs",
            Relation::WorksIn => "works-in",
            Relation::Partners => "partners",
        }
    }
}

/// One edge: a relation with a weight (a number of cases) and those cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    pub relation: Relation,
    pub weight: u32,
    /// Numbers of the cases behind the edge, ascending.
    pub cases: Vec<u32>,
}

/// A built view: a petgraph graph of [`Node`]s and [`Edge`]s.
///
/// Always stored as a directed graph; for the `organizations` view
/// (`directed == false`) each edge goes from the node with the smaller index,
/// and every format and measure treats it as undirected.
#[derive(Debug, Clone)]
pub struct RelGraph {
    pub view: View,
    pub directed: bool,
    pub graph: DiGraph<Node, Edge>,
}

impl RelGraph {
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Node indices in insertion (= output) order.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        self.graph.node_indices().map(move |i| (i, &self.graph[i]))
    }

    /// The kinds present, in legend order.
    pub fn kinds(&self) -> Vec<NodeKind> {
        NodeKind::ALL
            .into_iter()
            .filter(|k| self.graph.node_weights().any(|n| n.kind == *k))
            .collect()
    }
}

/// Which part of a view to keep.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only this case number (in any document).
    pub case: Option<u32>,
    /// Only cases provided by this place (its Chinese or English label, with or
    /// without `市`/`省`), or by a body located in it.
    pub city: Option<String>,
    /// Drop edges lighter than this, then the nodes left without edges.
    pub min_weight: Option<u32>,
}

#[cfg(test)]
mod tests;
