/* The problem list of a 整改通知书 draft: 增加问题 copies the formset's empty row (a <template>) with the next
 * index and counts it in TOTAL_FORMS; ticking 删除此问题 greys the row, and the server leaves it out. Without
 * JavaScript the rows already on the page still work, and the button stays hidden. */
(function () {
  "use strict";

  function setUp(box) {
    var prefix = box.getAttribute("data-prefix");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = box.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var template = box.querySelector("template[data-line-template]");
    var lines = box.querySelector("[data-lines]");
    var add = box.querySelector("[data-add-line]");
    if (!total || !template || !lines || !add) {
      return;
    }
    add.classList.remove("d-none");
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      if (max && index >= parseInt(max.value, 10)) {
        return;
      }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      lines.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = lines.lastElementChild;
      var first = added && added.querySelector("textarea, input, select");
      if (first) {
        first.focus();
      }
    });
    box.addEventListener("change", function (event) {
      var box2 = event.target;
      if (box2.name && /-DELETE$/.test(box2.name)) {
        var line = box2.closest("[data-line]");
        if (line) {
          line.classList.toggle("opacity-50", box2.checked);
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-problem-lines]").forEach(setUp);
  });
})();
