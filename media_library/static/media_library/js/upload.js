// The video upload form sends its file with XMLHttpRequest to show a progress bar; the server
// answers as it would to a plain submit (the edit page, or the form with its errors).
(function () {
  "use strict";
  var input = document.querySelector('input[type="file"][name="upload"]');
  if (!input || !window.XMLHttpRequest || !window.FormData) return;
  var form = input.form;
  var box = document.querySelector("[data-media-upload-progress]");
  var bar = box && box.querySelector("progress");
  var percent = box && box.querySelector("[data-media-upload-percent]");
  var texts = document.querySelector("[data-media-upload-messages]").dataset;
  var maxSize = parseInt(input.dataset.maxSize || "0", 10);
  var submitter = null;

  function report(message) {
    input.setCustomValidity(message);
    input.reportValidity();
  }

  input.addEventListener("change", function () {
    input.setCustomValidity("");
    var file = input.files[0];
    if (file && maxSize && file.size > maxSize) report(texts.tooLarge);
    var title = form.querySelector('input[name="title"]');
    if (file && title && !title.value) title.value = file.name.replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ");
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[type=submit], input[type=submit]");
    if (button) submitter = button;
  });

  form.addEventListener("submit", function (event) {
    if (!input.files.length || event.defaultPrevented) return;
    event.preventDefault();
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    box.hidden = false;
    request.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) return;
      var value = Math.floor((progress.loaded / progress.total) * 100);
      bar.value = value;
      percent.textContent = value + " %";
      if (value >= 100) percent.textContent = texts.processing;
    });
    request.addEventListener("load", function () {
      if (request.responseURL && request.responseURL.split("#")[0] !== (form.action || window.location.href)) {
        window.location.assign(request.responseURL);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      box.hidden = true;
      report(texts.failed);
    });
    request.send(data);
  });
})();
