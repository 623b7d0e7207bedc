//! The WhatsApp Business accounts the simulated customer can choose from, and their
//! numbers in every state docs/meta.md describes for registration.

/// How a simulated number behaves when registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// Verified, not on the Cloud API yet, no two-step PIN: any six-digit PIN registers it.
    Fresh,
    /// Already has this two-step PIN: any other answers 133005.
    WithPin(&'static str),
    /// Still needs verification by code: register answers 133006.
    Unverified,
    /// Already on the Cloud API and connected: no register is needed.
    Registered,
    /// Has used its 10 register calls in 72 hours: register answers 133016.
    QuotaSpent,
    /// On the WhatsApp Business app: it joins by the app's onboarding (coexistence) and
    /// is connected from then on; register would take it off the app and is refused.
    /// `eligible: false`: Meta's dialog refuses the onboarding (an app too old).
    BusinessApp { eligible: bool },
    /// Like `Fresh`, but Meta still reviews its display name: `name_status` is
    /// `PENDING_REVIEW` until a `phone_number_name_update` decides it (test mode: the
    /// decision a test key sent), and it cannot send before.
    NamePending,
    /// Like `Fresh`, but its WABA has no payment method: once registered it can send
    /// only in limited ways (`health_status` names the payment method, error 141006).
    NoPaymentMethod,
}

/// A phone number of a simulated WABA.
#[derive(Debug, Clone, Copy)]
pub struct SimNumber {
    pub id: &'static str,
    pub display: &'static str,
    pub kind: NumberKind,
}

/// One choice in the consent dialog: a business portfolio, a WhatsApp Business account
/// in it, and (except for one) a phone number of that account.
#[derive(Debug, Clone, Copy)]
pub struct WabaChoice {
    pub business_id: &'static str,
    pub business_name: &'static str,
    pub waba_id: &'static str,
    pub waba_name: &'static str,
    pub number: Option<SimNumber>,
}

const fn choice(
    n: u8,
    business_name: &'static str,
    waba_name: &'static str,
    number: Option<(&'static str, NumberKind)>,
) -> WabaChoice {
    const IDS: [(&str, &str, &str); 19] = [
        ("910000000000001", "920000000000001", "930000000000001"),
        ("910000000000002", "920000000000002", "930000000000002"),
        ("910000000000003", "920000000000003", "930000000000003"),
        ("910000000000004", "920000000000004", "930000000000004"),
        ("910000000000005", "920000000000005", "930000000000005"),
        ("910000000000006", "920000000000006", "930000000000006"),
        ("910000000000007", "920000000000007", "930000000000007"),
        ("910000000000008", "920000000000008", "930000000000008"),
        ("910000000000009", "920000000000009", "930000000000009"),
        ("910000000000010", "920000000000010", "930000000000010"),
        ("910000000000011", "920000000000011", "930000000000011"),
        ("910000000000012", "920000000000012", "930000000000012"),
        ("910000000000013", "920000000000013", "930000000000013"),
        ("910000000000014", "920000000000014", "930000000000014"),
        ("910000000000015", "920000000000015", "930000000000015"),
        ("910000000000016", "920000000000016", "930000000000016"),
        ("910000000000017", "920000000000017", "930000000000017"),
        ("910000000000018", "920000000000018", "930000000000018"),
        ("910000000000019", "920000000000019", "930000000000019"),
    ];
    let (business_id, waba_id, phone_id) = IDS[n as usize - 1];
    let number = match number {
        Some((display, kind)) => Some(SimNumber {
            id: phone_id,
            display,
            kind,
        }),
        None => None,
    };
    WabaChoice {
        business_id,
        business_name,
        waba_id,
        waba_name,
        number,
    }
}

/// Several accounts, so that tests running side by side can each use their own.
pub const WABA_CHOICES: &[WabaChoice] = &[
    choice(
        1,
        "Acme Retail",
        "Acme Support",
        Some(("+1 555-010-0001", NumberKind::Fresh)),
    ),
    choice(
        2,
        "Globex",
        "Globex Sales",
        Some(("+1 555-010-0002", NumberKind::Fresh)),
    ),
    choice(3, "Initech", "Initech Main", None),
    choice(
        4,
        "Umbrella",
        "Umbrella Care",
        Some(("+1 555-010-0004", NumberKind::Fresh)),
    ),
    choice(
        5,
        "Hooli",
        "Hooli Help",
        Some(("+1 555-010-0005", NumberKind::Fresh)),
    ),
    choice(
        6,
        "Stark Industries",
        "Stark Service",
        Some(("+1 555-010-0006", NumberKind::Fresh)),
    ),
    choice(
        7,
        "Wayne Enterprises",
        "Wayne Desk",
        Some(("+1 555-010-0007", NumberKind::Fresh)),
    ),
    choice(
        8,
        "Soylent",
        "Soylent Orders",
        Some(("+1 555-010-0008", NumberKind::Fresh)),
    ),
    choice(
        9,
        "Wonka",
        "Wonka Tours",
        Some(("+1 555-010-0009", NumberKind::Fresh)),
    ),
    choice(
        10,
        "Pinned Co",
        "Pinned Desk",
        Some(("+1 555-010-0010", NumberKind::WithPin("246810"))),
    ),
    choice(
        11,
        "Unverified Co",
        "Unverified Desk",
        Some(("+1 555-010-0011", NumberKind::Unverified)),
    ),
    choice(
        12,
        "Registered Co",
        "Registered Desk",
        Some(("+1 555-010-0012", NumberKind::Registered)),
    ),
    choice(
        13,
        "Blocked Co",
        "Blocked Desk",
        Some(("+1 555-010-0013", NumberKind::QuotaSpent)),
    ),
    choice(
        14,
        "Spare Co",
        "Spare Desk",
        Some(("+1 555-010-0014", NumberKind::Fresh)),
    ),
    choice(
        15,
        "Corner Café",
        "Corner Café WhatsApp",
        Some((
            "+1 555-010-0015",
            NumberKind::BusinessApp { eligible: true },
        )),
    ),
    choice(
        16,
        "Harbour Bakery",
        "Harbour Bakery WhatsApp",
        Some((
            "+1 555-010-0016",
            NumberKind::BusinessApp { eligible: true },
        )),
    ),
    choice(
        17,
        "Old Phone Shop",
        "Old Phone Shop WhatsApp",
        Some((
            "+1 555-010-0017",
            NumberKind::BusinessApp { eligible: false },
        )),
    ),
    choice(
        18,
        "New Name Co",
        "New Name Desk",
        Some(("+1 555-010-0018", NumberKind::NamePending)),
    ),
    choice(
        19,
        "Unpaid Co",
        "Unpaid Desk",
        Some(("+1 555-010-0019", NumberKind::NoPaymentMethod)),
    ),
];

impl WabaChoice {
    /// Whether its number is on the WhatsApp Business app.
    pub fn on_business_app(&self) -> bool {
        matches!(
            self.number.map(|n| n.kind),
            Some(NumberKind::BusinessApp { .. })
        )
    }
}

pub fn find_waba(waba_id: &str) -> Option<&'static WabaChoice> {
    WABA_CHOICES.iter().find(|c| c.waba_id == waba_id)
}

/// A number and the WABA it belongs to.
pub fn find_number(phone_number_id: &str) -> Option<(&'static WabaChoice, SimNumber)> {
    WABA_CHOICES
        .iter()
        .find_map(|c| c.number.filter(|n| n.id == phone_number_id).map(|n| (c, n)))
}
