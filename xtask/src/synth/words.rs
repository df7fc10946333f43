//! The synthetic guide's randomness and vocabulary: a tiny xorshift generator (so the output is
//! the same on every machine, with no `rand` crate) and plain-English word lists.

/// xorshift64*: small, fast and deterministic. Not for anything but test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // A zero state would stay zero forever.
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct items, in random order.
    pub fn sample<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in 0..k.min(idx.len()) {
            let j = i + self.below(idx.len() - i);
            idx.swap(i, j);
        }
        idx.into_iter().take(k).map(|i| &items[i]).collect()
    }
}

/// Headings: letters and spaces only, so backguide, Hugo and mdBook all give the same ids.
pub const HEADINGS: &[&str] = &[
    "What it is",
    "How it feels",
    "What helps",
    "When to rest",
    "Why it happens",
    "How long it lasts",
    "What to try first",
    "Getting back to training",
    "Signs to watch for",
    "Who gets it",
    "What makes it worse",
    "How to ease it",
    "When to see a doctor",
    "Daily habits",
    "Stretches that help",
    "Sleep and rest",
    "Food and drink",
    "Common mistakes",
    "Before you start",
    "Your first week back",
    "Questions people ask",
    "A simple plan",
];

pub const FEELINGS: &[&str] = &["stiff", "sore", "tight", "achy", "tender", "heavy"];
pub const PARTS: &[&str] = &[
    "lower back",
    "upper back",
    "core",
    "neck",
    "side",
    "pelvis",
    "left side",
    "right side",
];
pub const WORKOUTS: &[&str] = &[
    "deadlifts",
    "squats",
    "a long run",
    "rowing",
    "a spin class",
    "heavy lifting",
    "a new class",
    "yoga",
    "football",
    "a hill walk",
    "kettlebell swings",
    "gardening",
];
pub const TIMES: &[&str] = &[
    "the next morning",
    "a day later",
    "two days later",
    "after a long drive",
    "at night",
    "when you sit for a while",
];
pub const HELPS: &[&str] = &[
    "gentle walking",
    "a warm shower",
    "light stretching",
    "a short rest",
    "a cold pack",
    "a heat pad",
    "an easy swim",
    "a good night of sleep",
];

/// Sentences with slots: {part} {feel} {workout} {time} {help} {term}.
pub const SENTENCES: &[&str] = &[
    "After {workout}, your {part} may feel {feel} {time}.",
    "This is common, and it usually fades on its own within a few days.",
    "Try {help} if your {part} feels {feel}.",
    "Doctors sometimes talk about the {term} when they explain this.",
    "A problem with the {term} can make your {part} feel {feel}.",
    "Most people feel better after {help} and a calm day.",
    "If the pain gets worse {time}, stop and rest.",
    "Build up slowly: add a little more each week, not a lot at once.",
    "Keep a short note of how your {part} feels after {workout}.",
    "Sharp pain in one spot is different from a dull ache across the muscles.",
    "Ask a physiotherapist to check your form if {workout} often leaves you {feel}.",
    "The {term} is one part of the back that can get {feel} after hard work.",
    "Drink water and eat well so your muscles can mend.",
    "Do not push through pain that makes you stop what you are doing.",
    "Your {part} may also feel {feel} if you did {workout} after a long break.",
    "Many people find that {help} eases the {term} within a day or two.",
];

pub const FEELS_LIKE: &[&str] = &[
    "a dull ache",
    "stiff muscles",
    "a sharp pain in one spot",
    "a tight band across the back",
    "pain when you bend",
    "soreness that eases as you move",
    "a deep throb",
];

pub const SIGNS: &[&str] = &[
    "numbness in one leg",
    "pain that wakes you at night",
    "a fever with back pain",
    "weakness in a foot",
    "pain after a fall",
    "tingling that spreads down a leg",
];

/// Glossary terms are region + part: 8 × 10 distinct two-word terms.
pub const REGIONS: &[&str] = &[
    "lumbar", "thoracic", "sacral", "cervical", "pelvic", "spinal", "lateral", "deep",
];
pub const STRUCTURES: &[&str] = &[
    "disc",
    "ligament",
    "fascia",
    "muscle",
    "nerve",
    "joint",
    "tendon",
    "vertebra",
    "stiffness",
    "spasm",
];
