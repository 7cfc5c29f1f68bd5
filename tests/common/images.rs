//! Pictures for the image tests, drawn when a test runs (the repository holds no binary
//! fixtures): gradients, the same pixels every time.

use super::Site;
use std::path::Path;

/// The `images` layer over the `basic` site, with its pictures drawn: a photo of
/// `photo_width` × 2/3 of it, a turned portrait, a chart and a static picture.
pub fn site_with_images(photo_width: u32) -> Site {
    let site = Site::layered("images");
    let root = site.root();
    picture(&root.join("content/councils/second/signing.jpg"), photo_width, photo_width * 5 / 8);
    turned_photo(&root.join("content/councils/second/portrait.jpg"), 800, 600);
    picture(&root.join("content/domains/chips/projects.png"), 700, 400);
    picture(&root.join("static/images/wafer.png"), 1200, 800);
    site
}

/// Writes a `width` × `height` picture at `path`, in the format its extension names.
pub fn picture(path: &Path, width: u32, height: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, ((x / 8 + y / 8) % 2 * 200) as u8])
    });
    image.save(path).unwrap();
}

/// Writes a JPEG whose pixels are `width` × `height` and whose EXIF says to turn it a
/// quarter clockwise, as a phone writes a portrait photo.
pub fn turned_photo(path: &Path, width: u32, height: u32) {
    picture(path, width, height);
    let jpeg = std::fs::read(path).unwrap();
    // APP1: "Exif", a big-endian TIFF header, one IFD entry: Orientation (0x0112) = 6.
    let mut exif = vec![0xFF, 0xE1, 0, 36];
    exif.extend(b"Exif\0\0MM\0\x2a\0\0\0\x08");
    exif.extend([0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]);
    let mut out = jpeg[..2].to_vec();
    out.extend(exif);
    out.extend(&jpeg[2..]);
    std::fs::write(path, out).unwrap();
}

/// The width and height of the picture in `bytes`, read from its pixels.
pub fn size_of(bytes: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory(bytes).unwrap();
    (image.width(), image.height())
}
