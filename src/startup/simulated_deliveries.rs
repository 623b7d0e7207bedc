//! Hands the simulator's own webhook deliveries (after a WhatsApp Business app sync
//! request) to the Meta changes worker, as if Meta had posted them to the app's
//! callback: for the workspace that made the request. The request's id is recorded a
//! moment after the simulator answers it, so a delivery waits for it (up to 10 s).

use std::{sync::Arc, time::Duration};

use tokio::sync::Notify;

use crate::{
    db::Db,
    services::coexistence::sync::take_simulated_delivery,
    simulator::{DeliverySink, SimulatedDelivery},
};

const TRIES: u32 = 100;
const PAUSE: Duration = Duration::from_millis(100);

pub(super) fn sink(db: Db, wake: Arc<Notify>) -> DeliverySink {
    Arc::new(move |delivery: SimulatedDelivery| {
        let (db, wake) = (db.clone(), wake.clone());
        Box::pin(async move {
            for _ in 0..TRIES {
                match take_simulated_delivery(&db, &delivery.request_id, &delivery.body).await {
                    Ok(true) => {
                        wake.notify_one();
                        return;
                    }
                    Ok(false) => {}
                    Err(e) => {
                        crate::db::log_failure(&e, "storing a simulated Meta delivery");
                    }
                }
                tokio::time::sleep(PAUSE).await;
            }
            tracing::warn!("a simulated Meta delivery found no workspace that asked for it");
        })
    })
}
