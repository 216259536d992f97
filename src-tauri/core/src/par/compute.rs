//! The arithmetic of the index, exact: points in milli-points and percentages in
//! milli-percent (`i64`), fractions compared by cross-multiplication, percentages
//! truncated (or rounded half-up) to the framework's decimals with integer division. Pure
//! functions: no store, no clock.

use std::cmp::Ordering;

/// Thousandths in one unit: 64,24 points are 64 240 milli-points, 78,92 % is 78 920.
pub const MILLI: i64 = 1000;

/// The largest magnitude a point or percent figure may have (far above any framework's
/// 100): keeps every product of the arithmetic inside `i128` and `f64`'s exact integers.
pub const LIMIT: f64 = 1_000_000.0;

/// `value` in thousandths, when it has at most three decimals (64,24 → 64 240); `None` for
/// more decimals, a value that is not finite, or one beyond ±[`LIMIT`].
pub fn to_milli(value: f64) -> Option<i64> {
    if !value.is_finite() || value.abs() > LIMIT {
        return None;
    }
    let scaled = value * MILLI as f64;
    let whole = scaled.round();
    // 60,09 × 1000 is 60 089,999… in binary floating point: a few ulps from the integer is
    // the same number; a tenth of a thousandth is a fourth decimal.
    ((scaled - whole).abs() < 1e-6).then_some(whole as i64)
}

/// Thousandths back to a number for the API and JSON (64 240 → 64.24, the nearest `f64`
/// to the decimal, as the literal `64.24` is).
pub fn to_f64(milli: i64) -> f64 {
    milli as f64 / MILLI as f64
}

fn pow10(d: u8) -> i128 {
    10i128.pow(u32::from(d))
}

/// `num / den` as a percentage with `decimals` decimals (at most 3), truncated or rounded
/// half-up, in milli-percent: 55 250 / 70 000 with 2 decimals → 78 920 (78,928… → 78,92).
/// `den` must be positive; a negative `num` truncates toward zero.
pub fn percent(num: i64, den: i64, decimals: u8, truncate: bool) -> i64 {
    debug_assert!(den > 0 && decimals <= 3);
    let scale = 100 * pow10(decimals);
    let n = i128::from(num) * scale;
    let d = i128::from(den);
    let q = if truncate { n / d } else { (2 * n + n.signum() * d) / (2 * d) };
    (q * pow10(3 - decimals)) as i64
}

/// A milli value cut (or rounded half-up) to `decimals` decimals, still in thousandths:
/// an entered 85,655 shown with 2 decimals is 85 650 (or 85 660 rounded).
pub fn to_decimals(milli: i64, decimals: u8, truncate: bool) -> i64 {
    let step = pow10(3 - decimals.min(3)) as i64;
    if truncate {
        milli / step * step
    } else {
        (2 * milli + milli.signum() * step) / (2 * step) * step
    }
}

/// The mean of `sum` over `n`, in thousandths rounded half-up to `decimals` decimals (the
/// average points of a level: 607 750 / 11 → 55 250).
pub fn mean(sum: i64, n: i64, decimals: u8) -> i64 {
    debug_assert!(n > 0);
    let step = pow10(3 - decimals.min(3));
    let twice = 2 * i128::from(sum);
    let d = i128::from(n) * step;
    let q = (twice + i128::from(sum.signum()) * d) / (2 * d);
    (q * step) as i64
}

/// An exact non-negative fraction, ordered by value: an index before it is cut to its
/// decimals (so 78,928… ranks above 78,921…, which both show as 78,92).
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    /// Numerator.
    pub num: i64,
    /// Denominator, positive.
    pub den: i64,
}

impl Ratio {
    /// `num / den`.
    pub fn new(num: i64, den: i64) -> Ratio {
        debug_assert!(den > 0);
        Ratio { num, den }
    }

    /// A percentage in milli-percent as a fraction of one.
    pub fn of_percent(milli_percent: i64) -> Ratio {
        Ratio { num: milli_percent, den: 100 * MILLI }
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        (i128::from(self.num) * i128::from(other.den)).cmp(&(i128::from(other.num) * i128::from(self.den)))
    }
}

/// Competition ranks, highest first: equal values share a rank and the next rank skips
/// (1, 2, 2, 4). A row without a value has no rank.
pub fn ranks(values: &[Option<Ratio>]) -> Vec<Option<u32>> {
    values.iter().map(|v| v.map(|v| 1 + values.iter().flatten().filter(|o| **o > v).count() as u32)).collect()
}

/// The band of an index: the first band, highest first, whose minimum (milli-percent) is at
/// or below it, so exactly 80,00 is in the band "≥ 80".
pub fn band(bands: &[(String, i64)], index: i64) -> Option<&str> {
    bands.iter().find(|(_, min)| *min <= index).map(|(name, _)| name.as_str())
}

