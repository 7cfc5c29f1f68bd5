//! The site for machines: the open data (a JSON file per kind and language, each with its
//! published JSON Schema), the calendars of councils (RFC 5545: one per language, one per
//! council) and each page's structured data (schema.org JSON-LD). All are views of the
//! same typed entries the pages are rendered from, written straight from Rust.

use super::context::Views;
use crate::config::{Language, Licence};
use crate::content::kinds::{CouncilFront, DomainFront, MilestoneFront, Status};
use crate::content::model::{Date, Source};
use crate::content::{Entry, EntryId, Section};
use crate::graph::LangGraph;
use crate::urls::{self, Dataset};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

/// The JSON Schema that a kind's open data files follow, pretty-printed.
pub fn schema(dataset: Dataset) -> String {
    let mut schema = match dataset {
        Dataset::Councils => schemars::schema_for!(File<CouncilRecord>),
        Dataset::Domains => schemars::schema_for!(File<DomainRecord>),
        Dataset::Milestones => schemars::schema_for!(File<MilestoneRecord>),
    };
    schema.insert("title".into(), format!("portal open data: {}", dataset.name()).into());
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// One open data file: what it is, in which language, under which licence, and its records.
#[derive(Serialize, JsonSchema)]
pub struct File<R> {
    /// The language of its texts (`en`, `ro`).
    pub language: String,
    /// The licence of the data, when the site states one.
    pub licence: Option<Licence>,
    /// Who grants the licence: the site's publisher, once `site.yaml` names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licensor: Option<String>,
    /// The URL of this file's JSON Schema.
    pub schema: String,
    /// The records, in the order of the site's lists.
    pub records: Vec<R>,
}

/// A council, as the open data gives it.
#[derive(Serialize, JsonSchema)]
pub struct CouncilRecord {
    /// Its id, shared by its translations and stable across builds.
    pub id: String,
    /// 1 for the first council.
    pub number: u32,
    /// Its title in this language.
    pub title: String,
    /// ISO 8601: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` while only that is known.
    pub date: String,
    /// `held` or `planned`.
    pub status: Status,
    /// The city, as this language writes it.
    pub location: String,
    /// ISO 3166-1 alpha-2 code of the country, when stated.
    pub country: Option<String>,
    /// The co-chairs.
    pub chairs: Vec<ChairRecord>,
    /// What was agreed, per domain it discussed (`text` is Markdown; `null` where nothing
    /// specific is recorded).
    pub commitments: Vec<CommitmentRecord>,
    /// One or two sentences.
    pub summary: String,
    /// The documents its facts come from (`title`, `language`, and where known `publisher`,
    /// `date`, `url`).
    pub sources: Vec<Source>,
    /// The council's page.
    pub url: String,
}

/// A co-chair.
#[derive(Serialize, JsonSchema)]
pub struct ChairRecord {
    /// Full name.
    pub name: String,
    /// Office at the time.
    pub role: String,
}

/// What one council agreed on one domain.
#[derive(Serialize, JsonSchema)]
pub struct CommitmentRecord {
    /// The domain's id.
    pub domain: String,
    /// The agreed text, in Markdown, or `null`.
    pub text: Option<String>,
}

/// A domain of cooperation.
#[derive(Serialize, JsonSchema)]
pub struct DomainRecord {
    /// Its id.
    pub id: String,
    /// Its title in this language.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// Ids of related domains.
    pub related: Vec<String>,
    /// Ids of the councils that discussed it, oldest first.
    pub councils: Vec<String>,
    /// The documents its facts come from (`title`, `language`, and where known `publisher`,
    /// `date`, `url`).
    pub sources: Vec<Source>,
    /// Its page.
    pub url: String,
}

/// A milestone.
#[derive(Serialize, JsonSchema)]
pub struct MilestoneRecord {
    /// Its id.
    pub id: String,
    /// Its title in this language.
    pub title: String,
    /// ISO 8601, as precise as known.
    pub date: String,
    /// One or two sentences.
    pub summary: String,
    /// The documents its facts come from (`title`, `language`, and where known `publisher`,
    /// `date`, `url`).
    pub sources: Vec<Source>,
    /// Its page.
    pub url: String,
}

/// The open data file of `dataset` in `lang`, pretty-printed JSON.
pub fn dataset(views: &Views, lang: &Language, g: &LangGraph, dataset: Dataset) -> Vec<u8> {
    match dataset {
        Dataset::Councils => file(
            views,
            lang,
            dataset,
            g.items(Section::Councils).iter().filter_map(|&i| council_record(views, i)),
        ),
        Dataset::Domains => file(
            views,
            lang,
            dataset,
            g.items(Section::Domains).iter().filter_map(|&i| domain_record(views, i)),
        ),
        Dataset::Milestones => {
            let ids = g.items(Section::Milestones).iter();
            file(views, lang, dataset, ids.filter_map(|&i| milestone_record(views, i)))
        }
    }
}

fn file<R: Serialize>(
    views: &Views,
    lang: &Language,
    dataset: Dataset,
    records: impl Iterator<Item = R>,
) -> Vec<u8> {
    let config = views.config;
    let file = File {
        language: lang.code.to_string(),
        licence: config.licence.clone(),
        licensor: config.publisher.as_ref().map(|p| p.name_in(&lang.code).to_string()),
        schema: config.base_url.absolute(&urls::data_schema(dataset.name())),
        records: records.collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn page_url(views: &Views, e: &Entry) -> String {
    views.config.base_url.absolute(&e.url)
}

fn council_record(views: &Views, i: EntryId) -> Option<CouncilRecord> {
    let e = views.graph.entry(i);
    let c = e.meta.get::<CouncilFront>()?;
    Some(CouncilRecord {
        id: e.key.id.to_string(),
        number: c.number,
        title: c.title.clone(),
        date: c.date.to_string(),
        status: c.status,
        location: c.location.clone(),
        country: c.country.as_ref().map(ToString::to_string),
        chairs: c
            .chairs
            .iter()
            .map(|ch| ChairRecord { name: ch.name.clone(), role: ch.role.clone() })
            .collect(),
        commitments: c
            .domains
            .iter()
            .map(|d| CommitmentRecord { domain: d.to_string(), text: c.commitments.get(d).cloned() })
            .collect(),
        summary: c.summary.clone(),
        sources: c.sources.clone(),
        url: page_url(views, e),
    })
}

fn domain_record(views: &Views, i: EntryId) -> Option<DomainRecord> {
    let e = views.graph.entry(i);
    let d = e.meta.get::<DomainFront>()?;
    let links = &views.graph.links[i];
    Some(DomainRecord {
        id: e.key.id.to_string(),
        title: d.title.clone(),
        summary: d.summary.clone(),
        related: links.related.iter().map(|&r| views.graph.entry(r).key.id.to_string()).collect(),
        councils: links.councils.iter().rev().map(|&c| views.graph.entry(c).key.id.to_string()).collect(),
        sources: d.sources.clone(),
        url: page_url(views, e),
    })
}

fn milestone_record(views: &Views, i: EntryId) -> Option<MilestoneRecord> {
    let e = views.graph.entry(i);
    let m = e.meta.get::<MilestoneFront>()?;
    Some(MilestoneRecord {
        id: e.key.id.to_string(),
        title: m.title.clone(),
        date: m.date.to_string(),
        summary: m.summary.clone(),
        sources: m.sources.clone(),
        url: page_url(views, e),
    })
}

/// One calendar: every council of `lang` with a full date (the others are counted in the
/// calendar's description), or, with `only`, that council alone. RFC 5545: CRLF line ends,
/// lines folded at 75 octets, all-day events, a `UID` shared by a council's translations.
pub fn calendar(views: &Views, lang: &Language, councils: &[EntryId], name: &str, note: &str) -> Vec<u8> {
    let dated = dated(views, councils);
    let left_out = councils.len() - dated.len();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!(
            "PRODID:-//portal//{}//{}",
            text(views.config.title.get(&lang.code).map_or("", String::as_str)),
            lang.code.as_str().to_uppercase()
        ),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", text(name)),
        format!("X-WR-CALDESC:{}", text(&note.replace("{n}", &left_out.to_string()))),
    ];
    for i in dated {
        lines.extend(event(views, views.graph.entry(i)));
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::with_capacity(lines.len() * 60);
    for line in lines {
        fold(&line, &mut out);
    }
    out.into_bytes()
}

fn event(views: &Views, e: &Entry) -> Vec<String> {
    let Some(c) = e.meta.get::<CouncilFront>() else { return Vec::new() };
    let host = views.config.base_url.host();
    let day = compact(c.date);
    let stamp = e.updated().filter(|u| u.is_day()).unwrap_or(c.date);
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:council-{}@{host}", e.key.id),
        format!("DTSTAMP:{}T000000Z", compact(stamp)),
        format!("DTSTART;VALUE=DATE:{day}"),
        format!("DTEND;VALUE=DATE:{}", compact(next_day(c.date))),
        format!("SUMMARY:{}", text(&c.title)),
    ];
    let place = match &c.country {
        Some(country) => format!("{}, {country}", c.location),
        None => c.location.clone(),
    };
    lines.push(format!("LOCATION:{}", text(&place)));
    lines.push(format!("URL;VALUE=URI:{}", page_url(views, e)));
    lines.push(format!("DESCRIPTION:{}", text(&c.summary)));
    lines.push("END:VEVENT".to_string());
    lines
}

/// `YYYYMMDD`.
fn compact(date: Date) -> String {
    date.first_day().replace('-', "")
}

/// The day after a full date (an all-day event ends, exclusively, the next day).
fn next_day(date: Date) -> Date {
    let (year, month, day) = (date.year, date.month.unwrap_or(1), date.day.unwrap_or(1));
    let next = Date { year, month: Some(month), day: Some(day + 1) };
    if Date::parse(&next.to_string()).is_ok() {
        return next;
    }
    match month {
        12 => Date { year: year + 1, month: Some(1), day: Some(1) },
        m => Date { year, month: Some(m + 1), day: Some(1) },
    }
}

/// An iCalendar TEXT value: backslash, `;`, `,` and line breaks escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (never inside a character), each part ended by CRLF
/// and each continuation starting with a space.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// What a page's `<head>` tells machines: its share card and its structured data.
pub struct HeadTags<'a> {
    /// The page's own title (without the site's).
    pub title: &'a str,
    /// At most 160 characters.
    pub description: &'a str,
    /// `article` or `website`.
    pub kind: &'a str,
    /// The page's absolute URL.
    pub url: &'a str,
    /// The site's title in the page's language.
    pub site_name: &'a str,
    /// The share image.
    pub image: Option<ShareImage<'a>>,
    /// `en_GB`, `ro_RO`.
    pub locale: &'a str,
    /// The locales of the page's translations.
    pub alternates: &'a [&'a str],
    /// The JSON-LD, from [`structured_data`].
    pub structured_data: &'a str,
}

