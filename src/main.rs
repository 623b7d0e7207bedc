//! The `whatsportal` binary: the server and the operations commands.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    whatsportal::cli::run().await
}
