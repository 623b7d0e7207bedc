//! Telling "the database cannot serve right now" from every other database error: a
//! restarting or unreachable PostgreSQL, a pool with no connection to give, a SQLite file
//! that is read-only, busy or on a full disk. Callers answer those with a clear 503 (retry
//! later; nothing was changed), never a 500 carrying the driver's text.

/// The `Retry-After` (seconds) of those 503s: about how long a PostgreSQL restart or a
/// pool's reconnection takes.
pub use crate::response_status::RETRY_AFTER_SECONDS;

/// PostgreSQL SQLSTATEs of an unavailable server: the connection exception class (08),
/// shutdowns and refused starts (57P01–57P03), and resources exhausted (53).
fn postgres_unavailable(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("53") || matches!(code, "57P01" | "57P02" | "57P03")
}

/// SQLite result codes (extended codes keep the primary code in their low byte): BUSY,
/// READONLY, IOERR, FULL, CANTOPEN.
fn sqlite_unavailable(code: &str) -> bool {
    code.parse::<i64>()
        .is_ok_and(|code| matches!(code & 0xff, 5 | 8 | 10 | 13 | 14))
}

/// Whether `error` means the database cannot serve right now (retrying later may work).
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| postgres_unavailable(&code) || sqlite_unavailable(&code)),
        _ => false,
    }
}

/// An error that counts as unavailable (see `is_unavailable`), carrying `text`.
pub fn unavailable_error(text: impl Into<String>) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(text.into()))
}

/// One caller's copy of an error that failed a whole batch of callers (sqlx's errors
/// do not clone): still unavailable when it was, otherwise a plain error.
pub fn copy_for_caller(error: &sqlx::Error) -> sqlx::Error {
    if is_unavailable(error) {
        unavailable_error(error.to_string())
    } else {
        sqlx::Error::Protocol(error.to_string())
    }
}

/// Logs a failed database call of `what` and returns whether the database is unavailable
/// (see `is_unavailable`): then a warning (expected during a restart; `/readyz` reports
/// it) and the caller answers 503; otherwise an error.
pub fn log_failure(error: &sqlx::Error, what: &'static str) -> bool {
    let unavailable = is_unavailable(error);
    if unavailable {
        tracing::warn!(error = %error, what, "the database is unavailable");
    } else {
        tracing::error!(error = %error, what, "a database call failed");
    }
    unavailable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_shutdowns_and_lost_connections_are_unavailable() {
        for code in ["57P01", "57P03", "08006", "08001", "53300", "53100"] {
            assert!(postgres_unavailable(code), "{code}");
        }
        for code in ["23505", "23503", "42P01", "40001"] {
            assert!(!postgres_unavailable(code), "{code}");
        }
    }

    #[test]
    fn sqlite_read_only_full_and_busy_files_are_unavailable() {
        // SQLITE_BUSY, SQLITE_READONLY, SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE, SQLITE_FULL.
        for code in ["5", "8", "1032", "778", "13"] {
            assert!(sqlite_unavailable(code), "{code}");
        }
        // SQLITE_CONSTRAINT_UNIQUE, SQLITE_ERROR, not a number.
        for code in ["2067", "1", "x"] {
            assert!(!sqlite_unavailable(code), "{code}");
        }
    }

    #[test]
    fn pool_and_network_failures_are_unavailable_and_missing_rows_are_not() {
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(is_unavailable(&sqlx::Error::Io(std::io::Error::from(
            std::io::ErrorKind::ConnectionRefused
        ))));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
    }

    #[test]
    fn a_callers_copy_keeps_whether_the_database_was_unavailable() {
        let lost = copy_for_caller(&sqlx::Error::PoolTimedOut);
        assert!(is_unavailable(&lost));
        assert!(lost
            .to_string()
            .contains(&sqlx::Error::PoolTimedOut.to_string()));
        let missing = copy_for_caller(&sqlx::Error::RowNotFound);
        assert!(!is_unavailable(&missing));
        assert!(missing
            .to_string()
            .contains(&sqlx::Error::RowNotFound.to_string()));
    }
}
