//! Every integration test, in one binary: a module per area of the README's promises (one
//! link of the test harness instead of twenty, which is most of a cold `cargo test`).
//! `common` is the fixture helper they share (`Site`, the browser, the static host).

mod common;

mod attacks;
mod bad_input;
mod bounds;
mod build;
mod check;
mod cms;
mod editor;
mod generated;
mod guide;
mod images;
mod incremental;
mod layers;
mod machine;
mod output;
mod publish;
mod renames;
mod search;
mod serve;
mod shipped_site;
mod translations;
