//! The connect pages' data: what a flow's page gives it, the Facebook Pages answers.

use super::{field, flag, optional, variant, FromJson, JsonArray, JsonObject, JsonValue, ToJson};
use crate::{
    i18n::{Locale, Texts},
    model::{
        connect::{
            ConnectError, ConnectedPage, DialogReturn, FlowInit, FlowSession, MetaClientConfig,
            NotConnectable, PageChoice, PagesConnected, PagesMessage,
        },
        EventOrigins,
    },
};

impl FromJson for FlowInit {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Self {
            session: field(value, "session")?,
            session_id: field(value, "session_id")?,
            texts: field(value, "texts")?,
        })
    }
}

impl FromJson for FlowSession {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Self {
            vendor_name: field(value, "vendor_name")?,
            target_origin: field(value, "target_origin")?,
            meta: field(value, "meta")?,
            full_page_url: optional(value, "full_page_url")?,
            returned: optional(value, "returned")?,
            coexistence: flag(value, "coexistence")?,
            back_url: optional(value, "back_url")?,
            setup: optional(value, "setup")?,
            number_on_page: flag(value, "number_on_page")?,
        })
    }
}

impl FromJson for MetaClientConfig {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Self {
            app_id: field(value, "app_id")?,
            config_id: field(value, "config_id")?,
            api_version: field(value, "api_version")?,
            sdk_url: field(value, "sdk_url")?,
            event_origins: field(value, "event_origins")?,
            pages_config_id: optional(value, "pages_config_id")?,
            simulated: flag(value, "simulated")?,
        })
    }
}

impl FromJson for EventOrigins {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        match variant(value)? {
            (name, None) if name == "Simulator" => Some(Self::Simulator),
            (name, Some(domain)) if name == "Domain" => Some(Self::Domain(domain.text()?)),
            _ => None,
        }
    }
}

impl FromJson for DialogReturn {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        match variant(value)? {
            (name, None) if name == "Cancelled" => Some(Self::Cancelled),
            (name, Some(pages)) if name == "Listed" => Some(Self::Listed(Vec::from_json(&pages)?)),
            (name, Some(error)) if name == "Failed" => {
                Some(Self::Failed(ConnectError::from_json(&error)?))
            }
            _ => None,
        }
    }
}

impl FromJson for PageChoice {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Self {
            id: field(value, "id")?,
            name: field(value, "name")?,
            category: field(value, "category")?,
            not_connectable: optional(value, "not_connectable")?,
        })
    }
}

impl FromJson for NotConnectable {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        match value.text()?.as_str() {
            "NoMessagingTask" => Some(Self::NoMessagingTask),
            "NoPageToken" => Some(Self::NoPageToken),
            _ => None,
        }
    }
}

impl FromJson for ConnectedPage {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Self {
            id: field(value, "id")?,
            name: field(value, "name")?,
            category: field(value, "category")?,
        })
    }
}

impl FromJson for PagesConnected {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Self {
            pages: field(value, "pages")?,
            state: optional(value, "state")?,
            livemode: flag(value, "livemode")?,
            target_origin: field(value, "target_origin")?,
        })
    }
}

impl FromJson for Texts {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Texts::new(field(value, "locale")?, field(value, "values")?))
    }
}

impl FromJson for Locale {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        match value.text()?.as_str() {
            "En" => Some(Self::En),
            "Es" => Some(Self::Es),
            "PtBr" => Some(Self::PtBr),
            "Id" => Some(Self::Id),
            "Hi" => Some(Self::Hi),
            "Fr" => Some(Self::Fr),
            "De" => Some(Self::De),
            "Ar" => Some(Self::Ar),
            _ => None,
        }
    }
}

impl ToJson for ConnectedPage {
    fn to_json(&self) -> String {
        JsonObject::new()
            .text("id", &self.id)
            .text("name", &self.name)
            .text("category", &self.category)
            .finish()
    }
}

impl ToJson for PagesMessage<'_> {
    fn to_json(&self) -> String {
        let pages: Vec<String> = self.pages.iter().map(ToJson::to_json).collect();
        let message = JsonObject::new()
            .text("type", self.kind)
            .raw(
                "pages",
                &JsonArray::of_raw(pages.iter().map(String::as_str)),
            )
            .boolean("livemode", self.livemode);
        match self.state {
            Some(state) => message.text("state", state),
            None => message,
        }
        .finish()
    }
}
