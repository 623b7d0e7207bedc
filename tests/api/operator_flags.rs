//! Operators' settings out of range or malformed are refused before anything runs: the
//! server does not start (and says which setting), `keys reseal` re-seals nothing.

use std::{process::Output, time::Duration};

use crate::support::app::{spawn_app, TestApp};

/// The binary with `args` and `env` against the test's database; killed if it has not
/// ended within ten seconds (a server that started after all).
async fn run(app: &TestApp, args: &[&str], env: &[(&str, &str)]) -> Output {
    let data = tempfile::tempdir().unwrap();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_whatsportal"));
    command
        .env("WHATSPORTAL_DATA_DIR", data.path())
        .args(args)
        .envs(env.iter().copied())
        .env("DATABASE_URL", &app.database_url)
        .env("WHATSPORTAL_SITE_ROOT", "target/site")
        .env_remove("RUST_LOG")
        .kill_on_drop(true);
    tokio::time::timeout(Duration::from_secs(10), command.output())
        .await
        .expect("the binary ended by itself")
        .expect("the binary runs")
}

fn assert_refused(output: &Output, needles: &[&str]) {
    assert!(!output.status.success(), "it ran");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{stderr:?} does not say {needle:?}"
        );
    }
    assert!(
        output.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[tokio::test]
async fn the_server_refuses_drain_grace_and_metrics_settings_out_of_range() {
    let app = spawn_app().await;
    let port = app.address.rsplit(':').next().unwrap().to_owned();
    let listening = format!("127.0.0.1:{port}");
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "WHATSPORTAL_DRAIN_SECONDS",
            "601",
            &["drain-seconds", "601", "0..=600"],
        ),
        ("WHATSPORTAL_DRAIN_SECONDS", "-1", &["drain-seconds"]),
        (
            "WHATSPORTAL_SHUTDOWN_GRACE_SECONDS",
            "0",
            &["shutdown-grace-seconds", "1..=3600"],
        ),
        (
            "WHATSPORTAL_SHUTDOWN_GRACE_SECONDS",
            "soon",
            &["shutdown-grace-seconds", "soon"],
        ),
        (
            "WHATSPORTAL_METRICS_ADDR",
            "localhost",
            &["metrics-addr", "localhost"],
        ),
        // Taken already (the test's own server): the port it could not listen on.
        (
            "WHATSPORTAL_METRICS_ADDR",
            &listening,
            &[listening.as_str()],
        ),
    ];
    for (name, value, needles) in cases {
        let output = run(
            &app,
            &[],
            &[(name, value), ("WHATSPORTAL_ADDR", "127.0.0.1:0")],
        )
        .await;
        assert_refused(&output, needles);
    }
}

#[tokio::test]
async fn keys_reseal_refuses_bad_batches_and_keys_and_reseals_nothing() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer-1").await;
    app.connected(&token).await;
    let sealed = || async {
        sqlx::query_as::<_, (String, String)>(
            "SELECT key_id, token_ciphertext FROM whatsapp_connections",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap()
    };
    let before = sealed().await;
    assert_eq!(before.len(), 1);
    let new = format!("new:{}", "7e".repeat(32));
    let keys = format!("{new},test:{}", "42".repeat(32));
    let twice = format!("{new},new:{}", "42".repeat(32));
    let cases: [(&[&str], &str, &[&str]); 6] = [
        (&["--batch", "0"], &keys, &["--batch", "1..=10000"]),
        (&["--batch", "10001"], &keys, &["--batch", "10001"]),
        (&["--batch", "many"], &keys, &["--batch", "many"]),
        (&[], "new", &["id:64-hex-characters"]),
        (&[], "new:abcd", &["id:64-hex-characters"]),
        (&[], &twice, &["new appears twice"]),
    ];
    for (flags, keys, needles) in cases {
        let mut args = vec!["keys", "reseal"];
        args.extend_from_slice(flags);
        let output = run(&app, &args, &[("WHATSPORTAL_ENCRYPTION_KEYS", keys)]).await;
        assert_refused(&output, needles);
        // The key itself is never printed back.
        assert!(!String::from_utf8_lossy(&output.stderr).contains(&"7e".repeat(32)));
    }
    assert_eq!(sealed().await, before, "nothing was re-sealed");
}

#[tokio::test]
async fn the_server_refuses_proxy_public_url_and_connection_settings_it_cannot_honour() {
    let app = spawn_app().await;
    // Each case: the settings given, and what the refusal must name.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: [Case; 7] = [
        // Alone, the old flag would believe every peer's X-Forwarded-For.
        (
            &[("WHATSPORTAL_TRUST_FORWARDED_FOR", "true")],
            &["WHATSPORTAL_TRUSTED_PROXIES"],
        ),
        (
            &[("WHATSPORTAL_TRUSTED_PROXIES", "10.0.0.0/33")],
            &["WHATSPORTAL_TRUSTED_PROXIES", "10.0.0.0/33"],
        ),
        (
            &[("WHATSPORTAL_TRUSTED_PROXIES", "proxy.internal")],
            &["proxy.internal"],
        ),
        (&[("WHATSPORTAL_PROXY_HOPS", "0")], &["proxy-hops"]),
        (
            &[("WHATSPORTAL_PUBLIC_URL", "https://connect.example.com/path")],
            &["WHATSPORTAL_PUBLIC_URL"],
        ),
        (
            &[("WHATSPORTAL_HEADER_READ_TIMEOUT_SECONDS", "0")],
            &["header-read-timeout-seconds"],
        ),
        (
            &[("WHATSPORTAL_MAX_CONNECTIONS", "0")],
            &["max-connections"],
        ),
    ];
    for (env, needles) in cases {
        let mut env = env.to_vec();
        env.push(("WHATSPORTAL_ADDR", "127.0.0.1:0"));
        let output = run(&app, &[], &env).await;
        assert_refused(&output, needles);
    }
}
