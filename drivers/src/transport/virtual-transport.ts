/**
 * @module
 * `virtual:` devices: in-memory stand-ins so the till can be demonstrated, trained on and tested
 * without hardware. Each answers just enough of its protocol to look alive.
 */
import type { VirtualDeviceKind } from '../connection/connection-string';
import { FakeTransport } from './fake-transport';
import type { FakeResponder } from './fake-transport';

const DLE = 0x10;
const EOT = 0x04;

/** A printer answering DLE EOT n with the idle baseline 0x12 ("online, cover shut, paper ok"). */
const printerResponder: FakeResponder = (bytes) => {
  let replies = 0;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === DLE && bytes[i + 1] === EOT) replies += 1;
  }
  return replies > 0 ? new Uint8Array(replies).fill(0x12) : undefined;
};

/** A Mettler-Toledo 8217 scale with 1.234 kg stable on the plate. */
const scaleResponder: FakeResponder = (bytes) => {
  const text = new TextDecoder('latin1').decode(bytes);
  if (text.includes('W')) return '\x0201.234\r';
  return undefined;
};

export function createVirtualTransport(kind: VirtualDeviceKind): FakeTransport {
  const description = `virtual:${kind}`;
  switch (kind) {
    case 'printer':
    case 'drawer':
      return new FakeTransport({ description, responder: printerResponder });
    case 'scale':
      return new FakeTransport({ description, responder: scaleResponder, replyDelayMs: 5 });
    case 'scanner':
    case 'display':
      return new FakeTransport({ description });
  }
}
