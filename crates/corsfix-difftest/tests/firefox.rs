//! The model against real headless Firefox (WebDriver BiDi): verdicts and console lines.

mod common;

#[test]
fn firefox_agrees_with_the_model() {
    common::differential(corsfix_difftest::Engine::Firefox, 1000);
}
