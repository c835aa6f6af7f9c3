// Refreshes, while any of them is still pending, the processing status of the videos and
// renditions shown on an admin page (the video list, a video's edit page), and puts in each
// video's poster thumbnail once the worker has taken it. Rows that appear later (the list's
// filters and search replace its results) are picked up at the next round.
(function () {
  "use strict";
  if (window.mediaLibraryStatus) return;
  window.mediaLibraryStatus = true;
  var INTERVAL = 3000;
  var root = document.querySelector("[data-media-status-url]");
  var url = root ? root.dataset.mediaStatusUrl : "/admin/media-library/status/";

  function pending() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-media-status][data-pending="true"]'));
  }

  function showPoster(videoPk, src) {
    document.querySelectorAll('[data-media-poster="' + videoPk + '"]').forEach(function (cell) {
      if (cell.querySelector("img")) return;
      var image = document.createElement("img");
      image.src = src;
      image.alt = "";
      image.width = 96;
      image.height = 54;
      cell.replaceChildren(image);
    });
  }

  function update(items, payload) {
    items.forEach(function (item) {
      var state = (payload[item.dataset.mediaStatus] || {})[item.dataset.pk];
      if (!state) return;
      item.textContent = state.label;
      item.dataset.pending = state.pending ? "true" : "false";
      if (item.dataset.mediaStatus === "video" && state.poster) showPoster(item.dataset.pk, state.poster);
    });
  }

  function poll() {
    var items = pending();
    if (!items.length) {
      window.setTimeout(poll, INTERVAL);
      return;
    }
    var query = items.map(function (item) { return item.dataset.mediaStatus + "=" + item.dataset.pk; }).join("&");
    fetch(url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (payload) { update(items, payload); })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, INTERVAL); });
  }

  window.setTimeout(poll, INTERVAL);
})();
