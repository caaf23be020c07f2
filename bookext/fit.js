/* Figures that fit a phone (bookext/assets.py): after plotly draws a figure, wrap a slider label or
 * an axis title that is wider than the figure, right-align a menu that runs off its right edge,
 * and move a legend that sits on the axis title down, growing the figure by what they need.
 * Why here: only the browser knows how wide the screen is. On a wide screen nothing changes. */
(function () {
  "use strict";
  if (!window.Plotly || !Plotly.newPlot) return;
  var LINE = 18; // px per extra line of 13 px text
  var svgOf = function (gd) { return gd.querySelector("svg.main-svg"); };

  function wrapToWidth(text, node, maxWidth, tail) {
    // break the label at spaces so that each line fits; measured with the label's own font
    var words = text.split(" "), lines = [], line = "";
    var probe = node.cloneNode(false);
    node.parentNode.appendChild(probe);
    for (var i = 0; i < words.length; i++) {
      var next = line ? line + " " + words[i] : words[i];
      probe.textContent = next + (tail || "");
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
    var lines = wrapToWidth(prefix, label, box.right - r.left - 8, " 0.00");
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

  function menuFix(gd, update) {
    var menu = gd.querySelector(".updatemenu-container .updatemenu-header-group");
    var menus = gd.layout.updatemenus;
    if (!menu || !menus || !menus[0]) return;
    var box = svgOf(gd).getBoundingClientRect(), r = menu.getBoundingClientRect();
    if (r.right <= box.right - 1) return;
    // anchor it at the plot's right edge, so that it runs left into the margin (which a negative x,
    // pushing the margins out, would not do)
    update["updatemenus[0].x"] = 1;
    update["updatemenus[0].xanchor"] = "right";
  }

  function axisTitleFix(gd, update) {
    var box = svgOf(gd).getBoundingClientRect(), grow = 0;
    gd.querySelectorAll("text.xtitle, text[class^='x'][class$='title']").forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (r.left >= box.left - 1 && r.right <= box.right + 1) return;
      var name = node.getAttribute("class").replace("title", ""), axis = "xaxis" + name.slice(1);
      var title = gd.layout[axis] && gd.layout[axis].title;
      if (!title || !title.text) return;
      var centre = (r.left + r.right) / 2;
      var room = 2 * Math.min(centre - box.left, box.right - centre) - 8;
      var lines = wrapToWidth(title.text.replace(/<br>/g, " "), node, room);
      if (lines.length < 2) return;
      update[axis + ".title.text"] = lines.join("<br>");
      grow += (lines.length - 1) * LINE;
    });
    return grow;
  }

  function titleGapFix(gd) {
    // a wrapped axis title must not run into the subplot below it: grow the figure until it clears
    var grow = 0, h = gd._fullLayout._size.h;
    gd.querySelectorAll("text[class^='x'][class$='title']").forEach(function (node) {
      var x = node.getAttribute("class").replace("title", "");
      var drags = [].slice.call(gd.querySelectorAll(".nsewdrag"));
      var subplotX = function (d) { return ((d.getAttribute("data-subplot") || "").match(/^x\d*/) || [""])[0]; };
      var own = drags.filter(function (d) { return subplotX(d) === x; })[0];
      if (!own) return;
      var t = node.getBoundingClientRect(), o = own.getBoundingClientRect();
      drags.forEach(function (other) {
        var r = other.getBoundingClientRect();
        // only a subplot below this axis whose top the title (which starts above it) runs into
        if (subplotX(other) === x || r.top < o.bottom || t.top >= r.top || t.bottom <= r.top) return;
        var gap = r.top - o.bottom, need = t.bottom + 6 - r.top;
        grow = Math.max(grow, Math.ceil(need * h / Math.max(gap, 1)));
      });
    });
    return grow;
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
    menuFix(gd, update);
    grow += axisTitleFix(gd, update);
    if (!grow) grow += titleGapFix(gd);
    if (!grow) grow += legendFix(gd, update);  // once the titles are settled
    if (grow > 600) return Promise.resolve(gd);  // never more than a screen: leave such a figure as it is
    if (!grow && Object.keys(update).length) return Plotly.relayout(gd, update).then(function () { return fit(gd, rounds - 1); });
    if (!grow) return Promise.resolve(gd);
    update.height = gd.layout.height + grow;
    gd.style.height = update.height + "px";
    return Plotly.relayout(gd, update).then(function () { return fit(gd, rounds - 1); });
  }

  var newPlot = Plotly.newPlot;
  Plotly.newPlot = function () {
    return newPlot.apply(this, arguments).then(function (gd) { return fit(gd, 4); });
  };
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      document.querySelectorAll(".js-plotly-plot").forEach(function (gd) { fit(gd, 4); });
    }, 400);
  });
})();
