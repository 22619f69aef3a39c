/* Consultdesk form: progressive enhancement of the server-rendered form. Everything works without it. */
(function () {
  'use strict';
  var main = document.getElementById('cd');
  if (!main) return;
  var host = main.getAttribute('data-host-origin');

  // --- Talking to the embedding page: sizes and event names only, never an answer. ---
  // Any script on that page can listen: it hears the same whatever is answered (review finding 18). Heights go
  // only at fixed moments (load, steps, width, errors on Next/Send, pages swapped in, folds), measured without the
  // crisis panel; while it is open, the frame's own page scrolls inside the frame. The panel never scrolls the page.
  function post(message) {
    if (host && window.parent !== window) window.parent.postMessage(message, host);
  }
  function height() {
    var panel = crisisPanel();
    var shown = panel && panel.offsetParent !== null;
    if (shown) panel.style.display = 'none';
    var h = Math.ceil(document.body.getBoundingClientRect().height);
    if (shown) panel.style.display = '';
    return h;
  }
  var lastHeight = 0;
  function reportSize() {
    var h = height();
    if (h !== lastHeight) {
      lastHeight = h;
      post({ type: 'consultdesk:resize', height: h });
    }
  }
  window.addEventListener('load', reportSize);
  window.addEventListener('resize', reportSize); // the width changed (a height alone changes nothing)
  document.addEventListener('toggle', reportSize, true); // a fold opened or closed
  window.addEventListener('message', function (event) {
    if (!host || event.origin !== host || event.source !== window.parent) return;
    if (event.data && event.data.type === 'consultdesk:hello') {
      lastHeight = 0;
      reportSize();
    }
  });
  post({ type: 'consultdesk:ready', title: main.getAttribute('data-frame-title') || document.title });
  // The answer to the post that stored the request, arrived as a page of its own (a plain form post): the
  // embedding page hears it as it does after a fetch (swapIn). The event name only, never an answer.
  if (main.querySelector('[data-submitted-now]')) post({ type: 'consultdesk:submitted' });

  // --- The crisis panel: opens at once, before and without submitting, where the visitor is looking. ---
  function crisisPanel() {
    return document.getElementById('crisis');
  }
  // Its place when not next to an answer: under the "I need help now" link, as the server renders it.
  function panelHome(panel) {
    var aside = document.querySelector('.cd-emergency');
    if (panel && aside && aside.nextElementSibling !== panel) aside.after(panel);
  }
  // The frame may be taller than the screen: an IntersectionObserver tells which part of it is on screen, and when
  // the panel's first call buttons are below it, the frame's own page scrolls (by up to the panel's height).
  function bringIntoSight(panel) {
    if (!window.IntersectionObserver) return;
    var watch = new IntersectionObserver(function (entries) {
      watch.disconnect();
      var seen = entries[0].intersectionRect;
      if (!seen.height) return;
      var top = panel.getBoundingClientRect().top;
      var first = panel.querySelector('.cd-action');
      var by = Math.min((first ? first.getBoundingClientRect().bottom : top + 240) + 16 - seen.bottom, top - seen.top);
      if (by > 0) window.scrollBy(0, by);
    });
    watch.observe(document.documentElement);
  }
  // A polite live region: a visitor whose focus stays on the answer still hears that help is there.
  var live = document.createElement('p');
  live.className = 'cd-sr';
  live.setAttribute('aria-live', 'polite');
  document.body.appendChild(live);
  var trigger = null;
  function openCrisis(focus, from) {
    var panel = crisisPanel();
    if (!panel) return;
    var wasOpen = panel.classList.contains('cd-crisis--open');
    trigger = from || null;
    // Changing an answer that already opened it does not pull the visitor away again.
    if (wasOpen && !focus) return;
    // Next to what opened it: under the answer's question (the visitor's eyes are there), or under the help link.
    if (from && from.closest('fieldset')) from.closest('fieldset').after(panel);
    else panelHome(panel);
    panel.classList.add('cd-crisis--open');
    if (focus) panel.focus({ preventScroll: true });
    else live.textContent = panel.getAttribute('data-announce-here') || panel.getAttribute('data-announce');
    bringIntoSight(panel);
  }
  function closeCrisis() {
    var panel = crisisPanel();
    panel.classList.remove('cd-crisis--open');
    panelHome(panel);
    live.textContent = '';
    if (location.hash === '#crisis') history.replaceState(null, '', location.pathname + location.search);
    // Back to the answer that opened the panel, or the help link, just above it (no scrolling of the host page).
    var back = trigger && document.contains(trigger) && trigger.offsetParent ? trigger : document.querySelector('[data-crisis-open]');
    if (back) back.focus({ preventScroll: true });
  }
  document.addEventListener('click', function (event) {
    var open = event.target.closest('[data-crisis-open]');
    if (open) {
      event.preventDefault();
      var helpNow = document.querySelector('[data-help-now]');
      if (helpNow) helpNow.value = 'true';
      openCrisis(true);
      return;
    }
    if (event.target.closest('[data-crisis-close]')) {
      event.preventDefault();
      closeCrisis();
    }
  });
  // Escape inside the open crisis panel closes the panel (as its close button does), and only the panel.
  document.addEventListener('keydown', function (event) {
    var panel = crisisPanel();
    if (event.key !== 'Escape' || event.defaultPrevented || !panel || !panel.contains(document.activeElement)
        || !panel.classList.contains('cd-crisis--open') || !panel.querySelector('[data-crisis-close]')) return;
    event.preventDefault();
    closeCrisis();
  });
  // Any other Escape: the embedding page cannot hear keys pressed in here, so it is told, and closes the
  // dialog the form is in (when it is in one). Listened for on the window, after every handler of the page.
  window.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !event.defaultPrevented) post({ type: 'consultdesk:close' });
  });

  // --- Inline validation, with the server's own messages carried in data attributes. ---
  function errorSlot(field) {
    return document.getElementById('f-' + field + '-error');
  }
  function controlsOf(field) {
    return document.querySelectorAll('[name="' + field + '"]');
  }
  function problem(field) {
    var controls = controlsOf(field);
    if (!controls.length) return null;
    var first = controls[0];
    if (first.type === 'radio' || first.type === 'checkbox') {
      if (!first.required) return null;
      for (var i = 0; i < controls.length; i++) if (controls[i].checked) return null;
      return first.getAttribute('data-required-msg');
    }
    if (first.validity.valueMissing || (first.required && !first.value.trim())) return first.getAttribute('data-required-msg');
    if (!first.validity.valid) return first.getAttribute('data-invalid-msg') || first.getAttribute('data-required-msg');
    return null;
  }
  function show(field, message) {
    var slot = errorSlot(field);
    if (!slot) return;
    var wrapper = slot.closest('[data-field]');
    slot.textContent = message || '';
    slot.hidden = !message;
    if (wrapper) wrapper.classList.toggle('cd-field--error', !!message);
    controlsOf(field).forEach(function (c) {
      if (message) c.setAttribute('aria-invalid', 'true');
      else c.removeAttribute('aria-invalid');
    });
  }
  function fieldOf(element) {
    var wrapper = element.closest('[data-field]');
    return wrapper && wrapper.getAttribute('data-field');
  }
  function syncPhoneRequired() {
    var phone = document.getElementById('f-phone');
    if (!phone) return;
    var contact = document.querySelector('[name="preferredContact"]:checked');
    var sms = document.getElementById('f-smsConsent');
    phone.required = !!((contact && contact.value !== 'email') || (sms && sms.checked));
  }
  document.addEventListener('focusout', function (event) {
    var field = event.target.name && fieldOf(event.target);
    // Only re-check fields already marked wrong, or text fields the visitor has left: no nagging while typing.
    if (field && (event.target.value || errorSlot(field) && !errorSlot(field).hidden)) show(field, problem(field));
  });
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target.hasAttribute && target.hasAttribute('data-crisis-trigger') && target.checked) openCrisis(false, target);
    syncPhoneRequired();
    var field = target.name && fieldOf(target);
    if (field && errorSlot(field) && !errorSlot(field).hidden) show(field, problem(field));
  });

  var zone = document.querySelector('[data-time-zone]');
  if (zone && !zone.value && window.Intl) {
    try { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { /* no hint then */ }
  }
  syncPhoneRequired();

  // --- Steps: the server renders one long form (all of it works without JavaScript); here each section
  // becomes a step. Answers stay in the same DOM, so Back keeps them; no screening answer is ever needed. ---
  function steps() {
    return Array.prototype.slice.call(main.querySelectorAll('.cd-form [data-step]'));
  }
  function stepOf(element) {
    return steps().indexOf(element.closest('[data-step]'));
  }
  function showStep(index, focus) {
    var all = steps();
    var bar = document.getElementById('cd-bar');
    if (all.length < 2 || !bar) return;
    all.forEach(function (step, i) { step.hidden = i !== index; });
    var text = all[index].getAttribute('data-progress');
    document.getElementById('cd-progress-text').textContent = text;
    bar.setAttribute('aria-valuenow', index + 1);
    bar.setAttribute('aria-valuetext', text);
    bar.firstElementChild.style.width = (100 * (index + 1) / all.length) + '%';
    // An open crisis panel goes with the visitor, under the step's heading (which stays where it would be).
    var panel = main.querySelector('.cd-crisis--open');
    if (panel) all[index].querySelector('h2').after(panel);
    window.scrollTo(0, 0);
    reportSize();
    if (focus) {
      all[index].querySelector('h2').focus();
      post({ type: 'consultdesk:scroll' });
    }
  }
  function reveal(element) {
    var i = element ? stepOf(element) : -1;
    if (i >= 0 && steps()[i].hidden) showStep(i, false);
  }
  function initSteps() {
    var all = steps();
    if (all.length < 2) return;
    main.querySelectorAll('#cd-progress, [data-nav], [data-back]').forEach(function (e) { e.hidden = false; });
    // After a submit with errors: the step of the first error (a notice alone: the last step, with the button).
    var summary = document.getElementById('cd-summary');
    var start = 0;
    if (summary && !summary.hidden) {
      var wrong = main.querySelector('.cd-form [data-has-error]');
      start = wrong ? all.indexOf(wrong) : all.length - 1;
    }
    showStep(start, false);
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-next], [data-back]');
    if (!button) return;
    var i = stepOf(button);
    if (button.hasAttribute('data-back')) {
      showStep(i - 1, true);
      return;
    }
    // Next checks only this step's required answers (the screening questions never are).
    var first = null;
    steps()[i].querySelectorAll('[data-field]').forEach(function (wrapper) {
      var field = wrapper.getAttribute('data-field');
      var message = problem(field);
      show(field, message);
      if (message && !first) first = controlsOf(field)[0];
    });
    if (first) {
      first.focus();
      reportSize();
    } else showStep(i + 1, true);
  });
  initSteps();

  // --- Sending without a page reload; the server answers with the same HTML it gives a plain post. ---
  function summarise(items, notice) {
    var summary = document.getElementById('cd-summary');
    summary.textContent = '';
    if (notice) {
      var p = document.createElement('p');
      p.className = 'cd-notice';
      p.textContent = notice;
      summary.appendChild(p);
    }
    if (items.length) {
      var list = document.createElement('ul');
      items.forEach(function (item) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = '#' + item.id;
        a.textContent = item.message;
        li.appendChild(a);
        list.appendChild(li);
      });
      summary.appendChild(list);
    }
    summary.hidden = false;
    summary.focus();
    post({ type: 'consultdesk:scroll' });
    reportSize();
  }
  function swapIn(html) {
    var next = new DOMParser().parseFromString(html, 'text/html').getElementById('cd');
    if (!next) throw new Error('unexpected response');
    main.innerHTML = next.innerHTML;
    // Back to the top of the frame's own page (an open panel made it scrollable) before the focus moves.
    window.scrollTo(0, 0);
    document.title = new DOMParser().parseFromString(html, 'text/html').title || document.title;
    var done = main.querySelector('[data-submitted]');
    if (done) {
      // Only the answer that stored the request says so: the same form sent again (already stored) is not news.
      if (main.querySelector('[data-submitted-now]')) post({ type: 'consultdesk:submitted' });
      hideNoJs(main);
      var heading = document.getElementById('thanks-heading');
      if (heading) heading.focus();
    } else {
      initSteps();
      var summary = document.getElementById('cd-summary');
      if (summary && !summary.hidden) summary.focus();
      syncPhoneRequired();
    }
    post({ type: 'consultdesk:scroll' });
    reportSize();
  }
  // --- Pick a time (after the request, and on the visitor's page from the email). Every form works as a
  // plain post; here a change shows the new times in place and booking needs no page load. Only the
  // booking part of the page is replaced, so the crisis panel and the frame's size stay as they are. ---
  function hideNoJs(root) {
    root.querySelectorAll('[data-no-js]').forEach(function (e) { e.hidden = true; });
  }
  var latest = 0;
  function swapBooking(html, focus) {
    var next = new DOMParser().parseFromString(html, 'text/html').getElementById('cd-booking');
    var region = document.getElementById('cd-booking');
    if (!next || !region) throw new Error('unexpected response');
    region.innerHTML = next.innerHTML;
    region.setAttribute('data-status', next.getAttribute('data-status') || '');
    region.removeAttribute('aria-busy');
    hideNoJs(region);
    // An outcome or a problem takes the focus (and is read out); otherwise the focus goes back where it
    // was, and the live region says what is shown now ("Showing times for …").
    var outcome = region.querySelector('#bk-done, #bk-notice, .cd-error:not([hidden])');
    var target = outcome || (focus && region.querySelector(focus));
    if (outcome && outcome.id === 'bk-done') post({ type: 'consultdesk:scroll' });
    if (region.querySelector('[data-booked-now]')) post({ type: 'consultdesk:booked' });
    if (target) target.focus();
    if (!outcome) live.textContent = region.getAttribute('data-status') || '';
    reportSize();
  }
  function sendBooking(form, submitter, focus, button) {
    var region = document.getElementById('cd-booking');
    var data = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var get = (form.getAttribute('method') || 'get').toLowerCase() === 'get';
    var url = form.action + (get ? (form.action.indexOf('?') < 0 ? '?' : '&') + data.toString() : '');
    var label = button && button.textContent;
    if (button) {
      button.disabled = true;
      button.textContent = form.getAttribute('data-sending') || label;
    }
    if (region) region.setAttribute('aria-busy', 'true');
    var mine = ++latest;
    var options = { credentials: 'same-origin', headers: { 'Accept': 'text/html' } };
    if (!get) {
      options.method = 'POST';
      options.body = data;
    }
    fetch(url, options).then(function (response) {
      return response.text();
    }).then(function (html) {
      // A later change was sent meanwhile: its answer, not this one, is what the visitor asked for.
      if (mine === latest) swapBooking(html, focus);
    }).catch(function () {
      if (mine !== latest) return;
      if (button) {
        button.disabled = false;
        button.textContent = label;
      }
      if (!region) return;
      region.removeAttribute('aria-busy');
      var notice = document.createElement('p');
      notice.className = 'cd-alert';
      notice.setAttribute('role', 'alert');
      notice.tabIndex = -1;
      notice.textContent = region.getAttribute('data-network-error');
      region.insertBefore(notice, region.firstChild);
      notice.focus();
    });
  }
  document.addEventListener('change', function (event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute('data-times') || !window.fetch || !window.DOMParser) return;
    sendBooking(form, null, event.target.id ? '#' + event.target.id : null, null);
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches('[data-times], [data-book], [data-callback]') || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    var submitter = event.submitter || null;
    if (form.hasAttribute('data-times')) {
      sendBooking(form, submitter, submitter && submitter.hasAttribute('data-page') ? '#bk-days' : '#bk-zone', null);
    } else {
      sendBooking(form, null, null, form.querySelector('.cd-submit'));
    }
  });
  hideNoJs(main);
  reportSize();

  document.addEventListener('click', function (event) {
    var anchor = event.target.closest('.cd-summary a[href^="#f-"]');
    if (!anchor) return;
    var target = document.getElementById(anchor.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    reveal(target);
    var control = target.matches('input,select,textarea') ? target : target.querySelector('input,select,textarea');
    (control || target).focus();
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.classList.contains('cd-form') || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    var items = [];
    form.querySelectorAll('[data-field]').forEach(function (wrapper) {
      var field = wrapper.getAttribute('data-field');
      var message = problem(field);
      show(field, message);
      if (message) items.push({ id: 'f-' + field, message: message });
    });
    if (items.length) {
      reveal(document.getElementById(items[0].id));
      summarise(items);
      return;
    }
    var button = form.querySelector('.cd-submit');
    var label = button.textContent;
    button.disabled = true;
    button.textContent = form.getAttribute('data-sending');
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
      headers: { 'Accept': 'text/html' }
    }).then(function (response) {
      return response.text();
    }).then(swapIn).catch(function () {
      button.disabled = false;
      button.textContent = label;
      summarise([], form.getAttribute('data-network-error'));
    });
  });
})();
