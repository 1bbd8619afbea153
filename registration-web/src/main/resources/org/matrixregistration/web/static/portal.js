/*
 * Enhancements for the registration form. The form works without this file: the server checks
 * everything again and answers with a page. This script applies the same rules as the server
 * while the person types, asks whether a username is free, fills in the token from the link and
 * moves the focus to the first problem. Text from the server or the person is only ever set with
 * textContent, never as HTML.
 */
(function () {
  'use strict';

  var form = document.getElementById('register-form');
  if (!form) {
    var welcome = document.getElementById('welcome');
    if (welcome) {
      welcome.focus();
    }
    return;
  }

  var messages = {};
  Array.prototype.forEach.call(document.querySelectorAll('#mr-messages [data-key]'), function (item) {
    messages[item.getAttribute('data-key')] = item.textContent;
  });

  function message(key, values) {
    var text = messages[key] || '';
    Object.keys(values || {}).forEach(function (name) {
      text = text.split('{' + name + '}').join(values[name]);
    });
    return text;
  }

  var server = form.getAttribute('data-server');
  var minLength = parseInt(form.getAttribute('data-min-length'), 10);
  var maxLength = parseInt(form.getAttribute('data-max-length'), 10);
  var availableUrl = form.getAttribute('data-available-url');
  var order = ['username', 'displayname', 'password', 'confirm', 'token'];
  var input = {};
  order.forEach(function (name) {
    input[name] = document.getElementById(name);
  });
  var touched = {};

  function codePoints(text) {
    return Array.from(text).length;
  }

  function localpart(typed) {
    var value = typed.trim();
    if (value.charAt(0) === '@') {
      value = value.slice(1);
    }
    var colon = value.indexOf(':');
    if (colon >= 0) {
      if (value.slice(colon + 1).toLowerCase() !== server.toLowerCase()) {
        return { error: 'username_other_server' };
      }
      value = value.slice(0, colon);
    }
    return { value: value.toLowerCase() };
  }

  // The same rules as core's UsernameRules and PasswordRules; the configured regular expressions
  // are only checked by the server.
  var rules = {
    username: function (typed) {
      var parsed = localpart(typed);
      if (parsed.error) {
        return [parsed.error];
      }
      var name = parsed.value;
      if (!name) {
        return ['username_required'];
      }
      var codes = [];
      if (!/^[a-z0-9._=\-\/+]+$/.test(name)) {
        codes.push('username_characters');
      }
      if (name.charAt(0) === '_') {
        codes.push('username_underscore');
      }
      if (/^[0-9]+$/.test(name)) {
        codes.push('username_numeric');
      }
      if (new TextEncoder().encode('@' + name + ':' + server).length > 255) {
        codes.push('username_too_long');
      }
      return codes;
    },
    displayname: function (typed) {
      return typed.trim().length > input.displayname.maxLength ? ['displayname_too_long'] : [];
    },
    password: function (typed) {
      var length = codePoints(typed);
      if (length === 0) {
        return ['password_required'];
      }
      if (length < minLength) {
        return ['password_too_short'];
      }
      return length > maxLength ? ['password_too_long'] : [];
    },
    confirm: function (typed) {
      return input.password.value && typed !== input.password.value ? ['password_mismatch'] : [];
    },
    token: function (typed) {
      var value = typed.trim();
      if (!value) {
        return ['token_required'];
      }
      return /^[A-Za-z0-9._~\-]{1,64}$/.test(value) ? [] : ['token_unknown'];
    }
  };

  function showErrors(name, codes) {
    var box = document.getElementById(name + '-error');
    while (box.firstChild) {
      box.removeChild(box.firstChild);
    }
    codes.forEach(function (code) {
      var line = document.createElement('span');
      line.textContent = message('error.' + code);
      box.appendChild(line);
    });
    if (codes.length) {
      input[name].setAttribute('aria-invalid', 'true');
    } else {
      input[name].removeAttribute('aria-invalid');
    }
  }

  function check(name) {
    var codes = rules[name](input[name].value);
    showErrors(name, codes);
    return codes;
  }

  function setStatus(id, text, kind) {
    var status = document.getElementById(id);
    status.textContent = text;
    status.className = 'status' + (kind ? ' ' + kind : '');
  }

  // The token from the link: the server fills it in from ?token=, this also reads #token=.
  if (!input.token.value) {
    var fromHash = /[#&]token=([^&]*)/.exec(window.location.hash);
    var fromQuery = new URLSearchParams(window.location.search).get('token');
    var found = fromQuery || (fromHash ? decodeURIComponent(fromHash[1]) : '');
    if (found) {
      input.token.value = found.trim();
    }
  }

  var address = document.getElementById('username-address');
  var lookup = null;

  function updateAddress() {
    var parsed = localpart(input.username.value);
    var name = parsed.value || '\u2026';
    address.textContent = message('field.username.address', { address: '@' + name + ':' + server });
  }

  function askAvailability() {
    var typed = input.username.value;
    if (!availableUrl || !window.fetch || rules.username(typed).length) {
      setStatus('username-status', '');
      return;
    }
    window.fetch(availableUrl + '?username=' + encodeURIComponent(typed), {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin'
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer || input.username.value !== typed) {
        return;
      }
      var shown = { address: answer.user_id || '' };
      if (answer.availability === 'available') {
        setStatus('username-status', message('check.available', shown), 'ok');
      } else if (answer.availability === 'taken') {
        setStatus('username-status', message('check.taken', shown), 'bad');
      } else if (answer.availability === 'invalid' && answer.errors) {
        showErrors('username', answer.errors.map(function (e) { return e.code; }).filter(function (code) {
          return messages['error.' + code];
        }));
        setStatus('username-status', '');
      } else {
        setStatus('username-status', '');
      }
    }).catch(function () {
      setStatus('username-status', '');
    });
  }

  input.username.addEventListener('input', function () {
    updateAddress();
    if (touched.username) {
      check('username');
    }
    setStatus('username-status', '');
    window.clearTimeout(lookup);
    lookup = window.setTimeout(askAvailability, 600);
  });

  input.password.addEventListener('input', function () {
    var length = codePoints(input.password.value);
    setStatus('password-status', length ? message('check.length', { count: String(length), min: String(minLength) }) : '',
      length >= minLength && length <= maxLength ? 'ok' : '');
    if (touched.password) {
      check('password');
    }
    if (touched.confirm) {
      check('confirm');
    }
    matchStatus();
  });

  function matchStatus() {
    var same = input.confirm.value && input.confirm.value === input.password.value;
    setStatus('confirm-status', same ? message('check.match') : '', same ? 'ok' : '');
  }

  input.confirm.addEventListener('input', function () {
    if (touched.confirm) {
      check('confirm');
    }
    matchStatus();
  });

  ['username', 'displayname', 'password', 'confirm', 'token'].forEach(function (name) {
    input[name].addEventListener('blur', function () {
      if (input[name].value || touched[name]) {
        touched[name] = true;
        check(name);
      }
    });
    if (name !== 'username' && name !== 'password' && name !== 'confirm') {
      input[name].addEventListener('input', function () {
        if (touched[name]) {
          check(name);
        }
      });
    }
  });

  // Show / hide buttons for the two password fields.
  ['password', 'confirm'].forEach(function (name) {
    var field = input[name];
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'toggle';
    button.setAttribute('aria-controls', name);
    button.setAttribute('aria-pressed', 'false');
    button.textContent = message('password.show');
    button.addEventListener('click', function () {
      var show = field.type === 'password';
      field.type = show ? 'text' : 'password';
      button.setAttribute('aria-pressed', show ? 'true' : 'false');
      button.textContent = message(show ? 'password.hide' : 'password.show');
    });
    field.parentNode.appendChild(button);
  });

  var summary = document.getElementById('error-summary');
  var summaryList = document.getElementById('error-list');
  var submit = document.getElementById('submit');
  var submitLabel = submit.textContent;

  form.addEventListener('submit', function (event) {
    var first = null;
    var problems = [];
    order.forEach(function (name) {
      touched[name] = true;
      check(name).forEach(function (code) {
        problems.push({ field: name, text: message('error.' + code) });
      });
      if (!first && input[name].getAttribute('aria-invalid') === 'true') {
        first = input[name];
      }
    });
    if (problems.length) {
      event.preventDefault();
      while (summaryList.firstChild) {
        summaryList.removeChild(summaryList.firstChild);
      }
      problems.forEach(function (problem) {
        var item = document.createElement('li');
        var link = document.createElement('a');
        link.href = '#' + problem.field;
        link.textContent = problem.text;
        item.appendChild(link);
        summaryList.appendChild(item);
      });
      summary.hidden = false;
      first.focus();
      return;
    }
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    submit.textContent = message('form.submitting');
  });

  // Coming back with the browser's back button must not leave the button disabled.
  window.addEventListener('pageshow', function () {
    submit.disabled = false;
    submit.removeAttribute('aria-busy');
    submit.textContent = submitLabel;
  });

  updateAddress();
  if (input.username.value && !input.username.getAttribute('aria-invalid')) {
    askAvailability();
  }
  var invalid = form.querySelector('[aria-invalid="true"]');
  if (invalid) {
    invalid.focus();
  } else if (!summary.hidden) {
    summary.focus();
  }
}());
