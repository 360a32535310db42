//! Which files a build reads.

use super::BuildError;
use std::path::{Path, PathBuf};

/// The documents named by `inputs`: each file as given, and every `.txt`
/// file under each folder (recursively, in path order).
///
/// ```
/// let dir = std::env::temp_dir().join("casegraph-discover-doc");
/// std::fs::create_dir_all(dir.join("b")).unwrap();
/// std::fs::write(dir.join("b/2.txt"), "x").unwrap();
/// std::fs::write(dir.join("1.txt"), "x").unwrap();
/// std::fs::write(dir.join("notes.md"), "x").unwrap();
/// let found = casegraph::corpus::discover(&[dir.clone()]).unwrap();
/// assert_eq!(found, vec![dir.join("1.txt"), dir.join("b/2.txt")]);
/// ```
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, BuildError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let before = files.len();
            walk(input, &mut files)?;
            files[before..].sort();
            if files.len() == before {
                return Err(BuildError::Input(format!(
                    "{}: no .txt document in this folder",
                    input.display()
                )));
            }
        } else if input.exists() {
            files.push(input.clone());
        } else {
            let problem = crate::diagnostic::Diagnostic::error(
                input,
                0,
                "cannot read file: no such file or folder; the store was not changed",
            );
            return Err(BuildError::Input(problem.to_string()));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), BuildError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        BuildError::Input(format!("{}: cannot list the folder: {e}", dir.display()))
    })?;
    for entry in entries {
        let path = entry
            .map_err(|e| {
                BuildError::Input(format!("{}: cannot list the folder: {e}", dir.display()))
            })?
            .path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            files.push(path);
        }
    }
    Ok(())
}
