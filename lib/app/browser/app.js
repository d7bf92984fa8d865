// The app's browser script: upload with drag and drop, poll the server for
// each step's progress, and put the server's HTML fragments into the page.
// Plain JavaScript, served by the app; no framework, nothing from elsewhere.
// @ts-check
/// <reference lib="dom" />

(() => {
  "use strict";
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const maxUpload = Number(document.body.dataset.maxUpload ?? "0");
  /** @type {string | undefined} */
  let session;
  /** Columns the person ticked or unticked (explicit features) or not. */
  let featuresChanged = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pollTimer;
  let pollToken = 0;

  /**
   * @param {string} prefix
   * @param {string} text
   * @param {number} [done]
   * @param {number} [total]
   */
  function showProgress(prefix, text, done, total) {
    const box = $(`${prefix}-progress`);
    box.hidden = false;
    const bar = /** @type {HTMLProgressElement} */ (box.querySelector("progress"));
    if (done !== undefined && total) {
      bar.max = total;
      bar.value = done;
    } else {
      bar.removeAttribute("value");
    }
    /** @type {HTMLElement} */ (box.querySelector("span")).textContent = text;
  }

  /** @param {string} prefix */
  function hideProgress(prefix) {
    $(`${prefix}-progress`).hidden = true;
  }

  /**
   * @param {string} prefix
   * @param {string} [message]
   */
  function showError(prefix, message) {
    const box = $(`${prefix}-error`);
    box.hidden = message === undefined;
    box.textContent = message ?? "";
  }

  /** @param {string} url @param {RequestInit} [init] */
  async function call(url, init) {
    const response = await fetch(url, { credentials: "same-origin", ...init });
    /** @type {any} */
    let body = {};
    try {
      body = await response.json();
    } catch {
      body = { error: `Error: the app answered ${response.status}` };
    }
    if (!response.ok) throw new Error(body.error ?? `Error: the app answered ${response.status}`);
    return body;
  }

  function closeSession() {
    if (session === undefined) return;
    const url = `/api/sessions/${session}/close`;
    session = undefined;
    navigator.sendBeacon(url);
  }

  function reset() {
    clearTimeout(pollTimer);
    pollToken++;
    closeSession();
    featuresChanged = false;
    // Roles name the columns of one file: a new file starts from the roles its data gives.
    const roles = /** @type {HTMLInputElement | null} */ (
      document.querySelector('#options input[name="roles"]')
    );
    if (roles !== null) roles.value = "";
    for (const id of ["step-columns", "step-k", "step-results", "step-downloads", "step-assign"]) {
      $(id).hidden = true;
    }
    for (const id of ["columns-table", "k-choice", "segments", "downloads"]) $(id).innerHTML = "";
    clearAssign();
    /** @type {HTMLFormElement} */ ($("assign-form")).reset();
    showError("upload");
    showError("run");
    hideProgress("upload");
    hideProgress("run");
    $("cancel").hidden = true;
    /** @type {HTMLButtonElement} */ ($("run")).disabled = false;
  }

  /** @param {File} file */
  async function upload(file) {
    reset();
    if (maxUpload > 0 && file.size > maxUpload) {
      // The server refuses it too; asking it gives the same one-line message.
    }
    showProgress("upload", `Uploading ${file.name}…`);
    try {
      const body = await call("/api/sessions", {
        method: "POST",
        headers: { "x-file-name": encodeURIComponent(file.name) },
        body: file,
      });
      session = body.session;
      poll("upload");
    } catch (error) {
      hideProgress("upload");
      showError("upload", error instanceof Error ? error.message : String(error));
    }
  }

  /** @param {"upload" | "run"} prefix */
  function poll(prefix) {
    const mine = ++pollToken;
    const tick = async () => {
      if (mine !== pollToken || session === undefined) return;
      /** @type {any} */
      let state;
      try {
        state = await call(`/api/sessions/${session}`);
      } catch (error) {
        hideProgress(prefix);
        showError(prefix, error instanceof Error ? error.message : String(error));
        finishRun();
        return;
      }
      if (mine !== pollToken) return;
      if (state.state === "queued") {
        showProgress(prefix, `Waiting for ${state.ahead + 1} other analysis to finish…`);
      } else if (state.state === "running" || state.state === "idle") {
        const count = state.total ? ` ${state.done}/${state.total}` : "";
        showProgress(
          prefix,
          `${capitalise(state.stage ?? "starting")}${count}…`,
          state.done,
          state.total,
        );
      } else {
        hideProgress(prefix);
        if (state.state === "failed") {
          showError(prefix, state.message);
          finishRun();
        } else if (state.state === "cancelled") {
          showError(prefix, "Cancelled.");
          finishRun();
        } else if (state.step === "columns") {
          showColumns(state);
        } else {
          showResults(state);
        }
        return;
      }
      pollTimer = setTimeout(tick, 250);
    };
    tick();
  }

  /** @param {string} s */
  function capitalise(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  /** @param {any} state */
  function showColumns(state) {
    const c = state.columns;
    $("columns-summary").textContent = `${state.file}: ${c.rows.toLocaleString("en-US")} rows, ` +
      `${c.columns} columns; ${c.used.length} used as features.`;
    $("columns-table").innerHTML = c.html;
    $("step-columns").hidden = false;
    $("step-k").hidden = false;
    // Every column skipped: nothing to run until the user ticks some; the note says so.
    if (c.used.length === 0) showError("run", c.note);
    else analyse();
  }

  function finishRun() {
    $("cancel").hidden = true;
    /** @type {HTMLButtonElement} */ ($("run")).disabled = false;
  }

  /** @param {any} state */
  function showResults(state) {
    finishRun();
    showError("run");
    $("columns-table").innerHTML = state.columnsHTML;
    // The run may leave out columns the first reading used (text unrelated to the numbers).
    const summary = $("columns-summary");
    summary.textContent = (summary.textContent ?? "").replace(
      /\d+ used as features\./,
      `${state.columnsUsed} used as features.`,
    );
    $("k-choice").innerHTML = state.kChoice;
    $("headline").textContent = state.headline;
    $("segments").innerHTML = state.segments;
    const list = $("downloads");
    list.innerHTML = "";
    for (const d of state.downloads) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = d.url;
      link.download = "";
      link.textContent = d.name;
      item.append(link, document.createTextNode(` — ${d.what}`));
      list.append(item);
    }
    for (const note of state.notes ?? []) {
      const item = document.createElement("li");
      item.className = "note";
      item.textContent = note;
      list.append(item);
    }
    $("command").textContent = state.command;
    $("step-results").hidden = false;
    $("step-downloads").hidden = false;
    $("step-assign").hidden = false;
  }

  let assignToken = 0;

  function clearAssign() {
    assignToken++;
    $("assign-result").innerHTML = "";
    $("assign-downloads").innerHTML = "";
    $("assign-command-line").hidden = true;
    showError("assign");
    hideProgress("assign");
    /** @type {HTMLButtonElement} */ ($("assign-run")).disabled = false;
  }

  /** Upload the new file (and the model, when one is chosen) and label its rows. */
  async function assign() {
    if (session === undefined) return;
    const file = /** @type {HTMLInputElement} */ ($("assign-file")).files?.[0];
    const model = /** @type {HTMLInputElement} */ ($("assign-model")).files?.[0];
    if (file === undefined) return;
    clearAssign();
    const mine = assignToken;
    /** @type {HTMLButtonElement} */ ($("assign-run")).disabled = true;
    showProgress("assign", `Uploading ${file.name}…`);
    try {
      if (model !== undefined) {
        await call(`/api/sessions/${session}/model`, {
          method: "POST",
          headers: { "x-file-name": encodeURIComponent(model.name) },
          body: model,
        });
      }
      await call(`/api/sessions/${session}/assign?model=${model ? "uploaded" : "session"}`, {
        method: "POST",
        headers: { "x-file-name": encodeURIComponent(file.name) },
        body: file,
      });
    } catch (error) {
      hideProgress("assign");
      showError("assign", error instanceof Error ? error.message : String(error));
      /** @type {HTMLButtonElement} */ ($("assign-run")).disabled = false;
      return;
    }
    const tick = async () => {
      if (mine !== assignToken || session === undefined) return;
      /** @type {any} */
      let state;
      try {
        state = await call(`/api/sessions/${session}/assign`);
      } catch (error) {
        state = {
          state: "failed",
          message: error instanceof Error ? error.message : String(error),
        };
      }
      if (mine !== assignToken) return;
      if (state.state === "queued") {
        showProgress("assign", `Waiting for ${state.ahead + 1} other analysis to finish…`);
      } else if (state.state === "running") {
        showProgress("assign", `${capitalise(state.stage ?? "starting")}…`);
      } else {
        hideProgress("assign");
        /** @type {HTMLButtonElement} */ ($("assign-run")).disabled = false;
        if (state.state === "done") showAssigned(state);
        else showError("assign", state.state === "cancelled" ? "Cancelled." : state.message);
        return;
      }
      setTimeout(tick, 250);
    };
    tick();
  }

  /** @param {any} state */
  function showAssigned(state) {
    $("assign-result").innerHTML = state.html;
    const list = $("assign-downloads");
    list.innerHTML = "";
    for (const d of state.downloads) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = d.url;
      link.download = "";
      link.textContent = d.name;
      item.append(link, document.createTextNode(` — ${d.what}`));
      list.append(item);
    }
    $("assign-command").textContent = state.command;
    $("assign-command-line").hidden = false;
  }

  function options() {
    const form = /** @type {HTMLFormElement} */ ($("options"));
    const data = new FormData(form);
    /** @type {Record<string, unknown>} */
    const body = {
      k: data.get("kmode") === "fixed" ? data.get("k") : "auto",
    };
    const algorithm = String(data.get("algorithm") ?? "kmeans");
    // Every control made from a parameter declaration carries its default (left out of the
    // request, so the equivalent command names only what was changed) and, for an
    // algorithm's own parameter, that algorithm (sent only with it).
    for (const control of form.querySelectorAll("[data-default]")) {
      const field = /** @type {HTMLInputElement | HTMLSelectElement} */ (control);
      const name = field.name;
      const value = String(data.get(name) ?? "").trim();
      if (value === "" || value === field.dataset.default) continue;
      const only = /** @type {HTMLElement | null} */ (field.closest("[data-for]"))?.dataset.for;
      if (only !== undefined && only !== algorithm) continue;
      if (name === "asOf" && data.get("dates") === "none") continue;
      body[name] = value;
    }
    if (featuresChanged) {
      body.features = [...document.querySelectorAll('#columns-table input[name="feature"]')]
        .filter((box) => /** @type {HTMLInputElement} */ (box).checked)
        .map((box) => /** @type {HTMLInputElement} */ (box).value);
    }
    return body;
  }

  /** Show the options of the chosen algorithm only, and the as-of day only with dates. */
  function showRelevantOptions() {
    const form = /** @type {HTMLFormElement} */ ($("options"));
    const data = new FormData(form);
    for (const label of form.querySelectorAll("[data-for]")) {
      /** @type {HTMLElement} */ (label).hidden =
        /** @type {HTMLElement} */ (label).dataset.for !== data.get("algorithm");
    }
    const asOf =
      /** @type {HTMLElement} */ (form.querySelector('input[name="asOf"]')?.parentElement);
    asOf.hidden = data.get("dates") === "none";
  }

  async function analyse() {
    if (session === undefined) return;
    clearAssign();
    showError("run");
    /** @type {HTMLButtonElement} */ ($("run")).disabled = true;
    $("cancel").hidden = false;
    showProgress("run", "Starting…");
    try {
      await call(`/api/sessions/${session}/analyse`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(options()),
      });
      poll("run");
    } catch (error) {
      hideProgress("run");
      showError("run", error instanceof Error ? error.message : String(error));
      finishRun();
    }
  }

  const input = /** @type {HTMLInputElement} */ ($("file"));
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) upload(file);
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const file = event.dataTransfer?.files?.[0];
    if (file) upload(file);
  });
  $("columns-table").addEventListener("change", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (target.matches('input[name="feature"]')) featuresChanged = true;
    if (target.matches('select[name="role"]')) {
      roleChanged(/** @type {HTMLSelectElement} */ (target));
    }
  });

  /**
   * A role chosen in the columns table: the "Column roles" option lists every role that differs
   * from the one the data gave (as `--roles` takes them), and the column's box follows the role.
   * @param {HTMLSelectElement} select
   */
  function roleChanged(select) {
    const column = select.dataset.column ?? "";
    const box = /** @type {HTMLInputElement | null} */ (
      [...document.querySelectorAll('#columns-table input[name="feature"]')]
        .find((b) => /** @type {HTMLInputElement} */ (b).value === column) ?? null
    );
    if (box !== null) box.checked = select.value !== "identifier" && select.value !== "ignore";
    const field = /** @type {HTMLInputElement} */ (
      document.querySelector('#options input[name="roles"]')
    );
    field.value = [...document.querySelectorAll('#columns-table select[name="role"]')]
      .map((s) => /** @type {HTMLSelectElement} */ (s))
      .filter((s) => s.value !== s.dataset.inferred)
      .map((s) => `${s.dataset.column}=${s.value}`)
      .join(",");
  }
  $("options").addEventListener("submit", (event) => {
    event.preventDefault();
    analyse();
  });
  const kInput = /** @type {HTMLInputElement} */ (document.querySelector('input[name="k"]'));
  kInput.addEventListener("input", () => {
    /** @type {HTMLInputElement} */ (document.querySelector('input[name="kmode"][value="fixed"]'))
      .checked = true;
  });
  $("options").addEventListener("change", showRelevantOptions);
  showRelevantOptions();
  $("assign-form").addEventListener("submit", (event) => {
    event.preventDefault();
    assign();
  });
  $("cancel").addEventListener("click", () => {
    if (session !== undefined) call(`/api/sessions/${session}/cancel`, { method: "POST" });
  });
  $("restart").addEventListener("click", () => {
    reset();
    input.value = "";
    globalThis.scrollTo(0, 0);
  });
  addEventListener("pagehide", closeSession);
})();
