//! What a build did, per document and in all.

use crate::diagnostic::Diagnostic;
use crate::pipeline::BuiltDocument;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a build did with one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// New in the store.
    Added,
    /// Stored before, changed since (its bytes, or the pipeline), written anew.
    Replaced,
    /// Stored before from the same bytes by the same pipeline: left as it is.
    Unchanged,
    /// Not written: the store keeps what it had of it.
    Failed,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Added => "added",
            Action::Replaced => "replaced",
            Action::Unchanged => "unchanged",
            Action::Failed => "failed",
        }
    }
}

/// One document's line in the build report.
#[derive(Debug, Clone)]
pub struct DocumentReport {
    pub path: PathBuf,
    pub action: Action,
    /// `N cases, … triples → graph <…>` for a document that was built.
    pub details: Option<String>,
    /// Recoverable problems, and the fatal one of a failed document (last).
    pub diagnostics: Vec<Diagnostic>,
}

impl DocumentReport {
    pub(super) fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            action: Action::Failed,
            details: None,
            diagnostics: Vec::new(),
        }
    }

    pub(super) fn fail(&mut self, diagnostic: Diagnostic) {
        self.action = Action::Failed;
        self.diagnostics.push(diagnostic);
    }

    pub(super) fn describe(&mut self, built: &BuiltDocument) {
        self.diagnostics.extend(built.doc.warnings.iter().cloned());
        self.details = Some(format!(
            "{} cases, {} items, {} indicators, {} entities, {} triples → graph <{}>",
            built.doc.cases.len(),
            built.item_count(),
            built.indicator_count(),
            built.linked.entities.len(),
            built.rdf.triples.len() + built.rdf.entity_triples.len(),
            built.rdf.graph.as_str()
        ));
    }
}

/// Counts of what a build did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub failed: usize,
}

impl Summary {
    pub fn total(&self) -> usize {
        self.added + self.replaced + self.unchanged + self.failed
    }
}

/// Releases reports in input order as they arrive in any order.
#[derive(Default)]
pub(super) struct InOrder {
    next: usize,
    waiting: BTreeMap<usize, DocumentReport>,
    summary: Summary,
}

impl InOrder {
    pub(super) fn push(
        &mut self,
        index: usize,
        report: DocumentReport,
        on_done: &mut impl FnMut(&DocumentReport),
    ) {
        self.waiting.insert(index, report);
        while let Some(report) = self.waiting.remove(&self.next) {
            match report.action {
                Action::Added => self.summary.added += 1,
                Action::Replaced => self.summary.replaced += 1,
                Action::Unchanged => self.summary.unchanged += 1,
                Action::Failed => self.summary.failed += 1,
            }
            on_done(&report);
            self.next += 1;
        }
    }

    pub(super) fn finish(self) -> Summary {
        self.summary
    }
}
