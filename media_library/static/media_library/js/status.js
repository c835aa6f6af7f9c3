// Refreshes the processing status of videos and renditions shown on an admin page while any
// of them is still pending.
(function () {
  "use strict";
  if (window.mediaLibraryStatus) return;
  window.mediaLibraryStatus = true;
  var root = document.querySelector("[data-media-status-url]");
  var url = root ? root.dataset.mediaStatusUrl : "/admin/media-library/status/";

  function pending() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-media-status][data-pending="true"]'));
  }

  function poll() {
    var items = pending();
    if (!items.length) return;
    var query = items.map(function (item) { return item.dataset.mediaStatus + "=" + item.dataset.pk; }).join("&");
    fetch(url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (payload) {
        items.forEach(function (item) {
          var state = (payload[item.dataset.mediaStatus] || {})[item.dataset.pk];
          if (!state) return;
          item.textContent = state.label;
          item.dataset.pending = state.pending ? "true" : "false";
        });
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 3000);
})();
