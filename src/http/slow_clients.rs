//! Time limits on a request once its head has arrived: its body must arrive whole
//! within `body` (a client trickling a byte at a time holds a connection and a task for
//! nothing), and the answer must be ready within `request`. A late body is answered
//! `408`, a late answer `503` with `Retry-After`, both with the `{"error": ...}` body
//! every API answer has. (Connect steps run on tasks of their own and finish anyway:
//! the page's repeat gets their result.)

use std::{
    future::Future,
    pin::Pin,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    task::{Context, Poll},
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use http_body::{Body as HttpBody, Frame, SizeHint};

use crate::config::RequestLimits;

/// A request body that fails once its deadline has passed, and says so.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
    expired: Arc<AtomicBool>,
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if self.deadline.as_mut().poll(cx).is_ready() {
            self.expired.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(axum::Error::new(
                "the request body did not arrive in time",
            ))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

fn refused(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// The middleware.
pub async fn bound(State(limits): State<RequestLimits>, request: Request, next: Next) -> Response {
    let expired = Arc::new(AtomicBool::new(false));
    let request = request.map(|inner| {
        Body::new(DeadlineBody {
            inner,
            deadline: Box::pin(tokio::time::sleep(limits.body)),
            expired: Arc::clone(&expired),
        })
    });
    let Ok(response) = tokio::time::timeout(limits.request, next.run(request)).await else {
        tracing::warn!("a request took longer than the request time limit");
        let mut response = refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "The request took too long to answer. Please try again.",
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return response;
    };
    if expired.load(Ordering::Relaxed) {
        return refused(
            StatusCode::REQUEST_TIMEOUT,
            "The request body did not arrive in time.",
        );
    }
    response
}
