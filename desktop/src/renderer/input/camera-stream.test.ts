import { describe, expect, it } from 'vitest';
import { cameraStatusOf } from './camera-stream';

describe('why the camera did not start', () => {
  it('tells a refusal, a missing camera and a busy one apart, by the DOMException names getUserMedia uses', () => {
    const named = (name: string) => Object.assign(new Error(name), { name });
    expect(cameraStatusOf(named('NotAllowedError'))).toBe('denied');
    expect(cameraStatusOf(named('SecurityError'))).toBe('denied');
    expect(cameraStatusOf(named('NotFoundError'))).toBe('no-camera');
    expect(cameraStatusOf(named('OverconstrainedError'))).toBe('no-camera');
    expect(cameraStatusOf(named('NotReadableError'))).toBe('busy');
    expect(cameraStatusOf({ name: 'NotAllowedError' })).toBe('denied');
    expect(cameraStatusOf(named('TypeError'))).toBe('failed');
    expect(cameraStatusOf('nonsense')).toBe('failed');
  });
});
