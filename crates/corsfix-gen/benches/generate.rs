//! Generations per second: a typical policy across every target.

use corsfix_policy::Policy;

fn main() {
    divan::main();
}

fn typical() -> Policy {
    Policy::parse_toml(
        r#"
origins = ["https://app.example.com", "https://admin.example.com", "https://*.preview.example.com"]
credentials = true
methods = ["GET", "POST", "PUT", "DELETE"]
request_headers = ["Content-Type", "Authorization"]
expose_headers = ["X-Total-Count"]
max_age = 600
"#,
    )
    .expect("valid policy")
}

/// One generation for every target (52 per iteration).
#[divan::bench]
fn all_targets(bencher: divan::Bencher<'_, '_>) {
    let policy = typical();
    let options = corsfix_gen::Options::default();
    bencher.bench(|| {
        for t in corsfix_gen::targets() {
            let out = corsfix_gen::generate_for(&policy, t, &t.versions[0], &options);
            divan::black_box(out.ok());
        }
    });
}

/// One generation for Express.
#[divan::bench]
fn express(bencher: divan::Bencher<'_, '_>) {
    let policy = typical();
    let options = corsfix_gen::Options::default();
    bencher.bench(|| divan::black_box(corsfix_gen::generate(&policy, "express", &options).ok()));
}
