//! The Facebook Pages connect page's state machine, free of the browser: what each
//! input does to the phase and the toast, and what the page must do next.

use crate::{
    components::toast::{Message, Toast},
    i18n::Key,
    model::connect::{ConnectError, DialogReturn, PageChoice},
};

/// Where the page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the customer to log in.
    Ready,
    /// Facebook's login popup is open.
    InMeta,
    /// The server is reading the customer's pages.
    Loading,
    /// The customer chooses among the pages (none: they may use another account).
    Choosing(Vec<PageChoice>),
    /// The server is connecting the chosen pages.
    Connecting(Vec<PageChoice>),
    /// Done; `delivered` when the vendor's window got the result.
    Connected { delivered: bool, count: usize },
    /// The session cannot be used any more.
    Closed(ConnectError),
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The customer clicked to log in (first, or with another account).
    LogIn,
    /// `FB.login` answered: a user access token, or nothing (closed or refused).
    Login(Option<String>),
    /// The browser blocked Facebook's window: nothing of Meta ran.
    Blocked,
    /// The server listed the customer's pages.
    Listed(Vec<PageChoice>),
    /// The customer clicked to connect the chosen pages.
    Connect,
    /// The server connected `count` pages; the result was posted to the vendor's window.
    Connected { delivered: bool, count: usize },
    /// The server refused or failed.
    Failed(ConnectError),
    /// The customer wants to log in with another Facebook account.
    SwitchAccount,
    /// `FB.logout` has answered: the next login asks who logs in.
    LoggedOut,
}

/// What the page must do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    None,
    /// Forget the choice and call `FB.login` (synchronously: this is the click handler).
    Login,
    /// Ask the server for the pages this user token manages.
    List(String),
    /// Ask the server to connect the chosen pages.
    Complete,
    /// Call `FB.logout`, then feed `Input::LoggedOut`.
    Logout,
}

const SWITCHED: Message = Message::Text(Key::PagesLoggedOut);
/// Meta's login ended without access (closed or refused).
const NOT_GRANTED: Message = Message::Text(Key::WaNotGranted);

/// The page's state: its phase and its toast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    pub phase: Phase,
    pub toast: Option<Toast>,
}

impl Default for Machine {
    fn default() -> Self {
        Self {
            phase: Phase::Ready,
            toast: None,
        }
    }
}

impl Machine {
    /// Where a page starts: ready, or where Meta's full-page dialog left the customer.
    pub fn resumed(returned: Option<DialogReturn>) -> Self {
        let (phase, toast) = match returned {
            None => (Phase::Ready, None),
            Some(DialogReturn::Listed(pages)) => (Phase::Choosing(pages), None),
            Some(DialogReturn::Cancelled) => (
                Phase::Ready,
                Some(Toast {
                    error: false,
                    message: NOT_GRANTED,
                }),
            ),
            Some(DialogReturn::Failed(error)) => (
                Phase::Ready,
                Some(Toast {
                    error: true,
                    message: Message::Error(error),
                }),
            ),
        };
        Self { phase, toast }
    }

    /// Whether the customer may log in now.
    pub fn can_log_in(&self) -> bool {
        matches!(self.phase, Phase::Ready | Phase::Choosing(_))
    }

