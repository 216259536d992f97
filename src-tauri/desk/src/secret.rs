//! The desk's session token in the OS keyring, never in a file: whoever copies the data
//! folder (a backup, a USB stick) gets the unit's list, not its session.
//!
//! The Secret Service (GNOME Keyring, KWallet) when the desktop session has one; else the
//! Linux kernel keyring, as on a headless machine or under tests, where no
//! `org.freedesktop.secrets` is on the bus. There the key goes to the user's keyring (every
//! process of the user finds it: a process started outside a PAM log-in has no session
//! keyring of its own, and a key in an anonymous one dies with the process) and is linked
//! into the user's persistent keyring, which outlives the log-in, when the system allows it.
//! Which store is used is decided once per process and logged.

use std::sync::OnceLock;

use dondoc_core::{CoreError, ErrorCode};
use keyring::Entry;

/// The keyring entry's service name.
pub const SERVICE: &str = "dondoc-desk";

/// Where the tokens are kept on this machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    SecretService,
    KernelKeyring,
}

/// The entry's user: the portal account at its office.
fn account(server: &str, user: &str) -> String {
    format!("{user}@{server}")
}

fn failed(doing: &str, e: keyring::Error) -> CoreError {
    tracing::warn!("desk: keyring: {doing}: {e}");
    CoreError::portal(ErrorCode::Io, format!("Không {doing} phiên đăng nhập trong kho khóa của hệ điều hành ({e})."))
}

fn secret_service(account: &str) -> keyring::Result<Entry> {
    Ok(Entry::new_with_credential(Box::new(keyring::secret_service::SsCredential::new_with_target(None, SERVICE, account)?)))
}

/// The kernel keyring (Linux), written with keyutils directly: the key goes to the user's
/// keyring readable by the user's processes (keys are otherwise readable only by a process
/// that "possesses" them through its own session keyring, which a process started outside
/// a PAM log-in does not have), linked into the persistent keyring when the system allows.
mod kernel {
    use linux_keyutils::{Key, KeyError, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission};

    fn description(account: &str) -> String {
        format!("{}:{account}", super::SERVICE)
    }

    fn ring() -> Result<KeyRing, KeyError> {
        KeyRing::from_special_id(KeyRingIdentifier::User, true)
    }

    pub fn save(account: &str, token: &str) -> Result<(), KeyError> {
        let key = ring()?.add_key(&description(account), token)?;
        key.set_perms(KeyPermissionsBuilder::builder().posessor(Permission::ALL).user(Permission::ALL).build())?;
        match KeyRing::get_persistent(KeyRingIdentifier::User).and_then(|p| p.link_key(key)) {
            Ok(()) => tracing::debug!("desk: the session is linked into the persistent keyring"),
            Err(e) => tracing::info!("desk: the persistent keyring is not available ({e:?}); the session lasts while the user is logged in"),
        }
        Ok(())
    }

    fn find(account: &str) -> Result<Option<Key>, KeyError> {
        match ring()?.search(&description(account)) {
            Ok(key) => Ok(Some(key)),
            Err(KeyError::KeyDoesNotExist | KeyError::KeyRevoked | KeyError::KeyExpired) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn load(account: &str) -> Result<Option<String>, KeyError> {
        let Some(key) = find(account)? else { return Ok(None) };
        Ok(Some(String::from_utf8_lossy(&key.read_to_vec()?).into_owned()))
    }

    pub fn delete(account: &str) -> Result<(), KeyError> {
        match find(account)? {
            Some(key) => key.invalidate(),
            None => Ok(()),
        }
    }
}

/// The Secret Service if it answers (an entry found or not found), else the kernel keyring.
fn backend() -> Backend {
    static CHOSEN: OnceLock<Backend> = OnceLock::new();
    *CHOSEN.get_or_init(|| {
        let probe = secret_service("probe").and_then(|e| e.get_password());
        let chosen = match probe {
            Ok(_) | Err(keyring::Error::NoEntry) => Backend::SecretService,
            Err(e) => {
                tracing::info!("desk: no Secret Service ({e}); the session is kept in the kernel keyring");
                Backend::KernelKeyring
            }
        };
        tracing::info!(?chosen, "desk: keyring chosen for the session token");
        chosen
    })
}

fn kernel_failed(doing: &str, e: linux_keyutils::KeyError) -> CoreError {
    tracing::warn!("desk: kernel keyring: {doing}: {e:?}");
    CoreError::portal(ErrorCode::Io, format!("Không {doing} phiên đăng nhập trong kho khóa của hệ điều hành ({e:?})."))
}

fn entry(account: &str) -> Result<Entry, CoreError> {
    secret_service(account).map_err(|e| failed("mở được", e))
}

/// Keeps `token` as the session of `user` at `server`.
pub fn save(server: &str, user: &str, token: &str) -> Result<(), CoreError> {
    let account = account(server, user);
    match backend() {
        Backend::SecretService => entry(&account)?.set_password(token).map_err(|e| failed("lưu được", e)),
        Backend::KernelKeyring => kernel::save(&account, token).map_err(|e| kernel_failed("lưu được", e)),
    }
}

/// The session of `user` at `server`, if one is kept.
pub fn load(server: &str, user: &str) -> Result<Option<String>, CoreError> {
    let account = account(server, user);
    match backend() {
        Backend::SecretService => match entry(&account)?.get_password() {
            Ok(token) => Ok(Some(token)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failed("đọc được", e)),
        },
        Backend::KernelKeyring => kernel::load(&account).map_err(|e| kernel_failed("đọc được", e)),
    }
}

/// Removes the session of `user` at `server` (none kept is not an error).
pub fn delete(server: &str, user: &str) -> Result<(), CoreError> {
    let account = account(server, user);
    match backend() {
        Backend::SecretService => match entry(&account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(failed("xóa được", e)),
        },
        Backend::KernelKeyring => kernel::delete(&account).map_err(|e| kernel_failed("xóa được", e)),
    }
}
