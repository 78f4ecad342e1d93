/**
 * @module
 * Adam Equipment scales (AZextra, CBK/GBK, CBD…): 4800 baud 8N1, "P" CR LF asks for a print, the
 * scale answers one line ending CR LF. Line formats vary by model and label setting; what they
 * share is a number followed by the unit, sometimes with "ST"/"US" (stable/unstable), "GS"/"NT"
 * (gross/net) fields and a sign, e.g. "   1.234kg", "ST,GS,+  1.234 kg", "US,NT,-0.005kg".
 * Set the scale to kg. Some models (AZextra) stay silent when the weight has not changed since the
 * last print: that shows up as "no answer in time".
 */
import type { ScaleProtocol, ScaleReading } from './scale-protocol';
import { kilogramsTextToGrams } from './scale-protocol';

export const adamEquipment: ScaleProtocol = {
  name: 'Adam Equipment',
  serial: { baudRate: 4800, dataBits: 8, parity: 'none', stopBits: 1, flowControl: 'none' },
  weighCommand: 'P\r\n',
  zeroCommand: 'Z\r\n',
  tareCommand: 'T\r\n',
  parse(buffer) {
    let rest = buffer;
    for (;;) {
      const match = /\r\n|\n/.exec(rest);
      if (!match) return undefined;
      const line = rest.slice(0, match.index);
      rest = rest.slice(match.index + match[0].length);
      if (line.trim() !== '') return { reading: parseLine(line), rest };
    }
  },
};

function parseLine(line: string): ScaleReading {
  const upper = line.toUpperCase();
  if (/\bO-?L\b|OVERLOAD/.test(upper)) return { kind: 'status', raw: 0, motion: false, overCapacity: true, underZero: false };
  const weight = /([+-]?)\s*([0-9]*\.?[0-9]+)\s*(KG|G)\b/.exec(upper);
  if (!weight?.[2]) throw new Error(`not an Adam answer: ${JSON.stringify(line)}`);
  const negative = weight[1] === '-';
  const grams = weight[3] === 'G' ? Math.round(Number(weight[2])) : kilogramsTextToGrams(weight[2]);
  if (negative && grams > 0) return { kind: 'status', raw: 0, motion: false, overCapacity: false, underZero: true };
  return { kind: 'weight', grams, stable: !/\bUS\b/.test(upper) };
}
