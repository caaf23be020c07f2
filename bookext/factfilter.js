/* Find a fact in the data appendix (bookext/assets.py): a search box and a status menu over the grouped
 * tables of widgets.text.facts_table. Every word typed must appear in a row (its id, value, status or
 * source; "half-life" also finds half_life_h); groups with a match open, the others hide.
 * Why here: 600 facts are one 70,000 px page when every group is open. Without JavaScript the groups
 * still open and close (<details>), so nothing is out of reach. */
(function () {
  "use strict";
  function norm(text) { return text.toLowerCase().replace(/[_\-.·–]+/g, " ").replace(/\s+/g, " "); }

  function form(statuses) {
    var f = document.createElement("form");
    f.className = "course-fact-filter";
    f.setAttribute("role", "search");
    f.innerHTML =
      '<label for="fact-query">Find a fact</label>' +
      '<input id="fact-query" type="search" autocomplete="off" placeholder="e.g. half-life, Ki, sodium, Timmer">' +
      '<label for="fact-status">Status</label>' +
      '<select id="fact-status"><option value="">any</option></select>' +
      '<p class="fact-filter-count" aria-live="polite"></p>';
    var menu = f.querySelector("select");
    Object.keys(statuses).forEach(function (code) {
      var option = document.createElement("option");
      option.value = code;
      option.textContent = code + ": " + statuses[code];
      menu.appendChild(option);
    });
    f.addEventListener("submit", function (e) { e.preventDefault(); });
    return f;
  }

  function setup(root) {
    var groups = Array.prototype.slice.call(root.querySelectorAll("details.course-fact-group"));
    var rows = [];
    groups.forEach(function (group) {
      group.querySelectorAll("tbody tr").forEach(function (tr) {
        rows.push({ tr: tr, group: group, text: norm(tr.textContent),
                    status: tr.cells.length > 2 ? tr.cells[2].textContent.trim() : "" });
      });
    });
    var f = form(JSON.parse(root.getAttribute("data-statuses") || "{}"));
    root.insertBefore(f, root.firstChild);
    var query = f.querySelector("#fact-query"), status = f.querySelector("#fact-status");
    var count = f.querySelector(".fact-filter-count");

    function apply() {
      var words = norm(query.value).trim().split(" ").filter(Boolean), wanted = status.value;
      var filtering = words.length > 0 || wanted !== "", shown = 0, perGroup = new Map();
      rows.forEach(function (r) {
        var match = (!wanted || r.status === wanted) &&
          words.every(function (w) { return r.text.indexOf(w) >= 0; });
        r.tr.hidden = filtering && !match;
        if (match) { shown++; perGroup.set(r.group, (perGroup.get(r.group) || 0) + 1); }
      });
      groups.forEach(function (group) {
        var n = perGroup.get(group) || 0;
        group.hidden = filtering && n === 0;
        if (filtering && n > 0 && !group.open) { group.open = true; group.dataset.openedByFilter = "1"; }
        if (!filtering && group.dataset.openedByFilter) { group.open = false; delete group.dataset.openedByFilter; }
      });
      count.textContent = !filtering
        ? rows.length + " facts in " + groups.length + " groups: type to search, or open a group."
        : shown === 0 ? "No fact matches. Try one word, or another status."
        : shown + " of " + rows.length + " facts match" + (perGroup.size > 1 ? ", in " + perGroup.size + " groups." : ".");
    }
    query.addEventListener("input", apply);
    status.addEventListener("change", apply);
    apply();
  }

  function start() { document.querySelectorAll(".course-facts").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
