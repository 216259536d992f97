//! How WebKit paints the page, chosen once before GTK starts.
//!
//! WebKitGTK 2.46+ paints with Skia on the GPU by default. On a machine with no usable GPU
//! render node (an office PC without a driver, a VM, Xvfb) Mesa can only offer llvmpipe,
//! software OpenGL, so "GPU" painting means LLVM compiling Skia's shaders on the CPU.
//! Measured here (2 cores, Xvfb, empty store): about one core-second of LLVM work at start
//! and 25 MiB more in the web process than Skia painting on the CPU directly, while keys
//! reach the page just as fast (median 11–12 ms from an X key press to the `input` event).
//! So without a render node we ask WebKit for CPU painting; compositing stays on, because
//! turning it off (`WEBKIT_DISABLE_COMPOSITING_MODE`) made key presses arrive 0.3–0.5 s late.
//! With a GPU, WebKit's default stands.

use std::path::Path;

/// WebKit's switch for Skia CPU painting (read by the web process, which inherits it).
pub const CPU_PAINTING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// True when `dir` (normally `/dev/dri`) holds a render node this user may open, i.e.
/// when Mesa can use a real GPU rather than falling back to software.
pub fn usable_render_node(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.flatten().any(|e| {
        e.file_name().to_string_lossy().starts_with("renderD")
            // A node the user may not open (not in the `render` group) is no GPU for us.
            && std::fs::OpenOptions::new().read(true).write(true).open(e.path()).is_ok()
    })
}

/// Whether to ask for CPU painting: only when the user has not decided already (the
/// variable is set, to anything) and GL can only be software here.
pub fn want_cpu_painting(already_set: bool, render_node: bool, software_gl_forced: bool) -> bool {
    !already_set && (!render_node || software_gl_forced)
}

/// `LIBGL_ALWAYS_SOFTWARE` set to anything but an explicit "off" makes Mesa use software GL.
fn software_gl_forced(value: Option<std::ffi::OsString>) -> bool {
    value.is_some_and(|v| !matches!(v.to_str(), Some("" | "0" | "false" | "no")))
}

/// Sets the painting choice in this process's environment, so the WebKit processes started
/// later inherit it. Call first thing in `main`, while no other thread exists to read the
/// environment at the same time.
pub fn choose() {
    let already_set = std::env::var_os(CPU_PAINTING_VAR).is_some();
    let forced = software_gl_forced(std::env::var_os("LIBGL_ALWAYS_SOFTWARE"));
    if want_cpu_painting(already_set, usable_render_node(Path::new("/dev/dri")), forced) {
        std::env::set_var(CPU_PAINTING_VAR, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_painting_only_without_a_gpu_and_never_against_the_user() {
        assert!(want_cpu_painting(false, false, false), "no render node: software GL");
        assert!(!want_cpu_painting(false, true, false), "a GPU: WebKit's default");
        assert!(want_cpu_painting(false, true, true), "a GPU but software GL forced");
        assert!(!want_cpu_painting(true, false, false), "the user's own setting stands");
        assert!(!want_cpu_painting(true, true, true));
    }

    #[test]
    fn software_gl_is_forced_by_any_value_but_an_explicit_off() {
        assert!(!software_gl_forced(None));
        for off in ["", "0", "false", "no"] {
            assert!(!software_gl_forced(Some(off.into())), "{off:?}");
        }
        for on in ["1", "true", "yes"] {
            assert!(software_gl_forced(Some(on.into())), "{on:?}");
        }
    }

    #[test]
    fn a_render_node_counts_only_when_it_exists_and_opens() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!usable_render_node(&dir.path().join("missing")), "no /dev/dri at all");
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(!usable_render_node(dir.path()), "a card node alone is not a render node");
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(usable_render_node(dir.path()));
    }
}
