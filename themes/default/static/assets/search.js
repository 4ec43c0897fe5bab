// The header search box: a combobox over the Pagefind index that `handbook build` writes to
// `pagefind/`. It loads Pagefind's JS API on first use (nothing is fetched until then), shows
// results as the reader types, and is usable by keyboard alone: `/` or Ctrl/Cmd-K opens it,
// arrows move through results, Enter opens one, Escape closes. The site's own CSS styles it; the
// Pagefind default UI is not used. Pages stay fully usable without this script.
//
// Bytes matter on a large handbook, so two things wait until they are needed: the filters (on a
// large site their indexes weigh more than a query) load when the reader asks for them, and a
// query runs once typing pauses. Pagefind's `debouncedSearch` is not used because it preloads
// the index chunks of every prefix typed on the way (`s`, `st`, `sta`, ...).
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var panel = document.getElementById("search-results");
  if (!input || !panel) return;
  var filtersBox = panel.querySelector(".search-filters");
  var status = panel.querySelector(".search-status");
  var listbox = panel.querySelector("[role=listbox]");
  var box = input.closest(".site-search") || panel.parentNode;

  // `root` is the relative way up to the site root (`../../`), so the site works under any
  // subpath; Pagefind wants absolute paths, resolved here against this page.
  var siteRoot = new URL(input.getAttribute("data-search-root") || "./", document.baseURI);
  var MAX_RESULTS = 8;
  var MAX_SUB_RESULTS = 3;
  var MIN_LENGTH = 2; // a one-letter prefix would fetch a large part of the index
  // How long typing must pause before a query runs. Two-letter prefixes span many index chunks
  // and are mostly on the way to a longer word, so they wait longer (`CI`, `QA` still work).
  var PAUSE_MS = 200;
  var SHORT_PAUSE_MS = 600;
  // Interface strings in the page's language (`#handbook-strings`, written by base.html).
  var STRINGS = {};
  try { STRINGS = JSON.parse(document.getElementById("handbook-strings").textContent); } catch (e) { /* English */ }
  function tr(key, english, values) {
    var text = STRINGS[key] || english;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }
  var FILTERS = [
    { key: "kind", label: tr("search_kind", "Kind"), any: tr("search_all_kinds", "All kinds"), names: { page: tr("search_kind_page", "Pages"), decision: tr("search_kind_decision", "Decisions") } },
    { key: "status", label: tr("search_status", "Status"), any: tr("search_any_status", "Any status"), names: STRINGS.status_names },
    { key: "section", label: tr("search_section", "Section"), any: tr("search_all_sections", "All sections") },
    { key: "tag", label: tr("search_tag", "Tag"), any: tr("search_any_tag", "Any tag") },
  ];

  var pagefind = null;
  var loading = null;
  var selects = {};
  var options = [];
  var active = -1;
  var searchId = 0;
  var timer = null;

  function load() {
    if (!loading) {
      loading = (function () {
        // Browsers refuse module imports from file:// pages, so search needs the site served.
        if (location.protocol === "file:") return Promise.reject(new Error("file"));
        return import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (pf) {
          return pf.options({ baseUrl: siteRoot.pathname, excerptLength: 24 }).then(function () {
            pagefind = pf;
          });
        });
      })();
    }
    return loading;
  }

  // The "Filter" button swaps itself for the filter selects, loading their values once.
  var filterToggle = filtersBox && filtersBox.querySelector(".search-filter-toggle");
  if (filterToggle) {
    filterToggle.addEventListener("click", function () {
      filterToggle.disabled = true;
      load().then(function () { return pagefind.filters(); }).then(function (available) {
        buildFilters(available);
        filterToggle.remove();
        var first = filtersBox.querySelector("select");
        if (first) first.focus();
        else say(tr("search_no_filters", "This handbook has no filters."));
      }).catch(function (e) {
        filterToggle.disabled = false;
        say(failure(e));
      });
    });
  }

  function buildFilters(available) {
    if (!filtersBox || !available) return;
    FILTERS.forEach(function (f) {
      var values = available[f.key];
      var names = Object.keys(values || {});
      if (!names.length) return;
      names.sort(function (a, b) { return a.localeCompare(b); });
      var select = document.createElement("select");
      select.id = "search-filter-" + f.key;
      select.setAttribute("aria-label", f.label);
      select.add(new Option(f.any, ""));
      names.forEach(function (name) {
        select.add(new Option(((f.names && f.names[name]) || name) + " (" + values[name] + ")", name));
      });
      select.addEventListener("change", function () { run(); });
      selects[f.key] = select;
      filtersBox.appendChild(select);
    });
  }

  function chosenFilters() {
    var chosen = {};
    Object.keys(selects).forEach(function (key) {
      if (selects[key].value) chosen[key] = selects[key].value;
    });
    return chosen;
  }

  function open() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }

  function say(text) {
    status.textContent = text;
  }

  function run() {
    var term = input.value.trim();
    var filters = chosenFilters();
    var filtered = Object.keys(filters).length > 0;
    var id = ++searchId;
    clearTimeout(timer);
    open();
    if (!filtered && term.length < MIN_LENGTH) {
      showResults([]);
      say(term ? tr("search_keep_typing", "Keep typing…") : tr("search_type_to_search", "Type to search the handbook."));
      return;
    }
    // Filters apply at once; typing waits for a pause, so only what the reader meant is fetched.
    var pause = !term || filtered ? 0 : term.length < 3 ? SHORT_PAUSE_MS : PAUSE_MS;
    timer = setTimeout(function () { runSearch(id, term, filters); }, pause);
  }

  function runSearch(id, term, filters) {
    load().then(function () {
      if (id !== searchId) return null;
      var opts = { filters: filters };
      // A list of decisions reads best newest first; other results keep relevance order.
      if (filters.kind === "decision") opts.sort = { date: "desc" };
      say(tr("search_searching", "Searching…"));
      // `ADR-6`, `adr 0006`, `#6`, `0006`: decision 6 first (its page carries the word
      // `adr0006`), then whatever else matches the text.
      var number = /^(?:adr[\s_-]*|#)?0*(\d{1,6})$/i.exec(term);
      if (!number) return pagefind.search(term || null, opts);
      var key = "adr" + ("000" + number[1]).slice(-Math.max(4, number[1].length));
      return Promise.all([pagefind.search(key, opts), pagefind.search(term, opts)]).then(function (both) {
        var seen = {};
        var results = both[0].results.concat(both[1].results).filter(function (r) {
          if (seen[r.id]) return false;
          seen[r.id] = true;
          return true;
        });
        return { results: results };
      });
    }).then(function (found) {
      if (!found || id !== searchId) return null; // a newer query superseded this one
      var total = found.results.length;
      return Promise.all(found.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); })).then(function (pages) {
        if (id !== searchId) return;
        showResults(pages);
        if (!total) say(term ? tr("search_no_results", "No results for “{term}”.", { term: term }) : tr("search_no_filter_match", "No pages match these filters."));
        else if (total > MAX_RESULTS) say(tr("search_results_first", "{count} results, showing the first {shown}.", { count: total, shown: MAX_RESULTS }));
        else say(total === 1 ? tr("search_results_one", "{count} result.", { count: total }) : tr("search_results_many", "{count} results.", { count: total }));
      });
    }).catch(function (e) {
      if (id !== searchId) return;
      showResults([]);
      say(failure(e));
    });
  }

  function failure(e) {
    return e && e.message === "file"
      ? tr("search_needs_http", "Search needs the site to be served over HTTP (for example with `handbook serve`); it does not work from a file opened on disk.")
      : tr("search_failed", "The search index could not be loaded.");
  }

  // Pagefind escapes `<` and `>` in excerpts and adds only <mark>; build the nodes rather than
  // trusting markup.
  function highlighted(parent, excerpt) {
    var target = parent;
    String(excerpt || "").split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>") {
        target = parent.appendChild(document.createElement("mark"));
      } else if (part === "</mark>") {
        target = parent;
      } else if (part) {
        target.appendChild(document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">")));
      }
    });
    return parent;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function option(href, className) {
    var a = element("a", className);
    a.href = href;
    a.id = "search-option-" + options.length;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.tabIndex = -1; // focus stays in the input; arrows move the active option
    a.addEventListener("mousemove", function () { setActive(options.indexOf(a)); });
    options.push(a);
    return a;
  }

  function showResults(pages) {
    listbox.textContent = "";
    options = [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    pages.forEach(function (page) {
      var meta = page.meta || {};
      var a = option(page.url, "search-result");
      var title = a.appendChild(element("span", "search-result-title", meta.title || page.url));
      if (meta.status) {
        var slug = String(meta.status).toLowerCase().split(/\s+/)[0].replace(/[^a-z0-9-]/g, "");
        title.appendChild(document.createTextNode(" "));
        title.appendChild(element("span", "badge badge-" + slug, meta.status));
      }
      if (meta.date) {
        title.appendChild(document.createTextNode(" "));
        var time = title.appendChild(element("time", "search-result-date", meta.date));
        time.setAttribute("datetime", meta.date);
      }
      if (meta.breadcrumb) a.appendChild(element("span", "search-result-crumbs", meta.breadcrumb));
      a.appendChild(highlighted(element("span", "search-result-excerpt"), page.excerpt));
      listbox.appendChild(a);
      (page.sub_results || [])
        .filter(function (sub) { return sub.url !== page.url && sub.title; })
        .slice(0, MAX_SUB_RESULTS)
        .forEach(function (sub) {
          var s = option(sub.url, "search-result search-result-sub");
          s.appendChild(element("span", "search-result-title", sub.title));
          s.appendChild(highlighted(element("span", "search-result-excerpt"), sub.excerpt));
          listbox.appendChild(s);
        });
    });
    // An empty listbox has no options to announce; hide it until there are some.
    listbox.hidden = options.length === 0;
  }

  function setActive(index) {
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = index;
    if (index >= 0 && options[index]) {
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  input.addEventListener("input", run);
  // Focusing the box opens the panel, so the filters can be used before (or instead of) typing.
  input.addEventListener("focus", function () {
    open();
    if (!input.value.trim() && !Object.keys(chosenFilters()).length) say(tr("search_type_to_search", "Type to search the handbook."));
    load().catch(function (e) { say(failure(e)); });
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!options.length) return;
      e.preventDefault();
      open();
      var step = e.key === "ArrowDown" ? 1 : -1;
      setActive((active + step + options.length + (active < 0 && step < 0 ? 1 : 0)) % options.length);
    } else if (e.key === "Enter") {
      var target = options[active >= 0 ? active : 0];
      if (target && !panel.hidden) {
        e.preventDefault();
        location.href = target.href;
      }
    } else if (e.key === "Escape") {
      if (!panel.hidden) {
        e.preventDefault();
        close();
      } else if (input.value) {
        input.value = "";
        run();
      } else {
        input.blur();
      }
    }
  });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      close();
      input.focus();
    }
  });
  // Leaving the search box (by Tab or by clicking elsewhere) closes the results.
  document.addEventListener("click", function (e) {
    if (!box.contains(e.target)) close();
  });
  box.addEventListener("focusout", function (e) {
    if (e.relatedTarget && !box.contains(e.relatedTarget)) close();
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      input.focus();
      input.select();
    } else if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
