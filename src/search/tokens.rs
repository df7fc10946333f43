//! Words for the search index. static/search.js splits a query the same way: lowercase, split on
//! anything that is not a letter or digit, drop one-letter words and stop words, then stem.

/// Words too common to help find a page. They ship in the index so the browser drops them from
/// a query too ("pain in the leg" searches for "pain" and "leg").
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "do", "does", "for", "from", "had", "has", "have", "how", "if", "in",
    "into", "is", "it", "its", "just", "more", "most", "much", "of", "on", "one", "or", "our",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "up", "very", "was", "way", "we", "what", "when", "which",
    "while", "who", "will", "with", "you", "your",
];

/// The index terms of `text`, in order, repeats kept.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .filter(|w| !is_stop_word(w))
        .map(|w| stem(&w))
}

/// STOP_WORDS is sorted, so this is a binary search: a linear scan of the list for every word
/// was a tenth of a large build.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// A very light stemmer: drop a plural `s`, so "deadlifts" and "deadlift" meet. Words ending in
/// `ss`, `us` or `is` keep theirs, as do short words ("yes", "gas").
pub fn stem(word: &str) -> String {
    let keep = word.chars().count() <= 3
        || !word.ends_with('s')
        || word.ends_with("ss")
        || word.ends_with("us")
        || word.ends_with("is");
    if keep {
        word.to_string()
    } else {
        word[..word.len() - 1].to_string()
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
    fn stop_words_are_sorted_for_the_binary_search() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "keep STOP_WORDS sorted"
        );
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        assert!(!is_stop_word("deadlift") && !is_stop_word(""));
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
