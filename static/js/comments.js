// One comment form per thread. A "Reply" link works without this script (the page comes back
// with the form answering that comment); with it, the form moves under the comment at once.
(function () {
  "use strict";
  var form = document.querySelector("[data-comment-form]");
  if (!form) { return; }
  var home = form.parentNode;
  var next = form.nextSibling;
  var field = form.querySelector('input[name="reply_to"]');
  var notice = form.querySelector("[data-replying-to]");
  var noticeText = form.querySelector("[data-replying-to-text]");
  var textarea = form.querySelector("textarea");
  var button = form.querySelector("[data-label-reply]");

  function reply(link) {
    var item = link.closest("li");
    var thread = item && item.parentNode.closest("li") ? item.parentNode.closest("li") : item;
    field.value = link.getAttribute("data-reply-to");
    noticeText.textContent = link.getAttribute("data-reply-label");
    notice.hidden = false;
    button.textContent = button.getAttribute("data-label-reply");
    thread.appendChild(form);
    textarea.focus();
  }

  function cancel() {
    field.value = "";
    notice.hidden = true;
    button.textContent = button.getAttribute("data-label-new");
    home.insertBefore(form, next);
    textarea.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reply-to]");
    if (link) {
      event.preventDefault();
      reply(link);
      return;
    }
    if (event.target.closest("[data-cancel-reply]")) {
      event.preventDefault();
      cancel();
    }
  });
})();
