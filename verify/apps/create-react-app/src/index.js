// The front-end bundle react-scripts builds (the page's fetches are run by the harness).
document.title += ' (bundle loaded)';
