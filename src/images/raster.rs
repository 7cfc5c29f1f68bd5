//! Raster images' copies, made with the `image`, `fast_image_resize` and `webp` crates (the
//! `images` feature): decoded once, turned upright, resized to each width the picture
//! needs, and encoded in each of its formats.

use super::{Copies, Work, make_cache, store};
use crate::diagnostics::Diagnostic;
use crate::media::{Format, Source, Variant};
use rayon::prelude::*;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// JPEG quality of a photo's copies.
const JPEG_QUALITY: u8 = 82;

/// WebP quality of a photo's copies (a PNG's are lossless).
const WEBP_QUALITY: f32 = 80.0;

/// libwebp's effort, 0 to 6: 2 makes a photo's copy in a third of the default's (4) time,
/// at the same size within a few per cent (measured on a 1920-pixel photo).
const WEBP_METHOD: i32 = 2;

/// The `missing` copies of `source`, encoded now (and kept in the cache).
pub(super) fn copies(work: &Work<'_>, source: &Source, missing: &[&Variant]) -> Result<Copies, Diagnostic> {
    let image = decode(work, source)?;
    let mut widths: Vec<(u32, u32)> = missing.iter().map(|v| (v.width, v.height)).collect();
    widths.dedup();
    // Each width is made once, for both of its formats; the widths in parallel.
    let made: Vec<Copies> = widths
        .par_iter()
        .map(|&(width, height)| {
            let sized = resize(&image, width, height)
                .map_err(|e| Diagnostic::error(&source.path, format!("cannot resize this image: {e}")))?;
            missing
                .iter()
                .filter(|v| v.width == width)
                .map(|v| {
                    let bytes = encode(&sized, v.format, source.format).map_err(|e| {
                        Diagnostic::error(&source.path, format!("cannot make its {width}-pixel copy: {e}"))
                    })?;
                    work.encoded.fetch_add(1, Ordering::Relaxed);
                    if make_cache(work.cache) {
                        store(&work.cache_path(source, v), &bytes);
                    }
                    Ok((v.name.clone(), Arc::new(bytes)))
                })
                .collect()
        })
        .collect::<Result<_, Diagnostic>>()?;
    Ok(made.into_iter().flatten().collect())
}

/// The image's pixels, turned upright.
fn decode(work: &Work<'_>, source: &Source) -> Result<image::DynamicImage, Diagnostic> {
    use image::ImageDecoder;
    let bytes = work.read(source)?;
    let broken = |e: image::ImageError| {
        Diagnostic::error(&source.path, format!("this image cannot be decoded: {e}"))
            .with_hint("open it in an image editor and save it again")
    };
    let format = match source.format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        _ => image::ImageFormat::WebP,
    };
    // The catalog refused pictures over the limit from their headers; the decoder is held
    // to what this one's pixels need (8 bytes each at most) and a header's bound, from its
    // header on: a colour profile packed a thousand to one is not unpacked past it.
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let pixels = source.size.map_or(work.max_pixels, |(w, h)| u64::from(w) * u64::from(h));
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(pixels.min(work.max_pixels).saturating_mul(8) + crate::media::HEADER_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let image = image::DynamicImage::from_decoder(decoder).map_err(broken)?;
    // Eight bits a channel, with alpha only where there is some: what the encoders take.
    // Made before the picture is turned, which copies it: a 16-bit picture turned first
    // held two copies of twice the size (120 million pixels: 1.9 GB).
    let mut image = if image.color().has_alpha() {
        image::DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        image::DynamicImage::ImageRgb8(image.into_rgb8())
    };
    image.apply_orientation(orientation);
    Ok(image)
}

/// `image` at `width` × `height` (itself when it is that size already).
fn resize(
    image: &image::DynamicImage,
    width: u32,
    height: u32,
) -> Result<std::borrow::Cow<'_, image::DynamicImage>, String> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    if image.width() == width && image.height() == height {
        return Ok(std::borrow::Cow::Borrowed(image));
    }
    let mut sized = image::DynamicImage::new(width, height, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    Resizer::new().resize(image, &mut sized, &options).map_err(|e| e.to_string())?;
    Ok(std::borrow::Cow::Owned(sized))
}

/// `image` in `format` (the image's file being in format `own`: a PNG's WebP is lossless).
fn encode(image: &image::DynamicImage, format: Format, own: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            image.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            image.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        Format::Webp => {
            let (w, h) = (image.width(), image.height());
            let encoder = match image {
                image::DynamicImage::ImageRgba8(pixels) => webp::Encoder::from_rgba(pixels.as_raw(), w, h),
                image => webp::Encoder::from_rgb(image.as_bytes(), w, h),
            };
            let mut config = webp::WebPConfig::new().map_err(|()| "libwebp cannot be set up".to_string())?;
            config.lossless = i32::from(own == Format::Png);
            config.quality = WEBP_QUALITY;
            config.method = WEBP_METHOD;
            let memory = encoder.encode_advanced(&config).map_err(|e| format!("WebP: {e:?}"))?;
            out.extend_from_slice(&memory);
        }
        Format::Svg => return Err("an SVG is not encoded".into()),
    }
    Ok(out)
}
