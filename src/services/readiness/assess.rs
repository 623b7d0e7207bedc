//! From what Meta says of a number (its `health_status` and `name_status`) and where its
//! registration stands, to whether it can send and what stands in the way: a pure
//! decision, so every rule is tested on its own.
//!
//! Meta names each problem with a code, a description and a possible solution, per
//! entity. The codes Meta publishes for health status are few (141006: the payment
//! method), so a problem is known by its code where there is one, else by its entity and
//! description; one this product does not know stays `other`, with Meta's own texts.

use crate::{
    db::number_readiness::Registration,
    meta::graph::{HealthError, PhoneNumberState},
    model::readiness::{Blocker, BlockerCode, CanSend},
};

/// Meta's code for a payment method problem.
const PAYMENT_METHOD: i64 = 141006;

/// What a reading found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub can_send: CanSend,
    pub blockers: Vec<Blocker>,
}

impl Reading {
    /// The codes of what stands in the way, in order.
    pub fn codes(&self) -> Vec<BlockerCode> {
        self.blockers.iter().map(|b| b.code).collect()
    }

    /// The blockers as stored (a JSON array).
    pub fn blockers_json(&self) -> String {
        serde_json::to_string(&self.blockers).unwrap_or_else(|_| "[]".into())
    }
}

fn can_send(meta: Option<&str>) -> CanSend {
    match meta {
        Some("AVAILABLE") => CanSend::Available,
        Some("LIMITED") => CanSend::Limited,
        Some("BLOCKED") => CanSend::Blocked,
        _ => CanSend::Unknown,
    }
}

fn classify(entity: &str, error: &HealthError) -> BlockerCode {
    if error.error_code == Some(PAYMENT_METHOD) {
        return BlockerCode::NoPaymentMethod;
    }
    let text = error
        .error_description
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["display name", "verified name"]) {
        return match has(&["reject", "declin"]) {
            true => BlockerCode::DisplayNameRejected,
            false => BlockerCode::DisplayNamePending,
        };
    }
    if has(&["payment"]) {
        return BlockerCode::NoPaymentMethod;
    }
    if entity == "BUSINESS" && has(&["verif"]) {
        return BlockerCode::BusinessNotVerified;
    }
    if has(&["restrict", "disabled", "banned", "violat"]) {
        return BlockerCode::AccountRestricted;
    }
    if has(&["limit"]) {
        return BlockerCode::MessagingLimit;
    }
    if has(&["not registered"]) {
        return BlockerCode::NotRegistered;
    }
    BlockerCode::Other
}

fn push(blockers: &mut Vec<Blocker>, blocker: Blocker) {
    if !blockers.iter().any(|b| b.code == blocker.code) {
        blockers.push(blocker);
    }
}

/// What Meta's entities name, in Meta's order.
fn meta_blockers(state: &PhoneNumberState) -> Vec<Blocker> {
    let mut blockers = Vec::new();
    let Some(health) = &state.health_status else {
        return blockers;
    };
    for entity in &health.entities {
        let kind = entity.entity_type.clone().unwrap_or_default();
        for error in &entity.errors {
            let blocker = Blocker {
                code: classify(&kind, error),
                entity: Some(kind.clone()),
                meta_code: error.error_code,
                description: error.error_description.clone(),
                solution: error.possible_solution.clone(),
            };
            push(&mut blockers, blocker);
        }
        let limited = can_send(entity.can_send_message.as_deref()) == CanSend::Limited;
        if limited && entity.errors.is_empty() {
            // A limit without an error: Meta's note says which.
            let blocker = Blocker {
                code: BlockerCode::MessagingLimit,
                entity: Some(kind.clone()),
                meta_code: None,
                description: entity.additional_info.first().cloned(),
                solution: None,
            };
            push(&mut blockers, blocker);
        }
    }
    blockers
}

