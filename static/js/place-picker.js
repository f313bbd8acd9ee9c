/* The sheet editor: each place's coordinates can be set by clicking a small map.
   Progressive enhancement: without JavaScript, Leaflet or tiles, the latitude and longitude
   are typed in their fields; with them, a click on the map fills both fields (and they can
   still be typed). */
(function () {
  "use strict";
  var settings = document.getElementById("place-picker-settings");
  if (!settings || typeof L === "undefined") {
    return;
  }
  var centre = [50.69, 3.175];

  function decimal(value) {
    return Math.round(value * 1000000) / 1000000;
  }

  function attach(latitude) {
    var longitude = document.getElementById(latitude.id.replace(/latitude$/, "longitude"));
    if (!longitude || latitude.dataset.picker) {
      return;
    }
    latitude.dataset.picker = "1";
    var box = document.createElement("div");
    box.className = "place-picker";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", settings.dataset.label || "");
    var help = document.createElement("p");
    help.className = "muted";
    help.textContent = settings.dataset.help || "";
    var holder = (longitude.closest(".field") || longitude.parentNode);
    holder.parentNode.insertBefore(help, holder.nextSibling);
    help.parentNode.insertBefore(box, help.nextSibling);

    var start = [parseFloat(latitude.value), parseFloat(longitude.value)];
    var known = !isNaN(start[0]) && !isNaN(start[1]);
    var map = L.map(box, { scrollWheelZoom: false }).setView(known ? start : centre, known ? 16 : 13);
    if (settings.dataset.tiles) {
      L.tileLayer(settings.dataset.tiles, {
        maxZoom: 19,
        attribution: settings.dataset.attribution || ""
      }).addTo(map);
    }
    var marker = known ? L.circleMarker(start, { radius: 8 }).addTo(map) : null;

    function place(lat, lon) {
      if (marker) {
        marker.setLatLng([lat, lon]);
      } else {
        marker = L.circleMarker([lat, lon], { radius: 8 }).addTo(map);
      }
    }

    map.on("click", function (event) {
      latitude.value = decimal(event.latlng.lat);
      longitude.value = decimal(event.latlng.lng);
      latitude.dispatchEvent(new Event("change", { bubbles: true }));
      longitude.dispatchEvent(new Event("change", { bubbles: true }));
      place(event.latlng.lat, event.latlng.lng);
    });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("change", function () {
        var lat = parseFloat(latitude.value.replace(",", "."));
        var lon = parseFloat(longitude.value.replace(",", "."));
        if (!isNaN(lat) && !isNaN(lon)) {
          place(lat, lon);
          map.panTo([lat, lon]);
        }
      });
    });
    // A place folded in a <details> gets its real size when opened.
    var details = box.closest("details");
    if (details) {
      details.addEventListener("toggle", function () { map.invalidateSize(); });
    }
  }

  document.querySelectorAll('input[id$="-latitude"]').forEach(attach);
})();
