/* The admin console works without this script; it only adds Copy and Share to an invite's page. */
(function () {
  'use strict';

  function say(text) {
    var status = document.querySelector('.copy-status');
    if (status) {
      status.textContent = text;
    }
  }

  var copy = document.querySelector('button[data-copy]');
  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(copy.getAttribute('data-copy')).then(function () {
        say(copy.getAttribute('data-copied'));
      }, function () {
        var link = document.getElementById('invite-link');
        if (link) {
          window.getSelection().selectAllChildren(link);
        }
      });
    });
  }

  var share = document.querySelector('button[data-share]');
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener('click', function () {
      navigator.share({ title: share.getAttribute('data-share-title'), url: share.getAttribute('data-share') })
        .catch(function () { /* the admin closed the share sheet */ });
    });
  }

  var summary = document.querySelector('.summary[role="alert"][tabindex="-1"]');
  if (summary) {
    summary.focus();
  }
})();
