//! A per-client token bucket for live probes (public mode only).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets beyond this many clients are pruned of full (idle) ones.
const PRUNE_AT: usize = 10_000;

#[derive(Debug)]
pub(crate) struct RateLimiter {
    burst: f64,
    per_token: Duration,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// `burst` probes, refilled evenly over `per`.
    pub(crate) fn new(burst: u32, per: Duration) -> Self {
        let burst = burst.max(1);
        Self {
            burst: f64::from(burst),
            per_token: per / burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// A limiter with the same rate and no history.
    pub(crate) fn clone_empty(&self) -> Self {
        Self {
            burst: self.burst,
            per_token: self.per_token,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Take one token for `client`: `Ok(())`, or `Err(seconds until the next token)`.
    pub(crate) fn take(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() > PRUNE_AT {
            let burst = self.burst;
            let per = self.per_token;
            buckets.retain(|_, b| refill(*b, now, per, burst).tokens < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        *bucket = refill(*bucket, now, self.per_token, self.burst);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - bucket.tokens;
            let wait = self.per_token.as_secs_f64() * missing;
            // Whole seconds, at least one (the value goes into `Retry-After`).
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let secs = wait.ceil().max(1.0) as u64;
            Err(secs)
        }
    }
}

fn refill(b: Bucket, now: Instant, per_token: Duration, burst: f64) -> Bucket {
    let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
    let gained = if per_token.is_zero() {
        burst
    } else {
        elapsed / per_token.as_secs_f64()
    };
    Bucket {
        tokens: (b.tokens + gained).min(burst),
        at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_burst_then_waits_while_others_are_unaffected() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        let a: IpAddr = "203.0.113.7".parse().unwrap();
        let b: IpAddr = "203.0.113.8".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.take(a, t0).is_ok());
        }
        let wait = limiter.take(a, t0).unwrap_err();
        assert!((1..=20).contains(&wait), "{wait}");
        assert!(limiter.take(b, t0).is_ok());
        // One token comes back after 20 s.
        assert!(limiter.take(a, t0 + Duration::from_secs(21)).is_ok());
        assert!(limiter.take(a, t0 + Duration::from_secs(21)).is_err());
    }
}
