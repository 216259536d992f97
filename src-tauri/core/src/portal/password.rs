//! Passwords: argon2id hashes (PHC strings, salt inside), generated initial passwords the
//! office can read out or print without confusion, and the strength rule for new ones.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use super::refuse;
use crate::error::{CoreError, ErrorCode, Result};

/// Letters and digits that cannot be mistaken for one another on a printed slip or a
/// phone's keyboard: no 0/o, 1/l/i, nor upper case.
const READABLE: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new initial password: three groups of four readable characters ("kq7m-4tx2-p9hw"),
/// about 59 bits from the OS's random source.
pub fn generate_password() -> String {
    let mut out = String::with_capacity(14);
    for i in 0..12 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        // Rejection sampling: no bias towards the first characters.
        let c = loop {
            let b = (OsRng.next_u32() & 0xff) as usize;
            if b < 256 - 256 % READABLE.len() {
                break READABLE[b % READABLE.len()];
            }
        };
        out.push(c as char);
    }
    out
}

/// The argon2id hash of `password` with a fresh salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Conflict(format!("Không tạo được mã băm mật khẩu ({e}).")))
}

/// Whether `password` matches the stored `hash`. A damaged hash matches nothing.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Refuses a new password that is easy to guess: shorter than 8 characters, without both a
/// letter and a digit, or the user name itself.
pub fn check_strength(user: &str, new: &str) -> Result<()> {
    let weak = |m: &str| Err(refuse(ErrorCode::WeakPassword, m));
    if new.chars().count() < 8 {
        return weak("Mật khẩu mới phải có ít nhất 8 ký tự.");
    }
    if new.chars().count() > 128 {
        return weak("Mật khẩu mới dài quá 128 ký tự.");
    }
    if !new.chars().any(char::is_alphabetic) || !new.chars().any(|c| c.is_ascii_digit()) {
        return weak("Mật khẩu mới phải có cả chữ và số.");
    }
    if new.to_lowercase().contains(&user.to_lowercase()) {
        return weak("Mật khẩu mới không được chứa tên đăng nhập.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_readable_and_differ() {
        let a = generate_password();
        assert_eq!(a.len(), 14);
        assert!(a.chars().all(|c| c == '-' || READABLE.contains(&(c as u8))), "{a}");
        assert_ne!(a, generate_password());
        assert!(check_strength("xa-my-ha", "abc12345").is_ok());
        assert_eq!(check_strength("xa-my-ha", "abcdefgh").unwrap_err().code(), "weak_password");
    }
}
