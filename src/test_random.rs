//! A fixed random sequence for the unit tests that try many generated inputs: a failure names
//! an input that fails again on the next run.

/// SplitMix64 (Steele, Lea and Flood), as the benchmark's generator uses it.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// The sequence from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (not quite uniform, which these tests do not need).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}
