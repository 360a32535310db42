//! Sorting lines in bounded memory: runs of at most a given number of bytes are
//! sorted in memory and, when there is more than one, written to anonymous
//! temporary files (gone when closed, even if the process is killed), then
//! merged. Lines must not contain `\n` (N-Quads lines never do).
//!
//! Written here rather than taken from a crate: the external-sort crates pull
//! build-time dependencies (extsort: skeptic, cargo_metadata) that change the
//! features of the build scripts' serde, which rebuilds RocksDB from scratch.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Result, Seek, Write};

/// Runs merged at once.
const MERGE_WIDTH: usize = 64;

/// Lines pushed one by one, given back sorted by their bytes, without repeats.
pub(super) struct Sorter {
    bytes_in_memory: usize,
    buffer: Vec<String>,
    buffered_bytes: usize,
    /// Sorted runs on disk, with their level (how many merges made them).
    runs: Vec<(File, u32)>,
}

impl Sorter {
    pub(super) fn new(bytes_in_memory: usize) -> Self {
        Sorter {
            bytes_in_memory,
            buffer: Vec::new(),
            buffered_bytes: 0,
            runs: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, line: String) -> Result<()> {
        self.buffered_bytes += line.len() + std::mem::size_of::<String>();
        self.buffer.push(line);
        if self.buffered_bytes >= self.bytes_in_memory {
            self.spill()?;
        }
        Ok(())
    }

    /// Every line pushed, sorted, each once.
    pub(super) fn sorted(mut self) -> Result<Box<dyn Iterator<Item = Result<String>>>> {
        if self.runs.is_empty() {
            sort(&mut self.buffer);
            return Ok(Box::new(self.buffer.into_iter().map(Ok)));
        }
        self.spill()?;
        let files = self.runs.into_iter().map(|(file, _)| file).collect();
        Ok(Box::new(Merge::new(files)?))
    }

    fn spill(&mut self) -> Result<()> {
        sort(&mut self.buffer);
        let run = write_run(self.buffer.drain(..).map(Ok))?;
        self.buffered_bytes = 0;
        self.add_run(run, 0)
    }

    /// Keeps open files few however large the store: `MERGE_WIDTH` runs of one
    /// level (merged that many times) are merged into one run of the next.
    fn add_run(&mut self, run: File, level: u32) -> Result<()> {
        self.runs.push((run, level));
        let n = self.runs.len();
        if n >= MERGE_WIDTH && self.runs[n - MERGE_WIDTH..].iter().all(|r| r.1 == level) {
            let files = self.runs.drain(n - MERGE_WIDTH..).map(|r| r.0).collect();
            let merged = write_run(Merge::new(files)?)?;
            return self.add_run(merged, level + 1);
        }
        Ok(())
    }
}

fn sort(lines: &mut Vec<String>) {
    lines.sort_unstable();
    lines.dedup();
}

/// Writes sorted `lines` to a new anonymous file, ready to be read from its start.
fn write_run(lines: impl Iterator<Item = Result<String>>) -> Result<File> {
    let mut out = BufWriter::new(tempfile::tempfile()?);
    for line in lines {
        out.write_all(line?.as_bytes())?;
        out.write_all(b"\n")?;
    }
    let mut file = out.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    Ok(file)
}

/// The sorted union of sorted runs, each line once.
struct Merge {
    runs: Vec<BufReader<File>>,
    /// The next line of each run not yet given, with the run's index.
    heads: BinaryHeap<Reverse<(String, usize)>>,
    last: Option<String>,
}

impl Merge {
    fn new(files: Vec<File>) -> Result<Self> {
        let mut merge = Merge {
            runs: files.into_iter().map(BufReader::new).collect(),
            heads: BinaryHeap::new(),
            last: None,
        };
        for run in 0..merge.runs.len() {
            merge.advance(run)?;
        }
        Ok(merge)
    }

    /// Reads the next line of `run` into the heads, if it has one.
    fn advance(&mut self, run: usize) -> Result<()> {
        let mut line = String::new();
        if self.runs[run].read_line(&mut line)? > 0 {
            line.pop();
            self.heads.push(Reverse((line, run)));
        }
        Ok(())
    }

    fn next_line(&mut self) -> Result<Option<String>> {
        while let Some(Reverse((line, run))) = self.heads.pop() {
            self.advance(run)?;
            // A line in several runs (a triple of several graphs) is given once.
            if self.last.as_ref() != Some(&line) {
                self.last = Some(line.clone());
                return Ok(Some(line));
            }
        }
        Ok(None)
    }
}

impl Iterator for Merge {
    type Item = Result<String>;

    fn next(&mut self) -> Option<Result<String>> {
        self.next_line().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lines: &[&str], bytes_in_memory: usize) -> Vec<String> {
        let mut sorter = Sorter::new(bytes_in_memory);
        for line in lines {
            sorter.push(line.to_string()).unwrap();
        }
        sorter.sorted().unwrap().collect::<Result<_>>().unwrap()
    }

    #[test]
    fn runs_on_disk_merge_to_the_order_in_memory() {
        // Pseudo-random lines with repeats, some a prefix of others.
        let lines: Vec<String> = (0..5000u64)
            .map(|i| format!("<s{}> \"é{}\"", (i * 7919) % 613, (i * 104_729) % 97))
            .collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut expected: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        expected.sort();
        expected.dedup();
        assert_eq!(sorted(&lines, usize::MAX), expected);
        // One line per run: far more runs than MERGE_WIDTH, merged on two levels.
        assert_eq!(sorted(&lines, 1), expected);
        assert_eq!(sorted(&lines, 2000), expected);
        assert!(sorted(&[], 1).is_empty());
    }
}
