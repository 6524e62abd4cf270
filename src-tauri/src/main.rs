//! The desktop binary; everything lives in the library so mobile builds share it.

// No extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    handschlag_desktop_lib::run()
}
