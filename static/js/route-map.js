/* The map of a route's stops (route pages). Reads the stops from the JSON element
   #route-map-data (written by visitor_tags.route_map_data: no inline script under the
   Content-Security-Policy), draws them in order with Leaflet and shows the map.
   Does nothing, without error, when Leaflet, the data or the positions are missing:
   the ordered list of stops on the page stays the reference. */
(function () {
  "use strict";

  function readData() {
    var element = document.getElementById("route-map-data");
    if (!element) return null;
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      return null;
    }
  }

  function draw() {
    var container = document.getElementById("route-map");
    var data = readData();
    var L = window.L;
    if (!container || !data || !L || !Array.isArray(data.stops)) return;
    var stops = data.stops.filter(function (stop) {
      return typeof stop.lat === "number" && typeof stop.lng === "number" &&
        isFinite(stop.lat) && isFinite(stop.lng);
    });
    if (!stops.length) return;

    var labels = data.labels || {};
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    container.hidden = false;
    var map = L.map(container, {
      zoomControl: false,
      scrollWheelZoom: false,
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
      inertia: !still
    });
    L.control.zoom({
      zoomInTitle: labels.zoomIn || "+",
      zoomOutTitle: labels.zoomOut || "-"
    }).addTo(map);
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, {
        attribution: data.attribution || "",
        maxZoom: data.maxZoom || 18
      }).addTo(map);
    }

    var points = stops.map(function (stop) {
      var point = L.latLng(stop.lat, stop.lng);
      var icon = L.divIcon({
        className: "route-map__marker",
        html: String(Number(stop.number) || ""),
        iconSize: [28, 28],
        iconAnchor: [14, 14]
      });
      // Not interactive: the list above is the accessible description of each stop.
      L.marker(point, { icon: icon, keyboard: false, interactive: false, title: stop.name }).addTo(map);
      return point;
    });
    if (points.length > 1) {
      L.polyline(points, { className: "route-map__line", interactive: false }).addTo(map);
      map.fitBounds(L.latLngBounds(points), { padding: [32, 32], animate: false });
    } else {
      map.setView(points[0], 15, { animate: false });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
