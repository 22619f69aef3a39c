/*! Consultdesk embed loader: README, "Embed it". */
(() => {
  const script = document.currentScript;
  if (!script || !script.src) return;
  const d = script.dataset;
  const origin = new URL(script.src).origin;
  const clinic = d.clinic || '';
  const mode = /^(button|dialog)$/.test(d.mode) ? d.mode : 'inline';
  const label = d.label || 'Request a free consultation';
  const query = new URLSearchParams({ host: location.origin });
  const page = new URLSearchParams(location.search);
  ['interest', 'location'].forEach(k => d[k] && query.set(k, d[k]));
  ['utm_source', 'utm_medium', 'utm_campaign'].forEach(k => page.get(k) && query.set(k, page.get(k).slice(0, 100)));
  let frame, dialog, opener;

  const make = (tag, style, parent, props) => {
    const el = Object.assign(document.createElement(tag), props);
    Object.assign(el.style, style);
    parent && parent.append(el);
    return el;
  };
  const fire = name => frame.dispatchEvent(new CustomEvent('consultdesk:' + name, { bubbles: true, detail: { clinic, mode } }));
  const createFrame = parent => {
    frame = make('iframe', { display: 'block', width: '100%', border: 0, height: (parseInt(d.height) || 900) + 'px' }, parent, {
      src: `${origin}/embed/${encodeURIComponent(clinic)}?${query}`,
      title: d.title || 'Consultation request form',
      onload: () => frame.contentWindow.postMessage({ type: 'consultdesk:hello' }, origin) });
  };

  const open = from => {
    if (!dialog) {
      const ifWide = 'clamp(0px, (100vw - 640px) * 999, '; // 0 up to 640px wide: full screen
      dialog = make('dialog', { padding: 0, border: 0, width: 'min(640px, 100%)', height: `calc(100% - ${ifWide}10%))`,
        maxWidth: '100%', maxHeight: '100%', borderRadius: ifWide + '9px)', background: '#fff',
        boxShadow: '0 0 0 100vmax rgba(0,0,0,.5)' }, document.body);
      dialog.setAttribute('aria-label', label);
      const trap = onfocus => make('span', {}, dialog, { tabIndex: 0, onfocus });
      trap(() => frame.focus());
      const close = make('button', { display: 'block', margin: '0 0 0 auto', width: '48px', height: '48px', border: 0,
        background: 'none', color: '#111827', font: '32px sans-serif', cursor: 'pointer' }, dialog,
        { textContent: '×', onclick: () => dialog.close(), autofocus: true });
      close.setAttribute('aria-label', d.closeLabel || 'Close');
      createFrame(make('div', { height: 'calc(100% - 48px)', overflowY: 'auto' }, dialog));
      trap(() => close.focus());
      dialog.onclose = () => {
        fire('closed');
        opener?.focus();
      };
    }
    if (!dialog.open) {
      opener = from;
      dialog.showModal();
      fire('opened');
    }
  };

  if (mode === 'inline') {
    const mount = d.target && document.getElementById(d.target);
    createFrame(mount);
    if (!mount) script.after(frame);
  } else {
    if (mode === 'button') {
      const color = /^#[0-9a-f]{6}$/i.test(d.color) ? d.color : '#2f6f73';
      const luminance = [.2126, .7152, .0722].reduce((sum, w, i) => sum + w * (parseInt(color.substr(1 + 2 * i, 2), 16) / 255) ** 2.2, 0);
      const addButton = () => {
        const button = make('button', { position: 'fixed', bottom: '20px', zIndex: 1e9, padding: '14px 22px', border: 0,
          borderRadius: '99px', background: color, color: luminance > .1993 ? '#111827' : '#fff', cursor: 'pointer',
          font: '600 16px system-ui, sans-serif', boxShadow: '0 4px 14px rgba(0,0,0,.25)',
          [d.position === 'bottom-left' ? 'left' : 'right']: '20px' }, document.body, { textContent: label });
        button.setAttribute('aria-haspopup', 'dialog');
        button.setAttribute('data-consultdesk-open', clinic);
      };
      document.body ? addButton() : addEventListener('DOMContentLoaded', addButton);
    }
    document.addEventListener('click', event => {
      const el = event.target.closest?.('[data-consultdesk-open]');
      if (el && !event.defaultPrevented && ['', clinic].includes(el.getAttribute('data-consultdesk-open'))) {
        event.preventDefault();
        open(el);
      }
    });
  }

  addEventListener('message', event => {
    if (!frame || event.origin !== origin || event.source !== frame.contentWindow) return;
    const { type, height, title } = event.data || {};
    if (type === 'consultdesk:resize' && height > 0) {
      frame.style.height = Math.min(Math.ceil(height), 30000) + 'px';
    } else if (type === 'consultdesk:ready') {
      if (typeof title === 'string') frame.title = title;
      fire('ready');
    } else if (type === 'consultdesk:scroll') {
      const { top } = frame.getBoundingClientRect();
      if (top < 0 || top > innerHeight / 2) frame.scrollIntoView();
    } else if (type === 'consultdesk:submitted' || type === 'consultdesk:booked') {
      fire(type.slice(12));
    } else if (type === 'consultdesk:close' && dialog) {
      dialog.close();
    }
  });
})();
