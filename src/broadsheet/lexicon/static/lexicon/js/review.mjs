// Review My words, enhanced: "Show answer" reveals the answer in place (the link loads it
// without JavaScript), focus moves to it, and the keyboard grades: Space shows the answer,
// 1 to 4 press Again, Hard, Good or Easy.
const TYPING = "input, textarea, select, [contenteditable]";
const PRESSABLE = "a, button, summary";

export function init(section) {
  const answer = section.querySelector("[data-review-answer]");
  const show = section.querySelector("[data-review-show]");
  if (!answer) return;
  const heading = answer.querySelector("h2");

  function reveal() {
    if (!answer.hidden) return;
    answer.hidden = false;
    if (show) show.closest("p").hidden = true;
    heading.focus();
  }

  if (show) {
    show.addEventListener("click", (event) => {
      event.preventDefault();
      reveal();
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest(TYPING)) return;
    if (event.key === " " && answer.hidden) {
      if (target.closest(PRESSABLE) && target !== show) return;
      event.preventDefault();
      reveal();
    } else if (!answer.hidden && /^[1-4]$/.test(event.key)) {
      const button = answer.querySelector(`[data-review-grade="${event.key}"]`);
      if (!button || answer.dataset.sent) return;
      event.preventDefault();
      answer.dataset.sent = "true"; // one grade per card, however fast the keys come
      button.click();
    }
  });
}
