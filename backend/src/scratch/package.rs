//! Packs serialized JSON and its SVG assets into `.sb3` and `.sprite3` files.
//!
//! Both are zip archives: `project.json` or `sprite.json`, plus each costume
//! as `<md5>.svg`, the name the Scratch editor gives assets. The archive is
//! written to a temporary file beside the output and renamed into place, so
//! a failed build leaves no partial file and an older output stays intact.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use zip::write::SimpleFileOptions;

use super::serialize::{BACKDROP_SVG, SPRITE_COSTUME_SVG};
use crate::output::write_atomically;

fn asset_name(svg: &str) -> String {
    format!("{}.svg", super::serialize::md5_hex(svg))
}

fn zip_bytes(json_name: &str, json: &serde_json::Value, svgs: &[&str]) -> Result<Vec<u8>> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    archive.start_file(json_name, options)?;
    archive.write_all(serde_json::to_string(json)?.as_bytes())?;
    for svg in svgs {
        archive.start_file(asset_name(svg), options)?;
        archive.write_all(svg.as_bytes())?;
    }
    Ok(archive.finish()?.into_inner())
}

/// Writes a `.sb3` project archive.
pub fn write_sb3(path: &Path, project: &serde_json::Value) -> Result<()> {
    let bytes = zip_bytes("project.json", project, &[BACKDROP_SVG, SPRITE_COSTUME_SVG])?;
    write_atomically(path, &bytes).with_context(|| format!("failed to write {}", path.display()))
}

/// Writes a `.sprite3` sprite archive.
pub fn write_sprite3(path: &Path, sprite: &serde_json::Value) -> Result<()> {
    let bytes = zip_bytes("sprite.json", sprite, &[SPRITE_COSTUME_SVG])?;
    write_atomically(path, &bytes).with_context(|| format!("failed to write {}", path.display()))
}
