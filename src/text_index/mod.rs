//! Stage 6b, text index: the item texts of the store's documents in a
//! full-text index (Tantivy) beside the store, so that a search for a word
//! reads a few posting lists instead of decoding every text of the corpus.
//!
//! The index narrows: it gives the items whose text holds every character
//! bigram of the word (every character, for a one-character word), a
//! superset of the items that contain it. The query that uses it still
//! checks `CONTAINS`, so its rows are exactly those of a full scan.
//!
//! It also covers two saved queries that list tens of thousands of rows on a
//! corpus: `search` (it keeps each item's texts and the rows `search` gives
//! for the item, [`items_of`]) and `outcome-figures` (the row of each figure,
//! by unit, [`figures_of`]), so that [`TextIndex::search_rows`] and
//! [`TextIndex::figures`] answer them without reading the store once per
//! row (`query::covered`).
//!
//! It is derived data, kept in step with the store after every write
//! ([`sync`]): per document graph it holds a marker with the document's
//! SHA-256 and pipeline fingerprint. A reader uses the index only when its
//! markers are exactly the store's documents ([`TextIndex::open_in_step`]);
//! otherwise (a build killed between the store's commit and the index's, an
//! index deleted or from an older store) it falls back to the full scan, and
//! the next `build` or `remove` brings the index up to date.

mod codec;
mod figures;
mod items;
mod stored;

use codec::RowEncoder;
pub use codec::RowGroup;
pub use figures::{figures_of, UnitFigures, FIGURE_COLUMNS, FIGURE_PREDICATES};
pub use items::{items_of, IndexedItem, ITEM_COLUMNS, PREDICATES, SECTIONS};
use stored::StoredStrings;

use crate::rdf::DocumentGraph;
use crate::store::StoredDocument;
use crate::store::{GraphStore, StoreError};
use oxigraph::model::{NamedNode, NamedNodeRef, QuadRef, Term};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::NgramTokenizer;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument};

/// The index's folder inside the store's folder, so that it moves with the store.
const FOLDER: &str = "casegraph-text-index";
/// Tokenizer name: character unigrams and bigrams, as written (no lowercasing).
const NGRAMS: &str = "casegraph_ngrams";
/// Memory of the one indexing thread (Tantivy's minimum is 15 MB).
const WRITER_MEMORY: usize = 64 << 20;

/// Why the text index could not be used or updated.
#[derive(Debug, thiserror::Error)]
pub enum TextIndexError {
    #[error("text index {path}: {source}")]
    Index {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("text index {path}: a stored row cannot be read ({message}); delete the folder and `casegraph build` makes it again")]
    Row { path: PathBuf, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The fields of the index's documents: one per item, one per unit of
/// figures and one marker per document graph.
#[derive(Clone, Copy)]
struct Fields {
    /// The document graph (both kinds): deleting by it drops a whole document.
    graph: Field,
    /// `item`, `figures` or `marker`.
    kind: Field,
    /// The item's IRI.
    item: Field,
    /// The item's texts (indexed and stored).
    text: Field,
    /// `search`'s rows for the item, four terms each ([`codec`]).
    row: Field,
    /// A marker's `sha256 fingerprint` of the document it indexed.
    version: Field,
    /// The unit of a `figures` document, as N-Triples (looked up by it).
    unit: Field,
    /// `outcome-figures`' rows of the unit, the terms of [`FIGURE_COLUMNS`]
    /// each ([`codec`]).
    figure: Field,
}

/// The index's settings: Tantivy's, but for small blocks in the stored-document
/// store. A stored document is read by copying its whole block out of the
/// store (which is not compressed), and `outcome-figures` reads each
/// document's figures one unit at a time: with Tantivy's 16 KiB blocks, a
/// block holding twenty units' figures was copied twenty times, 1.3 GB of
/// copies at 1000 documents.
fn settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCKSIZE,
        ..IndexSettings::default()
    }
}

const DOCSTORE_BLOCKSIZE: usize = 1024;

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let ngrams = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(NGRAMS)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_stored();
    let fields = Fields {
        // Fast (columnar) too, as `version`: the markers are read from the
        // columns at every query the index answers.
        graph: builder.add_text_field("graph", STRING | STORED | FAST),
        kind: builder.add_text_field("kind", STRING),
        // A fast (columnar) field: read for thousands of hits at a time, where
        // the stored-document store decompresses a block per hit.
        item: builder.add_text_field("item", STRING | FAST),
        text: builder.add_text_field("text", ngrams),
        // Named after their layout (`codec`): an index of an older layout
        // has another schema, so it is rebuilt rather than misread.
        row: builder.add_text_field("rows_v3", STORED),
        version: builder.add_text_field("version", STRING | STORED | FAST),
        unit: builder.add_text_field("unit", STRING | STORED),
        figure: builder.add_text_field("figures_v3", STORED),
    };
    (builder.build(), fields)
}