    /// Applies `input`; returns what the page must do.
    pub fn step(&mut self, input: Input) -> Next {
        match (input, &self.phase) {
            (Input::LogIn, _) if self.can_log_in() => {
                *self = Self {
                    phase: Phase::InMeta,
                    toast: None,
                };
                Next::Login
            }
            (Input::Blocked, _) => {
                *self = Self {
                    phase: Phase::Ready,
                    toast: Some(Toast {
                        error: true,
                        message: Message::Text(Key::PagesWindowBlocked),
                    }),
                };
                Next::None
            }
            (Input::Login(None), _) => {
                *self = Self {
                    phase: Phase::Ready,
                    toast: Some(Toast {
                        error: false,
                        message: NOT_GRANTED,
                    }),
                };
                Next::None
            }
            (Input::Login(Some(user_token)), Phase::InMeta) => {
                self.phase = Phase::Loading;
                Next::List(user_token)
            }
            (Input::Listed(pages), Phase::Loading) => {
                self.phase = Phase::Choosing(pages);
                Next::None
            }
            (Input::Connect, Phase::Choosing(pages)) => {
                self.phase = Phase::Connecting(pages.clone());
                self.toast = None;
                Next::Complete
            }
            (Input::Connected { delivered, count }, _) => {
                *self = Self {
                    phase: Phase::Connected { delivered, count },
                    toast: None,
                };
                Next::None
            }
            (Input::Failed(error), phase) if error.is_retryable() => {
                let back_to = match phase {
                    Phase::Connecting(pages) => Phase::Choosing(pages.clone()),
                    _ => Phase::Ready,
                };
                *self = Self {
                    phase: back_to,
                    toast: Some(Toast {
                        error: true,
                        message: Message::Error(error),
                    }),
                };
                Next::None
            }
            (Input::Failed(error), _) => {
                self.phase = Phase::Closed(error);
                Next::None
            }
            (Input::SwitchAccount, Phase::Choosing(_)) => {
                self.phase = Phase::Loading;
                self.toast = None;
                Next::Logout
            }
            (Input::LoggedOut, Phase::Loading) => {
                *self = Self {
                    phase: Phase::Ready,
                    toast: Some(Toast {
                        error: false,
                        message: SWITCHED,
                    }),
                };
                Next::None
            }
            _ => Next::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(id: &str, connectable: bool) -> PageChoice {
        PageChoice {
            id: id.into(),
            name: format!("Page {id}"),
            category: "Bakery".into(),
            not_connectable: (!connectable)
                .then_some(crate::model::connect::NotConnectable::NoMessagingTask),
        }
    }

    fn choosing() -> Machine {
        let mut machine = Machine::default();
        assert_eq!(machine.step(Input::LogIn), Next::Login);
        assert_eq!(
            machine.step(Input::Login(Some("USER".into()))),
            Next::List("USER".into())
        );
        assert_eq!(machine.phase, Phase::Loading);
        machine.step(Input::Listed(vec![page("1", true), page("2", false)]));
        assert!(matches!(machine.phase, Phase::Choosing(ref p) if p.len() == 2));
        machine
    }

    #[test]
    fn a_blocked_window_is_an_error_that_says_so_and_log_in_starts_again() {
        let mut machine = Machine::default();
        machine.step(Input::LogIn);
        assert_eq!(machine.step(Input::Blocked), Next::None);
        assert_eq!(machine.phase, Phase::Ready);
        assert_eq!(
            machine.toast,
            Some(Toast {
                error: true,
                message: Message::Text(Key::PagesWindowBlocked),
            })
        );
        assert_eq!(machine.step(Input::LogIn), Next::Login);
    }

    #[test]
    fn log_in_list_choose_connect() {
        let mut machine = choosing();
        assert_eq!(machine.step(Input::Connect), Next::Complete);
        assert!(matches!(machine.phase, Phase::Connecting(_)));
        machine.step(Input::Connected {
            delivered: true,
            count: 1,
        });
        assert_eq!(
            machine.phase,
            Phase::Connected {
                delivered: true,
                count: 1
            }
        );
    }

    #[test]
    fn a_refused_login_returns_to_ready_with_a_notice() {
        let mut machine = Machine::default();
        machine.step(Input::LogIn);
        machine.step(Input::Login(None));
        assert_eq!(machine.phase, Phase::Ready);
        assert!(!machine.toast.unwrap().error);
    }

    #[test]
    fn logging_in_again_is_allowed_while_choosing_only() {
        let mut machine = choosing();
        assert_eq!(machine.step(Input::LogIn), Next::Login);
        assert_eq!(machine.step(Input::LogIn), Next::None);
        machine.step(Input::Login(Some("USER".into())));
        assert_eq!(machine.step(Input::LogIn), Next::None);
        assert_eq!(machine.phase, Phase::Loading);
    }

    #[test]
    fn a_failed_listing_returns_to_ready() {
        let mut machine = Machine::default();
        machine.step(Input::LogIn);
        machine.step(Input::Login(Some("USER".into())));
        machine.step(Input::Failed(ConnectError::MetaUnavailable));
        assert_eq!(machine.phase, Phase::Ready);
        assert!(machine.toast.unwrap().error);
    }

    #[test]
    fn a_failed_connection_returns_to_the_same_choice() {
        let mut machine = choosing();
        let Phase::Choosing(listed) = machine.phase.clone() else {
            unreachable!()
        };
        machine.step(Input::Connect);
        machine.step(Input::Failed(ConnectError::PageFailed {
            page: "Page 1".into(),
            reason: Box::new(ConnectError::NotGranted),
        }));
        assert_eq!(machine.phase, Phase::Choosing(listed));
        let english = crate::i18n::catalogue::texts(crate::i18n::Locale::En);
        assert!(machine
            .toast
            .unwrap()
            .message
            .text(&english)
            .contains("Page 1"));
    }

    #[test]
    fn an_unusable_session_closes_the_page() {
        let mut machine = choosing();
        machine.step(Input::Connect);
        machine.step(Input::Failed(ConnectError::Expired));
        assert_eq!(machine.phase, Phase::Closed(ConnectError::Expired));
        assert_eq!(machine.step(Input::LogIn), Next::None);
    }

    #[test]
    fn another_account_logs_out_first_so_that_the_next_login_asks() {
        let mut machine = choosing();
        assert_eq!(machine.step(Input::SwitchAccount), Next::Logout);
        assert_eq!(
            machine.step(Input::LogIn),
            Next::None,
            "not while logging out"
        );
        machine.step(Input::LoggedOut);
        assert_eq!(machine.phase, Phase::Ready);
        assert_eq!(machine.toast.as_ref().unwrap().message, SWITCHED);
        assert_eq!(machine.step(Input::LogIn), Next::Login);
    }

    #[test]
    fn a_page_back_from_the_full_page_dialog_starts_where_it_left_off() {
        assert_eq!(Machine::resumed(None), Machine::default());
        let mut listed = Machine::resumed(Some(DialogReturn::Listed(vec![page("1", true)])));
        assert_eq!(listed.phase, Phase::Choosing(vec![page("1", true)]));
        assert_eq!(listed.toast, None);
        assert_eq!(listed.step(Input::Connect), Next::Complete);
        let cancelled = Machine::resumed(Some(DialogReturn::Cancelled));
        assert_eq!(cancelled.phase, Phase::Ready);
        assert_eq!(
            cancelled.toast.as_ref().map(|t| (t.error, &t.message)),
            Some((false, &NOT_GRANTED))
        );
        let failed = Machine::resumed(Some(DialogReturn::Failed(ConnectError::CodeRejected)));
        assert_eq!(failed.phase, Phase::Ready);
        assert_eq!(
            failed.toast,
            Some(Toast {
                error: true,
                message: Message::Error(ConnectError::CodeRejected)
            })
        );
        assert!(failed.can_log_in());
    }

    #[test]
    fn inputs_out_of_turn_change_nothing() {
        let mut machine = Machine::default();
        assert_eq!(machine.step(Input::Connect), Next::None);
        assert_eq!(machine.step(Input::Listed(vec![])), Next::None);
        assert_eq!(machine.step(Input::Login(Some("USER".into()))), Next::None);
        assert_eq!(machine.step(Input::SwitchAccount), Next::None);
        assert_eq!(machine.step(Input::LoggedOut), Next::None);
        assert_eq!(machine, Machine::default());
    }
}
