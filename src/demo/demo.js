(function () {
  'use strict';
  var show = function (id, text) { document.getElementById(id).textContent = text; };
  function run(type, keepApp) {
    show('status', 'connecting');
    show('message', '-');
    show('verified', '-');
    WhatsPortal.connect({
      getConnectUrl: function () {
        var query = '/session?type=' + type + (keepApp ? '&coexistence=1' : '');
        return fetch(query, { method: 'POST' }).then(function (r) { return r.json(); });
      },
      state: 'demo-state',
      onSuccess: function (result) {
        show('status', 'connected');
        show('message', JSON.stringify(result, null, 2));
        fetch('/verify').then(function (r) { return r.json(); })
          .then(function (body) { show('verified', JSON.stringify(body, null, 2)); });
      },
      onAbandon: function () { show('status', 'abandoned: the tab was closed'); },
      onError: function (error) { show('status', 'error: ' + (error.code || error.message)); },
    });
  }
  function refreshVerified() {
    fetch('/verify').then(function (r) { return r.json(); })
      .then(function (body) { show('verified', JSON.stringify(body, null, 2)); }).catch(function () {});
  }
  // How many webhooks the last poll saw; -1 until the first poll sets the baseline.
  var seen = -1;
  function pollWebhooks() {
    fetch('/webhooks').then(function (r) { return r.json(); }).then(function (received) {
      if (received.length) show('webhooks', JSON.stringify(received, null, 2));
      // A new event may have changed the connection: confirm it again with the API.
      if (seen >= 0 && received.length > seen) refreshVerified();
      seen = received.length;
    }).catch(function () {});
  }
  function sendEvent() {
    var chosen = document.getElementById('meta-event').value.split(':');
    show('event-result', 'sending');
    fetch('/test-event', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ field: chosen[0], event: chosen[1] }) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (answer) {
        show('event-result', answer.ok ? 'queued: ' + answer.body.event : 'refused: ' + answer.body.error);
      })
      .catch(function () { show('event-result', 'failed'); });
  }
  document.getElementById('send-event').addEventListener('click', sendEvent);
  setInterval(pollWebhooks, 1000);
  document.getElementById('connect-whatsapp').addEventListener('click', function () { run('whatsapp'); });
  document.getElementById('connect-business-app').addEventListener('click', function () { run('whatsapp', true); });
  document.getElementById('connect-meta-page').addEventListener('click', function () { run('meta_page'); });
})();
