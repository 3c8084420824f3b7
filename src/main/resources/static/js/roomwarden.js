// Roomwarden's browser code, kept to what the platform forces. htmx does the rest, declared in the templates.
// - Refreshes pause in hidden tabs and catch up when shown: htmx trigger filters ([document.visible]) need
//   eval, which the Content-Security-Policy forbids, so the check is made here.
// - Confirmations arrive as <dialog data-open>: only script can show a <dialog> as a modal (showModal) and
//   close it; a refusal of what was typed comes into the dialog from the server (#confirm-message).
// - A live part is not replaced by an older render of itself: a push rendered while a fresher answer was on its way
//   would otherwise show the older state until the next refresh.
// - Ticked rows survive a table replaced by a refresh or a push, and the bulk buttons count them.
// - Messages can be dismissed, and a request that fails without an answer htmx swaps still says so.
// - A dialog whose request waits (a call while it rings) names what it waits for, as typed.
// - The navigation's menus (<details>) close on a click elsewhere, on Escape, and when another one opens.
(function () {
    'use strict';

    // A page on its way out (logging out, say) ignores the end of its session: it is going elsewhere already.
    // A download also counts as leaving, so the flag lasts only a moment.
    var leaving = false;
    window.addEventListener('beforeunload', function () {
        leaving = true;
        window.setTimeout(function () {
            leaving = false;
        }, 3000);
    });

    // Self-refreshing tables ([data-refresh]) skip their refresh while the tab is hidden ...
    document.addEventListener('htmx:confirm', function (event) {
        var trigger = event.detail.triggeringEvent;
        if (leaving && trigger && trigger.type === 'sse:signed-out'
                || document.hidden && event.detail.elt.hasAttribute('data-refresh')) {
            event.preventDefault();
        }
    });
    // So do the fragments LiveKit's changes push (the live part of a page, over Server-Sent Events) ...
    document.addEventListener('htmx:sseBeforeMessage', function (event) {
        if (document.hidden && event.detail.elt && event.target.hasAttribute('data-refresh')) {
            event.preventDefault();
        }
    });
    // Live parts carry when their render began (data-rendered-at, milliseconds); one rendered earlier than the part shown
    // is dropped, whether it comes pushed or as the answer to a refresh.
    function olderThanShown(html, element) {
        var shown = element && element.getAttribute ? Number(element.getAttribute('data-rendered-at')) : 0;
        var incoming = typeof html === 'string' ? /data-rendered-at="(\d+)"/.exec(html) : null;
        return shown > 0 && incoming !== null && Number(incoming[1]) < shown;
    }
    document.addEventListener('htmx:sseBeforeMessage', function (event) {
        if (olderThanShown(event.detail.data, event.target)) {
            event.preventDefault();
        }
    });
    document.addEventListener('htmx:beforeSwap', function (event) {
        if (olderThanShown(event.detail.serverResponse, event.detail.target)) {
            event.detail.shouldSwap = false;
        }
    });
    // A stream the server refused (its session ended elsewhere, or it has too many streams open) is not retried
    // blindly: the page refreshes, which lands on the login page if the session is gone, or shows what else went
    // wrong; the SSE extension tries again later. A stream the server ended (its life is over) reconnects by itself.
    document.addEventListener('htmx:sseError', function (event) {
        if (event.detail.source && event.detail.source.readyState === EventSource.CLOSED) {
            refresh(event.target);
        }
    });
    // ... and refresh at once when it is shown again.
    document.addEventListener('visibilitychange', function () {
        if (!document.hidden) {
            refresh(document);
        }
    });

    // Asks every self-refreshing part of root (an element or the document) to refresh now.
    function refresh(root) {
        root.querySelectorAll('[data-refresh]').forEach(function (element) {
            htmx.trigger(element, 'rw:refresh');
        });
    }

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

    // Answers htmx does not swap (server errors) and requests that never arrived get a plain message.
    function showProblem(text) {
        var flash = document.getElementById('flash');
        if (!flash) {
            return;
        }
        var alert = document.createElement('div');
        alert.className = 'alert alert-danger rw-flash';
        alert.setAttribute('role', 'alert');
        alert.setAttribute('data-connection-problem', '');
        alert.textContent = text;
        flash.replaceChildren(alert);
    }
    document.addEventListener('htmx:responseError', function (event) {
        var status = event.detail.xhr.status;
        if (status !== 400 && status !== 401 && status !== 403) {
            showProblem('Roomwarden could not complete the request (HTTP ' + status + '). Try again in a moment.');
        }
    });
    document.addEventListener('htmx:sendError', function () {
        showProblem('Roomwarden cannot be reached. Check your connection; the page will catch up when it is back.');
    });
    document.addEventListener('htmx:afterSwap', function (event) {
        // A refresh that worked again clears a connection problem shown earlier.
        if (event.detail.elt.hasAttribute && event.detail.elt.hasAttribute('data-refresh')) {
            var flash = document.getElementById('flash');
            var stale = flash && flash.querySelector('[data-connection-problem]');
            if (stale) {
                stale.remove();
            }
        }
    });

    // Ticked rows of a table (checkboxes belonging to a form[data-bulk] through their form attribute) stay
    // ticked when the table is refreshed or pushed anew; a row that has gone loses its tick.
    var ticked = {};
    function boxesOf(form) {
        return Array.prototype.filter.call(form.elements, function (element) {
            return element.type === 'checkbox' && element.name;
        });
    }
    function showSelection(form) {
        var boxes = boxesOf(form);
        var count = boxes.filter(function (box) {
            return box.checked;
        }).length;
        var label = form.querySelector('[data-bulk-count]');
        if (label) {
            if (!label.hasAttribute('data-idle')) {
                label.setAttribute('data-idle', label.textContent);
            }
            label.textContent = count === 0 ? label.getAttribute('data-idle') : count + ' selected';
        }
        form.querySelectorAll('[data-bulk-action]').forEach(function (button) {
            button.disabled = count === 0;
        });
        document.querySelectorAll('[data-select-all="' + form.id + '"]').forEach(function (all) {
            all.checked = count > 0 && count === boxes.length;
            all.indeterminate = count > 0 && count < boxes.length;
        });
    }
    function restoreSelections() {
        document.querySelectorAll('form[data-bulk]').forEach(function (form) {
            var kept = ticked[form.id] || {};
            var present = {};
            boxesOf(form).forEach(function (box) {
                box.checked = kept[box.value] === true;
                if (box.checked) {
                    present[box.value] = true;
                }
            });
            ticked[form.id] = present;
            showSelection(form);
        });
    }
    document.addEventListener('change', function (event) {
        var box = event.target;
        var form = box.hasAttribute('data-select-all') ? document.getElementById(box.getAttribute('data-select-all')) : box.form;
        if (!form || !form.hasAttribute('data-bulk')) {
            return;
        }
        var kept = {};
        boxesOf(form).forEach(function (each) {
            if (box.hasAttribute('data-select-all')) {
                each.checked = box.checked;
            }
            if (each.checked) {
                kept[each.value] = true;
            }
        });
        ticked[form.id] = kept;
        showSelection(form);
    });
    document.addEventListener('htmx:load', restoreSelections);
    document.addEventListener('htmx:afterSettle', restoreSelections);

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

    // A request that waits (a call ringing) says what it waits for in the words typed: [data-copy-of=field] takes the
    // form field's value as the request leaves.
    document.addEventListener('htmx:beforeRequest', function (event) {
        var form = event.detail.elt;
        if (!form || form.tagName !== 'FORM') {
            return;
        }
        form.querySelectorAll('[data-copy-of]').forEach(function (target) {
            var field = form.elements.namedItem(target.getAttribute('data-copy-of'));
            if (field && field.value.trim() !== '') {
                target.textContent = field.value.trim();
            }
        });
    });

    // A running recording's elapsed time ("3 min 05 s", as the server words it) counts on between page refreshes.
    function words(seconds) {
        var pad = function (n) { return (n < 10 ? '0' : '') + n; };
        if (seconds < 1) { return 'under 1 s'; }
        if (seconds < 60) { return seconds + ' s'; }
        if (seconds < 3600) { return Math.floor(seconds / 60) + ' min ' + pad(seconds % 60) + ' s'; }
        return Math.floor(seconds / 3600) + ' h ' + pad(Math.floor(seconds % 3600 / 60)) + ' min ' + pad(seconds % 60) + ' s';
    }
    window.setInterval(function () {
        document.querySelectorAll('[data-elapsed-since]').forEach(function (element) {
            var since = Date.parse(element.getAttribute('data-elapsed-since'));
            if (!isNaN(since)) {
                element.textContent = words(Math.max(0, Math.floor((Date.now() - since) / 1000)));
            }
        });
    }, 1000);

    // Menus of the navigation and "Save view…": one open at a time; a click outside or Escape closes them.
    function closeMenus(except) {
        document.querySelectorAll('details.rw-menu[open], details.rw-save-view[open]').forEach(function (menu) {
            if (menu !== except && !menu.contains(except)) {
                menu.removeAttribute('open');
            }
        });
    }
    document.addEventListener('click', function (event) {
        var inside = event.target.closest ? event.target.closest('details.rw-menu, details.rw-save-view') : null;
        closeMenus(inside);
    });
    document.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') {
            var open = document.querySelector('details.rw-menu[open], details.rw-save-view[open]');
            if (open) {
                open.removeAttribute('open');
                open.querySelector('summary').focus();
            }
        }
    });
})();

