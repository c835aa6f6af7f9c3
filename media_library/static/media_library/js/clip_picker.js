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
  // Django's JavaScript catalogue (loaded before this script): texts, and the page language's
  // decimal separator from Django's formats, as the server shows times.
  const { gettext, ngettext, interpolate } = window;
  const separator = window.get_format("DECIMAL_SEPARATOR");

  // --- time text <-> seconds ----------------------------------------------------------------
  // As the server's `timecode.display`: 00:06, 00:15,5 in French (00:15.5 in English).
  function format(seconds) {
    const ms = Math.round(seconds * 1000);
    const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000);
    const s = Math.floor((ms % 60000) / 1000), rest = ms % 1000;
    const pad = (n, w) => String(n).padStart(w, "0");
    const fraction = pad(rest, 3).replace(/0+$/, "");
    const text = `${pad(m, 2)}:${pad(s, 2)}${fraction ? separator + fraction : ""}`;
    return h ? `${pad(h, 2)}:${text}` : text;
  }
  // As the server's `timecode.parse`: seconds under 60 after minutes, minutes under 60 after hours.
  function parse(text) {
    const match = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:[.,]\d{1,3})?)$/.exec((text || "").trim());
    if (!match) return null;
    const [, hours, minutes, seconds] = match;
    const secs = parseFloat(seconds.replace(",", "."));
    if ((hours || minutes) && secs >= 60) return null;
    if (hours && +minutes >= 60) return null;
    return (+(hours || 0)) * 3600 + (+(minutes || 0)) * 60 + secs;
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
  const presetSelect = document.getElementById("clip-preset");
  const loginLink = document.getElementById("login-link");
  const ticks = [...document.querySelectorAll(".shot-tick")];
  const clamp = (seconds) => Math.min(duration, Math.max(0, seconds));

  // --- ticked shots: exactly those shots, joined in order, and the clip's length -------------
  // As the server's `shot_segments`: shots that touch or overlap make one range, the others are
  // joined in order without what lies between them.
  function tickedSegments() {
    const shots = ticks
      .filter((box) => box.checked)
      .map((box) => [parseFloat(box.dataset.start), parseFloat(box.dataset.end)])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const segments = [];
    shots.forEach(([start, end]) => {
      const last = segments[segments.length - 1];
      if (last && start <= last[1] + 0.0005) last[1] = Math.max(last[1], end);
      else segments.push([start, end]);
    });
    return segments;
  }
  const lengthOf = (segments) => segments.reduce((sum, [start, end]) => sum + (end - start), 0);
  // The panel says how long the clip will be before it is asked for.
  const clipLength = document.getElementById("clip-length");
  function showLength() {
    if (!clipLength) return;
    const numbers = ticks.filter((box) => box.checked).map((box) => box.value);
    if (numbers.length) {
      const message = ngettext(
        "Shot %(shots)s: the clip lasts %(length)s.",
        "Shots %(shots)s, joined in order: the clip lasts %(length)s.",
        numbers.length
      );
      const length = format(lengthOf(tickedSegments()));
      clipLength.textContent = interpolate(message, { shots: numbers.join(", "), length }, true);
      return;
    }
    const range = selection();
    clipLength.textContent =
      range.start !== null && range.end !== null && range.end > range.start
        ? interpolate(gettext("The clip lasts %(length)s."), { length: format(range.end - range.start) }, true)
        : "";
  }

  // The time inputs hold the selection exactly as typed, ticked or asked for; the handles only
  // show it (snapped to their one-frame step) and write back only when the user moves them.
  function selection() {
    return { start: parse(startInput && startInput.value), end: parse(endInput && endInput.value) };
  }
  function shownRange() {
    const range = selection();
    const start = range.start === null ? 0 : clamp(range.start);
    return { start, end: range.end === null ? duration : Math.max(start, clamp(range.end)) };
  }

  // --- the timeline: thumbnail strip, selected span, the two handles on it ---------------------
  const timeline = document.querySelector(".timeline");
  const strip = timeline && timeline.querySelector(".timeline__strip");
  const span = timeline && timeline.querySelector(".timeline__span");
  const grips = timeline ? {
    start: timeline.querySelector(".timeline__grip--start"),
    end: timeline.querySelector(".timeline__grip--end"),
  } : {};
  // As many thumbnails as fit the strip's height at their own shape (a phone shows fewer than a
  // desktop); drawn again when the strip changes width.
  function fillStrip() {
    const d = timeline.dataset, frames = +d.frames, columns = +d.columns || 1;
    const rows = Math.ceil(frames / columns);
    const box = strip.getBoundingClientRect();
    if (!box.width || !box.height) return;
    const shown = Math.max(1, Math.min(frames, Math.round(box.width / ((box.height * d.width) / d.height))));
    const cells = strip.querySelectorAll(".timeline__frame");
    if (cells.length === shown) return;
    cells.forEach((cell) => cell.remove());
    const percent = (index, count) => (count > 1 ? (index / (count - 1)) * 100 : 0);
    for (let i = 0; i < shown; i++) {
      const index = Math.floor((i * frames) / shown);
      const cell = document.createElement("span");
      cell.className = "timeline__frame";
      cell.style.backgroundImage = `url("${d.strip}")`;
      cell.style.backgroundSize = `${columns * 100}% ${rows * 100}%`;
      cell.style.backgroundPosition = `${percent(index % columns, columns)}% ${percent(Math.floor(index / columns), rows)}%`;
      strip.insertBefore(cell, span);
    }
  }
  function draw() {
    if (!timeline || !duration) return;
    const range = shownRange();
    const at = (seconds) => `${(seconds / duration) * 100}%`;
    span.style.left = at(range.start);
    span.style.width = at(range.end - range.start);
    grips.start.style.left = at(range.start);
    grips.end.style.left = at(range.end);
    span.hidden = grips.start.hidden = grips.end.hidden = false;
  }

  // --- the login link carries what the visitor chose, and only that ------------------------
  // The format list always shows one: it counts as chosen once the visitor picks one (or the
  // page's address gave it).
  function updateLoginLink() {
    if (!loginLink) return;
    const here = new URL(window.location.href);
    ["start", "end", "preset", "shots"].forEach((key) => here.searchParams.delete(key));
    const preset = presetSelect && "chosen" in presetSelect.dataset ? presetSelect : null;
    [["start", startInput], ["end", endInput], ["preset", preset]].forEach(([key, field]) => {
      if (field && field.value.trim()) here.searchParams.set(key, field.value.trim());
    });
    ticks.filter((box) => box.checked).forEach((box) => here.searchParams.append("shots", box.value));
    here.hash = here.search ? "download" : ""; // nothing chosen: the plain page
    loginLink.href = `${loginLink.dataset.loginBase}?next=${encodeURIComponent(here.pathname + here.search + here.hash)}`;
  }

  // Empty fields stay empty (nothing chosen yet): the handles then sit at 0 and at the end.
  function showOnHandles() {
    const range = shownRange();
    [[startHandle, range.start], [endHandle, range.end]].forEach(([handle, seconds]) => {
      if (!handle) return;
      handle.value = seconds;
      handle.setAttribute("aria-valuetext", format(seconds));
    });
    draw();
    updateLoginLink();
    showLength();
  }
  function untickShots() {
    ticks.forEach((box) => (box.checked = false));
  }
  // The user moved a handle (keyboard, or pointer on the strip): its time goes into its input.
  function moveHandle(handle, seconds) {
    const isStart = handle === startHandle;
    const range = shownRange();
    seconds = clamp(seconds);
    if (isStart && seconds >= range.end) seconds = Math.max(0, range.end - 1 / fps);
    if (!isStart && seconds <= range.start) seconds = Math.min(duration, range.start + 1 / fps);
    handle.value = seconds;
    seconds = parseFloat(handle.value);
    const input = isStart ? startInput : endInput;
    if (input) input.value = format(seconds);
    // Moving a handle chooses a range: the other end, if not typed yet, is where its handle sits.
    const other = isStart ? endInput : startInput;
    if (other && !other.value.trim()) other.value = format(isStart ? range.end : range.start);
    handle.setAttribute("aria-valuetext", format(seconds));
    untickShots();
    draw();
    updateLoginLink();
    showLength();
    if (player) player.currentTime = seconds;
  }

  if (startHandle && endHandle) {
    startHandle.step = endHandle.step = (1 / fps).toFixed(4);
    [startHandle, endHandle].forEach((handle) => {
      handle.addEventListener("input", () => moveHandle(handle, parseFloat(handle.value)));
      const grip = handle === startHandle ? grips.start : grips.end;
      if (grip) {
        handle.addEventListener("focus", () => grip.classList.add("is-focused"));
        handle.addEventListener("blur", () => grip.classList.remove("is-focused"));
      }
    });
    showOnHandles();
  }
  if (timeline && strip && startHandle && endHandle) {
    timeline.hidden = false; // without JavaScript, the time inputs alone
    timeline.classList.add("timeline--interactive");
    if (timeline.dataset.strip) {
      fillStrip();
      new ResizeObserver(fillStrip).observe(strip);
    }
    const help = document.getElementById("timeline-help");
    if (help) help.hidden = false;
    const timeAt = (event) => {
      const box = strip.getBoundingClientRect();
      return clamp(((event.clientX - box.left) / box.width) * duration);
    };
    timeline.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      const seconds = timeAt(event), range = shownRange();
      const toStart = Math.abs(seconds - range.start), toEnd = Math.abs(seconds - range.end);
      const handle = toStart < toEnd || (toStart === toEnd && seconds <= range.start) ? startHandle : endHandle;
      handle.focus({ preventScroll: true });
      timeline.setPointerCapture(event.pointerId);
      moveHandle(handle, seconds);
      const follow = (moved) => moveHandle(handle, timeAt(moved));
      const stop = () => {
        timeline.removeEventListener("pointermove", follow);
        timeline.removeEventListener("pointerup", stop);
        timeline.removeEventListener("pointercancel", stop);
      };
      timeline.addEventListener("pointermove", follow);
      timeline.addEventListener("pointerup", stop);
      timeline.addEventListener("pointercancel", stop);
    });
  }
  [startInput, endInput].forEach((input) => {
    if (!input) return;
    input.addEventListener("input", () => {
      untickShots();
      showOnHandles();
    });
    input.addEventListener("change", showOnHandles);
  });
  if (presetSelect) {
    presetSelect.addEventListener("change", () => {
      presetSelect.dataset.chosen = "";
      updateLoginLink();
    });
  }

  // --- ticked shots: exactly those shots, joined in order ------------------------------------
  ticks.forEach((box) => {
    box.addEventListener("change", () => {
      const segments = tickedSegments();
      if (segments.length) {
        startInput.value = format(segments[0][0]);
        endInput.value = format(segments[segments.length - 1][1]);
      }
      showOnHandles();
    });
  });

  const preview = document.getElementById("preview-range");
  if (preview && player) {
    preview.hidden = false;
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

  // --- the times checked in the browser, with the server's rules and words ----------------------
  // (the page gives them: `browser_time_rules`). A visitor about to log in learns at once that
  // "abc" is not a time; a journalist's clip request is checked before it is sent.
  const rulesNode = document.getElementById("clip-rules");
  const rules = rulesNode ? JSON.parse(rulesNode.textContent) : null;
  function timeErrors() {
    const messages = rules.messages, errors = {};
    let segments = tickedSegments();
    if (!segments.length) {
      const values = { start: startInput.value.trim(), end: endInput.value.trim() };
      const times = {};
      ["start", "end"].forEach((name) => {
        const text = values[name];
        times[name] = text.length > rules.longest_text ? null : parse(text);
        if (!text) errors[name] = messages[`${name}_required`];
        else if (times[name] === null) {
          const shown = text.length > rules.longest_text ? `${text.slice(0, rules.longest_text - 1)}…` : text;
          errors[name] = interpolate(messages.invalid, { value: shown }, true);
        }
      });
      if (Object.keys(errors).length) return errors;
      segments = [[times.start, times.end]];
    }
    const start = segments[0][0], end = segments[segments.length - 1][1];
    const length = lengthOf(segments);
    const whole = segments.length === 1 && start === 0 && Math.abs(end - rules.duration) < 0.0005;
    if (end > rules.duration + 0.0005) errors.end = messages.past_end;
    else if (start >= end) errors.end = messages.order;
    else if (length < rules.shortest - 0.0005) errors.end = messages.too_short;
    else if (length > rules.longest + 0.0005 && !whole) errors.end = messages.too_long;
    return errors;
  }
  function showTimeErrors(errors) {
    [["start", startInput], ["end", endInput]].forEach(([name, input]) => {
      const node = document.getElementById(`${name}-error`);
      if (node) node.textContent = errors[name] || "";
      if (errors[name]) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
    const first = errors.start ? startInput : errors.end ? endInput : null;
    if (first) first.focus();
    return !first;
  }
  // Logged out, nothing chosen is fine (the plain page after the log-in); anything chosen must
  // be a clip the server would accept.
  if (loginLink && rules && startInput && endInput) {
    loginLink.addEventListener("click", (event) => {
      const chosen = startInput.value.trim() || endInput.value.trim() || ticks.some((box) => box.checked);
      if (chosen && !showTimeErrors(timeErrors())) event.preventDefault();
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
    // Bar and label from the same payload: the server words the status and the percent.
    // Other parts of the panel (the clip's caption files) follow the same state.
    status.dispatchEvent(new CustomEvent("clip-status", { detail: state }));
    bar.value = state.progress;
    bar.textContent = state.percent;
    label.textContent = state.label;
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
  if (form && status) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const whole = event.submitter && event.submitter.name === "full";
      if (!whole && rules && startInput && endInput && !showTimeErrors(timeErrors())) return;
      const data = new FormData(form);
      // A full version's button says which one (`full`); the other buttons prepare the clip.
      if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then((response) => response.json())
        .then((state) => {
          if (state.errors) return showErrors(state.errors);
          showErrors({});
          const termsBox = document.getElementById("terms");
          if (terms && terms.checked && termsBox) termsBox.hidden = true;
          show(state, true);
        })
        .catch(() => showErrors({ __all__: [gettext("The request could not be sent. Please try again.")] }));
    });
  }

  const saved = document.getElementById("rendition-state");
  const state = saved ? JSON.parse(saved.textContent) : null;
  // Back on the page: a version already made shows its link; one still being made downloads
  // by itself when it is ready, as on the page where it was asked for.
  if (state) show(state, !state.ready);
})();
