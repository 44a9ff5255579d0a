//! # corsfix-gen
//!
//! `Policy × Target → files`: the exact CORS configuration for 52 frameworks, servers, clouds
//! and dev-server proxies, each for its current major version (and the previous one where
//! users still run it), plus `headers`: the raw response headers and their rules, for any
//! other server.
//!
//! - One folder of templates per target (`templates/<target>/…`, embedded at build time).
//! - The logic is in Rust: a view model per target ([`targets`]), computed once; templates only
//!   print it, through per-language escaping filters (`js_str`, `py_str`, `nginx_str`, …), with
//!   minijinja's strict undefined behaviour.
//! - Where a target cannot express the policy exactly it says so ([`Generated::limitations`])
//!   and emits the closest correct form, never silently wrong code; when nothing correct is
//!   left it refuses ([`GenError::CannotExpress`]).
//!
//! ```
//! use corsfix_policy::Policy;
//!
//! let policy = Policy::parse_toml(r#"origins = ["https://app.example.com"]
//! credentials = true"#).unwrap();
//! let out = corsfix_gen::generate(&policy, "express@4", &corsfix_gen::Options::default()).unwrap();
//! assert_eq!(out.target, "express");
//! assert!(out.files[0].contents.contains(r#""https://app.example.com""#));
//! ```

mod escape;
mod layout;
mod targets;
mod view;

use std::sync::OnceLock;

use corsfix_policy::{Diagnostic, Policy, Severity};
use serde::Serialize;

pub use targets::{Caps, TargetInfo, VersionInfo};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Every target, in the reference's order.
pub fn targets() -> &'static [TargetInfo] {
    targets::TARGETS
}

/// Every embedded template name (`express/cors.js.j2`).
pub fn template_names() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|(n, _)| *n)
}

/// Options that are not part of the CORS policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// For dev-server proxies: the backend URL (default `http://localhost:8000`).
    pub upstream: Option<String>,
    /// Generate even when the policy has error-level lint findings (the findings are still
    /// returned). Off by default: corsfix does not write dangerous code.
    pub dangerously_allow_lint_errors: bool,
}

impl Options {
    /// Set the dev-proxy backend.
    #[must_use]
    pub fn upstream(mut self, url: impl Into<String>) -> Self {
        self.upstream = Some(url.into());
        self
    }
}

/// One file to add or change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct File {
    /// Where it goes, relative to the project root (`src/cors.js`).
    pub path: String,
    /// How to wire it in, in one sentence.
    pub placement: String,
    /// The language, for syntax highlighting (`javascript`, `nginx`, …).
    pub language: &'static str,
    /// The contents.
    pub contents: String,
}

/// Everything `corsfix gen` prints for one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generated {
    /// Target id (`express`).
    pub target: &'static str,
    /// The target's display name (`Express + cors`).
    pub name: &'static str,
    /// The major version generated for (`5`).
    pub version: &'static str,
    /// The package versions this was written against.
    pub packages: &'static str,
    /// The policy's lint findings (printed first).
    pub findings: Vec<Diagnostic>,
    /// Files to add or change.
    pub files: Vec<File>,
    /// Commands to install what the files need (empty: nothing to install).
    pub install: Vec<String>,
    /// Ordering and wiring notes (CORS before auth, OPTIONS before redirects, one layer…).
    pub notes: Vec<String>,
    /// What the generated configuration deliberately does not allow.
    pub not_allowed: Vec<String>,
    /// Where this target cannot express the policy exactly, and what was emitted instead.
    pub limitations: Vec<String>,
}

