// Keyboard shortcuts for the moderators' queue: j/k move between comments, a approves,
// r rejects with the chosen clause, f features. Ignored while typing in a field.
const items = () => Array.from(document.querySelectorAll("[data-queue-item]"));
let current = -1;

function focusItem(index) {
  const list = items();
  if (!list.length) return;
  current = Math.max(0, Math.min(index, list.length - 1));
  list.forEach((el, i) => el.classList.toggle("talk-queue__item--current", i === current));
  list[current].focus();
}

function submit(action) {
  const list = items();
  const item = list[current] || document.activeElement?.closest("[data-queue-item]");
  if (!item) return;
  const form = item.querySelector(`form[data-action="${action}"]`);
  if (form) form.requestSubmit();
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) return;
  const focused = document.activeElement?.closest("[data-queue-item]");
  if (focused) current = items().indexOf(focused);
  switch (event.key) {
    case "j": focusItem(current + 1); break;
    case "k": focusItem(current - 1); break;
    case "a": submit("approve"); break;
    case "r": submit("reject"); break;
    case "f": submit("feature"); break;
    default: return;
  }
  event.preventDefault();
});
