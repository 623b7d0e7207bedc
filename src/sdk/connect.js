/*! WhatsPortal Connect SDK v1 - https://<your WhatsPortal host>/docs */
(function (global) {
  'use strict';

  var SUCCESS = 'whatsportal:connect:success';
  var script = document.currentScript;
  // Where this file was loaded from: WhatsPortal's origin, unless `options.origin` says
  // otherwise (a copy bundled with the vendor's own code).
  var LOADED_FROM = new URL(script ? script.src : '/', global.location.href).origin;

  function fail(code, message) {
    var error = new Error(message);
    error.name = 'WhatsPortalError';
    error.code = code;
    return error;
  }

  /**
   * Opens the connect page in a new tab. Call it from a click handler: the tab is opened
   * at once (on a neutral loading page), then sent to the connect URL your backend returns.
   * Resolves with {status: 'connected', result} or {status: 'abandoned'}; rejects on errors.
   */
  /** WhatsPortal's origin: `options.origin`, else where this file came from; null if invalid. */
  function originOf(options) {
    if (options.origin === undefined) return LOADED_FROM;
    try {
      var url = new URL(String(options.origin));
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
    } catch (ignored) {
      return null;
    }
  }

  function connect(options) {
    options = options || {};
    // Messages are accepted from this origin only, and the connect_url must be on it.
    var ORIGIN = originOf(options);
    if (ORIGIN === null) {
      var invalid = fail('invalid_options', 'origin must be WhatsPortal\'s origin, such as https://connect.example.com.');
      var rejected = Promise.reject(invalid);
      if (options.onError) {
        options.onError(invalid);
        rejected.catch(function () {});
      }
      return rejected;
    }
    var tab = global.open(ORIGIN + '/sdk/v1/loading', '_blank');
    var finished = false;
    var timer = null;
    var settle;

    var promise = new Promise(function (resolve, reject) {
      settle = function (kind, value) {
        if (finished) return;
        finished = true;
        if (timer !== null) global.clearInterval(timer);
        global.removeEventListener('message', onMessage);
        if (kind === 'connected') {
          if (options.onSuccess) options.onSuccess(value);
          resolve({ status: 'connected', result: value });
        } else if (kind === 'abandoned') {
          if (options.onAbandon) options.onAbandon();
          resolve({ status: 'abandoned' });
        } else {
          if (options.onError) options.onError(value);
          reject(value);
        }
      };
    });
    // With an onError callback the vendor handles errors there: no unhandled rejection.
    if (options.onError) promise.catch(function () {});

    function onMessage(event) {
      if (event.origin !== ORIGIN || event.source !== tab) return;
      var data = event.data;
      if (!data || typeof data !== 'object' || data.type !== SUCCESS) return;
      if (options.state !== undefined && data.state !== options.state) return;
      settle('connected', data);
    }

    if (!tab) {
      settle('error', fail('popup_blocked', 'The browser blocked the connect tab: call connect() from a click handler.'));
      return promise;
    }
    if (typeof options.getConnectUrl !== 'function') {
      tab.close();
      settle('error', fail('invalid_options', 'getConnectUrl must be a function returning the connect_url.'));
      return promise;
    }
    global.addEventListener('message', onMessage);
    timer = global.setInterval(function () {
      if (tab.closed) settle('abandoned');
    }, 400);

    Promise.resolve()
      .then(function () { return options.getConnectUrl(); })
      .then(function (answer) {
        var url = answer && typeof answer === 'object' ? answer.connect_url : answer;
        if (typeof url !== 'string' || url === '') throw fail('no_connect_url', 'getConnectUrl returned no connect_url.');
        var target = new URL(url, ORIGIN);
        if (target.origin !== ORIGIN || target.pathname.indexOf('/vendor/connect/') !== 0) {
          throw fail('foreign_connect_url', 'The connect_url is not a WhatsPortal connect page.');
        }
        if (!finished) tab.location.href = target.href;
      })
      .catch(function (error) {
        if (finished) return;
        try { tab.close(); } catch (ignored) { /* already closed */ }
        settle('error', error && error.code ? error : fail('get_connect_url_failed', String(error && error.message || error)));
      });
    return promise;
  }

  global.WhatsPortal = { connect: connect, version: '1' };
})(window);
