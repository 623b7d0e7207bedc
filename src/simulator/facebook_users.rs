//! The Facebook users the simulated customer can log in as, with the pages they manage.

/// A page a simulated user manages.
#[derive(Debug, Clone)]
pub struct SimPage {
    pub id: String,
    pub name: String,
    pub category: String,
    /// Without the MESSAGING task the page cannot be connected.
    pub can_message: bool,
    /// Meta may list a Page without its page access token.
    pub has_token: bool,
}

/// A simulated Facebook user.
#[derive(Debug, Clone, Copy)]
pub struct SimUser {
    pub id: &'static str,
    pub name: &'static str,
}

pub const USERS: &[SimUser] = &[
    SimUser {
        id: "810000000000001",
        name: "Dana (three pages, one without messaging)",
    },
    SimUser {
        id: "810000000000002",
        name: "Sam (no pages)",
    },
    SimUser {
        id: "810000000000003",
        name: "Max (300 pages)",
    },
    SimUser {
        id: "810000000000004",
        name: "Lee (three pages, one without messaging)",
    },
    SimUser {
        id: "810000000000005",
        name: "Ana (two pages, one listed without a page token)",
    },
];

pub fn find_user(id: &str) -> Option<&'static SimUser> {
    USERS.iter().find(|u| u.id == id)
}

/// The pages of a user, in a stable order.
pub fn pages_of(user_id: &str) -> Vec<SimPage> {
    let page = |n: u32, name: &str, category: &str, can_message: bool| SimPage {
        id: format!("7{}{n:04}", &user_id[user_id.len() - 4..]),
        name: name.to_owned(),
        category: category.to_owned(),
        can_message,
        has_token: true,
    };
    match user_id {
        "810000000000001" | "810000000000004" => vec![
            page(1, "Corner Bakery", "Bakery", true),
            page(2, "Corner Bakery Catering", "Caterer", true),
            page(3, "Corner Bakery Fans", "Community", false),
        ],
        "810000000000005" => vec![
            page(1, "Harbour Cafe", "Cafe", true),
            SimPage {
                has_token: false,
                ..page(2, "Harbour Cafe Events", "Event", true)
            },
        ],
        "810000000000003" => (1..=300)
            .map(|n| page(n, &format!("Branch {n:03}"), "Local business", true))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ids_are_distinct_across_users() {
        let dana = pages_of("810000000000001");
        let lee = pages_of("810000000000004");
        assert!(dana.iter().all(|d| lee.iter().all(|l| l.id != d.id)));
        assert_eq!(pages_of("810000000000003").len(), 300);
        assert!(pages_of("810000000000002").is_empty());
    }
}
