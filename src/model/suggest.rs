//! "Did you mean": the closest of many names (page paths, titles) to one that was not found.
//!
//! A migrated handbook can have 20,000 broken links against 5,000 pages. Comparing each broken
//! target with every name costs milliseconds apiece, so the names are indexed once, by length
//! and by their pairs of letters (bigrams). A lookup counts the bigrams each name shares with
//! the wanted one (from the postings: a few thousand additions), starts at the wanted name's
//! own length and widens only while a closer name is still possible, skips every name sharing
//! too few bigrams to be close (two names within `k` edits share at least
//! `max(len) - 1 - 2k` of them), and stops each edit distance as soon as it exceeds the best
//! found so far. The same broken target is answered once per [`Suggester`] (it is memoised).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The rule for what counts as a plausible typo: at most a third of the longer name's
/// characters differ (at least 2). A name that merely starts with what was written
/// (`#parental` for `#parental-leave`) is also offered, when nothing is close.
fn typo_limit(wanted_chars: usize, candidate_chars: usize) -> usize {
    (wanted_chars.max(candidate_chars) / 3).max(2)
}

/// How many of the names sharing the most bigrams are compared first.
const LIKELY: usize = 8;

/// What a prefix match scores above any close match.
const PREFIX_PENALTY: usize = 1_000_000;

/// Names indexed for [`NameIndex::closest`].
#[derive(Debug, Default)]
pub struct NameIndex {
    /// The names as given.
    names: Vec<String>,
    /// Each name lowercased, as chars (indexed like `names`).
    lower: Vec<Vec<char>>,
    /// Name indices by the lowercased name's length in chars.
    by_len: Vec<Vec<usize>>,
    /// Name indices sorted by the lowercased name, for prefix lookups.
    sorted: Vec<usize>,
    /// Each bigram: the names holding it, with how often.
    grams: HashMap<(char, char), Vec<(u32, u32)>>,
}

/// The bigrams of a name, with how often each occurs.
fn bigrams(chars: &[char]) -> HashMap<(char, char), u32> {
    let mut grams = HashMap::new();
    for pair in chars.windows(2) {
        *grams.entry((pair[0], pair[1])).or_insert(0) += 1;
    }
    grams
}

