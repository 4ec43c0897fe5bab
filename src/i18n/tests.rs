use super::*;

fn layer(files: &[(&str, &str)], dir: &str) -> LayerFiles {
    files
        .iter()
        .map(|(lang, text)| {
            (
                lang.to_string(),
                format!("{dir}/{lang}.yml"),
                text.to_string(),
            )
        })
        .collect()
}

#[test]
fn every_shipped_table_has_every_english_key() {
    let tables = embedded_tables();
    let english = tables.iter().find(|(l, _, _)| l == "en").expect("en.yml");
    let english: Value = crate::yaml::parse(&english.2).expect("en.yml parses");
    for lang in SHIPPED {
        let (_, path, text) = tables
            .iter()
            .find(|(l, _, _)| l == lang)
            .unwrap_or_else(|| panic!("{lang}.yml is shipped"));
        let table: Value = crate::yaml::parse(text).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        let mut missing = Vec::new();
        fn walk(en: &Value, t: &Value, prefix: &str, missing: &mut Vec<String>) {
            if let (Some(en), Some(t)) = (en.as_object(), t.as_object()) {
                for (k, v) in en {
                    match t.get(k) {
                        Some(tv) => walk(v, tv, &format!("{prefix}{k}."), missing),
                        None => missing.push(format!("{prefix}{k}")),
                    }
                }
            }
        }
        walk(&english, &table, "", &mut missing);
        assert!(missing.is_empty(), "{path} lacks {missing:?}");
    }
}

#[test]
fn layers_override_key_by_key_over_english() {
    let (t, diags) = Translations::from_layers(&[
        layer(
            &[
                (
                    "en",
                    "menu: Menu\nhome: Home\nstatus_names:\n  accepted: Accepted\n  draft: Draft\n",
                ),
                (
                    "ja",
                    "menu: メニュー\nstatus_names:\n  accepted: 承認済み\n",
                ),
            ],
            "theme",
        ),
        layer(&[("ja", "home: トップ\n")], "i18n"),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(t.get("ja", "menu"), "メニュー");
    assert_eq!(t.get("ja", "home"), "トップ");
    assert_eq!(t.get("ja", "status_names.accepted"), "承認済み");
    // Missing in Japanese: English.
    assert_eq!(t.get("ja", "status_names.draft"), "Draft");
    // No table at all: English.
    assert_eq!(t.get("de", "menu"), "Menu");
    assert_eq!(t.get("fr", "home"), "Home");
}

#[test]
fn a_regional_tag_uses_its_base_language() {
    let (t, _) = Translations::from_layers(&[layer(
        &[
            ("en", "menu: Menu\nnext: Next\n"),
            ("pt", "menu: Menu PT\nnext: Próxima\n"),
            ("pt-br", "next: Seguinte\n"),
        ],
        "theme",
    )]);
    assert_eq!(t.get("pt-BR", "menu"), "Menu PT");
    assert_eq!(t.get("pt-BR", "next"), "Seguinte");
}

#[test]
fn a_broken_override_is_reported_and_ignored() {
    let (t, diags) = Translations::from_layers(&[
        layer(&[("en", "menu: Menu\n")], "theme"),
        layer(&[("ja", "menu: [メニュー\n")], "i18n"),
    ]);
    assert_eq!(t.get("ja", "menu"), "Menu");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].file, "i18n/ja.yml");
    assert_eq!(diags[0].code, "invalid-translation");
}

#[test]
fn a_misspelt_override_key_is_reported_with_the_right_one() {
    let (_, diags) = Translations::from_layers(&[
        layer(&[("en", "on_this_page: On this page\n")], "theme"),
        layer(
            &[(
                "de",
                "# Deutsch\non_this_pag: Auf dieser Seite\nmy_footer_note: Hallo\n",
            )],
            "i18n",
        ),
    ]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].file.as_str(), diags[0].line), ("i18n/de.yml", 2));
    assert!(diags[0].help.as_deref().unwrap().contains("on_this_page"));
}

#[test]
fn dates_are_written_the_language_s_way() {
    let (t, _) = Translations::from_layers(&[embedded_tables()]);
    assert_eq!(t.format_date("en", "2024-02-13"), "13 February 2024");
    assert_eq!(t.format_date("ja", "2024-02-13"), "2024年2月13日");
    assert_eq!(t.format_date("de", "2024-02-03"), "3. Februar 2024");
    assert_eq!(t.format_date("fr", "2024-08-01"), "1 août 2024");
    assert_eq!(t.format_date("es", "2024-02-13"), "13 de febrero de 2024");
    assert_eq!(t.format_date("ko", "2024-02-13"), "2024년 2월 13일");
    assert_eq!(t.format_date("en", "someday"), "someday");
}

#[test]
fn rtl_and_language_tags() {
    assert!(is_rtl("ar") && is_rtl("he") && is_rtl("fa-IR"));
    assert!(!is_rtl("en") && !is_rtl("ja"));
    assert!(is_language_tag("en") && is_language_tag("pt-BR") && is_language_tag("zh-Hant"));
    assert!(!is_language_tag("english please") && !is_language_tag("e") && !is_language_tag("ja-"));
}
