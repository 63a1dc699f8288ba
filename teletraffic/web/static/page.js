// The page's script: sends the forms, shows each problem next to its field, follows a
// job's progress (with Cancel), moves the what-if sliders. No library, nothing fetched
// from elsewhere.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);

function clearErrors(form) {
  for (const p of form.querySelectorAll("p.error")) p.textContent = "";
  for (const f of form.querySelectorAll(".field.bad")) f.classList.remove("bad");
}

function showErrors(errors) {
  let first = null;
  for (const [name, message] of Object.entries(errors)) {
    const p = $("#err-" + name) || $("#err-form");
    p.textContent = message;
    const field = p.closest(".field");
    if (field) {
      field.classList.add("bad");
      first = first || field;
    }
  }
  if (first) first.scrollIntoView({ block: "center" });
}

async function post(url, body) {
  const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  let data = {};
  try {
    data = await response.json();
  } catch (e) {
    data = { errors: { form: await response.text().catch(() => "the server did not answer") } };
  }
  return data;
}

// A job: its progress bar and Cancel button in `place`; `done(html)` when it has ended.
function follow(key, place, what, done) {
  place.innerHTML =
    '<div class="job" data-job="' + key + '"><progress></progress> ' +
    '<span class="progress-text"></span> <button type="button" class="cancel">Cancel</button></div>';
  const bar = $("progress", place);
  const text = $(".progress-text", place);
  text.textContent = what;
  $(".cancel", place).addEventListener("click", () => {
    fetch("/jobs/" + key + "/cancel", { method: "POST", credentials: "same-origin" });
    text.textContent = "cancelling…";
  });
  const job = { key, stopped: false };
  const tick = async () => {
    if (job.stopped) return;
    const response = await fetch("/jobs/" + key, { credentials: "same-origin" });
    if (!response.ok) {
      place.innerHTML = '<p class="error">This job is gone (the server was restarted?).</p>';
      return;
    }
    const data = await response.json();
    if (data.state === "running") {
      if (data.total) {
        bar.max = data.total;
        bar.value = data.done;
      }
      text.textContent = data.text;
      setTimeout(tick, 300);
    } else if (data.state === "done") {
      place.innerHTML = data.html;
      if (done) done(place);
    } else if (data.state === "cancelled") {
      place.innerHTML = '<p class="quiet" data-state="cancelled">Cancelled.</p>';
    } else {
      place.innerHTML = '<p class="error" data-state="failed"></p>';
      $("p", place).textContent = data.error;
    }
  };
  tick();
  return job;
}

// ---------------------------------------------------------------- Ask and Answer

let whatIfJob = null;

function bindSliders(root) {
  const box = $(".whatif", root);
  if (!box) return;
  const key = box.dataset.job;
  const calls = $("#s-calls", box);
  const people = $("#s-people", box);
  let asked = 0; // answers may come back out of order: show only the latest question's
  const formula = async () => {
    $("#v-calls", box).textContent = calls.value;
    $("#v-people", box).textContent = people.value;
    const mine = ++asked;
    const q = new URLSearchParams({ job: key, calls_per_hour: calls.value, people: people.value });
    const response = await fetch("/whatif?" + q, { credentials: "same-origin" });
    if (!response.ok) return;
    const html = (await response.json()).html;
    if (mine !== asked) return;
    $("#whatif-formula", box).outerHTML = html.replace(
      '<p class="formula">', '<p class="formula" id="whatif-formula">');
  };
  const simulate = async () => {
    if (whatIfJob) {
      whatIfJob.stopped = true;
      fetch("/jobs/" + whatIfJob.key + "/cancel", { method: "POST", credentials: "same-origin" });
    }
    const body = new FormData();
    body.set("job", key);
    body.set("calls_per_hour", calls.value);
    body.set("people", people.value);
    const data = await post("/whatif/run", body);
    if (data.job) whatIfJob = follow(data.job, $("#whatif-sim", box), "planning again…");
  };
  let pending = null; // a new plan once the slider rests, not at every step
  for (const slider of [calls, people]) {
    slider.addEventListener("input", formula);
    slider.addEventListener("change", () => {
      clearTimeout(pending);
      pending = setTimeout(simulate, 500);
    });
  }
}

let planJob = null;

async function ask(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  const data = await post("/ask", new FormData(form));
  if (data.errors) {
    showErrors(data.errors);
    return;
  }
  if (planJob) planJob.stopped = true;
  planJob = follow(data.job, $("#answer-body"), "planning…", bindSliders);
  $("#answer").scrollIntoView();
}

async function readRecords(event) {
  const form = $("#ask-form");
  const p = $("#err-records");
  p.textContent = "";
  p.closest(".field").classList.remove("bad");
  if (!event.target.files.length) return;
  const body = new FormData();
  body.set("records", event.target.files[0]);
  body.set("records_format", $("#f-records_format").value);
  $("#records-words").hidden = true;
  const data = await post("/fit", body);
  if (data.errors) {
    showErrors(data.errors);
    return;
  }
  for (const [name, value] of Object.entries(data.fields)) {
    const input = form.elements[name];
    if (input) input.value = value;
  }
  $("#records-words").textContent = data.words;
  $("#records-words").hidden = false;
}

// ---------------------------------------------------------------- Scenario files

function scenarioBody(fromFile) {
  const body = new FormData();
  const file = $("#f-scenario").files[0];
  if (fromFile && file) {
    body.set("scenario", file);
  } else {
    body.set("text", $("#scenario-text").value);
    body.set("name", $("#scenario-name").value);
  }
  return body;
}

async function check(fromFile) {
  const form = $("#scenario-form");
  clearErrors(form);
  const data = await post("/scenario/check", scenarioBody(fromFile));
  if (data.errors) {
    showErrors(data.errors);
    return;
  }
  $("#scenario-text").value = data.text;
  $("#scenario-name").value = data.name;
  $("#scenario-text").hidden = false;
  $("#scenario-buttons").hidden = false;
  $("#scenario-body").innerHTML = data.html;
}

async function run() {
  const form = $("#scenario-form");
  clearErrors(form);
  const data = await post("/scenario/run", scenarioBody(false));
  if (data.errors) {
    showErrors(data.errors);
    if (data.html) $("#scenario-body").innerHTML = data.html;
    return;
  }
  follow(data.job, $("#scenario-body"), "running…");
}

document.addEventListener("DOMContentLoaded", () => {
  $("#ask-form").addEventListener("submit", ask);
  $("#f-records").addEventListener("change", readRecords);
  $("#f-tariffs_file").addEventListener("change", () => ($("#f-tariffs-own").checked = true));
  $("#f-scenario").addEventListener("change", () => check(true));
  $("#check-button").addEventListener("click", () => check(false));
  $("#run-button").addEventListener("click", run);
  document.body.dataset.ready = "yes";
});
