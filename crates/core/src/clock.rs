//! Time and randomness as injected capabilities, and the hybrid logical clock (HLC).
//!
//! An [`Hlc`] is a `u64`: the upper 48 bits are Unix milliseconds, the lower 16 a counter. It
//! never goes backwards even when the wall clock does, and a value received from a peer far in
//! the future is simply taken as the new floor (sync accepts such data and flags it, never
//! rejects it).

/// The wall clock, in Unix milliseconds.
pub trait Clock: Send {
    fn now_ms(&self) -> i64;
}

/// A source of random bits for ids.
pub trait Entropy: Send {
    fn fill(&mut self, bytes: &mut [u8]);
}

/// A hybrid logical clock value: `(unix_ms << 16) | counter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hlc(pub u64);

impl Hlc {
    /// The next value after `last` at wall time `now_ms`: the physical time if it is ahead,
    /// else one tick after `last`; `None` when `last` is the largest value there is (a clock
    /// never wraps around).
    pub fn next(last: Hlc, now_ms: i64) -> Option<Hlc> {
        let physical = (now_ms.max(0) as u64) << 16;
        Some(Hlc(physical.max(last.0.checked_add(1)?)))
    }

    /// The wall time this clock value carries, in Unix milliseconds.
    pub fn millis(self) -> i64 {
        (self.0 >> 16) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::Hlc;

    #[test]
    fn hlc_follows_the_wall_clock_and_never_goes_back() {
        let a = Hlc::next(Hlc::default(), 1_000).unwrap();
        assert_eq!(a.millis(), 1_000);
        let b = Hlc::next(a, 1_000).unwrap();
        assert!(b > a, "same millisecond ticks the counter");
        let c = Hlc::next(b, 500).unwrap();
        assert!(
            c > b,
            "a wall clock that jumps back does not move the hlc back"
        );
        assert_eq!(Hlc::next(c, 2_000).unwrap().millis(), 2_000);
        assert_eq!(Hlc::next(Hlc(u64::MAX), 2_000), None, "it never wraps");
    }
}
