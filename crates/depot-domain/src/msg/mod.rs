//! Every sentence depot says to people, in Chinese and English: one catalogue, a key per
//! message with its named arguments. The screens' words are [`ui::T`]; the messages with
//! arguments are the enums the [`catalogue!`] tables make (the store's [`store::StoreMsg`], the
//! services' [`service::ServiceMsg`]). A message renders in the reader's language with
//! `say(lang)`. Both languages of a message are written side by side in one table entry, and
//! each entry's arguments are checked by the compiler against both sentences (a `{name}` one
//! sentence uses and the other does not fails the build); the tests below check that every
//! entry has both languages, each in its own script.

pub mod exchange;
pub mod service;
pub mod store;
pub mod ui;
pub mod verify;
pub mod workflow;

/// Defines a table of fixed words: `Key => "English" / "中文"`, as an enum `T` whose
/// `get(lang)` is the word in that language.
#[macro_export]
macro_rules! texts {
    ($($key:ident => $en:literal / $zh:literal),+ $(,)?) => {
        /// A string of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),+ }

        impl T {
            /// Every string, for the tests that look for one in the wrong language.
            pub const ALL: &'static [T] = &[$(T::$key),+];

            pub fn get(self, lang: $crate::Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, $crate::Lang::En) => $en, (T::$key, $crate::Lang::Zh) => $zh,)+
                }
            }
        }
    };
}

/// Defines a table of messages with named arguments:
/// `Key { arg, … } => "English {arg}" / "中文 {arg}"`, as an enum `$name` whose variants carry
/// their arguments as text, and whose `say(lang)` renders the message in that language. An
/// argument one sentence does not use is a compile error, so both languages always take the
/// same arguments.
#[macro_export]
macro_rules! catalogue {
    ($name:ident { $( $(#[$m:meta])* $key:ident $({ $($arg:ident),+ $(,)? })? => $en:literal / $zh:literal ),+ $(,)? }) => {
        /// A message of the catalogue, with its arguments.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name { $( $(#[$m])* $key $({ $($arg: String),+ })? ),+ }

        impl $name {
            /// Every key of this table.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key)),+];

            /// The message's key.
            pub fn key(&self) -> &'static str {
                match self { $($name::$key { .. } => stringify!($key)),+ }
            }

            /// The message in `lang`.
            pub fn say(&self, lang: $crate::Lang) -> String {
                match self {
                    $( $name::$key $({ $($arg),+ })? => match lang {
                        $crate::Lang::En => format!($en $(, $($arg = $arg),+)?),
                        $crate::Lang::Zh => format!($zh $(, $($arg = $arg),+)?),
                    } ),+
                }
            }

            /// Every message, each argument standing as `⟨name⟩`: the catalogue's tests.
            pub fn samples() -> Vec<$name> {
                vec![$( $name::$key $({ $($arg: concat!("⟨", stringify!($arg), "⟩").to_owned()),+ })? ),+]
            }
        }
    };
}

/// Whether `s` holds a Chinese character.
pub fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    /// `(key, English, Chinese)` of every message of every table, arguments as `⟨name⟩`.
    fn every_message() -> Vec<(String, String, String)> {
        let mut all: Vec<(String, String, String)> = ui::T::ALL
            .iter()
            .map(|t| {
                (
                    format!("ui.{t:?}"),
                    t.get(Lang::En).to_owned(),
                    t.get(Lang::Zh).to_owned(),
                )
            })
            .collect();
        all.extend(store::StoreMsg::samples().iter().map(|m| {
            (
                format!("store.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(exchange::ExchangeMsg::samples().iter().map(|m| {
            (
                format!("exchange.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(service::ServiceMsg::samples().iter().map(|m| {
            (
                format!("service.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(workflow::WorkflowMsg::samples().iter().map(|m| {
            (
                format!("workflow.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(workflow::Doing::samples().iter().map(|m| {
            (
                format!("doing.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(verify::VerifyMsg::samples().iter().map(|m| {
            (
                format!("verify.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all
    }

    /// Words the two languages write alike (codes, units, symbols).
    const SAME_IN_BOTH: &[&str] = &["OK", "PIN"];

    /// Messages that name both languages on purpose (the key that switches between them).
    const BOTH_LANGUAGES: &[&str] = &["ui.KeyLang"];

    #[test]
    fn every_message_is_in_both_languages_each_in_its_own_script() {
        for (key, en, zh) in every_message() {
            assert!(!en.trim().is_empty(), "{key}: no English");
            assert!(!zh.trim().is_empty(), "{key}: no Chinese");
            if !BOTH_LANGUAGES.contains(&key.as_str()) {
                assert!(!has_han(&en), "{key}: Chinese in the English: {en}");
            }
            // A frame of arguments and punctuation alone has no words to be in a language.
            let words = zh
                .split('⟨')
                .map(|p| p.split_once('⟩').map_or(p, |(_, after)| after))
                .any(|p| p.chars().any(|c| c.is_alphabetic()));
            if words && !SAME_IN_BOTH.contains(&en.as_str()) {
                assert!(has_han(&zh), "{key}: the Chinese is not Chinese: {zh}");
            }
        }
    }

    #[test]
    fn every_argument_is_said_in_both_languages() {
        for (key, en, zh) in every_message() {
            let args = |s: &str| {
                let mut a: Vec<String> = s
                    .split('⟨')
                    .skip(1)
                    .filter_map(|p| p.split_once('⟩').map(|(n, _)| n.to_owned()))
                    .collect();
                a.sort();
                a.dedup();
                a
            };
            assert_eq!(
                args(&en),
                args(&zh),
                "{key}: the two languages take other arguments"
            );
        }
    }

    #[test]
    fn keys_are_not_repeated() {
        let mut keys: Vec<String> = every_message().into_iter().map(|m| m.0).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
