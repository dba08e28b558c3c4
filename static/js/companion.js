/* The visitor's companion in the browser (home/companion.py).

   "Mon programme" is kept here, in localStorage, and nowhere else: the short keys of
   the sessions the visitor starred ("s") and of those they registered for ("r"), which
   the registration pages announce with data-companion-session / data-companion-state.
   - every button[data-star] is shown (hidden without script), toggles aria-pressed and
     the key, and says so in a polite live region;
   - the "Mon programme" page ([data-my-programme]) is asked for with the selection in
     its address (?s=…&r=…): opened without one, it reloads itself with the stored one;
     opened with one on a browser that has none (a bookmark), it adopts it; a shared
     programme (?p=…) is only read, and its button adds its sessions to one's own.
   Nothing is sent anywhere but in that address. Without localStorage, nothing shows.
   Replays: a video's player is put in place only when its button is pressed. */
(function () {
  "use strict";

  var KEY = "ectl-my-programme";

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return { s: Array.isArray(data.s) ? data.s : [], r: Array.isArray(data.r) ? data.r : [] };
    } catch (error) {
      return null;
    }
  }

  function save(data) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(data));
      return true;
    } catch (error) {
      return false;
    }
  }

  function toggle(list, key, on) {
    var index = list.indexOf(key);
    if (on && index < 0) list.push(key);
    if (!on && index >= 0) list.splice(index, 1);
  }

  function query(data) {
    var parts = [];
    var starred = data.s.filter(function (key) { return data.r.indexOf(key) < 0; });
    if (starred.length) parts.push("s=" + starred.join("."));
    if (data.r.length) parts.push("r=" + data.r.join("."));
    return parts.join("&");
  }

  function keysOf(params, name) {
    return (params.get(name) || "").split(".").filter(function (key) { return /^[0-9a-f]{8}$/.test(key); });
  }

  function announce(text) {
    var region = document.getElementById("star-status");
    if (!region) {
      region = document.createElement("p");
      region.id = "star-status";
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = text;
  }

  function recordRegistrations(data) {
    var changed = false;
    document.querySelectorAll("[data-companion-session]").forEach(function (element) {
      var key = element.getAttribute("data-companion-session");
      var live = element.getAttribute("data-companion-state") === "confirmed";
      if ((data.r.indexOf(key) >= 0) !== live) {
        toggle(data.r, key, live);
        changed = true;
      }
    });
    if (changed) save(data);
  }

  function myProgramme(data, onPage) {
    if (!onPage) return;
    var params = new URLSearchParams(window.location.search);
    var importButton = onPage.querySelector("[data-import-shared]");
    if (onPage.hasAttribute("data-shared")) {
      if (!importButton) return;
      importButton.hidden = false;
      importButton.addEventListener("click", function () {
        keysOf(params, "p").forEach(function (key) { toggle(data.s, key, true); });
        save(data);
        window.location.assign(window.location.pathname + "?" + query(data));
      });
      return;
    }
    var wanted = query(data);
    var asked = query({ s: keysOf(params, "s"), r: keysOf(params, "r") });
    if (!wanted && asked) {
      data.s = keysOf(params, "s");
      data.r = keysOf(params, "r");
      save(data);
    } else if (wanted !== asked) {
      window.location.replace(window.location.pathname + (wanted ? "?" + wanted : ""));
    }
  }

  function stars(data, onPage) {
    document.querySelectorAll("button[data-star]").forEach(function (button) {
      var key = button.getAttribute("data-star");
      button.setAttribute("aria-pressed", data.s.indexOf(key) >= 0 ? "true" : "false");
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        toggle(data.s, key, on);
        if (!save(data)) return;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        announce(button.getAttribute(on ? "data-added" : "data-removed") || "");
        if (onPage) window.location.replace(window.location.pathname + "?" + query(data));
      });
    });
  }

  /* A replay's player is loaded only when asked for (home/videos.py). */
  function videos() {
    document.querySelectorAll("button[data-video-src]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var stage = button.closest("[data-video]");
        var frame = document.createElement("iframe");
        frame.src = button.getAttribute("data-video-src");
        frame.title = button.getAttribute("data-video-title") || "";
        frame.allow = "autoplay; fullscreen; picture-in-picture";
        frame.setAttribute("allowfullscreen", "");
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        stage.replaceChildren(frame);
        stage.classList.add("video__stage--playing");
        frame.focus();
      });
    });
  }

  function start() {
    videos();
    var data = load();
    if (!data) return;
    var onPage = document.querySelector("[data-my-programme]");
    recordRegistrations(data);
    stars(data, onPage);
    myProgramme(data, onPage);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
