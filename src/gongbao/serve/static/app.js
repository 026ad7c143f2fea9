// Charts for the targets page and the citation graph. Data comes from <script type="application/json">
// blocks (parsed, never evaluated); labels are set as text by ECharts, not as HTML.
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var RELATIONS = { answers: "答复", implements: "贯彻落实", amends: "修改", repeals: "废止", replaces: "替代", cites: "引用" };

  var charts = data("chart-data");
  if (charts) {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var c = charts[Number(el.getAttribute("data-chart"))];
      var chart = echarts.init(el);
      chart.setOption({
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "item", formatter: function (p) { return echarts.format.encodeHTML(c.labels[p.dataIndex] + "：" + (c.texts[p.dataIndex] || p.value)); } },
        xAxis: { type: "value", name: c.unit || "" },
        yAxis: { type: "category", data: c.labels, axisLabel: { width: 180, overflow: "truncate" } },
        series: [{ type: "bar", data: c.values, label: { show: true, position: "right" }, itemStyle: { color: "#b22222" } }]
      });
      chart.on("click", function (p) { window.location.href = "/documents/" + encodeURIComponent(c.documents[p.dataIndex]); });
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
