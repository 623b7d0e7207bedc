// Simulated Meta JS SDK: FB.init and FB.login, as the connect pages use them.
// FB.login opens the simulated consent dialog in a popup and calls back with the
// login result the dialog reports, or with no authResponse if the popup is closed.
(function () {
  'use strict';
  var origin = window.location.origin;
  var config = { appId: '', version: '' };

  function login(callback, options) {
    options = options || {};
    var params = new URLSearchParams({
      app_id: config.appId,
      version: config.version,
      config_id: options.config_id || '',
      scope: options.scope || '',
      response_type: options.response_type || 'token',
    });
    var popup = window.open('/meta-sim/dialog?' + params.toString(), 'meta_sim_dialog', 'width=560,height=640');
    if (!popup) {
      callback({ authResponse: null, status: 'unknown' });
      return;
    }
    var finished = false;
    var poll = null;
    function finish(response) {
      if (finished) return;
      finished = true;
      window.removeEventListener('message', onMessage);
      clearInterval(poll);
      callback(response);
    }
    function onMessage(event) {
      if (event.origin !== origin || event.source !== popup) return;
      var data = event.data;
      if (data && data.type === 'meta-sim:login') finish(data.response);
    }
    window.addEventListener('message', onMessage);
    poll = setInterval(function () {
      if (popup.closed) finish({ authResponse: null, status: 'unknown' });
    }, 250);
  }

  window.FB = {
    init: function (options) {
      config.appId = String(options.appId || '');
      config.version = String(options.version || '');
    },
    login: login,
  };
  if (typeof window.fbAsyncInit === 'function') window.fbAsyncInit();
})();
