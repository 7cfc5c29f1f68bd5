//! JSON Schemas of `site.yaml` and of each kind's front matter, generated from the same
//! Rust types the loader deserializes, so that an editor's YAML language server can offer
//! completion and flag mistakes as they type. `portal schema` writes them.

use crate::config::RawConfig;
use crate::content::Section;
use crate::content::model::IndexFront;
use schemars::{Schema, schema_for};
use std::path::{Path, PathBuf};

/// The folder, under the site root, the schemas are written to by default.
pub const SCHEMA_DIR: &str = "schemas";

/// Every schema: (file name, pretty-printed JSON ending with a newline), one per kind of the
/// kinds table (`council.schema.json`) and, for a kind whose translations may leave out a
/// field its own files require, one for its translations (`council.translation.schema.json`:
/// the inherited fields no longer required).
pub fn schemas() -> Vec<(String, String)> {
    let mut all = vec![("site.schema.json".to_string(), render(site(), "site.yaml", &[]))];
    for section in Section::ALL {
        let info = section.info();
        let file = |lang: &str| format!("content/{}/<id>.<{lang}>.md", info.folder);
        let schema = (info.schema)();
        let inherits_required = required(&schema).any(|f| info.inherited.contains(&f));
        let lang = if inherits_required { "default lang" } else { "lang" };
        all.push((format!("{}.schema.json", info.word), render(schema.clone(), &file(lang), &[])));
        if inherits_required {
            let translation = render(schema, &file("other lang"), info.inherited);
            all.push((format!("{}.translation.schema.json", info.word), translation));
        }
    }
    all.push((
        "index.schema.json".into(),
        render(schema_for!(IndexFront), "content/**/_index.<lang>.md", &[]),
    ));
    all
}

/// `site.yaml`'s schema, with each listed kind's section under `sections` (the configuration
/// names only the site's own pages: the kinds are the content stage's).
fn site() -> Schema {
    let mut schema = schema_for!(RawConfig);
    let names = schema.pointer_mut("/$defs/SectionNames/properties").and_then(|p| p.as_object_mut());
    if let Some(names) = names {
        for section in Section::listed() {
            let folder = section.folder();
            let description = format!("Segment of the {folder} section.");
            let property =
                serde_json::json!({"description": description, "type": "string", "default": folder});
            names.insert(folder.into(), property);
        }
        names.sort_keys();
    }
    schema
}

/// The fields a schema requires.
fn required(schema: &Schema) -> impl Iterator<Item = &str> {
    let list = schema.get("required").and_then(serde_json::Value::as_array);
    list.into_iter().flatten().filter_map(serde_json::Value::as_str)
}

fn render(mut schema: Schema, file: &str, inherited: &[&str]) -> String {
    schema.insert("title".into(), format!("portal: {file}").into());
    if let Some(serde_json::Value::Array(required)) = schema.get_mut("required") {
        required.retain(|f| !f.as_str().is_some_and(|f| inherited.contains(&f)));
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every schema into `dir` (of the site at `root`: never through a link out of it);
/// returns the paths written.
pub fn write(root: &Path, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    crate::sources::write_all(root, dir, &schemas())
}
