//! Writing JSON text: objects and arrays of strings, booleans and values written
//! already, escaped as `serde_json` escapes them.

/// A JSON object, written field by field in the order given.
#[derive(Debug)]
pub struct JsonObject {
    out: String,
    empty: bool,
}

impl Default for JsonObject {
    fn default() -> Self {
        Self {
            out: String::from("{"),
            empty: true,
        }
    }
}

impl JsonObject {
    pub fn new() -> Self {
        Self::default()
    }

    fn key(mut self, name: &str) -> Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        push_text(&mut self.out, name);
        self.out.push(':');
        self
    }

    /// A string field.
    pub fn text(self, name: &str, value: &str) -> Self {
        let mut this = self.key(name);
        push_text(&mut this.out, value);
        this
    }

    /// A string field that may be `null`.
    pub fn optional_text(self, name: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.text(name, value),
            None => self.raw(name, "null"),
        }
    }

    /// A boolean field.
    pub fn boolean(self, name: &str, value: bool) -> Self {
        self.raw(name, if value { "true" } else { "false" })
    }

    /// A field whose value is JSON written already.
    pub fn raw(self, name: &str, json: &str) -> Self {
        let mut this = self.key(name);
        this.out.push_str(json);
        this
    }

    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// A JSON array.
#[derive(Debug)]
pub struct JsonArray {
    out: String,
}

impl JsonArray {
    /// An array of values written already.
    pub fn of_raw<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
        let mut array = Self {
            out: String::from("["),
        };
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                array.out.push(',');
            }
            array.out.push_str(item);
        }
        array.out.push(']');
        array.out
    }

    /// An array of strings.
    pub fn of_texts<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
        let quoted: Vec<String> = items.into_iter().map(quoted).collect();
        Self::of_raw(quoted.iter().map(String::as_str))
    }
}

/// `value` as a JSON string.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    push_text(&mut out, value);
    out
}

fn push_text(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
