//! Option values spelled on the command line and in saved models.

/// Implements `FromStr` and `Display` for a field-less enum from its
/// `Variant => "name"` pairs; an unknown name is an error listing the others.
macro_rules! named_enum {
    ($ty:ty, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
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
