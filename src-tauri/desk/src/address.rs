//! The office's address as the unit types it (from the slip: `192.168.1.10:8443`, or the
//! QR code's `https://192.168.1.10:8443/`), made the one form the desk keeps.

use dondoc_core::CoreError;

/// The portal's port when the address names none (the office's default).
const DEFAULT_PORT: u16 = dondoc_core::portal::DEFAULT_PORT;

/// `https://host:port/` for `raw`; plain `http://` is refused (the portal speaks HTTPS only,
/// and a password must never cross the LAN in clear).
pub fn normalise(raw: &str) -> Result<String, CoreError> {
    let bad = || CoreError::invalid("server", "Địa chỉ của Văn phòng không hợp lệ; hãy nhập như trên phiếu, ví dụ https://192.168.1.10:8443/.");
    let text = raw.trim();
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("http://") {
        return Err(CoreError::invalid("server", "Cổng đơn vị chỉ kết nối qua HTTPS: hãy nhập địa chỉ bắt đầu bằng https:// như trên phiếu."));
    }
    let rest = if lower.starts_with("https://") { &text[8..] } else { text };
    if rest.is_empty() || rest.contains("://") {
        return Err(bad());
    }
    let url = url::Url::parse(&format!("https://{rest}")).map_err(|_| bad())?;
    let host = url.host_str().filter(|h| !h.is_empty()).ok_or_else(bad)?;
    // `Url` drops the scheme's own port (443): keep it when it was typed.
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let port = url.port().or_else(|| authority.ends_with(":443").then_some(443)).unwrap_or(DEFAULT_PORT);
    Ok(format!("https://{host}:{port}/"))
}

/// The origin of a normalised address (`https://host:port`, without the port when it is
/// 443, as the request's `Host` then carries none).
pub fn origin(server: &str) -> String {
    let base = server.trim_end_matches('/');
    base.strip_suffix(":443").unwrap_or(base).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_typed_become_one_form() {
        for (typed, kept) in [
            ("192.168.1.10:8443", "https://192.168.1.10:8443/"),
            (" https://192.168.1.10:8443/ ", "https://192.168.1.10:8443/"),
            ("HTTPS://vanphong.myloc.local", "https://vanphong.myloc.local:8443/"),
            ("https://vanphong:443/", "https://vanphong:443/"),
            ("[fe80::1]:9000", "https://[fe80::1]:9000/"),
        ] {
            assert_eq!(normalise(typed).unwrap(), kept, "{typed}");
        }
        for refused in ["http://192.168.1.10:8443", "", "ftp://x", "https://", "192.168.1.10:99999"] {
            let e = normalise(refused).unwrap_err();
            assert_eq!((e.code().as_str(), e.field()), ("validation", Some("server")), "{refused}");
        }
        assert!(normalise("http://x").unwrap_err().to_string().contains("HTTPS"));
        assert_eq!(origin("https://vanphong:443/"), "https://vanphong");
        assert_eq!(origin("https://192.168.1.10:8443/"), "https://192.168.1.10:8443");
    }
}