/// An open text index.
#[derive(Clone)]
pub struct TextIndex {
    index: Index,
    fields: Fields,
    path: PathBuf,
    /// Made at the first search and kept: a query that reads the figures one
    /// unit at a time searches once per unit. It sees the index as it was
    /// then: what an [`Update`] commits later is read by a `TextIndex`
    /// opened after it (as every query opens its own).
    reader: std::sync::OnceLock<tantivy::IndexReader>,
}

impl TextIndex {
    /// The index beside the store at `store_path`, if there is one of this
    /// casegraph's schema (an older one is rebuilt by [`sync`]).
    fn open(store_path: &Path) -> Result<Option<Self>, TextIndexError> {
        let path = store_path.join(FOLDER);
        if !path.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(&path).map_err(|source| TextIndexError::Index {
            path: path.clone(),
            source,
        })?;
        let current = index.schema() == schema().0
            && index.settings().docstore_blocksize == settings().docstore_blocksize;
        Ok(current.then(|| Self::with_tokenizer(index, path)))
    }

    fn open_or_create(store_path: &Path) -> Result<Self, TextIndexError> {
        if let Some(index) = Self::open(store_path)? {
            return Ok(index);
        }
        let path = store_path.join(FOLDER);
        let failed = |source| TextIndexError::Index {
            path: path.clone(),
            source,
        };
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|e| failed(e.into()))?;
        }
        std::fs::create_dir_all(&path).map_err(|e| failed(e.into()))?;
        let index = Index::builder()
            .schema(schema().0)
            .settings(settings())
            .create_in_dir(&path)
            .map_err(failed)?;
        Ok(Self::with_tokenizer(index, path))
    }

    fn with_tokenizer(index: Index, path: PathBuf) -> Self {
        let ngrams = NgramTokenizer::all_ngrams(1, 2).expect("1 ≤ 2: valid n-gram sizes");
        index.tokenizers().register(NGRAMS, ngrams);
        let (_, fields) = schema();
        Self {
            index,
            fields,
            path,
            reader: std::sync::OnceLock::new(),
        }
    }

    fn searcher(&self) -> Result<tantivy::Searcher, TextIndexError> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let reader = self.index.reader().map_err(|e| self.failed(e))?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }

    fn failed(&self, source: tantivy::TantivyError) -> TextIndexError {
        TextIndexError::Index {
            path: self.path.clone(),
            source,
        }
    }

    /// The index beside the store, if it indexes exactly the store's documents.
    pub fn open_in_step(store: &GraphStore) -> Result<Option<Self>, TextIndexError> {
        let Some(index) = Self::open(store.path())? else {
            return Ok(None);
        };
        Ok((index.markers()? == stored_versions(store)?).then_some(index))
    }

    /// Document graph → version, of the documents indexed.
    fn markers(&self) -> Result<BTreeMap<String, String>, TextIndexError> {
        let (searcher, found) = self.found(&TermQuery::new(
            tantivy::Term::from_field_text(self.fields.kind, "marker"),
            IndexRecordOption::Basic,
        ))?;
        // From the columns: a marker's stored document lies in its own block
        // of the store, between the document's items and figures.
        let graphs = self.fast_strings(&searcher, &found, self.fields.graph)?;
        let versions = self.fast_strings(&searcher, &found, self.fields.version)?;
        let first = |values: Vec<String>| values.into_iter().next().unwrap_or_default();
        Ok(graphs
            .into_iter()
            .zip(versions)
            .map(|(graph, version)| (first(graph), first(version)))
            .collect())
    }

    /// The index's documents holding every n-gram of `word`, in index
    /// order; `None` for the empty word, which every text contains.
    fn hits(
        &self,
        word: &str,
    ) -> Result<Option<(tantivy::Searcher, Vec<tantivy::DocAddress>)>, TextIndexError> {
        let grams = ngrams_of(word);
        if grams.is_empty() {
            return Ok(None);
        }
        let terms = grams
            .iter()
            .map(|gram| tantivy::Term::from_field_text(self.fields.text, gram));
        self.found(&terms_query(Occur::Must, terms)).map(Some)
    }

    /// The index's documents matching `query`, in index order: the stored
    /// documents are read block by block.
    fn found(
        &self,
        query: &dyn Query,
    ) -> Result<(tantivy::Searcher, Vec<tantivy::DocAddress>), TextIndexError> {
        let searcher = self.searcher()?;
        let mut found: Vec<_> = searcher
            .search(query, &DocSetCollector)
            .map_err(|e| self.failed(e))?
            .into_iter()
            .collect();
        found.sort();
        Ok((searcher, found))
    }

    /// The rows of the saved query `search` for `word`, unordered, by item:
    /// each row of the item ([`IndexedItem::rows`]) once per text of the
    /// item that contains `word`, as the query's joins give them; `None` for
    /// the empty word.
    pub fn search_rows(&self, word: &str) -> Result<Option<Vec<RowGroup>>, TextIndexError> {
        let Some((searcher, found)) = self.hits(word)? else {
            return Ok(None);
        };
        let mut groups = Vec::new();
        for address in found {
            let mut doc: StoredStrings = searcher.doc(address).map_err(|e| self.failed(e))?;
            let containing = doc
                .all(self.fields.text)
                .filter(|text| text.contains(word))
                .count();
            if containing > 0 {
                let width = ITEM_COLUMNS.len();
                groups.push(self.stored_rows(
                    &mut doc,
                    self.fields.row,
                    Vec::new(),
                    width,
                    containing,
                )?);
            }
        }
        Ok(Some(groups))
    }

    /// The rows stored in `field` of `doc`, of `width` terms each.
    fn stored_rows(
        &self,
        doc: &mut StoredStrings,
        field: Field,
        leading: Vec<Term>,
        width: usize,
        repeat: usize,
    ) -> Result<RowGroup, TextIndexError> {
        let stored = doc.take(field).unwrap_or_default();
        RowGroup::new(leading, width, repeat, stored).map_err(|message| self.bad_row(message))
    }

    fn parse_term(&self, stored: &str) -> Result<Term, TextIndexError> {
        stored
            .parse::<Term>()
            .map_err(|e| self.bad_row(format!("{stored}: {e}")))
    }

    fn bad_row(&self, message: String) -> TextIndexError {
        TextIndexError::Row {
            path: self.path.clone(),
            message,
        }
    }

    /// The figures of `outcome-figures`, by document graph and unit (unordered
    /// within), each row led by its unit: those of `unit` only, or of every unit.
    pub fn figures(&self, unit: Option<&Term>) -> Result<Vec<RowGroup>, TextIndexError> {
        match unit {
            Some(unit) => self.figures_of_units(std::slice::from_ref(unit)),
            None => self.figures_found(&TermQuery::new(
                tantivy::Term::from_field_text(self.fields.kind, "figures"),
                IndexRecordOption::Basic,
            )),
        }
    }

    /// [`figures`](Self::figures) of the units `units`, in the order of the
    /// index as for every unit.
    pub fn figures_of_units(&self, units: &[Term]) -> Result<Vec<RowGroup>, TextIndexError> {
        let terms = units
            .iter()
            .map(|unit| tantivy::Term::from_field_text(self.fields.unit, &unit.to_string()));
        // Not a TermSetQuery: it builds an FST of its terms, whose builder
        // zeroes about a megabyte each time, and a corpus's units are asked
        // for a few at a time (41 times on 100 synthetic documents).
        self.figures_found(&terms_query(Occur::Should, terms))
    }

    fn figures_found(&self, query: &dyn Query) -> Result<Vec<RowGroup>, TextIndexError> {
        let (searcher, found) = self.found(query)?;
        let mut out = Vec::with_capacity(found.len());
        for address in found {
            let mut doc: StoredStrings = searcher.doc(address).map_err(|e| self.failed(e))?;
            let unit = self.parse_term(doc.first(self.fields.unit).unwrap_or_default())?;
            let width = FIGURE_COLUMNS.len();
            out.push(self.stored_rows(&mut doc, self.fields.figure, vec![unit], width, 1)?);
        }
        Ok(out)
    }

    /// The units the figures of the index are in, each once, in no
    /// particular order; a unit whose documents were all replaced may still
    /// be listed (until the index merges them away), and has no figures.
    pub fn figure_units(&self) -> Result<Vec<Term>, TextIndexError> {
        let searcher = self.searcher()?;
        let mut units = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let terms = segment
                .inverted_index(self.fields.unit)
                .map_err(|e| self.failed(e))?;
            let mut stream = terms.terms().stream().map_err(|e| self.failed(e.into()))?;
            while stream.advance() {
                let key = std::str::from_utf8(stream.key())
                    .map_err(|e| self.bad_row(format!("a unit is not UTF-8: {e}")))?;
                units.insert(key.to_string());
            }
        }
        units.iter().map(|unit| self.parse_term(unit)).collect()
    }

    /// The items whose text may contain `word` (a superset of those that do),
    /// in IRI order; `None` for the empty word, which every text contains.
    pub fn candidates(&self, word: &str) -> Result<Option<Vec<NamedNode>>, TextIndexError> {
        let Some((searcher, found)) = self.hits(word)? else {
            return Ok(None);
        };
        let items: BTreeSet<NamedNode> = self
            .fast_strings(&searcher, &found, self.fields.item)?
            .into_iter()
            .flatten()
            .map(NamedNode::new_unchecked)
            .collect();
        Ok(Some(items.into_iter().collect()))
    }

    /// The values of the fast (columnar) text field `field` of each of
    /// `found`: read for thousands of documents at a time, where the stored
    /// documents would be read a block per document.
    fn fast_strings(
        &self,
        searcher: &tantivy::Searcher,
        found: &[tantivy::DocAddress],
        field: Field,
    ) -> Result<Vec<Vec<String>>, TextIndexError> {
        let schema = self.index.schema();
        let field = schema.get_field_name(field);
        let mut columns = std::collections::HashMap::new();
        let mut out = Vec::with_capacity(found.len());
        for address in found {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(column) => column.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => {
                    let reader = searcher.segment_reader(address.segment_ord);
                    let column = reader
                        .fast_fields()
                        .str(field)
                        .map_err(|e| self.failed(e))?;
                    entry.insert(column)
                }
            };
            let mut values = Vec::new();
            if let Some(column) = column {
                for ord in column.term_ords(address.doc_id) {
                    let mut value = String::new();
                    if column
                        .ord_to_str(ord, &mut value)
                        .map_err(|e| self.failed(e.into()))?
                    {
                        values.push(value);
                    }
                }
            }
            out.push(values);
        }
        Ok(out)
    }
}

