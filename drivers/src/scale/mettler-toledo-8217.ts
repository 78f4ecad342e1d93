/**
 * @module
 * Mettler-Toledo 8217 ("weight only") protocol, as on the Ariva-S and Viva (protocol option 3),
 * and the protocol most Italian retail scales can emulate. 9600 baud, 7 data bits, even parity.
 *
 *   W → STX "ww.www" CR         stable weight in kg (an "N" may follow the digits: net weight)
 *   W → STX "?" status CR      no weight: status bits 0 motion, 1 over capacity, 2 under zero
 *                                (3 outside zero capture range, 4 centre of zero, 5 net)
 *   Z zero, T tare, C clear tare: no answer.
 */
import type { ScaleProtocol, ScaleReading } from './scale-protocol';
import { kilogramsTextToGrams } from './scale-protocol';

const STX = '\x02';
const CR = '\r';

export const mettlerToledo8217: ScaleProtocol = {
  name: 'Mettler-Toledo 8217',
  serial: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1, flowControl: 'none' },
  weighCommand: 'W',
  zeroCommand: 'Z',
  tareCommand: 'T',
  clearCommand: 'C',
  parse(buffer) {
    const start = buffer.indexOf(STX);
    if (start === -1) return undefined;
    const end = buffer.indexOf(CR, start + 1);
    if (end === -1) return undefined;
    const body = buffer.slice(start + 1, end);
    const rest = buffer.slice(end + 1);
    return { reading: parseBody(body), rest };
  },
};

function parseBody(body: string): ScaleReading {
  const status = /^\s*\?(.)$/s.exec(body);
  if (status?.[1] !== undefined) {
    const raw = status[1].charCodeAt(0);
    return { kind: 'status', raw, motion: (raw & 0x01) !== 0, overCapacity: (raw & 0x02) !== 0, underZero: (raw & 0x04) !== 0 };
  }
  const weight = /^\s*([0-9]*\.?[0-9]+)N?$/.exec(body);
  if (!weight?.[1]) throw new Error(`not an 8217 answer: ${JSON.stringify(STX + body + CR)}`);
  // The 8217 sends a weight only when it is stable; otherwise it sends the status.
  return { kind: 'weight', grams: kilogramsTextToGrams(weight[1]), stable: true };
}