impl NameIndex {
    /// Indexes `names` (duplicates are harmless).
    pub fn new<'s>(names: impl Iterator<Item = &'s str>) -> Self {
        let names: Vec<String> = names.map(str::to_string).collect();
        let lower: Vec<Vec<char>> = names
            .iter()
            .map(|n| n.to_lowercase().chars().collect())
            .collect();
        let mut by_len: Vec<Vec<usize>> = Vec::new();
        for (i, l) in lower.iter().enumerate() {
            if by_len.len() <= l.len() {
                by_len.resize_with(l.len() + 1, Vec::new);
            }
            by_len[l.len()].push(i);
        }
        let mut sorted: Vec<usize> = (0..names.len()).collect();
        sorted.sort_by(|&a, &b| lower[a].cmp(&lower[b]));
        let mut grams: HashMap<(char, char), Vec<(u32, u32)>> = HashMap::new();
        for (i, l) in lower.iter().enumerate() {
            for (gram, count) in bigrams(l) {
                grams.entry(gram).or_default().push((i as u32, count));
            }
        }
        NameIndex {
            names,
            lower,
            by_len,
            sorted,
            grams,
        }
    }

    /// The closest name by edit distance (ignoring case) when it is a plausible typo, else the
    /// shortest name starting with `wanted` (3 characters or more). Ties go to the name that
    /// sorts first, so the answer never depends on the order names were given in.
    pub(crate) fn closest(&self, wanted: &str) -> Option<&str> {
        let wanted: Vec<char> = wanted.to_lowercase().chars().collect();
        let w = wanted.len();
        // Bigrams each name shares with `wanted` (counted with repeats).
        let mut shared = vec![0u32; self.names.len()];
        for (gram, count) in bigrams(&wanted) {
            for &(i, theirs) in self.grams.get(&gram).into_iter().flatten() {
                shared[i as usize] += count.min(theirs);
            }
        }
        // (score, name index) of the best so far.
        let mut best: Option<(usize, usize)> = None;
        let better = |score: usize, i: usize, best: &Option<(usize, usize)>| match best {
            None => true,
            Some((s, j)) => (score, &self.names[i]) < (*s, &self.names[*j]),
        };
        // The names sharing the most bigrams first: the closest is usually among them, and the
        // bound it sets prunes nearly all of the scan below.
        let mut likely: Vec<usize> = (0..self.names.len()).filter(|&i| shared[i] > 0).collect();
        if likely.len() > LIKELY {
            likely.select_nth_unstable_by(LIKELY, |&a, &b| shared[b].cmp(&shared[a]));
            likely.truncate(LIKELY);
        }
        for i in likely {
            let limit = typo_limit(w, self.lower[i].len());
            let bound = best.map_or(limit, |(s, _)| s.min(limit));
            if let Some(d) = bounded_distance(&wanted, &self.lower[i], bound)
                && better(d, i, &best)
            {
                best = Some((d, i));
            }
        }
        // Lengths in order of their gap to `w`: the gap is a lower bound of the distance, so
        // once it exceeds the best distance (or any plausible limit) nothing further can win.
        let max_len = self.by_len.len().saturating_sub(1);
        for gap in 0..=max_len.max(w) {
            let bound = best.map_or(usize::MAX, |(s, _)| s);
            if gap > bound {
                break;
            }
            let longer = w + gap;
            // Past both limits for every length this far out: done.
            if gap > typo_limit(w, longer) && gap > typo_limit(w, w.saturating_sub(gap)) {
                break;
            }
            let lengths = [
                Some(w + gap),
                (gap > 0).then(|| w.checked_sub(gap)).flatten(),
            ];
            for len in lengths.into_iter().flatten() {
                let limit = typo_limit(w, len);
                if gap > limit {
                    continue;
                }
                for &i in self.by_len.get(len).into_iter().flatten() {
                    let bound = best.map_or(limit, |(s, _)| s.min(limit));
                    // Too few shared bigrams for a distance within the bound.
                    let needed = w.max(len).saturating_sub(1 + 2 * bound);
                    if (shared[i] as usize) < needed {
                        continue;
                    }
                    if let Some(d) = bounded_distance(&wanted, &self.lower[i], bound)
                        && better(d, i, &best)
                    {
                        best = Some((d, i));
                    }
                }
            }
        }
        if best.is_none() && w >= 3 {
            // The shortest name that starts with `wanted`: its distance is the length gap.
            let start = self
                .sorted
                .partition_point(|&i| self.lower[i].as_slice() < wanted.as_slice());
            for &i in self.sorted[start..]
                .iter()
                .take_while(|&&i| self.lower[i].starts_with(&wanted))
            {
                let score = PREFIX_PENALTY + self.lower[i].len() - w;
                if better(score, i, &best) {
                    best = Some((score, i));
                }
            }
        }
        best.map(|(_, i)| self.names[i].as_str())
    }
}

