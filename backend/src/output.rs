//! Atomic output files: written to a temporary file in the destination
//! folder, then renamed over the destination, so readers never see half a
//! file and a failed build leaves the previous output untouched.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::diagnostics::bad_input;

pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(bad_input(format!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            folder.display()
        )));
    }
    let mut file = tempfile::Builder::new()
        .prefix(".scratchc-")
        .tempfile_in(folder)
        .map_err(|err| bad_input(format!("cannot write into {}: {err}", folder.display())))?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    // Temporary files are private (0600); an output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.persist(path)
        .map_err(|err| bad_input(format!("cannot write {}: {}", path.display(), err.error)))?;
    Ok(())
}
