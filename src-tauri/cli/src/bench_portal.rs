//! `bench portal`: the unit portal under load (issue 17). Figures, not a test.
//!
//! On a store (generated when it holds no part), every unit of the registry that has parts
//! gets its account enabled and the office an account; each logs in and changes its initial
//! password (argon2: set-up, not measured). Then the sessions loop at the same time for a
//! number of seconds over real HTTPS, each on its own keep-alive connection: a unit lists
//! the first page of its parts (`GET /api/my/assignments?at=`, the default query: 100 lines)
//! and ticks one of its open parts off (`POST /api/my/assignments/{id}/done`), the office
//! lists the first page of the whole store's. Each request is timed from sending it to the last byte of the answer read.
//!
//! The portal is started in this process on a free port, or, with `--url`, the one already
//! serving that store (the desktop app's, the window open: `bench/portal_bench.py`).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use dondoc_core::portal::Role;
use dondoc_core::{CoreError, Ctx, Store};
use dondoc_devtools::benchdata;
use serde_json::json;

/// What to run.
pub struct Plan {
    /// Seconds the sessions loop.
    pub seconds: u64,
    /// Unit sessions (spread over the units with parts, the busiest first; more sessions
    /// than units log some units in twice, as two desks of one commune).
    pub sessions: usize,
    /// Parts of the store generated when the store holds none.
    pub size: usize,
    /// Pause of each session between two rounds (0: as fast as answers come).
    pub pause: Duration,
    /// A portal already serving the store (`https://127.0.0.1:8443/`); none: start one here.
    pub url: Option<String>,
}

/// The three kinds of timed requests.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    UnitList,
    Tick,
    OfficeList,
}

const KINDS: [(Kind, &str); 3] = [(Kind::UnitList, "unit's list"), (Kind::Tick, "tick (done)"), (Kind::OfficeList, "office's list")];

/// One logged-in session: its cookie, and for a unit the open parts it will tick off
/// (id, whether its task has a target, which then needs a value).
struct Desk {
    user: String,
    cookie: String,
    office: bool,
    open: Vec<(i64, bool)>,
}

/// The timings of one session.
#[derive(Default)]
struct Timings {
    by_kind: Vec<(Kind, Duration, usize)>,
    errors: Vec<String>,
}

fn problem(m: impl Into<String>) -> CoreError {
    CoreError::Conflict(m.into())
}

/// Enables (or renews) the accounts: one per unit with parts, busiest first, and
/// `bench-office`. Returns (user, password, unit id) for each; the office's unit is `None`.
fn accounts(store: &mut Store, ctx: &Ctx) -> Result<Vec<(String, String, Option<i64>)>, CoreError> {
    let units: Vec<(String, i64)> = {
        let mut q = store.conn().prepare(
            "SELECT u.code, u.id FROM unit u JOIN assignment a ON a.unit_id = u.id
              WHERE u.active = 1 AND u.kind NOT IN ('external', 'district')
              GROUP BY u.id ORDER BY count(*) DESC, u.code",
        )?;
        let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        rows
    };
    let mut out = Vec::new();
    for (code, id) in units {
        let c = match store.enable_unit_account(ctx, &code) {
            Err(CoreError::Conflict(_)) => store.reset_portal_password(ctx, &code)?,
            other => other?,
        };
        out.push((c.user, c.password, Some(id)));
    }
    let c = match store.add_office_account(ctx, "bench-office", "Văn phòng (đo hiệu năng)", Role::Office) {
        Err(CoreError::Conflict(_)) => store.reset_portal_password(ctx, "bench-office")?,
        other => other?,
    };
    out.push((c.user, c.password, None));
    Ok(out)
}

