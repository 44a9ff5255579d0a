// The front-end bundle webpack builds (the page's fetches are run by the harness).
document.title += ' (bundle loaded)';
