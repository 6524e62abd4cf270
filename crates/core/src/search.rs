//! Search as a German user expects it: case- and diacritic-insensitive, prefix and substring,
//! transliteration both ways (`mueller`, `muller` and `Müll` all find "Jürgen Müller"; `weiss`
//! finds "Weiß").
//!
//! Both the indexed text and the query are folded in Rust: lowercase, then two spellings — the
//! transliterated one (ä→ae, ö→oe, ü→ue, ß→ss) and the stripped one (ä→a, é→e, ß→ss). The index
//! holds both spellings; each query word matches if either of its spellings occurs as a
//! substring (FTS5 trigram index `contact_search`). Trigrams cannot index words shorter than
//! three letters: a query of only such words (the first keystrokes) matches word prefixes in a
//! second index, `contact_words`. Results list contacts whose name matches first, then the
//! others, each alphabetically.

use unicode_normalization::UnicodeNormalization;

use rusqlite::OptionalExtension;

use crate::write::Write;
use crate::{Id, Result};

/// The transliterated and the stripped folding of `text`: `("juergen mueller", "jurgen muller")`.
pub fn fold(text: &str) -> (String, String) {
    let lower = text.to_lowercase();
    let mut transliterated = String::with_capacity(lower.len() + 4);
    let mut stripped = String::with_capacity(lower.len());
    for c in lower.chars() {
        let (as_transliterated, as_stripped) = match c {
            'ä' => ("ae", "a"),
            'ö' => ("oe", "o"),
            'ü' => ("ue", "u"),
            'ß' => ("ss", "ss"),
            _ => {
                for base in std::iter::once(c).nfd().filter(|c| !is_combining_mark(*c)) {
                    transliterated.push(base);
                    stripped.push(base);
                }
                continue;
            }
        };
        transliterated.push_str(as_transliterated);
        stripped.push_str(as_stripped);
    }
    (transliterated, stripped)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The folded text stored in the index: both spellings when they differ.
fn indexed(text: &str) -> String {
    let (transliterated, stripped) = fold(text);
    if transliterated == stripped {
        transliterated
    } else {
        format!("{transliterated} {stripped}")
    }
}

/// Rewrites the search entry of one contact (removing it if the contact is deleted). A contact
/// not here yet (its tag arrived by sync first) is indexed when it arrives.
pub(crate) fn index_contact(write: &mut Write<'_>, contact: Id) -> Result<()> {
    let row = write.tx.query_row(
        "SELECT seq, deleted, name, organization, town, notes,
                (SELECT group_concat(value, ' ') FROM live_element e WHERE e.owner = c.id AND e.kind = 'tag')
         FROM contact c WHERE c.id = ?1",
        [contact],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)? != 0,
                [row.get::<_, String>(2)?, row.get(3)?, row.get(4)?, row.get::<_, Option<String>>(6)?.unwrap_or_default(), row.get(5)?],
            ))
        },
    ).optional()?;
    let Some(row) = row else { return Ok(()) };
    let (seq, deleted, [name, organization, town, tags, notes]) = row;
    for table in ["contact_search", "contact_words"] {
        write
            .tx
            .prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1"))?
            .execute([seq])?;
        if !deleted {
            write
                .tx
                .prepare_cached(&format!(
                    "INSERT INTO {table} (rowid, name, organization, town, tags, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                ))?
                .execute((seq, indexed(&name), indexed(&organization), indexed(&town), indexed(&tags), indexed(&notes)))?;
        }
    }
    Ok(())
}

/// A parsed query, compiled to one full-text MATCH over one of the two indexes:
/// * any word of three letters or more: substring match in the trigram index `contact_search`
///   (words shorter than that are checked with LIKE on the matched rows only);
/// * only short words (the first keystrokes): word-prefix match in `contact_words`.
pub(crate) struct Query {
    /// The FTS5 table the MATCH runs on.
    pub table: &'static str,
    /// FTS5 expression: every word matches somewhere.
    all: String,
    /// FTS5 expression for the first word, to rank name matches first.
    first: String,
    /// LIKE filters (on the matched rows, aliased `s`) for short words beside long ones.
    likes: Vec<String>,
}

/// The ranking tiers: contacts whose name matches the first word, then the rest.
#[derive(Clone, Copy)]
pub(crate) enum Tier {
    All,
    NameMatches,
    OtherMatches,
}

impl Query {
    pub fn parse(text: &str) -> Option<Query> {
        let words: Vec<(String, String)> = text
            .split(|c: char| !c.is_alphanumeric() && !matches!(c, '@' | '.' | '+' | '-'))
            .filter(|word| !word.is_empty())
            .map(fold)
            .collect();
        let is_long = |(t, s): &&(String, String)| t.chars().count() >= 3 && s.chars().count() >= 3;
        let (long, short): (Vec<_>, Vec<_>) = words.iter().partition(is_long);
        let term = |(transliterated, stripped): &&(String, String), prefix: &str| {
            format!(
                "({}{prefix} OR {}{prefix})",
                phrase(transliterated),
                phrase(stripped)
            )
        };
        let (table, terms, likes) = if long.is_empty() {
            (
                "contact_words",
                short.iter().map(|w| term(w, "*")).collect::<Vec<_>>(),
                Vec::new(),
            )
        } else {
            (
                "contact_search",
                long.iter().map(|w| term(w, "")).collect(),
                short.iter().map(|w| like(w)).collect(),
            )
        };
        let first = terms.first()?.clone();
        Some(Query {
            table,
            all: terms.join(" AND "),
            first,
            likes,
        })
    }

    /// The FTS5 expression selecting one tier.
    pub fn expression(&self, tier: Tier) -> String {
        match tier {
            Tier::All => self.all.clone(),
            Tier::NameMatches => format!("({}) AND name : {}", self.all, self.first),
            Tier::OtherMatches => format!("({}) NOT name : {}", self.all, self.first),
        }
    }

    /// LIKE conditions for short words, on the FTS table aliased `s`; empty when none.
    pub fn likes(&self) -> &[String] {
        &self.likes
    }
}

/// A LIKE condition matching either spelling of a short word anywhere in a contact's text.
fn like((transliterated, stripped): &(String, String)) -> String {
    let alternatives: Vec<String> = [transliterated, stripped]
        .iter()
        .flat_map(|spelling| {
            let pattern = format!("'%{}%'", escape_like(spelling).replace('\'', "''"));
            ["name", "organization", "town", "tags", "notes"]
                .map(move |column| format!("s.{column} LIKE {pattern} ESCAPE '\\'"))
        })
        .collect();
    format!("({})", alternatives.join(" OR "))
}

fn phrase(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_gives_both_german_spellings() {
        assert_eq!(
            fold("Jürgen Müller"),
            ("juergen mueller".into(), "jurgen muller".into())
        );
        assert_eq!(fold("Weiß"), ("weiss".into(), "weiss".into()));
        assert_eq!(
            fold("Zoë Éluard"),
            ("zoe eluard".into(), "zoe eluard".into())
        );
        assert_eq!(indexed("Bauer"), "bauer");
    }

    #[test]
    fn long_words_use_the_trigram_index_and_first_keystrokes_the_word_index() {
        let query = Query::parse("Mü bauer").unwrap();
        assert_eq!(query.table, "contact_search");
        assert_eq!(query.expression(Tier::All), "(\"bauer\" OR \"bauer\")");
        assert!(query.likes()[0].contains("'%mue%'") && query.likes()[0].contains("'%mu%'"));
        let typing = Query::parse("Mü").unwrap();
        assert_eq!(typing.table, "contact_words");
        assert_eq!(
            typing.expression(Tier::NameMatches),
            "((\"mue\"* OR \"mu\"*)) AND name : (\"mue\"* OR \"mu\"*)"
        );
        assert!(Query::parse("  ,; ").is_none());
    }
}
