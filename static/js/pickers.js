/* Searchable pickers over long selects (责任人, 配合部门, 共享给): <select data-picker="search">.
 *
 * Tom Select (static/vendor/tom-select) draws a box to type a name into; the select underneath stays the form's
 * field, so the page posts the same values and, without JavaScript, the plain select is there to use.
 */
(function () {
  "use strict";

  function init(root) {
    if (!window.TomSelect) {
      return;
    }
    root.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) {
        return;
      }
      var multiple = select.multiple;
      new window.TomSelect(select, {
        plugins: multiple ? ["remove_button"] : [],
        maxOptions: null,
        allowEmptyOption: !multiple,
        hidePlaceholder: true,
        placeholder: multiple ? "输入姓名或部门查找" : "请选择，可输入查找",
        render: {
          no_results: function () {
            return '<div class="no-results">没有找到</div>';
          },
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Tom Select and Bootstrap's collapse style elements through the CSSOM, which the Content-Security-Policy
    // allows; htmx's settle step would copy those styles onto the swapped-in elements with setAttribute("style"),
    // which it refuses (a console error per element). Classes and sizes are all the swap needs to settle.
    if (window.htmx) {
      window.htmx.config.attributesToSettle = ["class", "width", "height"];
    }
    init(document);
  });
  // Content htmx swaps in (the matter's body after an act) gets its pickers too.
  document.addEventListener("htmx:load", function (event) {
    init(event.detail.elt.parentNode || event.detail.elt);
  });
})();
