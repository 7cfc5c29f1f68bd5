//! The base types every stage shares, on a floor of their own (configuration and content
//! both build on them): a language code, a content id, a URL slug and segment, a date.
//! Each is parsed once, so that a later stage never sees an invalid one.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A language code declared in `site.yaml` (`en`, `ro`). Cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Lang(Arc<str>);

impl Lang {
    /// Checks that `s` is a language code: two or more lowercase letters, perhaps with `-`.
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.len() < 2 || !s.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return Err(format!("`{s}` is not a language code"));
        }
        Ok(Self(s.into()))
    }

    /// The code as written in file names and URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of a piece of content, shared by its translations (`ai` for `ai.en.md`, `ai.ro.md`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ContentId(Arc<str>);

/// A URL segment: a page's `slug`, or its id when it has none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Slug(Arc<str>);

impl ContentId {
    /// Checks that `s` is a clean id (lowercase letters, digits, `-`).
    pub fn parse(s: &str) -> Result<Self, String> {
        check_segment(s, "id").map(|()| Self(s.into()))
    }

    /// The id of a section's own text, `_index`.
    pub fn index() -> Self {
        Self("_index".into())
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Slug {
    /// Checks that `s` is one clean URL segment.
    pub fn parse(s: &str) -> Result<Self, String> {
        check_segment(s, "slug").map(|()| Self(s.into()))
    }

    /// The slug as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&ContentId> for Slug {
    fn from(id: &ContentId) -> Self {
        Self(id.0.clone())
    }
}

impl fmt::Display for ContentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deserialization of a type read from a string through its `parse`, whose message is the
/// error's (so that it reaches the editor with the field's line).
macro_rules! parsed_string {
    ($name:ident) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Deserialization (through `parse`) and a JSON Schema for a URL-segment type.
macro_rules! segment_type {
    ($name:ident, $description:literal) => {
        parsed_string!($name);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": MAX_SEGMENT, "description": $description })
            }
        }
    };
}

segment_type!(
    ContentId,
    "The id of a piece of content: its file name without language and .md (lowercase letters, digits, hyphens)."
);
segment_type!(Slug, "This language's URL segment (lowercase letters, digits, hyphens).");

fn check_segment(s: &str, what: &str) -> Result<(), String> {
    if is_segment(s) {
        return Ok(());
    }
    if s.chars().count() > MAX_SEGMENT {
        return Err(format!(
            "{what} `{}`… is {} characters long; one may have at most {MAX_SEGMENT}",
            s.chars().take(40).collect::<String>(),
            s.chars().count()
        ));
    }
    if s.contains(['/', '\\']) || s.contains("..") {
        return Err(format!(
            "{what} `{s}` would write outside public/: use one segment such as `{}`",
            suggest_slug(s)
        ));
    }
    Err(format!(
        "`{s}` is not a valid {what}: use lowercase letters, digits and hyphens, such as `{}`",
        suggest_slug(s)
    ))
}

/// A clean slug close to `s`: transliterated, lowercased, other characters made hyphens.
pub fn suggest_slug(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "page".into() } else { out }
}

/// A country, by its ISO 3166-1 alpha-2 code (`KR`, `BE`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct Country(#[schemars(regex(pattern = "^[A-Z]{2}$"))] String);

