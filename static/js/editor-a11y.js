/* Accessible names the page editor's widgets otherwise lack: each rich-text editor gets
   its block's label (Draftail inside StreamField blocks), and the date picker's icon-only
   buttons get words, in the language of the page. */
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
  var french = (document.documentElement.lang || "fr").indexOf("fr") === 0;
  var PICKER = {
    ".xdsoft_prev": french ? "Mois précédent" : "Previous month",
    ".xdsoft_next": french ? "Mois suivant" : "Next month",
    ".xdsoft_today_button": french ? "Aujourd'hui" : "Today",
  };
  function nameButtons(root) {
    Object.keys(PICKER).forEach(function (selector) {
      var found = root.matches && root.matches(selector) ? [root] : [];
      root.querySelectorAll(selector).forEach(function (button) {
        found.push(button);
      });
      found.forEach(function (button) {
        if (!button.getAttribute("aria-label")) {
          button.setAttribute("aria-label", PICKER[selector]);
        }
      });
    });
  }
  function scan(root) {
    if (root.matches && root.matches(".public-DraftEditor-content")) {
      label(root);
    }
    root.querySelectorAll(".public-DraftEditor-content").forEach(label);
    nameButtons(root);
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
