/* Accessible names in the page editor for what Wagtail leaves unnamed: rich-text editors
   (a top-level field's label, or inside StreamField blocks the block's label), the tag
   field's text box, and the date picker's icon-only buttons (in the page's language). */
(function () {
  "use strict";
  var french = (document.documentElement.lang || "fr").indexOf("fr") === 0;
  var PICKER = {
    ".xdsoft_prev": french ? "Mois précédent" : "Previous month",
    ".xdsoft_next": french ? "Mois suivant" : "Next month",
    ".xdsoft_today_button": french ? "Aujourd'hui" : "Today",
  };
  var FIELDS = ".public-DraftEditor-content, .ui-autocomplete-input";

  function hasName(element) {
    if (element.getAttribute("aria-label") || element.getAttribute("aria-labelledby")) {
      return true;
    }
    return Boolean(element.id && document.querySelector('label[for="' + element.id + '"]'));
  }

  function nameField(element) {
    if (hasName(element)) {
      return;
    }
    var child = element.closest("[data-streamfield-child]");
    var type = child && child.querySelector(".c-sf-block__type");
    if (type) {
      element.setAttribute("aria-label", type.textContent.trim());
      return;
    }
    var field = element.closest("[data-contentpath]");
    if (!field) {
      return;
    }
    var label = document.getElementById("id_" + field.getAttribute("data-contentpath") + "-label");
    if (label) {
      element.setAttribute("aria-labelledby", label.id);
      return;
    }
    var anyLabel = field.querySelector("label");
    if (anyLabel) {
      element.setAttribute("aria-label", anyLabel.textContent.trim());
    }
  }

  function all(root, selector) {
    var found = root.matches && root.matches(selector) ? [root] : [];
    if (root.querySelectorAll) {
      root.querySelectorAll(selector).forEach(function (element) {
        found.push(element);
      });
    }
    return found;
  }

  function scan(root) {
    all(root, FIELDS).forEach(nameField);
    Object.keys(PICKER).forEach(function (selector) {
      all(root, selector).forEach(function (button) {
        if (!button.getAttribute("aria-label")) {
          button.setAttribute("aria-label", PICKER[selector]);
        }
      });
    });
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