/// Thousandths with exactly `decimals` decimals and a decimal comma, as the office writes
/// published figures: 90 000 with 2 → "90,00", 82 300 with 1 → "82,3", −3 370 → "-3,37".
pub fn fixed(milli: i64, decimals: u8) -> String {
    let decimals = decimals.min(3);
    let cut = to_decimals(milli.abs(), decimals, true);
    let sign = if milli < 0 && cut > 0 { "-" } else { "" };
    let whole = cut / MILLI;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let frac = (cut % MILLI) / pow10(3 - decimals) as i64;
    format!("{sign}{whole},{frac:0width$}", width = usize::from(decimals))
}

/// Thousandths with the decimals they need and a decimal comma: 64 240 → "64,24",
/// 70 000 → "70", 17 300 → "17,3" (points in messages and sheets).
pub fn short(milli: i64) -> String {
    let text = fixed(milli, 3);
    match text.split_once(',') {
        Some((whole, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                whole.to_string()
            } else {
                format!("{whole},{frac}")
            }
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: f64) -> i64 {
        to_milli(v).unwrap()
    }

    #[test]
    fn points_are_exact_in_thousandths() {
        assert_eq!(m(64.24) + m(21.41), m(85.65), "64,24 + 21,41 = 85,65 exactly");
        assert_ne!(64.24 + 21.41, 85.65, "which f64 gets wrong");
        assert_eq!(m(60.09), 60_090);
        assert_eq!(m(0.001), 1);
        assert_eq!(to_milli(5.1234), None, "a fourth decimal is refused");
        assert_eq!(to_milli(f64::NAN), None);
        assert_eq!(to_milli(2e6), None);
        assert_eq!(to_f64(78_920), 78.92);
    }

    #[test]
    fn percentages_are_truncated_not_rounded() {
        // The seed's figures: 55,25/70 = 78,928… → 78,92; 60,09/70 = 85,842… → 85,84;
        // 51,55/70 = 73,642… → 73,64; (64,24 + 21,41)/100 → 85,65.
        assert_eq!(percent(m(55.25), m(70.0), 2, true), 78_920);
        assert_eq!(percent(m(55.25), m(70.0), 2, false), 78_930, "rounding would publish 78,93");
        assert_eq!(percent(m(60.09), m(70.0), 2, true), 85_840);
        assert_eq!(percent(m(51.55), m(70.0), 2, true), 73_640);
        assert_eq!(percent(m(64.24) + m(21.41), m(100.0), 2, true), 85_650);
        // Field figures with one decimal: 17,3/21 = 82,38… → 82,3; 5,75/6 → 95,8; 7,45/8 → 93,1.
        assert_eq!(percent(m(17.3), m(21.0), 1, true), 82_300);
        assert_eq!(percent(m(17.3), m(21.0), 1, false), 82_400);
        assert_eq!(percent(m(5.75), m(6.0), 1, true), 95_800);
        assert_eq!(percent(m(7.45), m(8.0), 1, true), 93_100);
        assert_eq!(percent(m(63.0), m(70.0), 2, true), 90_000);
        assert_eq!(to_decimals(85_655, 2, true), 85_650);
        assert_eq!(to_decimals(85_655, 2, false), 85_660);
        assert_eq!(mean(607_750, 11, 2), 55_250);
        assert_eq!(mean(100_005, 2, 2), 50_000, "50,0025 rounds half-up to 2 decimals");
        assert_eq!(mean(100_010, 2, 2), 50_010);
    }

    #[test]
    fn ties_share_a_rank_and_the_next_skips() {
        let r = |n: i64| Some(Ratio::new(n, 70));
        assert_eq!(ranks(&[r(60), r(55), r(55), r(50), None]), vec![Some(1), Some(2), Some(2), Some(4), None]);
        // 78,928… ranks above 78,921…, though both show as 78,92.
        assert!(Ratio::new(55_250, 70_000) > Ratio::new(55_245, 70_000));
        assert_eq!(Ratio::new(56_000, 70_000), Ratio::of_percent(80_000));
    }

    #[test]
    fn bands_at_their_edges() {
        let bands = vec![("Nhóm I".to_string(), 80_000), ("Nhóm II".to_string(), 70_000), ("Nhóm III".to_string(), 0)];
        assert_eq!(band(&bands, 80_000), Some("Nhóm I"), "exactly 80,00 is the higher band");
        assert_eq!(band(&bands, 79_990), Some("Nhóm II"));
        assert_eq!(band(&bands, 70_000), Some("Nhóm II"));
        assert_eq!(band(&bands, 69_990), Some("Nhóm III"));
        assert_eq!(band(&bands[..2], 10_000), None);
    }

    #[test]
    fn figures_are_written_the_vietnamese_way() {
        assert_eq!(fixed(90_000, 2), "90,00");
        assert_eq!(fixed(82_300, 1), "82,3");
        assert_eq!(fixed(-3_370, 2), "-3,37");
        assert_eq!(fixed(7_000, 0), "7");
        assert_eq!(short(64_240), "64,24");
        assert_eq!(short(70_000), "70");
        assert_eq!(short(17_300), "17,3");
    }
}
