//! Words for the search index. static/search.js splits a query the same way: drop apostrophes
//! (so "can't" and "cant" meet), lowercase, split on anything that is not a letter or digit, drop
//! one-letter words and stop words, then stem.
//!
//! A large guide has millions of words, so [`Words`] walks a text without allocating: ASCII
//! (nearly every word) is scanned byte by byte, a word already in lowercase is handed out as a
//! slice of the text, and any other is lowercased into a buffer the caller reuses.

/// Words too common to help find a page. They ship in the index so the browser drops them from
/// a query too ("pain in the leg" searches for "pain" and "leg"). Readers write about themselves
/// ("my back", "I can't"), so "my", "me" and the common contractions, without their
/// apostrophes, are here too.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "but", "by", "can", "cant", "didnt", "do", "does", "doesnt", "dont", "for",
    "from", "had", "has", "have", "how", "if", "im", "in", "into", "is", "isnt", "it", "its",
    "ive", "just", "me", "more", "most", "much", "my", "myself", "of", "on", "one", "or", "our",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "up", "very", "was", "way", "we", "what", "when", "which",
    "while", "who", "will", "with", "wont", "you", "your",
];

/// Apostrophes, dropped from words rather than splitting them: "can't" is the word "cant".
pub const APOSTROPHES: [char; 2] = ['\'', '\u{2019}'];

/// The longest stop word, in bytes: a longer word is never looked up.
const STOP_WORD_MAX_LEN: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < STOP_WORDS.len() {
        if STOP_WORDS[i].len() > max {
            max = STOP_WORDS[i].len();
        }
        i += 1;
    }
    assert!(max <= 7, "a stop word's key holds at most 7 bytes");
    max
};

/// A word of at most 7 bytes as a number: its bytes, then its length in the low byte.
const fn stop_key(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < 7 {
        key <<= 8;
        if i < word.len() {
            key |= word[i] as u64;
        }
        i += 1;
    }
    (key << 8) | word.len() as u64
}

/// Where a key's search of [`STOP_TABLE`] starts.
const fn stop_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - STOP_TABLE_BITS)) as usize
}

const STOP_TABLE_BITS: u32 = 8;
/// No word has this key: its length byte is 0xff.
const EMPTY_SLOT: u64 = u64::MAX;

/// The stop words' keys, hashed with linear probing: a lookup is a multiply and a compare or
/// two, where a binary search of STOP_WORDS was half the time of indexing a large guide.
static STOP_TABLE: [u64; 1 << STOP_TABLE_BITS] = {
    let mut table = [EMPTY_SLOT; 1 << STOP_TABLE_BITS];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        let key = stop_key(STOP_WORDS[i].as_bytes());
        let mut slot = stop_slot(key);
        while table[slot] != EMPTY_SLOT {
            slot = (slot + 1) % table.len();
        }
        table[slot] = key;
        i += 1;
    }
    table
};

/// The index terms of `text`, in order, repeats kept.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Words::new(text);
    let mut buf = String::new();
    std::iter::from_fn(move || words.next_term(&mut buf).map(str::to_string))
}

/// The index terms of a text, one at a time, without allocating: see [`Words::next_term`].
/// [`terms`] is the same walk, as `String`s.
pub struct Words<'a> {
    text: &'a str,
    /// Where the search for the next word starts, in bytes.
    pos: usize,
}

