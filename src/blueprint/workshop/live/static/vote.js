"use strict";
(function () {
  const base = location.pathname.replace(/\/+$/, "");
  const memory = "blueprint-vote:" + base;
  const nameBox = document.getElementById("bp-name");
  const status = document.getElementById("bp-status");
  const board = document.getElementById("bp-moments");
  const message = document.getElementById("bp-message");
  let remembered = {};
  try { remembered = JSON.parse(localStorage.getItem(memory) || "{}") || {}; } catch (e) { remembered = {}; }
  const mine = remembered.votes || {};
  let shown = { moment: undefined, open: undefined, revision: -1 };

  nameBox.value = remembered.name || "";
  for (const radio of document.querySelectorAll("input[name='bp-role']")) {
    if (remembered.role) { radio.checked = radio.value === remembered.role; }
    radio.addEventListener("change", remember);
  }
  nameBox.addEventListener("change", remember);

  function role() {
    const picked = document.querySelector("input[name='bp-role']:checked");
    return picked ? picked.value : "staff";
  }
  function remember() {
    try { localStorage.setItem(memory, JSON.stringify({ name: nameBox.value, role: role(), votes: mine })); } catch (e) { /* private mode */ }
  }
  function say(text, kind) {
    message.textContent = text;
    message.className = kind ? "bp-" + kind : "";
  }
  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text !== undefined) { made.textContent = text; }
    return made;
  }
  function press(group, value) {
    for (const button of group.querySelectorAll("button")) {
      button.setAttribute("aria-pressed", String(button.dataset.value === String(value)));
    }
  }

  async function send(factor, field, value, group, card) {
    const name = nameBox.value.trim();
    if (!name) { say("Enter your name first.", "bad"); nameBox.focus(); return; }
    const ballot = { participant: name, role: role(), factor: factor };
    ballot[field] = value;
    let reply;
    try {
      reply = await fetch(base + "/vote", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ballot),
      });
    } catch (e) {
      say("Not sent: no connection to the workshop. Check the Wi-Fi and try again.", "bad");
      return;
    }
    let answer = {};
    try { answer = await reply.json(); } catch (e) { answer = {}; }
    if (!reply.ok) { say("Not counted: " + (answer.error || ("the server said " + reply.status)), "bad"); return; }
    mine[factor] = Object.assign(mine[factor] || {}, { [field]: value });
    press(group, value);
    card.classList.add("bp-done");
    card.dataset.voted = "true";
    remember();
    say("Counted: " + card.querySelector("h3").textContent, "good");
  }

  function factorCard(factor, state) {
    const card = element("div", "bp-factor");
    card.dataset.factor = factor.id;
    card.appendChild(element("h3", "", factor.title));
    const classes = element("div", "bp-classes");
    for (const option of state.classes) {
      const button = element("button", "bp-class");
      button.type = "button";
      button.dataset.value = option.value;
      button.appendChild(document.createTextNode(option.value));
      button.appendChild(element("small", "", option.hint));
      button.addEventListener("click", function () { send(factor.id, "class", option.value, classes, card); });
      classes.appendChild(button);
    }
    const weights = element("div", "bp-importance");
    for (let value = state.scale[0]; value <= state.scale[1]; value += 1) {
      const button = element("button", "bp-weight", String(value));
      button.type = "button";
      button.dataset.value = String(value);
      button.setAttribute("aria-label", "importance " + value);
      button.addEventListener("click", function () { send(factor.id, "importance", value, weights, card); });
      weights.appendChild(button);
    }
    const earlier = mine[factor.id] || {};
    if (earlier["class"] !== undefined) { press(classes, earlier["class"]); card.classList.add("bp-done"); }
    if (earlier.importance !== undefined) { press(weights, earlier.importance); card.classList.add("bp-done"); }
    card.appendChild(element("p", "bp-label", "Class"));
    card.appendChild(classes);
    card.appendChild(element("p", "bp-label", "Importance"));
    card.appendChild(weights);
    const ends = element("div", "bp-scale");
    ends.appendChild(element("span", "", state.scale[0] + " low"));
    ends.appendChild(element("span", "", state.scale[1] + " decisive"));
    card.appendChild(ends);
    return card;
  }

  function draw(state) {
    board.replaceChildren();
    for (const moment of state.moments) {
      const part = element("section", "bp-moment");
      part.dataset.moment = moment.id;
      part.appendChild(element("h2", "", moment.title));
      if (!moment.factors.length) { part.appendChild(element("p", "", "No key factors to vote on here.")); }
      for (const factor of moment.factors) { part.appendChild(factorCard(factor, state)); }
      board.appendChild(part);
    }
    status.textContent = state.open ? "Voting is open: tap a class and an importance for each factor." : "Voting is closed.";
    status.className = state.open ? "" : "bp-closed";
    for (const button of board.querySelectorAll("button")) { button.disabled = !state.open; }
  }

  async function refresh() {
    try {
      const reply = await fetch(base + "/state");
      if (!reply.ok) { status.textContent = "This workshop is not available."; return; }
      const state = await reply.json();
      shown.moment = state.moment;
      shown.open = state.open;
      draw(state);
    } catch (e) {
      status.textContent = "No connection to the workshop; retrying…";
    }
  }

  const live = new EventSource(base + "/events");
  function closed() {
    shown.open = false;
    status.textContent = "Voting is closed.";
    status.className = "bp-closed";
    for (const button of board.querySelectorAll("button")) { button.disabled = true; }
  }

  live.onmessage = function (event) {
    const news = JSON.parse(event.data);
    if (news.open === false) { closed(); return; }
    if (news.moment !== shown.moment || !shown.open) { refresh(); }
  };
  // body[data-live] says whether the page hears the workshop's news (open) or is reconnecting.
  live.onerror = function () {
    document.body.dataset.live = "reconnecting";
    if (shown.open !== false) { status.textContent = "Reconnecting to the workshop…"; }
  };
  live.onopen = function () { document.body.dataset.live = "open"; refresh(); };
  refresh();
})();
