//! Reads the model files and checks them against their published SHA-256.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// A model file whose exact content is known: size in bytes and SHA-256.
pub struct Artifact {
    pub file_name: &'static str,
    pub size: u64,
    pub sha256: &'static str,
}

/// Karpathy's `stories260K.bin` from the tinyllamas repository on Hugging Face.
pub const CHECKPOINT: Artifact = Artifact {
    file_name: "stories260K.bin",
    size: 1_056_540,
    sha256: "b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696",
};

/// `tok512.bin`, the 512-token tokenizer published next to `stories260K.bin`.
pub const TOKENIZER: Artifact = Artifact {
    file_name: "tok512.bin",
    size: 6_227,
    sha256: "037cb335abb25d1fa9e8ecae30ed2a3a8ace9302862ebcdc05d51a6bbb10c312",
};

/// Reason a model file was rejected. `Display` writes one line that names the file.
#[derive(Debug)]
pub enum ArtifactError {
    Missing {
        path: PathBuf,
        source: io::Error,
    },
    Truncated {
        path: PathBuf,
        expected: u64,
        actual: u64,
    },
    HashMismatch {
        path: PathBuf,
        expected: String,
        actual: String,
    },
}

impl fmt::Display for ArtifactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArtifactError::Missing { path, source } => write!(
                f,
                "cannot read model file {}: {source}. Set SCRATCHC_ARTIFACTS or --artifacts to the folder that contains it.",
                path.display()
            ),
            ArtifactError::Truncated { path, expected, actual } => write!(
                f,
                "model file {} is truncated: {actual} bytes, expected {expected}",
                path.display()
            ),
            ArtifactError::HashMismatch { path, expected, actual } => write!(
                f,
                "model file {} has the wrong SHA-256: expected {expected}, actual {actual}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ArtifactError {}

/// Reads `artifact.file_name` from `dir` and returns its bytes once their
/// size and SHA-256 match the artifact's.
pub fn read_verified(dir: &Path, artifact: &Artifact) -> Result<Vec<u8>, ArtifactError> {
    let path = dir.join(artifact.file_name);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(source) => return Err(ArtifactError::Missing { path, source }),
    };
    verify(&path, &bytes, artifact)?;
    Ok(bytes)
}

/// Checks `bytes`, read from `path`, against the artifact's size and SHA-256.
/// A longer file is reported as a hash mismatch.
pub fn verify(path: &Path, bytes: &[u8], artifact: &Artifact) -> Result<(), ArtifactError> {
    let actual_size = bytes.len() as u64;
    if actual_size < artifact.size {
        return Err(ArtifactError::Truncated {
            path: path.to_path_buf(),
            expected: artifact.size,
            actual: actual_size,
        });
    }

    let actual = sha256_hex(bytes);
    if actual != artifact.sha256 {
        return Err(ArtifactError::HashMismatch {
            path: path.to_path_buf(),
            expected: artifact.sha256.to_string(),
            actual,
        });
    }
    Ok(())
}

/// Returns the SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABC: Artifact = Artifact {
        file_name: "abc.bin",
        size: 3,
        sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    };

    #[test]
    fn sha256_of_abc_matches_fips_vector() {
        assert_eq!(sha256_hex(b"abc"), ABC.sha256);
    }

    #[test]
    fn verify_accepts_matching_bytes() {
        assert!(verify(Path::new("abc.bin"), b"abc", &ABC).is_ok());
    }

    #[test]
    fn verify_rejects_changed_bytes() {
        let error = verify(Path::new("dir/abc.bin"), b"abd", &ABC).unwrap_err();
        assert!(matches!(error, ArtifactError::HashMismatch { .. }));

        let message = error.to_string();
        assert!(message.contains("dir/abc.bin"), "{message}");
        assert!(message.contains(ABC.sha256), "{message}");
        assert!(message.contains(&sha256_hex(b"abd")), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn verify_rejects_short_file_as_truncated() {
        let error = verify(Path::new("abc.bin"), b"ab", &ABC).unwrap_err();
        assert!(matches!(
            error,
            ArtifactError::Truncated {
                expected: 3,
                actual: 2,
                ..
            }
        ));
        assert!(error.to_string().contains("truncated"));
    }

    #[test]
    fn verify_rejects_long_file_by_hash() {
        let error = verify(Path::new("abc.bin"), b"abcd", &ABC).unwrap_err();
        assert!(matches!(error, ArtifactError::HashMismatch { .. }));
    }

    #[test]
    fn read_verified_reports_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_verified(dir.path(), &ABC).unwrap_err();
        assert!(matches!(error, ArtifactError::Missing { .. }));
        assert!(error.to_string().contains("abc.bin"));
    }

    #[test]
    fn read_verified_returns_good_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("abc.bin"), b"abc").unwrap();
        assert_eq!(read_verified(dir.path(), &ABC).unwrap(), b"abc");
    }
}
