//! The model against real WebKit (WebKitGTK's MiniBrowser under Xvfb): verdicts and console lines.

mod common;

#[test]
fn webkit_agrees_with_the_model() {
    common::differential(corsfix_difftest::Engine::WebKit, 1000);
}