/// Why nothing was generated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GenError {
    /// No target by that name.
    #[error("unknown target `{given}`{}", did_you_mean(suggestions))]
    UnknownTarget {
        /// What was asked for.
        given: String,
        /// The nearest names.
        suggestions: Vec<&'static str>,
    },
    /// The target exists but not in that version.
    #[error("{target} has no version `{given}`; available: {}", available.join(", "))]
    UnknownVersion {
        /// The target id.
        target: &'static str,
        /// What was asked for.
        given: String,
        /// Available majors.
        available: Vec<&'static str>,
    },
    /// The policy has error-level findings; corsfix will not write that code.
    #[error("the policy has {} error-level finding{}; fix {} first", .0.len(), if .0.len() == 1 { "" } else { "s" }, if .0.len() == 1 { "it" } else { "them" })]
    Refused(Vec<Diagnostic>),
    /// The target cannot express any correct form of this policy.
    #[error("{target} cannot express this policy: {reason}")]
    CannotExpress {
        /// The target id.
        target: &'static str,
        /// Why.
        reason: String,
    },
    /// The dev-proxy upstream is not an http(s) URL.
    #[error("`{0}` is not an upstream URL: write it like `http://localhost:8000`")]
    InvalidUpstream(String),
    /// A template failed to render: a bug in corsfix.
    #[error("template {template} failed (a bug in corsfix): {message}")]
    Template {
        /// The template.
        template: String,
        /// minijinja's message.
        message: String,
    },
}

fn did_you_mean(s: &[&str]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(
            "; did you mean {}?",
            s.iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Resolve `express`, `express@4`, `Express` or an alias (`nextjs`, `next`, `spring`) to a
/// target and version.
pub fn resolve(spec: &str) -> Result<(&'static TargetInfo, &'static VersionInfo), GenError> {
    let (name, version) = match spec.split_once('@') {
        Some((n, v)) => (n, Some(v)),
        None => (spec, None),
    };
    let norm = name
        .trim()
        .to_ascii_lowercase()
        .replace(['_', ' ', '.'], "-");
    let found = targets()
        .iter()
        .find(|t| t.id == norm || t.aliases.contains(&norm.as_str()));
    let Some(t) = found else {
        let mut scored: Vec<(usize, &'static str)> = targets()
            .iter()
            .map(|t| {
                let d = std::iter::once(t.id)
                    .chain(t.aliases.iter().copied())
                    .map(|n| {
                        if n.starts_with(&norm) || (norm.len() >= 3 && n.contains(&norm)) {
                            0
                        } else {
                            corsfix_policy::edit_distance(&norm, n)
                        }
                    })
                    .min()
                    .unwrap_or(usize::MAX);
                (d, t.id)
            })
            .collect();
        scored.sort();
        let limit = (norm.len() / 2).max(2);
        let suggestions = scored
            .iter()
            .filter(|(d, _)| *d <= limit)
            .take(3)
            .map(|(_, n)| *n)
            .collect();
        return Err(GenError::UnknownTarget {
            given: spec.to_owned(),
            suggestions,
        });
    };
    let v = match version {
        None => &t.versions[0],
        Some(v) => {
            let v = v.trim().trim_start_matches('v');
            let major = v.split('.').next().unwrap_or(v);
            t.versions
                .iter()
                .find(|x| x.major == major || x.major == v)
                .ok_or_else(|| GenError::UnknownVersion {
                    target: t.id,
                    given: v.to_owned(),
                    available: t.versions.iter().map(|x| x.major).collect(),
                })?
        }
    };
    Ok((t, v))
}

fn env() -> &'static minijinja::Environment<'static> {
    static ENV: OnceLock<minijinja::Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("default delimiters are valid"),
        );
        escape::register(&mut env);
        for (name, src) in TEMPLATES {
            env.add_template(name, src)
                .unwrap_or_else(|e| panic!("template {name} does not parse: {e}"));
        }
        env
    })
}

/// Generate the configuration of `target` (`express`, `express@4`) for `policy`.
pub fn generate(policy: &Policy, target: &str, options: &Options) -> Result<Generated, GenError> {
    let (t, v) = resolve(target)?;
    generate_for(policy, t, v, options)
}

