// Simulated Meta consent dialog: reports the customer's choice to the opener the way
// Embedded Signup does: a WA_EMBEDDED_SIGNUP message event (a JSON string) and the
// FB.login result, in either order.
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var opener = window.opener;
  var origin = window.location.origin;
  var form = document.getElementById('signup');
  var account = document.getElementById('account');
  var loginFirst = document.getElementById('login-first') || { checked: false };
  var pagesForm = document.getElementById('pages-login');

  function signupEvent(event, data) {
    if (opener) opener.postMessage(JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: event, data: data, version: '3' }), origin);
  }
  function loginResult(response) {
    if (opener) opener.postMessage({ type: 'meta-sim:login', response: response }, origin);
  }
  function close() {
    setTimeout(function () { window.close(); }, 100);
  }
  function deliver(event, data, response) {
    if (loginFirst.checked) {
      loginResult(response);
      if (event) signupEvent(event, data);
    } else {
      if (event) signupEvent(event, data);
      loginResult(response);
    }
    close();
  }
  var refused = { authResponse: null, status: 'unknown' };

  document.getElementById('deny').addEventListener('click', function () {
    deliver(null, null, { authResponse: null, status: 'not_authorized' });
  });

  if (pagesForm) {
    // Facebook Login for Pages: a user access token, no signup event.
    pagesForm.addEventListener('submit', function (e) {
      e.preventDefault();
      fetch('/meta-sim/dialog/authorize', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ app_id: params.get('app_id'), user_id: document.getElementById('user').value }),
      })
        .then(function (r) { return r.json(); })
        .then(function (grant) {
          deliver(null, null, { authResponse: { accessToken: grant.access_token, userID: grant.user_id, expiresIn: 3600 }, status: 'connected' });
        });
    });
    return;
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var option = account.options[account.selectedIndex];
    fetch('/meta-sim/dialog/authorize', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ app_id: params.get('app_id'), waba_id: option.value }),
    })
      .then(function (r) { return r.json(); })
      .then(function (grant) {
        var data = { business_id: grant.business_id, waba_id: grant.waba_id };
        if (grant.phone_number_id) data.phone_number_id = grant.phone_number_id;
        var event = grant.phone_number_id ? 'FINISH' : 'FINISH_ONLY_WABA';
        deliver(event, data, { authResponse: { code: grant.code, userID: '', expiresIn: 0 }, status: 'connected' });
      });
  });
  document.getElementById('cancel').addEventListener('click', function () {
    deliver('CANCEL', { current_step: 'WABA_PHONE_SELECTION' }, refused);
  });
  document.getElementById('report-error').addEventListener('click', function () {
    deliver('CANCEL', { error_message: 'The customer reported a problem', error_id: '524126', session_id: 'sim', timestamp: Date.now() }, refused);
  });
})();
