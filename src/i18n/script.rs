//! Which writing system a handbook is mostly written in, for when `handbook.yml` names no
//! `language`: publishing `lang="en"` over Japanese text gives wrong fonts, wrong line breaking
//! and a search index that splits no words. Only the script is told apart, not the language
//! (Latin script could be any of dozens), so only non-Latin scripts suggest a setting.

/// The scripts told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Chinese characters (also used in Japanese).
    Han,
    /// Hiragana and Katakana: only Japanese uses them.
    Kana,
    /// Korean.
    Hangul,
    /// Russian, Ukrainian, Bulgarian, ...
    Cyrillic,
    /// Arabic, Persian, Urdu.
    Arabic,
    /// Hebrew, Yiddish.
    Hebrew,
    /// Greek.
    Greek,
}

impl Script {
    /// The script of one character, if it is a letter of one of the scripts told apart.
    pub fn of(c: char) -> Option<Script> {
        let script = match c as u32 {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F => Script::Latin,
            0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
            0x400..=0x52F => Script::Cyrillic,
            0x590..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                Script::Arabic
            }
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Script::Han,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
            _ => return None,
        };
        Some(script)
    }

    /// A name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Han => "Chinese characters (Han)",
            Script::Kana => "Japanese Kana",
            Script::Hangul => "Korean Hangul",
            Script::Cyrillic => "Cyrillic",
            Script::Arabic => "Arabic",
            Script::Hebrew => "Hebrew",
            Script::Greek => "Greek",
        }
    }
}

/// Letters counted per script.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    /// By `Script as usize`.
    counts: [usize; SCRIPTS],
}

/// How many scripts are told apart.
const SCRIPTS: usize = Script::Greek as usize + 1;

impl ScriptCounts {
    /// Counts the letters of `text`. ASCII, most of any handbook's bytes, is counted a byte at
    /// a time; only other characters are decoded.
    pub fn add(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            let ascii = rest.bytes().take_while(u8::is_ascii).count();
            self.counts[Script::Latin as usize] += rest.as_bytes()[..ascii]
                .iter()
                .filter(|b| b.is_ascii_alphabetic())
                .count();
            rest = &rest[ascii..];
            let other = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
            for c in rest[..other].chars() {
                if let Some(script) = Script::of(c) {
                    self.counts[script as usize] += 1;
                }
            }
            rest = &rest[other..];
        }
    }

    /// Adds the counts of another text.
    pub fn merge(&mut self, other: &ScriptCounts) {
        for (count, more) in self.counts.iter_mut().zip(other.counts) {
            *count += more;
        }
    }

    /// The language a handbook written this way most likely uses, with the script that says so:
    /// Kana means Japanese (Japanese text mixes Kana with Han, Chinese has none); Han alone
    /// Chinese; and so on. `None` for Latin (or no letters): which Latin-script language it
    /// is cannot be told from the script.
    pub(crate) fn suggested_language(&self) -> Option<(&'static str, Script)> {
        let total: usize = self.counts.iter().sum();
        let count = |s: Script| self.counts[s as usize];
        if total == 0 {
            return None;
        }
        // CJK text is dense (one character per word part), Latin text in it (code, names,
        // product words) is loose: weigh a CJK character as three letters.
        let weighed = |s: Script| match s {
            Script::Han | Script::Kana | Script::Hangul => count(s) * 3,
            _ => count(s),
        };
        let (dominant, _) = [
            Script::Latin,
            Script::Han,
            Script::Kana,
            Script::Hangul,
            Script::Cyrillic,
            Script::Arabic,
            Script::Hebrew,
            Script::Greek,
        ]
        .into_iter()
        .map(|s| (s, weighed(s)))
        .max_by_key(|&(_, w)| w)?;
        let cjk = count(Script::Han) + count(Script::Kana);
        match dominant {
            Script::Latin => None,
            // Japanese prose is a third or more Kana; a Chinese text quoting a Japanese name
            // has a few.
            Script::Han | Script::Kana if count(Script::Kana) * 5 >= cjk => {
                Some(("ja", Script::Kana))
            }
            Script::Han | Script::Kana => Some(("zh", Script::Han)),
            Script::Hangul => Some(("ko", Script::Hangul)),
            Script::Cyrillic => Some(("ru", Script::Cyrillic)),
            Script::Arabic => Some(("ar", Script::Arabic)),
            Script::Hebrew => Some(("he", Script::Hebrew)),
            Script::Greek => Some(("el", Script::Greek)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest(text: &str) -> Option<&'static str> {
        let mut counts = ScriptCounts::default();
        counts.add(text);
        counts.suggested_language().map(|(lang, _)| lang)
    }

    #[test]
    fn counts_are_the_letters_of_each_script_whatever_the_mix() {
        let text = "Deploy デプロイ 배포 деплой, naïve café 部署 ωμέγα 123 !!";
        let mut counts = ScriptCounts::default();
        counts.add(text);
        let mut one_by_one = ScriptCounts::default();
        for c in text.chars() {
            if let Some(script) = Script::of(c) {
                one_by_one.counts[script as usize] += 1;
            }
        }
        assert_eq!(counts, one_by_one);
        assert_eq!(counts.counts[Script::Latin as usize], 6 + 5 + 4);
        assert_eq!(counts.counts[Script::Kana as usize], 4);
    }

    #[test]
    fn scripts_suggest_their_language() {
        assert_eq!(
            suggest("リモートワークの方針について説明します。"),
            Some("ja")
        );
        assert_eq!(suggest("我们的远程工作政策说明如下。"), Some("zh"));
        assert_eq!(suggest("원격 근무 정책을 설명합니다."), Some("ko"));
        assert_eq!(suggest("Политика удалённой работы."), Some("ru"));
        assert_eq!(suggest("سياسة العمل عن بعد"), Some("ar"));
        assert_eq!(suggest("The remote work policy."), None);
        assert_eq!(suggest("12345 !!"), None);
    }

    #[test]
    fn japanese_with_latin_code_words_is_still_japanese() {
        assert_eq!(
            suggest(
                "GitHub の pull request でレビューを依頼してください。CI が通ったらマージします。"
            ),
            Some("ja")
        );
    }

    #[test]
    fn chinese_quoting_a_japanese_name_stays_chinese() {
        assert_eq!(
            suggest(
                "我们参考了《ハンドブック》的做法，并根据团队的实际情况调整了异步沟通和决策记录的流程。"
            ),
            Some("zh")
        );
    }
}
