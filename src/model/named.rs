//! Closed sets of values that travel and are stored under fixed names: the integration
//! type, the mode, the staff role.

/// A value of a closed set with a fixed name each.
pub trait Named: Copy + PartialEq + 'static {
    /// The field these values travel in, for error messages.
    const FIELD: &'static str;
    /// Every value.
    const ALL: &'static [Self];

    /// The value's name: what is sent and stored.
    fn as_str(self) -> &'static str;

    /// The value named exactly `raw`, or an error naming the field and every name.
    #[cfg(feature = "ssr")]
    fn parse(raw: &str) -> Result<Self, crate::domain::Invalid> {
        Self::ALL
            .iter()
            .copied()
            .find(|value| value.as_str() == raw)
            .ok_or_else(|| {
                let names: Vec<String> = Self::ALL
                    .iter()
                    .map(|v| format!("\"{}\"", v.as_str()))
                    .collect();
                crate::domain::Invalid::new(format!(
                    "`{}` must be {}",
                    Self::FIELD,
                    names.join(" or ")
                ))
            })
    }
}

/// `TryFrom<String>` by name, and the database's own decoding of a text column (so that
/// rows decode these values at the boundary, `Option`s of them too, with
/// `#[sqlx(try_from = "String")]` or directly): anything else in the column is a fault.
macro_rules! decode_by_name {
    ($type:ty) => {
        #[cfg(feature = "ssr")]
        impl TryFrom<String> for $type {
            type Error = crate::domain::Invalid;

            fn try_from(raw: String) -> Result<Self, Self::Error> {
                <$type as crate::model::Named>::parse(&raw)
            }
        }

        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Any> for $type {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <str as sqlx::Type<sqlx::Any>>::type_info()
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $type {
            fn decode(
                value: <sqlx::Any as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let raw = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                Ok(<$type as crate::model::Named>::parse(&raw)?)
            }
        }
    };
}
pub(crate) use decode_by_name;
