/* Acts that cannot be undone ask first, in a Chinese dialog instead of the browser's own.
 *
 * A submit button (or its form) with data-confirm="…" asks before its form is sent: 立项 on the initiation form,
 * 强制修改密码 on a user's page. htmx elements with hx-confirm="…" ask the same way (立项, 办结, 撤销 on the
 * matter's page). data-confirm-title and data-confirm-ok name the dialog and its button. Without JavaScript the
 * form is simply sent, as before.
 */
(function () {
  "use strict";

  var modal = null;
  var parts = {};
  var pending = null;
  var shown = false;

  function close(confirmed) {
    if (!pending) {
      return;
    }
    pending.confirmed = confirmed;
    pending.closing = true;
    if (shown) {
      modal.hide();
    }
  }

  function build() {
    var root = document.createElement("div");
    root.className = "modal fade";
    root.id = "app-confirm";
    root.tabIndex = -1;
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-labelledby", "app-confirm-title");
    root.setAttribute("aria-describedby", "app-confirm-text");
    root.setAttribute("data-testid", "confirm-dialog");
    root.innerHTML =
      '<div class="modal-dialog modal-dialog-centered"><div class="modal-content">' +
      '<div class="modal-header"><h2 class="modal-title h5" id="app-confirm-title"></h2>' +
      '<button type="button" class="btn-close" data-bs-dismiss="modal" aria-label="关闭"></button></div>' +
      '<div class="modal-body" id="app-confirm-text"></div>' +
      '<div class="modal-footer">' +
      '<button type="button" class="btn btn-outline-secondary" data-testid="confirm-cancel">取消</button>' +
      '<button type="button" class="btn btn-primary" data-testid="confirm-ok"></button>' +
      "</div></div></div>";
    document.body.appendChild(root);
    parts.title = root.querySelector(".modal-title");
    parts.text = root.querySelector(".modal-body");
    parts.ok = root.querySelector("[data-testid=confirm-ok]");
    parts.ok.addEventListener("click", function () {
      close(true);
    });
    root.querySelector("[data-testid=confirm-cancel]").addEventListener("click", function () {
      close(false);
    });
    // Bootstrap ignores hide() while the dialog is still fading in: a quick click closes it once it is shown.
    root.addEventListener("shown.bs.modal", function () {
      shown = true;
      if (pending && pending.closing) {
        modal.hide();
      }
    });
    root.addEventListener("hide.bs.modal", function () {
      shown = false;
    });
    // The act runs once the dialog is gone, so focus returns to the page before htmx swaps it.
    root.addEventListener("hidden.bs.modal", function () {
      var asked = pending;
      pending = null;
      if (asked && asked.confirmed) {
        asked.then();
      }
    });
    modal = new window.bootstrap.Modal(root);
  }

  function ask(elt, text, then) {
    if (!window.bootstrap || !window.bootstrap.Modal) {
      if (window.confirm(text)) {
        then();
      }
      return;
    }
    if (!modal) {
      build();
    }
    var data = (elt && elt.dataset) || {};
    parts.title.textContent = data.confirmTitle || "请确认";
    parts.text.textContent = text;
    parts.ok.textContent = data.confirmOk || "确定";
    parts.ok.className = "btn " + (data.confirmDanger !== undefined ? "btn-danger" : "btn-primary");
    pending = { then: then, confirmed: false, closing: false };
    modal.show();
  }

  // A plain form: hold the submission, ask, then send it again with the same button.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var button = event.submitter;
      var source = button && button.dataset.confirm ? button : form;
      var text = source.dataset ? source.dataset.confirm : "";
      if (!text || form.dataset.confirmed === "1") {
        delete form.dataset.confirmed;
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      ask(source, text, function () {
        form.dataset.confirmed = "1";
        form.requestSubmit(button || undefined);
      });
    },
    true,
  );

  // htmx: hx-confirm asks here instead of window.confirm.
  document.addEventListener("htmx:confirm", function (event) {
    if (!event.detail.question) {
      return;
    }
    event.preventDefault();
    ask(event.detail.elt, event.detail.question, function () {
      event.detail.issueRequest(true);
    });
  });
})();
