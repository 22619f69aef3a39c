/*! Consultdesk embed loader. <script src="https://YOUR-SERVER/widget.js" data-clinic="SLUG" async></script>
 * Puts the clinic's consultation form in an iframe where this tag stands (or in the element whose id is
 * data-target), and sizes it to its content. No cookies, no storage, nothing third-party; the form's
 * answers live only inside the iframe and never reach this page. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  var clinic = script.getAttribute('data-clinic') || '';
  var targetId = script.getAttribute('data-target');
  var mount = targetId && document.getElementById(targetId);
  var frame = document.createElement('iframe');
  frame.src = origin + '/embed/' + encodeURIComponent(clinic) + '?host=' + encodeURIComponent(location.origin);
  frame.title = script.getAttribute('data-title') || 'Consultation request form';
  // Styles set through the CSSOM, which a strict host CSP (no 'unsafe-inline') allows.
  var style = frame.style;
  style.display = 'block';
  style.width = '100%';
  style.border = '0';
  style.height = (parseInt(script.getAttribute('data-height'), 10) || 900) + 'px';
  if (mount) mount.appendChild(frame);
  else script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type === 'consultdesk:resize' && data.height > 0) {
      style.height = Math.min(Math.ceil(data.height), 30000) + 'px';
    } else if (data.type === 'consultdesk:ready' && typeof data.title === 'string') {
      frame.title = data.title;
    } else if (data.type === 'consultdesk:scroll') {
      var top = frame.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.5) frame.scrollIntoView({ block: 'start' });
    } else if (data.type === 'consultdesk:submitted') {
      frame.dispatchEvent(new CustomEvent('consultdesk:submitted', { bubbles: true, detail: { clinic: clinic } }));
    }
  });
  frame.addEventListener('load', function () {
    frame.contentWindow.postMessage({ type: 'consultdesk:hello' }, origin);
  });
})();
