/* The password rules under a new-password field, ticked off as the user types.
 *
 * Progressive enhancement: without JavaScript the rules are a plain list and the server checks
 * them. With it, each rule shows whether it is met (a tick, and a hidden "met"/"not met" for
 * screen readers), and a polite live region sums up, once typing pauses. Words come from
 * Django's JavaScript catalogue (gettext). Each check mirrors a validator of
 * subscriptions/password_validation.py, named by its code.
 */
(function () {
  "use strict";
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  };
  var checks = {
    password_too_short: function (password, rule) {
      return Array.from(password).length >= Number(rule.dataset.minLength || 12);
    },
    password_has_space: function (password) { return password.length > 0 && !/\s/u.test(password); },
    password_no_upper: function (password) { return /\p{Lu}/u.test(password); },
    password_no_lower: function (password) { return /\p{Ll}/u.test(password); },
    password_no_digit: function (password) { return /\p{Nd}/u.test(password); },
    password_no_symbol: function (password) { return /[^\p{L}\p{N}\s\p{C}]/u.test(password); }
  };

  function enhance(list) {
    var field = list.closest(".field");
    var input = field && field.querySelector("input[type=password]");
    if (!input) { return; }
    var rules = Array.prototype.filter.call(list.querySelectorAll("[data-rule]"), function (rule) {
      return checks[rule.dataset.rule];
    });
    rules.forEach(function (rule) {
      var state = document.createElement("span");
      state.className = "visually-hidden password-rule__state";
      rule.appendChild(state);
    });
    var summary = document.createElement("p");
    summary.className = "visually-hidden";
    summary.setAttribute("aria-live", "polite");
    summary.setAttribute("data-password-rules-summary", "");
    field.appendChild(summary);
    list.classList.add("is-live");
    var timer = null;

    function update(announce) {
      var met = 0;
      rules.forEach(function (rule) {
        var ok = checks[rule.dataset.rule](input.value, rule);
        rule.classList.toggle("is-met", ok);
        rule.querySelector(".password-rule__state").textContent =
          " " + (ok ? gettext("(met)") : gettext("(not met)"));
        if (ok) { met += 1; }
      });
      if (!announce) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        summary.textContent = interpolate(
          gettext("%(met)s of %(total)s password rules met."),
          { met: met, total: rules.length }, true);
      }, 800);
    }

    input.addEventListener("input", function () { update(true); });
    update(false);
  }

  document.querySelectorAll("[data-password-rules]").forEach(enhance);
}());
