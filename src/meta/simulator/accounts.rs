//! The WhatsApp Business accounts the simulated customer can choose from.

/// One choice in the consent dialog: a business portfolio, a WhatsApp Business account
/// in it, and (except for one) a phone number of that account.
#[derive(Debug, Clone, Copy)]
pub struct WabaChoice {
    pub business_id: &'static str,
    pub business_name: &'static str,
    pub waba_id: &'static str,
    pub waba_name: &'static str,
    pub phone_number_id: Option<&'static str>,
    pub display_phone_number: &'static str,
}

const fn choice(
    n: u8,
    business_name: &'static str,
    waba_name: &'static str,
    phone: Option<(&'static str, &'static str)>,
) -> WabaChoice {
    let ids: [(&str, &str); 9] = [
        ("910000000000001", "920000000000001"),
        ("910000000000002", "920000000000002"),
        ("910000000000003", "920000000000003"),
        ("910000000000004", "920000000000004"),
        ("910000000000005", "920000000000005"),
        ("910000000000006", "920000000000006"),
        ("910000000000007", "920000000000007"),
        ("910000000000008", "920000000000008"),
        ("910000000000009", "920000000000009"),
    ];
    let (business_id, waba_id) = ids[n as usize - 1];
    let (phone_number_id, display_phone_number) = match phone {
        Some((id, display)) => (Some(id), display),
        None => (None, ""),
    };
    WabaChoice {
        business_id,
        business_name,
        waba_id,
        waba_name,
        phone_number_id,
        display_phone_number,
    }
}

/// Several accounts, so that tests running side by side can each use their own.
pub const WABA_CHOICES: &[WabaChoice] = &[
    choice(
        1,
        "Acme Retail",
        "Acme Support",
        Some(("930000000000001", "+1 555-010-0001")),
    ),
    choice(
        2,
        "Globex",
        "Globex Sales",
        Some(("930000000000002", "+1 555-010-0002")),
    ),
    choice(3, "Initech", "Initech Main", None),
    choice(
        4,
        "Umbrella",
        "Umbrella Care",
        Some(("930000000000004", "+1 555-010-0004")),
    ),
    choice(
        5,
        "Hooli",
        "Hooli Help",
        Some(("930000000000005", "+1 555-010-0005")),
    ),
    choice(
        6,
        "Stark Industries",
        "Stark Service",
        Some(("930000000000006", "+1 555-010-0006")),
    ),
    choice(
        7,
        "Wayne Enterprises",
        "Wayne Desk",
        Some(("930000000000007", "+1 555-010-0007")),
    ),
    choice(
        8,
        "Soylent",
        "Soylent Orders",
        Some(("930000000000008", "+1 555-010-0008")),
    ),
    choice(
        9,
        "Wonka",
        "Wonka Tours",
        Some(("930000000000009", "+1 555-010-0009")),
    ),
];

pub fn find_waba(waba_id: &str) -> Option<&'static WabaChoice> {
    WABA_CHOICES.iter().find(|c| c.waba_id == waba_id)
}