/// The n-grams every text containing `word` holds: its bigrams, or the
/// character itself for a one-character word.
/// The query whose clauses are each of `terms`, each required (`Must`) or
/// one of them enough (`Should`).
fn terms_query(occur: Occur, terms: impl Iterator<Item = tantivy::Term>) -> BooleanQuery {
    let clauses = terms.map(|term| {
        let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
        (occur, query)
    });
    BooleanQuery::new(clauses.collect())
}

fn ngrams_of(word: &str) -> BTreeSet<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() == 1 {
        return BTreeSet::from([word.to_string()]);
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Document graph → `sha256 fingerprint`, of the documents in the store.
fn stored_versions(store: &GraphStore) -> Result<BTreeMap<String, String>, StoreError> {
    Ok(store
        .stored_documents()?
        .into_iter()
        .map(|(_, graph, stored)| (graph.as_str().to_string(), stored.version()))
        .collect())
}

/// What the index keeps of one document graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexedDocument {
    pub items: Vec<IndexedItem>,
    pub figures: Vec<UnitFigures>,
}

impl IndexedDocument {
    /// What the index keeps of a document graph's `quads`.
    pub fn of_quads<'q>(quads: impl IntoIterator<Item = QuadRef<'q>> + Clone) -> Self {
        Self {
            items: items_of(quads.clone()),
            figures: figures_of(quads),
        }
    }

    /// What the index keeps of a document about to be stored, as [`Self::stored`]
    /// reads it back once it is.
    pub fn of_document(doc: &DocumentGraph) -> Self {
        Self::of_quads(doc.quads())
    }

    /// What the index keeps of the document graph `graph` of `store`.
    pub fn stored(store: &GraphStore, graph: &NamedNode) -> Result<Self, StoreError> {
        // Both read `cg:caseNumber` and `cg:hasOutcome`: each predicate once.
        let predicates: BTreeSet<NamedNodeRef<'_>> = PREDICATES
            .iter()
            .chain(&FIGURE_PREDICATES)
            .copied()
            .collect();
        let predicates: Vec<NamedNodeRef<'_>> = predicates.into_iter().collect();
        let quads = store.graph_quads_with(graph, &predicates)?;
        Ok(Self::of_quads(quads.iter().map(QuadRef::from)))
    }
}

