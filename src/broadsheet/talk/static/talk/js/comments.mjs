// Enhances the comments section: a live character counter, posting through the JSON API
// (idempotent retries), recommending and reporting in place. Without it, the forms post
// to ordinary Django views and everything still works.
import { countCharacters } from "./counter.mjs";

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

function csrfToken(form) {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function send(url, form, { method = "POST", body = null, headers = {} } = {}) {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json",
               ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : null,
  });
  let data = {};
  try { data = await response.json(); } catch { data = {}; }
  return { response, data };
}

function errorText(data, fallback) {
  if (typeof data.detail === "string") return data.detail;
  if (Array.isArray(data.detail) && data.detail.length) return fallback;
  return fallback;
}

// --- the counter -----------------------------------------------------------------------------

function setUpCounter(form) {
  const textarea = form.querySelector("textarea");
  const counter = form.querySelector("[data-counter]");
  const announce = form.querySelector("[data-counter-announce]");
  // The limit is the operator's setting, rendered by the template (no limit is built in here).
  const max = Number(form.dataset.max);
  if (!textarea || !counter || !Number.isInteger(max) || max < 1) return () => 0;
  let lastState = "";
  let pause = null;

  function state(n) {
    if (n > max) return "over";
    if (n === max) return "full";
    if (n >= max - 20) return "near";
    return "ok";
  }

  function label(n) {
    let text = format(counter.dataset.template, { n, max });
    if (n === max) text += " " + counter.dataset.full;
    if (n > max) text += " " + format(counter.dataset.over, { over: n - max });
    return text;
  }

  function update() {
    const n = countCharacters(textarea.value);
    const text = label(n);
    counter.textContent = text;
    const s = state(n);
    counter.classList.toggle("bs-talk__counter--near", s === "near" || s === "full");
    counter.classList.toggle("bs-talk__counter--over", s === "over");
    textarea.setAttribute("aria-invalid", s === "over" ? "true" : "false");
    // Screen readers hear the count when it matters (near, at or over the limit, or state
    // changes), and after a pause in typing, never on every keystroke.
    if (announce) {
      if (s !== lastState && s !== "ok") announce.textContent = text;
      clearTimeout(pause);
      if (s !== "ok") pause = setTimeout(() => { announce.textContent = text; }, 1500);
    }
    lastState = s;
    return n;
  }

  textarea.addEventListener("input", update);
  update();
  return update;
}

// --- posting ---------------------------------------------------------------------------------

function insertComment(section, form, html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  const item = template.content.firstElementChild;
  const parentId = form.dataset.parent;
  if (parentId) {
    const parent = section.querySelector(`#comment-${parentId}`);
    let replies = parent.querySelector(":scope > .bs-comment__replies");
    if (!replies) {
      replies = document.createElement("ol");
      replies.className = "bs-comment__replies";
      parent.append(replies);
    }
    replies.append(item);
    const details = form.closest("details");
    if (details) details.open = false;
  } else {
    section.querySelector("[data-comment-list]").prepend(item);
    const empty = section.querySelector(".bs-talk__empty");
    if (empty) empty.remove();
  }
  return item;
}

function setUpForm(section, form, api) {
  const update = setUpCounter(form);
  if (form.dataset.edit !== undefined) {
    form.addEventListener("submit", (event) => {
      const n = update();
      if (n === 0 || n > Number(form.dataset.max)) event.preventDefault();
    });
    return;
  }
  const textarea = form.querySelector("textarea");
  const feedback = form.querySelector("[data-feedback]");
  const keyInput = form.querySelector("input[name=idempotency_key]");
  const articleId = form.action.match(/article\/(\d+)\//)?.[1];
  const button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const n = update();
    const max = Number(form.dataset.max);
    if (n === 0) {
      feedback.textContent = form.dataset.msgEmpty;
      textarea.focus();
      return;
    }
    if (n > max) {
      feedback.textContent = format(form.dataset.msgTooLong, { max, n });
      textarea.focus();
      return;
    }
    button.disabled = true;
    feedback.textContent = form.dataset.msgSending;
    try {
      const { response, data } = await send(`${api}articles/${articleId}`, form, {
        body: { text: textarea.value, parent_id: form.dataset.parent ? Number(form.dataset.parent) : null },
        headers: { "Idempotency-Key": keyInput.value },
      });
      if (response.ok) {
        const item = insertComment(section, form, data.html);
        textarea.value = "";
        keyInput.value = newKey(); // the next comment is a new request
        update();
        feedback.textContent = data.message;
        item.setAttribute("tabindex", "-1");
        item.focus();
        section.dispatchEvent(new CustomEvent("talk:posted", { detail: data }));
      } else {
        feedback.textContent = errorText(data, form.dataset.msgFailed);
        textarea.focus();
      }
    } catch {
      // Keep the text and the key: retrying cannot create a second comment.
      feedback.textContent = form.dataset.msgNetwork;
    } finally {
      button.disabled = false;
    }
  });
}

function setUpRecommend(form, api) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = form.closest("[data-comment]").dataset.comment;
    const button = form.querySelector("button");
    const { response, data } = await send(`${api}${id}/recommend`, form);
    if (response.ok) {
      button.setAttribute("aria-pressed", data.recommended ? "true" : "false");
      form.querySelector("[data-recommend-count]").textContent = data.recommendations;
    }
  });
}

function setUpReport(form, api) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = form.closest("[data-comment]").dataset.comment;
    const feedback = form.querySelector("[data-feedback]");
    const reason = form.querySelector("input[name=reason]:checked");
    if (!reason) return;
    const note = form.querySelector("input[name=note]").value;
    const { data } = await send(`${api}${id}/report`, form, { body: { reason: reason.value, note } });
    feedback.textContent = data.message || errorText(data, "");
    if (data.reported) {
      for (const control of form.querySelectorAll("input, button")) control.disabled = true;
    }
  });
}

export function init(section) {
  const api = section.dataset.api || "/api/comments/";
  for (const form of section.querySelectorAll("form[data-comment-form]")) setUpForm(section, form, api);
  for (const form of section.querySelectorAll("form[data-recommend]")) setUpRecommend(form, api);
  for (const form of section.querySelectorAll("form[data-report-form]")) setUpReport(form, api);
}
