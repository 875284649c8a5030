//! Files written as one: all of them or none.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::TempPath;

use crate::error::{Error, Result};

/// A set of output files that appear together or not at all.
///
/// Each file is written to a temporary file beside its destination (so the
/// final rename stays on one file system); [`commit`](OutputSet::commit)
/// renames them all into place. A set dropped without a commit, because a
/// write failed (a full disk) or the work after it did, deletes what it
/// staged and the directories it created, so existing outputs stay as they
/// were and no partial set appears. Files may be staged from several
/// threads at once.
///
/// ```
/// use tahlil::io::OutputSet;
///
/// let dir = tempfile::tempdir()?;
/// let out = dir.path().join("out");
/// let set = OutputSet::new();
/// set.create_dir(&out)?;
/// set.write(&out.join("a.tsv"), |w| w.write_all(b"a\n"))?;
/// let failed = set.write(&out.join("b.tsv"), |_| Err(std::io::Error::other("disk full")));
/// assert!(failed.is_err());
/// drop(set); // not committed: a.tsv never appears, nor does the directory
/// assert!(!out.exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct OutputSet {
    /// Each staged file and its destination, in the order written.
    staged: Mutex<Vec<(TempPath, PathBuf)>>,
    /// Directories this set created, parents first.
    created: Mutex<Vec<PathBuf>>,
}

impl OutputSet {
    /// An empty set.
    pub fn new() -> Self {
        OutputSet::default()
    }

    /// Creates `dir` and its missing parents, which are removed again if the
    /// set is dropped without a commit (and still empty).
    pub fn create_dir(&self, dir: &Path) -> Result<()> {
        let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.is_dir()).collect();
        fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))?;
        let mut created = self.created.lock().expect("no panic while held");
        created.extend(missing.into_iter().rev().map(Path::to_path_buf));
        Ok(())
    }

    /// Stages `path`: `write` fills a buffered temporary file beside it.
    pub fn write<F>(&self, path: &Path, write: F) -> Result<()>
    where
        F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
    {
        self.write_buffered(path, |w| write(w))
    }

    /// [`OutputSet::write`] for writers that need to own a `Write + Send`
    /// (a Parquet file writer): `write` gets the buffered temporary file itself.
    pub fn write_buffered<F>(&self, path: &Path, write: F) -> Result<()>
    where
        F: FnOnce(&mut BufWriter<&fs::File>) -> std::io::Result<()>,
    {
        let shown = path.display().to_string();
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // Said plainly here: the temporary file's error would name the temporary file.
        if !dir.is_dir() {
            let msg = format!("the directory {} does not exist", dir.display());
            return Err(Error::io(
                &shown,
                std::io::Error::new(std::io::ErrorKind::NotFound, msg),
            ));
        }
        let tmp = tempfile::Builder::new()
            .prefix(".tahlil-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(&shown, e))?;
        // Temporary files are created private (0600); a result file is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::Permissions::from_mode(0o644);
            tmp.as_file()
                .set_permissions(mode)
                .map_err(|e| Error::io(&shown, e))?;
        }
        {
            let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file());
            write(&mut w).map_err(|e| Error::io(&shown, e))?;
            w.flush().map_err(|e| Error::io(&shown, e))?;
        }
        let mut staged = self.staged.lock().expect("no panic while held");
        staged.push((tmp.into_temp_path(), path.to_path_buf()));
        Ok(())
    }

    /// Where the file staged for `path` is until the commit (the last one
    /// staged for it), to read it back.
    pub fn staged(&self, path: &Path) -> Option<PathBuf> {
        let staged = self.staged.lock().expect("no panic while held");
        staged
            .iter()
            .rev()
            .find(|(_, p)| p == path)
            .map(|(tmp, _)| tmp.to_path_buf())
    }

    /// Moves every staged file into place, replacing files of the same names.
    pub fn commit(self) -> Result<()> {
        let staged = std::mem::take(&mut *self.staged.lock().expect("no panic while held"));
        // Committed: whatever happens below, the directories stay.
        self.created.lock().expect("no panic while held").clear();
        for (tmp, path) in staged {
            tmp.persist(&path)
                .map_err(|e| Error::io(path.display(), e.error))?;
        }
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        // Staged files delete themselves (TempPath); then the directories
        // this set made, deepest first, if nothing else was put in them.
        let staged = self.staged.get_mut().map(std::mem::take);
        drop(staged);
        if let Ok(created) = self.created.get_mut() {
            for dir in created.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_set_replaces_old_files() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        fs::write(&a, "old a").unwrap();
        let set = OutputSet::new();
        set.write(&a, |w| w.write_all("new a · القاعدة".as_bytes()))
            .unwrap();
        set.write(&b, |w| w.write_all(b"new b")).unwrap();
        assert_eq!(
            fs::read_to_string(&a).unwrap(),
            "old a",
            "not before commit"
        );
        assert!(!b.exists());
        set.commit().unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a · القاعدة");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(
            fs::read_dir(t.path()).unwrap().count(),
            2,
            "no temporary file left"
        );
    }

    #[test]
    fn a_failed_set_leaves_old_files_and_removes_what_it_made() {
        let t = tempfile::tempdir().unwrap();
        let old = t.path().join("old.tsv");
        fs::write(&old, "old").unwrap();
        let deep = t.path().join("x/y");
        let set = OutputSet::new();
        set.create_dir(&deep).unwrap();
        set.write(&old, |w| w.write_all(b"new")).unwrap();
        set.write(&deep.join("a.tsv"), |w| w.write_all(b"a"))
            .unwrap();
        let e = set
            .write(&deep.join("b.tsv"), |w| {
                w.write_all(b"half")?;
                Err(std::io::Error::other("disk full"))
            })
            .unwrap_err();
        assert!(e.to_string().ends_with("b.tsv: disk full"), "{e}");
        drop(set);
        assert_eq!(fs::read_to_string(&old).unwrap(), "old");
        let left: Vec<_> = fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            ["old.tsv"],
            "the directories it made are gone, with no temporary file"
        );
    }
}
