//! Languages: a Japanese handbook without `language` is detected and warned about, pages carry
//! their language and direction, the interface is translated, and a bilingual handbook (en + ja)
//! builds a tree per language with a switcher, `hreflang`, fallbacks and one index per language.

use crate::support::{Handbook, list_files, main_of, sidebar_of};

/// A small bilingual handbook: English at the root, Japanese in `ja/` (the home and one page)
/// and beside its original (`guide/meetings.ja.md`); `guide/tools.md` is not translated.
fn bilingual() -> Handbook {
    Handbook::new()
        .file("handbook.yml", "title: Team handbook\nlanguage: en\nlanguages: [ja]\n")
        .file("index.md", "# Home\n\nWelcome. Read [remote work](guide/remote.md).\n")
        .file("guide/index.md", "# Guide\n\nHow we work.\n")
        .file("guide/remote.md", "# Remote work\n\nWe work remotely. See [meetings](meetings.md) and [tools](tools.md).\n")
        .file("guide/meetings.md", "# Meetings\n\nFew meetings. Back to [remote work](remote.md).\n")
        .file("guide/tools.md", "# Tools\n\nWe use chat.\n\n![Flow](flow.svg)\n")
        .file("guide/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("ja/index.md", "# ホーム\n\nようこそ。[リモートワーク](guide/remote.md)を読んでください。\n")
        .file("ja/guide/index.md", "# ガイド\n\n私たちの働き方。\n")
        .file("ja/guide/remote.md", "# リモートワーク\n\n全員がリモートで働いています。[会議](meetings.md)と[ツール](tools.md)も参照してください。\n")
        .file("guide/meetings.ja.md", "# 会議\n\n会議は少なめです。[リモートワーク](remote.md)に戻る。\n")
}

#[test]
fn a_bilingual_handbook_builds_a_tree_per_language() {
    let hb = bilingual();
    hb.build_ok();
    let files = list_files(&hb.out());
    for page in [
        "index.html",
        "guide/remote/index.html",
        "guide/meetings/index.html",
        "ja/index.html",
        "ja/guide/remote/index.html",
        "ja/guide/meetings/index.html",
        // Not translated: a fallback in the Japanese tree.
        "ja/guide/tools/index.html",
    ] {
        assert!(
            files.iter().any(|f| f == page),
            "{page} missing from {files:?}"
        );
    }
    let ja = hb.read_out("ja/guide/remote/index.html");
    assert!(
        ja.starts_with("<!doctype html>\n<html lang=\"ja\" dir=\"ltr\">"),
        "{}",
        &ja[..80]
    );
    // The interface is Japanese.
    assert!(ja.contains("本文へ移動"));
    // Cross-links stay in the language: the translated page and the untranslated one's fallback.
    let main = main_of(&ja);
    assert!(main.contains("<a href=\"../meetings/\">会議</a>"), "{main}");
    assert!(main.contains("<a href=\"../tools/\">ツール</a>"), "{main}");
    // `guide/meetings.ja.md` links `remote.md`, which reaches the Japanese page too.
    let meetings = hb.read_out("ja/guide/meetings/index.html");
    assert!(main_of(&meetings).contains("<a href=\"../remote/\">リモートワーク</a>"));
    // The English pages keep their links and their interface.
    let en = hb.read_out("guide/remote/index.html");
    assert!(main_of(&en).contains("<a href=\"../meetings/\">meetings</a>"));
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">") && en.contains("Skip to content"));
    // Each tree has its own sidebar: no Japanese page in the English one, and the reverse.
    assert!(!sidebar_of(&en).contains("../ja/"), "{}", sidebar_of(&en));
    let ja_sidebar = sidebar_of(&ja);
    assert!(
        ja_sidebar.contains("../ja/guide/meetings/\""),
        "{ja_sidebar}"
    );
    assert!(!ja_sidebar.contains("../guide/"), "{ja_sidebar}");
    // Breadcrumbs start at the Japanese home.
    assert!(
        main.contains("<li><a href=\"../../\">ホーム</a></li>"),
        "{main}"
    );
}

