//! Images: a picture beside its page, another page's (`@/`), a static one (`/`) and a
//! page's card picture are published under the sub-path with their sizes, smaller copies
//! and WebP, every URL resolving; copies are encoded once (the cache); and each mistake
//! with an image fails the build at its file and line.

use crate::common;
use common::Site;
use common::images::{picture, size_of};

fn site_with_images() -> Site {
    common::images::site_with_images(1600)
}

/// The `<img>` (with its `<picture>`, if any) of `html` whose alt text is `alt`.
fn img_with_alt<'h>(html: &'h str, alt: &str) -> &'h str {
    let at = html.find(&format!("alt=\"{alt}\"")).unwrap_or_else(|| panic!("no image `{alt}` in {html}"));
    let start = html[..at].rfind("<picture").filter(|&p| !html[p..at].contains("</picture>"));
    let start = start.unwrap_or_else(|| html[..at].rfind("<img").unwrap());
    let end = at + html[at..].find('>').unwrap() + 1;
    let end = if html[start..].starts_with("<picture") { end + "</picture>".len() } else { end };
    &html[start..end]
}

/// Every URL in `src`, `srcset` and `content` attributes of a page that starts with `prefix`.
fn urls_in(html: &str, prefix: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["src=\"", "srcset=\"", "content=\""] {
        for part in html.split(attribute).skip(1) {
            let value = &part[..part.find('"').unwrap()];
            for candidate in value.split(", ") {
                let url = candidate.split(' ').next().unwrap();
                if url.starts_with(prefix) && url.contains("/media/") {
                    urls.push(url.to_string());
                }
            }
        }
    }
    urls
}

