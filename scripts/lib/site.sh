# The release build of the site, sourced by common.sh. Plain cargo builds, wasm-bindgen,
# wasm-opt (binaryen), lightningcss and esbuild (the last three from end2end's npm
# packages); no build tool to compile first.
#
# What it leaves, where the server reads it:
# - target/release/whatsportal: the server (features `ssr`);
# - target/site/pkg/whatsportal.<hash>.css: the stylesheet, its hash in
#   target/release/hash.txt (Leptos' `HashedStylesheet` reads it beside the binary);
# - target/site/pkg/whatsportal-<flow>.<hash>.{js,wasm}: the wasm client of each connect
#   flow, the only pages with code for the browser, so a page downloads its own flow's
#   code only; their hashes in target/release/hash-<flow>.txt (`assets::flow_client`
#   picks them for Leptos' `HydrationScripts`). The client with both flows (feature
#   `hydrate` alone) is what a development build serves; a release build has no use for it;
# - target/site/*: the files of public/ (the favicon);
# - a brotli and a gzip copy of every client file, which the server sends as they are.

# Leptos reads LEPTOS_OUTPUT_NAME when the crate is compiled (to name the client's files):
# every build sets the same, so the leptos crates compile once for both wasm modules.
SITE_OUTPUT_NAME=whatsportal
SITE_ROOT="$ROOT/target/site"
SITE_PKG="$SITE_ROOT/pkg"
# Where each step's output waits before it is copied into the site under its hash.
SITE_BUILD="$ROOT/target/site-build"

# The callers install the npm tools first (ensure_node_tools).
build_release() {
  apt_install brotli
  local started=$SECONDS
  rm -rf "$SITE_ROOT" "$SITE_BUILD" && mkdir -p "$SITE_PKG" "$SITE_BUILD"
  log "building the release server"
  (cd "$ROOT" && LEPTOS_OUTPUT_NAME=$SITE_OUTPUT_NAME quiet cargo build --release --locked \
    --bin whatsportal --no-default-features --features ssr)
  build_wasm_module "$SITE_OUTPUT_NAME-whatsapp" only-whatsapp-flow hash-whatsapp.txt
  build_wasm_module "$SITE_OUTPUT_NAME-meta_page" only-pages-flow hash-meta_page.txt
  build_stylesheet "$ROOT/target/release/hash.txt"
  cp -R "$ROOT/public/." "$SITE_ROOT/"
  compress_site_files
  log "release build done in $((SECONDS - started)) s"
}

# site_hash FILE: the first 22 hex digits of FILE's SHA-256, the part of its name that
# changes with its content (the files are cached for a year).
site_hash() { sha256sum "$1" | cut -c1-22; }

# build_wasm_module NAME FEATURE HASH_FILE: the crate's client built with FEATURE, in the
# wasm-release profile (size first), through wasm-bindgen, wasm-opt (Cargo.toml's
# `wasm-opt-features`) and esbuild's minifier, copied to the site as NAME.<hash>.js and
# .wasm; the two hashes go to HASH_FILE beside the server binary.
build_wasm_module() {
  local name=$1 feature=$2 hash_file=$3 out="$SITE_BUILD/$1"
  local opt_flags js_hash wasm_hash
  read -r -a opt_flags < <(sed -n 's/^wasm-opt-features = \[\(.*\)\]/\1/p' "$ROOT/Cargo.toml" | tr -d '",')
  log "building the wasm client $name"
  (cd "$ROOT" && LEPTOS_OUTPUT_NAME=$SITE_OUTPUT_NAME quiet cargo build --lib --locked \
    --target wasm32-unknown-unknown --profile wasm-release --no-default-features --features "$feature")
  mkdir -p "$out"
  quiet wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" \
    "$ROOT/target/wasm32-unknown-unknown/wasm-release/whatsportal.wasm"
  quiet wasm-opt "${opt_flags[@]}" "$out/${name}_bg.wasm" -o "$out/module.wasm"
  quiet esbuild "$out/$name.js" --minify --format=esm --log-level=warning --outfile="$out/module.js"
  # wasm-bindgen's snippets (a dependency's inline JavaScript) are imported by their own
  # names: copied as they are.
  if [ -d "$out/snippets" ]; then cp -R "$out/snippets" "$SITE_PKG/"; fi
  js_hash=$(site_hash "$out/module.js")
  wasm_hash=$(site_hash "$out/module.wasm")
  cp "$out/module.js" "$SITE_PKG/$name.$js_hash.js"
  cp "$out/module.wasm" "$SITE_PKG/$name.$wasm_hash.wasm"
  printf 'js: %s\nwasm: %s\n' "$js_hash" "$wasm_hash" >"$ROOT/target/release/$hash_file"
}

# build_stylesheet HASH_FILE: style/main.css minified by lightningcss for the browsers of
# Cargo.toml's `browserquery`, copied as whatsportal.<hash>.css, its hash written to
# HASH_FILE.
build_stylesheet() {
  local hash_file=$1 out="$SITE_BUILD/$SITE_OUTPUT_NAME.css" query css_hash
  query=$(sed -n 's/^browserquery = "\(.*\)"/\1/p' "$ROOT/Cargo.toml")
  quiet lightningcss --minify --targets "$query" "$ROOT/style/main.css" -o "$out"
  css_hash=$(site_hash "$out")
  cp "$out" "$SITE_PKG/$SITE_OUTPUT_NAME.$css_hash.css"
  printf 'css: %s\n' "$css_hash" >"$hash_file"
}

compress_site_files() {
  local file
  for file in "$SITE_PKG"/*.{wasm,js,css}; do
    [ -f "$file" ] || continue
    brotli -q 11 -k -f "$file"
    gzip -9 -k -f "$file"
  done
}
