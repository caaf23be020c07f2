/* Figures that fit a phone (bookext/assets.py): after plotly draws a figure, wrap a slider label
 * that is wider than the figure, and move a legend that sits on the axis title down, growing the
 * figure by what they need. Why here: only the browser knows how wide the screen is. */
(function () {
  "use strict";
  if (!window.Plotly || !Plotly.newPlot) return;
  var LINE = 18; // px per extra line of 13 px text
  var svgOf = function (gd) { return gd.querySelector("svg.main-svg"); };

  function wrapToWidth(text, node, maxWidth) {
    // break the label at spaces so that each line fits; measured with the label's own font
    var words = text.split(" "), lines = [], line = "";
    var probe = node.cloneNode(false);
    node.parentNode.appendChild(probe);
    for (var i = 0; i < words.length; i++) {
      var next = line ? line + " " + words[i] : words[i];
      probe.textContent = next + " 0.00";
      if (line && probe.getComputedTextLength() > maxWidth) { lines.push(line); line = words[i]; }
      else line = next;
    }
    probe.remove();
    lines.push(line);
    return lines;
  }

  function sliderFix(gd, update) {
    var label = gd.querySelector(".slider-group > text.slider-label");
    var slider = gd.layout.sliders && gd.layout.sliders[0];
    if (!label || !slider || !slider.currentvalue) return 0;
    var box = svgOf(gd).getBoundingClientRect(), r = label.getBoundingClientRect();
    if (r.right <= box.right - 1) return 0;
    var prefix = (slider.currentvalue.prefix || "").replace(/<br>/g, " ");
    var lines = wrapToWidth(prefix, label, box.right - r.left - 8);
    if (lines.length < 2) return 0;
    update["sliders[0].currentvalue.prefix"] = lines.join("<br>");
    return (lines.length - 1) * LINE;
  }

  function legendFix(gd, update) {
    var legend = gd.querySelector("g.legend"), title = gd.querySelector(".g-xtitle text, text.xtitle");
    if (!legend || !title || !gd.layout.legend || gd.layout.legend.yanchor !== "top") return 0;
    var overlap = title.getBoundingClientRect().bottom + 6 - legend.getBoundingClientRect().top;
    if (overlap <= 0) return 0;
    var plotHeight = gd._fullLayout._size.h;
    update["legend.y"] = (gd.layout.legend.y || 0) - overlap / plotHeight;
    return overlap;
  }

  function fit(gd, rounds) {
    if (!svgOf(gd) || rounds <= 0) return Promise.resolve(gd);
    var update = {}, grow = 0;
    var top = sliderFix(gd, update);
    if (top) {
      update["margin.t"] = gd.layout.margin.t + top;
      if (gd.layout.updatemenus && gd.layout.updatemenus[0]) {
        update["updatemenus[0].pad.b"] = ((gd.layout.updatemenus[0].pad || {}).b || 0) + top;
      }
      grow += top;
    }
    grow += legendFix(gd, update);
    if (!grow) return Promise.resolve(gd);
    update.height = gd.layout.height + grow;
    gd.style.height = update.height + "px";
    return Plotly.relayout(gd, update).then(function () { return fit(gd, rounds - 1); });
  }

  var newPlot = Plotly.newPlot;
  Plotly.newPlot = function () {
    return newPlot.apply(this, arguments).then(function (gd) { return fit(gd, 3); });
  };
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      document.querySelectorAll(".js-plotly-plot").forEach(function (gd) { fit(gd, 3); });
    }, 400);
  });
})();
