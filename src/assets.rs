//! The client files the release build (scripts/lib/site.sh) puts under `/pkg`: the
//! stylesheet and one wasm module per connect flow. Hashed file names are cached for
//! a year; precompressed `.br` / `.gz` siblings are served when present (the release
//! build makes them), and the compression layer covers everything else. Other files of
//! the site root are served by Leptos' file-and-error fallback.

use std::{
    path::{Path, PathBuf},
    sync::OnceLock,
};

use axum::{
    http::{header, HeaderValue},
    Router,
};
use leptos::config::LeptosOptions;
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use crate::{
    model::{IntegrationType, Named},
    state::AppState,
};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=300";

/// `/pkg/*` and the other files of the site root.
pub fn router(site_root: &Path, hashed: bool) -> Router<AppState> {
    let pkg_cache = if hashed { IMMUTABLE } else { SHORT };
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(site_root.join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ));
    Router::new().nest("/pkg", pkg)
}

/// Whether the site was built with hashed file names: the release build then leaves
/// `hash.txt` beside the server binary, which is where Leptos reads it from.
pub fn hashed_build() -> bool {
    beside_binary("hash.txt").is_some_and(|file| file.is_file())
}

fn beside_binary(name: &str) -> Option<PathBuf> {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)))
}

/// The client module of one connect flow's page, when the release build made one
/// (`build_wasm_module` in scripts/lib/site.sh: `whatsportal-<flow>.<hash>.js` and
/// `.wasm`, their hashes in `hash-<flow>.txt` beside the server binary): the options
/// that make Leptos' `HydrationScripts` load it. Without one (a development build by
/// cargo-leptos) the page loads the module with both flows, as it does when the files the
/// hash file names are not in the site (a later build by cargo-leptos replaced them).
pub fn flow_client(options: &LeptosOptions, flow: IntegrationType) -> LeptosOptions {
    static BUILT: OnceLock<Vec<IntegrationType>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let pkg = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
        IntegrationType::ALL
            .iter()
            .copied()
            .filter(|flow| {
                beside_binary(&hash_file(*flow))
                    .and_then(|file| std::fs::read_to_string(file).ok())
                    .is_some_and(|hashes| module_files_exist(&pkg, *flow, &hashes))
            })
            .collect()
    });
    client_of(built, options, flow)
}

/// Whether the JavaScript and wasm files that `hashes` (a `hash-<flow>.txt`) names are
/// in `pkg`.
fn module_files_exist(pkg: &Path, flow: IntegrationType, hashes: &str) -> bool {
    let named = |kind: &str| {
        hashes.lines().find_map(|line| {
            let (file, hash) = line.split_once(':')?;
            (file.trim() == kind).then(|| hash.trim().to_owned())
        })
    };
    ["js", "wasm"].into_iter().all(|kind| {
        named(kind).is_some_and(|hash| {
            pkg.join(format!("whatsportal-{}.{hash}.{kind}", flow.as_str()))
                .is_file()
        })
    })
}

/// The options for `flow`'s page, given the flows whose modules were built.
fn client_of(
    built: &[IntegrationType],
    options: &LeptosOptions,
    flow: IntegrationType,
) -> LeptosOptions {
    if !options.hash_files || !built.contains(&flow) {
        return options.clone();
    }
    let mut flow_options = options.clone();
    flow_options.output_name = format!("whatsportal-{}", flow.as_str()).into();
    flow_options.hash_file = hash_file(flow).into();
    flow_options
}

fn hash_file(flow: IntegrationType) -> String {
    format!("hash-{}.txt", flow.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(hash_files: bool) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("whatsportal")
            .hash_files(hash_files)
            .build()
    }

    #[test]
    fn a_connect_page_loads_its_flows_module_when_the_build_made_one() {
        let built = [IntegrationType::WhatsApp];
        let whatsapp = client_of(&built, &options(true), IntegrationType::WhatsApp);
        assert_eq!(&*whatsapp.output_name, "whatsportal-whatsapp");
        assert_eq!(&*whatsapp.hash_file, "hash-whatsapp.txt");
        // No module of its own: the one with both flows.
        let pages = client_of(&built, &options(true), IntegrationType::MetaPage);
        assert_eq!(&*pages.output_name, "whatsportal");
        assert_eq!(&*pages.hash_file, &*options(true).hash_file);
        // A build without hashed names (development) has no per-flow modules.
        let unhashed = client_of(&built, &options(false), IntegrationType::WhatsApp);
        assert_eq!(&*unhashed.output_name, "whatsportal");
    }

    #[test]
    fn a_flows_module_counts_only_when_its_files_are_in_the_site() {
        let pkg = tempfile::tempdir().unwrap();
        let hashes = "js: j1\nwasm: w1\n";
        let flow = IntegrationType::MetaPage;
        assert!(!module_files_exist(pkg.path(), flow, hashes));
        std::fs::write(pkg.path().join("whatsportal-meta_page.j1.js"), "").unwrap();
        assert!(!module_files_exist(pkg.path(), flow, hashes));
        std::fs::write(pkg.path().join("whatsportal-meta_page.w1.wasm"), "").unwrap();
        assert!(module_files_exist(pkg.path(), flow, hashes));
        assert!(!module_files_exist(
            pkg.path(),
            IntegrationType::WhatsApp,
            hashes
        ));
        assert!(!module_files_exist(pkg.path(), flow, "js: j1\n"));
    }
}
