// Roomwarden's few lines of browser code: dialogs, dismissible messages, and pausing refreshes in hidden tabs.
(function () {
    'use strict';

    // Self-refreshing tables ([data-refresh]) skip their refresh while the tab is hidden ...
    document.addEventListener('htmx:confirm', function (event) {
        if (document.hidden && event.detail.elt.hasAttribute('data-refresh')) {
            event.preventDefault();
        }
    });
    // ... and refresh at once when it is shown again.
    document.addEventListener('visibilitychange', function () {
        if (!document.hidden) {
            document.querySelectorAll('[data-refresh]').forEach(function (element) {
                htmx.trigger(element, 'rw:refresh');
            });
        }
    });

    // Confirmation dialogs arrive as <dialog data-open> fragments: show them as modals.
    document.addEventListener('htmx:load', function (event) {
        var root = event.detail.elt;
        var dialogs = root.matches && root.matches('dialog[data-open]') ? [root] : root.querySelectorAll('dialog[data-open]');
        dialogs.forEach(function (dialog) {
            if (!dialog.open) {
                dialog.showModal();
            }
            dialog.addEventListener('close', function () {
                dialog.remove();
            });
        });
    });

    document.addEventListener('click', function (event) {
        var close = event.target.closest('[data-close-dialog]');
        if (close && close.closest('dialog')) {
            event.preventDefault();
            close.closest('dialog').close();
        }
        var dismiss = event.target.closest('[data-dismiss-alert]');
        if (dismiss) {
            dismiss.closest('.alert').remove();
        }
    });
})();