#[test]
fn images_in_every_place_get_their_size_smaller_copies_and_webp_under_the_sub_path() {
    let site = site_with_images();
    site.build();
    let html = site.read("en/councils/second/index.html");

    let signing = img_with_alt(&html, "Two people sign a document at a table.");
    assert!(signing.starts_with(
        "<picture><source type=\"image/webp\" srcset=\"/portal/media/councils/second/signing-480."
    ));
    for width in [480, 960, 1440, 1600] {
        assert!(
            signing.contains(&format!(".jpg {width}w")) && signing.contains(&format!(".webp {width}w")),
            "{signing}"
        );
    }
    assert!(signing.contains("<img src=\"/portal/media/councils/second/signing-1600."), "{signing}");
    assert!(
        signing.contains("width=\"1600\" height=\"1000\"") && signing.contains("title=\"Brussels, 2024\"")
    );
    assert!(signing.contains("sizes=\"") && signing.contains("decoding=\"async\""));
    assert!(!signing.contains("loading=\"lazy\""), "the first picture loads at once: {signing}");

    // Another page's picture (`@/`): no copy wider than the original.
    let chart = img_with_alt(&html, "A chart of the research projects per year.");
    assert!(
        chart.contains(".png 480w, /portal/media/domains/chips/projects-700.") && !chart.contains("960w"),
        "{chart}"
    );
    assert!(chart.contains("width=\"700\" height=\"400\" ") && chart.contains("loading=\"lazy\""), "{chart}");

    // A static SVG, decorative: passed through with the size it states and an empty alt.
    let divider = img_with_alt(&html, "");
    assert!(divider.starts_with("<img src=\"/portal/media/images/divider."), "{divider}");
    assert!(
        divider.contains(".svg\" width=\"600\" height=\"8\" alt=\"\"") && !divider.contains("srcset"),
        "{divider}"
    );

    // A phone's portrait photo: turned upright, its size as shown.
    let portrait = img_with_alt(&html, "A portrait photo, taken turned.");
    assert!(portrait.contains("width=\"600\" height=\"800\""), "{portrait}");

    // The translation shows the same files: shared, not copied.
    let ro = site.read("ro/consilii/second/index.html");
    let ro_signing = img_with_alt(&ro, "Două persoane semnează un document la o masă.");
    let src = |img: &str| img.split("<img src=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(src(ro_signing), src(signing));

    // Every URL of every page resolves, and each copy is as wide as its `w` says.
    let mut checked = 0;
    for (path, bytes) in site.tree() {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        let page = page.replace("https://example.org/portal/", "/portal/");
        for url in urls_in(&page, "/portal/") {
            let file = url.strip_prefix("/portal/").unwrap();
            assert!(site.exists(file), "{path} shows {url}, which is not in public/");
            checked += 1;
        }
        for part in page.split("srcset=\"").skip(1) {
            for candidate in part[..part.find('"').unwrap()].split(", ") {
                let (url, width) = candidate.split_once(' ').unwrap();
                let bytes =
                    std::fs::read(site.root().join("public").join(url.strip_prefix("/portal/").unwrap()))
                        .unwrap();
                assert_eq!(format!("{}w", size_of(&bytes).0), width, "{url}");
            }
        }
    }
    assert!(checked > 20, "only {checked} image URLs were found");
    let portrait_file = src(portrait);
    let bytes =
        std::fs::read(site.root().join("public").join(portrait_file.strip_prefix("/portal/").unwrap()))
            .unwrap();
    assert_eq!(size_of(&bytes), (600, 800));
    // Copies carry no EXIF (a photo's camera and place are not published).
    assert!(!bytes.windows(4).any(|w| w == b"Exif"));
}

#[test]
fn a_page_s_card_picture_shows_in_lists_and_as_its_share_image() {
    let site = site_with_images();
    site.build();
    let page = site.read("en/councils/second/index.html");
    assert!(
        page.contains("<meta property=\"og:image\" content=\"https://example.org/portal/media/councils/second/signing-1600."),
        "{page}"
    );
    assert!(
        page.contains("<meta property=\"og:image:alt\" content=\"Two people sign a document at a table.\">")
    );
    let list = site.main_of("en/councils/index.html");
    let card = img_with_alt(&list, "Two people sign a document at a table.");
    assert!(card.contains("loading=\"lazy\"") || card.contains("srcset"), "{card}");
    // The translation takes the picture and writes its own alternative text.
    let ro_list = site.main_of("ro/consilii/index.html");
    assert!(
        img_with_alt(&ro_list, "Două persoane semnează un document la o masă.").contains("signing-1600.")
    );
    // A static picture as a domain's card.
    let chips = site.read("en/domains/chips/index.html");
    assert!(chips.contains("content=\"https://example.org/portal/media/images/wafer-1200."), "{chips}");
    // A page without a picture has the site's share card, which this site has not.
    assert!(!site.read("en/councils/first/index.html").contains("og:image"));
}

#[test]
fn a_second_build_encodes_nothing_and_a_changed_picture_only_its_own_copies() {
    let site = site_with_images();
    let first = site.build();
    let line = |run: &common::Run| {
        run.stdout.lines().find(|l| l.starts_with("Images: ")).unwrap_or_default().to_string()
    };
    // 8 copies of a photo 1600 wide, 4 of the 600 wide portrait, 4 of the 700 wide chart,
    // 6 of the 1200 wide wafer, and the SVG as it is.
    assert!(line(&first).starts_with("Images: 23 copies, 22 encoded now"), "{}", first.stdout);

    // A text edit rebuilds every page; the pictures come from the cache.
    site.write("content/pages/about.en.md", "---\ntitle: About\nsummary: About it.\n---\nChanged.\n");
    let second = site.build();
    assert_eq!(line(&second), "Images: 23 copies, 0 encoded now, the others from .portal-cache/");
    let copies = site.tree();

    // So does a clean copy of the site that keeps the cache.
    let clone = site.copy();
    common::copy_tree(&site.root().join(".portal-cache"), &clone.root().join(".portal-cache"));
    assert_eq!(line(&clone.build()), line(&second));
    assert_eq!(clone.tree(), copies, "copies from the cache are the copies encoded");

    // A changed picture: its own copies only (480, 960, 1200, each in PNG and WebP).
    picture(&site.root().join("static/images/wafer.png"), 1200, 900);
    let third = site.build();
    assert!(line(&third).starts_with("Images: 23 copies, 6 encoded now"), "{}", third.stdout);
}

/// Builds the bad case with the pictures it names drawn, and checks the failure.
fn fails_at(case: &str, files: &[(&str, &[u8])], location: &str) -> String {
    let site = Site::bad(case);
    for (path, bytes) in files {
        let full = site.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        if bytes.is_empty() {
            picture(&full, 64, 48);
        } else {
            std::fs::write(full, bytes).unwrap();
        }
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{case}: expected an error\n{}", run.stderr);
    assert!(!site.exists("index.html"), "{case}: nothing may be written");
    assert!(run.stderr.contains(location), "{case}: stderr does not name {location}:\n{}", run.stderr);
    insta::assert_snapshot!(case, run.stderr);
    run.stderr
}

const TEAM: (&str, &[u8]) = ("content/pages/about/team.jpg", b"");

#[test]
fn a_missing_picture_is_named_at_its_line_with_the_nearest_file() {
    let err = fails_at("image_missing", &[TEAM], "content/pages/about.en.md:7:1");
    assert!(
        err.contains("`content/pages/about/tem.jpg` does not exist")
            && err.contains("did you mean `team.jpg`?")
    );
}

#[test]
fn a_picture_without_alternative_text_is_refused_and_the_decorative_form_named() {
    let err = fails_at("image_without_alt", &[TEAM], "content/pages/about.en.md:7:1");
    assert!(err.contains("has no alternative text") && err.contains("![\"\"](team.jpg)"));
}

#[test]
fn a_picture_in_a_format_portal_does_not_show_is_refused() {
    let err =
        fails_at("image_unsupported", &[("content/pages/about/team.gif", b"GIF89a")], "about.en.md:7:1");
    assert!(err.contains("a `.gif` image, a format portal does not show"), "{err}");
}

#[test]
fn a_broken_picture_file_is_named() {
    let err =
        fails_at("image_broken", &[("content/pages/about/team.jpg", b"not a photo")], "about.en.md:7:1");
    assert!(err.contains("`content/pages/about/team.jpg` is not a valid JPEG image"), "{err}");
}

#[test]
fn a_card_picture_without_image_alt_is_refused_at_its_line() {
    let err = fails_at("image_card_without_alt", &[TEAM], "content/pages/about.en.md:4:8");
    assert!(err.contains("has no `image_alt`"), "{err}");
}

#[test]
fn a_picture_path_may_not_leave_the_page_s_folder() {
    let err = fails_at("image_outside_its_folder", &[], "content/pages/about.en.md:7:1");
    assert!(err.contains("goes up a folder with `..`"), "{err}");
}

#[test]
fn a_picture_replaced_by_another_of_the_same_size_is_published_under_new_names() {
    // Copies are named by a hash of the picture's bytes: a browser or a cache that kept the
    // old copy never shows it for the new picture.
    let site = common::images::site_with_images(800);
    site.build();
    let names = |site: &common::Site| -> std::collections::BTreeSet<String> {
        site.tree().into_keys().filter(|k| k.contains("/signing")).collect()
    };
    let before = names(&site);
    assert!(before.len() > 1, "{before:?}");
    let file = site.root().join("content/councils/second/signing.jpg");
    image::RgbImage::from_pixel(800, 500, image::Rgb([10, 20, 30])).save(&file).unwrap();
    site.build();
    let after = names(&site);
    assert_eq!(after.len(), before.len(), "{before:?} → {after:?}");
    assert!(after.is_disjoint(&before), "a copy kept its name: {before:?} → {after:?}");
    let page = site.read("en/councils/second/index.html");
    for name in &after {
        let file = name.rsplit('/').next().unwrap();
        assert!(page.contains(file), "the page shows {file}");
    }
}

#[test]
fn a_picture_named_in_another_case_is_pointed_to_by_its_own_name() {
    let site = Site::fixture("basic");
    picture(&site.root().join("content/pages/about/Team.JPG"), 64, 48);
    site.write_about("![The team](team.jpg)\n");
    let run = site.run(&["check"]);
    let stderr = run.refused(&["content/pages/about.en.md:5:1"]);
    assert!(
        stderr.contains("did you mean `Team.JPG`? (in content/pages/about/; names are case-sensitive)"),
        "{stderr}"
    );
}