// The navigation bar's search (search/box.html): "/" focuses it (unless typing somewhere already); its suggestions
// are an ARIA listbox that arrow keys move through, Enter opens the chosen one (or, with none chosen, submits the
// form to /search), Escape closes. Self-contained: nothing above depends on it.
(function () {
    'use strict';

    function box() {
        return document.getElementById('search-box');
    }

    function options() {
        var list = document.getElementById('search-suggestions');
        return list ? Array.prototype.slice.call(list.querySelectorAll('[role="option"]')) : [];
    }

    function choose(index) {
        var all = options();
        all.forEach(function (option, i) {
            option.setAttribute('aria-selected', i === index ? 'true' : 'false');
        });
        var input = box();
        if (index >= 0 && all[index]) {
            input.setAttribute('aria-activedescendant', all[index].id);
            all[index].scrollIntoView({block: 'nearest'});
        } else {
            input.removeAttribute('aria-activedescendant');
        }
    }

    function close() {
        var list = document.getElementById('search-suggestions');
        if (list) {
            list.innerHTML = '';
        }
        var input = box();
        if (input) {
            input.setAttribute('aria-expanded', 'false');
            input.removeAttribute('aria-activedescendant');
        }
    }

    document.addEventListener('keydown', function (event) {
        var target = event.target;
        var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
        if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey && box()) {
            event.preventDefault();
            box().focus();
            box().select();
            return;
        }
        if (target !== box()) {
            return;
        }
        var all = options();
        var current = all.findIndex(function (option) {
            return option.getAttribute('aria-selected') === 'true';
        });
        if (event.key === 'ArrowDown' && all.length) {
            event.preventDefault();
            choose(Math.min(all.length - 1, current + 1));
        } else if (event.key === 'ArrowUp' && all.length) {
            event.preventDefault();
            choose(current - 1);
        } else if (event.key === 'Enter' && current >= 0) {
            event.preventDefault();
            window.location.assign(all[current].href);
        } else if (event.key === 'Escape') {
            close();
        }
    });

    document.addEventListener('htmx:afterSwap', function (event) {
        if (event.detail.target && event.detail.target.id === 'search-suggestions' && box()) {
            box().setAttribute('aria-expanded', options().length ? 'true' : 'false');
            choose(-1);
        }
    });

    // A click elsewhere closes the suggestions; a blank box has none.
    document.addEventListener('click', function (event) {
        var form = document.getElementById('search-form');
        if (form && !form.contains(event.target)) {
            close();
        }
    });
    document.addEventListener('input', function (event) {
        if (event.target === box() && event.target.value.trim() === '') {
            close();
        }
    });
})();
