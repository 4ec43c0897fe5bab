// Decision log: status and tag filters and sortable columns, entirely in the page (no server).
// Without JavaScript the table is still complete and the per-status and per-tag pages work.
(function () {
  "use strict";
  var log = document.querySelector("[data-decision-log]");
  if (!log) return;
  var tbody = log.querySelector("tbody");
  var rows = Array.prototype.slice.call(tbody.rows);
  var filters = log.querySelector(".log-filters");
  var count = log.querySelector(".log-count");
  var empty = log.querySelector(".log-empty");
  filters.hidden = false;
  // Interface strings in the page's language (`assets/strings/<lang>.js`, which base.html loads; a
  // template of its own may still inline them as a `#handbook-strings` JSON element).
  var strings = {};
  if (window.handbookStrings) strings = window.handbookStrings;
  else try { strings = JSON.parse(document.getElementById("handbook-strings").textContent); } catch (e) { /* English */ }

  function apply() {
    var status = (log.querySelector('[data-filter="status"]') || {}).value || "";
    var tag = (log.querySelector('[data-filter="tag"]') || {}).value || "";
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!status || row.dataset.status === status) &&
        (!tag || row.dataset.tags.split("|").indexOf(tag) !== -1);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = (shown === 1 ? strings.decision_one || "{count} decision" : strings.decision_many || "{count} decisions").split("{count}").join(shown);
    empty.hidden = shown !== 0;
  }
  Array.prototype.forEach.call(log.querySelectorAll("[data-filter]"), function (select) {
    select.addEventListener("change", apply);
  });

  function key(row, column) {
    if (column === "number") return parseInt(row.dataset.number || "0", 10);
    return row.dataset[column] || "";
  }
  Array.prototype.forEach.call(log.querySelectorAll("[data-sort]"), function (button) {
    button.addEventListener("click", function () {
      var column = button.dataset.sort;
      var th = button.closest("th");
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(log.querySelectorAll("th[aria-sort]"), function (other) {
        other.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, column), y = key(b, column);
        var c = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? c : -c;
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
    });
  });
  apply();
})();
