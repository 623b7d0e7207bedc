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

  /** The connect page's URL from getConnectUrl's answer, checked to be WhatsPortal's. */
  function connectTarget(answer, ORIGIN) {
    var url = answer && typeof answer === 'object' ? answer.connect_url : answer;
    if (typeof url !== 'string' || url === '') throw fail('no_connect_url', 'getConnectUrl returned no connect_url.');
    var target = new URL(url, ORIGIN);
    if (target.origin !== ORIGIN || target.pathname.indexOf('/vendor/connect/') !== 0) {
      throw fail('foreign_connect_url', 'The connect_url is not a WhatsPortal connect page.');
    }
    return target;
  }

  /**
   * Redirect mode: this page goes to the connect page, which sends the customer back to
   * the session's return URL when done (your backend names it as `returnUrl`; read the
   * outcome there with `readReturn`). Resolves with {status: 'redirecting'} as it leaves.
   */
  function redirect(options, ORIGIN) {
    var context = { mode: 'redirect', returnUrl: options.returnUrl };
    var promise = Promise.resolve()
      .then(function () {
        if (typeof options.getConnectUrl !== 'function') {
          throw fail('invalid_options', 'getConnectUrl must be a function returning the connect_url.');
        }
        return options.getConnectUrl(context);
      })
      .then(function (answer) {
        var target = connectTarget(answer, ORIGIN);
        global.location.assign(target.href);
        return { status: 'redirecting' };
      })
      .catch(function (error) {
        var failure = error && error.code ? error : fail('get_connect_url_failed', String(error && error.message || error));
        if (options.onError) options.onError(failure);
        throw failure;
      });
    if (options.onError) promise.catch(function () {});
    return promise;
  }

  /**
   * The outcome a return URL was given (`status`, `session_id`, and in the browser that
   * opened the session `account_id` and `state`), or null when the URL carries none.
   * Confirm it on your server before relying on it.
   */
  function readReturn(href) {
    var params = new URL(href || global.location.href, global.location.href).searchParams;
    var status = params.get('status');
    var sessionId = params.get('session_id');
    if (!status || !sessionId) return null;
    var outcome = { status: status, session_id: sessionId };
    if (params.has('account_id')) outcome.account_id = params.get('account_id');
    if (params.has('state')) outcome.state = params.get('state');
    return outcome;
  }

  /** Options that cannot work: refused before anything opens. */
  function refuse(options, message) {
    var invalid = fail('invalid_options', message);
    var rejected = Promise.reject(invalid);
    if (options.onError) {
      options.onError(invalid);
      rejected.catch(function () {});
    }
    return rejected;
  }

  function connect(options) {
    options = options || {};
    // Messages are accepted from this origin only, and the connect_url must be on it.
    var ORIGIN = originOf(options);
    if (ORIGIN === null) {
      return refuse(options, 'origin must be WhatsPortal\'s origin, such as https://connect.example.com.');
    }
    if (options.mode === 'redirect') return redirect(options, ORIGIN);
    if (options.mode !== undefined && options.mode !== 'tab') {
      return refuse(options, "mode must be 'tab' or 'redirect'.");
    }
    var tab = global.open(ORIGIN + '/sdk/v1/loading', '_blank');
    // A blocked tab: the vendor may ask for this page to go to the connect page instead.
    if (!tab && options.fallback === 'redirect') return redirect(options, ORIGIN);
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
      settle('error', fail('popup_blocked', "The browser blocked the connect tab: call connect() from a click handler, or pass fallback: 'redirect'."));
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
      .then(function () { return options.getConnectUrl({ mode: 'tab', returnUrl: options.returnUrl }); })
      .then(function (answer) {
        var target = connectTarget(answer, ORIGIN);
        if (!finished) tab.location.href = target.href;
      })
      .catch(function (error) {
        if (finished) return;
        try { tab.close(); } catch (ignored) { /* already closed */ }
        settle('error', error && error.code ? error : fail('get_connect_url_failed', String(error && error.message || error)));
      });
    return promise;
  }

  global.WhatsPortal = { connect: connect, readReturn: readReturn, version: '1' };
})(window);
