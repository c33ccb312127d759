// The break-room screen (/manage/wall/screen): shows its cards one after another. Without this
// script the first card stays up, and the page's meta refresh still brings in new awards.
(function () {
  'use strict';
  var screen = document.querySelector('.screen[data-interval]');
  if (!screen) return;
  var cards = Array.prototype.slice.call(screen.querySelectorAll('.screen-card'));
  if (cards.length < 2) return;
  var seconds = Number(screen.getAttribute('data-interval')) || 12;
  var shown = 0;
  setInterval(function () {
    cards[shown].hidden = true;
    shown = (shown + 1) % cards.length;
    cards[shown].hidden = false;
  }, seconds * 1000);
})();
