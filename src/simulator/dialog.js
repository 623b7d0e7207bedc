// Simulated Meta dialogs. Embedded Signup reports to the opener as Meta does in 2026: a
// WA_EMBEDDED_SIGNUP message event (a JSON string) and the FB.login result, separately,
// in either order, either of them possibly missing, from Meta's first host or its second
// (the twin origin), among messages of the SDK's own. Facebook Login for Pages reports a
// user access token.
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var opener = window.opener;
  var openerOrigin = params.get('opener_origin') || window.location.origin;
  var here = window.location.origin;
  var twin = here.indexOf('://127.0.0.1') >= 0 ? here.replace('://127.0.0.1', '://localhost')
    : here.replace('://localhost', '://127.0.0.1');
  var auto = params.get('auto');
  var refused = { authResponse: null, status: 'unknown' };

  function post(message) {
    if (opener) opener.postMessage(message, openerOrigin);
  }
  // Meta's SDK talks to the page too; the page must ignore all of this.
  function sdkNoise() {
    post('_sim_sdk_xd_ping');
    post({ type: 'meta-sim:noise', at: Date.now() });
    post(JSON.stringify({ type: 'SDK_INTERNAL', event: 'FINISH', data: { waba_id: '1' } }));
  }
  function signupEvent(event, data) {
    post(JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: event, data: data }));
  }
  function loginResult(response) {
    post({ type: 'meta-sim:login', response: response });
  }
  function close() {
    setTimeout(function () { window.close(); }, 100);
  }
  function deliver(choice, event, data, response) {
    sdkNoise();
    var sendEvent = event && !choice.noEvent;
    if (choice.loginFirst) {
      loginResult(response);
      if (sendEvent) signupEvent(event, data);
    } else {
      if (sendEvent) signupEvent(event, data);
      loginResult(response);
    }
    close();
  }

  var refusedReason = document.getElementById('refused');
  if (refusedReason) {
    signupEvent('ERROR', { error_message: refusedReason.dataset.reason });
    loginResult(refused);
    close();
    return;
  }

  var form = document.getElementById('signup');
  var pagesForm = document.getElementById('pages-login');
  var checked = function (id) { var box = document.getElementById(id); return !!(box && box.checked); };

  document.getElementById('deny').addEventListener('click', function () {
    deliver({}, null, null, { authResponse: null, status: 'not_authorized' });
  });

  if (pagesForm) {
    pagesForm.addEventListener('submit', function (e) {
      e.preventDefault();
      fetch('/meta-sim/dialog/authorize', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ app_id: params.get('app_id'), user_id: document.getElementById('user').value, session_token: params.get('session_token') }),
      })
        .then(function (r) { return r.json(); })
        .then(function (grant) {
          deliver({}, null, null, { authResponse: { accessToken: grant.access_token, userID: grant.user_id, expiresIn: 3600 }, status: 'connected' });
        });
    });
    return;
  }

  var appForm = document.getElementById('app-signup');
  if (appForm) {
    // The WhatsApp Business app onboarding: the number, a confirmation in the app, then
    // FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING naming the account only, as Meta may.
    var account = document.getElementById('app-account');
    var selected = function () { return account.options[account.selectedIndex]; };
    document.getElementById('app-continue').addEventListener('click', function () {
      if (selected().dataset.eligible !== 'true') {
        deliver({}, 'ERROR', {
          error_message: 'This WhatsApp Business app must be version 2.24.17 or newer to connect',
          error_code: '2388093', session_id: 'f34b51dab5e0500',
        }, refused);
        return;
      }
      document.getElementById('app-number').hidden = true;
      document.getElementById('app-confirm').hidden = false;
      document.getElementById('share-history').focus();
    });
    appForm.addEventListener('submit', function (e) {
      e.preventDefault();
      fetch('/meta-sim/dialog/authorize', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ app_id: params.get('app_id'), waba_id: account.value,
          share_history: checked('share-history'), session_token: params.get('session_token') }),
      })
        .then(function (r) { return r.json(); })
        .then(function (grant) {
          deliver({}, 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING', { waba_id: grant.waba_id },
            { authResponse: { code: grant.code, userID: '', expiresIn: 0 }, status: 'connected' });
        });
    });
    document.getElementById('cancel').addEventListener('click', function () {
      var step = document.getElementById('app-confirm').hidden ? 'PHONE_NUMBER_SETUP' : 'WHATSAPP_BUSINESS_APP_CONFIRMATION';
      deliver({}, 'CANCEL', { current_step: step }, refused);
    });
    return;
  }

  function finishSignup(choice) {
    fetch('/meta-sim/dialog/authorize', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ app_id: params.get('app_id'), waba_id: choice.waba, session_token: params.get('session_token') }),
    })
      .then(function (r) { return r.json(); })
      .then(function (grant) {
        var event = choice.finishAs;
        var data;
        if (event === 'FINISH_GRANT_ONLY_API_ACCESS') {
          data = { phone_number_id: '', waba_id: '', business_id: '' };
        } else {
          data = { business_id: grant.business_id, waba_id: grant.waba_id };
          // Launched with only_waba_sharing: no phone screens, the account alone.
          var onlyAccount = form.dataset.onlyAccount === '1';
          if (grant.phone_number_id && !onlyAccount) data.phone_number_id = grant.phone_number_id;
          else event = 'FINISH_ONLY_WABA';
        }
        var response = choice.noCode ? refused
          : { authResponse: { code: grant.code, userID: '', expiresIn: 0 }, status: 'connected' };
        deliver(choice, event, data, response);
      });
  }

  function chosen() {
    return {
      waba: document.getElementById('account').value,
      finishAs: document.getElementById('finish-as').value,
      loginFirst: checked('login-first'),
      noEvent: checked('no-event'),
      noCode: checked('no-code'),
    };
  }

  if (auto) {
    // Reopened on the second host: finish there, so the events come from it.
    finishSignup(JSON.parse(auto));
    return;
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var choice = chosen();
    if (checked('second-host')) {
      var next = new URLSearchParams(params);
      next.set('auto', JSON.stringify(choice));
      window.location.href = twin + window.location.pathname + '?' + next.toString();
      return;
    }
    finishSignup(choice);
  });
  document.getElementById('cancel').addEventListener('click', function () {
    deliver(chosen(), 'CANCEL', { current_step: document.getElementById('cancel-step').value }, refused);
  });
  document.getElementById('report-error').addEventListener('click', function () {
    deliver(chosen(), 'CANCEL', {
      error_message: 'The customer reported a problem', error_code: '524126',
      session_id: 'f34b51dab5e0498', timestamp: String(Math.floor(Date.now() / 1000)),
    }, refused);
  });
  document.getElementById('meta-error').addEventListener('click', function () {
    deliver(chosen(), 'ERROR', { error_message: 'an unexpected error', error_code: '2', session_id: 'f34b51dab5e0499' }, refused);
  });
})();
