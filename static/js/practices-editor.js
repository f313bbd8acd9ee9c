/* Accessible names in the page editor for what Wagtail leaves unnamed: rich-text editors of
   top-level fields and the tag field's text box take the name of their field's label. */
(function () {
  "use strict";
  function fieldLabel(element) {
    var field = element.closest("[data-contentpath]");
    if (!field) {
      return null;
    }
    return document.getElementById("id_" + field.getAttribute("data-contentpath") + "-label");
  }
  function name(element) {
    if (element.getAttribute("aria-label") || element.getAttribute("aria-labelledby")) {
      return;
    }
    if (element.id && document.querySelector('label[for="' + element.id + '"]')) {
      return;
    }
    var label = fieldLabel(element);
    if (label) {
      element.setAttribute("aria-labelledby", label.id);
    }
  }
  var SELECTOR = ".public-DraftEditor-content, .ui-autocomplete-input";
  function scan(root) {
    if (root.matches && root.matches(SELECTOR)) {
      name(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll(SELECTOR).forEach(name);
    }
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