/// A page's share image: the site's card, or the page's own picture.
#[derive(Debug, Clone, Copy)]
pub struct ShareImage<'a> {
    /// Its absolute URL.
    pub url: &'a str,
    /// Its width and height in pixels, when known.
    pub size: Option<(u32, u32)>,
    /// What it shows.
    pub alt: &'a str,
}

/// The Open Graph and Twitter card tags and the JSON-LD script of a page, as HTML: written
/// here once per page rather than through a template (a partial of twenty lookups costs
/// more than the page's other head).
pub fn head_tags(t: &HeadTags) -> String {
    let mut out = String::with_capacity(1024 + t.structured_data.len());
    let mut tag = |attribute: &str, name: &str, content: &str| {
        out.push_str("<meta ");
        out.push_str(attribute);
        out.push_str("=\"");
        out.push_str(name);
        out.push_str("\" content=\"");
        crate::text::escape_attribute(content, &mut out);
        out.push_str("\">\n");
    };
    tag("property", "og:type", t.kind);
    tag("property", "og:title", t.title);
    tag("property", "og:description", t.description);
    tag("property", "og:url", t.url);
    tag("property", "og:site_name", t.site_name);
    tag("property", "og:locale", t.locale);
    for alternate in t.alternates {
        tag("property", "og:locale:alternate", alternate);
    }
    if let Some(image) = t.image {
        tag("property", "og:image", image.url);
        if let Some((width, height)) = image.size {
            tag("property", "og:image:width", &width.to_string());
            tag("property", "og:image:height", &height.to_string());
        }
        tag("property", "og:image:alt", image.alt);
    }
    tag("name", "twitter:card", if t.image.is_some() { "summary_large_image" } else { "summary" });
    tag("name", "twitter:title", t.title);
    tag("name", "twitter:description", t.description);
    if let Some(image) = t.image {
        tag("name", "twitter:image", image.url);
        tag("name", "twitter:image:alt", image.alt);
    }
    out.push_str("<script type=\"application/ld+json\">");
    out.push_str(t.structured_data);
    out.push_str("</script>");
    out
}

