//! Stopping one instance of a fleet without failing a request. On SIGTERM the instance
//! first *drains*: `/readyz` answers 503 while it goes on serving, so the load balancer
//! stops sending it requests. After the drain period it stops accepting connections and
//! finishes the requests in flight; its background workers finish their current round
//! (a webhook attempt under way is completed and recorded). Both are bounded by the
//! grace period, after which the process exits whatever is left.

use std::time::Duration;

use tokio::{sync::watch, task::JoinHandle, time::Instant};

/// How an instance stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShutdownSettings {
    /// How long `/readyz` answers 503 before the listener closes: longer than the load
    /// balancer needs to see the instance as down.
    pub drain: Duration,
    /// The most the requests in flight, and then the background workers, are waited for.
    pub grace: Duration,
}

impl Default for ShutdownSettings {
    fn default() -> Self {
        Self {
            drain: Duration::from_secs(5),
            grace: Duration::from_secs(30),
        }
    }
}

/// What a background worker watches to know it should stop after its current round.
#[derive(Debug, Clone)]
pub struct StopSignal(watch::Receiver<bool>);

impl StopSignal {
    /// Completes once the workers are told to stop (or nobody can tell them any more).
    pub async fn stopped(&mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }

    /// Whether the stop was given: the instance is draining (`/readyz` answers 503).
    pub fn is_stopping(&self) -> bool {
        *self.0.borrow()
    }

    /// Spawns a worker that runs `round` at once and then every `period` until the
    /// stop is given (a round under way is finished first).
    pub fn every<F, Fut>(mut self, period: Duration, mut round: F) -> JoinHandle<()>
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    () = self.stopped() => break,
                }
                round().await;
            }
        })
    }
}

/// Tells every worker holding one of its signals to stop.
#[derive(Debug)]
pub struct Stopper(watch::Sender<bool>);

impl Stopper {
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

pub fn stop_channel() -> (Stopper, StopSignal) {
    let (sender, receiver) = watch::channel(false);
    (Stopper(sender), StopSignal(receiver))
}

/// Waits for the workers until `deadline`; aborts those still running then. Returns how
/// many had to be aborted.
pub async fn join_until(workers: Vec<(&'static str, JoinHandle<()>)>, deadline: Instant) -> usize {
    let mut aborted = 0;
    for (name, mut worker) in workers {
        if tokio::time::timeout_at(deadline, &mut worker)
            .await
            .is_err()
        {
            tracing::warn!(
                worker = name,
                "a background worker overran the grace period"
            );
            worker.abort();
            aborted += 1;
        }
    }
    aborted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_reaches_every_signal() {
        let (stopper, signal) = stop_channel();
        let mut first = signal.clone();
        let mut second = signal;
        stopper.stop();
        tokio::time::timeout(Duration::from_secs(1), async {
            first.stopped().await;
            second.stopped().await;
        })
        .await
        .expect("both signals fire");
    }

    #[tokio::test]
    async fn a_signal_without_its_stopper_counts_as_stopped() {
        let (stopper, mut signal) = stop_channel();
        drop(stopper);
        tokio::time::timeout(Duration::from_secs(1), signal.stopped())
            .await
            .expect("fires");
    }

    #[tokio::test]
    async fn workers_that_overrun_the_deadline_are_aborted() {
        let quick = tokio::spawn(async {});
        let stuck = tokio::spawn(std::future::pending::<()>());
        let deadline = Instant::now() + Duration::from_millis(100);
        let aborted = join_until(vec![("quick", quick), ("stuck", stuck)], deadline).await;
        assert_eq!(aborted, 1);
    }

    #[test]
    fn a_signal_is_stopping_once_the_stop_is_given() {
        let (stopper, signal) = stop_channel();
        assert!(!signal.is_stopping());
        stopper.stop();
        assert!(signal.is_stopping());
    }
}
