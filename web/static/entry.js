// The entry's place on a small map: the pin, or the commune's centre when there is none.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var d = el.dataset, lat = +d.lat, lon = +d.lon;
  var map = L.map(el, { maxZoom: 18, attributionControl: !!d.tiles }).setView([lat, lon], d.exact === "1" ? 15 : 12);
  if (d.tiles) { L.tileLayer(d.tiles, { maxZoom: 19, attribution: d.attribution || "" }).addTo(map); }
  if (d.exact === "1") {
    L.circleMarker([lat, lon], { radius: 9, color: "#7b0000", weight: 3, fillColor: "#c0392b", fillOpacity: 0.9 })
      .addTo(map).bindTooltip(d.label, { permanent: true, direction: "right" });
  }
  if (d.clat) {
    L.circleMarker([+d.clat, +d.clon], { radius: 4, color: "#123a63" }).addTo(map)
      .bindTooltip(d.commune, { permanent: true, direction: "left", className: "place-label" });
  }
  L.control.scale({ imperial: false }).addTo(map);
});
