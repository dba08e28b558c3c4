/* Admin: set a venue's latitude and longitude by clicking on a map (programme/panels.py).
   The two number fields stay the source of truth: the map writes into them and follows
   what is typed into them. */
(function () {
  "use strict";

  function setUp(box) {
    var L = window.L;
    var latInput = document.getElementById(box.dataset.latitudeInput);
    var lngInput = document.getElementById(box.dataset.longitudeInput);
    var element = box.querySelector(".venue-position__map");
    if (!L || !latInput || !lngInput || !element || box.dataset.ready) return;
    box.dataset.ready = "1";

    var center = (box.dataset.center || "50.6292,3.0573,12").split(",").map(Number);
    var map = L.map(element, { scrollWheelZoom: false }).setView([center[0], center[1]], center[2]);
    if (box.dataset.tileUrl) {
      L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var icon = L.divIcon({ className: "venue-position__marker", iconSize: [22, 22], iconAnchor: [11, 11] });
    var marker = null;

    function current() {
      var lat = parseFloat(String(latInput.value).replace(",", "."));
      var lng = parseFloat(String(lngInput.value).replace(",", "."));
      return isFinite(lat) && isFinite(lng) ? L.latLng(lat, lng) : null;
    }

    function write(point) {
      latInput.value = point.lat.toFixed(6);
      lngInput.value = L.Util.wrapNum(point.lng, [-180, 180], true).toFixed(6);
      [latInput, lngInput].forEach(function (input) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    function show(point, pan) {
      if (!point) {
        if (marker) { map.removeLayer(marker); marker = null; }
        return;
      }
      if (!marker) {
        marker = L.marker(point, { icon: icon, draggable: true, keyboard: false }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(point);
      }
      if (pan) map.setView(point, Math.max(map.getZoom(), 16));
    }

    map.on("click", function (event) {
      show(event.latlng, false);
      write(event.latlng);
    });
    [latInput, lngInput].forEach(function (input) {
      input.addEventListener("input", function () { show(current(), true); });
    });
    box.querySelector(".venue-position__clear").addEventListener("click", function () {
      latInput.value = "";
      lngInput.value = "";
      show(null);
    });
    show(current(), true);
    // The panel may be drawn while hidden (collapsed section): fix the size when shown.
    setTimeout(function () { map.invalidateSize(); }, 200);
  }

  function setUpAll() {
    document.querySelectorAll("[data-venue-position]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
