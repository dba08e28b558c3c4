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
   Replays: a video's player is put in place only when its button is pressed.
   Offline: registers the service worker (portal/offline.py), asks it once an hour to
   keep the edition's pages and "Mon programme", and on a copy it served offline shows
   when it was stored, hides the registration state and says forms need a connection. */
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
        var mine = myProgrammeAddress(data);
        if (mine) warm([mine], true);
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

  /* Offline (portal/offline.py): the service worker, the edition's pages kept once
     opened, and what a copy served offline says. */
  var WARM_KEY = "ectl-offline-warmed";
  var WARM_EVERY = 3600 * 1000;

  function myProgrammeAddress(data) {
    var link = document.querySelector("a[data-my-programme-link]");
    if (!link || !data) return null;
    var wanted = query(data);
    return link.getAttribute("href") + (wanted ? "?" + wanted : "");
  }

  function warm(urls, force) {
    var nav = document.querySelector("nav[data-edition]");
    if (!nav || !navigator.serviceWorker || !navigator.serviceWorker.controller) return;
    var prefix = nav.getAttribute("data-edition");
    var last = {};
    try {
      last = JSON.parse(window.localStorage.getItem(WARM_KEY) || "{}");
    } catch (error) {
      last = {};
    }
    var depth = 0;
    if (!force) {
      if (last[prefix] && Date.now() - last[prefix] < WARM_EVERY) return;
      last[prefix] = Date.now();
      try {
        window.localStorage.setItem(WARM_KEY, JSON.stringify(last));
      } catch (error) {
        // Without storage, warm each time.
      }
      depth = 2;
      urls = urls.concat([prefix]);
      nav.querySelectorAll("a[href]").forEach(function (link) { urls.push(link.getAttribute("href")); });
    }
    navigator.serviceWorker.controller.postMessage({ type: "warm", urls: urls, prefix: prefix, depth: depth });
  }

  function serviceWorker(data) {
    var notice = document.querySelector(".offline-notice");
    if (!navigator.serviceWorker || (notice && notice.getAttribute("data-offline-at"))) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    var mine = myProgrammeAddress(data);
    var go = function () { warm(mine ? [mine] : [], false); };
    if (navigator.serviceWorker.controller) go();
    else navigator.serviceWorker.addEventListener("controllerchange", go, { once: true });
  }

  function offlineCopy() {
    var notice = document.querySelector(".offline-notice");
    var at = notice ? Number(notice.getAttribute("data-offline-at")) : 0;
    if (!at) return;
    var lang = document.documentElement.lang || "fr";
    var when = new Date(at);
    var time = lang.indexOf("fr") === 0
      ? when.getHours() + "h" + String(when.getMinutes()).padStart(2, "0")
      : when.toLocaleTimeString(lang, { hour: "numeric", minute: "2-digit" });
    notice.textContent = (notice.getAttribute("data-text") || "").replace("{time}", time);
    notice.hidden = false;
    document.documentElement.classList.add("is-offline-copy");
    // A stored state of registrations is not the state now.
    document.querySelectorAll(".registration-panel").forEach(function (panel) {
      Array.prototype.forEach.call(panel.children, function (child) {
        if (child.tagName !== "H2" && child.tagName !== "LINK") child.hidden = true;
      });
      var note = document.createElement("p");
      note.textContent = notice.getAttribute("data-live-text") || "";
      panel.appendChild(note);
    });
    document.querySelectorAll("form").forEach(function (form) {
      var note = document.createElement("p");
      note.className = "form-offline";
      note.textContent = notice.getAttribute("data-form-text") || "";
      form.insertBefore(note, form.firstChild);
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) { button.disabled = true; });
    });
  }

  function start() {
    offlineCopy();
    videos();
    var data = load();
    if (!data) return;
    var onPage = document.querySelector("[data-my-programme]");
    recordRegistrations(data);
    stars(data, onPage);
    myProgramme(data, onPage);
    serviceWorker(data);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
