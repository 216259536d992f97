//! The page's JavaScript runs in JavaScriptCore's interpreter, without its JIT compilers.
//!
//! The page is a small Svelte UI: it reacts to clicks and keys and renders at most a hundred
//! rows a step, while every query, count and the directive reader run in Rust. JIT tiers pay
//! off only in hot script loops, which this page does not have, and they cost memory
//! (compiled code, profiles, two compiler threads) in a process that stays resident all day
//! in the tray. Measured at 100k (2 cores, Xvfb): whole-tree PSS 303 → 292 MiB; switching
//! views 189–204 → 178–201 ms (medians); X key presses reach the page as fast (median
//! 9–12 ms); starts no slower. A page without a JIT is also a smaller target for hostile
//! text from the store (defence in depth: escaping and the CSP stay the first line).
//! A `JSC_useJIT` the user has set is left as it is.

/// JavaScriptCore's switch, read from the environment by the WebKit processes, which
/// inherit it from the app.
pub const JIT_VAR: &str = "JSC_useJIT";

/// Turns the JIT off unless the user decided. Call first thing in `main`, while no other
/// thread exists to read the environment at the same time.
pub fn choose() {
    if std::env::var_os(JIT_VAR).is_none() {
        std::env::set_var(JIT_VAR, "false");
    }
}
