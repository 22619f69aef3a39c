// Settings pages, improved (each works without this): the colour picker and its hex text show the same colour,
// and a new location's or consultation type's id is suggested from its name until one is typed.
(function () {
  'use strict';
  var picker = document.querySelector('[data-color-picker]');
  var text = document.querySelector('[data-color-text]');
  if (picker && text) {
    picker.addEventListener('input', function () { text.value = picker.value; });
    text.addEventListener('input', function () {
      var v = text.value.trim();
      if (/^#[0-9a-fA-F]{6}$/.test(v)) picker.value = v.toLowerCase();
    });
  }

  function slug(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '');
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-suggest-from]'), function (id) {
    var name = document.getElementById(id.getAttribute('data-suggest-from'));
    if (!name) return;
    var typed = id.value !== '' && id.value !== slug(name.value);
    id.addEventListener('input', function () { typed = id.value !== ''; });
    name.addEventListener('input', function () { if (!typed) id.value = slug(name.value); });
  });
})();
