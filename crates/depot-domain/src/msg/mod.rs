//! Every sentence depot says to people, in Chinese and English: one catalogue, a key per
//! message with its named arguments. The fixed words are the enums the [`texts!`] tables make
//! (the screens' [`ui::T`], the reports' [`report::ReportWord`]); the messages with arguments
//! are the enums the [`catalogue!`] tables make (the store's [`store::StoreMsg`], the services'
//! [`service::ServiceMsg`], the exchange files' [`exchange::ExchangeMsg`], …). A message
//! renders in the reader's language with `say(lang)`. Both languages of a message are written
//! side by side in one table entry, and each entry's arguments are checked by the compiler
//! against both sentences (a `{name}` one sentence uses and the other does not fails the
//! build); the tests below check that every entry has both languages, each in its own script,
//! and that the crates listed there write no Chinese outside this catalogue.

pub mod cli;
pub mod directive;
pub mod exchange;
pub mod label;
pub mod report;
pub mod service;
pub mod ship;
pub mod store;
pub mod tui;
pub mod ui;
pub mod verify;
pub mod workflow;

/// Defines a table of fixed words: `Name { Key => "English" / "中文", … }`, as an enum `Name`
/// whose `get(lang)` is the word in that language; without a name the enum is `T` (the
/// screens' words, [`ui::T`]).
#[macro_export]
macro_rules! texts {
    ($name:ident { $($key:ident => $en:literal / $zh:literal),+ $(,)? }) => {
        /// A fixed word or sentence, in both languages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($key),+ }

        impl $name {
            /// Every string, for the tests that look for one in the wrong language.
            pub const ALL: &'static [$name] = &[$($name::$key),+];

            pub const fn get(self, lang: $crate::Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$key, $crate::Lang::En) => $en, ($name::$key, $crate::Lang::Zh) => $zh,)+
                }
            }
        }
    };
    ($($key:ident => $en:literal / $zh:literal),+ $(,)?) => {
        $crate::texts! { T { $($key => $en / $zh),+ } }
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
        all.extend(
            tui::TuiMsg::samples()
                .iter()
                .map(|m| (format!("tui.{}", m.key()), m.say(Lang::En), m.say(Lang::Zh))),
        );
        all.extend(label::LabelMsg::samples().iter().map(|m| {
            (
                format!("label.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(label::CalibrationMsg::samples().iter().map(|m| {
            (
                format!("label_calibration.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(label::PrintMsg::samples().iter().map(|m| {
            (
                format!("label_print.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(label::LabelErrorMsg::samples().iter().map(|m| {
            (
                format!("label_error.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
        all.extend(report::ReportWord::ALL.iter().map(|t| {
            (
                format!("report.{t:?}"),
                t.get(Lang::En).to_owned(),
                t.get(Lang::Zh).to_owned(),
            )
        }));
        all.extend(report::ReportMsg::samples().iter().map(|m| {
            (
                format!("report.{}", m.key()),
                m.say(Lang::En),
                m.say(Lang::Zh),
            )
        }));
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
        all.extend(directive::DirectiveMsg::samples().iter().map(|m| {
            (
                format!("directive.{}", m.key()),
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
        all.extend(cli::samples());
        all.extend(ship::ShipMsg::samples().iter().map(|m| {
            (
                format!("ship.{}", m.key()),
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
        all.extend(store::Doing::samples().iter().map(|m| {
            (
                format!("store_doing.{}", m.key()),
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

    /// Messages that name both languages on purpose (the key that switches between them, the
    /// Chinese forms a cell may take, the backup's advice naming the UI's tab as it reads).
    const BOTH_LANGUAGES: &[&str] = &[
        "ui.KeyLang",
        "cli.backup.AlreadyOpen",
        "exchange.DateForms",
        "exchange.NotYesNo",
        "tui.StatusKeys",
    ];

    /// Whether a message holds words of its own, besides its arguments and punctuation: one
    /// that only sets its arguments in a language's punctuation (`⟨file⟩：⟨error⟩`) has none.
    fn has_words(s: &str) -> bool {
        let mut inside = false;
        s.chars().any(|c| {
            match c {
                '⟨' => inside = true,
                '⟩' => inside = false,
                _ => return !inside && c.is_alphabetic(),
            }
            false
        })
    }

    #[test]
    fn every_message_is_in_both_languages_each_in_its_own_script() {
        for (key, en, zh) in every_message() {
            assert!(!en.trim().is_empty(), "{key}: no English");
            assert!(!zh.trim().is_empty(), "{key}: no Chinese");
            if !BOTH_LANGUAGES.contains(&key.as_str()) {
                assert!(!has_han(&en), "{key}: Chinese in the English: {en}");
            }
            if !SAME_IN_BOTH.contains(&en.as_str()) && has_words(&zh) {
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

    /// The source that must say nothing to people outside the catalogue: a crate (its `src`
    /// folder, from the workspace root) and the files in it left out, each with the reason.
    /// A crate whose words have all moved here is one line of this list.
    const SPEAKS_FROM_THE_CATALOGUE: &[(&str, &[&str])] = &[
        ("crates/depot-report/src", &[]),
        ("crates/depot-label/src", &[]),
        ("crates/depot-notify/src", &[]),
        // The exchange files' column names and cell words are the file format's vocabulary.
        ("crates/depot-exchange/src", &["columns.rs", "words.rs"]),
        // The screens' words (i18n.rs).
        ("crates/depot-tui/src", &["i18n.rs"]),
        // The command line: --help in Chinese and clap's errors in Chinese are tables of their
        // own (help_zh, parse_zh); "是" is an answer the restore prompt reads, not a sentence.
        (
            "src/cli",
            &[
                "help_zh.rs",
                "help_zh/args.rs",
                "help_zh/label.rs",
                "help_zh/notify.rs",
                "parse_zh.rs",
                "backup.rs",
            ],
        ),
        // The contract's suite, which every engine runs on itself, and its small register:
        // test data (names of units, items and operators), not words for people.
        (
            "crates/depot-store/src",
            &["contract/mod.rs", "contract/register.rs"],
        ),
        ("crates/depot-store-redb/src", &[]),
    ];

    /// Every `.rs` file under `dir`, tests (`tests*`, `*_tests.rs`) left out.
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        entries.sort();
        for path in entries {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with("tests") || name.ends_with("_tests.rs") {
                continue;
            }
            if path.is_dir() {
                sources(&path, out);
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }

    /// No line of those crates' code holds a Chinese character: every word they show people
    /// comes from the catalogue. Comments are not shown, and a file's `#[cfg(test)]` module (from
    /// such a line at column 0 on) is a test.
    #[test]
    fn no_words_for_people_outside_the_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut found = Vec::new();
        for (src, left_out) in SPEAKS_FROM_THE_CATALOGUE {
            let dir = root.join(src);
            let mut files = Vec::new();
            sources(&dir, &mut files);
            assert!(!files.is_empty(), "{src}: no source files");
            for path in files {
                let rel = path.strip_prefix(&dir).unwrap_or(&path);
                let rel = rel.to_string_lossy().replace('\\', "/");
                if left_out.contains(&rel.as_str()) {
                    continue;
                }
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                for (n, line) in text.lines().enumerate() {
                    if line.starts_with("#[cfg(test)]") {
                        break;
                    }
                    if !line.trim_start().starts_with("//") && has_han(line) {
                        found.push(format!("{src}/{rel}:{}: {}", n + 1, line.trim()));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "words for people written outside the catalogue (crates/depot-domain/src/msg):\n{}",
            found.join("\n")
        );
    }
}
