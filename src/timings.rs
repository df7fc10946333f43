//! Stage timings for profiling: with `BACKGUIDE_TIMINGS=1` in the environment, each stage of a
//! build prints its wall time, the CPU time of all its threads (so `cpu / wall` is how many
//! cores it kept busy), and the process's memory (at its end, and its peak during the stage) to
//! stderr. Off, it costs one env lookup.

use std::time::Instant;

pub struct Timings {
    on: bool,
    last: Instant,
    last_cpu: f64,
}

impl Timings {
    pub fn from_env() -> Self {
        let on = std::env::var_os("BACKGUIDE_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0");
        Timings {
            on,
            last: Instant::now(),
            // Off, not even the one system call.
            last_cpu: if on { cpu_ms() } else { 0.0 },
        }
    }

    /// Report the time since the previous stage ended, under `stage`.
    pub fn stage(&mut self, stage: &str) {
        if !self.on {
            return;
        }
        let now = Instant::now();
        let ms = now.duration_since(self.last).as_secs_f64() * 1000.0;
        self.last = now;
        let cpu = cpu_ms();
        let used = cpu - std::mem::replace(&mut self.last_cpu, cpu);
        let (rss, peak) = memory_mb();
        eprintln!(
            "timing: {stage:<12} {ms:>8.1} ms   cpu {used:>7.1} ms   rss {rss:>5} MB   peak {peak:>5} MB"
        );
        // Start the next stage's peak from its first RSS (Linux: `5` resets VmHWM), so that
        // each line's peak is its own stage's. It resets the process's maximum RSS too, so
        // `/usr/bin/time` then reports the last stage's: measure the peak without timings.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
}

/// The CPU time, user and system, of every thread of the process so far, in ms.
#[cfg(unix)]
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes the struct it is given, which is zeroed and ours.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

#[cfg(not(unix))]
fn cpu_ms() -> f64 {
    0.0
}

/// Current and peak resident memory in MB, from /proc (0 where there is none).
fn memory_mb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