/// Where the lowercase form of a word is.
enum Lower {
    /// The word was lowercase already: `text[start..end]`.
    Text(usize, usize),
    /// In the caller's buffer.
    Buf,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str) -> Self {
        Words { text, pos: 0 }
    }

    /// The next term: the next run of letters and digits (`char::is_alphanumeric`), apostrophes
    /// inside it dropped, that is at least two characters long and, lowercased, is not a stop
    /// word, stemmed. It is a slice of the text or of `buf`, which holds the lowercase word when
    /// the text's does not. Exactly `stem(&word.to_lowercase())` for each such word of
    /// `text.replace(APOSTROPHES, "").split(|c: char| !c.is_alphanumeric())`.
    pub fn next_term<'s>(&mut self, buf: &'s mut String) -> Option<&'s str>
    where
        'a: 's,
    {
        let text = self.text;
        let bytes = text.as_bytes();
        let lower = loop {
            // Skip to the start of a word.
            let mut i = self.pos;
            while i < bytes.len() {
                let b = bytes[i];
                let class = ASCII_CLASS[usize::from(b)];
                if class & WORD != 0 {
                    break;
                }
                if class & OTHER != 0 {
                    let c = char_at(text, i);
                    if c.is_alphanumeric() {
                        break;
                    }
                    i += c.len_utf8();
                } else {
                    i += 1;
                }
            }
            if i == bytes.len() {
                self.pos = i;
                return None;
            }
            // Then to its end, noting what lowercasing it needs.
            let start = i;
            let mut chars = 0usize;
            let mut seen = 0u8;
            while i < bytes.len() {
                let class = ASCII_CLASS[usize::from(bytes[i])];
                if class & WORD != 0 {
                    seen |= class;
                    i += 1;
                } else if class & OTHER != 0 {
                    let c = char_at(text, i);
                    if APOSTROPHES.contains(&c) {
                        // Inside a word, an apostrophe is dropped; it does not end the word.
                        seen |= APOSTROPHE;
                        i += c.len_utf8();
                        continue;
                    }
                    if !c.is_alphanumeric() {
                        break;
                    }
                    seen |= OTHER;
                    i += c.len_utf8();
                } else if class & APOSTROPHE != 0 {
                    seen |= APOSTROPHE;
                    i += 1;
                    continue;
                } else {
                    break;
                }
                chars += 1;
            }
            let ascii = seen & OTHER == 0;
            let upper = seen & UPPER != 0;
            // The character at `i`, if any, is not part of a word.
            self.pos = i;
            if chars < 2 {
                continue;
            }
            let word = &text[start..i];
            let lower = if ascii && !upper && seen & APOSTROPHE == 0 {
                Lower::Text(start, i)
            } else {
                buf.clear();
                if seen & APOSTROPHE != 0 {
                    // Rare: the word without its apostrophes, lowercased as `str::to_lowercase`
                    // lowercases it.
                    let bare: String = word.chars().filter(|c| !APOSTROPHES.contains(c)).collect();
                    buf.push_str(&bare.to_lowercase());
                } else if ascii {
                    buf.push_str(word);
                    buf.make_ascii_lowercase();
                } else if word.contains('Σ') {
                    // A final sigma lowercases differently; `str::to_lowercase` knows where.
                    buf.push_str(&word.to_lowercase());
                } else {
                    // As `str::to_lowercase` does for every character but `Σ`.
                    buf.extend(word.chars().flat_map(char::to_lowercase));
                }
                Lower::Buf
            };
            let lowered = match lower {
                Lower::Text(s, e) => &text[s..e],
                Lower::Buf => buf.as_str(),
            };
            if !is_stop_word(lowered) {
                break lower;
            }
        };
        let lowered: &'s str = match lower {
            Lower::Text(s, e) => &text[s..e],
            Lower::Buf => buf,
        };
        Some(stem_str(lowered))
    }
}

/// [`ASCII_CLASS`]: an ASCII letter or digit,
const WORD: u8 = 1;
/// an ASCII capital letter (and so WORD too),
const UPPER: u8 = 2;
/// or a byte of a non-ASCII character, to be decoded,
const OTHER: u8 = 4;
/// or the ASCII apostrophe. Any other byte is ASCII and no letter.
const APOSTROPHE: u8 = 8;

/// What each byte of UTF-8 text is, for the walk.
static ASCII_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if !byte.is_ascii() {
            OTHER
        } else if byte == b'\'' {
            APOSTROPHE
        } else if byte.is_ascii_uppercase() {
            WORD | UPPER
        } else if byte.is_ascii_alphanumeric() {
            WORD
        } else {
            0
        };
        b += 1;
    }
    class
};

/// The (non-ASCII) character that starts at byte `i` of `text`.
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("a character starts here")
}

/// Whether `word` is one of STOP_WORDS, by a look-up in a hash table of them.
pub fn is_stop_word(word: &str) -> bool {
    if word.len() > STOP_WORD_MAX_LEN {
        return false;
    }
    let key = stop_key(word.as_bytes());
    let mut slot = stop_slot(key);
    loop {
        match STOP_TABLE[slot] {
            k if k == key => return true,
            EMPTY_SLOT => return false,
            _ => slot = (slot + 1) % STOP_TABLE.len(),
        }
    }
}

/// A very light stemmer: drop a plural `s`, so "deadlifts" and "deadlift" meet. Words ending in
/// `ss`, `us` or `is` keep theirs, as do short words ("yes", "gas").
pub fn stem(word: &str) -> String {
    stem_str(word).to_string()
}

