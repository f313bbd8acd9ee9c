/* Minutes editor: show the amendments received on each section beside that section.
   The data and the translated heading come from the "Approval and amendments" panel
   (json_script); the panel keeps its full list, so nothing is lost without JavaScript.
   Text is inserted as text only. */
(function () {
  "use strict";
  var pending = [];
  var heading = "";

  function build(group) {
    var aside = document.createElement("aside");
    aside.className = "minutes-amendments";
    aside.setAttribute("data-amendments-for", group.section_id);
    var title = document.createElement("p");
    title.className = "minutes-amendments__title";
    title.id = "amendments-" + group.section_id;
    title.textContent = heading + " (" + group.amendments.length + ")";
    aside.setAttribute("aria-labelledby", title.id);
    aside.appendChild(title);
    var list = document.createElement("ul");
    group.amendments.forEach(function (amendment) {
      var item = document.createElement("li");
      var who = document.createElement("strong");
      who.textContent = amendment.who;
      item.appendChild(who);
      item.appendChild(document.createTextNode(", " + amendment.when + " — " + amendment.text));
      list.appendChild(item);
    });
    aside.appendChild(list);
    return aside;
  }

  function place() {
    pending = pending.filter(function (group) {
      var child = document.querySelector(
        '[data-contentpath="sections"] [data-streamfield-child][data-contentpath="' +
          group.section_id +
          '"]'
      );
      var content = child && child.querySelector(".w-panel__content, .c-sf-block__content");
      if (!content) {
        return true;
      }
      if (!content.querySelector('[data-amendments-for="' + group.section_id + '"]')) {
        content.insertBefore(build(group), content.firstChild);
      }
      return false;
    });
    return pending.length === 0;
  }

  function start() {
    var data = document.getElementById("minutes-amendments-data");
    if (!data) {
      return;
    }
    var parsed = JSON.parse(data.textContent) || {};
    heading = parsed.heading || "";
    pending = parsed.groups || [];
    if (place()) {
      return;
    }
    var observer = new MutationObserver(function () {
      if (place()) {
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
