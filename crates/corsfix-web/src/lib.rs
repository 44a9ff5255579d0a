//! corsfix-web
