(function () {
  'use strict';
  var show = function (id, text) { document.getElementById(id).textContent = text; };
  function run(type) {
    show('status', 'connecting');
    show('message', '-');
    show('verified', '-');
    WhatsPortal.connect({
      getConnectUrl: function () {
        return fetch('/session?type=' + type, { method: 'POST' }).then(function (r) { return r.json(); });
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
  function pollWebhooks() {
    fetch('/webhooks').then(function (r) { return r.json(); }).then(function (received) {
      if (received.length) show('webhooks', JSON.stringify(received, null, 2));
    }).catch(function () {});
  }
  setInterval(pollWebhooks, 1000);
  document.getElementById('connect-whatsapp').addEventListener('click', function () { run('whatsapp'); });
  document.getElementById('connect-meta-page').addEventListener('click', function () { run('meta_page'); });
})();
