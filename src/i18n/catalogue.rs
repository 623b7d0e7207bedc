//! The language files, read into the binary at build time and checked when first used.

use std::{collections::HashMap, sync::OnceLock};

use super::{Key, Locale, Texts};

/// The file of each language, in `Locale::ALL` order.
const FILES: [(Locale, &str); 8] = [
    (Locale::En, include_str!("../../locales/en.txt")),
    (Locale::Es, include_str!("../../locales/es.txt")),
    (Locale::PtBr, include_str!("../../locales/pt-BR.txt")),
    (Locale::Id, include_str!("../../locales/id.txt")),
    (Locale::Hi, include_str!("../../locales/hi.txt")),
    (Locale::Fr, include_str!("../../locales/fr.txt")),
    (Locale::De, include_str!("../../locales/de.txt")),
    (Locale::Ar, include_str!("../../locales/ar.txt")),
];

/// A language file's `key = text` lines; blank lines and `#` notes are skipped.
pub fn parse(source: &str) -> Result<HashMap<&str, &str>, String> {
    let mut entries = HashMap::new();
    for (number, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, text) = line
            .split_once(" = ")
            .ok_or_else(|| format!("line {}: not `key = text`", number + 1))?;
        if entries.insert(key.trim(), text.trim()).is_some() {
            return Err(format!(
                "line {}: `{}` appears twice",
                number + 1,
                key.trim()
            ));
        }
    }
    Ok(entries)
}

/// Every language's texts, in `Key::ALL` order. A key a language lacks falls back to
/// English (the catalogue test fails first).
fn all() -> &'static [Texts] {
    static ALL: OnceLock<Vec<Texts>> = OnceLock::new();
    ALL.get_or_init(|| {
        let english = parse(FILES[0].1).unwrap_or_default();
        FILES
            .iter()
            .map(|(locale, source)| {
                let own = parse(source).unwrap_or_default();
                let values = Key::ALL
                    .iter()
                    .map(|key| {
                        let name = key.name();
                        own.get(name)
                            .or_else(|| english.get(name))
                            .copied()
                            .unwrap_or_default()
                    })
                    .map(str::to_owned)
                    .collect();
                Texts::new(*locale, values)
            })
            .collect()
    })
}

/// The texts of one language.
pub fn texts(locale: Locale) -> Texts {
    all()
        .iter()
        .find(|texts| texts.locale == locale)
        .cloned()
        .unwrap_or_else(|| all()[0].clone())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The `{name}`s a text fills in.
    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        let english = parse(FILES[0].1).unwrap();
        let names: BTreeSet<&str> = Key::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(
            english.keys().copied().collect::<BTreeSet<_>>(),
            names,
            "en.txt and Key differ"
        );
        for (locale, source) in FILES {
            let own = parse(source).unwrap_or_else(|e| panic!("{}: {e}", locale.tag()));
            let missing: Vec<_> = names.iter().filter(|n| !own.contains_key(*n)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", locale.tag());
            let unknown: Vec<_> = own.keys().filter(|n| !names.contains(*n)).collect();
            assert!(
                unknown.is_empty(),
                "{} has unknown keys {unknown:?}",
                locale.tag()
            );
            for name in &names {
                assert!(!own[name].is_empty(), "{}: {name} is empty", locale.tag());
                assert_eq!(
                    placeholders(own[name]),
                    placeholders(english[name]),
                    "{}: {name} fills in other values than English",
                    locale.tag()
                );
            }
        }
    }

    #[test]
    fn each_language_is_served_with_its_own_texts() {
        let english = texts(Locale::En);
        assert_eq!(english.get(Key::WaConnect), "Connect WhatsApp");
        for locale in Locale::ALL {
            let texts = texts(locale);
            assert_eq!(texts.locale, locale);
            for key in Key::ALL {
                assert!(!texts.get(*key).is_empty());
            }
        }
        assert_ne!(
            texts(Locale::Ar).get(Key::WaTitle),
            english.get(Key::WaTitle)
        );
        assert_eq!(
            english.fill(Key::PagesConnectMany, &[("n", "3")]),
            "Connect 3 Pages"
        );
    }

    #[test]
    fn malformed_files_are_refused() {
        assert!(parse("a = b\na = c").is_err());
        assert!(parse("no equals sign").is_err());
        assert_eq!(parse("# note\n\nk = v = w").unwrap()["k"], "v = w");
    }
}
