use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::{config::DEFAULT_DATABASE_URL, telemetry::LogFormat};

#[derive(Debug, Parser)]
#[command(
    name = "whatsportal",
    version,
    about = "WhatsPortal Vendor Connect server and operations commands"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Database: `sqlite:PATH` (the embedded default) or `postgres://...`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// With no subcommand the server starts with these settings.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Create, activate and deactivate vendors.
    #[command(subcommand)]
    Vendor(VendorCommand),
    /// Create and revoke API keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Add and remove a vendor's allowed origins.
    #[command(subcommand)]
    Origin(OriginCommand),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "WHATSPORTAL_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Folder of the built site (the wasm client, JS and CSS).
    #[arg(long, env = "WHATSPORTAL_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Largest number of database connections.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 8)]
    pub database_max_connections: u32,
    /// Hours an ended session is kept for staff before it is deleted.
    #[arg(long, env = "SESSION_RETENTION_HOURS", default_value_t = 168)]
    pub session_retention_hours: u64,
    /// Log format on stderr.
    #[arg(
        long,
        env = "WHATSPORTAL_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    pub log_format: LogFormat,
}

#[derive(Debug, Subcommand)]
pub enum VendorCommand {
    /// Create a vendor with its first API key.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        logo_url: Option<String>,
        /// An allowed origin; repeat for several.
        #[arg(long = "origin")]
        origins: Vec<String>,
    },
    /// Let the vendor's keys and connect pages work again.
    Activate { vendor_id: String },
    /// Refuse the vendor's keys (401) and connect pages.
    Deactivate { vendor_id: String },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create another API key for a vendor (keys can overlap for rotation).
    Create { vendor_id: String },
    /// Revoke a key with immediate effect.
    Revoke { key_id: String },
}

#[derive(Debug, Subcommand)]
pub enum OriginCommand {
    /// Allow an origin (https, or http://localhost / http://127.0.0.1 for development).
    Add { vendor_id: String, origin: String },
    /// Remove an allowed origin.
    Remove { vendor_id: String, origin: String },
}
