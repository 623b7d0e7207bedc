// Simulated Meta JS SDK: FB.init, FB.login and FB.logout, as the connect pages use them.
// FB.login opens the simulated dialog in a popup with the login's options (the dialog
// checks and records them) and calls back with the result the dialog reports, or with
// no authResponse if the popup is closed. Like Facebook, a person who logged in to the
// app before is logged in again without a dialog until FB.logout.
(function () {
  'use strict';
  var origin = window.location.origin;
  // The dialog may answer from the page's origin or its twin (the other loopback name),
  // which stands in for Meta's second host.
  var twin = origin.indexOf('://127.0.0.1') >= 0 ? origin.replace('://127.0.0.1', '://localhost')
    : origin.replace('://localhost', '://127.0.0.1');
  var config = { appId: '', version: '' };
  // The connect page's session (its id, or its token): a production server answers only
  // for an open test session.
  var query = new URLSearchParams(window.location.search);
  var session = query.get('session') || query.get('session_token') || '';
  var loggedIn = null;

  function login(callback, options) {
    options = options || {};
    var pages = !options.extras;
    if (pages && loggedIn) {
      // Already logged in to the app: a fresh token for the same person, no dialog.
      fetch('/meta-sim/dialog/authorize', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ app_id: config.appId, user_id: loggedIn, session_token: session }),
      })
        .then(function (r) { return r.json(); })
        .then(function (grant) {
          callback({ authResponse: { accessToken: grant.access_token, userID: grant.user_id, expiresIn: 3600 }, status: 'connected' });
        });
      return;
    }
    var params = new URLSearchParams({
      app_id: config.appId,
      version: config.version,
      opener_origin: origin,
      session_token: session,
      login_options: JSON.stringify(options),
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
      if (pages && response.authResponse) loggedIn = response.authResponse.userID;
      callback(response);
    }
    function onMessage(event) {
      if ((event.origin !== origin && event.origin !== twin) || event.source !== popup) return;
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
    logout: function (callback) {
      loggedIn = null;
      setTimeout(function () { if (callback) callback({ authResponse: null, status: 'unknown' }); }, 0);
    },
  };
  if (typeof window.fbAsyncInit === 'function') window.fbAsyncInit();
})();
