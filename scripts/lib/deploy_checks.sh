# Checks of the deployment files (docs/operations.md, "Deploying"). Sourced after common.sh; needs
# the release binary (systemd-analyze checks that the unit's program runs).

check_deploy_files() {
  log "deployment files: hadolint, haproxy -c, systemd-analyze verify"
  "$HADOLINT" "$ROOT/Dockerfile"
  WHATSPORTAL_BALANCER_BIND=127.0.0.1:8080 WHATSPORTAL_INSTANCE_1=127.0.0.1:3001 \
    WHATSPORTAL_INSTANCE_2=127.0.0.1:3002 WHATSPORTAL_INSTANCE_3=127.0.0.1:3003 \
    haproxy -c -q -f "$ROOT/deploy/haproxy.cfg"
  # The unit as installed, but naming this build's binary (verify runs its checks on it).
  local unit_dir out
  unit_dir=$(mktemp -d)
  sed "s#/opt/whatsportal/whatsportal#$ROOT/target/release/whatsportal#" \
    "$ROOT/deploy/whatsportal.service" >"$unit_dir/whatsportal.service"
  # verify exits 0 on unknown keys and typos: anything it prints is a failure.
  out=$(systemd-analyze verify "$unit_dir/whatsportal.service" 2>&1) || true
  rm -rf "$unit_dir"
  if [ -n "$out" ]; then
    log "systemd-analyze verify deploy/whatsportal.service:"
    printf '%s\n' "$out" >&2
    return 1
  fi
}
