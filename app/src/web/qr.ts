/**
 * QR codes in the page, with well-kept libraries: `qrcode` draws them, `jsqr` reads them — from an image
 * file or from the camera's frames. What they carry is a UPI intent (contracts intents/).
 */
import QRCode from 'qrcode';
import jsQR from 'jsqr';

/** A PNG data URL of `text`. */
export const qrDataUrl = (text: string): Promise<string> =>
  QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 264 });

const pixelsOf = (source: CanvasImageSource, width: number, height: number): ImageData => {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
};

const decode = (image: ImageData): string | undefined =>
  jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data;

/** The text of the QR code in an uploaded image, or undefined when none is found. */
export const readQrFile = async (file: Blob): Promise<string | undefined> => {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, 1200 / Math.max(bitmap.width, bitmap.height));
    return decode(pixelsOf(bitmap, Math.round(bitmap.width * scale), Math.round(bitmap.height * scale)));
  } finally {
    bitmap.close();
  }
};

/** Whether this browser can give the page a camera (needs a secure context: https or localhost). */
export const cameraAvailable = (): boolean => 'getUserMedia' in (globalThis.navigator?.mediaDevices ?? {});

/**
 * Scans the camera's frames until a QR code is read or `signal` aborts.
 * @throws DOMException when the camera is refused or absent
 */
export const scanCamera = async (
  video: HTMLVideoElement,
  signal: AbortSignal,
): Promise<string | undefined> => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  try {
    video.srcObject = stream;
    await video.play();
    while (!signal.aborted) {
      if (video.videoWidth > 0) {
        const text = decode(pixelsOf(video, video.videoWidth, video.videoHeight));
        if (text !== undefined) return text;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return undefined;
  } finally {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  }
};
