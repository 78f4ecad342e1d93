/**
 * @module
 * What a scanner does on a good read: a short beep and, on a phone, a buzz. Both best effort: a
 * browser without audio or vibration (iOS has no vibrate) still scans.
 */
let audio: AudioContext | null = null;

export function signalGoodRead(): void {
  try {
    navigator.vibrate?.(60);
  } catch {
    // Not allowed here: the beep still says it.
  }
  try {
    audio ??= new AudioContext();
    const beep = audio.createOscillator();
    const volume = audio.createGain();
    beep.frequency.value = 1760;
    volume.gain.value = 0.08;
    beep.connect(volume).connect(audio.destination);
    beep.start();
    beep.stop(audio.currentTime + 0.08);
  } catch {
    // No audio output: the code went through all the same.
  }
}
