//! casegraph: Chinese policy case collections → an RDF knowledge graph.
//!
//! The pipeline, one module per stage, each a plain function from typed input
//! to typed output:
//!
//! read → segment → extract → link → rdf → store → query / export / graph
//!
//! See `ARCHITECTURE.md` for the data flow and the invariants.

include!(concat!(env!("OUT_DIR"), "/pipeline_fingerprint.rs"));

#[cfg(feature = "store")]
pub mod corpus;
pub mod diagnostic;
pub mod eval;
#[cfg(feature = "store")]
pub mod export;
pub mod extract;
pub mod graph;
pub mod link;
#[cfg(feature = "store")]
pub mod pipeline;
#[cfg(feature = "store")]
pub mod publish;
#[cfg(feature = "store")]
pub mod query;
#[cfg(feature = "store")]
pub mod rdf;
pub mod read;
pub mod segment;
#[cfg(feature = "store")]
pub mod serve;
pub mod span;
#[cfg(feature = "store")]
pub mod store;
#[cfg(feature = "store")]
pub mod text_index;
#[cfg(feature = "store")]
pub mod validate;
