//! JSON Schemas of `site.yaml` and of each kind's front matter, generated from the same
//! Rust types the loader deserializes, so that an editor's YAML language server can offer
//! completion and flag mistakes as they type. `portal schema` writes them.

use crate::config::RawConfig;
use crate::content::Section;
use crate::content::model::{CouncilFront, DomainFront, IndexFront, MilestoneFront, PageFront};
use schemars::{JsonSchema, schema_for};
use std::path::{Path, PathBuf};

/// The folder, under the site root, the schemas are written to by default.
pub const SCHEMA_DIR: &str = "schemas";

/// Every schema: (file name, pretty-printed JSON ending with a newline).
/// A translation's schema is its kind's with the inherited fields no longer required.
pub fn schemas() -> Vec<(&'static str, String)> {
    let of = |s: Section| s.info().inherited;
    vec![
        ("site.schema.json", render::<RawConfig>("site.yaml", &[])),
        ("council.schema.json", render::<CouncilFront>("content/councils/<id>.<default lang>.md", &[])),
        (
            "council.translation.schema.json",
            render::<CouncilFront>("content/councils/<id>.<other lang>.md", of(Section::Councils)),
        ),
        ("domain.schema.json", render::<DomainFront>("content/domains/<id>.<lang>.md", &[])),
        ("milestone.schema.json", render::<MilestoneFront>("content/milestones/<id>.<default lang>.md", &[])),
        (
            "milestone.translation.schema.json",
            render::<MilestoneFront>("content/milestones/<id>.<other lang>.md", of(Section::Milestones)),
        ),
        ("page.schema.json", render::<PageFront>("content/pages/<id>.<lang>.md", &[])),
        ("index.schema.json", render::<IndexFront>("content/**/_index.<lang>.md", &[])),
    ]
}

fn render<T: JsonSchema>(file: &str, inherited: &[&str]) -> String {
    let mut schema = schema_for!(T);
    schema.insert("title".into(), format!("portal: {file}").into());
    if let Some(serde_json::Value::Array(required)) = schema.get_mut("required") {
        required.retain(|f| !f.as_str().is_some_and(|f| inherited.contains(&f)));
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every schema into `dir`; returns the paths written.
pub fn write(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    crate::sources::write_all(dir, &schemas())
}
