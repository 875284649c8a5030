//! Option values by name: as every front spells them (the command line, a
//! Python keyword's value) and as saved models store them.
//!
//! ```
//! use tahlil::names::Named;
//! use tahlil::vectorize::Norm;
//!
//! assert_eq!(Norm::NAMES, ["l2", "l1", "none"]);
//! assert_eq!("l1".parse::<Norm>(), Ok(Norm::L1));
//! assert_eq!(Norm::L1.to_string(), "l1");
//! ```

/// An option whose values are a fixed list of names.
pub trait Named: std::str::FromStr<Err = String> + std::fmt::Display + Sized {
    /// Every value's name, in the order they are listed to users.
    const NAMES: &'static [&'static str];
}

/// Implements [`Named`], `FromStr` and `Display` for a field-less enum from
/// its `Variant => "name"` pairs; an unknown name is an error listing the others.
macro_rules! named_enum {
    ($ty:ty, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $crate::names::Named for $ty {
            const NAMES: &'static [&'static str] = &[$($name),+];
        }

        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($name => Ok(<$ty>::$variant),)+
                    other => {
                        let names: &[&str] = &[$($name),+];
                        let (last, rest) = names.split_last().expect("at least one name");
                        Err(format!(
                            "unknown {} {other:?}: use {} or {last}",
                            $what,
                            rest.join(", ")
                        ))
                    }
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(match self {
                    $(<$ty>::$variant => $name,)+
                })
            }
        }
    };
}

pub(crate) use named_enum;
