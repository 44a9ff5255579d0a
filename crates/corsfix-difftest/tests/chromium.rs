//! The model against real headless Chromium: 2,000 generated cases, every field.

mod common;

#[test]
fn chromium_agrees_with_the_model() {
    common::differential(corsfix_difftest::Engine::Chromium, 2000);
}
