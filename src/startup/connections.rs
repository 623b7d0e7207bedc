//! Accepting and serving connections with the limits an instance reachable from the
//! internet needs: at most `max_connections` at once (further ones wait in the
//! listener's backlog), and a header-read timeout that closes connections whose request
//! head does not arrive in time, silent and idle keep-alive ones included. (The body and
//! whole-request limits are the router's: `http::slow_clients`.)
//!
//! HTTP/1.1 only: the proxies in front speak it to the instances, and a server that
//! also guessed HTTP/2 from the first bytes would wait for those bytes without a limit.
//!
//! On `close`, the listener stops accepting and every connection is asked to finish its
//! request in flight and close; the future ends when all have.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use axum::{extract::ConnectInfo, Router};
use hyper::{body::Incoming, server::conn::http1};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::Semaphore};

use crate::config::ConnectionLimits;
use tower::ServiceExt;

/// Serves `router` on `listener` until `close` completes and the open connections end.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    close: impl Future<Output = ()>,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let builder = Arc::new(builder);
    let places = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(close);
    loop {
        let accepted = tokio::select! {
            () = &mut close => break,
            accepted = accept(&listener, &places) => accepted,
        };
        let Some((stream, peer, place)) = accepted else {
            continue;
        };
        let service =
            router
                .clone()
                .map_request(move |mut request: axum::http::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request
                });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that breaks off or is too slow ends its own connection only.
            if let Err(error) = connection.await {
                tracing::debug!(%error, "a connection ended with an error");
            }
            drop(place);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// The next connection, once a place is free; `None` when accepting failed (the error is
/// logged and the loop goes on after a pause: too many open files must not spin).
async fn accept(
    listener: &TcpListener,
    places: &Arc<Semaphore>,
) -> Option<(
    tokio::net::TcpStream,
    SocketAddr,
    tokio::sync::OwnedSemaphorePermit,
)> {
    let place = Arc::clone(places)
        .acquire_owned()
        .await
        .expect("the connection semaphore is never closed");
    match listener.accept().await {
        Ok((stream, peer)) => {
            let _ = stream.set_nodelay(true);
            Some((stream, peer, place))
        }
        Err(error) => {
            tracing::warn!(%error, "could not accept a connection");
            tokio::time::sleep(Duration::from_millis(100)).await;
            None
        }
    }
}
