//! corsfix-policy
