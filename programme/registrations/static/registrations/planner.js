/* The day planner, enhanced: sessions that clash with a choice are greyed out with the
   reason, questions of sessions not chosen are hidden, and the places left are
   refreshed every 30 seconds. Without this script the form works as it is: the server
   refuses clashes and full sessions anyway. */
(function () {
  "use strict";
  var form = document.querySelector(".planner-form");
  if (!form) { return; }
  var options = Array.prototype.slice.call(form.querySelectorAll(".planner-option[data-session]"));
  var status = form.querySelector("[data-planner-status]");
  var unavailable = {}; // session id -> true when full or closed (from the server)

  function radioOf(option) { return option.querySelector("input[type=radio]"); }
  function byId(id) {
    return options.filter(function (option) { return option.dataset.session === id; })[0];
  }
  function clashesOf(option) { return (option.dataset.clashes || "").split(" ").filter(Boolean); }
  function chosen() {
    return options.filter(function (option) { return radioOf(option).checked; });
  }

  function refresh() {
    var picked = chosen();
    options.forEach(function (option) {
      var radio = radioOf(option);
      var clash = option.querySelector(".planner-option__clash");
      var blocker = picked.filter(function (other) {
        return other !== option && clashesOf(other).indexOf(option.dataset.session) !== -1;
      })[0];
      var off = Boolean(blocker) || Boolean(unavailable[option.dataset.session]);
      radio.disabled = off && !radio.checked;
      option.classList.toggle("planner-option--clash", Boolean(blocker));
      if (clash && clash.dataset.clashTemplate) {
        if (!clash.dataset.original) { clash.dataset.original = clash.textContent; }
        clash.textContent = blocker
          ? clash.dataset.clashTemplate.replace("{other}", blocker.dataset.title)
          : clash.dataset.original;
      }
    });
    var ids = picked.map(function (option) { return option.dataset.session; });
    form.querySelectorAll("[data-questions-for]").forEach(function (group) {
      group.hidden = ids.indexOf(group.dataset.questionsFor) === -1;
    });
    var note = form.querySelector(".planner-questions__note");
    if (note) { note.hidden = true; }
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type !== "radio" || !target.closest(".planner-option[data-session]")) {
      if (target.type === "radio") { refresh(); }
      return;
    }
    // A new choice that clashes with an earlier one (another slot) replaces it.
    var option = target.closest(".planner-option");
    clashesOf(option).forEach(function (id) {
      var other = byId(id);
      if (other && radioOf(other).checked) {
        var none = other.closest(".planner-slot").querySelector(".planner-option--none input");
        none.checked = true;
        if (status && form.dataset.replaced) {
          status.textContent = form.dataset.replaced.replace("{old}", other.dataset.title).replace("{new}", option.dataset.title);
        }
      }
    });
    refresh();
  });

  function updatePlaces() {
    var url = form.dataset.placesUrl;
    if (!url || !window.fetch) { return; }
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        Object.keys(data).forEach(function (id) {
          var places = form.querySelector('[data-places-for="' + id + '"]');
          if (places && places.textContent !== data[id].label) { places.textContent = data[id].label; }
          unavailable[id] = !data[id].choosable;
        });
        refresh();
      })
      .catch(function () { /* the form still works; the server decides */ });
  }

  options.forEach(function (option) {
    unavailable[option.dataset.session] = radioOf(option).disabled;
  });
  refresh();
  window.setInterval(updatePlaces, 30000);
})();
