//! Java: Spring MVC, Spring Security, Spring WebFlux (Maven Central).

use super::Target;

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    Vec::new()
}