/// One step of a page's breadcrumbs.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    /// The page's title.
    pub title: String,
    /// Its URL, with the base path.
    pub url: String,
}

/// What a page is about, for its structured data.
pub enum Subject<'a> {
    /// A content page (a council is an `Event`).
    Entry(EntryId),
    /// The language's home page: the `WebSite`.
    Site,
    /// Any other page: a `WebPage` with this name, at this site-relative URL.
    Page(&'a str, &'a str),
    /// The open data page, a `WebPage` like the others, and a `Dataset` for each file it
    /// offers.
    Data(&'a str, &'a str, Vec<DataFile>),
}

/// One open data file as its page offers it (and describes it to search engines as a
/// schema.org `Dataset` with its download).
pub struct DataFile {
    /// The kind whose records it holds; `None` for the calendar of councils.
    pub dataset: Option<Dataset>,
    /// Its name on the page.
    pub title: String,
    /// What its records hold (the line under it on the page).
    pub description: String,
    /// Its site-relative URL.
    pub url: String,
    /// Its media type.
    pub format: &'static str,
}

/// The files the open data page of `lang` offers, each named and described by the UI
/// strings `ui` gives: a JSON file of each kind, and the calendar of councils.
pub fn data_files(views: &Views, lang: &Language, ui: impl Fn(&str) -> String) -> Vec<DataFile> {
    let file = |dataset, key: &str, url, format| DataFile {
        dataset,
        title: ui(key),
        description: ui(&format!("{key}_data")),
        url,
        format,
    };
    let json = |d: &Dataset| file(Some(*d), d.name(), urls::dataset(lang, d.name()), "application/json");
    let mut files: Vec<DataFile> = Dataset::ALL.iter().map(json).collect();
    files.push(file(None, "calendar", urls::calendar(views.config, lang), "text/calendar"));
    files
}

