//! Runs tauri-build on `tauri.conf.json` (a link to the one at the repository's root, so that the
//! Tauri CLI, which bundles and builds for phones, finds it beside this crate too), and gives an
//! Android build the permissions the app needs.

/// The camera scans pairing codes and contact cards; the network state tells whether the
/// laptop's hub can be reached. (Android's app template already asks for the internet.)
const ANDROID_PERMISSIONS: &str = r#"<uses-permission android:name="android.permission.CAMERA" />
<uses-feature android:name="android.hardware.camera" android:required="false" />
<uses-permission android:name="android.permission.ACCESS_NETWORK_STATE" />"#;

fn main() {
    // Writes into `gen/android` only when building for Android (the Tauri CLI says where).
    tauri_utils::build::update_android_manifest(
        "HANDSCHLAG PERMISSIONS",
        "manifest",
        ANDROID_PERMISSIONS.into(),
    )
    .expect("cannot update the Android manifest in src-tauri/gen/android");
    tauri_build::build()
}