/// [`generate`] for an already resolved target.
pub fn generate_for(
    policy: &Policy,
    t: &'static TargetInfo,
    v: &'static VersionInfo,
    options: &Options,
) -> Result<Generated, GenError> {
    let findings = corsfix_policy::lint(policy);
    if !options.dangerously_allow_lint_errors
        && findings.iter().any(|d| d.severity == Severity::Error)
    {
        return Err(GenError::Refused(
            findings
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect(),
        ));
    }
    let (view, mut limitations) = view::build(policy, t, v, options)?;
    let plan = targets::plan(t, v, &view);
    let ctx = minijinja::Value::from(minijinja::value::Serde(&view));
    let mut files = Vec::new();
    for f in &plan.files {
        let tmpl = env()
            .get_template(f.template)
            .map_err(|e| GenError::Template {
                template: f.template.to_owned(),
                message: e.to_string(),
            })?;
        let contents = tmpl.render(&ctx).map_err(|e| GenError::Template {
            template: f.template.to_owned(),
            message: format!("{e:#}"),
        })?;
        files.push(File {
            path: f.path.clone(),
            placement: f.placement.clone(),
            language: f.language,
            contents: layout::layout(f.language, contents),
        });
    }
    limitations.extend(plan.limitations);
    Ok(Generated {
        target: t.id,
        name: t.name,
        version: v.major,
        packages: v.packages,
        findings,
        files,
        install: plan.install,
        notes: plan.notes,
        not_allowed: view::not_allowed(policy, &view),
        limitations,
    })
}

/// An origin regex written as a generated file writes it, for the regex engine test
/// (`tests/regex_engines.rs`): `js` (a regex literal), `py` (a string literal), `ruby` (a regex
/// literal of the `\A…\z` form), `php` (the `#…#` pattern string's contents), `nginx` (a
/// quoted `map` key), `apache` (a quoted `SetEnvIf` regex). Not a stable API.
#[doc(hidden)]
pub fn regex_literal(lang: &str, regex: &str) -> Result<String, String> {
    let e = |r: Result<String, minijinja::Error>| r.map_err(|e| e.to_string());
    match lang {
        "js" => Ok(escape::js_regex(regex)),
        "py" => Ok(escape::py_regex(regex)),
        "go" => Ok(escape::go_regex(regex)),
        "rust" => Ok(escape::rust_str(regex)),
        "java" => e(escape::java_str(regex)),
        "ruby" => e(escape::ruby_regex(regex)),
        "php" => Ok(escape::php_regex(regex)),
        "nginx" => e(escape::nginx_regex(regex)),
        "apache" => e(escape::apache_regex(regex)),
        other => Err(format!("no literal form for {other}")),
    }
}

