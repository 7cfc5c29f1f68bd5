//! Pagefind's JavaScript and WebAssembly, which read the index in the browser: taken from the
//! `pagefind` crate (which carries them) by letting it index one made-up record, so that the
//! version of what reads the index is the version whose format `bundle` writes. Made once per
//! language and process: they are the same bytes every time.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Pagefind's files for one language, by name in its bundle.
#[derive(Debug)]
pub struct Assets {
    /// Pagefind's version, which its JavaScript checks against the index's.
    pub version: String,
    /// Whether Pagefind has a WebAssembly of this language's own (its stemmer); if not, the
    /// generic one is published and the language is read unstemmed.
    pub own_wasm: bool,
    /// `pagefind.js`, `pagefind-worker.js` and the WebAssembly.
    pub files: Vec<(String, Arc<Vec<u8>>)>,
}

/// The assets made so far in this process, by language. A process-wide memory is sound here:
/// what it holds depends on the language alone and never changes while the program runs.
static MADE: Mutex<BTreeMap<String, Arc<Assets>>> = Mutex::new(BTreeMap::new());

/// Pagefind's files for `lang`. Err if Pagefind fails.
pub fn assets(lang: &str) -> Result<Arc<Assets>, String> {
    if let Some(made) = MADE.lock().unwrap_or_else(|e| e.into_inner()).get(lang) {
        return Ok(made.clone());
    }
    // Pagefind runs a tokio runtime and, inside it, rayon: on a thread of its own, never on
    // one of rayon's workers (which could take other work while it waits, and start a
    // runtime inside the runtime).
    let language = lang.to_string();
    let made = std::thread::spawn(move || make(&language))
        .join()
        .unwrap_or_else(|_| Err("Pagefind stopped unexpectedly".into()))?;
    let made = Arc::new(made);
    MADE.lock().unwrap_or_else(|e| e.into_inner()).insert(lang.to_string(), made.clone());
    Ok(made)
}

fn make(lang: &str) -> Result<Assets, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    let files = runtime.block_on(async {
        let mut index = pagefind::api::PagefindIndex::new(None).map_err(message)?;
        index
            .add_custom_record("/".into(), "portal".into(), lang.into(), None, None, None)
            .await
            .map_err(message)?;
        index.get_files().await.map_err(message)
    })?;
    let named = |name: &str| {
        files.iter().find(|f| f.filename.to_str() == Some(name)).map(|f| Arc::new(f.contents.clone()))
    };
    let entry: serde_json::Value = named("pagefind-entry.json")
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or("Pagefind wrote no entry file")?;
    let version = entry["version"].as_str().ok_or("Pagefind's entry file has no version")?.to_string();
    let own = format!("wasm.{lang}.pagefind");
    let (wasm_name, wasm) = match named(&own) {
        Some(wasm) => (own, wasm),
        None => {
            ("wasm.unknown.pagefind".to_string(), named("wasm.unknown.pagefind").ok_or("no WebAssembly")?)
        }
    };
    let mut out = vec![(wasm_name, wasm)];
    for name in ["pagefind.js", "pagefind-worker.js"] {
        out.push((name.to_string(), named(name).ok_or_else(|| format!("Pagefind wrote no {name}"))?));
    }
    let own_wasm = out[0].0 != "wasm.unknown.pagefind";
    Ok(Assets { version, own_wasm, files: out })
}

/// Pagefind's error with its causes (`{:#}` of its `anyhow` error).
fn message(e: impl std::fmt::Display) -> String {
    format!("{e:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanian_has_its_own_webassembly_and_an_unknown_language_the_generic_one() {
        let ro = assets("ro").unwrap();
        assert!(ro.own_wasm);
        assert!(ro.version.starts_with("1.6."), "{}", ro.version);
        let names: Vec<&str> = ro.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["wasm.ro.pagefind", "pagefind.js", "pagefind-worker.js"]);
        assert!(!assets("ko").unwrap().own_wasm);
        assert!(Arc::ptr_eq(&ro, &assets("ro").unwrap()), "made once");
    }
}