/// [`stem`], as a slice of `word`.
pub fn stem_str(word: &str) -> &str {
    let keep = !word.ends_with('s')
        || word.ends_with("ss")
        || word.ends_with("us")
        || word.ends_with("is")
        || word.len() <= 3
        || word.chars().count() <= 3;
    if keep {
        word
    } else {
        &word[..word.len() - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lowercases_drops_stop_words_and_stems() {
        let t: Vec<String> =
            terms("The Deadlifts, squats & sciatica: it's a 48-hour thing").collect();
        assert_eq!(t, ["deadlift", "squat", "sciatica", "48", "hour", "thing"]);
    }

    #[test]
    fn stop_words_are_sorted_and_found() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "keep STOP_WORDS sorted, for the index and for reading"
        );
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        assert!(!is_stop_word("deadlift") && !is_stop_word(""));
        // Near misses: every prefix and extension of a stop word, other cases, a NUL.
        for w in STOP_WORDS {
            for word in (0..w.len()).map(|n| w[..n].to_string()).chain([
                format!("{w}s"),
                format!("{w}\0"),
                format!("x{w}"),
                w.to_uppercase(),
            ]) {
                assert_eq!(
                    is_stop_word(&word),
                    STOP_WORDS.contains(&word.as_str()),
                    "{word:?}"
                );
            }
        }
    }

    /// The walk as it was written first, allocating twice a word: [`Words`] must match it.
    fn reference_terms(text: &str) -> Vec<String> {
        text.replace(APOSTROPHES, "")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 1)
            .map(str::to_lowercase)
            .filter(|w| STOP_WORDS.binary_search(&w.as_str()).is_err())
            .map(|w| {
                let keep = w.chars().count() <= 3
                    || !w.ends_with('s')
                    || w.ends_with("ss")
                    || w.ends_with("us")
                    || w.ends_with("is");
                if keep {
                    w
                } else {
                    w[..w.len() - 1].to_string()
                }
            })
            .collect()
    }

    #[test]
    fn the_walk_matches_the_reference_on_awkward_text() {
        for text in [
            "",
            "a",
            "  ,, ",
            "The Deadlifts, squats & sciatica: it's a 48-hour thing",
            "ÆSOP's fables, naïve NAÏVE Naïves, Ærø, ß STRASSE straße",
            "ΟΔΟΣ ΣΟΦΟΣ Σσ ΣΑΣ, ὈΔΥΣΣΕΎΣ odysseus",
            "İstanbul İİ ǅemal Ǆǅǆ ﬁne ﬃs",
            "x y z ab AB Ab aB abs ABS ιs iS Is",
            "日本語のテキスト 中文 한국어 مرحبا עברית",
            "Ⅻ ⅻs ½ ² 42 4s 1st 2nds 0x1F e\u{301}s caf\u{e9}s",
            "THEIR Those WHICH while About, aFTer, YOUR yours",
            "</script><script>alert(1)</script> &amp; <b>bold</b>",
            "tab\tnew\nline\r\nend\u{0}nul\u{feff}bom",
            "emoji 👍🏽s 🙂ok ok🙂s",
            "I can't walk, it doesn't ease; dogs' legs ’tis O’Brien a''b ' ’ x'",
            "ΟΔΟΣ’ Σ'Σ ΣΑ'Σ İ'x CAN'T Can’t naïve's",
        ] {
            assert_eq!(
                terms(text).collect::<Vec<_>>(),
                reference_terms(text),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..Default::default()
        })]
        #[test]
        fn the_walk_matches_the_reference(text in "(?s).{0,80}") {
            proptest::prop_assert_eq!(terms(&text).collect::<Vec<_>>(), reference_terms(&text));
        }

        #[test]
        fn the_walk_matches_the_reference_on_words(
            text in "([A-Za-z]{0,6}|[ÆæÏïΣσςİıßǅﬁ½²Ⅻ’]|[sS]{1,3}|[ ,.'-]){0,20}"
        ) {
            proptest::prop_assert_eq!(terms(&text).collect::<Vec<_>>(), reference_terms(&text));
        }
    }

    #[test]
    fn apostrophes_join_a_word_instead_of_splitting_it() {
        let t: Vec<String> = terms("Legs that won't hold me; it hasn’t eased; O'Brien's").collect();
        assert_eq!(t, ["leg", "hold", "hasnt", "eased", "obrien"]);
    }

    #[test]
    fn keeps_the_s_where_it_is_not_a_plural() {
        assert_eq!(stem("stress"), "stress");
        assert_eq!(stem("spasmus"), "spasmus");
        assert_eq!(stem("pelvis"), "pelvis");
        assert_eq!(stem("yes"), "yes");
        assert_eq!(stem("muscles"), "muscle");
        assert_eq!(stem("ice"), "ice");
    }
}
