/* The check-in screen and the route kit (checkin/views.py). Without this script every
   button is a form that works; with it:
   - a tap is shown at once and kept in localStorage, then sent to the server; offline,
     taps wait (the screen says how many) and go when the connection returns. The
     server is idempotent: a tap sent twice counts once;
   - codes typed or scanned (BarcodeDetector, else the vendored jsQR) are looked up in
     this page's list; names are filtered as you type;
   - the counts and the other doors' check-ins are refreshed every 15 seconds. */
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin]");
  if (!root) return;
  var texts = JSON.parse(document.getElementById("checkin-texts").textContent);
  var storeKey = "ectl-checkin-queue:" + root.dataset.session;
  var separator = root.dataset.timeSeparator || ":";
  var tokenField = root.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = tokenField ? tokenField.value : "";
  var queueEl = root.querySelector("[data-queue]");
  var resultEl = root.querySelector("[data-result]");
  var people = new Map();
  var byCode = new Map();
  root.querySelectorAll(".checkin-person").forEach(function (li) {
    people.set(li.dataset.id, li);
    byCode.set(li.dataset.code, li);
  });

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, name) { return values[name]; });
  }
  function say(text) { if (resultEl) resultEl.textContent = text; }

  // --- The queue ------------------------------------------------------------------
  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || []; } catch (e) { return []; }
  }
  function save(queue) {
    localStorage.setItem(storeKey, JSON.stringify(queue));
    showQueue();
  }
  function showQueue() {
    var count = load().length;
    if (!queueEl) return;
    queueEl.hidden = count === 0;
    queueEl.textContent = count === 0 ? "" : count === 1 ? texts.waiting_one : fill(texts.waiting_many, { count: count });
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function clock(date) {
    return String(date.getHours()).padStart(2, "0") + separator + String(date.getMinutes()).padStart(2, "0");
  }

  // --- Showing a person's state ---------------------------------------------------
  function render(li, present, time) {
    li.dataset.present = present ? "1" : "0";
    li.classList.toggle("is-present", present);
    var status = li.querySelector("[data-status]");
    if (status) status.textContent = present ? fill(texts.present, { time: time }) : texts.expected;
    var field = li.querySelector("[data-present-field]");
    if (field) field.value = present ? "0" : "1";
    var button = li.querySelector("[data-tap-button]");
    if (button) {
      button.classList.toggle("checkin-button--undo", present);
      button.querySelector("[data-label]").textContent = present ? texts.undo : texts.check;
    }
  }
  function setCounts(counts) {
    Object.keys(counts).forEach(function (name) {
      var el = root.querySelector('[data-count="' + name + '"]');
      if (el) el.textContent = counts[name];
    });
  }
  function bump(delta) {
    var el = root.querySelector('[data-count="present"]');
    if (el) el.textContent = Math.max(0, parseInt(el.textContent, 10) + delta);
  }
  function pendingIds() {
    return new Set(load().map(function (op) { return op.id; }));
  }

  // --- Tapping and sending --------------------------------------------------------
  function tap(li) {
    var present = li.dataset.present !== "1";
    var now = new Date();
    render(li, present, clock(now));
    bump(present ? 1 : -1);
    var queue = load();
    queue.push({ op: newId(), id: li.dataset.id, present: present, at: now.getTime() });
    save(queue);
    say(fill(present ? texts.checked : texts.unchecked, { name: li.dataset.person }));
    flush();
  }

  var flushing = false;
  function flush() {
    var queue = load();
    if (flushing || queue.length === 0) return Promise.resolve();
    flushing = true;
    var sentAll = false;
    return fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify({ ops: queue }),
    })
      .then(function (response) {
        if (response.status === 403 || response.redirected) { say(texts.login); throw new Error("login"); }
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var sent = new Set(queue.map(function (op) { return op.op; }));
        save(load().filter(function (op) { return !sent.has(op.op); }));
        var waiting = pendingIds();
        data.results.forEach(function (result) {
          if (!result.ok) { say(result.message); return; }
          var li = people.get(result.id);
          if (li && !waiting.has(result.id)) render(li, result.present, result.time);
        });
        if (waiting.size === 0) setCounts(data.counts);
        sentAll = true;
      })
      .catch(function () { /* offline or refused: the taps stay queued */ })
      .finally(function () {
        flushing = false;
        showQueue();
        if (sentAll && load().length) window.setTimeout(flush, 0); // tapped while sending
      });
  }

  function refresh() {
    if (load().length) { flush(); return; }
    if (!navigator.onLine) return;
    fetch(root.dataset.stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) throw new Error(); return response.json(); })
      .then(function (data) {
        if (load().length) return;
        setCounts(data.counts);
        Object.keys(data.people).forEach(function (id) {
          var li = people.get(id);
          var state = data.people[id];
          if (li && li.dataset.confirmed === "1" && (li.dataset.present === "1") !== state.present) {
            render(li, state.present, state.time);
          }
        });
      })
      .catch(function () {});
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("[data-tap]")) {
      event.preventDefault();
      tap(form.closest(".checkin-person"));
    } else if (form.matches("[data-code-form]")) {
      var input = form.querySelector("input[name=code]");
      if (showCode(input.value, true)) event.preventDefault();
    } else if (form.matches("[data-search-form]")) {
      event.preventDefault();
      search(form.querySelector("[data-search]").value);
    }
  });

  // --- Finding people -------------------------------------------------------------
  function showOnly(match) {
    people.forEach(function (li) { li.hidden = !match(li); });
  }
  function search(text) {
    var wanted = text.trim().toLowerCase();
    showOnly(function (li) { return !wanted || li.dataset.name.indexOf(wanted) !== -1; });
  }
  var search_input = root.querySelector("[data-search]");
  if (search_input) search_input.addEventListener("input", function () { search(search_input.value); });

  function normalise(text) {
    var last = String(text || "").slice(0, 300).trim().replace(/\/+$/, "").split("/").pop();
    var code = last.replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
    return /^[0-9A-HJKMNP-TV-Z]{10}$/.test(code) ? code : "";
  }
  /* Show the person of a typed or scanned code; true when handled here (false: let the
     server answer, which knows other sessions). */
  function showCode(text, typed) {
    var code = normalise(text);
    if (!code) { say(texts.bad_code); return true; }
    var li = byCode.get(code);
    if (!li) {
      if (navigator.onLine) {
        if (!typed) window.location.search = "?code=" + encodeURIComponent(code);
        return false;
      }
      say(texts.unknown_offline);
      return true;
    }
    showOnly(function (other) { return other === li; });
    if (li.dataset.confirmed !== "1") say(li.dataset.person + " : " + texts.not_confirmed);
    else if (li.dataset.present === "1") {
      var status = li.querySelector("[data-status]").textContent;
      say(li.dataset.person + " : " + fill(texts.already, { time: status.replace(/^\D*/, "") }));
    } else say(li.dataset.person);
    var button = li.querySelector("[data-tap-button]");
    (button || li).focus();
    return true;
  }

  // --- Scanning -------------------------------------------------------------------
  var scan = root.querySelector("[data-scan]");
  var detector = null;
  function decoder() {
    if ("BarcodeDetector" in window) {
      detector = detector || new window.BarcodeDetector({ formats: ["qr_code"] });
      return Promise.resolve(function (source) {
        return detector.detect(source).then(function (codes) { return codes.length ? codes[0].rawValue : ""; });
      });
    }
    return loadJsQR().then(function () {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function (source) {
        var width = source.videoWidth || source.width;
        var height = source.videoHeight || source.height;
        if (!width || !height) return Promise.resolve("");
        canvas.width = width;
        canvas.height = height;
        context.drawImage(source, 0, 0, width, height);
        var found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height);
        return Promise.resolve(found ? found.data : "");
      };
    });
  }
  function loadJsQR() {
    if (window.jsQR) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root.dataset.jsqrUrl;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  if (scan) {
    scan.hidden = false;
    var startButton = scan.querySelector("[data-scan-start]");
    var video = scan.querySelector("[data-scan-video]");
    var stream = null;
    var hasCamera = navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
    if (!hasCamera) startButton.hidden = true;
    var stop = function () {
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.hidden = true;
      startButton.setAttribute("aria-pressed", "false");
      startButton.textContent = texts.scan_start;
    };
    startButton.addEventListener("click", function () {
      if (stream) { stop(); return; }
      Promise.all([decoder(), navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })])
        .then(function (both) {
          var read = both[0];
          stream = both[1];
          video.srcObject = stream;
          video.hidden = false;
          startButton.setAttribute("aria-pressed", "true");
          startButton.textContent = texts.scan_stop;
          return video.play().then(function () {
            var look = function () {
              if (!stream) return;
              read(video).then(function (text) {
                if (text) { stop(); showCode(text, false); } else window.setTimeout(look, 250);
              }).catch(function () { window.setTimeout(look, 500); });
            };
            look();
          });
        })
        .catch(function () { stop(); say(texts.camera_error); });
    });
    scan.querySelector("[data-scan-photo]").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) return;
      Promise.all([decoder(), createImageBitmap(file)])
        .then(function (both) { return both[0](both[1]); })
        .then(function (text) { if (text) showCode(text, false); else say(texts.no_code_found); })
        .catch(function () { say(texts.no_code_found); });
      event.target.value = "";
    });
  }

  root.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("online", flush);
  window.setInterval(refresh, 15000);
  showQueue();
  flush();
})();
