// Reading QR codes in the page, with jsQR bundled into the app (no wasm, nothing fetched): from
// a camera frame or an image file. What a code holds decides what happens next: a contact card
// is taken in, a pairing link fills the Join form.
import jsQR from "jsqr";

export type Scanned =
  | { kind: "card"; vcard: string }
  | { kind: "pairing"; link: string }
  | { kind: "other"; text: string };

/** What a scanned code holds. */
export function classify(text: string): Scanned {
  const trimmed = text.trim();
  if (/^BEGIN:VCARD/i.test(trimmed)) return { kind: "card", vcard: trimmed };
  if (trimmed.startsWith("handschlag://pair?")) return { kind: "pairing", link: trimmed };
  return { kind: "other", text: trimmed };
}

/** The text of the QR code in the picture on `canvas`, if it shows one. */
export function decodeCanvas(canvas: HTMLCanvasElement): string | null {
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context || canvas.width === 0 || canvas.height === 0) return null;
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  // Light codes on dark screens too: a phone showing a card in dark mode.
  return jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" })?.data ?? null;
}

/** Draws `source` on `canvas`, at most `longest` pixels on its longer side. */
export function draw(canvas: HTMLCanvasElement, source: CanvasImageSource, width: number, height: number, longest = 1024): void {
  const scale = Math.min(1, longest / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext("2d", { willReadFrequently: true })?.drawImage(source, 0, 0, canvas.width, canvas.height);
}

/** The text of the QR code in an image file (a photo or screenshot of a code). */
export async function decodeFile(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement("canvas");
  draw(canvas, bitmap, bitmap.width, bitmap.height);
  bitmap.close();
  return decodeCanvas(canvas);
}

