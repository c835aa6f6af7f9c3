/* Captions beside a player: the language menu (keyboard reachable, in step with the player's
   own menu) and the interactive transcript (each cue seeks the player, the current cue is
   highlighted); and the caption files of a ready clip in the download panel. */
(function () {
  "use strict";

  function setUp(box) {
    if (box.dataset.ready) return; // the script comes with each player of the page
    box.dataset.ready = "1";
    const video = box.closest("figure, article").querySelector("video");
    if (!video) return;
    const choice = box.querySelector(".captions__choice");
    const select = box.querySelector(".captions__language");
    const lists = Array.from(box.querySelectorAll(".transcript__cues"));
    let current = null;

    function showList(language) {
      if (!language) return; // captions off: the transcript stays in its language
      lists.forEach((list) => { list.hidden = list.dataset.language !== language; });
      highlight();
    }
    function choose(language) {
      Array.from(video.textTracks).forEach((track) => {
        track.mode = track.language === language ? "showing" : "disabled";
      });
      showList(language);
    }
    function highlight() {
      const list = lists.find((l) => !l.hidden);
      const time = video.currentTime;
      let found = null;
      if (list) {
        for (const button of list.querySelectorAll(".transcript__cue")) {
          if (parseFloat(button.dataset.start) <= time && time < parseFloat(button.dataset.end)) {
            found = button;
            break;
          }
        }
      }
      if (found === current) return;
      if (current) { current.classList.remove("is-current"); current.removeAttribute("aria-current"); }
      if (found) { found.classList.add("is-current"); found.setAttribute("aria-current", "true"); }
      current = found;
    }

    choice.hidden = false;
    select.addEventListener("change", () => choose(select.value));
    // The player's own captions menu changes the tracks: follow it.
    video.textTracks.addEventListener("change", () => {
      const showing = Array.from(video.textTracks).find((track) => track.mode === "showing");
      select.value = showing ? showing.language : "";
      if (showing) showList(showing.language);
    });
    box.querySelectorAll(".transcript__cue").forEach((button) => {
      button.addEventListener("click", () => {
        video.currentTime = parseFloat(button.dataset.start);
        highlight();
      });
    });
    video.addEventListener("timeupdate", highlight);
    video.addEventListener("seeked", highlight);
    choose(select.value);
  }

  document.querySelectorAll("[data-captions]").forEach(setUp);

  // The download panel: the captions cut to the clip, once it is ready.
  const status = document.getElementById("render-status");
  const clip = document.getElementById("clip-captions");
  if (status && clip && !clip.dataset.ready) {
    clip.dataset.ready = "1";
    status.addEventListener("clip-status", (event) => {
      const links = (event.detail.ready && event.detail.captions) || [];
      const list = document.getElementById("clip-captions-list");
      list.replaceChildren(...links.map((link) => {
        const item = document.createElement("li");
        item.append(`${link.label} `);
        ["vtt", "srt"].forEach((format, index) => {
          const anchor = document.createElement("a");
          anchor.href = link[format];
          anchor.download = "";
          anchor.textContent = format === "vtt" ? "WebVTT" : "SRT";
          const hidden = document.createElement("span");
          hidden.className = "visually-hidden";
          hidden.textContent = ` — ${link.clip_label}`;
          anchor.append(hidden);
          if (index) item.append(" · ");
          item.append(anchor);
        });
        return item;
      }));
      clip.hidden = links.length === 0;
    });
  }
})();