/// The open parts of `unit` that can be ticked off today, newest first.
fn open_parts(store: &Store, unit: i64, today: &str) -> Result<Vec<(i64, bool)>, CoreError> {
    let mut q = store.conn().prepare(
        "SELECT a.id, t.target_op IS NOT NULL FROM assignment a JOIN task t ON t.id = a.task_id
          WHERE a.unit_id = ?1 AND a.state IN ('not_started', 'in_progress') AND a.opens_on <= ?2 ORDER BY a.id DESC",
    )?;
    let rows = q.query_map(rusqlite::params![unit, today], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    Ok(rows)
}

/// An HTTPS client that trusts only the portal's certificate (kept beside the store).
fn agent(db: &Path) -> Result<ureq::Agent, CoreError> {
    use rustls::pki_types::pem::PemObject;
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let pem = std::fs::read(dir.join(dondoc_server::CERT_FILE))?;
    let der = rustls::pki_types::CertificateDer::from_pem_slice(&pem).map_err(|e| problem(format!("portal certificate: {e}")))?;
    let mut roots = rustls::RootCertStore::empty();
    roots.add(der).map_err(|e| problem(format!("portal certificate: {e}")))?;
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| problem(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(ureq::AgentBuilder::new().tls_config(Arc::new(tls)).timeout(Duration::from_secs(120)).build())
}

/// The session cookie an answer sets.
fn cookie_of(res: &ureq::Response) -> Option<String> {
    res.all("set-cookie").iter().find_map(|c| c.strip_prefix("__Host-dondoc=").map(|v| v.split(';').next().unwrap_or("").to_string())).filter(|v| !v.is_empty())
}

/// The password a session changes its initial one to (letters and digits, as the rules ask).
fn new_password(initial: &str) -> String {
    format!("{initial}-doi-moi-2025")
}

/// What went wrong with a request, the portal's message included.
fn failure(e: ureq::Error) -> String {
    match e {
        ureq::Error::Status(code, r) => format!("{code} {}", r.into_string().unwrap_or_default()),
        e => e.to_string(),
    }
}

/// Logs `user` in and changes its initial password; returns the session cookie. A
/// throttled log-in (20 a minute from one address) waits and tries again.
fn log_in(agent: &ureq::Agent, base: &str, user: &str, password: &str, change: bool) -> Result<String, CoreError> {
    let started = Instant::now();
    let login = loop {
        match agent.post(&format!("{base}/api/session")).set("Origin", base).send_json(json!({ "user": user, "password": password })) {
            Ok(r) => break r,
            Err(ureq::Error::Status(429, _)) if started.elapsed() < Duration::from_secs(130) => std::thread::sleep(Duration::from_secs(2)),
            Err(e) => return Err(problem(format!("log-in of {user}: {}", failure(e)))),
        }
    };
    let cookie = cookie_of(&login).ok_or_else(|| problem("no session cookie"))?;
    if !change {
        return Ok(cookie);
    }
    let new = new_password(password);
    let res = agent
        .put(&format!("{base}/api/session/password"))
        .set("Origin", base)
        .set("Cookie", &format!("__Host-dondoc={cookie}"))
        .send_json(json!({ "old": password, "new": new }))
        .map_err(|e| problem(format!("password change of {user}: {}", failure(e))))?;
    cookie_of(&res).ok_or_else(|| problem("no session cookie after the password change"))
}

/// Sends one request and reads the whole answer; the time and the body's length.
fn timed(req: ureq::Request, body: Option<serde_json::Value>) -> Result<(Duration, usize), String> {
    let t = Instant::now();
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    let res = res.map_err(failure)?;
    let mut buf = Vec::new();
    res.into_reader().read_to_end(&mut buf).map_err(|e| e.to_string())?;
    Ok((t.elapsed(), buf.len()))
}

/// What every session shares: the portal, the dates, the pace and the start.
struct Round {
    base: String,
    /// The lists' date (the generated store's as-of).
    at: String,
    /// The ticks' date (today: a part cannot be done in the future).
    today: String,
    pause: Duration,
    seconds: u64,
    start: Barrier,
}

/// One session's loop for `round.seconds`.
fn run_desk(agent: ureq::Agent, mut desk: Desk, seed: u64, round: &Round) -> Timings {
    let Round { base, at, today, pause, seconds, start } = round;
    let (pause, seconds) = (*pause, *seconds);
    let mut out = Timings::default();
    let cookie = format!("__Host-dondoc={}", desk.cookie);
    let list_url = format!("{base}/api/my/assignments?at={at}");
    let list = |agent: &ureq::Agent| timed(agent.get(&list_url).set("Cookie", &cookie), None);
    // One list before the clock starts: the connection's TLS handshake is not measured.
    let _ = list(&agent);
    start.wait();
    let until = Instant::now() + Duration::from_secs(seconds);
    // People do not click in step: each session begins at its own moment within the first
    // pause and pauses between 0.5× and 1.5× the pause (a fixed pause after a common start
    // would send every session's request in the same millisecond, round after round).
    let mut jitter = Jitter(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    if !pause.is_zero() {
        std::thread::sleep(pause.mul_f64(jitter.next()));
    }
    let kind = if desk.office { Kind::OfficeList } else { Kind::UnitList };
    while Instant::now() < until {
        match list(&agent) {
            Ok((d, n)) => out.by_kind.push((kind, d, n)),
            Err(e) => out.errors.push(format!("{} list: {e}", desk.user)),
        }
        if let Some((id, target)) = desk.open.pop() {
            let req = agent.post(&format!("{base}/api/my/assignments/{id}/done")).set("Origin", base).set("Cookie", &cookie);
            let mut body = json!({ "on": today, "note": "Đã hoàn thành (đo hiệu năng cổng đơn vị)" });
            if target {
                body["value"] = json!(1);
            }
            match timed(req, Some(body)) {
                Ok((d, n)) => out.by_kind.push((Kind::Tick, d, n)),
                Err(e) => out.errors.push(format!("{} tick {id}: {e}", desk.user)),
            }
        }
        if !pause.is_zero() {
            std::thread::sleep(pause.mul_f64(0.5 + jitter.next()));
        }
    }
    out
}

/// A small deterministic source of fractions in [0, 1) (xorshift64), one per session.
struct Jitter(u64);

impl Jitter {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the first page of the busiest unit's list and of the office's costs in this
/// process, idle, before the load: the core's passes (ids, lines, counts) and the JSON of
/// the answer; 20 runs, medians.
fn breakdown(store: &Store, unit: Option<i64>, at: chrono::NaiveDate) -> Result<String, CoreError> {
    use dondoc_core::portal::{Caller, PageQuery};
    let Some(unit_id) = unit else { return Ok(String::new()) };
    let mut text = String::new();
    let callers = [("the busiest unit's", Caller::Unit { unit_id, name: String::new() }), ("the office's", Caller::Office { name: String::new() })];
    for (who, caller) in callers {
        let (mut query, mut encode, mut rows, mut bytes, mut total) = (Vec::new(), Vec::new(), 0, 0, 0);
        for _ in 0..20 {
            let t = Instant::now();
            let page = store.portal_page(&caller, at, &PageQuery::default())?;
            query.push(t.elapsed());
            let t = Instant::now();
            bytes = serde_json::to_vec(&page.lines)?.len();
            encode.push(t.elapsed());
            (rows, total) = (page.lines.len(), page.total);
        }
        query.sort();
        encode.sort();
        text.push_str(&format!(
            "\n{who} first page in the core, idle (20 runs, median): {rows} of {total} lines, query {}, JSON {} ({:.0} KB)",
            ms(percentile(&query, 0.5)),
            ms(percentile(&encode, 0.5)),
            bytes as f64 / 1000.0
        ));
    }
    text.push('\n');
    Ok(text)
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    let n = sorted.len().max(1);
    sorted.get(((n as f64 * q).ceil() as usize).clamp(1, n) - 1).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else {
        format!("{v:.1} ms")
    }
}

/// Sets the store up, starts or reaches the portal, runs the sessions and returns the
/// figures as Markdown.
pub fn run(db: &Path, plan: &Plan) -> Result<String, CoreError> {
    let ctx = Ctx::new(chrono::Utc::now(), "dondoc-cli bench portal");
    let today = dondoc_core::time::office_date(ctx.now).to_string();
    let mut store = Store::open(db)?;
    let parts: i64 = store.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0))?;
    if parts == 0 {
        benchdata::generate(store.conn_mut(), plan.size, 7)?;
    }
    let parts: i64 = store.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0))?;
    let accounts = accounts(&mut store, &ctx)?;

    // The portal: the one given, or one started here on a free port of loopback.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut portal = None;
    let base = match &plan.url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => {
            let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let mut config = dondoc_server::PortalConfig::new("127.0.0.1:0".parse().expect("address"), dir);
            config.logins_per_minute = 1000;
            let stores = Arc::new(dondoc_server::Stores::open(db, 4)?);
            let handle = runtime.block_on(dondoc_server::start(config, stores))?;
            let base = handle.url.trim_end_matches('/').to_string();
            portal = Some(handle);
            base
        }
    };

    // Log-ins and password changes (argon2): set-up, not measured.
    let units: Vec<_> = accounts.iter().filter(|a| a.2.is_some()).collect();
    let office = accounts.iter().find(|a| a.2.is_none()).expect("the office account");
    let mut desks = Vec::new();
    let mut new_passwords: HashMap<String, String> = HashMap::new();
    for i in 0..plan.sessions {
        let (user, password, unit) = units[i % units.len()];
        let agent = agent(db)?;
        let cookie = match new_passwords.get(user) {
            Some(p) => log_in(&agent, &base, user, p, false)?,
            None => {
                let c = log_in(&agent, &base, user, password, true)?;
                new_passwords.insert(user.clone(), new_password(password));
                c
            }
        };
        desks.push((agent, Desk { user: user.clone(), cookie, office: false, open: Vec::new() }, unit.expect("a unit")));
    }
    let office_agent = agent(db)?;
    let office_cookie = log_in(&office_agent, &base, &office.0, &office.1, true)?;
    // Sessions of one unit tick different parts: its open parts dealt out in turn.
    let mut sharing: HashMap<i64, (usize, usize)> = HashMap::new();
    for (_, _, unit) in &desks {
        sharing.entry(*unit).or_default().0 += 1;
    }
    for (_, desk, unit) in &mut desks {
        let (of, turn) = sharing.get_mut(unit).expect("counted");
        desk.open = open_parts(&store, *unit, &today)?.into_iter().skip(*turn).step_by(*of).collect();
        desk.open.reverse();
        *turn += 1;
    }
    let at = benchdata::as_of();
    let parts_of = breakdown(&store, desks.first().map(|d| d.2), at)?;
    drop(store);

    let at = at.to_string();
    let round = Arc::new(Round { base, at: at.clone(), today, pause: plan.pause, seconds: plan.seconds, start: Barrier::new(desks.len() + 2) });
    let mut threads = Vec::new();
    let office_desk = Desk { user: office.0.clone(), cookie: office_cookie, office: true, open: Vec::new() };
    for (i, (agent, desk)) in desks.into_iter().map(|(a, d, _)| (a, d)).chain(std::iter::once((office_agent, office_desk))).enumerate() {
        let round = round.clone();
        threads.push(std::thread::spawn(move || run_desk(agent, desk, i as u64 + 1, &round)));
    }
    round.start.wait();
    let began = Instant::now();
    let sessions = threads.len();
    let results: Vec<Timings> = threads.into_iter().map(|t| t.join().map_err(|_| problem("a session's thread panicked"))).collect::<Result<_, _>>()?;
    let took = began.elapsed();
    if let Some(h) = portal {
        runtime.block_on(h.stop());
    }

    let mut text = format!(
        "{} sessions ({} unit sessions over {} units, 1 office) for {:.1} s, pause {} ms between rounds; store of {parts} parts, lists as of {at}:\n\n",
        sessions,
        plan.sessions,
        units.len(),
        took.as_secs_f64(),
        plan.pause.as_millis()
    );
    text.push_str("| request | requests | requests/s | median | p95 | max | answer size (median) |\n|---|---:|---:|---:|---:|---:|---:|\n");
    let mut total = 0;
    for (kind, name) in KINDS {
        let mut times: Vec<(Duration, usize)> = results.iter().flat_map(|r| r.by_kind.iter().filter(|x| x.0 == kind).map(|x| (x.1, x.2))).collect();
        total += times.len();
        if times.is_empty() {
            text.push_str(&format!("| {name} | 0 | — | — | — | — | — |\n"));
            continue;
        }
        let mut sizes: Vec<usize> = times.iter().map(|t| t.1).collect();
        sizes.sort();
        times.sort();
        let d: Vec<Duration> = times.iter().map(|t| t.0).collect();
        text.push_str(&format!(
            "| {name} | {} | {:.1} | {} | {} | {} | {:.0} KB |\n",
            d.len(),
            d.len() as f64 / took.as_secs_f64(),
            ms(percentile(&d, 0.5)),
            ms(percentile(&d, 0.95)),
            ms(*d.last().expect("not empty")),
            sizes[sizes.len() / 2] as f64 / 1000.0
        ));
    }
    let errors: Vec<&String> = results.iter().flat_map(|r| r.errors.iter()).collect();
    text.push_str(&format!("| all | {total} | {:.1} | | | | |\n\nerrors: {}\n", total as f64 / took.as_secs_f64(), errors.len()));
    for e in errors.iter().take(5) {
        text.push_str(&format!("    {}\n", e.chars().take(300).collect::<String>()));
    }
    text.push_str(&parts_of);
    Ok(text)
}
