//! A private D-Bus session bus for tests: its own `dbus-daemon` with no service activation
//! (nothing else gets started on it), so a test sees exactly the notifications it caused
//! and can run beside other tests and a real desktop session.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The bus configuration: a unix socket, EXTERNAL auth, an allow-all policy, no service
/// directories (so nothing is activated).
const CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// A running private bus; the daemon stops when this is dropped.
pub struct PrivateBus {
    daemon: Child,
    /// Its address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub address: String,
    _config: std::path::PathBuf,
}

impl PrivateBus {
    /// Starts one. `None` when `dbus-daemon` cannot be run (the caller decides whether
    /// that skips the test or fails it).
    pub fn start() -> Option<PrivateBus> {
        let config = std::env::temp_dir().join(format!("dondoc-bus-{}-{}.conf", std::process::id(), unique()));
        std::fs::write(&config, CONFIG).ok()?;
        let mut daemon = Command::new("dbus-daemon")
            .arg("--nofork")
            .arg("--print-address=1")
            .arg(format!("--config-file={}", config.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut address = String::new();
        BufReader::new(daemon.stdout.take()?).read_line(&mut address).ok()?;
        Some(PrivateBus { daemon, address: address.trim().to_string(), _config: config })
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
        let _ = std::fs::remove_file(&self._config);
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
