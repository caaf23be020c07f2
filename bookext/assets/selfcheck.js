/* The book's kernel-free self-check.
 *
 * Why: readers of the built book have no kernel, yet their answers must be judged exactly as the
 * course's Python engine judges them. Python (exercises/static.py) writes, per exercise, a JSON spec
 * of the public variant: for numbers the tolerance interval computed by core.tolerance_interval, the
 * unit spellings with their factors, misconceptions and the exact messages of exercises/parsing.py;
 * for choice, ordering and matching the judgement of every possible answer made by Exercise.judge.
 * This file only follows those specs; tests/test_selfcheck_parity.py proves both sides agree.
 * Answers stay in this browser (localStorage), keyed by book version and exercise id.
 */
(function () {
  "use strict";
  var own = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  // ---- Python's formatting, so messages read the same -------------------------------------------
  function stripZeros(s) { return s.indexOf(".") >= 0 ? s.replace(/0+$/, "").replace(/\.$/, "") : s; }
  function pyG(x) {                       // f"{x:g}"
    if (x === 0) { return Object.is(x, -0) ? "-0" : "0"; }
    var exp = parseInt(x.toExponential(5).split("e")[1], 10);
    if (exp < -4 || exp >= 6) {
      var parts = x.toExponential(5).split("e");
      var e = Math.abs(parseInt(parts[1], 10));
      return stripZeros(parts[0]) + "e" + (parts[1][0] === "-" ? "-" : "+") + (e < 10 ? "0" : "") + e;
    }
    return stripZeros(x.toFixed(5 - exp));
  }
  function pyRepr(s) {                    // repr(str)
    var quote = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    var out = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")
      .replace(/[\x00-\x1f\x7f]/g, function (c) { return "\\x" + ("0" + c.charCodeAt(0).toString(16)).slice(-2); });
    if (quote === "'") { out = out.replace(/'/g, "\\'"); }
    return quote + out + quote;
  }
  function fill(template, fields) {       // str.format(**fields) for plain {name} fields
    return template.replace(/\{(\w+)\}/g, function (m, name) { return own(fields, name) ? String(fields[name]) : m; });
  }
  function round4(x) { return Math.round(x * 1e4) / 1e4; }

  // ---- parsing: exercises/parsing.py, step by step ------------------------------------------------
  function Invalid(message) { this.message = message; }
  function fail(u, key, fields) { return new Invalid(fill(u.messages[key], fields || {})); }
  function finite(u, v) {
    if (isNaN(v)) { throw fail(u, "nan"); }
    if (!isFinite(v)) { throw fail(u, "infinite"); }
    return v;
  }
  function clean(u, text) {
    var out = text.trim();
    u.substitutions.forEach(function (p) { out = out.split(p[0]).join(p[1]); });
    return out.replace(/\s+/g, " ");
  }
  function regexes(u) {
    if (!u._re) {
      u._re = {only: new RegExp("^" + u.number + "$"),
               fraction: new RegExp("^(" + u.number + ") ?/ ?(" + u.number + ")$"),
               leading: new RegExp("^(" + u.number + ") ?(.*)$"),
               perDay: new RegExp(u.per_day, "i")};
    }
    return u._re;
  }
  function number(u, cleaned, shown) {
    var re = regexes(u);
    if (u.non_finite.indexOf(cleaned.toLowerCase()) >= 0) { throw fail(u, "not_finite", {text: pyRepr(cleaned)}); }
    var f = cleaned.match(re.fraction);
    if (f) {
      var top = finite(u, Number(f[1])), bottom = finite(u, Number(f[2]));
      if (bottom === 0) { throw fail(u, "zero_division", {text: pyRepr(cleaned)}); }
      return finite(u, top / bottom);
    }
    if (!re.only.test(cleaned)) { throw fail(u, "not_a_number", {text: pyRepr(shown)}); }
    return finite(u, Number(cleaned));
  }
  function dimensionError(u, given) {
    var fields = {given: given};
    Object.keys(u.fields).forEach(function (k) { fields[k] = u.fields[k]; });
    return fail(u, "dimension", fields);
  }
  function readText(u, text) {
    var re = regexes(u);
    if (re.only.test(text) || re.fraction.test(text) || u.non_finite.indexOf(text.toLowerCase()) >= 0) {
      return number(u, text, text);
    }
    var shown = text;
    if (u.strip_per_day) {
      var perDay = text.match(re.perDay);
      if (perDay) { text = text.slice(0, perDay.index); }
    }
    text = text.split("%").join(" percent");
    var m = text.trim().match(re.leading);
    if (!m) { throw fail(u, "no_number", {text: pyRepr(shown), sample: u.fields.sample}); }
    var value = number(u, m[1], m[1]);
    var unitText = m[2].trim();
    if (!unitText) { return value; }
    var key = unitText.replace(/\s+per\s+/g, "/").replace(/\s+/g, "");
    if (!own(u.factors, key) && !own(u.others, key) && own(u.lower, key.toLowerCase())) {
      key = u.lower[key.toLowerCase()];
    }
    if (own(u.factors, key)) { return finite(u, value * u.factors[key]); }
    if (own(u.others, key)) { throw dimensionError(u, u.others[key]); }
    throw fail(u, "unknown_unit", {unit: pyRepr(unitText)});
  }
  function withWord(value, word) { return pyG(value) + (word ? " " + word : ""); }
  function parseQuantity(u, raw, minimum, maximum) {
    if (!String(raw).trim()) { throw fail(u, "empty", u.fields); }
    var value = readText(u, clean(u, String(raw)));
    if (minimum !== null && value < minimum) {
      throw fail(u, "below", {value: withWord(value, u.word), bound: withWord(minimum, u.word)});
    }
    if (maximum !== null && value > maximum) {
      throw fail(u, "above", {value: withWord(value, u.word), bound: withWord(maximum, u.word)});
    }
    return value;
  }

  // ---- judging ---------------------------------------------------------------------------------
  function result(spec, fraction, message) {
    fraction = Math.min(1, Math.max(0, fraction));
    var status = fraction >= 1 ? "correct" : fraction <= 0 ? "incorrect" : "partial";
    return {status: status, score: round4(spec.points * fraction), points: spec.points, message: message};
  }
  function within(v, interval) { return interval[0] <= v && v <= interval[1]; }
  function judgeNumeric(spec, answer) {
    var j = spec.judge, got = parseQuantity(spec.units, answer, j.minimum, j.maximum);
    if (within(got, j.interval)) { return result(spec, 1, j.messages.correct); }
    for (var i = 0; i < j.misconceptions.length; i++) {
      if (within(got, j.misconceptions[i].interval)) { return result(spec, 0, j.misconceptions[i].message); }
    }
    if (j.percent && within(got * 100, j.interval)) {
      return result(spec, 0, fill(j.messages.fraction, {got: pyG(got)}));
    }
    return result(spec, 0, j.messages.incorrect);
  }
  function tableKey(spec, answer) {
    if (spec.kind === "choice") { return answer.slice().sort().join(","); }
    if (spec.kind === "ordering") { return answer.join(","); }
    return Object.keys(answer).sort().map(function (k) { return k + "-" + answer[k]; }).join(",");
  }
  function judge(spec, answer) {
    try {
      if (spec.kind === "numeric") { return judgeNumeric(spec, answer); }
      if (spec.kind === "free-text") {
        var words = String(answer).trim() ? String(answer).trim().split(/\s+/).length : 0;
        if (words < spec.min_words) { throw new Invalid(spec.too_short[words]); }
        return {status: "recorded", score: 0, points: spec.points, message: spec.recorded};
      }
      var key = tableKey(spec, answer);
      if (!own(spec.table, key)) { throw new Invalid(spec.unknown); }
      var o = spec.outcomes[spec.table[key]];
      return {status: o[0], score: o[1], points: spec.points, message: o[2]};
    } catch (e) {
      if (e instanceof Invalid) { return {status: "invalid", score: 0, points: spec.points, message: e.message}; }
      throw e;
    }
  }

  // ---- storage ---------------------------------------------------------------------------------
  var PREFIX = "alpha2course/";
  function storeKey(version, id) { return PREFIX + version + "/" + id; }
  function load(version, id) {
    try { var s = window.localStorage.getItem(storeKey(version, id)); return s ? JSON.parse(s) : null; }
    catch (e) { return null; }
  }
  function save(version, id, record) {
    try { window.localStorage.setItem(storeKey(version, id), JSON.stringify(record)); } catch (e) { /* private mode */ }
  }
  function forget(version, id) { try { window.localStorage.removeItem(storeKey(version, id)); } catch (e) { /* */ } }

  // ---- the controls ----------------------------------------------------------------------------
  var LABELS = {correct: "Right", partial: "Partly right", invalid: "Cannot check this answer",
                recorded: "Compare with the rubric", incorrect: "Not right yet"};
  function showFeedback(block, fb, restored) {
    var box = block.querySelector(".selfcheck-feedback");
    box.setAttribute("data-status", fb.status);
    var score = (fb.status === "invalid" || fb.status === "recorded") ? "" : " (" + pyG(fb.score) + "/" + pyG(fb.points) + ")";
    box.innerHTML = "";
    var strong = document.createElement("strong");
    strong.textContent = LABELS[fb.status] + score + ".";
    var msg = document.createElement("span");
    msg.className = "selfcheck-message";
    msg.textContent = fb.message;
    box.appendChild(strong);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(msg);
    if (restored) {
      var note = document.createElement("span");
      note.className = "selfcheck-restored";
      note.textContent = " (your saved answer)";
      box.appendChild(note);
    }
    var rubric = block.querySelector(".selfcheck-rubric");
    if (rubric) { rubric.hidden = fb.status !== "recorded"; }
  }
  function readAnswer(block, spec) {
    if (spec.kind === "numeric" || spec.kind === "free-text") { return block.querySelector(".selfcheck-input").value; }
    if (spec.kind === "choice") {
      return Array.prototype.map.call(block.querySelectorAll("input.selfcheck-option:checked"), function (i) { return i.value; });
    }
    if (spec.kind === "ordering") {
      return Array.prototype.map.call(block.querySelectorAll(".selfcheck-order > li"), function (li) { return li.getAttribute("data-letter"); });
    }
    var out = {};
    block.querySelectorAll("select.selfcheck-match").forEach(function (s) { if (s.value) { out[s.getAttribute("data-left")] = s.value; } });
    return out;
  }
  function writeAnswer(block, spec, answer) {
    if (spec.kind === "numeric" || spec.kind === "free-text") { block.querySelector(".selfcheck-input").value = answer; return; }
    if (spec.kind === "choice") {
      block.querySelectorAll("input.selfcheck-option").forEach(function (i) { i.checked = answer.indexOf(i.value) >= 0; });
      return;
    }
    if (spec.kind === "ordering") {
      var list = block.querySelector(".selfcheck-order");
      answer.forEach(function (letter) {
        var li = list.querySelector('li[data-letter="' + letter + '"]');
        if (li) { list.appendChild(li); }
      });
      return;
    }
    block.querySelectorAll("select.selfcheck-match").forEach(function (s) { s.value = answer[s.getAttribute("data-left")] || ""; });
  }
  function resetAnswer(block, spec) {
    if (spec.kind === "ordering") { writeAnswer(block, spec, spec.letters); }
    else if (spec.kind === "choice") { writeAnswer(block, spec, []); }
    else if (spec.kind === "matching") { writeAnswer(block, spec, {}); }
    else { writeAnswer(block, spec, ""); }
    var box = block.querySelector(".selfcheck-feedback");
    box.textContent = "";
    box.removeAttribute("data-status");
    var rubric = block.querySelector(".selfcheck-rubric");
    if (rubric) { rubric.hidden = true; }
  }
  function moveItem(block, button, step) {
    var li = button.closest("li"), list = li.parentNode;
    var target = step < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!target) { return; }
    if (step < 0) { list.insertBefore(li, target); } else { list.insertBefore(target, li); }
    button.focus();
    var position = Array.prototype.indexOf.call(list.children, li) + 1;
    block.querySelector(".selfcheck-moved").textContent =
      li.querySelector(".order-text").textContent + ": now at position " + position + " of " + list.children.length + ".";
  }
  function check(block, spec, version) {
    var answer = readAnswer(block, spec), fb = judge(spec, answer);
    showFeedback(block, fb, false);
    if (fb.status !== "invalid") {
      save(version, spec.id, {answer: answer, status: fb.status, score: fb.score, points: spec.points,
                              chapter: spec.chapter, kind: spec.kind});
    }
    refreshPanels();
    return fb;
  }
  function setup(block) {
    var specNode = block.querySelector("script.selfcheck-spec");
    if (!specNode || block.getAttribute("data-ready")) { return; }
    var spec = JSON.parse(specNode.textContent), version = block.getAttribute("data-book-version") || "dev";
    block.courseSpec = spec;
    var form = block.querySelector("form.selfcheck");
    form.addEventListener("submit", function (ev) { ev.preventDefault(); check(block, spec, version); });
    block.querySelectorAll(".order-up, .order-down").forEach(function (b) {
      b.addEventListener("click", function () { moveItem(block, b, b.classList.contains("order-up") ? -1 : 1); });
    });
    var saved = load(version, spec.id);
    if (saved && saved.answer !== undefined) {
      writeAnswer(block, spec, saved.answer);
      showFeedback(block, judge(spec, saved.answer), true);
    }
    block.setAttribute("data-ready", "1");
  }

  // ---- progress panels -------------------------------------------------------------------------
  function refreshPanels() {
    document.querySelectorAll(".course-progress").forEach(function (panel) {
      var catalogue = JSON.parse(panel.querySelector("script.progress-catalogue").textContent);
      var version = panel.getAttribute("data-book-version") || "dev", rows = panel.querySelector("tbody");
      var totalScore = 0, totalPoints = 0;
      rows.innerHTML = "";
      Object.keys(catalogue).forEach(function (chapter) {
        var score = 0, points = 0, answered = 0;
        catalogue[chapter].forEach(function (ex) {
          var rec = load(version, ex.id);
          if (ex.scored) { points += ex.points; }
          if (rec) { answered += 1; if (ex.scored) { score += rec.score || 0; } }
        });
        totalScore += score; totalPoints += points;
        var tr = document.createElement("tr");
        [chapter, pyG(round4(score)) + " of " + pyG(points), answered + " of " + catalogue[chapter].length].forEach(function (t) {
          var td = document.createElement("td"); td.textContent = t; tr.appendChild(td);
        });
        rows.appendChild(tr);
      });
      panel.querySelector(".progress-total").textContent = pyG(round4(totalScore)) + " of " + pyG(totalPoints) + " points";
    });
  }
  function setupPanel(panel) {
    if (panel.getAttribute("data-ready")) { return; }
    panel.querySelector(".progress-clear").addEventListener("click", function () {
      var catalogue = JSON.parse(panel.querySelector("script.progress-catalogue").textContent);
      var version = panel.getAttribute("data-book-version") || "dev";
      Object.keys(catalogue).forEach(function (chapter) {
        catalogue[chapter].forEach(function (ex) {
          forget(version, ex.id);
          var block = document.querySelector('.course-exercise[data-exercise="' + ex.id + '"]');
          if (block && block.courseSpec) { resetAnswer(block, block.courseSpec); }
        });
      });
      refreshPanels();
      panel.querySelector(".progress-status").textContent = "Your answers are cleared.";
    });
    panel.setAttribute("data-ready", "1");
  }
  function start() {
    document.querySelectorAll(".course-exercise").forEach(setup);
    document.querySelectorAll(".course-progress").forEach(setupPanel);
    refreshPanels();
  }
  window.courseSelfcheck = {judge: judge, pyG: pyG, pyRepr: pyRepr, check: function (block) {
    return check(block, block.courseSpec, block.getAttribute("data-book-version") || "dev");
  }};
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
