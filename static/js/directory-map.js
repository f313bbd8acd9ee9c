/* The directory's map: progressive enhancement. The list says everything; without
   JavaScript, Leaflet or tiles, the map stays empty and hidden. */
(function () {
  "use strict";
  var element = document.getElementById("directory-map");
  if (!element || typeof L === "undefined" || !window.fetch) {
    return;
  }
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", element.dataset.label || "");
  element.classList.add("directory-map-ready");
  var map = L.map(element, { scrollWheelZoom: false }).setView([50.69, 3.175], 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 18,
      attribution: element.dataset.attribution || ""
    }).addTo(map);
  }
  fetch(element.dataset.url, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var bounds = [];
      data.features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.name;
        var box = document.createElement("div");
        box.appendChild(link);
        [feature.properties.address, feature.properties.status].forEach(function (text) {
          if (text) {
            var line = document.createElement("div");
            line.textContent = text;
            box.appendChild(line);
          }
        });
        L.circleMarker([c[1], c[0]], { radius: 8 }).addTo(map).bindPopup(box);
        bounds.push([c[1], c[0]]);
      });
      if (bounds.length) {
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
      }
    });
})();
