// Patched in by `handbook` (see its README, "Search"): a fossicked page's words, packed.
//
// Every fossicked page is held until the index is built. As a `HashMap<String,
// Vec<FossickedWord>>`, each word of a page cost a hash table slot (48 bytes, plus the table's
// spare room), a heap allocation for its text and one for its list, and each occurrence 32
// bytes (`FossickedWord` carries an `Option<String>` that is nearly always `None`): about 200
// bytes per distinct word of a page, 630 MiB of a 10,000-page site's peak of 0.97 GiB. Packed,
// a word costs its text and 8 bytes, an occurrence 5 bytes.

use super::FossickedWord;
use hashbrown::HashMap;

/// A page's words (stemmed and normalised) and their occurrences, in a few flat arrays.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackedWordData {
    /// The words, one after the other.
    text: String,
    /// For each word, where it ends in `text` and where its occurrences end in `positions`.
    ends: Vec<(u32, u32)>,
    /// Each occurrence's position on the page, word after word.
    positions: Vec<u32>,
    /// Each occurrence's weight, in the same order.
    weights: Vec<u8>,
    /// The few occurrences whose word had diacritics: the index of the occurrence in
    /// `positions` and the word as written, by index.
    originals: Vec<(u32, String)>,
}

impl PackedWordData {
    /// Packs a page's word map. Words keep the map's order, and each word its occurrences'.
    pub fn from_map(map: HashMap<String, Vec<FossickedWord>>) -> Self {
        let mut packed = PackedWordData {
            text: String::with_capacity(map.keys().map(String::len).sum()),
            ends: Vec::with_capacity(map.len()),
            positions: Vec::with_capacity(map.values().map(Vec::len).sum()),
            weights: Vec::with_capacity(map.values().map(Vec::len).sum()),
            originals: Vec::new(),
        };
        for (word, occurrences) in map {
            packed.text.push_str(&word);
            for occurrence in occurrences {
                if let Some(original) = occurrence.original_word {
                    packed.originals.push((index(packed.positions.len()), original));
                }
                packed.positions.push(occurrence.position);
                packed.weights.push(occurrence.weight);
            }
            packed
                .ends
                .push((index(packed.text.len()), index(packed.positions.len())));
        }
        packed.originals.shrink_to_fit();
        packed
    }

    /// The number of distinct words.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each word with its occurrences, unpacked one word at a time.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Vec<FossickedWord>)> + '_ {
        let mut originals = self.originals.iter().peekable();
        let mut start = (0, 0);
        self.ends.iter().map(move |&(text_end, positions_end)| {
            let word = &self.text[start.0 as usize..text_end as usize];
            let occurrences = (start.1..positions_end)
                .map(|i| FossickedWord {
                    position: self.positions[i as usize],
                    weight: self.weights[i as usize],
                    original_word: originals
                        .next_if(|(at, _)| *at == i)
                        .map(|(_, original)| original.clone()),
                })
                .collect();
            start = (text_end, positions_end);
            (word, occurrences)
        })
    }

    /// The map this was packed from.
    #[cfg(test)]
    pub fn to_map(&self) -> HashMap<String, Vec<FossickedWord>> {
        self.iter()
            .map(|(word, occurrences)| (word.to_string(), occurrences))
            .collect()
    }
}

/// An offset into a page's words: a page has far fewer than 2^32 of them (a word's position
/// is a `u32` already).
fn index(i: usize) -> u32 {
    u32::try_from(i).expect("a page holds fewer than 2^32 words")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(position: u32, weight: u8, original: Option<&str>) -> FossickedWord {
        FossickedWord {
            position,
            weight,
            original_word: original.map(String::from),
        }
    }

    #[test]
    fn packs_and_unpacks_the_same_map() {
        let map: HashMap<String, Vec<FossickedWord>> = HashMap::from_iter([
            ("hello".to_string(), vec![word(0, 24, None), word(7, 12, None)]),
            ("cafe".to_string(), vec![word(1, 24, Some("café")), word(3, 24, None)]),
            ("naive".to_string(), vec![word(2, 0, Some("naïve"))]),
        ]);
        let packed = PackedWordData::from_map(map.clone());
        assert_eq!(packed.len(), 3);
        assert_eq!(packed.to_map(), map);
        assert!(PackedWordData::from_map(HashMap::new()).is_empty());
    }
}
