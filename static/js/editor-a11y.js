/* Gives each rich-text editor of the page editor an accessible name (its block's label),
   which Draftail editors inside StreamField blocks otherwise lack. */
(function () {
  "use strict";
  function label(editor) {
    if (editor.getAttribute("aria-label") || editor.getAttribute("aria-labelledby")) {
      return;
    }
    var text = null;
    var child = editor.closest("[data-streamfield-child]");
    if (child) {
      var type = child.querySelector(".c-sf-block__type");
      if (type) {
        text = type.textContent.trim();
      }
    }
    if (!text) {
      var field = editor.closest("[data-contentpath]");
      var fieldLabel = field && field.querySelector("label");
      if (fieldLabel) {
        text = fieldLabel.textContent.trim();
      }
    }
    if (text) {
      editor.setAttribute("aria-label", text);
    }
  }
  function scan(root) {
    if (root.matches && root.matches(".public-DraftEditor-content")) {
      label(root);
    }
    root.querySelectorAll(".public-DraftEditor-content").forEach(label);
  }
  function start() {
    scan(document);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) {
            scan(node);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
