//! A small exact decimal for number values: `1.2M` must print `1200000`, not the nearest
//! binary float.

use std::fmt;

/// `m / 10^s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Dec {
    m: i128,
    s: u32,
}

const MAX_SCALE: u32 = 18;

impl Dec {
    pub fn int(n: i128) -> Dec {
        Dec { m: n, s: 0 }
    }

    /// From ASCII digit strings for the integer and fraction parts (either may be empty).
    pub fn from_parts(int: &str, frac: &str) -> Option<Dec> {
        let frac = &frac[..frac.len().min(MAX_SCALE as usize)];
        if int.len() > 30 || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        Some(
            Dec {
                m,
                s: frac.len() as u32,
            }
            .trim(),
        )
    }

    fn trim(mut self) -> Dec {
        while self.s > 0 && self.m % 10 == 0 {
            self.m /= 10;
            self.s -= 1;
        }
        self
    }

    fn rescale(self, s: u32) -> Option<i128> {
        self.m
            .checked_mul(10i128.checked_pow(s.checked_sub(self.s)?)?)
    }

    pub fn add(self, o: Dec) -> Option<Dec> {
        let s = self.s.max(o.s);
        Some(
            Dec {
                m: self.rescale(s)?.checked_add(o.rescale(s)?)?,
                s,
            }
            .trim(),
        )
    }

    pub fn mul(self, o: Dec) -> Option<Dec> {
        let d = Dec {
            m: self.m.checked_mul(o.m)?,
            s: self.s + o.s,
        }
        .trim();
        (d.s <= MAX_SCALE).then_some(d)
    }

    /// Division rounded to 12 decimal places (fractions such as `1/3`).
    pub fn div(self, o: Dec) -> Option<Dec> {
        if o.m == 0 {
            return None;
        }
        let s = 12u32;
        let num = self.m.checked_mul(10i128.checked_pow(s + o.s)?)?;
        let den = o.m.checked_mul(10i128.checked_pow(self.s)?)?;
        Some(Dec { m: num / den, s }.trim())
    }

    pub fn neg(self) -> Dec {
        Dec {
            m: -self.m,
            s: self.s,
        }
    }

    pub fn is_zero(self) -> bool {
        self.m == 0
    }

    /// The value when it is a whole number that fits an i64.
    pub fn as_int(self) -> Option<i64> {
        (self.s == 0).then(|| i64::try_from(self.m).ok()).flatten()
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.m < 0;
        let digits = self.m.unsigned_abs().to_string();
        let s = self.s as usize;
        let (int, frac) = if digits.len() > s {
            let (a, b) = digits.split_at(digits.len() - s);
            (a.to_string(), b.to_string())
        } else {
            ("0".to_string(), format!("{digits:0>s$}"))
        };
        let sign = if neg { "-" } else { "" };
        if frac.is_empty() {
            write!(f, "{sign}{int}")
        } else {
            write!(f, "{sign}{int}.{frac}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_arithmetic() {
        let g = Dec::from_parts("", "0012").and_then(|d| d.mul(Dec::int(1_000_000_000)));
        assert_eq!(g.map(|d| d.to_string()), Some("1200000".into()));
        let f = Dec::int(1).div(Dec::int(5));
        assert_eq!(f.map(|d| d.to_string()), Some("0.2".into()));
        assert_eq!(
            Dec::from_parts("01", "10").map(|d| d.to_string()),
            Some("1.1".into())
        );
        assert_eq!(Dec::int(504).neg().to_string(), "-504");
        assert_eq!(
            Dec::from_parts("", "77").map(|d| d.to_string()),
            Some("0.77".into())
        );
        assert!(Dec::from_parts(&"9".repeat(100), "").is_none());
    }
}
