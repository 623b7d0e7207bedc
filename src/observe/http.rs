//! Requests by route (the route's pattern, e.g. `/api/vendor/workspaces/{externalId}`,
//! never the path itself: paths carry external ids), method and status, with their
//! latency. The outer layer times every request; the route layer, which runs only once a
//! route matched, names the route for it. Requests no route matched count as `unmatched`.

use std::{
    sync::{Arc, Mutex},
    time::Instant,
};

use axum::{
    extract::{MatchedPath, Request},
    middleware::Next,
    response::Response,
};

/// Where the route layer leaves the matched route for the outer layer.
#[derive(Clone, Default)]
struct RouteSlot(Arc<Mutex<Option<String>>>);

/// The outer layer: around everything, so refusals before routing count too.
pub async fn track(mut request: Request, next: Next) -> Response {
    let slot = RouteSlot::default();
    request.extensions_mut().insert(slot.clone());
    let method = super::record::method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let route = slot
        .0
        .lock()
        .ok()
        .and_then(|mut route| route.take())
        .unwrap_or_else(|| "unmatched".to_owned());
    super::record::request(route, method, response.status().as_u16(), started.elapsed());
    response
}

/// The route layer: names the matched route.
pub async fn name_route(request: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) = (
        request.extensions().get::<RouteSlot>(),
        request.extensions().get::<MatchedPath>(),
    ) {
        if let Ok(mut route) = slot.0.lock() {
            *route = Some(path.as_str().to_owned());
        }
    }
    next.run(request).await
}
