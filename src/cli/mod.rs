//! The command line: `serve` (the default) and the operations commands, which print
//! JSON on stdout and a clear message with a non-zero exit on bad input.

mod args;
mod operations;
mod serve;
mod settings;

use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, Command};

/// Parses the command line and runs what it asks for.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let environment = cli.environment;
    match cli.command {
        None => serve::run(cli.database_url, environment, cli.serve).await,
        Some(Command::Serve(args)) => serve::run(cli.database_url, environment, args).await,
        Some(command) => operations::run(&cli.database_url, environment, command).await,
    }
}