/// What [`sync`] or [`Update::finish`] changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncSummary {
    /// Documents (re)indexed.
    pub indexed: usize,
    /// Documents dropped from the index.
    pub dropped: usize,
}

/// Brings the index in step with the store: indexes the documents whose
/// version it lacks, drops those the store no longer holds.
pub fn sync(store: &GraphStore) -> Result<SyncSummary, TextIndexError> {
    Update::begin(store.path())?.finish(store)
}

/// An update of the index fed while the store is written: a build hands
/// each document's texts over as it writes the document ([`Update::put`]),
/// so that the index need not read them back from the store afterwards
/// (at 1000 documents, 10 s of lookups in files still to be compacted).
/// Nothing is visible before [`Update::finish`], which first reconciles what
/// was put with what the store holds in the end.
pub struct Update {
    index: TextIndex,
    /// The markers committed before the update.
    have: BTreeMap<String, String>,
    /// The version of each document put during the update.
    put: BTreeMap<String, String>,
    /// Opened with the first change: an update that changes nothing costs nothing.
    writer: Option<IndexWriter>,
}

impl Update {
    pub fn begin(store_path: &Path) -> Result<Self, TextIndexError> {
        let index = TextIndex::open_or_create(store_path)?;
        let have = index.markers()?;
        Ok(Self {
            index,
            have,
            put: BTreeMap::new(),
            writer: None,
        })
    }

