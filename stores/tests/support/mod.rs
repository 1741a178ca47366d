//! A real PostgreSQL server for the tests and the bench: its own cluster in a temporary
//! folder, on a free loopback port, with its socket in that folder, stopped when
//! dropped. One database per test.
#![allow(dead_code)] // the tests and the bench each use their own part

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A running PostgreSQL cluster of the tests' own.
pub struct Server {
    dir: PathBuf,
    bindir: PathBuf,
    user: Option<&'static str>,
    port: u16,
}

static DATABASES: AtomicU32 = AtomicU32::new(0);

fn run(user: Option<&str>, program: &Path, args: &[&str]) -> Result<(), String> {
    let mut command = match user {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    };
    let out = command
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} {} failed: {}{}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

impl Server {
    /// Starts a cluster, or says why it cannot: PostgreSQL's binaries are found with
    /// `pg_config --bindir`; as root, the server runs as `nobody`, since PostgreSQL
    /// refuses to run as root.
    pub fn start() -> Result<Server, String> {
        let missing = "PostgreSQL is not installed here: `pg_config --bindir` gave no \
                       binaries (on Debian: apt-get install postgresql)";
        let out = Command::new("pg_config")
            .arg("--bindir")
            .output()
            .map_err(|_| missing.to_owned())?;
        let bindir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if !bindir.join("initdb").exists() || !bindir.join("pg_ctl").exists() {
            return Err(missing.to_owned());
        }
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|out| out.stdout.starts_with(b"0\n"));
        let user = root.then_some("nobody");
        let n = DATABASES.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("customer-care-pg-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let started = Self::start_in(&dir, &bindir, user);
        if started.is_err() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        let port = started?;
        Ok(Server {
            dir,
            bindir,
            user,
            port,
        })
    }

    /// Makes a cluster in `dir` and starts it on a free port, which it returns.
    fn start_in(dir: &Path, bindir: &Path, user: Option<&str>) -> Result<u16, String> {
        if let Some(user) = user {
            run(
                None,
                Path::new("chown"),
                &[user, &dir.display().to_string()],
            )?;
        }
        let data = dir.join("data").display().to_string();
        run(
            user,
            &bindir.join("initdb"),
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        )?;
        // A port is free when chosen, and may be taken before the server binds it
        // (another test starting its own server): then another port is tried.
        let log = dir.join("log");
        let mut tries = 0;
        loop {
            let _ = std::fs::remove_file(&log);
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map_err(|e| e.to_string())?
                .port();
            let options = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
                dir.display()
            );
            let started = run(
                user,
                &bindir.join("pg_ctl"),
                &[
                    "-D",
                    &data,
                    "-w",
                    "-l",
                    &log.display().to_string(),
                    "-o",
                    &options,
                    "start",
                ],
            );
            let taken =
                || std::fs::read_to_string(&log).is_ok_and(|log| log.contains("already in use"));
            match started {
                Err(_) if tries < 3 && taken() => tries += 1,
                Err(why) => {
                    let log = std::fs::read_to_string(&log).unwrap_or_default();
                    return Err(format!("{why}\nthe server's log:\n{log}"));
                }
                Ok(()) => return Ok(port),
            }
        }
    }

    /// The URL of a new, empty database on this server.
    pub async fn database(&self) -> Result<sqlx::PgPool, sqlx::Error> {
        let admin = sqlx::PgPool::connect(&self.url("postgres")).await?;
        let name = format!("test_{}", DATABASES.fetch_add(1, Ordering::Relaxed));
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await?;
        admin.close().await;
        sqlx::PgPool::connect(&self.url(&name)).await
    }

    fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        let _ = run(
            self.user,
            &self.bindir.join("pg_ctl"),
            &["-D", &data, "-m", "immediate", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The server, or a panic that says what is missing: where PostgreSQL is not
/// installed, these tests fail with the reason, and are never skipped in silence.
pub fn server() -> Server {
    Server::start().unwrap_or_else(|why| panic!("these tests need PostgreSQL: {why}"))
}
