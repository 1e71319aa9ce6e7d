// The map page: fetch the period's points, draw them coloured by kind, clustered when
// dense, with commune centres and villages labelled so the map reads without tiles.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("map"), status = document.getElementById("map-status");
  if (!el || !window.L) { return; }
  var d = el.dataset, colours = ["#c0392b", "#d35400", "#1e8449"], names = d.kinds.split("|");
  var map = L.map(el, { preferCanvas: true, maxZoom: 18, attributionControl: !!d.tiles }).setView([16.0, 106.0], 6);
  if (d.tiles) { L.tileLayer(d.tiles, { maxZoom: 19, attribution: d.attribution || "" }).addTo(map); }
  L.control.scale({ imperial: false }).addTo(map);
  fetch(d.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var bounds = [];
    (data.places || []).forEach(function (p) {
      L.circleMarker([p[1], p[2]], { radius: p[3] === "commune" ? 5 : 3, color: "#123a63", weight: 2, fillOpacity: 0.2 })
        .addTo(map).bindTooltip(p[0], { permanent: true, direction: "top", className: "place-label" });
      bounds.push([p[1], p[2]]);
    });
    var cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 40 });
    var markers = (data.points || []).map(function (p) {
      var m = L.circleMarker([p[0], p[1]], { radius: 7, color: "#fff", weight: 1.5, fillColor: colours[p[2]], fillOpacity: 0.95 });
      var link = document.createElement("a");
      link.href = d.entry + encodeURIComponent(p[3]);
      link.textContent = p[3] + " · " + names[p[2]] + " — " + d.open;
      m.bindPopup(link);
      bounds.push([p[0], p[1]]);
      return m;
    });
    cluster.addLayers(markers);
    map.addLayer(cluster);
    if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 }); }
    else if (data.centre) { map.setView(data.centre, 11); }
    var text = data.points.length ? d.count.replace("{n}", data.points.length) : d.empty;
    if (data.total > data.points.length) { text += " " + d.capped.replace("{n}", data.total); }
    status.textContent = text;
    el.setAttribute("data-points", String(data.points.length));
  }).catch(function (err) { status.textContent = d.empty; el.setAttribute("data-error", String(err)); });
});
