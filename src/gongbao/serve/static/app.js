// Charts for the targets page and the citation graph. Data comes from <script type="application/json">
// blocks (parsed, never evaluated); labels are set as text by ECharts, not as HTML.
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var RELATIONS = { answers: "答复", implements: "贯彻落实", amends: "修改", repeals: "废止", replaces: "替代", cites: "引用" };

  // The cockpit: actual values (a line), goals (diamonds), the path from baseline to goal (dashed),
  // limits (a ceiling or floor line) — a goal is never drawn as if it were an actual value.
  var charts = data("chart-data");
  if (charts) {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var c = charts[Number(el.getAttribute("data-chart"))];
      var years = c.years.map(String);
      function at(items, year, pick) {
        for (var i = 0; i < items.length; i++) { if (String(items[i].year) === year) { return pick(items[i]); } }
        return null;
      }
      var series = [{
        name: "实际值", type: "line", connectNulls: true, symbolSize: 7, itemStyle: { color: "#1a4d8f" },
        label: { show: true, position: "top" },
        data: years.map(function (y) { return at(c.actual, y, function (a) { return a.value; }); }),
        markLine: c.limits.length ? {
          symbol: "none", lineStyle: { type: "dashed", color: "#e08a00" },
          data: c.limits.map(function (l) { return { yAxis: l.value, name: (l.comparator === "≤" || l.comparator === "<" ? "上限 " : "下限 ") + l.value }; }),
          label: { formatter: "{b}", position: "insideEndTop" }
        } : undefined
      }, {
        name: "规划目标", type: "scatter", symbol: "diamond", symbolSize: 12, itemStyle: { color: "#b22222" },
        label: { show: true, position: "right", formatter: function (p) { return p.data && p.data.text ? p.data.text : ""; } },
        data: years.map(function (y) { return at(c.goals, y, function (g) { return { value: g.value, text: g.text, document: g.document.id }; }); })
      }];
      c.paths.forEach(function (path) {
        series.push({
          name: "规划路径", type: "line", symbol: "none", connectNulls: true, itemStyle: { color: "#b22222" },
          lineStyle: { type: "dashed", color: "#b22222", width: 1 },
          data: years.map(function (y) { for (var i = 0; i < path.points.length; i++) { if (String(path.points[i][0]) === y) { return path.points[i][1]; } } return null; })
        });
      });
      var chart = echarts.init(el);
      chart.setOption({
        grid: { left: 8, right: 56, top: 28, bottom: 8, containLabel: true },
        legend: { top: 0, data: ["实际值", "规划目标", "规划路径"] },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: years },
        // The axis reaches the limits too, so a ceiling above every value is still drawn.
        yAxis: c.limits.length ? {
          type: "value", name: c.unit || "",
          max: function (v) { return Math.max.apply(null, [v.max].concat(c.limits.map(function (l) { return l.value * 1.2; }))); },
          min: 0
        } : { type: "value", name: c.unit || "", scale: true },
        series: series
      });
      chart.on("click", function (p) { if (p.data && p.data.document) { window.location.href = "/documents/" + encodeURIComponent(p.data.document); } });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  var graph = data("graph-data");
  if (graph) {
    var el = document.getElementById("graph");
    var categories = ["本文", "库内文件", "引用本文", "库外文件"];
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { formatter: function (p) { return echarts.format.encodeHTML(p.dataType === "edge" ? (RELATIONS[p.data.relation] || p.data.relation) : p.data.name); } },
      legend: [{ data: categories }],
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true,
        force: { repulsion: 220, edgeLength: 120 },
        categories: categories.map(function (name) { return { name: name }; }),
        label: { show: true, position: "right", width: 200, overflow: "truncate" },
        edgeSymbol: ["none", "arrow"],
        data: graph.nodes.map(function (n) {
          return { id: n.id, name: n.name, category: categories.indexOf(n.category), document_id: n.document_id, symbolSize: n.category === "本文" ? 36 : 18 };
        }),
        links: graph.links.map(function (l) { return { source: l.source, target: l.target, relation: l.relation }; })
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node" && p.data.document_id) window.location.href = "/documents/" + encodeURIComponent(p.data.document_id);
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
})();

// A link to a line (#L812, from a search hit or an answer) lands on the outline anchor at or before it:
// paragraphs carry anchors only where outline nodes start.
(function () {
  "use strict";
  var m = /^#L(\d+)$/.exec(window.location.hash);
  if (!m || document.getElementById("L" + m[1])) return;
  var line = Number(m[1]), best = null;
  document.querySelectorAll(".body p[id^='L']").forEach(function (p) {
    var at = Number(p.id.slice(1));
    if (at <= line && (!best || at > Number(best.id.slice(1)))) best = p;
  });
  if (best) { best.scrollIntoView(); best.classList.add("near-target"); }
})();