/// The councils among `councils` whose day is known: those a calendar holds.
pub fn dated(views: &Views, councils: &[EntryId]) -> Vec<EntryId> {
    councils.iter().copied().filter(|&i| views.graph.entry(i).date().is_some_and(Date::is_day)).collect()
}

/// A `Dataset` node of a data page at `page` (absolute), under the site's licence and
/// publisher where `site.yaml` names them.
fn dataset_node(
    config: &crate::config::Config,
    lang: &Language,
    page: &str,
    file: &DataFile,
    publisher: Option<&Value>,
) -> Value {
    let site = config.title.get(&lang.code).map_or("", String::as_str);
    let download = config.base_url.absolute(&file.url);
    let mut node = json!({
        "@type": "Dataset",
        "name": format!("{site} · {}", file.title),
        "description": file.description,
        "url": page,
        "inLanguage": lang.code.as_str(),
        "isAccessibleForFree": true,
        "distribution": [{ "@type": "DataDownload", "encodingFormat": file.format, "contentUrl": download }],
    });
    if let Some(licence) = &config.licence {
        node["license"] = json!(licence.url);
    }
    // Who publishes it, not who made it: site.yaml says only the first.
    if let Some(id) = publisher {
        node["publisher"] = id.clone();
    }
    node
}

/// The structured data of a page: the site's publisher on every page (when `site.yaml`
/// names one), and what the page is about (a council's `Event`, the open data page's
/// `Dataset`s); as JSON, ready for a `<script type="application/ld+json">`.
pub fn structured_data(views: &Views, lang: &Language, subject: Subject, trail: &[Crumb]) -> String {
    let config = views.config;
    let home = config.base_url.absolute(&urls::home(&lang.code));
    let title = config.title.get(&lang.code).cloned().unwrap_or_default();
    // The publisher `site.yaml` names, or none: the site never makes one up.
    let publisher = config.publisher.as_ref().map(|p| {
        let mut organization = json!({
            "@type": "Organization",
            "@id": format!("{home}#publisher"),
            "name": p.name_in(&lang.code),
        });
        if let Some(website) = &p.website {
            organization["url"] = json!(website);
        }
        organization
    });
    let publisher_id = publisher.as_ref().map(|_| json!({ "@id": format!("{home}#publisher") }));
    let page = |kind: &str, name: &str, url: String| {
        let mut page = json!({ "@type": kind, "name": name, "url": url, "inLanguage": lang.code.as_str() });
        if let Some(id) = &publisher_id {
            page["publisher"] = id.clone();
        }
        page
    };
    let about = match subject {
        Subject::Entry(i) => {
            let e = views.graph.entry(i);
            let mut about = if e.meta.is::<CouncilFront>() {
                council_event(views, lang, e, publisher_id.as_ref())
            } else {
                page("WebPage", e.title().unwrap_or(&title), page_url(views, e))
            };
            if let Some(picture) = &views.graph.rendered[i].picture {
                about["image"] = json!(picture.absolute);
            }
            // A council's documents are about it; another page cites its own.
            let sources = e.meta.front().sources();
            if !sources.is_empty() {
                let property = if e.meta.is::<CouncilFront>() { "subjectOf" } else { "citation" };
                about[property] = json!(sources.iter().map(creative_work).collect::<Vec<_>>());
            }
            about
        }
        Subject::Site => page("WebSite", &title, home.clone()),
        Subject::Page(name, url) | Subject::Data(name, url, _) => {
            page("WebPage", name, config.base_url.absolute(url))
        }
    };
    let mut graph: Vec<Value> = publisher.into_iter().chain([about]).collect();
    if let Subject::Data(_, url, files) = &subject {
        let at = config.base_url.absolute(url);
        graph.extend(files.iter().map(|f| dataset_node(config, lang, &at, f, publisher_id.as_ref())));
    }
    if !trail.is_empty() {
        let items: Vec<Value> = trail
            .iter()
            .enumerate()
            .map(|(i, c)| {
                json!({ "@type": "ListItem", "position": i + 1, "name": c.title, "item": config.base_url.origin_join(&c.url) })
            })
            .collect();
        graph.push(json!({ "@type": "BreadcrumbList", "itemListElement": items }));
    }
    let data = json!({ "@context": "https://schema.org", "@graph": graph });
    crate::text::json_for_script(&data)
}

