/*
 * Browser side of test/support/cardRenderer.ts. Loaded into a Chromium page after the official Adaptive Cards
 * renderer (node_modules/adaptivecards/dist/adaptivecards.min.js); plain JavaScript so nothing has to be compiled
 * or serialised across the Playwright boundary. Exposes window.partnerDeskCards.
 */
/* global window, document */
(function () {
  'use strict';
  const AC = window.AdaptiveCards;
  if (!AC) throw new Error('adaptivecards.min.js must be loaded before cardRenderer.browser.js');

  // ---- Markdown: the subset Teams renders in TextBlocks and facts (bold, italic, links, lists, escapes). ----
  // The official renderer only renders markdown through markdown-it or onProcessMarkdown; the project does not
  // ship markdown-it, so without this the pictures would show raw ** and \- that Teams never shows.
  const ESCAPABLE = /\\([\\`*_{}[\]()#+\-.!|>~<])/g;
  function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function inline(text) {
    const escaped = [];
    let html = text.replace(ESCAPABLE, (_, c) => `\uE000${escaped.push(c) - 1}\uE001`);
    html = escapeHtml(html);
    html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label, url) =>
      /^(https?:|mailto:)/i.test(url) ? `<a href="${url}" target="_blank" rel="noopener">${label}</a>` : whole);
    html = html.replace(/\*\*(?=\S)(.+?)\*\*/g, '<strong>$1</strong>').replace(/__(?=\S)(.+?)__/g, '<strong>$1</strong>');
    html = html.replace(/(^|[^\w*])\*(?=\S)(.+?)\*(?!\w)/g, '$1<em>$2</em>').replace(/(^|[^\w])_(?=\S)(.+?)_(?!\w)/g, '$1<em>$2</em>');
    return html.replace(/\uE000(\d+)\uE001/g, (_, i) => escapeHtml(escaped[Number(i)]));
  }
  function markdown(text) {
    return text.split(/\n\s*\n/).map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*[-*+]\s+/.test(l))) {
        return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*+]\s+/, ''))}</li>`).join('')}</ul>`;
      }
      if (lines.every((l) => /^\s*\d+\.\s+/.test(l))) {
        return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+\.\s+/, ''))}</li>`).join('')}</ol>`;
      }
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    }).join('');
  }
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };

  function countTypes(json, into) {
    if (Array.isArray(json)) {
      json.forEach((item) => countTypes(item, into));
    } else if (json && typeof json === 'object') {
      // Objects with a `type` that the renderer parses as elements or actions (not the card itself, not facts/choices).
      if (typeof json.type === 'string' && json.type !== 'AdaptiveCard') into[json.type] = (into[json.type] || 0) + 1;
      Object.entries(json).forEach(([key, value]) => {
        if (key !== 'data' && key !== 'fallback') countTypes(value, into);
      });
    }
    return into;
  }

  function eventOf(e) {
    return { event: AC.ValidationEvent[e.event], phase: AC.ValidationPhase[e.phase], message: e.message };
  }

  /**
   * Parses and renders one card into `target`, returning what the renderer said about it and what it drew.
   * Never throws: a parse or render exception is reported as renderError.
   */
  function render(cardJson, hostConfigJson, target) {
    const context = new AC.SerializationContext(AC.Versions.v1_5);
    const parsedTypes = {};
    const note = (o) => {
      const type = o.getJsonTypeName();
      parsedTypes[type] = (parsedTypes[type] || 0) + 1;
    };
    context.onParseElement = note;
    context.onParseAction = note;
    const report = {
      parseEvents: [],
      validationEvents: [],
      jsonTypes: countTypes(cardJson, {}),
      parsedTypes,
      renderError: undefined,
      rendered: false,
      width: 0,
      height: 0,
      text: '',
      buttons: [],
      inputs: [],
      domInputs: [],
      links: [],
      bold: [],
      clipped: [],
    };
    let root;
    try {
      const card = new AC.AdaptiveCard();
      card.hostConfig = new AC.HostConfig(hostConfigJson);
      card.parse(cardJson, context);
      for (let i = 0; i < context.eventCount; i++) report.parseEvents.push(eventOf(context.getEventAt(i)));
      report.validationEvents = card.validateProperties().validationEvents.map(eventOf);
      report.inputs = card.getAllInputs().map((input) => ({ type: input.getJsonTypeName(), id: input.id, label: input.label }));
      root = card.render();
    } catch (error) {
      report.renderError = String((error && error.stack) || error);
    }
    if (root) {
      target.appendChild(root);
      const box = root.getBoundingClientRect();
      report.rendered = true;
      report.width = Math.round(box.width);
      report.height = Math.round(box.height);
      report.text = root.innerText;
      report.buttons = [...root.querySelectorAll('button.ac-pushButton')].map((b) => ({
        title: (b.innerText || b.getAttribute('aria-label') || '').trim(),
        className: b.className,
        visible: b.getBoundingClientRect().height > 0,
      }));
      report.domInputs = [...root.querySelectorAll('input, textarea, select')].map((el) => ({
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute('type') || '',
        ariaLabel: el.getAttribute('aria-label') || '',
      }));
      report.bold = [...root.querySelectorAll('strong, b')].map((b) => b.innerText.trim());
      report.links = [...root.querySelectorAll('a[href]')].map((a) => ({ text: a.innerText.trim(), href: a.getAttribute('href') }));
      // Text the reader cannot see in full: ellipsis-truncated blocks and buttons, or content wider than the card.
      report.clipped = [...root.querySelectorAll('*')]
        .filter((el) => {
          if (el.innerText === undefined || el.innerText.trim() === '' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return false;
          const style = window.getComputedStyle(el);
          const cuts = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none';
          return cuts && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2);
        })
        .map((el) => el.innerText.trim());
      if (root.scrollWidth > root.clientWidth + 1) report.clipped.push(`(card content is ${root.scrollWidth}px wide in a ${root.clientWidth}px card)`);
    }
    return report;
  }

  /** Empties the Teams-like chat and switches the frame's theme ('light' or 'dark'). */
  function clear(theme) {
    document.body.dataset.theme = theme;
    document.getElementById('chat').replaceChildren();
  }

  /** Renders each card as a Partner Desk message at the end of the chat; one report per card, keyed like `cards`. */
  function renderMessages(cards, hostConfigJson) {
    const chat = document.getElementById('chat');
    const reports = {};
    for (const [name, card] of Object.entries(cards)) {
      const message = document.createElement('div');
      message.className = 'message';
      message.dataset.card = name;
      message.innerHTML = '<div class="avatar">PD</div><div><div class="meta"><b>Partner Desk</b>10:02 AM</div><div class="bubble"></div></div>';
      chat.appendChild(message);
      reports[name] = render(card, hostConfigJson, message.querySelector('.bubble'));
    }
    return reports;
  }

  window.partnerDeskCards = { render, renderMessages, clear, markdown };
})();
