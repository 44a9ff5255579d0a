//! corsfix-gen
