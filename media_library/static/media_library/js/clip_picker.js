/* The video page: shot list that seeks the player, range selection (handles, time inputs,
   shots), preview, and the download request with its progress bar.
   Strings come from Django's JavaScript catalogue (gettext). */
(function () {
  "use strict";
  const article = document.querySelector(".library-video");
  if (!article) return;
  const player = document.getElementById("player");
  const duration = parseFloat(article.dataset.duration) || 0;
  const fps = parseFloat(article.dataset.fps) || 25;
  const gettext = window.gettext || ((text) => text);

  // --- time text <-> seconds ----------------------------------------------------------------
  function format(seconds) {
    const ms = Math.round(seconds * 1000);
    const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000);
    const s = Math.floor((ms % 60000) / 1000), rest = ms % 1000;
    const pad = (n, w) => String(n).padStart(w, "0");
    const text = `${pad(m, 2)}:${pad(s, 2)}.${pad(rest, 3)}`;
    return h ? `${pad(h, 2)}:${text}` : text;
  }
  function parse(text) {
    const match = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:[.,]\d{1,3})?)$/.exec((text || "").trim());
    if (!match) return null;
    return (+(match[1] || 0)) * 3600 + (+(match[2] || 0)) * 60 + parseFloat(match[3].replace(",", "."));
  }

  // --- shot list seeks the player -------------------------------------------------------------
  document.querySelectorAll(".shot-seek").forEach((button) => {
    button.addEventListener("click", () => {
      if (!player) return;
      player.currentTime = parseFloat(button.dataset.start);
      player.play().catch(() => {});
    });
  });

  const form = document.getElementById("clip-form");
  const startInput = document.getElementById("clip-start");
  const endInput = document.getElementById("clip-end");
  const startHandle = document.getElementById("start-handle");
  const endHandle = document.getElementById("end-handle");
  const loginLink = document.getElementById("login-link");

  // --- thumbnail strip under the handles ------------------------------------------------------
  const timeline = document.querySelector(".timeline");
  if (timeline) {
    const d = timeline.dataset, frames = +d.frames, columns = +d.columns || 1, shown = Math.min(frames, 10);
    for (let i = 0; i < shown; i++) {
      const index = Math.floor((i * frames) / shown);
      const cell = document.createElement("span");
      cell.style.backgroundImage = `url("${d.strip}")`;
      cell.style.backgroundPosition = `${-(index % columns) * d.width}px ${-Math.floor(index / columns) * d.height}px`;
      cell.style.width = `${d.width}px`;
      cell.style.height = `${d.height}px`;
      timeline.appendChild(cell);
    }
  }

  // --- keep handles, inputs and the login link in step ----------------------------------------
  function selection() {
    return { start: parse(startInput && startInput.value), end: parse(endInput && endInput.value) };
  }
  function updateLoginLink() {
    if (!loginLink) return;
    const here = new URL(window.location.href);
    const range = selectionFromLogin();
    ["start", "end"].forEach((key) => (range[key] ? here.searchParams.set(key, range[key]) : null));
    here.hash = "download";
    loginLink.href = `${loginLink.dataset.loginBase}?next=${encodeURIComponent(here.pathname + here.search + here.hash)}`;
  }
  function selectionFromLogin() {
    return { start: startHandle ? format(+startHandle.value) : "", end: endHandle ? format(+endHandle.value) : "" };
  }
  function fromHandles(changed) {
    let start = +startHandle.value, end = +endHandle.value;
    if (start >= end) {
      if (changed === startHandle) start = Math.max(0, end - 1 / fps);
      else end = Math.min(duration, start + 1 / fps);
      startHandle.value = start;
      endHandle.value = end;
    }
    if (startInput) startInput.value = format(start);
    if (endInput) endInput.value = format(end);
    startHandle.setAttribute("aria-valuetext", format(start));
    endHandle.setAttribute("aria-valuetext", format(end));
    if (player && changed) player.currentTime = changed === startHandle ? start : end;
    updateLoginLink();
  }
  function fromInputs() {
    const range = selection();
    if (range.start !== null && startHandle) startHandle.value = range.start;
    if (range.end !== null && endHandle) endHandle.value = range.end;
  }
  if (startHandle && endHandle) {
    const step = (1 / fps).toFixed(4);
    startHandle.step = endHandle.step = step;
    [startHandle, endHandle].forEach((handle) => handle.addEventListener("input", () => fromHandles(handle)));
    if (startInput && startInput.value) fromInputs();
    const params = new URLSearchParams(window.location.search);
    ["start", "end"].forEach((key) => {
      const value = parse(params.get(key));
      if (value !== null) (key === "start" ? startHandle : endHandle).value = value;
    });
    fromHandles(null);
  }
  [startInput, endInput].forEach((input) => input && input.addEventListener("change", fromInputs));

  document.querySelectorAll(".shot-tick").forEach((box) => {
    box.addEventListener("change", () => {
      const ticked = [...document.querySelectorAll(".shot-tick:checked")];
      if (!ticked.length) return;
      startHandle.value = Math.min(...ticked.map((b) => +b.dataset.start));
      endHandle.value = Math.max(...ticked.map((b) => +b.dataset.end));
      fromHandles(null);
    });
  });

  const preview = document.getElementById("preview-range");
  if (preview && player) {
    let stopAt = null;
    preview.addEventListener("click", () => {
      const range = selection();
      if (range.start === null || range.end === null) return;
      stopAt = range.end;
      player.currentTime = range.start;
      player.play().catch(() => {});
    });
    player.addEventListener("timeupdate", () => {
      if (stopAt !== null && player.currentTime >= stopAt) {
        player.pause();
        stopAt = null;
      }
    });
  }

  // --- requesting, then following the rendition -----------------------------------------------
  const status = document.getElementById("render-status");
  const bar = document.getElementById("render-progress");
  const label = document.getElementById("render-label");
  const link = document.getElementById("download-link");
  const terms = document.getElementById("accept-terms");
  let polling = null;

  function showErrors(errors) {
    document.querySelectorAll(".download-panel .field-error").forEach((node) => (node.textContent = ""));
    Object.entries(errors || {}).forEach(([field, messages]) => {
      const node = document.getElementById(`${field}-error`) || document.getElementById("__all__-error");
      if (node) node.textContent = messages.join(" ");
      if (node && field === "__all__" && status) status.hidden = false;
    });
  }
  function show(state, startDownload) {
    if (!status) return;
    status.hidden = false;
    bar.value = state.progress;
    bar.textContent = `${state.progress} %`;
    label.textContent = state.ready ? gettext("Ready") : state.failed ? state.error : `${state.label} (${state.progress} %)`;
    if (state.ready && state.download_url) {
      link.href = state.download_url;
      link.hidden = false;
      if (startDownload) window.location.assign(state.download_url);
    } else {
      link.hidden = true;
    }
    clearTimeout(polling);
    if (!state.ready && !state.failed) {
      polling = setTimeout(() => poll(state.status_url, startDownload), 1000);
    }
  }
  function poll(url, startDownload) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((state) => (state.errors ? showErrors(state.errors) : show(state, startDownload)))
      .catch(() => (polling = setTimeout(() => poll(url, startDownload), 3000)));
  }
  document.querySelectorAll(".clip-form").forEach((clipForm) => {
    clipForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(clipForm);
      if (terms && terms.checked) data.set("accept_terms", "1");
      fetch(clipForm.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then((response) => response.json())
        .then((state) => {
          if (state.errors) return showErrors(state.errors);
          showErrors({});
          if (terms && terms.checked) document.getElementById("terms").hidden = true;
          show(state, true);
        })
        .catch(() => showErrors({ __all__: [gettext("The request could not be sent. Please try again.")] }));
    });
  });

  const saved = document.getElementById("rendition-state");
  const state = saved ? JSON.parse(saved.textContent) : null;
  if (state) show(state, false);
})();
