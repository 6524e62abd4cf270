//! QR codes for what another device or phone camera reads: a pairing link, my contact card.

/// The modules of a QR code for `text`, one `0`/`1` string per row (`1` dark), or `None` when
/// `text` is too long for a QR code.
pub fn modules(text: &str) -> Option<Vec<String>> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let dark = |color: &qrcode::Color| match color {
        qrcode::Color::Dark => '1',
        qrcode::Color::Light => '0',
    };
    Some(
        code.to_colors()
            .chunks(code.width())
            .map(|row| row.iter().map(dark).collect())
            .collect(),
    )
}
