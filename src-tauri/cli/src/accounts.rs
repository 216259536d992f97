//! `dondoc-cli accounts …`: the office's side of the unit portal's accounts. A password is
//! printed once, as JSON, when it is made; the store keeps only its hash.

use clap::Subcommand;
use dondoc_core::portal::Role;
use dondoc_core::{CoreError, Store};

/// Tài khoản cổng đơn vị.
#[derive(Subcommand, Debug)]
pub enum AccountsCommand {
    /// Bật tài khoản của một đơn vị (theo mã trong danh mục); in {"user","password"} một lần.
    Enable {
        /// Mã đơn vị, ví dụ xa-my-ha.
        code: String,
    },
    /// Cấp mật khẩu mới (đơn vị phải đổi khi đăng nhập); in {"user","password"} một lần.
    Reset {
        /// Tên đăng nhập (mã đơn vị).
        user: String,
    },
    /// Khóa tài khoản: không đăng nhập được nữa, các phiên đang mở kết thúc ngay.
    Disable {
        /// Tên đăng nhập (mã đơn vị).
        user: String,
    },
    /// Thêm tài khoản văn phòng (office) hoặc lãnh đạo (leader, chỉ xem); in {"user","password"}.
    Add {
        /// Tên đăng nhập (chữ không dấu, số, - _ .).
        user: String,
        /// Vai trò: office hoặc leader.
        #[arg(long)]
        role: String,
        /// Tên hiển thị, ví dụ "Chủ tịch UBND huyện".
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Liệt kê tài khoản: mọi đơn vị trong danh mục và các tài khoản văn phòng.
    List {
        /// In JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs an `accounts` command on `store` as `ctx`.
pub fn run(store: &mut Store, ctx: &dondoc_core::Ctx, command: AccountsCommand) -> Result<(), CoreError> {
    let credentials = match command {
        AccountsCommand::Enable { code } => store.enable_unit_account(ctx, &code)?,
        AccountsCommand::Reset { user } => store.reset_portal_password(ctx, &user)?,
        AccountsCommand::Add { user, role, name } => store.add_office_account(ctx, &user, &name, Role::parse(&role)?)?,
        AccountsCommand::Disable { user } => {
            store.disable_portal_account(ctx, &user)?;
            eprintln!("Đã khóa tài khoản {user}; các phiên đang mở đã kết thúc.");
            return Ok(());
        }
        AccountsCommand::List { json } => {
            let all = store.portal_accounts()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                for a in all {
                    let state = match (a.enabled, a.must_change, &a.locked_until) {
                        (false, ..) => "tắt",
                        (true, _, Some(_)) => "tạm khóa",
                        (true, true, None) => "chờ đổi mật khẩu",
                        (true, false, None) => "đang dùng",
                    };
                    println!("{:<16} {:<7} {:<17} {}", a.user, a.role.as_str(), state, a.name);
                }
            }
            return Ok(());
        }
    };
    println!("{}", serde_json::to_string(&credentials)?);
    Ok(())
}
