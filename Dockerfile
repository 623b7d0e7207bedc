# syntax=docker/dockerfile:1
# WhatsPortal Vendor Connect: the release binary and the built site, run as a non-root
# user. Build: `docker build -t whatsportal .` (see docs/operations.md, "Deploying").

# Node.js 20 for the build's npm tools (wasm-opt comes from the end2end packages).
FROM node:20-bookworm-slim AS node

FROM rust:1.95-bookworm AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
WORKDIR /src
COPY . .
# The same tools and build as the test command: wasm-bindgen-cli, the wasm target, the
# end2end npm packages (wasm-opt, esbuild, lightningcss), then the release build with
# brotli and gzip copies of the client files.
RUN bash -c 'source scripts/lib/common.sh && ensure_rust_tools && ensure_node_tools && build_release'

FROM debian:bookworm-slim
# curl for the health check; ca-certificates for Meta's Graph API and webhook endpoints.
# Unpinned on purpose: the image takes Debian's security updates when it is rebuilt.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 whatsportal \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/whatsportal --create-home whatsportal
WORKDIR /app
COPY --from=build /src/target/release/whatsportal /app/whatsportal
COPY --from=build /src/target/site /app/site
# The client files' hashed names, read from beside the binary (hash.txt: the stylesheet;
# hash-<flow>.txt: each connect page's own module).
COPY --from=build /src/target/release/hash*.txt /app/
ENV WHATSPORTAL_ENV=production \
    WHATSPORTAL_ADDR=0.0.0.0:3000 \
    WHATSPORTAL_SITE_ROOT=/app/site \
    WHATSPORTAL_DATA_DIR=/var/lib/whatsportal \
    DATABASE_URL=sqlite:/var/lib/whatsportal/whatsportal.db \
    WHATSPORTAL_LOG_FORMAT=json
USER 10001:10001
VOLUME ["/var/lib/whatsportal"]
EXPOSE 3000
# SIGTERM drains (/readyz 503) and then stops within the grace period.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:3000/healthz"]
ENTRYPOINT ["/app/whatsportal"]
CMD ["serve"]
