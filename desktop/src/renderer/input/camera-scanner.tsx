/**
 * @module
 * The camera as a barcode scanner. Opened by the cashier (the camera is asked for only then), it
 * reads frames a few times a second and hands each new code to `onCode`, the same way a hardware
 * scanner's code arrives, so in-store weight and price labels ring up exactly as from a scanner.
 * A code held in front of the lens counts once (see `ScanCooldown`). A refusal or a missing camera
 * says so in the cashier's language; typing and the hardware scanner keep working meanwhile.
 * C's pairing screen uses it with `formats={['qr']}` to read head office's pairing QR.
 */
import type { RefObject } from 'react';
import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../components/dialog';
import type { BarcodeDecoder, Symbology } from './barcode-decoder';
import { ScanCooldown, createBarcodeDecoder, retailSymbologies } from './barcode-decoder';
import { signalGoodRead } from './camera-feedback';
import type { CameraStatus } from './camera-stream';
import { useCameraStream } from './camera-stream';
import { usePhoneText } from './phone-i18n';
import { zxingReaderWasmUrl } from './zxing-wasm-url';

export type { Symbology } from './barcode-decoder';

export interface CameraScannerProps {
  readonly onCode: (code: string, symbology: Symbology) => void;
  readonly onClose: () => void;
  /** What to read; the retail symbologies (EAN-13/8, UPC-A/E, Code 128) unless given. */
  readonly formats?: readonly Symbology[];
  /** The dialog's title; "Scan with the camera" unless given. */
  readonly title?: string;
}

// Frames are scaled down to this longest side: enough for an EAN-13 filling a third of the view,
// and a phone's CPU reads a 960 px frame in tens of milliseconds.
const maxFrameSide = 960;
const frameIntervalMs = 120;

function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): ImageData | null {
  const { videoWidth, videoHeight } = video;
  if (videoWidth === 0 || videoHeight === 0) return null;
  const ratio = Math.min(1, maxFrameSide / Math.max(videoWidth, videoHeight));
  canvas.width = Math.round(videoWidth * ratio);
  canvas.height = Math.round(videoHeight * ratio);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/** Reads frames while the camera is live; one frame at a time, never a queue of them. */
function useFrameReader(options: {
  video: RefObject<HTMLVideoElement | null>;
  live: boolean;
  formats: readonly Symbology[];
  onRead: (code: string, symbology: Symbology) => void;
}): 'loading' | 'ready' | 'failed' {
  const { video, live, formats, onRead } = options;
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const onReadRef = useRef(onRead);
  onReadRef.current = onRead;
  const formatKey = formats.join(',');

  useEffect(() => {
    if (!live) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const canvas = document.createElement('canvas');
    const cooldown = new ScanCooldown();
    const loop = async (decoder: BarcodeDecoder) => {
      if (stopped) return;
      const element = video.current;
      const frame = element ? grabFrame(element, canvas) : null;
      const found = frame ? await decoder.decode(frame).catch(() => []) : [];
      for (const { code, symbology } of found) {
        if (!stopped && cooldown.accept(code, performance.now())) onReadRef.current(code, symbology);
      }
      if (!stopped) timer = setTimeout(() => void loop(decoder), frameIntervalMs);
    };
    createBarcodeDecoder(formatKey.split(',') as Symbology[], { url: zxingReaderWasmUrl })
      .then((decoder) => {
        if (stopped) return;
        setState('ready');
        void loop(decoder);
      })
      .catch(() => {
        if (!stopped) setState('failed');
      });
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [video, live, formatKey]);

  return state;
}

const problemKey: Partial<Record<CameraStatus, string>> = {
  denied: 'camera.denied',
  'no-camera': 'camera.noCamera',
  insecure: 'camera.insecure',
  busy: 'camera.busy',
  failed: 'camera.failed',
};

export function CameraScanner({ onCode, onClose, formats = retailSymbologies, title }: CameraScannerProps) {
  const { t } = usePhoneText();
  const video = useRef<HTMLVideoElement>(null);
  const status = useCameraStream(video);
  const [lastRead, setLastRead] = useState<string | null>(null);
  const reader = useFrameReader({
    video,
    live: status === 'live',
    formats,
    onRead: (code, symbology) => {
      signalGoodRead();
      setLastRead(code);
      onCode(code, symbology);
    },
  });

  const problem = problemKey[status] ?? (reader === 'failed' ? 'camera.decoderFailed' : undefined);
  const hint = formats.length === 1 && formats[0] === 'qr' ? t('camera.liveQr') : t('camera.live');
  return (
    <Dialog title={title ?? t('camera.title')} onClose={onClose}>
      <div className="camera-scanner">
        <video ref={video} className="camera-view" muted playsInline aria-hidden={problem ? true : undefined} hidden={Boolean(problem)} />
        {problem ? (
          <p role="alert" className="error">{t(problem)}</p>
        ) : (
          <p role="status" className="muted">
            {status === 'starting' || reader === 'loading' ? t('camera.starting') : lastRead ? t('camera.read', { code: lastRead }) : hint}
          </p>
        )}
        <button type="button" onClick={onClose}>{t('camera.close')}</button>
      </div>
    </Dialog>
  );
}
