//! The office's choice about the portal (Cài đặt → "Cổng đơn vị trên mạng nội bộ"): on or
//! off, the address and port it listens on, and the office's own certificate if it has
//! one. Kept in the store beside the other settings, so a restored backup serves as before.

use std::net::{IpAddr, SocketAddr};

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::{settings, Store};

/// The port units open when the office does not choose one (HTTPS, not a privileged port).
pub const DEFAULT_PORT: u16 = 8443;

/// How the office's Đôn đốc serves the portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct PortalSettings {
    /// Serve the portal (off until the office turns it on).
    pub enabled: bool,
    /// The address to listen on: `0.0.0.0` for every network of this machine, or one of its
    /// addresses.
    pub address: String,
    /// The port.
    pub port: u16,
    /// The office's own certificate (PEM file), instead of the one Đôn đốc makes.
    pub cert_file: Option<String>,
    /// Its private key (PEM file).
    pub key_file: Option<String>,
}

impl Default for PortalSettings {
    fn default() -> Self {
        PortalSettings { enabled: false, address: "0.0.0.0".into(), port: DEFAULT_PORT, cert_file: None, key_file: None }
    }
}

impl PortalSettings {
    /// Where to listen, checked: a valid IP address and a port from 1024 (a lower one
    /// needs administrator rights the app does not have).
    pub fn listen(&self) -> Result<SocketAddr> {
        let ip: IpAddr = self.address.trim().parse().map_err(|_| {
            CoreError::invalid("address", format!("Địa chỉ “{}” không hợp lệ; nhập dạng 0.0.0.0 (mọi mạng) hoặc 192.168.1.10.", self.address.trim()))
        })?;
        if self.port < 1024 {
            return Err(CoreError::invalid("port", "Cổng phải từ 1024 đến 65535 (ví dụ 8443)."));
        }
        Ok(SocketAddr::new(ip, self.port))
    }

    /// The office's own certificate and key, both or neither.
    pub fn own_certificate(&self) -> Result<Option<(String, String)>> {
        let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        match (clean(&self.cert_file), clean(&self.key_file)) {
            (Some(c), Some(k)) => Ok(Some((c, k))),
            (None, None) => Ok(None),
            _ => Err(CoreError::invalid("certFile", "Hãy chọn cả tệp chứng thư (PEM) và tệp khóa riêng (PEM), hoặc bỏ trống cả hai.")),
        }
    }
}

const KEY: &str = "portal";

impl Store {
    /// The portal's settings (the defaults until the office saves some).
    pub fn portal_settings(&self) -> Result<PortalSettings> {
        match settings::get_value(self.conn(), KEY)? {
            Some(raw) => Ok(serde_json::from_str(&raw)?),
            None => Ok(PortalSettings::default()),
        }
    }

    /// Checks and saves the portal's settings.
    pub fn save_portal_settings(&mut self, s: &PortalSettings) -> Result<()> {
        s.listen()?;
        s.own_certificate()?;
        let raw = serde_json::to_string(s)?;
        self.write(|tx| settings::set_value(tx, KEY, &raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_and_kept() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.portal_settings().unwrap(), PortalSettings::default(), "off until the office turns it on");
        let bad = PortalSettings { address: "192.168.1".into(), ..Default::default() };
        assert!(matches!(s.save_portal_settings(&bad), Err(CoreError::Validation { field: "address", .. })));
        let low = PortalSettings { port: 443, ..Default::default() };
        assert!(matches!(s.save_portal_settings(&low), Err(CoreError::Validation { field: "port", .. })));
        let half = PortalSettings { cert_file: Some("/etc/ssl/portal.pem".into()), ..Default::default() };
        assert!(matches!(s.save_portal_settings(&half), Err(CoreError::Validation { field: "certFile", .. })));
        let on = PortalSettings { enabled: true, address: "192.168.1.10".into(), port: 9443, ..Default::default() };
        s.save_portal_settings(&on).unwrap();
        assert_eq!(s.portal_settings().unwrap(), on);
        assert_eq!(on.listen().unwrap().to_string(), "192.168.1.10:9443");
    }
}