/// The Levenshtein distance of `a` and `b` when it is at most `bound`, else `None`. Only the
/// diagonal band of width `2 * bound + 1` is computed, and a row whose every cell is over the
/// bound ends it early.
fn bounded_distance(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    if a.is_empty() || b.is_empty() {
        return Some(a.len().max(b.len()));
    }
    let over = bound + 1;
    // prev[j] = distance(a[..i], b[..j]), with cells outside the band at `over`.
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut cur = vec![over; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        let from = row.saturating_sub(bound).max(1);
        let to = (row + bound).min(b.len());
        cur.fill(over);
        cur[0] = row.min(over);
        let mut row_min = cur[0];
        for j in from..=to {
            let cost = usize::from(ca != b[j - 1]);
            let d = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = d.min(over);
            row_min = row_min.min(cur[j]);
        }
        if row_min > bound {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= bound).then_some(d)
}

/// "Did you mean" for one set of names, built when the first broken target asks, with every
/// answer memoised: a broken link repeated on many pages, or on the page `serve` renders again
/// after each save, costs one lookup per model.
#[derive(Debug, Default)]
pub struct Suggester {
    index: OnceLock<NameIndex>,
    memo: Mutex<HashMap<String, Option<String>>>,
}

impl Suggester {
    /// The suggestion for `wanted` among the names `names` gives (called once, on first use).
    pub(crate) fn suggest<'s, I: Iterator<Item = &'s str>>(
        &self,
        wanted: &str,
        names: impl FnOnce() -> I,
    ) -> Option<String> {
        let lock = || self.memo.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(wanted) {
            return found.clone();
        }
        let index = self.index.get_or_init(|| NameIndex::new(names()));
        let answer = index.closest(wanted).map(str::to_string);
        lock().insert(wanted.to_string(), answer.clone());
        answer
    }
}

/// The closest of a few names (a page's ids), without keeping an index.
pub(crate) fn closest<'s>(wanted: &str, names: impl Iterator<Item = &'s str>) -> Option<String> {
    NameIndex::new(names).closest(wanted).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[&str]) -> NameIndex {
        NameIndex::new(names.iter().copied())
    }

    #[test]
    fn distance_within_and_over_the_bound() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(bounded_distance(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(bounded_distance(&c("kitten"), &c("sitting"), 2), None);
        assert_eq!(bounded_distance(&c("abc"), &c("abc"), 0), Some(0));
        assert_eq!(bounded_distance(&c(""), &c("ab"), 2), Some(2));
        assert_eq!(bounded_distance(&c("flaw"), &c("lawn"), 5), Some(2));
    }

    #[test]
    fn bounded_distance_agrees_with_strsim() {
        let words = [
            "policies/leave.md",
            "policies/leav.md",
            "polices/leave.md",
            "guide/onboarding.md",
            "guide/on-boarding.md",
            "décisions/0001.md",
            "decisions/0001.md",
            "",
            "a",
        ];
        for a in words {
            for b in words {
                let exact = strsim::levenshtein(a, b);
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for bound in 0..8 {
                    let expected = (exact <= bound).then_some(exact);
                    assert_eq!(
                        bounded_distance(&ca, &cb, bound),
                        expected,
                        "{a:?} {b:?} {bound}"
                    );
                }
            }
        }
    }

    #[test]
    fn finds_the_closest_typo() {
        let i = index(&["policies/leave.md", "policies/remote.md", "guide/a.md"]);
        assert_eq!(i.closest("policies/leav.md"), Some("policies/leave.md"));
        assert_eq!(i.closest("Policies/Remote.md"), Some("policies/remote.md"));
        assert_eq!(i.closest("zzz/qqq.md"), None);
    }

    #[test]
    fn offers_a_prefix_when_nothing_is_close() {
        let i = index(&["parental-leave", "parental-leave-uk", "sick-leave"]);
        assert_eq!(i.closest("parental"), Some("parental-leave"));
        assert_eq!(i.closest("pa"), None);
    }

    #[test]
    fn ties_go_to_the_name_that_sorts_first_whatever_the_order() {
        let a = index(&["b-x.md", "a-x.md"]);
        let b = index(&["a-x.md", "b-x.md"]);
        assert_eq!(a.closest("c-x.md"), Some("a-x.md"));
        assert_eq!(b.closest("c-x.md"), Some("a-x.md"));
    }

    #[test]
    fn agrees_with_a_scan_of_every_name() {
        // The index must give what comparing with every name gives.
        let names: Vec<String> = (0..300)
            .map(|n| format!("section-{}/page-{}-{}.md", n % 7, n, "x".repeat(n % 13)))
            .collect();
        let idx = NameIndex::new(names.iter().map(String::as_str));
        let mut wanted_list: Vec<String> = [
            "section-3/page-10-xxx.md",
            "section-3/page-10-xx.md",
            "sectin-1/page-99-x.md",
            "section-9/nothing.md",
            "page-1",
            "section-",
        ]
        .map(String::from)
        .to_vec();
        // Names with 1 to 9 edits spread over them: near and past the typo limit.
        for (n, name) in names.iter().enumerate().step_by(11) {
            let mut chars: Vec<char> = name.chars().collect();
            for e in 0..=(n % 9) {
                let at = (e * 7 + n) % chars.len();
                match e % 3 {
                    0 => chars[at] = 'q',
                    1 => drop(chars.remove(at)),
                    _ => chars.insert(at, 'z'),
                }
            }
            wanted_list.push(chars.into_iter().collect());
        }
        for wanted in wanted_list.iter().map(String::as_str) {
            let w = wanted.to_lowercase();
            let wc = w.chars().count();
            let scan = names
                .iter()
                .filter_map(|c| {
                    let d = strsim::levenshtein(&w, &c.to_lowercase());
                    (d <= typo_limit(wc, c.chars().count())).then_some((d, c.as_str()))
                })
                .min();
            let expected = scan.map(|(_, c)| c).or_else(|| {
                names
                    .iter()
                    .filter(|c| wc >= 3 && c.to_lowercase().starts_with(&w))
                    .map(|c| (c.chars().count(), c.as_str()))
                    .min()
                    .map(|(_, c)| c)
            });
            assert_eq!(idx.closest(wanted), expected, "{wanted}");
        }
    }

    #[test]
    fn suggester_memoises_and_builds_once() {
        let s = Suggester::default();
        let mut built = 0;
        for _ in 0..3 {
            let answer = s.suggest("guide/b.md", || {
                built += 1;
                ["guide/a.md"].into_iter()
            });
            assert_eq!(answer.as_deref(), Some("guide/a.md"));
        }
        assert_eq!(built, 1);
    }
}
