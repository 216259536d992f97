//! Cài đặt → "Cổng đơn vị trên mạng nội bộ": turning the portal on and off, the units'
//! accounts (enable, new password, disable) and the units' extension requests.

use dondoc_core::portal::{Account, Caller, Credentials, ExtensionRequest, PortalSettings};
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::portal::{Portal, PortalStatus};
use crate::state::{ctx, AppState, ACTOR};
use crate::{ApiError, ApiResult};

/// What the portal section of the settings shows.
#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PortalView {
    /// The office's choice.
    settings: PortalSettings,
    /// Whether it serves, where, and the certificate's fingerprint.
    status: PortalStatus,
    /// Every unit (with its account or none yet) and the office accounts.
    accounts: Vec<Account>,
}

async fn view(state: &AppState, portal: &Portal) -> ApiResult<PortalView> {
    // One read: the settings and the accounts of one snapshot.
    let (settings, accounts) = state.read(|s| Ok((s.portal_settings()?, s.portal_accounts()?)))?;
    Ok(PortalView { settings, status: portal.status().await, accounts })
}

/// The portal's settings, state and accounts.
#[tauri::command]
pub async fn portal_view(state: State<'_, AppState>, portal: State<'_, Portal>) -> ApiResult<PortalView> {
    view(&state, &portal).await
}

/// Saves the settings and serves as they say (starting, restarting or stopping). The
/// settings are kept even when the portal cannot start; the error says why.
#[tauri::command]
pub async fn save_portal_settings(app: AppHandle, state: State<'_, AppState>, portal: State<'_, Portal>, settings: PortalSettings) -> ApiResult<PortalView> {
    state.with(|s| s.save_portal_settings(&settings))?;
    portal.apply(&app, &settings).await.map_err(ApiError::from)?;
    view(&state, &portal).await
}

/// Enables the account of the unit with registry `code`; its initial password is shown once.
#[tauri::command(async)]
pub fn enable_portal_account(state: State<'_, AppState>, code: String) -> ApiResult<Credentials> {
    state.with(|s| s.enable_unit_account(&ctx(), &code))
}

/// A new initial password for the account `user`, shown once; its sessions end.
#[tauri::command(async)]
pub fn reset_portal_password(state: State<'_, AppState>, user: String) -> ApiResult<Credentials> {
    state.with(|s| s.reset_portal_password(&ctx(), &user))
}

/// Disables the account `user`; its sessions end now.
#[tauri::command(async)]
pub fn disable_portal_account(state: State<'_, AppState>, user: String) -> ApiResult<()> {
    state.with(|s| s.disable_portal_account(&ctx(), &user))
}

/// The units' extension requests: the waiting ones, or all.
#[tauri::command(async)]
pub fn extension_requests(state: State<'_, AppState>, pending_only: bool) -> ApiResult<Vec<ExtensionRequest>> {
    state.read(|s| s.extension_requests(&Caller::Office { name: ACTOR.into() }, pending_only))
}

/// The office accepts (the deadline moves) or refuses a unit's extension request.
#[tauri::command(async)]
pub fn decide_extension_request(state: State<'_, AppState>, id: i64, accept: bool, note: Option<String>) -> ApiResult<()> {
    state.with(|s| s.decide_extension_request(&ctx(), id, accept, ACTOR, note.as_deref()))
}

/// The QR code of `text` (the portal's address), as an SVG document for an `<img>`: a phone
/// opens the portal by pointing its camera at the settings page or at a slip.
#[tauri::command(async)]
pub fn qr_svg(text: String) -> ApiResult<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| ApiError {
        code: dondoc_core::ErrorCode::Validation,
        message: format!("Không tạo được mã QR: {e}."),
        field: None,
    })?;
    Ok(code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
}
