//! Review periods as people write them in `handbook.yml` and front matter: `180d`, `12 weeks`,
//! `6 months`, `1 year`, or `off`. Pure text -> value; no clock is read here.

use chrono::{Days, Months, NaiveDate};
use std::fmt;

/// A calendar period: months and years follow the calendar (Jan 31 + 1 month = Feb 28/29).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A number of days.
    Days(u32),
    /// A number of weeks.
    Weeks(u32),
    /// A number of calendar months.
    Months(u32),
    /// A number of calendar years.
    Years(u32),
}

impl Period {
    /// `date` plus the period, or `None` past the end of the calendar.
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Period::Days(n) => date.checked_add_days(Days::new(n.into())),
            Period::Weeks(n) => date.checked_add_days(Days::new(u64::from(n) * 7)),
            Period::Months(n) => date.checked_add_months(Months::new(n)),
            Period::Years(n) => date.checked_add_months(Months::new(n.checked_mul(12)?)),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Period::Days(n) => (n, "day"),
            Period::Weeks(n) => (n, "week"),
            Period::Months(n) => (n, "month"),
            Period::Years(n) => (n, "year"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

/// Parses a period; `Ok(None)` means `off` (no review asked). The error says what is accepted.
pub(crate) fn parse_period(text: &str) -> Result<Option<Period>, String> {
    let s = text.trim().to_ascii_lowercase();
    if matches!(s.as_str(), "off" | "never" | "none" | "false") {
        return Ok(None);
    }
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = (&s[..split], s[split..].trim());
    let n: u32 = number.parse().map_err(|_| expected(text))?;
    if n == 0 {
        return Err(format!("`{text}` is zero; write `off` to turn reviews off"));
    }
    let period = match unit {
        "d" | "day" | "days" => Period::Days(n),
        "w" | "week" | "weeks" => Period::Weeks(n),
        "mo" | "month" | "months" => Period::Months(n),
        "y" | "year" | "years" => Period::Years(n),
        _ => return Err(expected(text)),
    };
    Ok(Some(period))
}

fn expected(text: &str) -> String {
    format!(
        "`{text}` is not a period: write a number and a unit, like `180d`, `12 weeks`, `6 months`, `1 year`, or `off`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(parse_period("180d"), Ok(Some(Period::Days(180))));
        assert_eq!(parse_period("12 weeks"), Ok(Some(Period::Weeks(12))));
        assert_eq!(parse_period("6 months"), Ok(Some(Period::Months(6))));
        assert_eq!(parse_period(" 1 Year "), Ok(Some(Period::Years(1))));
        assert_eq!(parse_period("2y"), Ok(Some(Period::Years(2))));
        assert_eq!(parse_period("3mo"), Ok(Some(Period::Months(3))));
        assert_eq!(parse_period("off"), Ok(None));
    }

    #[test]
    fn rejected_forms() {
        for bad in [
            "",
            "d",
            "six months",
            "10 fortnights",
            "0d",
            "-5d",
            "1.5 years",
            "5m",
        ] {
            assert!(parse_period(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(
            Period::Days(30).after(date(2024, 1, 15)),
            Some(date(2024, 2, 14))
        );
        assert_eq!(
            Period::Weeks(2).after(date(2024, 1, 1)),
            Some(date(2024, 1, 15))
        );
        assert_eq!(
            Period::Months(1).after(date(2024, 1, 31)),
            Some(date(2024, 2, 29))
        );
        assert_eq!(
            Period::Years(1).after(date(2024, 2, 29)),
            Some(date(2025, 2, 28))
        );
        assert_eq!(Period::Months(6).to_string(), "6 months");
        assert_eq!(Period::Days(1).to_string(), "1 day");
    }
}
