/** Reads a UPI QR code: from the camera where the browser gives one, or from an uploaded image. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { cameraAvailable, readQrFile, scanCamera } from '../qr.ts';

export const ScanQr = (props: { onText: (text: string) => void; onProblem: (problem: string) => void }) => {
  const [scanning, setScanning] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!scanning || !video.current) return undefined;
    const stop = new AbortController();
    scanCamera(video.current, stop.signal).then(
      (text) => {
        setScanning(false);
        if (text !== undefined) props.onText(text);
      },
      () => {
        setScanning(false);
        props.onProblem('The camera is not available. Upload a picture of the QR code instead.');
      },
    );
    return () => stop.abort();
  }, [scanning]);
  return (
    <div class="scan">
      {cameraAvailable() && (
        <button class="secondary" name="scan-camera" onClick={() => setScanning(!scanning)}>
          {scanning ? 'Stop camera' : 'Scan with camera'}
        </button>
      )}
      <label class="upload">
        Upload QR image
        <input
          type="file"
          name="qr-image"
          accept="image/*"
          onChange={(event) => {
            const input = event.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (!file) return;
            void readQrFile(file)
              .catch(() => undefined)
              .then((text) => {
                if (text === undefined) props.onProblem('No QR code found in that picture.');
                else props.onText(text);
              });
          }}
        />
      </label>
      {scanning && <video ref={video} class="camera" muted playsInline />}
    </div>
  );
};
