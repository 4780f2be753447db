/* 督察看板's charts, drawn with the locally served ECharts from the figures the page embeds (json_script
 * "dashboard-data"; the Content-Security-Policy forbids inline scripts). Every bar and point opens the list it
 * counts, as the numbers in the tables beside the charts do. Without JavaScript the tables carry everything.
 */
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545"];

  function values(points) {
    return points.map(function (p) {
      return p.value;
    });
  }

  function opener(seriesUrls) {
    return function (params) {
      var urls = seriesUrls[params.seriesIndex];
      var point = urls && urls[params.dataIndex];
      if (point && point.url) {
        window.location.href = point.url;
      }
    };
  }

  function draw(id, height, option, seriesUrls) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) {
      return null;
    }
    // Set through the CSSOM, which the CSP allows (a style attribute in the page it does not).
    el.style.height = height + "px";
    el.style.width = "100%";
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.on("finished", function () {
      el.setAttribute("data-rendered", "true");
    });
    chart.setOption(option);
    chart.on("click", opener(seriesUrls));
    return chart;
  }

  function narrow() {
    return window.innerWidth < 576;
  }

  function rateBars(id, part, name) {
    var departments = part.departments;
    if (!departments.length) {
      var el = document.getElementById(id);
      if (el) {
        el.textContent = "期间内没有应办结的事项";
        el.className += " text-muted small text-center py-3";
        el.setAttribute("data-rendered", "true");
      }
      return null;
    }
    return draw(
      id,
      Math.max(120, 34 * departments.length + 50),
      {
        color: [PALETTE[1]],
        grid: { left: 8, right: 48, top: 10, bottom: 10, containLabel: true },
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", inverse: true, data: departments },
        series: [
          {
            name: name,
            type: "bar",
            data: values(part.rate),
            label: { show: true, position: "right", formatter: "{c}%" },
            cursor: "pointer"
          }
        ]
      },
      [part.rate]
    );
  }

  function start() {
    var source = document.getElementById("dashboard-data");
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var trend = data.trend;
    var charts = [];
    charts.push(
      draw(
        "chart-trend",
        narrow() ? 300 : 340,
        {
          color: PALETTE,
          tooltip: { trigger: "axis" },
          legend: { top: 0, type: "scroll" },
          grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
          xAxis: { type: "category", data: trend.months, axisLabel: { formatter: function (m) { return m.replace(/^\d+年/, ""); } } },
          yAxis: [
            { type: "value", minInterval: 1 },
            { type: "value", max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } }
          ],
          series: [
            { name: "立项", type: "bar", data: values(trend.initiated), cursor: "pointer" },
            { name: "办结", type: "bar", data: values(trend.concluded), cursor: "pointer" },
            { name: "发现问题", type: "bar", data: values(trend.found), cursor: "pointer" },
            { name: "销号", type: "bar", data: values(trend.verified), cursor: "pointer" },
            { name: "按期办结率", type: "line", yAxisIndex: 1, data: values(trend.rate), connectNulls: true, cursor: "pointer" }
          ]
        },
        [trend.initiated, trend.concluded, trend.found, trend.verified, trend.rate]
      )
    );
    charts.push(rateBars("chart-year", data.year, "本年度按期办结率"));
    charts.push(rateBars("chart-month", data.month, "本月按期办结率"));
    var problems = data.problems;
    if (problems.departments.length) {
      charts.push(
        draw(
          "chart-problems",
          Math.max(160, 34 * problems.departments.length + 50),
          {
            color: [PALETTE[2]],
            tooltip: { trigger: "axis" },
            grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
            xAxis: { type: "value", minInterval: 1 },
            yAxis: { type: "category", inverse: true, data: problems.departments },
            series: [{ name: "未销号问题", type: "bar", data: values(problems.open), label: { show: true, position: "right" }, cursor: "pointer" }]
          },
          [problems.open]
        )
      );
    } else {
      var el = document.getElementById("chart-problems");
      if (el) {
        el.textContent = "暂无未销号问题";
        el.className += " text-muted small text-center py-3";
        el.setAttribute("data-rendered", "true");
      }
    }
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        if (chart) {
          chart.resize();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
