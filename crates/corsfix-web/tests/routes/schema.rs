//! A small JSON Schema checker for the subset the OpenAPI document uses: `$ref`, `type`
//! (one or a list), `properties`, `required`, `additionalProperties`, `items`, `enum`,
//! `oneOf`, `minItems`, `maxItems`, `minimum`, `maximum`.

use serde_json::Value;

pub struct Schemas {
    doc: Value,
}

impl Schemas {
    pub fn load() -> Self {
        let text = include_str!("../../../../docs/api/openapi.json");
        Self {
            doc: serde_json::from_str(text).expect("docs/api/openapi.json is JSON"),
        }
    }

    /// Panics with every mismatch when `value` does not match `#/components/schemas/<name>`.
    pub fn assert_valid(&self, name: &str, value: &Value) {
        let schema = self.resolve(&format!("#/components/schemas/{name}"));
        let mut errors = Vec::new();
        self.check(schema, value, "$", &mut errors);
        assert!(
            errors.is_empty(),
            "response does not match schema {name}:\n{}\n{}",
            errors.join("\n"),
            serde_json::to_string_pretty(value).unwrap()
        );
    }

    /// Whether `value` matches (for tests that the checker itself can fail).
    pub fn is_valid(&self, name: &str, value: &Value) -> bool {
        let schema = self.resolve(&format!("#/components/schemas/{name}"));
        let mut errors = Vec::new();
        self.check(schema, value, "$", &mut errors);
        errors.is_empty()
    }

    fn resolve(&self, pointer: &str) -> &Value {
        let path = pointer.strip_prefix('#').expect("local refs only");
        self.doc
            .pointer(path)
            .unwrap_or_else(|| panic!("unresolved $ref {pointer}"))
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return self.check(self.resolve(r), v, at, errors);
        }
        if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
            let matching = options
                .iter()
                .filter(|o| {
                    let mut e = Vec::new();
                    self.check(o, v, at, &mut e);
                    e.is_empty()
                })
                .count();
            if matching != 1 {
                errors.push(format!("{at}: matches {matching} of the oneOf options"));
            }
            return;
        }
        if let Some(t) = schema.get("type") {
            let types: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !types.iter().any(|t| type_matches(t, v)) {
                errors.push(format!("{at}: expected {types:?}, got {v}"));
                return;
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.contains(v)
        {
            errors.push(format!("{at}: {v} is not one of {allowed:?}"));
        }
        if let Some(n) = v.as_f64() {
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
                && n < min
            {
                errors.push(format!("{at}: {n} < {min}"));
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
                && n > max
            {
                errors.push(format!("{at}: {n} > {max}"));
            }
        }
        if let Value::Object(obj) = v {
            let props = schema.get("properties").and_then(Value::as_object);
            if let Some(req) = schema.get("required").and_then(Value::as_array) {
                for key in req.iter().filter_map(Value::as_str) {
                    if !obj.contains_key(key) {
                        errors.push(format!("{at}: missing required `{key}`"));
                    }
                }
            }
            for (k, val) in obj {
                let sub = format!("{at}.{k}");
                match props.and_then(|p| p.get(k)) {
                    Some(s) => self.check(s, val, &sub, errors),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            errors.push(format!("{at}: unexpected property `{k}`"));
                        }
                        Some(s @ Value::Object(_)) => self.check(s, val, &sub, errors),
                        _ => {}
                    },
                }
            }
        }
        if let Value::Array(items) = v {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                && (items.len() as u64) < min
            {
                errors.push(format!("{at}: fewer than {min} items"));
            }
            if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                && (items.len() as u64) > max
            {
                errors.push(format!("{at}: more than {max} items"));
            }
            if let Some(s) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    self.check(s, item, &format!("{at}[{i}]"), errors);
                }
            }
        }
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}
