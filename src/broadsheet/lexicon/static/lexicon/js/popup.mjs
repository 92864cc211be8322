// The dictionary popup's parts: a non-modal dialog placed beside the word (never over
// it), its content (the server-rendered answer HTML, the same as the word page's) and
// focus kept inside while it is open. Used by lookup.mjs.

let popupCount = 0;

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// A dialog with a title, a close button, a content area and an actions row.
export function createPopup(closeLabel, { onClose, onKey, onContentClick }) {
  popupCount += 1;
  const element = el("div", "bs-lexicon-popup");
  element.setAttribute("role", "dialog");
  element.tabIndex = -1;
  const title = el("h2", "bs-lexicon-popup__title");
  title.id = `bs-lexicon-popup-title-${popupCount}`;
  title.lang = "en";
  element.setAttribute("aria-labelledby", title.id);
  const close = el("button", "bs-lexicon-popup__close", "×");
  close.type = "button";
  close.setAttribute("aria-label", closeLabel);
  close.addEventListener("click", onClose);
  const header = el("div", "bs-lexicon-popup__header");
  header.append(title, close);
  const content = el("div", "bs-lexicon-popup__content");
  content.addEventListener("click", onContentClick);
  const actions = el("div", "bs-lexicon-popup__actions");
  element.append(header, content, actions);
  element.addEventListener("keydown", onKey);
  document.body.append(element);
  return { element, title, content, actions };
}

// The answer is the HTML of the no-JavaScript page (lexicon/includes/answer.html), sent
// by the API; a 404 carries the page's "not found" part with its close spellings.
export function answerNodes(answer, t) {
  if (answer.loading) return [el("p", "bs-lexicon-popup__loading", t.loading)];
  const html = answer.data?.html;
  if ((answer.status === 200 || answer.status === 404) && html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return [...template.content.childNodes];
  }
  return [el("p", "bs-lexicon-popup__error", answer.data?.detail || t.error)];
}

// Below the word if it fits, else above it; never over it.
export function placeBeside(box, rect) {
  const gap = 8;
  const width = Math.min(box.offsetWidth, window.innerWidth - 2 * gap);
  const height = box.offsetHeight;
  const left = Math.max(gap, Math.min(rect.left, window.innerWidth - width - gap));
  let top = rect.bottom + gap;
  const fitsBelow = rect.bottom + gap + height <= window.innerHeight;
  const fitsAbove = rect.top - gap - height >= 0;
  if (!fitsBelow && fitsAbove) top = rect.top - gap - height;
  box.style.left = `${left + window.scrollX}px`;
  box.style.top = `${top + window.scrollY}px`;
  box.classList.toggle("bs-lexicon-popup--above", top < rect.top);
}

// Tab and Shift+Tab cycle through the popup's buttons and links.
export function keepTabInside(event, element) {
  const focusable = [...element.querySelectorAll("button, a[href]")]
    .filter((x) => !x.disabled && !x.hidden && x.offsetParent !== null);
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && (document.activeElement === first || document.activeElement === element)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
