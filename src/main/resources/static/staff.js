/* Consultdesk staff pages: copy buttons for the embed page's snippets. Every page works without it: each
   snippet is in a read-only text box that can be selected and copied by hand. */
(function () {
  'use strict';
  function selectAll(area) {
    area.focus();
    area.setSelectionRange(0, area.value.length);
  }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var area = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('.copy-status');
    if (!area || !status) return;
    button.hidden = false;
    function say(attribute) {
      status.textContent = '';
      status.textContent = button.getAttribute(attribute);
    }
    function byCommand() {
      var copied = false;
      selectAll(area);
      try {
        copied = document.execCommand('copy');
      } catch (e) {
        copied = false;
      }
      selectAll(area);
      say(copied ? 'data-copied' : 'data-manual');
    }
    button.addEventListener('click', function () {
      selectAll(area);
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(function () {
          selectAll(area);
          say('data-copied');
        }, byCommand);
      } else {
        byCommand();
      }
    });
  });
  document.querySelectorAll('textarea[data-select-all]').forEach(function (area) {
    area.addEventListener('click', function () {
      if (area.selectionStart === area.selectionEnd) selectAll(area);
    });
  });
})();
