/**
 * @module
 * The camera, asked for only while the scanner is open: the back camera where there is one, its
 * tracks stopped when the scanner closes (the phone's camera light goes off), and each way it can
 * be refused told apart so the cashier reads what to do.
 */
import type { RefObject } from 'react';
import { useEffect, useState } from 'react';

export type CameraStatus = 'starting' | 'live' | 'denied' | 'no-camera' | 'insecure' | 'busy' | 'failed';

/** getUserMedia's DOMException names, as the Media Capture spec defines them. */
export function cameraStatusOf(error: unknown): CameraStatus {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-camera';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'failed';
}

export function useCameraStream(video: RefObject<HTMLVideoElement | null>): CameraStatus {
  const [status, setStatus] = useState<CameraStatus>('starting');

  useEffect(() => {
    // Over plain http on the shop's network the browser hides mediaDevices altogether.
    if (!window.isSecureContext) return setStatus('insecure');
    if (!navigator.mediaDevices?.getUserMedia) return setStatus('no-camera');
    let stream: MediaStream | null = null;
    let closed = false;
    navigator.mediaDevices
      .getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } })
      .then(async (granted) => {
        if (closed) return granted.getTracks().forEach((track) => track.stop());
        stream = granted;
        const element = video.current;
        if (!element) return;
        element.srcObject = granted;
        await element.play();
        if (!closed) setStatus('live');
      })
      .catch((error: unknown) => {
        if (!closed) setStatus(cameraStatusOf(error));
      });
    return () => {
      closed = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [video]);

  return status;
}