#[test]
fn pages_link_their_translations_with_a_switcher_and_hreflang() {
    let hb = bilingual().file(
        "handbook.yml",
        "title: Team handbook\nlanguage: en\nlanguages: [ja]\nbase_url: https://example.org/hb/\n",
    );
    hb.build_ok();
    let en = hb.read_out("guide/remote/index.html");
    assert!(en.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/hb/guide/remote/\">"
    ));
    assert!(en.contains(
        "<link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.org/hb/ja/guide/remote/\">"
    ));
    assert!(
        en.contains("<a href=\"../../ja/guide/remote/\" hreflang=\"ja\" lang=\"ja\">日本語</a>"),
        "{en}"
    );
    assert!(
        en.contains("<a href=\"./\" hreflang=\"en\" lang=\"en\" aria-current=\"true\">English</a>")
    );
    // An untranslated page: no hreflang for the fallback, the switcher marks it.
    let tools = hb.read_out("guide/tools/index.html");
    assert!(!tools.contains("hreflang=\"ja\" href="));
    // Fallbacks are not in the sitemap; translations are.
    let sitemap = hb.read_out("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/hb/ja/guide/remote/</loc>"));
    assert!(!sitemap.contains("ja/guide/tools/"));
    assert!(tools.contains("class=\"untranslated\">日本語</a>"));
}

#[test]
fn an_untranslated_page_falls_back_to_the_original_with_a_notice() {
    let hb = bilingual();
    hb.build_ok();
    let tools = hb.read_out("ja/guide/tools/index.html");
    assert!(
        tools.contains("このページはまだ日本語に翻訳されていません。Englishの原文を表示しています。 <a href=\"../../../guide/tools/\">English</a>"),
        "{}",
        main_of(&tools)
    );
    // The original's text, its image still found one folder up.
    assert!(main_of(&tools).contains("We use chat."));
    assert!(
        main_of(&tools).contains("src=\"../../../guide/flow.svg\""),
        "{}",
        main_of(&tools)
    );
    assert!(hb.out().join("guide/flow.svg").exists());
}

#[test]
fn each_language_gets_its_own_search_index() {
    let hb = bilingual();
    hb.build_ok();
    let files = list_files(&hb.out().join("pagefind"));
    let meta: Vec<&String> = files.iter().filter(|f| f.ends_with(".pf_meta")).collect();
    assert_eq!(meta.len(), 2, "{files:?}");
    assert!(meta.iter().any(|f| f.starts_with("pagefind.en_")));
    assert!(meta.iter().any(|f| f.starts_with("pagefind.ja_")));
    let entry = hb.read_out("pagefind/pagefind-entry.json");
    let entry: serde_json::Value = serde_json::from_str(&entry).expect("JSON");
    let pages = |lang: &str| entry["languages"][lang]["page_count"].as_u64();
    // English: home, guide, remote, meetings, tools. Japanese: the four translated pages; the
    // fallback stays out of the Japanese index.
    assert_eq!(pages("en"), Some(5), "{entry}");
    assert_eq!(pages("ja"), Some(4), "{entry}");
}

#[test]
fn health_lists_missing_and_outdated_translations() {
    let hb = bilingual()
        .file("guide/remote.md", "---\nupdated: 2026-10-01\n---\n# Remote work\n\nChanged. See [meetings](meetings.md).\n")
        .file("ja/guide/remote.md", "---\nupdated: 2026-09-01\n---\n# リモートワーク\n\n古い翻訳。\n");
    let run = hb.run(&["health", ".", "--format", "json"]);
    run.assert_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let ja = &report["translations"][0];
    assert_eq!(ja["language"], "ja");
    let paths = |list: &serde_json::Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|i| i["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths(&ja["missing"]), ["guide/tools.md"]);
    assert_eq!(paths(&ja["outdated"]), ["ja/guide/remote.md"]);
    assert_eq!(ja["outdated"][0]["since"], "2026-10-01");
    let text = hb.run(&["health", "."]).stdout;
    assert!(
        text.contains("Translation `ja`: 1 missing, 1 older than the original"),
        "{text}"
    );
}

#[test]
fn a_japanese_handbook_without_a_language_is_detected_and_warned_about() {
    let hb = Handbook::new()
        .file("index.md", "# ハンドブック\n\n私たちのチームが非同期で働くための方法を説明します。\n")
        .file("guide/meetings.md", "---\nreviewed: 2026-02-13\n---\n# 会議\n\n毎週の定例会議で進捗を共有します。\n\n## 議事録\n\n必ず共有してください。\n\n## 参加者\n\n全員。\n");
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("handbook.yml: warning: `language` is not set and the pages are mostly written in Japanese Kana, so they are published as `ja`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: add `language: ja` to handbook.yml"),
        "{}",
        run.stderr
    );
    let page = hb.read_out("guide/meetings/index.html");
    assert!(page.contains("<html lang=\"ja\" dir=\"ltr\">"));
    assert!(page.contains("<h2 id=\"toc-title\" class=\"toc-title\">このページの内容</h2>"));
    assert!(page.contains("<time datetime=\"2026-02-13\">2026年2月13日</time>"));
    // The full results page too: no English left in what it shows before its script runs.
    let search = hb.read_out("search/index.html");
    let main = main_of(&search);
    assert!(main.contains("<h1>検索</h1>"), "{main}");
    assert!(main.contains(">ハンドブックを検索</label>"), "{main}");
    for english in ["Search", "Sections", "More results", "needs JavaScript"] {
        assert!(!main.contains(english), "{english} in {main}");
    }
    assert!(main.contains("検索には JavaScript が必要です。"), "{main}");
    // With the setting, no warning.
    hb.write("handbook.yml", "language: ja\n");
    hb.build_ok();
}

