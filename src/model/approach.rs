//! Engagement approaches, ordered from most to least customer autonomy.

use crate::key_enum;

key_enum! {
    /// How the PMO engages a customer group for a service. The derived `Ord` runs from most
    /// customer autonomy (`Consultative`) to least (`Managed`), so "more autonomy" is `<`.
    pub enum Approach: "approach" {
        /// The PMO advises; the customer decides.
        Consultative = "consultative",
        /// The PMO gives practical help; the customer keeps significant control.
        Supportive = "supportive",
        /// Shared ownership through collaborative sessions.
        Facilitative = "facilitative",
        /// The PMO sets processes the customer must follow.
        Directive = "directive",
        /// The PMO oversees and regulates, and can decide and act.
        Controlling = "controlling",
        /// The PMO runs the activity itself.
        Managed = "managed",
    }
}

impl Approach {
    /// Rank 1 (most autonomy) to 6 (least), as in the domain reference.
    pub fn rank(self) -> u8 {
        self.index() as u8 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_by_autonomy() {
        assert!(Approach::Consultative < Approach::Managed);
        assert_eq!(Approach::Controlling.rank(), 5);
    }
}
