//! `portal`: a static site generator for the EU–Republic of Korea Digital Partnership portal.
//!
//! The build is a chain of stages, each a module with one entry point that returns a new
//! value: [`urls::load_config`] (`site.yaml`, its section names checked against the kinds) →
//! [`content::load`] ([`content::Corpus`]) → [`markdown::render`]
//! (beside it [`graph::relate`], which needs no Markdown) → [`graph::build`]
//! ([`graph::SiteGraph`]) → [`render::render`] ([`render::RenderedSite`], or each file
//! handed to a [`render::FileSink`]) → [`output::Staging`] (the next state of the output
//! folder, swapped in whole). [`pipeline`] runs the stages for `check` and `serve`;
//! [`build::build`] is the whole `build` command around them.

// Every word to the terminal goes through `console` (`say!`, `tell!`): `println!` panics
// on a closed pipe or a full disk.
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]

pub mod base;
pub mod build;
pub mod cms;
pub mod config;
pub mod console;
pub mod content;
pub mod diagnostics;
pub mod graph;
pub mod history;
pub mod images;
pub mod lang;
pub mod markdown;
pub mod media;
pub mod output;
pub mod pipeline;
pub mod rename;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod sources;
pub mod text;
pub mod typography;
pub mod unchanged;
pub mod urls;
pub mod yaml;
