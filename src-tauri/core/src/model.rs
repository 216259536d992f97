//! Domain vocabulary: the closed sets of values the store accepts, each with its storage
//! code and its Vietnamese label (one word for one thing, as in `notes/ui.md`).

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// Declares a closed vocabulary stored as text: `as_str`, `parse` (with a Vietnamese error
/// listing the allowed values), `label` and serde in the storage form.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The storage code.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Vietnamese label shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a storage code; `field` names the input for the error.
            pub fn parse(field: &'static str, s: &str) -> Result<Self> {
                match s {
                    $($code => Ok($name::$variant),)+
                    _ => Err(CoreError::invalid(field, format!(
                        "{} “{}” không hợp lệ; chọn một trong: {}.",
                        $what, s, [$($label),+].join(", ")
                    ))),
                }
            }
        }
    };
}

vocabulary!(
    /// What kind of body a unit is.
    UnitKind, "Loại đơn vị" {
        /// Thị trấn.
        Town = "town" => "Thị trấn",
        /// Xã.
        Commune = "commune" => "Xã",
        /// Phòng chuyên môn thuộc UBND huyện.
        Department = "department" => "Phòng chuyên môn",
        /// Đơn vị sự nghiệp / bộ phận trực thuộc.
        Agency = "agency" => "Đơn vị trực thuộc",
        /// Cơ quan ngành dọc trên địa bàn.
        External = "external" => "Cơ quan ngoài",
        /// The district's own People's Committee (UBND huyện): its leaders attend at the
        /// main hall. Seeded by the store, never part of the registry file or its groups.
        District = "district" => "UBND huyện",
    }
);

vocabulary!(
    /// Kind of conference.
    ConferenceKind, "Loại hội nghị" {
        /// Hội nghị tổng kết.
        TongKet = "tong_ket" => "Tổng kết",
        /// Hội nghị sơ kết.
        SoKet = "so_ket" => "Sơ kết",
        /// Giao ban.
        GiaoBan = "giao_ban" => "Giao ban",
        /// Chuyên đề.
        ChuyenDe = "chuyen_de" => "Chuyên đề",
        /// Anything else.
        Other = "other" => "Khác",
    }
);

vocabulary!(
    /// How a conference is held.
    ConferenceFormat, "Hình thức" {
        /// Trực tiếp.
        InPerson = "in_person" => "Trực tiếp",
        /// Trực tuyến (video-conference to sites).
        Online = "online" => "Trực tuyến",
        /// Trực tiếp kết hợp trực tuyến.
        Hybrid = "hybrid" => "Kết hợp",
    }
);

vocabulary!(
    /// Where a conference stands.
    ConferenceStatus, "Trạng thái hội nghị" {
        /// Dự kiến.
        Planned = "planned" => "Dự kiến",
        /// Đã họp.
        Held = "held" => "Đã họp",
        /// Đã có kết luận.
        Concluded = "concluded" => "Đã kết luận",
    }
);

vocabulary!(
    /// Whether a video-conference site was connected.
    SiteConnection, "Tình trạng kết nối" {
        /// Kết nối tốt.
        Connected = "connected" => "Đã kết nối",
        /// Không kết nối.
        NotConnected = "not_connected" => "Không kết nối",
        /// Kết nối một phần (gián đoạn).
        Partial = "partial" => "Kết nối một phần",
    }
);

vocabulary!(
    /// An attendee's role at a conference.
    AttendeeRole, "Vai trò" {
        /// Chủ trì.
        Chair = "chair" => "Chủ trì",
        /// Dự và chỉ đạo.
        Directing = "directing" => "Dự và chỉ đạo",
        /// Báo cáo.
        Reporter = "reporter" => "Báo cáo",
        /// Thư ký.
        Secretary = "secretary" => "Thư ký",
        /// Đại biểu.
        Delegate = "delegate" => "Đại biểu",
    }
);