/// Whether the number can send, and why not. `registration_error`: Meta's refusal of
/// a registration that waited for the display name.
pub fn assess(
    state: &PhoneNumberState,
    registration: Registration,
    registration_error: Option<&str>,
) -> Reading {
    let health = state.health_status.as_ref();
    let mut can_send = can_send(health.and_then(|h| h.can_send_message.as_deref()));
    let mut blockers = meta_blockers(state);
    match state.name_status.as_deref() {
        Some("PENDING_REVIEW" | "PENDING") => {
            push(
                &mut blockers,
                Blocker::ours(BlockerCode::DisplayNamePending),
            );
        }
        Some("DECLINED" | "REJECTED") => {
            push(
                &mut blockers,
                Blocker::ours(BlockerCode::DisplayNameRejected),
            );
        }
        _ => {}
    }
    if !state.is_registered() && registration != Registration::Done {
        // Not on the Cloud API yet: nothing can be sent, whatever Meta's summary says.
        can_send = CanSend::Blocked;
        if registration == Registration::Failed {
            let blocker = Blocker {
                description: registration_error.map(str::to_owned),
                ..Blocker::ours(BlockerCode::NotRegistered)
            };
            push(&mut blockers, blocker);
        }
    }
    if can_send == CanSend::Available {
        // Meta's overall answer wins over a note it still carries.
        blockers.clear();
    }
    Reading { can_send, blockers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::graph::{HealthEntity, HealthStatus};

    fn state(overall: &str, entities: Vec<HealthEntity>, name: &str) -> PhoneNumberState {
        PhoneNumberState {
            status: Some("CONNECTED".into()),
            platform_type: Some("CLOUD_API".into()),
            name_status: Some(name.into()),
            health_status: Some(HealthStatus {
                can_send_message: Some(overall.into()),
                entities,
            }),
            ..PhoneNumberState::default()
        }
    }

    fn entity(kind: &str, can: &str, errors: Vec<(i64, &str)>) -> HealthEntity {
        HealthEntity {
            entity_type: Some(kind.into()),
            can_send_message: Some(can.into()),
            errors: errors
                .into_iter()
                .map(|(code, text)| HealthError {
                    error_code: Some(code),
                    error_description: Some(text.into()),
                    possible_solution: Some("Do this.".into()),
                })
                .collect(),
            additional_info: Vec::new(),
        }
    }

    #[test]
    fn an_available_number_has_nothing_in_the_way() {
        let reading = assess(
            &state(
                "AVAILABLE",
                vec![entity("PHONE_NUMBER", "AVAILABLE", vec![])],
                "APPROVED",
            ),
            Registration::Done,
            None,
        );
        assert_eq!(reading.can_send, CanSend::Available);
        assert!(reading.blockers.is_empty());
    }

    #[test]
    fn meta_errors_are_known_by_code_entity_and_description() {
        let entities = vec![
            entity(
                "WABA",
                "BLOCKED",
                vec![(141006, "There is an error with the payment method.")],
            ),
            entity(
                "BUSINESS",
                "LIMITED",
                vec![(141010, "The Business has not passed business verification.")],
            ),
            entity(
                "PHONE_NUMBER",
                "BLOCKED",
                vec![(141000, "The display name is in review.")],
            ),
            entity("APP", "BLOCKED", vec![(1, "Something new.")]),
        ];
        let reading = assess(
            &state("BLOCKED", entities, "APPROVED"),
            Registration::Done,
            None,
        );
        assert_eq!(reading.can_send, CanSend::Blocked);
        assert_eq!(
            reading.codes(),
            [
                BlockerCode::NoPaymentMethod,
                BlockerCode::BusinessNotVerified,
                BlockerCode::DisplayNamePending,
                BlockerCode::Other
            ]
        );
        assert_eq!(reading.blockers[0].entity.as_deref(), Some("WABA"));
        assert_eq!(reading.blockers[0].meta_code, Some(141006));
        assert_eq!(reading.blockers[3].solution.as_deref(), Some("Do this."));
    }

    #[test]
    fn a_limit_without_an_error_is_a_messaging_limit() {
        let mut waba = entity("WABA", "LIMITED", vec![]);
        waba.additional_info = vec!["The account reached its messaging limit.".into()];
        let reading = assess(
            &state("LIMITED", vec![waba], "APPROVED"),
            Registration::Done,
            None,
        );
        assert_eq!(reading.can_send, CanSend::Limited);
        assert_eq!(reading.codes(), [BlockerCode::MessagingLimit]);
    }

    #[test]
    fn a_pending_or_rejected_name_is_named_even_without_a_health_error() {
        let pending = assess(
            &state("BLOCKED", vec![], "PENDING_REVIEW"),
            Registration::Done,
            None,
        );
        assert_eq!(pending.codes(), [BlockerCode::DisplayNamePending]);
        let rejected = assess(
            &state("BLOCKED", vec![], "DECLINED"),
            Registration::Done,
            None,
        );
        assert_eq!(rejected.codes(), [BlockerCode::DisplayNameRejected]);
    }

    #[test]
    fn an_unregistered_number_cannot_send_whatever_the_summary_says() {
        let mut waiting = state("AVAILABLE", vec![], "PENDING_REVIEW");
        waiting.status = Some("PENDING".into());
        waiting.platform_type = Some("NOT_APPLICABLE".into());
        let reading = assess(&waiting, Registration::AwaitingName, None);
        assert_eq!(reading.can_send, CanSend::Blocked);
        assert_eq!(reading.codes(), [BlockerCode::DisplayNamePending]);
        waiting.name_status = Some("APPROVED".into());
        let failed = assess(&waiting, Registration::Failed, Some("pin_mismatch"));
        assert_eq!(failed.can_send, CanSend::Blocked);
        assert_eq!(failed.codes(), [BlockerCode::NotRegistered]);
        assert_eq!(
            failed.blockers[0].description.as_deref(),
            Some("pin_mismatch")
        );
    }

    #[test]
    fn no_answer_is_unknown() {
        let reading = assess(&PhoneNumberState::default(), Registration::Done, None);
        assert_eq!(reading.can_send, CanSend::Unknown);
        assert!(reading.blockers.is_empty());
    }
}
