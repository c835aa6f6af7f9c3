// wagtail-localize's translation editor (a React bundle) writes two things in English whatever
// the staff member's language: its "More actions" menu label (for screen readers) and each
// tab's heading "<source> to <target> translation". This puts them in the admin's language.
// Its "Publish in " button label is translated here too: the French it ships ("Publier dans")
// lacks the space before the language's name.
(function () {
  "use strict";
  var root = document.querySelector(".js-translation-editor");
  if (!root || !window.gettext) return;
  gettext("Publish in ");  // listed for makemessages; the bundle asks for it itself
  var HEADING = /^(.+) to (.+) translation$/;

  // Only a changed text is written: writing is a mutation the observer sees again.
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function translate() {
    root.querySelectorAll(".w-sr-only").forEach(function (node) {
      if (node.textContent === "More actions") setText(node, gettext("More actions"));
    });
    root.querySelectorAll("h3").forEach(function (node) {
      var match = HEADING.exec(node.textContent);
      if (!match) return;
      setText(
        node,
        interpolate(
          gettext("%(source)s to %(target)s translation"),
          { source: match[1], target: match[2] },
          true
        )
      );
    });
  }

  new MutationObserver(translate).observe(root, { childList: true, subtree: true });
  translate();
})();
