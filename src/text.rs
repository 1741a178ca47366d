//! Free text that must say something: the one test of "not blank" every rule shares.

/// Whether `text` has nothing a person would see: it holds only white space, control
/// characters and the characters that are drawn as nothing (format characters such as
/// zero-width spaces and joiners, bidirectional marks, the soft hyphen, variation
/// selectors, invisible fillers and tags).
///
/// A text of one visible character is not blank. What the check cannot judge is
/// meaning: "." or "n/a" is visible, and passes.
pub(crate) fn is_blank(text: &str) -> bool {
    !text.chars().any(is_visible)
}

/// A text that had to say something and was blank: which one. Each rule's error takes
/// it as its own `Blank` refusal, so `not_blank(..)?` reads the same everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Blank(pub(crate) &'static str);

/// The shared guard: `text`, the `field` of a command, is not blank.
pub(crate) fn not_blank(text: &str, field: &'static str) -> Result<(), Blank> {
    if is_blank(text) {
        Err(Blank(field))
    } else {
        Ok(())
    }
}

/// The shared guard for evidence ([CU4], [ST4]): at least one item, and none blank.
///
/// [CU4]: crate::requirements#CU4
/// [ST4]: crate::requirements#ST4
pub(crate) fn is_evidence(items: &[String]) -> bool {
    !items.is_empty() && !items.iter().any(|item| is_blank(item))
}

/// Whether `text` names `party`: the party's name appears in it as whole words, in any
/// letter case ("Rápido Couriers" is named by "rápido couriers lost it", not by
/// "Rápido Courierservice"). A blank name is named by nothing.
pub(crate) fn names(text: &str, party: &str) -> bool {
    let (text, party) = (text.to_lowercase(), party.trim().to_lowercase());
    if is_blank(&party) {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(&party).any(|(start, found)| {
        let before = text[..start].chars().next_back();
        let after = text[start + found.len()..].chars().next();
        !word(before) && !word(after)
    })
}

/// Whether `c` is drawn: not white space, not a control character, not one of the
/// invisible ones.
fn is_visible(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || is_invisible(c))
}

/// The characters of Unicode's format category (Cf) and the others drawn as nothing:
/// the combining grapheme joiner, Hangul fillers, the braille blank, variation
/// selectors.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn x2_text_of_only_invisible_characters_is_blank() {
        for blank in [
            "",
            "   ",
            "\t\n\r",
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}",
            "\u{00AD}\u{034F}\u{202E}\u{2066}",
            "\u{0007}\u{001B}\u{007F}",
            "\u{3164}\u{115F}\u{2800}",
            "\u{FE0F}\u{E0041}\u{E0100}",
            " \u{200B} \u{00A0}\u{3000}",
        ] {
            assert!(is_blank(blank), "{blank:?} has nothing to see");
        }
    }

    #[test]
    fn co2_a_party_is_named_by_its_whole_words_in_any_case() {
        use super::names;
        assert!(names("Rápido Couriers lost it", "rápido couriers"));
        assert!(names("sorry: RÁPIDO COURIERS, not us.", "Rápido Couriers"));
        assert!(names("blame the warehouse", "warehouse"));
        assert!(!names("Rápido Courierservice", "Rápido Couriers"));
        assert!(!names("rewarehoused", "warehouse"));
        assert!(!names("anything", "  "));
        assert!(!names("", "warehouse"));
    }

    #[test]
    fn x2_one_visible_character_is_enough() {
        for text in ["a", " . ", "\u{200B}é", "日", "🙂", "\u{0301}", "n/a"] {
            assert!(!is_blank(text), "{text:?} shows something");
        }
    }
}
