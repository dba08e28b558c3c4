// The progress page of an edition action (templates/home/admin/edition_job.html): asks
// for the job's state every two seconds, shows it, and reloads the page once it is done.
(() => {
  const box = document.querySelector("[data-edition-job]");
  if (!box) return;
  const status = box.querySelector("[data-edition-job-status]");
  const bar = box.querySelector("[data-edition-job-progress]");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.editionJob, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const state = await response.json();
        if (state.finished) {
          window.location.reload();
          return;
        }
        status.textContent = state.total ? `${state.label} : ${state.done} / ${state.total}` : state.label;
        if (state.total) {
          bar.max = state.total;
          bar.value = state.done;
        }
      }
    } catch (error) {
      // A network hiccup: try again at the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
})();
