//! The store's side of a push: its named graphs, each as a stream of
//! N-Triples, and a content digest to tell which ones changed.

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read};

/// What a graph holds, summed up: its triples, its size as N-Triples, and a
/// digest that does not depend on the order the store yields triples in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphDigest {
    pub graph: NamedNode,
    pub triples: u64,
    pub bytes: u64,
    pub hash: String,
}

/// Every named graph of the store, sorted by IRI. (casegraph writes nothing
/// to the default graph; a blank-node graph name has no IRI to push to.)
pub fn named_graphs(store: &Store) -> Result<Vec<NamedNode>, StorageError> {
    let mut graphs = Vec::new();
    for graph in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(graph) = graph? {
            graphs.push(graph);
        }
    }
    graphs.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    Ok(graphs)
}

/// The graph's triples as N-Triples, serialised as they are read, in batches.
pub struct NTriplesStream<'a> {
    quads: Box<dyn Iterator<Item = Result<Quad, StorageError>> + 'a>,
    buffer: Vec<u8>,
    position: usize,
}

/// How many triples are serialised at a time: enough to keep the writes large.
const BATCH: usize = 512;

impl<'a> NTriplesStream<'a> {
    pub fn new(store: &'a Store, graph: &NamedNode) -> Self {
        let quads = store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        );
        Self {
            quads: Box::new(quads),
            buffer: Vec::new(),
            position: 0,
        }
    }

    fn refill(&mut self) -> std::io::Result<()> {
        self.buffer.clear();
        self.position = 0;
        let mut writer =
            RdfSerializer::from_format(RdfFormat::NTriples).for_writer(&mut self.buffer);
        for quad in self.quads.by_ref().take(BATCH) {
            let quad = quad.map_err(std::io::Error::other)?;
            writer.serialize_triple(quad.as_ref())?; // a quad's triple
        }
        writer.finish()?;
        Ok(())
    }
}

impl Read for NTriplesStream<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.position == self.buffer.len() {
            self.refill()?;
        }
        let n = out.len().min(self.buffer.len() - self.position);
        out[..n].copy_from_slice(&self.buffer[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

/// Reads the graph once, as it would be sent.
pub fn digest(store: &Store, graph: &NamedNode) -> std::io::Result<GraphDigest> {
    let mut lines = BufReader::with_capacity(1 << 16, NTriplesStream::new(store, graph));
    let mut sum = [0u64; 4];
    let (mut triples, mut bytes) = (0u64, 0u64);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = lines.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        triples += 1;
        bytes += n as u64;
        add(&mut sum, &Sha256::digest(&line));
    }
    let hash: String = sum.iter().map(|limb| format!("{limb:016x}")).collect();
    Ok(GraphDigest {
        graph: graph.clone(),
        triples,
        bytes,
        hash: format!("{hash}-{triples}"),
    })
}

/// The sum of the triples' hashes modulo 2^256: a set digest (the same
/// triples in any order give the same sum), so nothing needs sorting.
fn add(sum: &mut [u64; 4], hash: &[u8]) {
    let mut carry = 0u128;
    for (i, limb) in sum.iter_mut().enumerate() {
        let chunk: [u8; 8] = hash[i * 8..i * 8 + 8].try_into().expect("32-byte hash");
        let total = u128::from(*limb) + u128::from(u64::from_le_bytes(chunk)) + carry;
        *limb = total as u64;
        carry = total >> 64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal};

    fn store_with(triples: &[(&str, &str)], graph: &NamedNode) -> Store {
        let store = Store::new().unwrap();
        for (s, o) in triples {
            store
                .insert(&Quad::new(
                    NamedNode::new(*s).unwrap(),
                    NamedNode::new("http://e/p").unwrap(),
                    Literal::new_language_tagged_literal(*o, "zh").unwrap(),
                    GraphName::NamedNode(graph.clone()),
                ))
                .unwrap();
        }
        store
    }

    #[test]
    fn the_stream_is_the_graphs_n_triples_and_the_digest_ignores_order() {
        let g = NamedNode::new("http://e/g").unwrap();
        let many: Vec<(String, String)> = (0..1500)
            .map(|i| (format!("http://e/s{i}"), format!("值 \"{i}\"\n")))
            .collect();
        let pairs: Vec<(&str, &str)> = many.iter().map(|(s, o)| (s.as_str(), o.as_str())).collect();
        let store = store_with(&pairs, &g);
        let mut text = String::new();
        NTriplesStream::new(&store, &g)
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text.lines().count(), 1500);
        let parsed = oxigraph::io::RdfParser::from_format(RdfFormat::NTriples)
            .for_slice(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(parsed.len(), 1500);

        let reversed: Vec<(&str, &str)> = pairs.iter().rev().copied().collect();
        let same = digest(&store_with(&reversed, &g), &g).unwrap();
        let first = digest(&store, &g).unwrap();
        assert_eq!(first, same);
        assert_eq!((first.triples, first.bytes), (1500, text.len() as u64));
        let fewer = digest(&store_with(&pairs[1..], &g), &g).unwrap();
        assert_ne!(first.hash, fewer.hash);
    }
}
