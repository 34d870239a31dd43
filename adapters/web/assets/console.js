// Live updates for the Docket console, with no inline script anywhere (the CSP forbids it).
// The server pushes "changed" events (server-sent events, GET /events) naming the subjects
// that changed; when one is on this page (<body data-watch>), the page is fetched again and
// every [data-live] section is swapped for its fresh copy — unless someone is typing in it.
(function () {
  'use strict';
  var body = document.body;
  var watch = body.getAttribute('data-watch') || '';
  var status = document.getElementById('live-status');
  if (!watch || !window.EventSource || !window.fetch) return;
  var watched = watch === '*' ? null : watch.split(' ');
  var refreshing = false;
  var again = false;
  var connected = false;

  function say(text, state) {
    if (status) status.textContent = text;
    body.setAttribute('data-live', state);
  }

  // a section with focus in a field, or a field someone typed into, is left alone for now
  function busy(section) {
    var active = document.activeElement;
    if (active && section.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) && active.type !== 'submit') return true;
    var fields = section.querySelectorAll('textarea, input[type=text], input[type=date]');
    for (var i = 0; i < fields.length; i++) if (fields[i].value !== fields[i].defaultValue) return true;
    return false;
  }

  function openDetails(section) {
    var all = section.querySelectorAll('details');
    var open = [];
    for (var i = 0; i < all.length; i++) if (all[i].open) open.push(i);
    return open;
  }

  function swap(section, fresh) {
    var open = openDetails(section);
    section.replaceWith(fresh);
    var all = fresh.querySelectorAll('details');
    for (var i = 0; i < open.length; i++) if (all[open[i]]) all[open[i]].open = true;
  }

  function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    fetch(location.href, { credentials: 'same-origin', cache: 'no-store', headers: { 'X-Docket-Live': '1' } })
      .then(function (res) {
        if (!res.ok || res.redirected) return;
        return res.text().then(function (text) {
          var doc = new DOMParser().parseFromString(text, 'text/html');
          var sections = document.querySelectorAll('[data-live][id]');
          var skipped = false;
          for (var i = 0; i < sections.length; i++) {
            var fresh = doc.getElementById(sections[i].id);
            if (!fresh) continue;
            if (busy(sections[i])) {
              skipped = true;
              continue;
            }
            swap(sections[i], document.importNode(fresh, true));
          }
          body.setAttribute('data-refreshed', String(Number(body.getAttribute('data-refreshed') || 0) + 1));
          if (skipped) setTimeout(refresh, 3000);
        });
      })
      .catch(function () {})
      .then(function () {
        refreshing = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  var source = new EventSource('/events');
  source.addEventListener('hello', function () {
    say('Live', 'on');
    // after a reconnect, catch up on whatever changed while we were away
    if (connected) refresh();
    connected = true;
  });
  source.addEventListener('changed', function (event) {
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    var subjects = data.subjects || [];
    var hit = !watched || data.all;
    for (var i = 0; !hit && i < subjects.length; i++) hit = watched.indexOf(subjects[i]) >= 0;
    if (hit) refresh();
  });
  source.onerror = function () {
    say('Reconnecting…', 'off');
  };
})();
