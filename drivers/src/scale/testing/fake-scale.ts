/**
 * @module
 * A scripted scale on the far end of a pty pair. `answer` sees each command and returns the reply
 * (or nothing, to stay silent); replies can be split to exercise reassembly.
 */
import { openSerialPeer } from '../../transport/testing/serial-peer';
import type { SerialPeer } from '../../transport/testing/serial-peer';

export interface FakeScale {
  readonly peer: SerialPeer;
  /** Commands received, as text. */
  readonly commands: string[];
  answer: (command: string) => string | string[] | undefined;
  close(): Promise<void>;
}

export async function startFakeScale(peerPath: string, terminator: string, answer: FakeScale['answer']): Promise<FakeScale> {
  const peer = await openSerialPeer(peerPath);
  let pending = '';
  const scale: FakeScale = {
    peer,
    commands: [],
    answer,
    close: () => peer.close(),
  };
  peer.onChunk((chunk) => {
    pending += chunk.toString('latin1');
    for (;;) {
      let command: string;
      if (terminator === '') {
        if (!pending) break;
        command = pending.slice(0, 1);
        pending = pending.slice(1);
      } else {
        const at = pending.indexOf(terminator);
        if (at === -1) break;
        command = pending.slice(0, at);
        pending = pending.slice(at + terminator.length);
      }
      scale.commands.push(command);
      const reply = scale.answer(command);
      const parts = reply === undefined ? [] : Array.isArray(reply) ? reply : [reply];
      void (async () => {
        for (const part of parts) {
          await peer.send(part);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
    }
  });
  return scale;
}
