// The presenter's page audit (tests/browser/test_presenter.py): sideways overflow, small type,
// weak contrast (WCAG AA), code on screen, and the visible text, all returned as data.
() => {
  const parse = (s) => { const m = s.match(/rgba?\(([^)]+)\)/); return m ? m[1].split(',').map(Number) : null; };
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const background = (el) => { for (; el; el = el.parentElement) { const c = parse(getComputedStyle(el).backgroundColor);
    if (c && (c.length < 4 || c[3] > 0.5)) return c; } return [255, 255, 255]; };
  const out = { width: document.documentElement.scrollWidth, sideways: [], small: [], faint: [], code: [], text: '' };
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el);
    if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1
        && el.getBoundingClientRect().width > 0) {
      const right = el.getBoundingClientRect().right;
      const wide = [...el.querySelectorAll('*')].filter(c => c.getBoundingClientRect().right > right + 1)
        .map(c => `${c.tagName}.${c.className.toString().slice(-40)} ${Math.round(c.getBoundingClientRect().width)}px`);
      out.sideways.push(`${el.className.toString().slice(-40)}: wider inside: ${wide.slice(0, 3).join('; ')}`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement, words = node.textContent.trim();
    if (!el || !words || el.closest('style, script, option, noscript')) continue;
    const box = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || s.visibility === 'hidden' || Number(s.opacity) === 0) continue;
    texts.push(words);
    const size = parseFloat(s.fontSize);
    if (size < 15.5) out.small.push(`${size}px: ${words.slice(0, 40)}`);
    if (el.closest('button:disabled, .mod-disabled, [disabled]')) continue;  // inactive controls are exempt
    const fg = parse(s.color), bg = background(el), a = lum(fg), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) out.faint.push(`${ratio.toFixed(2)}: ${words.slice(0, 40)} (${s.color} on ${bg})`);
  }
  for (const el of document.querySelectorAll('code, pre, .jp-InputArea, .CodeMirror, .cm-editor')) {
    if (el.getBoundingClientRect().width > 0) out.code.push(el.textContent.slice(0, 40));
  }
  out.text = texts.join('\n');
  return out;
}