#[test]
fn lang_front_matter_sets_one_page_s_language_and_direction() {
    let hb = Handbook::new()
        .file("index.md", "# Handbook\n\nHello.\n")
        .file(
            "policies/remote-ar.md",
            "---\nlang: ar\n---\n# العمل عن بعد\n\nنعمل جميعًا عن بعد.\n",
        );
    hb.build_ok();
    let page = hb.read_out("policies/remote-ar/index.html");
    assert!(
        page.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        &page[..120]
    );
    let home = hb.read_out("index.html");
    assert!(home.contains("<html lang=\"en\" dir=\"ltr\">"));
    let bad = Handbook::new().file("index.md", "---\nlang: Arabic please\n---\n# Hi\n");
    let run = bad.run(&["build", "."]);
    assert!(
        run.stderr
            .contains("index.md:2:1: error: `lang` must be a language tag"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_handbook_overrides_the_theme_s_strings_and_typos_are_caught() {
    let hb = Handbook::new()
        .file("handbook.yml", "language: de\n")
        .file(
            "i18n/de.yml",
            "on_this_page: Inhalt\nreferenced_by: Verlinkt von\nin_this_sectoin: Hier\n",
        )
        .file("index.md", "# Start\n\n[Seite](seite.md)\n")
        .file(
            "seite.md",
            "# Seite\n\n## Eins\n\nText.\n\n## Zwei\n\nText.\n",
        );
    let run = hb.run(&["build", "."]);
    run.assert_code(0);
    assert!(run.stderr.contains("i18n/de.yml:3:1: warning: `in_this_sectoin` is not a key of the theme's translation table"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `in_this_section`?"),
        "{}",
        run.stderr
    );
    let page = hb.read_out("seite/index.html");
    // Overridden, and the theme's German for the rest.
    assert!(page.contains(">Inhalt</h2>"));
    assert!(page.contains(">Verlinkt von</h2>"));
    assert!(page.contains("Zum Inhalt springen"));
    // The translation table is not a page or a file of the site.
    assert!(!hb.out().join("i18n").exists());
}

#[test]
fn status_labels_are_translated_and_values_stay_canonical() {
    let hb = Handbook::new()
        .file("handbook.yml", "language: fr\n")
        .file("index.md", "# Accueil\n")
        .file(
            "decisions/0001-use-postgres.md",
            "---\nstatus: accepted\ndate: 2024-02-13\n---\n# Utiliser Postgres\n\nContexte.\n",
        );
    hb.build_ok();
    let record = hb.read_out("decisions/0001-use-postgres/index.html");
    assert!(
        record.contains("<span class=\"badge badge-accepted\">Acceptée</span>"),
        "{}",
        main_of(&record)
    );
    assert!(record.contains("<time datetime=\"2024-02-13\">13 février 2024</time>"));
    assert!(record.contains("data-pagefind-filter=\"status:accepted\""));
    let json = hb.read_out("decisions.json");
    assert!(json.contains("\"status\": \"accepted\""), "{json}");
    // The page's scripts (copy buttons, the theme switch) get their words in French too, from
    // one file per language rather than from every page.
    assert!(
        record.contains("<script src=\"../../assets/strings/fr.js\" defer></script>"),
        "{record}"
    );
    assert!(!record.contains("script_copy"), "{record}");
    let strings = hb.read_out("assets/strings/fr.js");
    assert!(
        strings.starts_with("window.handbookStrings = {"),
        "{strings}"
    );
    assert!(strings.contains("\"script_copy\":\"Copier\""), "{strings}");
    assert!(strings.contains("\"script_theme_dark\":\"Sombre\""));
}