vocabulary!(
    /// A unit's role on a task.
    TaskRole, "Vai trò đơn vị" {
        /// Đơn vị chủ trì: gets an assignment and ticks it off.
        Lead = "lead" => "Chủ trì",
        /// Đơn vị phối hợp: listed and informed; does not tick.
        Coordinator = "coordinator" => "Phối hợp",
    }
);

vocabulary!(
    /// The recorded state of one unit's part of a task.
    AssignmentState, "Trạng thái phần việc" {
        /// Chưa thực hiện.
        NotStarted = "not_started" => "Chưa thực hiện",
        /// Đang thực hiện.
        InProgress = "in_progress" => "Đang thực hiện",
        /// Đã hoàn thành.
        Done = "done" => "Đã hoàn thành",
        /// Đã hủy.
        Cancelled = "cancelled" => "Đã hủy",
    }
);

vocabulary!(
    /// Comparison in a numeric target.
    TargetOp, "Phép so sánh chỉ tiêu" {
        /// Greater than ("trên").
        Gt = ">" => ">",
        /// At least ("ít nhất").
        Ge = ">=" => "≥",
        /// Exactly.
        Eq = "=" => "=",
        /// At most.
        Le = "<=" => "≤",
        /// Less than ("dưới").
        Lt = "<" => "<",
    }
);

vocabulary!(
    /// Whether each unit must reach a target, or the units together.
    TargetScope, "Phạm vi chỉ tiêu" {
        /// Mỗi đơn vị phải đạt.
        Each = "each" => "Mỗi đơn vị",
        /// Tổng các đơn vị phải đạt.
        Total = "total" => "Tổng",
    }
);

vocabulary!(
    /// The level a PAR index (chỉ số CCHC) is scored at: each level has its own framework
    /// and its units are ranked among their peers of the same level.
    ParLevel, "Cấp đánh giá" {
        /// The communes and the town (xã, thị trấn).
        Commune = "commune" => "Cấp xã",
        /// The district itself (UBND huyện), ranked among the province's districts.
        District = "district" => "Cấp huyện",
        /// The district's departments (cơ quan chuyên môn).
        Department = "department" => "Cơ quan chuyên môn",
    }
);

impl TargetOp {
    /// Whether `value` meets `target` under this comparison.
    pub fn holds(self, value: f64, target: f64) -> bool {
        match self {
            TargetOp::Gt => value > target,
            TargetOp::Ge => value >= target,
            TargetOp::Eq => (value - target).abs() < 1e-9,
            TargetOp::Le => value <= target,
            TargetOp::Lt => value < target,
        }
    }
}

/// A numeric target (chỉ tiêu), e.g. "trên 60% hồ sơ được số hóa".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// What is measured, e.g. "Tỷ lệ hồ sơ được số hóa".
    pub metric: String,
    /// Comparison.
    pub op: TargetOp,
    /// The threshold.
    pub value: f64,
    /// Unit of measure, e.g. "%".
    #[serde(default)]
    pub unit: Option<String>,
    /// Each unit, or the total.
    pub scope: TargetScope,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_bad_codes_are_explained() {
        for k in ConferenceFormat::ALL {
            assert_eq!(ConferenceFormat::parse("format", k.as_str()).unwrap(), *k);
        }
        let err = ConferenceFormat::parse("format", "zoom").unwrap_err();
        assert_eq!(err.field(), Some("format"));
        assert!(err.to_string().contains("Trực tuyến"), "lists the choices: {err}");
    }

    #[test]
    fn target_ops() {
        assert!(TargetOp::Gt.holds(60.5, 60.0));
        assert!(!TargetOp::Gt.holds(60.0, 60.0));
        assert!(TargetOp::Ge.holds(60.0, 60.0));
        assert!(TargetOp::Eq.holds(0.0, 0.0));
        assert!(TargetOp::Lt.holds(1.0, 2.0) && !TargetOp::Le.holds(3.0, 2.0));
    }
}
