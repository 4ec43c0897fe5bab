//! Self-links: a README that links to its own pages as
//! `https://github.com/ORG/REPO/blob/main/guide/page.md#anchor` would send every reader off the
//! site. Links to `…/blob/<branch>/<path>` and `…/tree/<branch>/<path>` of the handbook's own
//! repository (GitHub, GitLab's `/-/blob/`, and hosts that write them alike) are read as links to
//! `<path>` inside the handbook, and checked like any other.

/// The handbook's repository on the web, and where the pages are inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// `github.com/org/repo`, lowercase, without a scheme or a trailing `/`.
    key: String,
    /// The pages' folder inside the repository (`""`, `docs/`, `site/content/`).
    subdir: String,
}

impl Repository {
    /// A repository from its web URL or git remote (https, ssh, `git@host:org/repo.git`), with
    /// the pages' folder inside it; `None` when `url` is not one of those forms.
    pub fn new(url: &str, subdir: &str) -> Option<Self> {
        let web = web_url(url)?;
        let key = web
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_ascii_lowercase();
        let subdir = subdir.trim_matches('/');
        Some(Repository {
            key,
            subdir: if subdir.is_empty() {
                String::new()
            } else {
                format!("{subdir}/")
            },
        })
    }

    /// `https://github.com/org/repo/blob/main/docs/a.md#x` -> `/a.md#x` (root-absolute in the
    /// handbook) when the pages are in `docs/`; `None` for any other URL.
    pub(crate) fn local_link(&self, dest: &str) -> Option<String> {
        let rest = dest
            .strip_prefix("https://")
            .or_else(|| dest.strip_prefix("http://"))?;
        let rest = rest.strip_prefix("www.").unwrap_or(rest);
        if rest.len() < self.key.len() || !rest[..self.key.len()].eq_ignore_ascii_case(&self.key) {
            return None;
        }
        let rest = rest[self.key.len()..].strip_prefix('/')?;
        let rest = rest.strip_prefix("-/").unwrap_or(rest);
        let rest = rest
            .strip_prefix("blob/")
            .or_else(|| rest.strip_prefix("tree/"))?;
        // The branch (or commit) is one segment; the rest is the path in the repository.
        let (_, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (path, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let inside = if self.subdir.is_empty() {
            path
        } else if format!("{path}/") == self.subdir {
            ""
        } else {
            path.strip_prefix(self.subdir.as_str())?
        };
        let mut local = format!("/{inside}");
        if let Some(f) = fragment {
            local.push('#');
            local.push_str(f);
        }
        Some(local)
    }
}

/// `git@github.com:org/repo.git`, `ssh://git@gitlab.com/g/repo`, `https://user@host/org/repo.git`
/// -> `https://host/org/repo`.
pub(crate) fn web_url(remote: &str) -> Option<String> {
    let remote = remote.trim().trim_end_matches('/');
    let remote = remote.strip_suffix(".git").unwrap_or(remote);
    let (host, path) = if let Some((_, rest)) = remote.split_once("://") {
        // `https://user:token@host:port/org/repo`, `ssh://git@host:22/org/repo`.
        let (authority, path) = rest.split_once('/')?;
        let host = authority.rsplit('@').next()?;
        let host = host.split(':').next()?;
        (host, path)
    } else {
        // scp-like: `git@github.com:org/repo`.
        let (authority, path) = remote.split_once(':')?;
        (authority.rsplit('@').next()?, path)
    };
    let path = path.trim_matches('/');
    if host.is_empty() || !host.contains('.') || !path.contains('/') {
        return None;
    }
    Some(format!("https://{}/{path}", host.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remotes_become_web_urls() {
        for remote in [
            "https://github.com/acme/handbook.git",
            "https://github.com/acme/handbook",
            "git@github.com:acme/handbook.git",
            "ssh://git@github.com/acme/handbook.git",
            "https://ci-token:secret@github.com/acme/handbook.git",
        ] {
            assert_eq!(
                web_url(remote).as_deref(),
                Some("https://github.com/acme/handbook"),
                "{remote}"
            );
        }
        assert_eq!(
            web_url("ssh://git@gitlab.example.org:2222/group/sub/docs.git").as_deref(),
            Some("https://gitlab.example.org/group/sub/docs")
        );
        assert_eq!(web_url("/srv/git/handbook.git"), None);
        assert_eq!(web_url("../other"), None);
    }

    #[test]
    fn blob_and_tree_links_become_local() {
        let repo = Repository::new("git@github.com:Acme/Handbook.git", "").unwrap();
        assert_eq!(
            repo.local_link("https://github.com/acme/handbook/blob/main/guide/a.md#x")
                .as_deref(),
            Some("/guide/a.md#x")
        );
        assert_eq!(
            repo.local_link("https://github.com/acme/handbook/tree/main/guide")
                .as_deref(),
            Some("/guide")
        );
        assert_eq!(
            repo.local_link("https://github.com/acme/handbook/issues/1"),
            None
        );
        assert_eq!(
            repo.local_link("https://github.com/acme/handbook-other/blob/main/a.md"),
            None
        );
        let lab = Repository::new("https://gitlab.com/g/docs", "handbook").unwrap();
        assert_eq!(
            lab.local_link("https://gitlab.com/g/docs/-/blob/main/handbook/a.md")
                .as_deref(),
            Some("/a.md")
        );
        assert_eq!(
            lab.local_link("https://gitlab.com/g/docs/-/tree/main/handbook")
                .as_deref(),
            Some("/")
        );
        assert_eq!(
            lab.local_link("https://gitlab.com/g/docs/-/blob/main/src/x.rs"),
            None
        );
    }
}
