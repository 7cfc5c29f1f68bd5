//! Who publishes the site, as `site.yaml` names it once: the legal notice, the privacy
//! notice's controller, the accessibility statement's feedback and enforcement, the
//! footer's "Published by", the JSON-LD `publisher`, the feeds' author and the open data's
//! licensor all read it from here. Until it is given, nothing names a publisher, and every
//! check and build says what to write (`check --strict`, the publishing gate, fails).

use super::{DESCRIPTION_CHARS, Declared, Lang, NAME_CHARS, is_contact, longer_than, per_language};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::YamlSource;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `publisher:` in `site.yaml`, as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPublisher {
    /// Its name in every language of the site, e.g. `{ en: …, ro: … }`.
    name: BTreeMap<String, String>,
    /// Its postal address per language (this, or `website`, or both).
    #[serde(default)]
    address: BTreeMap<String, String>,
    /// Its own website (`https://…`).
    #[serde(default)]
    website: Option<String>,
    /// How to reach it about the site: `mailto:…` or `https://…`.
    contact: String,
    /// Where a reader reports an accessibility problem: `mailto:…` or `https://…`.
    accessibility_contact: String,
    /// The body a reader may turn to when the answer to an accessibility request is not
    /// satisfactory (the enforcement procedure of Directive (EU) 2016/2102).
    enforcement: RawEnforcement,
}

/// The enforcement body, as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEnforcement {
    /// Its name in every language of the site.
    name: BTreeMap<String, String>,
    /// Its page (`https://…`).
    url: String,
}

/// The checked publisher.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Publisher {
    /// Its name per language.
    pub name: BTreeMap<Lang, String>,
    /// Its postal address per language (may be empty when it has a website).
    pub address: BTreeMap<Lang, String>,
    /// Its website.
    pub website: Option<String>,
    /// How to reach it.
    pub contact: String,
    /// Where accessibility problems are reported.
    pub accessibility_contact: String,
    /// The enforcement body's name per language.
    pub enforcement_name: BTreeMap<Lang, String>,
    /// The enforcement body's page.
    pub enforcement_url: String,
}

impl Publisher {
    /// Its name in `lang` (every language has one).
    pub fn name_in(&self, lang: &Lang) -> &str {
        self.name.get(lang).map_or("", String::as_str)
    }
}

/// Checks `publisher:`; errors go to `errors`.
pub(crate) fn check(
    raw: RawPublisher,
    languages: Declared,
    src: &YamlSource,
    errors: &mut Diagnostics,
) -> Option<Publisher> {
    let before = errors.error_count();
    let name = per_language("publisher", raw.name, languages, src, errors, true);
    let address = per_language("publisher", raw.address, languages, src, errors, false);
    let enforcement_name = per_language("publisher", raw.enforcement.name, languages, src, errors, true);
    let names = name.values().chain(enforcement_name.values()).map(String::as_str);
    longer_than("publisher", names, NAME_CHARS, src, errors);
    longer_than("publisher", address.values().map(String::as_str), DESCRIPTION_CHARS, src, errors);
    let web = [
        raw.website.as_deref(),
        Some(raw.contact.as_str()),
        Some(raw.accessibility_contact.as_str()),
        Some(raw.enforcement.url.as_str()),
    ];
    longer_than("publisher", web.into_iter().flatten(), DESCRIPTION_CHARS, src, errors);
    let mut fail = |value: &str, message: String, hint: &str| {
        let (line, column) = src.locate("publisher", value);
        errors.push(Diagnostic::error(src.path, message).at(line, column).with_hint(hint));
    };
    let web = |url: &str| url.starts_with("https://") && url.len() > "https://".len();
    for (what, value) in [("contact", &raw.contact), ("accessibility_contact", &raw.accessibility_contact)] {
        if !is_contact(value.trim()) {
            fail(
                value,
                format!("publisher `{what}` `{value}` is neither an e-mail address nor a web page"),
                "write it like mailto:portal@example.eu or https://example.eu/contact",
            );
        }
    }
    if let Some(website) = raw.website.as_deref().filter(|w| !web(w)) {
        fail(
            website,
            format!("publisher `website` `{website}` is not an https:// address"),
            "write it like https://example.eu/",
        );
    }
    if !web(&raw.enforcement.url) {
        let url = &raw.enforcement.url;
        fail(
            url,
            format!("the enforcement body's `url` `{url}` is not an https:// address"),
            "give the page of the body that handles accessibility complaints",
        );
    }
    if raw.website.is_none() && address.is_empty() {
        fail(
            "publisher",
            "the publisher has neither an `address` nor a `website`".into(),
            "add `website: https://…` or `address: { en: …, ro: … }` under `publisher`",
        );
    }
    (errors.error_count() == before).then(|| Publisher {
        name,
        address,
        website: raw.website,
        contact: raw.contact.trim().to_string(),
        accessibility_contact: raw.accessibility_contact.trim().to_string(),
        enforcement_name,
        enforcement_url: raw.enforcement.url,
    })
}

/// The warning of a site that names no publisher: at `site.yaml`, with what to write.
pub fn missing() -> Diagnostic {
    Diagnostic::warning(
        super::CONFIG_FILE,
        "no `publisher` is given: the site names no publisher (no page, feed or data does), and \
         it may not be published so",
    )
    .with_hint(
        "add, with the real facts (ask the site's owner; never invent them):\n\
         publisher:\n  name: { en: …, ro: … }\n  website: https://…\n  contact: mailto:…\n  \
         accessibility_contact: mailto:…\n  enforcement: { name: { en: …, ro: … }, url: https://… }\n\
         `portal check --strict`, which the publishing workflow runs, fails until it is there",
    )
}
