//! Search as a German user expects it: case- and diacritic-insensitive, prefix and substring,
//! transliteration both ways (`mueller`, `muller` and `Müll` all find "Jürgen Müller"; `weiss`
//! finds "Weiß").
//!
//! Both the indexed text and the query are folded in Rust: lowercase, then two spellings — the
//! transliterated one (ä→ae, ö→oe, ü→ue, ß→ss) and the stripped one (ä→a, é→e, ß→ss). The index
//! holds both spellings; each query word matches if either of its spellings occurs as a
//! substring (FTS5 trigram). Words shorter than three letters, which trigrams cannot index, fall
//! back to a substring scan. Results rank name-prefix matches first, then by BM25 weighted
//! name > organization > tags > town > notes.

use rusqlite::types::Value;
use unicode_normalization::UnicodeNormalization;

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

/// Rewrites the search entry of one contact (removing it if the contact is deleted).
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
    )?;
    let (seq, deleted, [name, organization, town, tags, notes]) = row;
    write
        .tx
        .prepare_cached("DELETE FROM contact_search WHERE rowid = ?1")?
        .execute([seq])?;
    if !deleted {
        write
            .tx
            .prepare_cached(
                "INSERT INTO contact_search (rowid, name, organization, town, tags, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute((seq, indexed(&name), indexed(&organization), indexed(&town), indexed(&tags), indexed(&notes)))?;
    }
    Ok(())
}

/// A parsed query: per word, its spellings.
pub(crate) struct Query {
    words: Vec<(String, String)>,
}

impl Query {
    pub fn parse(text: &str) -> Option<Query> {
        let words: Vec<(String, String)> = text
            .split(|c: char| !c.is_alphanumeric() && c != '@' && c != '.' && c != '+' && c != '-')
            .filter(|word| !word.is_empty())
            .map(fold)
            .collect();
        (!words.is_empty()).then_some(Query { words })
    }

    /// SQL condition on `contact_search` (aliased `s`) and its parameters.
    pub fn condition(&self) -> (String, Vec<Value>) {
        let mut params = Vec::new();
        let mut long = Vec::new();
        let mut conditions = Vec::new();
        for spellings @ (transliterated, stripped) in &self.words {
            if Self::is_long(spellings) {
                long.push(format!(
                    "({} OR {})",
                    phrase(transliterated),
                    phrase(stripped)
                ));
            } else {
                let mut alternatives = Vec::new();
                for spelling in [transliterated, stripped] {
                    params.push(Value::Text(format!("%{}%", escape_like(spelling))));
                    let n = params.len();
                    alternatives.push(
                        ["name", "organization", "town", "tags", "notes"]
                            .map(|column| format!("s.{column} LIKE ?{n} ESCAPE '\\'"))
                            .join(" OR "),
                    );
                }
                conditions.push(format!("({})", alternatives.join(" OR ")));
            }
        }
        if !long.is_empty() {
            params.push(Value::Text(long.join(" AND ")));
            conditions.push(format!("contact_search MATCH ?{}", params.len()));
        }
        (conditions.join(" AND "), params)
    }

    /// SQL ordering: name-prefix matches of the first word first, then BM25 relevance (which
    /// needs a MATCH term; queries of short words only are scans and order by name).
    pub fn ranking(&self, params: &mut Vec<Value>) -> String {
        let (first, _) = &self.words[0];
        params.push(Value::Text(format!("{}%", escape_like(first))));
        let prefix = params.len();
        params.push(Value::Text(format!("% {}%", escape_like(first))));
        let word_prefix = params.len();
        let relevance = if self.uses_index() {
            "bm25(contact_search, 10.0, 5.0, 2.0, 3.0, 1.0)"
        } else {
            "c.name COLLATE NOCASE"
        };
        format!(
            "s.name LIKE ?{prefix} ESCAPE '\\' DESC, s.name LIKE ?{word_prefix} ESCAPE '\\' DESC, {relevance}"
        )
    }

    fn is_long(spellings: &(String, String)) -> bool {
        spellings.0.chars().count() >= 3 && spellings.1.chars().count() >= 3
    }

    fn uses_index(&self) -> bool {
        self.words.iter().any(Self::is_long)
    }
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
    fn short_words_scan_and_long_words_use_the_index() {
        let (sql, params) = Query::parse("Mü bauer").unwrap().condition();
        assert!(sql.contains("LIKE") && sql.contains("MATCH"), "{sql}");
        assert_eq!(
            params.last(),
            Some(&Value::Text("(\"bauer\" OR \"bauer\")".into()))
        );
        assert!(Query::parse("  ,; ").is_none());
    }
}