    /// The writer, opened on first use; a function of the two fields rather
    /// than a method, so that the index stays borrowable beside it.
    fn writer<'w>(
        writer: &'w mut Option<IndexWriter>,
        index: &TextIndex,
    ) -> Result<&'w mut IndexWriter, TextIndexError> {
        if writer.is_none() {
            let opened = index
                .index
                .writer_with_num_threads(1, WRITER_MEMORY)
                .map_err(|e| index.failed(e))?;
            *writer = Some(opened);
        }
        Ok(writer.as_mut().expect("just opened"))
    }

    /// The version of `graph` the index will hold, as far as the update knows.
    fn current(&self, graph: &str) -> Option<&String> {
        self.put.get(graph).or_else(|| self.have.get(graph))
    }

    /// Indexes `indexed` as document `graph` at `version`, in place of what
    /// the index held of it.
    pub fn put(
        &mut self,
        graph: &str,
        version: &str,
        indexed: IndexedDocument,
    ) -> Result<(), TextIndexError> {
        if self.current(graph).map(String::as_str) == Some(version) {
            return Ok(());
        }
        let index = &self.index;
        let f = &index.fields;
        let writer = Self::writer(&mut self.writer, index)?;
        writer.delete_term(tantivy::Term::from_field_text(f.graph, graph));
        let items = indexed.items.into_iter().map(|item| {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.graph, graph);
            doc.add_text(f.kind, "item");
            doc.add_text(f.item, &item.item);
            for text in &item.texts {
                doc.add_text(f.text, text);
            }
            let mut rows = RowEncoder::default();
            for row in &item.rows {
                rows.push(row.iter().map(|term| Some(term.as_ref())));
            }
            doc.add_text(f.row, rows.finish());
            doc
        });
        let figures = indexed.figures.into_iter().map(|figures| {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.graph, graph);
            doc.add_text(f.kind, "figures");
            doc.add_text(f.unit, figures.unit.to_string());
            let mut rows = RowEncoder::default();
            for row in &figures.rows {
                rows.push(row.iter().map(|term| term.as_ref().map(Term::as_ref)));
            }
            doc.add_text(f.figure, rows.finish());
            doc
        });
        let mut marker = TantivyDocument::default();
        marker.add_text(f.graph, graph);
        marker.add_text(f.kind, "marker");
        marker.add_text(f.version, version);
        for doc in items.chain(figures).chain(std::iter::once(marker)) {
            writer.add_document(doc).map_err(|e| index.failed(e))?;
        }
        self.put.insert(graph.to_string(), version.to_string());
        Ok(())
    }

    /// Indexes `doc`, about to be stored.
    pub fn put_document(&mut self, doc: &DocumentGraph) -> Result<(), TextIndexError> {
        let version = StoredDocument::of_graph(doc).map(|s| s.version());
        self.put(
            doc.graph.as_str(),
            &version.unwrap_or_default(),
            IndexedDocument::of_document(doc),
        )
    }

    /// Drops `graph` from the index.
    fn drop_graph(&mut self, graph: &str) -> Result<(), TextIndexError> {
        let term = tantivy::Term::from_field_text(self.index.fields.graph, graph);
        Self::writer(&mut self.writer, &self.index)?.delete_term(term);
        self.put.remove(graph);
        self.have.remove(graph);
        Ok(())
    }

    /// Reconciles the update with what `store` holds (a document put but not
    /// stored in the end is dropped; one stored but not put is read from the
    /// store), then commits it.
    pub fn finish(mut self, store: &GraphStore) -> Result<SyncSummary, TextIndexError> {
        let want = stored_versions(store)?;
        let mut summary = SyncSummary {
            indexed: self.put.len(),
            dropped: 0,
        };
        let known: BTreeSet<String> = self.have.keys().chain(self.put.keys()).cloned().collect();
        let stale: Vec<&String> = known
            .iter()
            .filter(|g| want.get(*g) != self.current(g))
            .collect();
        for graph in stale {
            summary.indexed -= usize::from(self.put.contains_key(graph));
            summary.dropped += usize::from(!want.contains_key(graph));
            self.drop_graph(graph)?;
        }
        let missing: Vec<(&String, &String)> = want
            .iter()
            .filter(|(g, v)| self.current(g) != Some(*v))
            .collect();
        for (graph, version) in missing {
            let indexed = IndexedDocument::stored(store, &NamedNode::new_unchecked(graph))?;
            self.put(graph, version, indexed)?;
            summary.indexed += 1;
        }
        if let Some(mut writer) = self.writer {
            writer.commit().map_err(|e| self.index.failed(e))?;
            writer
                .wait_merging_threads()
                .map_err(|e| self.index.failed(e))?;
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::{ngrams_of, schema, TextIndex, DOCSTORE_BLOCKSIZE, FOLDER};
    use tantivy::schema::{Schema, STORED};
    use tantivy::Index;

    /// An index written by a casegraph that laid rows out otherwise (bytes,
    /// `figures_v2`) has another schema: it is not read, and a build makes
    /// it again rather than misreading it.
    #[test]
    fn an_index_of_another_layout_is_not_read_and_is_made_again() {
        let store = tempfile::tempdir().unwrap();
        let path = store.path().join(FOLDER);
        std::fs::create_dir_all(&path).unwrap();
        let mut older = Schema::builder();
        older.add_bytes_field("figures_v2", STORED);
        Index::create_in_dir(&path, older.build()).unwrap();
        assert!(TextIndex::open(store.path()).unwrap().is_none());
        let made = TextIndex::open_or_create(store.path()).unwrap();
        assert_eq!(made.index.schema(), schema().0);
        assert!(TextIndex::open(store.path()).unwrap().is_some());
        assert_eq!(made.index.settings().docstore_blocksize, DOCSTORE_BLOCKSIZE);
    }

    /// An index of this schema written with Tantivy's 16 KiB store blocks
    /// (casegraph before the blocks were made small) is made again too.
    #[test]
    fn an_index_with_other_store_blocks_is_not_read_and_is_made_again() {
        let store = tempfile::tempdir().unwrap();
        let path = store.path().join(FOLDER);
        std::fs::create_dir_all(&path).unwrap();
        let older = Index::create_in_dir(&path, schema().0).unwrap();
        assert_ne!(older.settings().docstore_blocksize, DOCSTORE_BLOCKSIZE);
        assert!(TextIndex::open(store.path()).unwrap().is_none());
        let made = TextIndex::open_or_create(store.path()).unwrap();
        assert_eq!(made.index.settings().docstore_blocksize, DOCSTORE_BLOCKSIZE);
        assert!(TextIndex::open(store.path()).unwrap().is_some());
    }

    #[test]
    fn a_word_is_looked_up_by_its_bigrams_or_its_one_character() {
        let grams: Vec<String> = ngrams_of("跨境电商").into_iter().collect();
        assert_eq!(grams, ["境电", "电商", "跨境"]);
        assert_eq!(ngrams_of("港").into_iter().collect::<Vec<_>>(), ["港"]);
        assert!(ngrams_of("").is_empty());
    }
}