/// A cited document as schema.org's `CreativeWork`, with only what is known of it.
fn creative_work(source: &Source) -> Value {
    let mut work = json!({
        "@type": "CreativeWork",
        "name": source.title,
        "inLanguage": source.language.as_str(),
    });
    if let Some(publisher) = &source.publisher {
        work["publisher"] = json!({ "@type": "Organization", "name": publisher });
    }
    if let Some(date) = source.date {
        work["datePublished"] = json!(date.to_string());
    }
    if let Some(url) = &source.url {
        work["url"] = json!(url.as_str());
    }
    work
}

fn council_event(views: &Views, lang: &Language, e: &Entry, publisher: Option<&Value>) -> Value {
    let Some(c) = e.meta.get::<CouncilFront>() else { return Value::Null };
    let partners = views.config.partners.get(&lang.code).cloned().unwrap_or_default();
    let organizers: Vec<Value> =
        partners.iter().map(|p| json!({ "@type": "GovernmentOrganization", "name": p })).collect();
    let mut address = json!({ "@type": "PostalAddress", "addressLocality": c.location });
    if let Some(country) = &c.country {
        address["addressCountry"] = json!(country.to_string());
    }
    let mut event = json!({
        "@type": "Event",
        "name": c.title,
        "description": c.summary,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": { "@type": "Place", "name": c.location, "address": address },
        "organizer": organizers,
        "inLanguage": lang.code.as_str(),
        "url": page_url(views, e),
    });
    if let Some(publisher) = publisher {
        event["publisher"] = publisher.clone();
    }
    // A council planned for "2026" has no start date to give, and so no schedule to claim.
    if c.date.is_day() {
        event["startDate"] = json!(c.date.to_string());
        event["eventStatus"] = json!("https://schema.org/EventScheduled");
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_text_is_escaped_and_lines_fold_at_75_octets_between_characters() {
        assert_eq!(text("Seoul, Korea; a\\b\nc"), "Seoul\\, Korea\\; a\\\\b\\nc");
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "ș".repeat(60));
        fold(&line, &mut out);
        for part in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn an_all_day_event_ends_the_next_day_across_months_and_years() {
        let d = |s: &str| next_day(Date::parse(s).unwrap()).to_string();
        assert_eq!(d("2025-11-28"), "2025-11-29");
        assert_eq!(d("2024-02-29"), "2024-03-01");
        assert_eq!(d("2025-12-31"), "2026-01-01");
    }
}
