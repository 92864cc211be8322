// Display settings without a reload: the same cookies the form's view sets, then the <html>
// classes and pressed buttons change in place. Without JavaScript the form posts to /display/.
const COOKIES = { theme: "bs_theme", text_size: "bs_text" };
const CLASS_PREFIX = { theme: "bs-theme-", text_size: "bs-text-" };
const YEAR = 365 * 24 * 3600;

function apply(name, value) {
  const root = document.documentElement;
  for (const cls of [...root.classList]) {
    if (cls.startsWith(CLASS_PREFIX[name])) root.classList.remove(cls);
  }
  root.classList.add(CLASS_PREFIX[name] + value);
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${COOKIES[name]}=${value}; path=/; max-age=${YEAR}; samesite=lax${secure}`;
}

export function init(form) {
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (!button || !(button.name in COOKIES)) return;
    event.preventDefault();
    apply(button.name, button.value);
    for (const other of form.querySelectorAll(`button[name="${button.name}"]`)) {
      other.setAttribute("aria-pressed", String(other === button));
    }
  });
}
