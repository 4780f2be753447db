/* When an htmx request fails, show the server's Chinese message where the user acted.
 *
 * htmx swaps nothing for a 4xx or 5xx answer and nothing when the server cannot be reached, so without this
 * a click on 办结 or 提交反馈 that failed would look like a click that did nothing. The error pages
 * (procuracy/error_views.py) mark their message with data-error-message; the API answers {"detail": ...}.
 */
(function () {
  "use strict";

  var OFFLINE = "无法连接服务器，请检查网络后重试。";
  var GENERAL = "操作未完成：服务器返回了错误，请稍后重试。";

  function messageOf(xhr) {
    if (!xhr || !xhr.status) {
      return OFFLINE;
    }
    var type = xhr.getResponseHeader("Content-Type") || "";
    try {
      if (type.indexOf("application/json") === 0) {
        var data = JSON.parse(xhr.responseText);
        if (data && data.detail) {
          return String(data.detail);
        }
      } else if (type.indexOf("text/html") === 0) {
        var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var node = page.querySelector("[data-error-message]");
        if (node && node.textContent.trim()) {
          return node.textContent.trim();
        }
      }
    } catch (ignored) {
      // An answer we cannot read still deserves the general message below.
    }
    return GENERAL + "（" + xhr.status + "）";
  }

  function clear() {
    document.querySelectorAll("[data-htmx-error]").forEach(function (node) {
      node.remove();
    });
  }

  function show(elt, text) {
    clear();
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible py-2";
    alert.setAttribute("role", "alert");
    alert.setAttribute("data-htmx-error", "");
    alert.setAttribute("data-testid", "htmx-error");
    alert.appendChild(document.createTextNode(text));
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "关闭");
    alert.appendChild(close);
    // Above the form that was sent, or at the top of the page for a lone button.
    var form = elt && elt.closest ? elt.closest("form") : null;
    if (form && form.parentNode) {
      form.parentNode.insertBefore(alert, form);
    } else {
      var main = document.querySelector("main") || document.body;
      main.insertBefore(alert, main.firstChild);
    }
    alert.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:beforeRequest", clear);
  document.addEventListener("htmx:responseError", function (event) {
    show(event.detail.elt, messageOf(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function (event) {
    show(event.detail.elt, OFFLINE);
  });
})();