/// The templates a target uses (for the "every template is used" test).
pub fn templates_of(
    t: &'static TargetInfo,
    v: &'static VersionInfo,
    policy: &Policy,
) -> Vec<&'static str> {
    match view::build(policy, t, v, &Options::default()) {
        Ok((view, _)) => targets::plan(t, v, &view)
            .files
            .iter()
            .map(|f| f.template)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// For each target that cannot run here (docs/verification.md lists how every target is
/// checked), the documentation or source each claim of its output rests on.
const SOURCES: &str = r#"
## Where the claims come from, for targets not run here

Targets run in the real framework are checked by `corsfix-verify` (docs/verification.md). For
the others, each claim the generated files and notes make rests on these pages or sources:

| target | claim | source |
|---|---|---|
| `aspnetcore` | `WithOrigins` with one origin sends no `Vary: Origin`; a predicate (`SetIsOriginAllowed`) always does | CorsService.PopulateResult: `VaryByOrigin = policy.Origins.Count > 1 \|\| !policy.IsDefaultIsOriginAllowed` ([source](https://github.com/dotnet/aspnetcore/blob/main/src/Middleware/CORS/src/Infrastructure/CorsService.cs)) |
| `aspnetcore` | CORS headers of an actual request are applied when the response starts, so a 500 written by `UseExceptionHandler` (outside `UseCors`) carries them; an exception reaching the server does not | CorsMiddleware: `context.Response.OnStarting(OnResponseStartingDelegate, …)` ([source](https://github.com/dotnet/aspnetcore/blob/main/src/Middleware/CORS/src/Infrastructure/CorsMiddleware.cs)); [Handle errors in ASP.NET Core](https://learn.microsoft.com/aspnet/core/fundamentals/error-handling) |
| `aws-rest-api` | SAM adds the default authorizer and the API key requirement to the OPTIONS methods it creates unless `AddDefaultAuthorizerToCorsPreflight` / `AddApiKeyRequiredToCorsPreflight` are `false` (both default `true`) | [SAM ApiAuth](https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiauth.html) |
| `aws-rest-api` | `Cors` only creates OPTIONS methods; proxy integrations return the function's headers; API Gateway's own errors need GatewayResponses | [SAM CorsConfiguration](https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-corsconfiguration.html), [Enabling CORS for a REST API](https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html), [Gateway response types](https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html) |
| `aws-http-api` | API Gateway answers preflights itself and ignores the backend's CORS headers | [CORS for HTTP APIs](https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html) |
| `aws-lambda-url` | `AuthType` is `NONE` (public) or `AWS_IAM`; the CORS settings and their method list | [AWS::Lambda::Url](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-url.html), [Lambda function URL CORS](https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html) |
| `s3` | a rule matches the request's own method (or the preflight's `Access-Control-Request-Method`), so GET, HEAD and POST are listed | [PutBucketCors](https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html) |
| `gcs` | bucket CORS `origin`/`method`/`responseHeader`/`maxAgeSeconds`; no credentials setting | [Cross-origin resource sharing (Cloud Storage)](https://cloud.google.com/storage/docs/cross-origin), [Set up CORS](https://cloud.google.com/storage/docs/using-cors) |
| `azure-blob` | the service echoes the matched origin with `Vary: Origin` and sends `Access-Control-Allow-Credentials: true` for listed origins; rules match the actual method too | [CORS support for Azure Storage](https://learn.microsoft.com/rest/api/storageservices/cross-origin-resource-sharing--cors--support-for-the-azure-storage-services); also run against Azurite (docs/verification.md) |
| `azure-functions` | platform CORS has only allowed origins and `access-control-allow-credentials` | [az functionapp cors](https://learn.microsoft.com/cli/azure/functionapp/cors) |
| `iis` | the IIS CORS Module's `<cors>` element, `allowAllRequestedHeaders`, `maxAge`, wildcard origins | [IIS CORS module configuration reference](https://learn.microsoft.com/iis/extensions/cors-module/cors-module-configuration-reference) |
| `vercel` | `headers` rules with `has` conditions on a header value | [vercel.json headers](https://vercel.com/docs/project-configuration#headers) |
| `netlify` | `_headers` applies to files Netlify serves, not to Functions or proxied paths | [Custom headers](https://docs.netlify.com/routing/headers/) |
| `firebase-hosting` | `hosting.headers` by glob source | [Firebase Hosting headers](https://firebase.google.com/docs/hosting/full-config#headers) |
| `laravel@10` | Laravel 9.2/10 ship `config/cors.php`; Laravel 11+ publish it with `php artisan config:publish cors` | [laravel/laravel 10.x config/cors.php](https://github.com/laravel/laravel/blob/10.x/config/cors.php), [Laravel 11 CORS](https://laravel.com/docs/11.x/routing#cors) |
| `symfony` | NelmioCorsBundle matches `origin_regex` entries with `preg_match('{…}i')` | [CorsListener](https://github.com/nelmio/NelmioCorsBundle/blob/master/src/EventListener/CorsListener.php) |
| `nginx` (run here) | an `add_header` in a location cancels the server's; `add_header_inherit merge` from 1.29.3 | [ngx_http_headers_module](https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header_inherit) |
"#;

/// The targets reference (`docs/targets.md`), generated from [`targets`].
pub fn targets_markdown() -> String {
    let probe = corsfix_policy::Policy::parse_toml(
        "origins = [\"https://app.example.com\", \"https://*.example.com\"]\ncredentials = true\nmethods = [\"GET\", \"PUT\"]\nrequest_headers = [\"Content-Type\", \"Authorization\"]\nexpose_headers = [\"X-Total\"]\nmax_age = 600\npaths = [\"/api/*\"]",
    )
    .expect("the reference policy is valid");
    let mut s = String::from(
        "# corsfix gen targets\n\nGenerated from `corsfix-gen` (`targets_markdown`); do not edit by hand \
         (`UPDATE_DOCS=1 cargo test -p corsfix-gen --test it targets_doc` rewrites it).\n\n\
         `corsfix gen --target ID[@MAJOR]`; the first version listed is the default. Where a target cannot \
         express a policy exactly, `corsfix gen` says so and emits the closest correct form (the \
         \"cannot express\" column); the research behind each mapping is \
         `shared/reference/frameworks.md`.\n\n\
         | id | name | language | library | versions | files | cannot express |\n|---|---|---|---|---|---|---|\n",
    );
    for t in targets() {
        let versions: Vec<String> = t
            .versions
            .iter()
            .map(|v| format!("`{}` ({})", v.major, v.packages))
            .collect();
        let files: Vec<String> = templates_of(t, &t.versions[0], &probe)
            .iter()
            .map(|f| format!("`{f}`"))
            .collect();
        let c = t.caps;
        let mut cannot = Vec::new();
        for (ok, what) in [
            (c.regex, "regex origins"),
            (c.subdomain, "subdomain wildcards"),
            (c.multi_origin, "more than one origin"),
            (c.credentials, "credentials"),
            (c.reflect_headers, "echoing requested headers (`*`)"),
            (c.expose, "exposed headers"),
            (c.max_age, "max-age"),
            (c.private_network, "private network access"),
            (c.path_scope, "a path scope"),
            (c.custom_methods, "custom methods"),
        ] {
            if !ok {
                cannot.push(what);
            }
        }
        if c.methods.is_some() {
            cannot.push("methods outside its fixed list");
        }
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            t.id,
            t.name,
            t.language,
            t.library,
            versions.join("<br>"),
            files.join("<br>"),
            if cannot.is_empty() {
                "—".to_owned()
            } else {
                cannot.join(", ")
            }
        ));
    }
    s.push_str(SOURCES);
    s.push_str(
        "\n## Guarantees checked by tests\n\n\
         - Every target has a `templates/<id>/` folder and every template file is used \
         (`every_target_has_templates_and_every_template_is_used`).\n\
         - Every target × version × fixture policy (`fixtures/policy/{single-origin-credentials, \
         several-origins, public, subdomain-pattern, hostile}.toml`) is an insta snapshot under \
         `crates/corsfix-gen/tests/snapshots/`.\n\
         - Hostile input (`fixtures/policy/hostile.toml`) produces pure-ASCII files; Node.js and \
         Python read the escaped strings back to the exact policy values; \
         `hostile-rejected.toml` (quotes, `${`, `*/`, `-->`, newlines, NUL, U+2028) is refused \
         entry by entry before any template runs.\n\
         - Policies with error-level lint findings are refused (`GenError::Refused`).\n\
         - Origin regexes are in the portable grammar of `corsfix_policy::portable`; \
         `tests/regex_engines.rs` runs generated patterns and near-miss origins in Node.js, Python \
         `re`, Go `regexp`, Java, Ruby, PHP PCRE2, nginx and Apache httpd, written as the generated \
         files write them, and every answer equals Rust `regex`'s.\n\
         - Generated code is as its formatter leaves it: Rust as `rustfmt` (edition 2024), Go as \
         `gofmt`, Python as `ruff format`, JavaScript and TypeScript as Prettier (default options, \
         pinned in `tests/format`), for every fixture policy and `wide.toml` \
         (`tests/formatted.rs`; list layouts computed in `src/layout.rs`).\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_targets_suggest_the_nearest_names() {
        match resolve("expres") {
            Err(GenError::UnknownTarget { suggestions, .. }) => {
                assert_eq!(suggestions.first(), Some(&"express"));
            }
            other => panic!("{other:?}"),
        }
        match resolve("sprng") {
            Err(GenError::UnknownTarget { suggestions, .. }) => {
                assert!(
                    suggestions.iter().any(|s| s.starts_with("spring")),
                    "{suggestions:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn versions_resolve_by_major() {
        assert_eq!(resolve("express@4").unwrap().1.major, "4");
        assert_eq!(resolve("express@5.1.0").unwrap().1.major, "5");
        assert_eq!(resolve("Next.js").unwrap().0.id, "nextjs");
        assert!(matches!(
            resolve("express@3"),
            Err(GenError::UnknownVersion { .. })
        ));
    }
}
