// The front-end bundle the Angular builder compiles (the page's fetches are run by the harness).
document.title += ' (bundle loaded)';
