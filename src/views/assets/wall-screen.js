// The break-room screen (/manage/wall/screen): shows its cards one after another, and reloads the
// page now and then to bring in new awards. Its button pauses both. Without this script the first
// card stays up and the page does not move.
(() => {
  var screen = document.querySelector('.screen[data-interval]');
  if (!screen) return;
  var cards = Array.prototype.slice.call(screen.querySelectorAll('.screen-card'));
  var seconds = Number(screen.getAttribute('data-interval')) || 12;
  var reloadSeconds = Number(screen.getAttribute('data-reload')) || 300;
  var button = screen.querySelector('.screen-pause');
  var shown = 0;
  var timers = [];
  var paused = false;

  function start() {
    if (cards.length > 1) {
      timers.push(
        setInterval(() => {
          cards[shown].hidden = true;
          shown = (shown + 1) % cards.length;
          cards[shown].hidden = false;
        }, seconds * 1000),
      );
    }
    timers.push(
      setTimeout(() => {
        window.location.reload();
      }, reloadSeconds * 1000),
    );
  }

  function stop() {
    timers.forEach((timer) => {
      clearInterval(timer);
      clearTimeout(timer);
    });
    timers = [];
  }

  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => {
      if (paused) start();
      else stop();
      paused = !paused;
      button.textContent = button.getAttribute(paused ? 'data-resume' : 'data-pause');
    });
  }
  start();
})();
