//! corsfix-probe
