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
  if (!input) return;
  // Interface strings in the page's language (`assets/strings/<lang>.js`, which base.html loads; a
  // template of its own may still inline them as a `#handbook-strings` JSON element).
  var STRINGS = {};
  if (window.handbookStrings) STRINGS = window.handbookStrings;
  else try { STRINGS = JSON.parse(document.getElementById("handbook-strings").textContent); } catch (e) { /* English */ }
  function tr(key, english, values) {
    var text = STRINGS[key] || english;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }
  // The results panel is built here rather than sent in every page (a template of its own may
  // still carry one): the filter button, the live status line and the listbox.
  var panel = document.getElementById("search-results");
  if (!panel) {
    panel = element("div", "search-results");
    panel.id = "search-results";
    panel.hidden = true;
    var filterRow = panel.appendChild(element("div", "search-filters"));
    filterRow.setAttribute("role", "group");
    filterRow.setAttribute("aria-label", tr("search_filter_results", "Filter results"));
    var filterButton = filterRow.appendChild(element("button", "search-filter-toggle", tr("search_filter", "Filter…")));
    filterButton.type = "button";
    var statusLine = panel.appendChild(element("p", "search-status"));
    statusLine.setAttribute("role", "status");
    statusLine.setAttribute("aria-live", "polite");
    var list = panel.appendChild(element("div", "search-listbox"));
    list.id = "search-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", tr("search_results", "Search results"));
    list.hidden = true;
    input.insertAdjacentElement("afterend", panel);
  }
  // The box is a combobox over that listbox only once the script can show it.
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", panel.querySelector("[role=listbox]").id);
  var filtersBox = panel.querySelector(".search-filters");
  var status = panel.querySelector(".search-status");
  var listbox = panel.querySelector("[role=listbox]");
  var box = input.closest(".site-search") || panel.parentNode;

  // `root` is the relative way up to the site root (`../../`), so the site works under any
  // subpath; Pagefind wants absolute paths, resolved here against this page.
  var siteRoot = new URL(input.getAttribute("data-search-root") || "./", document.baseURI);
  var MAX_RESULTS = 8;
  var MORE_STEP = 10;
  var MAX_SUB_RESULTS = 3;
  var MIN_LENGTH = 2; // a one-letter prefix would fetch a large part of the index
  // How long typing must pause before a query runs. Two-letter prefixes span many index chunks
  // and are mostly on the way to a longer word, so they wait longer (`CI`, `QA` still work).
  var PAUSE_MS = 200;
  var SHORT_PAUSE_MS = 600;
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
  var latest = null;

  // Under the list: "More results" adds the next ones; "All results" opens the results page.
  var moreRow = element("div", "search-more-row");
  var moreButton = moreRow.appendChild(element("button", "search-more", tr("search_more", "More results")));
  moreButton.type = "button";
  moreButton.hidden = true;
  var allLink = moreRow.appendChild(element("a", "search-all", tr("search_all_results", "All results on one page")));
  allLink.hidden = true;
  panel.appendChild(moreRow);
  moreButton.addEventListener("click", function () {
    showMore(MORE_STEP);
    input.focus();
  });

  function load() {
    if (!loading) {
      loading = (function () {
        // Browsers refuse module imports from file:// pages, so search needs the site served.
        if (location.protocol === "file:") return Promise.reject(new Error("file"));
        return import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (pf) {
          // init() fetches the wasm and the index metadata now, while the reader is still
          // typing, rather than after the first query.
          return pf.options({ baseUrl: siteRoot.pathname, excerptLength: 24 }).then(function () {
            return pf.init ? pf.init() : null;
          }).then(function () {
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

  // While a query is pending the list is marked busy: assistive technology waits before
  // announcing it, and scripts driving the page know the results are not final yet.
  function busy(on) {
    if (on) listbox.setAttribute("aria-busy", "true");
    else listbox.removeAttribute("aria-busy");
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
      busy(false);
      showResults([]);
      say(term ? tr("search_keep_typing", "Keep typing…") : tr("search_type_to_search", "Type to search the handbook."));
      return;
    }
    // Filters apply at once; typing waits for a pause, so only what the reader meant is fetched.
    var pause = !term || filtered ? 0 : term.length < 3 ? SHORT_PAUSE_MS : PAUSE_MS;
    busy(true);
    timer = setTimeout(function () { runSearch(id, term, filters); }, pause);
  }

  function runSearch(id, term, filters) {
    load().then(function () {
      if (id !== searchId) return null;
      var opts = { filters: filters };
      // Without words, a list of decisions reads best newest first; with words, relevance
      // decides the order whatever the filter.
      if (filters.kind === "decision" && !term) opts.sort = { date: "desc" };
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
        return { results: results, byNumber: both[0].results.length > 0 };
      });
    }).then(function (found) {
      if (!found || id !== searchId) return null; // a newer query superseded this one
      // A record found by its number stays first; otherwise an exact title match leads.
      var ordering = found.byNumber ? Promise.resolve(found.results) : exactTitleFirst(found.results, term);
      return ordering.then(function (ordered) {
        if (id !== searchId) return null;
        // The previous results stay until these replace them, so the list does not flicker
        // empty between two queries.
        latest = { id: id, term: term, results: ordered, shown: 0 };
        return showMore(MAX_RESULTS);
      });
    }).catch(function (e) {
      if (id !== searchId) return;
      busy(false);
      showResults([]);
      say(failure(e));
    });
  }

  // Adds the next `count` results of the latest search to the list.
  function showMore(count) {
    var run = latest;
    var batch = run.results.slice(run.shown, run.shown + count);
    return Promise.all(batch.map(dataOf)).then(function (pages) {
      if (run !== latest) return;
      var fresh = run.shown === 0;
      var firstNew = fresh ? 0 : options.length;
      showResults(pages, !fresh);
      if (run.id === searchId) busy(false);
      run.shown += batch.length;
      var total = run.results.length;
      if (!total) say(run.term ? tr("search_no_results", "No results for “{term}”.", { term: run.term }) : tr("search_no_filter_match", "No pages match these filters."));
      else if (total > run.shown) say(tr("search_results_showing", "{count} results, showing {shown}.", { count: total, shown: run.shown }));
      else say(total === 1 ? tr("search_results_one", "{count} result.", { count: total }) : tr("search_results_many", "{count} results.", { count: total }));
      moreButton.hidden = run.shown >= total;
      allLink.hidden = !run.term;
      allLink.href = new URL("search/?q=" + encodeURIComponent(run.term), siteRoot).href;
      if (count !== MAX_RESULTS && options[firstNew]) setActive(firstNew);
    });
  }

  function failure(e) {
    return e && e.message === "file"
      ? tr("search_needs_http", "Search needs the site to be served over HTTP (for example with `handbook serve`); it does not work from a file opened on disk.")
      : tr("search_failed", "The search index could not be loaded.");
  }

  // A result's data (title, excerpt), fetched once.
  function dataOf(result) {
    if (!result.cached) result.cached = result.data();
    return result.cached;
  }

  // Pagefind ranks by word frequency; a page whose title is exactly the query is what the
  // reader means, so among the first results it moves to the top.
  var EXACT_WINDOW = 20;
  function exactTitleFirst(results, term) {
    var wanted = normalise(term);
    if (!wanted || !results.length) return Promise.resolve(results);
    var head = results.slice(0, EXACT_WINDOW);
    return Promise.all(head.map(dataOf)).then(function (pages) {
      var i = pages.findIndex(function (p) { return normalise((p.meta || {}).title) === wanted; });
      if (i <= 0) return results;
      var ordered = results.slice();
      ordered.unshift(ordered.splice(i, 1)[0]);
      return ordered;
    });
  }
  function normalise(text) {
    return String(text || "").trim().toLowerCase().replace(/\s+/g, " ");
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

  function showResults(pages, append) {
    if (!append) {
      listbox.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      moreButton.hidden = true;
      allLink.hidden = true;
    }
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
  var resultsPageBox = document.getElementById("search-page");
  if (resultsPageBox) resultsPage(resultsPageBox);

  // The full results page, `search/?q=words&section=Name`: works from the URL alone (a link,
  // a bookmark, the browser's history), lists every result in pages of PAGE_STEP, and narrows
  // them to one section with the buttons above the list (each with its count).
  function resultsPage(box) {
    var PAGE_STEP = 20;
    var form = box.querySelector("form");
    var field = box.querySelector("#search-page-input");
    var sections = box.querySelector(".search-page-sections");
    var pageStatus = box.querySelector(".search-page-status");
    var list = box.querySelector(".search-page-results");
    var more = box.querySelector(".search-page-more");
    var params = new URLSearchParams(location.search);
    var term = (params.get("q") || "").trim();
    var section = params.get("section") || "";
    var results = [];
    var shown = 0;
    field.value = term;
    if (!term) {
      pageStatus.textContent = tr("search_type_words", "Type words to search for.");
      return;
    }
    pageStatus.textContent = tr("search_searching", "Searching…");
    load().then(function () {
      // The filter index is loaded for the section counts; unfiltered first: its counts label
      // the section buttons.
      return pagefind.filters();
    }).then(function () {
      return pagefind.search(term);
    }).then(function (all) {
      showSections(all);
      if (!section) return all;
      return pagefind.search(term, { filters: { section: section } });
    }).then(function (found) {
      return exactTitleFirst(found.results, term);
    }).then(function (ordered) {
      results = ordered;
      return next();
    }).catch(function (e) { pageStatus.textContent = failure(e); });

    more.addEventListener("click", function () {
      var first = shown;
      next().then(function () {
        var link = list.children[first] && list.children[first].querySelector("a");
        if (link) link.focus();
      });
    });

    function next() {
      var batch = results.slice(shown, shown + PAGE_STEP);
      return Promise.all(batch.map(dataOf)).then(function (pages) {
        pages.forEach(function (page) { list.appendChild(item(page)); });
        shown += batch.length;
        var total = results.length;
        var where = section ? tr("search_in_section", " in {section}", { section: section }) : "";
        pageStatus.textContent = total
          ? tr(total === 1 ? "search_page_results_one" : "search_page_results_many", "{count} results for “{term}”{where}", { count: total, term: term, where: where }) +
            (total > shown ? tr("search_page_showing", ", showing {shown}", { shown: shown }) : "") + "."
          : tr("search_page_no_results", "No results for “{term}”{where}.", { term: term, where: where });
        more.hidden = shown >= total;
      });
    }

    function item(page) {
      var meta = page.meta || {};
      var li = element("li", "search-page-result");
      var a = li.appendChild(element("a", "search-result-title", meta.title || page.url));
      a.href = page.url;
      if (meta.status) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(element("span", "badge badge-" + String(meta.status).toLowerCase().split(/\s+/)[0].replace(/[^a-z0-9-]/g, ""), meta.status));
      }
      if (meta.breadcrumb) li.appendChild(element("span", "search-result-crumbs", meta.breadcrumb));
      li.appendChild(highlighted(element("span", "search-result-excerpt"), page.excerpt));
      return li;
    }

    function showSections(all) {
      var counts = (all.filters && all.filters.section) || {};
      var names = Object.keys(counts).filter(function (n) { return counts[n] > 0; });
      if (names.length < 2) return;
      names.sort(function (a, b) { return counts[b] - counts[a] || a.localeCompare(b); });
      sections.hidden = false;
      sections.appendChild(sectionLink("", tr("search_all_sections", "All sections"), all.results.length));
      names.forEach(function (name) { sections.appendChild(sectionLink(name, name, counts[name])); });
    }

    function sectionLink(value, label, count) {
      var a = element("a", "search-page-section", label + " ");
      a.appendChild(element("span", "count", String(count)));
      var q = new URLSearchParams({ q: term });
      if (value) q.set("section", value);
      a.href = "?" + q.toString();
      if (value === section) a.setAttribute("aria-current", "true");
      return a;
    }
    form.addEventListener("submit", function (e) {
      if (!field.value.trim()) e.preventDefault();
    });
  }
})();