impl Country {
    /// Checks that `s` is two capital letters.
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(s.into()))
        } else {
            Err(format!("`{s}` is not a country code: write its two capital letters, such as `KR` or `BE`"))
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

parsed_string!(Country);

/// A language a document is written in, by its ISO 639-1 code (`en`, `ro`, `ko`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct LanguageCode(#[schemars(regex(pattern = "^[a-z]{2}$"))] String);

impl LanguageCode {
    /// Checks that `s` is two small letters.
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(Self(s.into()))
        } else {
            Err(format!(
                "`{s}` is not a language code: write its two small letters, such as `en`, `ro` or `ko`"
            ))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

parsed_string!(LanguageCode);

/// The address of a document on the web: `https://` or `http://`, a host, and no space.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct WebAddress(
    #[schemars(regex(pattern = "^https?://[^\\s/?#]+"))]
    String,
);

impl WebAddress {
    /// Checks that `s` is an `http(s)://` address with a host and nothing a browser would
    /// read otherwise or a reader would not see (spaces, control and invisible formatting
    /// characters, backslashes, a `user@` before the host, a port without a host).
    pub fn parse(s: &str) -> Result<Self, String> {
        let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
        let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        let invisible = |c: char| matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}');
        let clean = !s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\' || invisible(c));
        match host {
            Some(h) if !h.is_empty() && !h.starts_with(':') && !h.contains('@') && clean => {
                Ok(Self(s.into()))
            }
            _ => Err(format!(
                "`{s}` is not a web address: write it whole, from `https://`, as the browser shows it"
            )),
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

parsed_string!(WebAddress);

/// A calendar date, written `YYYY-MM-DD` in front matter — or, when only that much is known
/// (a council planned for "2026"), `YYYY-MM` or `YYYY`. A partial date sorts before the
/// full dates of its month or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12, when known.
    pub month: Option<u8>,
    /// Day of the month, when known.
    pub day: Option<u8>,
}

impl Date {
    /// Whether it is a whole day (not a month or a year): what a calendar can hold.
    pub fn is_day(self) -> bool {
        self.day.is_some()
    }

    /// Parses a real date written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad =
            || format!("`{s}` is not a date written YYYY-MM-DD (or YYYY-MM, or YYYY), such as 2025-11-28");
        let mut parts = s.split('-');
        let year =
            parts.next().filter(|y| y.len() == 4).and_then(|y| y.parse::<u16>().ok()).ok_or_else(bad)?;
        let mut two = || {
            parts
                .next()
                .map(|p| if p.len() == 2 { p.parse::<u8>().map_err(|_| bad()) } else { Err(bad()) })
                .transpose()
        };
        let (month, day) = (two()?, two()?);
        if parts.next().is_some() {
            return Err(bad());
        }
        if let Some(m) = month.filter(|m| !(1..=12).contains(m)) {
            return Err(format!("`{s}` has no month {m}: months go from 01 to 12"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = days_in_month(year, m);
            if d == 0 || d > last {
                return Err(format!("`{s}` does not exist: that month has {last} days"));
            }
        }
        Ok(Self { year, month, day })
    }

    /// The first day the date covers, as `YYYY-MM-DD` (for feeds and sitemaps).
    pub fn first_day(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Whether every day this date may be is before every day `other` may be: `2026` is not
    /// surely before `2026-05-01`, nor after it.
    pub fn surely_before(&self, other: &Date) -> bool {
        let last = (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31));
        let first = (other.year, other.month.unwrap_or(1), other.day.unwrap_or(1));
        last < first
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD, such as 2025-11-28")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date written YYYY-MM-DD, or YYYY-MM, or YYYY when only that is known.",
            "anyOf": [
                { "type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$" },
                { "type": "integer", "minimum": 1000, "maximum": 9999 }
            ]
        })
    }
}

/// Today's date (UTC), from the system clock.
pub fn today() -> Date {
    day_of(std::time::SystemTime::now())
}

/// The calendar day (UTC) of a moment, such as a file's modification time.
pub fn day_of(time: std::time::SystemTime) -> Date {
    let days = time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    civil_from_days(days)
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month: Some(month), day: Some(day) }
}

/// An old URL of a page, which the site keeps as a small page that leads to where the page
/// is now: site-relative, a folder of clean segments (`en/councils/third/`), written in front
/// matter with or without its first and last `/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Alias(Arc<str>);

impl Alias {
    /// Checks that `s` is a path of clean URL segments, and writes it as a folder URL.
    pub fn parse(s: &str) -> Result<Self, String> {
        // A whole address copied from a browser: its path is what is meant.
        let written = s.split_once("://").map_or(s, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
        let path = written.trim_start_matches('/').trim_end_matches('/');
        if path.is_empty() {
            return Err(format!(
                "`{s}` is the site's own address, not an old URL of a page: write the path the page had, such as `/en/old-page/`"
            ));
        }
        let segments: Vec<&str> = path.split('/').collect();
        if written != s || !segments.iter().all(|seg| is_segment(seg)) {
            let kept = segments.iter().filter(|s| !s.is_empty() && !s.chars().all(|c| c == '.'));
            let suggestion: Vec<String> = kept.map(|s| suggest_slug(s)).collect();
            return Err(format!(
                "`{s}` is not an old URL of this site: write its path after the site's address, \
                 of lowercase letters, digits and hyphens, such as `/{}/`",
                suggestion.join("/")
            ));
        }
        Ok(Self(format!("{path}/").into()))
    }

    /// The URL as the site writes it: `en/councils/third/` (no base path).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

parsed_string!(Alias);

impl JsonSchema for Alias {
    fn schema_name() -> Cow<'static, str> {
        "Alias".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^/?[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*/?$",
            "description": "An old URL of the page, after the site's address: `/en/councils/third/`."
        })
    }
}

