//! The stored values of an index document, read as strings.
//!
//! Every stored value of the index is a string (graph, unit, version, texts,
//! rows). Tantivy's own `TantivyDocument` copies each value into an arena as
//! it reads it, and the rows were then copied again into their
//! [`RowGroup`](super::codec::RowGroup): at 1000 documents, 13 % of
//! `outcome-figures` went to zeroing the pages of those copies. Read as this
//! type, a value is copied once, out of the stored block, and the rows are
//! handed on without another copy.

use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize,
    ValueDeserializer,
};
use tantivy::schema::Field;

/// The stored values of one index document, in stored order.
#[derive(Debug, Default)]
pub(super) struct StoredStrings(Vec<(Field, String)>);

impl StoredStrings {
    /// The first value of `field`.
    pub fn first(&self, field: Field) -> Option<&str> {
        self.all(field).next()
    }

    /// Every value of `field`.
    pub fn all(&self, field: Field) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(f, _)| *f == field)
            .map(|(_, value)| value.as_str())
    }

    /// The first value of `field`, taken out.
    pub fn take(&mut self, field: Field) -> Option<String> {
        let at = self.0.iter().position(|(f, _)| *f == field)?;
        Some(self.0.swap_remove(at).1)
    }
}

/// One stored value: a string, or an error for any other kind (the index
/// stores none; an index that does was not written by this casegraph).
struct StoredString(String);

impl ValueDeserialize for StoredString {
    fn deserialize<'de, D>(deserializer: D) -> Result<Self, DeserializeError>
    where
        D: ValueDeserializer<'de>,
    {
        deserializer.deserialize_string().map(Self)
    }
}

impl DocumentDeserialize for StoredStrings {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let mut values = Vec::with_capacity(deserializer.size_hint());
        while let Some((field, StoredString(value))) = deserializer.next_field()? {
            values.push((field, value));
        }
        Ok(Self(values))
    }
}

#[cfg(test)]
mod tests {
    use super::StoredStrings;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::AllQuery;
    use tantivy::schema::{Schema, STORED};
    use tantivy::{doc, Index};

    #[test]
    fn stored_strings_read_back_by_field() {
        let mut schema = Schema::builder();
        let (a, b, c) = (
            schema.add_text_field("a", STORED),
            schema.add_text_field("b", STORED),
            schema.add_text_field("c", STORED),
        );
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer
            .add_document(doc!(a => "一", b => "跨境\u{1}", a => "二"))
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let found = searcher.search(&AllQuery, &DocSetCollector).unwrap();
        let address = *found.iter().next().unwrap();
        let mut doc: StoredStrings = searcher.doc(address).unwrap();
        assert_eq!(doc.first(a), Some("一"));
        assert_eq!(doc.all(a).collect::<Vec<_>>(), ["一", "二"]);
        assert_eq!(doc.first(c), None);
        assert_eq!(doc.take(b).as_deref(), Some("跨境\u{1}"));
        assert_eq!(doc.take(b), None);
    }
}
