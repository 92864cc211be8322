// The article's print button: shown only when JavaScript runs; prints with print.css.
export function init(button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