/// The longest URL segment: a folder's name on every file system takes up to 255 bytes, and
/// an address a reader can read much less.
pub const MAX_SEGMENT: usize = 100;

/// Whether `s` is one clean lowercase URL segment (`a-z`, `0-9`, `-`), as the guide says.
pub fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SEGMENT
        && !s.starts_with('-')
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Where the content manager is published, under the site's address: the editors' page,
/// which no reader is sent to and no page may take.
pub const ADMIN_FOLDER: &str = "admin/";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_longer_than_a_reader_or_a_file_system_takes_is_refused() {
        assert!(Slug::parse(&"a".repeat(MAX_SEGMENT)).is_ok());
        let error = Slug::parse(&"a".repeat(300)).unwrap_err();
        assert!(error.contains("is 300 characters long; one may have at most 100"), "{error}");
    }

    #[test]
    fn an_alias_is_a_folder_of_clean_segments_and_nothing_that_leaves_the_site() {
        assert_eq!(
            Alias::parse("/en/councils/third/").map(|a| a.as_str().to_string()),
            Ok("en/councils/third/".into())
        );
        assert_eq!(
            Alias::parse("ro/consilii/al-treilea").map(|a| a.as_str().to_string()),
            Ok("ro/consilii/al-treilea/".into())
        );
        for bad in
            ["", "/", "../etc/", "/en/../x/", "en//x/", "en/Councils/", "https://example.org/x/", "en/x.html"]
        {
            let message = Alias::parse(bad).expect_err(bad);
            assert!(message.contains("not an old URL"), "{bad}: {message}");
        }
        // The hint is the path meant, never a mangled host or `//`.
        let message = Alias::parse("https://example.org/en/old/").unwrap_err();
        assert!(message.contains("such as `/en/old/`"), "{message}");
        assert!(Alias::parse("/").unwrap_err().contains("the site's own address"));
    }

    #[test]
    fn a_web_address_is_whole_visible_and_names_its_host() {
        for good in
            ["https://example.org", "http://example.org/a?b#c", "https://digital-strategy.ec.europa.eu/en/x"]
        {
            assert!(WebAddress::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "www.example.org",
            "javascript:alert(1)",
            "https://",
            "https://:80/x",
            "https://user@example.org/",
            "https://exa mple.org",
            "https://example.org/\u{202e}gpj",
            "https://example.org/\u{200b}",
            "https:\\\\example.org",
        ] {
            assert!(WebAddress::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn civil_dates_from_days_since_the_epoch() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(19_324).to_string(), "2022-11-28");
        assert_eq!(civil_from_days(20_420).to_string(), "2025-11-28");
        assert_eq!(civil_from_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn a_partial_date_is_surely_before_only_what_follows_all_its_days() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert!(d("2025-12-31").surely_before(&d("2026")));
        assert!(!d("2026").surely_before(&d("2026-05-01")) && !d("2026-05-01").surely_before(&d("2026")));
        assert!(
            d("2026-04").surely_before(&d("2026-05-01")) && !d("2026-05").surely_before(&d("2026-05-01"))
        );
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").unwrap_err().contains("28 days"));
        assert!(Date::parse("2023-13-01").unwrap_err().contains("no month 13"));
        assert!(Date::parse("30 June 2023").is_err());
        assert!(Date::parse("2023-6-30").is_err());
        assert_eq!(Date::parse("2026").unwrap().to_string(), "2026");
        assert_eq!(Date::parse("2022-05").unwrap().to_string(), "2022-05");
        assert!(Date::parse("2026").unwrap() < Date::parse("2026-01-01").unwrap());
    }

    #[test]
    fn ids_that_escape_the_output_are_refused_with_a_suggestion() {
        let e = Slug::parse("../../etc").unwrap_err();
        assert!(e.contains("outside public/"), "{e}");
        assert!(e.contains("`etc`"), "{e}");
        assert_eq!(suggest_slug("Inteligență Artificială"), "inteligenta-artificiala");
    }

    #[test]
    fn ids_are_lowercase_letters_digits_and_hyphens_as_the_guide_says() {
        assert!(ContentId::parse("quantum-2").is_ok());
        let e = ContentId::parse("quantum_2").unwrap_err();
        assert!(e.contains("such as `quantum-2`"), "{e}");
        assert!(Slug::parse("-x").is_err() && Slug::parse("X").is_err() && Slug::parse("").is_err());
    }
}
