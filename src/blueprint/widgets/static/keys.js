// Front end of ArrowKeys: the left and right arrow keys step the workshop back and forth.
// The page-wide listener ignores keys typed into a field, a code cell or a dropdown, and
// keys pressed while the workshop is scrolled out of view; a key press is handled once
// even when several views of the widget are shown.

const TYPING = "input, textarea, select, [contenteditable=''], [contenteditable='true'], .cm-editor";
const STEPS = { ArrowRight: 1, ArrowLeft: -1 };

function render({ model, el }) {
  el.classList.add("bp-keys");
  el.textContent = model.get("hint");
  model.on("change:hint", () => { el.textContent = model.get("hint"); });
  const onKey = (event) => {
    const step = STEPS[event.key];
    if (!step || event.defaultPrevented || event.bpSeen || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const target = event.target;
    if (target && target.closest && target.closest(TYPING)) {
      return;
    }
    // Only while the workshop is on screen: elsewhere in the page the arrows keep their use.
    const shown = (el.closest(".bp-workshop") || el).getBoundingClientRect();
    if (shown.width === 0 || shown.bottom <= 0 || shown.top >= window.innerHeight) {
      return;
    }
    event.bpSeen = true;
    event.preventDefault();
    model.send({ step });
  };
  // Capture phase on the window: the key is seen before JupyterLab's notebook handles it
  // (and stops it) in command mode.
  window.addEventListener("keydown", onKey, true);
  return () => window.removeEventListener("keydown", onKey, true);
}

export default { render };
