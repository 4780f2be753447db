/* The 检务督察专报's charts: each option comes from the page's json_script (report_figures.charts), drawn
 * with the locally served ECharts. No inline script and no eval (the Content-Security-Policy forbids both):
 * the options are plain JSON, the heights are set here rather than in a style attribute.
 */
(function () {
  "use strict";

  function draw() {
    var data = document.getElementById("report-charts-data");
    if (!data || !window.echarts) {
      return;
    }
    var charts = JSON.parse(data.textContent);
    var drawn = [];
    charts.forEach(function (chart) {
      var box = document.querySelector('.report-chart[data-chart="' + chart.key + '"]');
      if (!box) {
        return;
      }
      box.style.height = "300px";
      box.style.width = "100%";
      var instance = window.echarts.init(box, null, { renderer: "canvas" });
      instance.setOption(chart.option);
      drawn.push(instance);
    });
    window.addEventListener("resize", function () {
      drawn.forEach(function (instance) {
        instance.resize();
      });
    });
    document.body.dataset.chartsDrawn = String(drawn.length);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
