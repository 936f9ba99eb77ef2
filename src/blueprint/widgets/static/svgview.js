// Front end of SvgView: shows a Graphviz SVG, reports clicks on moments, zooms and pans.
// Python owns the state; this file only draws it and sets `selected` when a moment is clicked.

const SVG_NS = "http://www.w3.org/2000/svg";

// Graphviz escapes user text, but the SVG is inserted into the page, so strip anything
// that could run: scripts, foreign HTML, event-handler attributes and javascript: links.
function sanitise(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = doc.documentElement;
  if (!root || root.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) {
    return null;
  }
  for (const bad of root.querySelectorAll("script, foreignObject, iframe, object, embed")) {
    bad.remove();
  }
  for (const el of root.querySelectorAll("*")) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith("on") || (name.endsWith("href") && value.startsWith("javascript:"))) {
        el.removeAttribute(attr.name);
      }
    }
  }
  return document.importNode(root, true);
}

function button(label, title, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.setAttribute("aria-label", title);
  b.addEventListener("click", onClick);
  return b;
}

function render({ model, el }) {
  el.classList.add("bp-svgview");
  const bar = document.createElement("div");
  bar.className = "bp-svgview-bar";
  const viewport = document.createElement("div");
  viewport.className = "bp-svgview-viewport";
  const message = document.createElement("div");
  message.className = "bp-svgview-message";
  el.append(bar, viewport, message);

  let svg = null;
  let nodes = new Map(); // moment id -> its <g> groups (the box, its badges, its evidence)
  let view = { scale: 1, x: 0, y: 0 };

  function apply() {
    if (svg) {
      svg.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
    }
  }
  function size() {
    if (!svg) return { w: 1, h: 1 };
    // The size the element is drawn at (Graphviz writes it in pt), which the transform scales;
    // the viewBox is in other units.
    const drawn = { w: svg.width && svg.width.baseVal.value, h: svg.height && svg.height.baseVal.value };
    if (drawn.w && drawn.h) return drawn;
    const box = svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width) return { w: box.width, h: box.height };
    return { w: svg.clientWidth || 1, h: svg.clientHeight || 1 };
  }
  function tallest() {
    return model.get("height") || 560;
  }
  function fit() {
    // The whole picture, and the viewport only as high as it: no blank band above or below.
    const { w, h } = size();
    const vw = viewport.clientWidth || 800;
    view.scale = Math.min(vw / w, tallest() / h, 1.5);
    viewport.style.height = `${Math.ceil(h * view.scale)}px`;
    view.x = (vw - w * view.scale) / 2;
    view.y = 0;
    apply();
  }
  function fitWidth() {
    // Across the cell's width; the viewport as high as the picture (at most `height`, then pan).
    const { w, h } = size();
    const vw = viewport.clientWidth || 800;
    view.scale = Math.min(vw / w, 1.5);
    viewport.style.height = `${Math.ceil(Math.min(h * view.scale, tallest()))}px`;
    view.x = 0;
    view.y = 0;
    apply();
  }
  function readable() {
    // Whole if it is readable so; otherwise at a readable zoom from the top left (pan for the rest).
    const { w, h } = size();
    viewport.style.height = `${tallest()}px`;
    const vw = viewport.clientWidth || 800;
    const vh = viewport.clientHeight || tallest();
    const whole = Math.min(vw / w, vh / h);
    if (whole >= model.get("readable_scale")) return fit();
    view.scale = Math.min(model.get("readable_scale"), 1.5);
    // From the left (a blueprint reads left to right), or centred on the top (a cycle starts at twelve).
    view.x = model.get("start") === "top" ? (vw - w * view.scale) / 2 : 0;
    view.y = Math.max(0, (vh - h * view.scale) / 2);
    apply();
  }
  function opening() {
    if (model.get("fit") === "width") fitWidth();
    else readable();
  }
  function showMatches(again = true) {
    // After filtering, bring the moments still shown into view (zooming out if they spread wide).
    const dimmed = new Set(model.get("dimmed"));
    if (!svg || !dimmed.size) return;
    const boxes = [];
    for (const [id, groups] of nodes) {
      if (!dimmed.has(id)) boxes.push(groups[0].getBoundingClientRect());
    }
    if (!boxes.length) return;
    const left = Math.min(...boxes.map((r) => r.left)), right = Math.max(...boxes.map((r) => r.right));
    const top = Math.min(...boxes.map((r) => r.top)), bottom = Math.max(...boxes.map((r) => r.bottom));
    const vr = viewport.getBoundingClientRect();
    const shrink = Math.min(1, (vr.width * 0.9) / (right - left || 1), (vr.height * 0.9) / (bottom - top || 1));
    if (shrink < 0.98 && again) {
      zoom(shrink, (left + right) / 2 - vr.left, (top + bottom) / 2 - vr.top);
      return showMatches(false);
    }
    view.x += vr.left + vr.width / 2 - (left + right) / 2;
    view.y += vr.top + vr.height / 2 - (top + bottom) / 2;
    apply();
  }
  function fitHeight() {
    // A wide blueprint fitted whole is too small to read: fill the height, start at the left.
    const { w, h } = size();
    const vw = viewport.clientWidth || 800;
    viewport.style.height = `${tallest()}px`;
    const vh = viewport.clientHeight || tallest();
    if (w / h <= (vw / vh) * 1.6) return fit();
    view.scale = Math.min(vh / h, 1.5);
    view.x = 0;
    view.y = (vh - h * view.scale) / 2;
    apply();
  }
  function zoom(factor, cx, cy) {
    const vw = viewport.clientWidth, vh = viewport.clientHeight;
    cx = cx ?? vw / 2;
    cy = cy ?? vh / 2;
    const next = Math.max(0.02, Math.min(view.scale * factor, 8));
    view.x = cx - ((cx - view.x) * next) / view.scale;
    view.y = cy - ((cy - view.y) * next) / view.scale;
    view.scale = next;
    apply();
  }
  function centreOn(g) {
    // Only move when the selected moment is outside the visible part.
    const vr = viewport.getBoundingClientRect();
    const r = g.getBoundingClientRect();
    if (r.left >= vr.left && r.right <= vr.right && r.top >= vr.top && r.bottom <= vr.bottom) return;
    view.x += vr.left + vr.width / 2 - (r.left + r.width / 2);
    view.y += vr.top + vr.height / 2 - (r.top + r.height / 2);
    apply();
  }

  function mark(centre) {
    const selected = model.get("selected");
    const dimmed = new Set(model.get("dimmed"));
    for (const [id, groups] of nodes) {
      for (const g of groups) {
        g.classList.toggle("bp-selected", id === selected);
        g.classList.toggle("bp-dimmed", dimmed.has(id));
        g.setAttribute("aria-pressed", id === selected ? "true" : "false");
      }
    }
    const groups = nodes.get(selected);
    if (groups && centre) centreOn(groups[0]);
  }

  function choose(g) {
    const id = g.dataset.moment;
    if (!id) return;
    model.set("selected", id);
    model.save_changes();
  }

  function draw() {
    viewport.replaceChildren();
    nodes = new Map();
    svg = null;
    const text = model.get("svg");
    message.textContent = model.get("message");
    message.hidden = !model.get("message");
    if (!text) return;
    svg = sanitise(text);
    if (!svg) {
      message.textContent = "The picture could not be read.";
      message.hidden = false;
      return;
    }
    svg.classList.add("bp-svg");
    const targets = model.get("targets");
    for (const g of svg.querySelectorAll("g.node")) {
      const title = g.querySelector("title");
      const id = title && targets[title.textContent.trim()];
      if (!id) continue;
      g.dataset.moment = id;
      g.classList.add("bp-moment");
      if (!nodes.has(id)) {
        // One keyboard stop per moment: its first group (the moment's box).
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "button");
        g.setAttribute("aria-label", title.textContent.trim());
        nodes.set(id, []);
      }
      nodes.get(id).push(g);
    }
    viewport.append(svg);
    requestAnimationFrame(() => {
      opening();
      mark(true);
      showMatches();
    });
  }

  // Clicks on a moment select it; a drag on the background pans (a drag is not a click).
  let drag = null;
  viewport.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
  });
  viewport.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) {
      drag.moved = true;
      view.x = drag.vx + dx;
      view.y = drag.vy + dy;
      apply();
    }
  });
  viewport.addEventListener("pointerup", (e) => {
    const moved = drag && drag.moved;
    drag = null;
    if (moved) return;
    const g = e.target.closest && e.target.closest("g.bp-moment");
    if (g) choose(g);
  });
  viewport.addEventListener("pointerleave", () => { drag = null; });
  viewport.addEventListener("keydown", (e) => {
    const g = e.target.closest && e.target.closest("g.bp-moment");
    if (g && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      choose(g);
    }
  });
  viewport.addEventListener("wheel", (e) => {
    if (!e.ctrlKey && !e.metaKey && !model.get("wheel_zoom")) return;
    e.preventDefault();
    const r = viewport.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });

  bar.append(
    button("+", "Zoom in", () => zoom(1.25)),
    button("−", "Zoom out", () => zoom(0.8)),
    button("Fit", "Fit the whole picture", fit),
    button("↔", "Fit the width", fitWidth),
    button("↕", "Fit the height (pan sideways)", fitHeight),
    button("1:1", "Actual size", () => { view.scale = 1; view.x = 0; view.y = 0; apply(); }),
  );
  const hint = document.createElement("span");
  hint.className = "bp-svgview-hint";
  // "click a moment" only where there are moments to click (not on a chart's points)
  const sayHint = () => {
    const moments = Object.keys(model.get("targets") || {}).length > 0;
    hint.textContent = `${moments ? "click a moment · " : ""}drag to pan · ctrl+wheel to zoom`;
  };
  sayHint();
  model.on("change:targets", sayHint);
  bar.append(hint);

  viewport.style.height = `${model.get("height")}px`;
  model.on("change:svg", draw);
  model.on("change:message", draw);
  model.on("change:selected", () => mark(true));
  model.on("change:dimmed", () => { mark(false); showMatches(); });
  model.on("change:height", opening);
  model.on("change:fit", opening);
  draw();
}

export default { render };
