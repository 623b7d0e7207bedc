//! The names of the connect pages' texts. Each is a line of every file in `locales/`;
//! the page holds its language's texts in this order (see `Texts`).

macro_rules! keys {
    ($($key:ident = $name:literal,)*) => {
        /// One text of the connect pages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key,)* }

        impl Key {
            /// Every key, in the order of `Texts`.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];

            /// Its name in the language files.
            pub fn name(self) -> &'static str {
                match self { $(Key::$key => $name,)* }
            }
        }
    };
}

keys! {
    LoadFailedTitle = "load_failed_title",
    ExpiredTitle = "expired_title",
    ExpiredHint = "expired_hint",
    UsedTitle = "used_title",
    UsedHint = "used_hint",
    InactiveTitle = "inactive_title",
    InactiveHint = "inactive_hint",
    UnknownTitle = "unknown_title",
    UnknownHint = "unknown_hint",
    Simulated = "simulated",
    TestMode = "test_mode",
    Reconnecting = "reconnecting",
    InAppNotice = "in_app_notice",
    InAppOpen = "in_app_open",
    InAppMenu = "in_app_menu",
    NeedsJavascript = "needs_javascript",
    WaitingForFacebook = "waiting_for_facebook",
    Connecting = "connecting",
    ClosedTitle = "closed_title",
    ClosedHint = "closed_hint",
    DoneCloseTab = "done_close_tab",
    DoneReturn = "done_return",
    WaTitle = "wa_title",
    WaLead = "wa_lead",
    WaConnect = "wa_connect",
    WaConnected = "wa_connected",
    WaNumberTitle = "wa_number_title",
    WaNumberLead = "wa_number_lead",
    WaYourAccount = "wa_your_account",
    WaNamedAccount = "wa_named_account",
    WaAddNumber = "wa_add_number",
    WaPinTitle = "wa_pin_title",
    WaPinLead = "wa_pin_lead",
    WaThisNumber = "wa_this_number",
    WaTheNumber = "wa_the_number",
    WaPinMismatch = "wa_pin_mismatch",
    WaPinLabel = "wa_pin_label",
    WaPinSubmit = "wa_pin_submit",
    WaPinForgot = "wa_pin_forgot",
    WaStalledTitle = "wa_stalled_title",
    TryAgain = "try_again",
    StartAgain = "start_again",
    WaNotGranted = "wa_not_granted",
    WaEventMissing = "wa_event_missing",
    WaCodeMissing = "wa_code_missing",
    WaNoAccount = "wa_no_account",
    WaCancelled = "wa_cancelled",
    WaMetaProblem = "wa_meta_problem",
    WaMetaFailed = "wa_meta_failed",
    WaMetaFailedUnnamed = "wa_meta_failed_unnamed",
    PagesTitle = "pages_title",
    PagesLead = "pages_lead",
    PagesConnect = "pages_connect",
    PagesLoading = "pages_loading",
    PagesChooseTitle = "pages_choose_title",
    PagesChooseLead = "pages_choose_lead",
    PagesChooseOne = "pages_choose_one",
    PagesConnectOne = "pages_connect_one",
    PagesConnectMany = "pages_connect_many",
    PagesOtherAccount = "pages_other_account",
    PagesSearch = "pages_search",
    PagesSearchPlaceholder = "pages_search_placeholder",
    PagesList = "pages_list",
    PagesNoneTitle = "pages_none_title",
    PagesNoneHint = "pages_none_hint",
    PagesConnectedOne = "pages_connected_one",
    PagesConnectedMany = "pages_connected_many",
    PagesLoggedOut = "pages_logged_out",
    PagesNoTask = "pages_no_task",
    PagesNoToken = "pages_no_token",
    ErrorUnknownSession = "error_unknown_session",
    ErrorExpired = "error_expired",
    ErrorUsed = "error_used",
    ErrorInactive = "error_inactive",
    ErrorBusy = "error_busy",
    ErrorNotStarted = "error_not_started",
    ErrorCodeRejected = "error_code_rejected",
    ErrorForeignToken = "error_foreign_token",
    ErrorTokenInvalid = "error_token_invalid",
    ErrorPhoneRequired = "error_phone_required",
    ErrorNotGranted = "error_not_granted",
    ErrorNumberNotOnWaba = "error_number_not_on_waba",
    ErrorNumberUnverified = "error_number_unverified",
    ErrorRegisterBlocked = "error_register_blocked",
    ErrorInvalidPin = "error_invalid_pin",
    ErrorRateLimited = "error_rate_limited",
    ErrorRateLimitedOne = "error_rate_limited_one",
    ErrorRateLimitedMany = "error_rate_limited_many",
    ErrorMetaUnavailable = "error_meta_unavailable",
    ErrorMetaRejected = "error_meta_rejected",
    ErrorNoPages = "error_no_pages",
    ErrorPageUnavailable = "error_page_unavailable",
    ErrorPageFailed = "error_page_failed",
    ErrorBadRequest = "error_bad_request",
    ErrorInternal = "error_internal",
    ErrorNetwork = "error_network",
}
