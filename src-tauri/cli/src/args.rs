//! The command line, as clap reads it. Help texts are Vietnamese: the office reads them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "dondoc-cli", version, about = "Công cụ quản trị Đôn đốc (dùng chung dữ liệu với ứng dụng)")]
pub struct Cli {
    /// Tệp dữ liệu SQLite (mặc định: biến DONDOC_DB, hoặc thư mục dữ liệu của ứng dụng).
    #[arg(long, global = true)]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Danh mục đơn vị.
    Units {
        #[command(subcommand)]
        command: UnitsCommand,
    },
    /// Xuất toàn bộ dữ liệu thành một tài liệu JSON.
    Export {
        /// Định dạng JSON (định dạng duy nhất hiện có).
        #[arg(long)]
        json: bool,
        /// Ghi ra tệp thay vì màn hình.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Nạp dữ liệu mẫu: hội nghị trực tuyến kiểm điểm CCHC năm 2022 của UBND huyện Mỹ Lộc.
    Demo,
    /// Gửi nhắc việc đến hạn qua thông báo trên máy (cùng quy tắc với ứng dụng).
    Remind {
        /// Chỉ gửi những gì đến hạn tại thời điểm --at (hoặc bây giờ) rồi thoát.
        #[arg(long)]
        once: bool,
        /// Thời điểm (RFC 3339, ví dụ 2023-02-21T07:30:00+07:00); mặc định bây giờ.
        #[arg(long)]
        at: Option<String>,
    },
    /// Đặt một nhắc việc riêng cho một phần việc.
    CustomReminder {
        /// Mã phần việc (id).
        #[arg(long)]
        assignment: i64,
        /// Thời điểm nhắc, giờ Việt Nam (dd/mm/yyyy HH:MM[:SS]).
        #[arg(long)]
        at: String,
        /// Nội dung nhắc.
        #[arg(long)]
        note: Option<String>,
    },
    /// Tạo kho dữ liệu đo hiệu năng (xác định theo seed) vào một kho trống.
    BenchData {
        /// Số phần việc.
        #[arg(long)]
        assignments: usize,
        /// Hạt giống ngẫu nhiên.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Đo hiệu năng lõi trên các kho dữ liệu tạo ra.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Máy chủ thông báo tối giản ghi lại mọi thông báo nhận được (mỗi dòng một JSON) — để kiểm thử.
    NotificationServer {
        /// Ghi vào tệp thay vì màn hình.
        #[arg(long)]
        out: Option<PathBuf>,
        /// "Bấm" vào mỗi thông báo có thể bấm sau bấy nhiêu mili giây (mô phỏng người dùng).
        #[arg(long)]
        click_after_ms: Option<u64>,
    },
    /// Phần việc của các đơn vị.
    Tasks {
        #[command(subcommand)]
        command: TasksCommand,
    },
    /// Xuất Thông báo kết luận của một hội nghị (.docx theo thể thức Nghị định 30/2020/NĐ-CP).
    Notice {
        /// Mã hội nghị.
        #[arg(long)]
        conference: i64,
        /// Tệp .docx cần tạo.
        #[arg(long)]
        out: PathBuf,
        /// Số thông báo (mặc định: số của hội nghị nếu đã cấp, nếu không thì số trống tiếp theo trong năm).
        #[arg(long)]
        number: Option<u32>,
        /// Ngày thông báo (YYYY-MM-DD hoặc dd/mm/yyyy; mặc định: ngày đã ghi trên hội nghị, hoặc hôm nay).
        #[arg(long)]
        date: Option<String>,
        /// Ghi đè tệp đã có.
        #[arg(long)]
        force: bool,
    },
    /// Báo cáo tình hình thực hiện các nhiệm vụ được giao (Excel hoặc CSV), tính đến một ngày: toàn huyện, một hội nghị hoặc một đơn vị.
    Report(crate::report::ReportArgs),
    /// Chỉ số cải cách hành chính (chỉ số CCHC): khung chỉ số, nhập điểm từ bảng tính, bảng xếp hạng, xuất Excel.
    Par {
        #[command(subcommand)]
        command: crate::par::ParCommand,
    },
    /// Thống kê theo đơn vị, tính đến một ngày.
    Stats {
        /// Tính đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay.
        #[arg(long)]
        at: Option<String>,
        /// Chỉ đơn vị này: mã, tên hoặc tên viết tắt (có dấu hay không), hoặc nhóm (@communes).
        #[arg(long)]
        unit: Option<String>,
        /// In JSON (mỗi đơn vị một đối tượng).
        #[arg(long)]
        json: bool,
    },
    /// Nhập toàn bộ dữ liệu từ một bản xuất JSON vào kho trống.
    Import {
        /// Tệp JSON do `export --json` tạo ra.
        #[arg(long)]
        json: PathBuf,
        /// Thay thế toàn bộ dữ liệu hiện có.
        #[arg(long)]
        replace: bool,
    },
    /// Sao lưu tệp dữ liệu và thư mục minh chứng thành một tệp .zip (mặc định vào thư mục sao lưu đã chọn trong ứng dụng, hoặc thư mục backups cạnh tệp dữ liệu, rồi dọn các bản cũ).
    Backup {
        #[command(subcommand)]
        command: Option<BackupCommand>,
        /// Ghi bản sao lưu vào đúng tệp này (không ghi đè tệp đã có).
        #[arg(long)]
        out: Option<PathBuf>,
        /// In JSON.
        #[arg(long)]
        json: bool,
    },
    /// Khôi phục dữ liệu từ một bản sao lưu (.zip); dữ liệu hiện tại được sao lưu trước.
    Restore {
        /// Tệp sao lưu.
        file: PathBuf,
        /// In JSON.
        #[arg(long)]
        json: bool,
    },
    /// Tiến trình ghi liên tục cho phép thử ngắt đột ngột (`bench crash`); không dùng cho kho thật.
    #[command(hide = true)]
    CrashWriter {
        /// Nhật ký các lần ghi (mỗi dòng một JSON).
        #[arg(long)]
        log: PathBuf,
        /// Hạt giống ngẫu nhiên.
        #[arg(long)]
        seed: u64,
        /// Thư mục minh chứng (mặc định: thư mục evidence cạnh tệp dữ liệu, như ứng dụng).
        #[arg(long)]
        evidence: Option<PathBuf>,
        /// Dừng sau bấy nhiêu lần ghi (mặc định: ghi đến khi bị ngắt).
        #[arg(long)]
        writes: Option<u64>,
    },
    /// Đọc kết luận hội nghị thành các nhiệm vụ đề xuất (bộ đọc chỉ đạo).
    Directives {
        #[command(subcommand)]
        command: DirectivesCommand,
    },
    /// Tài khoản cổng đơn vị: bật, đặt lại mật khẩu, khóa, liệt kê.
    Accounts {
        #[command(subcommand)]
        command: crate::accounts::AccountsCommand,
    },
    /// Máy đơn vị: kết nối kho này tới cổng của Văn phòng (in kết nối dạng JSON).
    Connect {
        /// Địa chỉ cổng đơn vị của Văn phòng, ví dụ https://192.168.1.10:8443/.
        #[arg(long)]
        server: String,
        /// Tên đăng nhập của đơn vị.
        #[arg(long)]
        user: String,
        /// Mật khẩu (mật khẩu trên phiếu ở lần đầu).
        #[arg(long)]
        password: String,
        /// Mã chứng chỉ (SHA-256) trên phiếu hoặc trang Cài đặt của Văn phòng.
        #[arg(long)]
        fingerprint: String,
        /// Mật khẩu mới, khi mật khẩu trên phiếu phải đổi ở lần đăng nhập đầu.
        #[arg(long)]
        new_password: Option<String>,
    },
    /// Máy đơn vị: gửi các thao tác đang chờ và lấy lại danh sách từ Văn phòng; in {"pulled","sent","conflicts"}.
    Sync,
    /// Máy đơn vị: đăng xuất (xóa phiên đăng nhập khỏi kho khóa của hệ điều hành); danh sách đã lấy vẫn giữ.
    Disconnect,
    /// Lịch (.ics) các hạn chưa hoàn thành của cả huyện hoặc một đơn vị; in {"out","events"}.
    Calendar(crate::calendar::CalendarArgs),
    /// Chạy cổng đơn vị (HTTPS) trên mạng nội bộ; in một dòng JSON {"url","fingerprint"} khi đã sẵn sàng.
    Serve {
        /// Địa chỉ và cổng lắng nghe.
        #[arg(long, default_value = "0.0.0.0:8443")]
        listen: std::net::SocketAddr,
        /// Chứng chỉ của văn phòng (PEM); mặc định tự tạo chứng chỉ cạnh tệp dữ liệu.
        #[arg(long, requires = "key")]
        cert: Option<PathBuf>,
        /// Khóa riêng của chứng chỉ (PEM).
        #[arg(long, requires = "cert")]
        key: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Liệt kê các bản sao lưu trong thư mục mặc định, mới nhất trước.
    List {
        /// In JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum DirectivesCommand {
    /// Đọc một văn bản kết luận từ đầu vào chuẩn và in các nhiệm vụ đề xuất (mảng JSON).
    Parse {
        /// Ngày họp (YYYY-MM-DD hoặc dd/mm/yyyy), mốc cho các thời hạn tương đối.
        #[arg(long)]
        meeting_date: String,
        /// Danh mục đơn vị theo định dạng units.json; mặc định: danh mục trong kho dữ liệu đã có (không tạo kho mới).
        #[arg(long)]
        units: Option<PathBuf>,
    },
    /// Đọc mọi tình huống *.json trong DIR (chỉ dùng text và meeting_date), ghi dự đoán vào OUT/‹cùng tên›.
    ParseCorpus {
        /// Thư mục tình huống.
        dir: PathBuf,
        /// Thư mục ghi kết quả.
        #[arg(long)]
        out: PathBuf,
        /// Danh mục đơn vị theo định dạng units.json; mặc định: danh mục trong kho dữ liệu đã có (không tạo kho mới).
        #[arg(long)]
        units: Option<PathBuf>,
    },
    /// Ghi mỗi lần Văn phòng rà soát đề xuất của bộ đọc thành một tình huống (office-‹hội nghị›-‹n›.json); in {"out","cases"}.
    Corrections {
        /// Thư mục ghi các tình huống (tạo nếu chưa có).
        #[arg(long)]
        out: PathBuf,
        /// Ghi đè tệp đã có.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Các thao tác lõi: trung vị và p95 cho từng kích thước kho.
    Core {
        /// Kích thước kho (số phần việc), cách nhau bởi dấu phẩy.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
        sizes: Vec<usize>,
        /// Hạt giống.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Số lần đo mỗi thao tác nhanh.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Thư mục chứa kho đo (mặc định thư mục tạm); kho được tạo trong một thư mục con và xóa khi xong.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Phép thử ngắt đột ngột: ngắt (SIGKILL) tiến trình đang ghi nhiều lần, mỗi lần kiểm tra lại kho.
    Crash {
        /// Số lần ngắt.
        #[arg(long, default_value_t = 500)]
        kills: usize,
        /// Hạt giống (mặc định theo đồng hồ; luôn được in ra để chạy lại).
        #[arg(long)]
        seed: Option<u64>,
        /// Số phần việc của kho tạo ra lúc đầu.
        #[arg(long, default_value_t = 1000)]
        size: usize,
        /// Thư mục chứa kho thử (mặc định thư mục tạm); kho nằm trong một thư mục con, xóa khi xong.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// In kết quả dạng JSON.
        #[arg(long)]
        json: bool,
    },
    /// Đọc (tổng quan, trang đơn vị) trong khi một lần nhập thay thế toàn bộ chạy qua kết nối ghi.
    Load {
        /// Số phần việc của kho.
        #[arg(long, default_value_t = 100_000)]
        size: usize,
        /// Hạt giống.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Số lần đọc khi rảnh.
        #[arg(long, default_value_t = 50)]
        reads: usize,
    },
    /// Cổng đơn vị dưới tải: các phiên đơn vị và văn phòng cùng xem danh sách và đánh dấu hoàn thành qua HTTPS (cần --db; kho trống thì tạo kho đo).
    Portal {
        /// Số giây đo.
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        /// Số phiên đơn vị (chia đều cho các đơn vị có phần việc).
        #[arg(long, default_value_t = 29)]
        sessions: usize,
        /// Số phần việc của kho tạo ra khi kho chưa có phần việc nào.
        #[arg(long, default_value_t = 100_000)]
        size: usize,
        /// Nghỉ trung bình giữa hai lượt của mỗi phiên (mili giây; mỗi lần từ 0,5 đến 1,5 lần, các phiên bắt đầu lệch nhau; 0: liên tục).
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
        /// Cổng đang chạy trên chính kho này (ví dụ của ứng dụng); mặc định chạy một cổng ngay trong lệnh.
        #[arg(long)]
        url: Option<String>,
    },
    /// Báo cáo tình hình thực hiện của toàn huyện trên một kho đo: thời gian lập báo cáo, ghi tệp .xlsx và .csv, bộ nhớ.
    Report {
        /// Số phần việc của kho đo.
        #[arg(long, default_value_t = 100_000)]
        assignments: usize,
        /// Hạt giống.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Thư mục chứa kho đo và các tệp (mặc định thư mục tạm); dùng một thư mục con, xóa khi xong.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Bộ đọc kết luận: một văn bản khoảng 50 KB.
    Reader {
        /// Thư mục tình huống (ví dụ ../shared/directives/dev) để ghép văn bản; mặc định văn bản mẫu.
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Số lần đo.
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
}

#[derive(Subcommand)]
pub enum TasksCommand {
    /// Liệt kê phần việc (mỗi đơn vị chủ trì một dòng).
    List {
        /// In JSON.
        #[arg(long)]
        json: bool,
        /// Chỉ đơn vị này: mã, tên hoặc tên viết tắt (có dấu hay không), hoặc nhóm (@communes).
        #[arg(long)]
        unit: Option<String>,
        /// Chỉ trạng thái này (done_on_time, overdue, ...).
        #[arg(long)]
        status: Option<String>,
        /// Tính đến ngày; mặc định hôm nay.
        #[arg(long)]
        at: Option<String>,
    },
    /// Giao một nhiệm vụ không thuộc hội nghị (theo văn bản) cho một hay nhiều đơn vị.
    Add {
        /// Tên nhiệm vụ.
        #[arg(long)]
        title: String,
        /// Đơn vị chủ trì: mã, tên hoặc nhóm (@communes); lặp lại để giao nhiều đơn vị.
        #[arg(long = "unit", required = true)]
        units: Vec<String>,
        /// Văn bản giao việc, ví dụ "TB số 12/TB-UBND".
        #[arg(long)]
        source: String,
        /// Thời hạn.
        #[arg(long)]
        deadline: Option<String>,
        /// Ngày giao (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay. Các kỳ của nhiệm vụ định kỳ tính từ ngày này.
        #[arg(long)]
        given_on: Option<String>,
        /// Chu kỳ lặp: daily, weekly[:fri], monthly[:25], quarterly, semiannual, yearly[:03-31].
        #[arg(long)]
        recurrence: Option<String>,
    },
    /// Đánh dấu một phần việc đã hoàn thành.
    Done {
        /// Mã phần việc (id).
        id: i64,
        /// Ngày hoàn thành.
        #[arg(long)]
        on: String,
        /// Ghi chú.
        #[arg(long)]
        note: Option<String>,
        /// Kết quả đạt được (nhiệm vụ có chỉ tiêu).
        #[arg(long)]
        value: Option<f64>,
    },
}

#[derive(Subcommand)]
pub enum UnitsCommand {
    /// Nhập danh mục đơn vị (định dạng units.json): cập nhật theo mã, không xóa đơn vị nào.
    Import {
        /// Tệp danh mục.
        file: PathBuf,
    },
    /// Liệt kê đơn vị.
    List {
        /// In JSON.
        #[arg(long)]
        json: bool,
    },
    /// Xuất danh mục theo định dạng units.json.
    Export {
        /// Ghi ra tệp thay vì màn hình.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}
