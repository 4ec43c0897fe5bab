// Behaviour shared by every page: the theme switch, the phone menu, the navigation tree, code
// blocks' copy buttons, relative dates and the table of contents highlight. Everything works
// without it; it only adds comfort.
(function () {
  "use strict";
  var root = document.documentElement;

  // Interface strings in the page's language (`assets/strings/<lang>.js`, which base.html loads; a
  // template of its own may still inline them as a `#handbook-strings` JSON element);
  // English when a string is missing.
  var STRINGS = {};
  if (window.handbookStrings) STRINGS = window.handbookStrings;
  else try { STRINGS = JSON.parse(document.getElementById("handbook-strings").textContent); } catch (e) { /* English */ }
  function tr(key, english, values) {
    var text = STRINGS[key] || english;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  // The theme switch cycles system -> light -> dark -> system; "system" follows the operating
  // system's setting (nothing stored), the others are stored for the next pages.
  var THEME_NAMES = {
    system: tr("script_theme_system", "System"),
    light: tr("script_theme_light", "Light"),
    dark: tr("script_theme_dark", "Dark"),
  };
  var NEXT_THEME = { system: "light", light: "dark", dark: "system" };
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    var choice = function () { return root.getAttribute("data-theme") || "system"; };
    var update = function () {
      var now = choice();
      toggle.setAttribute("data-choice", now);
      toggle.setAttribute("aria-label", tr("script_theme_label", "Colour theme: {now} (switch to {next})", { now: THEME_NAMES[now], next: THEME_NAMES[NEXT_THEME[now]].toLowerCase() }));
      toggle.title = tr("script_theme_title", "Colour theme: {now}", { now: THEME_NAMES[now] });
    };
    update();
    toggle.addEventListener("click", function () {
      var next = NEXT_THEME[choice()];
      if (next === "system") root.removeAttribute("data-theme");
      else root.setAttribute("data-theme", next);
      try {
        if (next === "system") localStorage.removeItem("handbook-theme");
        else localStorage.setItem("handbook-theme", next);
      } catch (e) { /* not persisted */ }
      update();
      document.dispatchEvent(new CustomEvent("handbook:theme", { detail: next }));
    });
  }

  var navToggle = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  if (navToggle && sidebar) {
    var setOpen = function (open) {
      document.body.classList.toggle("nav-open", open);
      navToggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var current = sidebar.querySelector('[aria-current="page"]') || sidebar.querySelector("a");
        if (current) { centreCurrent(); current.focus({ preventScroll: true }); }
      }
    };
    navToggle.addEventListener("click", function () { setOpen(!document.body.classList.contains("nav-open")); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("nav-open")) { setOpen(false); navToggle.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (document.body.classList.contains("nav-open") && !sidebar.contains(e.target) && !navToggle.contains(e.target)) setOpen(false);
    });
  }

  // Code blocks: the language (from the build's `data-lang`) and a copy button. Both sit in a
  // frame around the <pre>, so they stay put when the code scrolls sideways.
  var NO_LABEL = { "": 1, text: 1, plain: 1, plaintext: 1, txt: 1 };
  Array.prototype.forEach.call(document.querySelectorAll(".content pre"), function (pre) {
    if (pre.classList.contains("mermaid") || !pre.querySelector("code")) return;
    var frame = document.createElement("div");
    frame.className = "code-frame";
    pre.parentNode.insertBefore(frame, pre);
    frame.appendChild(pre);
    var lang = (pre.getAttribute("data-lang") || "").toLowerCase();
    if (!NO_LABEL[lang]) {
      var label = frame.appendChild(document.createElement("span"));
      label.className = "code-lang";
      label.setAttribute("aria-hidden", "true"); // screen readers hear the code itself
      label.textContent = lang;
      frame.classList.add("has-lang");
    }
    if (!navigator.clipboard) return; // http:// on another host: no clipboard API
    var copy = frame.appendChild(document.createElement("button"));
    copy.type = "button";
    copy.className = "code-copy";
    copy.textContent = tr("script_copy", "Copy");
    copy.setAttribute("aria-label", lang && !NO_LABEL[lang] ? tr("script_copy_lang", "Copy the {lang} code", { lang: lang }) : tr("script_copy_code", "Copy the code"));
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(pre.querySelector("code").textContent.replace(/\n$/, "")).then(function () {
        copy.textContent = tr("script_copied", "Copied");
      }, function () {
        copy.textContent = tr("script_copy_failed", "Copy failed");
      }).then(function () {
        setTimeout(function () { copy.textContent = tr("script_copy", "Copy"); }, 2000);
      });
    });
  });

  // Dates as people say them ("3 days ago"); the date itself stays in the tooltip and is the
  // text without the script.
  var relative = window.Intl && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(root.lang || undefined, { numeric: "auto" })
    : null;
  Array.prototype.forEach.call(document.querySelectorAll("time[data-relative]"), function (time) {
    var iso = time.getAttribute("datetime");
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m || !relative) return;
    var then = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    var now = new Date();
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    var days = Math.round((then - today) / 86400000);
    var ago = -days;
    var text = ago < 7 ? relative.format(days, "day")
      : ago < 45 ? relative.format(-Math.round(ago / 7), "week")
        : ago < 365 ? relative.format(-Math.round(ago / 30.4), "month")
          : relative.format(-Math.round(ago / 365.25), "year");
    time.title = time.textContent;
    time.textContent = text;
  });

  // A code block or table that scrolls sideways must be reachable by keyboard to be scrolled
  // (WCAG 2.1.1); only those that overflow become tab stops.
  function markScrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".content pre, .table-wrap"), function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    });
  }
  markScrollable();
  var resizeTimer;
  window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(markScrollable, 150); });

  var tree = document.querySelector(".sidebar .nav-tree");
  if (tree) navTree(tree);

  // Scrolls the sidebar (not the page) so that the current page sits in its middle.
  function centreCurrent() {
    var current = document.querySelector('.sidebar [aria-current="page"]');
    if (!current || !sidebar) return;
    var item = current.getBoundingClientRect();
    var box = sidebar.getBoundingClientRect();
    sidebar.scrollTop += item.top - box.top - (sidebar.clientHeight - item.height) / 2;
  }

  // The navigation tree: each section's button shows or hides its pages; sections opened by
  // hand stay open for the session. On a large handbook the page holds only its own branch and
  // each section's list is a shared fragment (see src/render/sidebar.rs), fetched here when
  // needed; when that fails (a page opened from disk), the branch stays as it is.
  function navTree(tree) {
    var STORE = "handbook-nav-open";
    var rootHref = tree.getAttribute("data-root") || "";
    var fragments = tree.getAttribute("data-fragments");
    var base = new URL(rootHref || "./", document.baseURI);
    // A link's page (`guide/setup/`, the key of its fragment and of the sections kept open) is
    // its href less the path to the site root, and less `index.html` on a site built with
    // relative_index: the links carry nothing else, to keep every page's sidebar small.
    function pageUrl(a, prefix) {
      var href = a.getAttribute("href");
      if (prefix && href.indexOf(prefix) === 0) href = href.slice(prefix.length);
      return href.replace(/index\.html$/, "");
    }
    var here = tree.querySelector('[aria-current="page"]');
    var hereUrl = here ? pageUrl(here, rootHref) : null;
    // The sections on the current page's path: open in the page's own HTML.
    var onPath = Array.prototype.map.call(tree.querySelectorAll("li.nav-section.is-open > .nav-row > a"), function (a) {
      return pageUrl(a, rootHref);
    });
    var opened = [];
    try { opened = JSON.parse(sessionStorage.getItem(STORE)) || []; } catch (e) { opened = []; }
    function remember(url, open) {
      opened = opened.filter(function (u) { return u !== url; });
      if (open) opened.push(url);
      try { sessionStorage.setItem(STORE, JSON.stringify(opened)); } catch (e) { /* not kept */ }
    }
    function row(li) { return li.querySelector(":scope > .nav-row"); }
    function sectionUrl(li) { return pageUrl(row(li).querySelector("a"), rootHref); }

    var loaded = {};
    function children(url) {
      if (!loaded[url]) {
        loaded[url] = fetch(new URL(fragments + url + "nav.html", base).href).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.text();
        }).then(function (html) {
          var t = document.createElement("template");
          t.innerHTML = html;
          var list = t.content.querySelector("ul");
          // A fragment's links are relative to the site root.
          Array.prototype.forEach.call(list.querySelectorAll("a[href]"), function (a) {
            if (pageUrl(a, "") === hereUrl) a.setAttribute("aria-current", "page");
            a.setAttribute("href", rootHref + a.getAttribute("href"));
          });
          return list;
        });
      }
      return loaded[url];
    }

    // Opens `li`, loading its list first when it has none (or only the current branch).
    function open(li, complete) {
      var list = li.querySelector(":scope > ul");
      var ready = fragments && !li.hasAttribute("data-complete")
        ? children(sectionUrl(li)).then(function (fresh) {
          fresh = fresh.cloneNode(true);
          if (list) list.replaceWith(fresh); else li.appendChild(fresh);
          li.setAttribute("data-complete", "");
          return fresh;
        })
        : Promise.resolve(list);
      return ready.then(function (l) {
        if (l) l.hidden = false;
        li.classList.add("is-open");
        row(li).querySelector(".nav-expand").setAttribute("aria-expanded", "true");
        return complete ? completeOpen(l) : l;
      });
    }
    function close(li) {
      var list = li.querySelector(":scope > ul");
      if (list) list.hidden = true;
      li.classList.remove("is-open");
      row(li).querySelector(".nav-expand").setAttribute("aria-expanded", "false");
    }
    // Opens the sections inside `list` that are on the current path or were opened by hand.
    function completeOpen(list) {
      if (!list) return Promise.resolve();
      var wanted = Array.prototype.filter.call(list.querySelectorAll(":scope > li.nav-section"), function (li) {
        var url = sectionUrl(li);
        return opened.indexOf(url) >= 0 || onPath.indexOf(url) >= 0;
      });
      return Promise.all(wanted.map(function (li) { return open(li, true); }));
    }

    tree.addEventListener("click", function (e) {
      var button = e.target.closest(".nav-expand");
      if (!button) return;
      var li = button.closest("li");
      if (button.getAttribute("aria-expanded") === "true") {
        close(li);
        remember(sectionUrl(li), false);
      } else {
        remember(sectionUrl(li), true);
        open(li, false).catch(function () {
          // No fragment (a page opened from disk): the section's own page lists its pages.
          location.href = row(li).querySelector("a").href;
        });
      }
    });

    if (!fragments) {
      completeOpen(tree).then(centreCurrent);
      return;
    }
    // Fragments: build the whole tree aside, then swap it in at once.
    children("").then(function (top) {
      var full = top.cloneNode(true);
      return completeOpen(full).then(function () {
        tree.replaceChildren.apply(tree, Array.prototype.slice.call(full.childNodes));
        centreCurrent();
      });
    }).catch(function () { centreCurrent(); });
  }

  // Beside the text (wide screens) the table of contents is always open; above it (narrow
  // screens) it starts folded, so the text comes first. Without JS it is simply open.
  var tocDetails = document.querySelector(".toc details");
  if (tocDetails && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 72rem)");
    var fold = function () { tocDetails.open = !narrow.matches; };
    fold();
    if (narrow.addEventListener) narrow.addEventListener("change", fold);
    tocDetails.querySelector("summary").addEventListener("click", function (e) { if (!narrow.matches) e.preventDefault(); });
  }

  // A link written for another renderer may name a heading in another letter case or slug
  // style (`#LOA-TLDR`, `#m-and-ie-…` for "M&IE …"); GitHub finds those, so does this page:
  // when the fragment names no element, the element whose id or heading text matches it with
  // case and punctuation ignored is scrolled to. `handbook check` reports such links to fix.
  var loose = function (text) { return String(text).toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""); };
  var findLoosely = function (fragment) {
    var wanted = loose(fragment);
    if (!wanted) return null;
    var withId = document.querySelectorAll("main [id]");
    for (var i = 0; i < withId.length; i++) if (loose(withId[i].id) === wanted) return withId[i];
    var headings = document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6");
    for (var j = 0; j < headings.length; j++) {
      var text = headings[j].textContent;
      if (loose(text) === wanted || loose(text.replace(/&/g, " and ")) === wanted) return headings[j];
    }
    return null;
  };
  var followLooseFragment = function () {
    var fragment = location.hash.slice(1);
    if (!fragment) return;
    try { fragment = decodeURIComponent(fragment); } catch (e) { /* as written */ }
    if (document.getElementById(fragment)) return;
    var target = findLoosely(fragment);
    if (target) target.scrollIntoView();
  };
  followLooseFragment();
  window.addEventListener("hashchange", followLooseFragment);

  // Highlight the table-of-contents entry of the section being read.
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        tocLinks.forEach(function (a) { a.classList.remove("is-active"); });
        var link = byId[entry.target.id];
        if (link) link.classList.add("is-active");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) observer.observe(el);
    });
  }
})();
