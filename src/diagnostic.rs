//! Diagnostics that name the file and line they are about.
//!
//! Every stage reports problems as [`Diagnostic`]s rather than panicking, so the
//! binary can print `FILE:LINE: error: …` and choose the exit code.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input was understood, but something looks off; `--strict` makes it fatal.
    Warning,
    /// The input cannot be turned into a graph.
    Error,
}

/// A problem found in an input file, located at a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line number; 0 when the problem is about the file as a whole.
    pub line: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub fn warning(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if self.line > 0 {
            write!(
                f,
                "{}:{}: {level}: {}",
                self.file.display(),
                self.line,
                self.message
            )
        } else {
            write!(f, "{}: {level}: {}", self.file.display(), self.message)
        }
    }
}

impl std::error::Error for Diagnostic {}
