import { afterEach, describe, expect, it } from 'vitest';
import { startFakeScale } from '../scale/testing/fake-scale';
import { VfdEmulator } from '../display/testing/vfd-emulator';
import { openPtyPair } from '../transport/testing/pty-pair';
import { openSerialPeer } from '../transport/testing/serial-peer';
import { exitCodes, runDevicesCli } from './devices-cli';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWithEnv({}, ...argv);
}

async function cliWithEnv(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDevicesCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('devices CLI', () => {
  it('usage problems exit 2 with a message', async () => {
    expect((await cli()).code).toBe(exitCodes.usage);
    expect(await cli('frob')).toMatchObject({ code: 2, err: expect.stringContaining("unknown verb 'frob'") as unknown });
    expect(await cli('weigh')).toMatchObject({ code: 2, err: expect.stringContaining('missing connection string') as unknown });
    expect(await cli('weigh', 'serial:/dev/ttyS0?baudRate=fast')).toMatchObject({
      code: 2,
      err: expect.stringContaining("baudRate 'fast' is not a number in 'serial:/dev/ttyS0?baudRate=fast'") as unknown,
    });
    expect((await cli('drawer', 'virtual:printer', '--pin', '3')).code).toBe(2);
    expect((await cli('weigh', 'virtual:scale', '--protocol', 'dibal')).code).toBe(2);
    expect((await cli('help')).code).toBe(0);
  });

  it('list reports every source and exits 0 whatever is missing', async () => {
    const { code, out } = await cli('list');
    expect(code).toBe(0);
    for (const source of ['serial:', 'usb:', 'hid:', 'lp:']) expect(out).toContain(source);
  });

  it('print-test, status and drawer on the virtual printer', async () => {
    const printed = await cli('print-test', 'virtual:printer');
    expect(printed.code).toBe(0);
    expect(printed.out).toMatch(/printed the test receipt \(\d+ bytes\)/);
    expect((await cli('status', 'virtual:printer')).out).toMatch(/online/);
    expect(await cli('drawer', 'virtual:printer', '--pin', '5')).toMatchObject({ code: 0, out: expect.stringContaining('pin 5') as unknown });
  });

  it('print-test takes the profile from CASSA_PRINTER_PROFILE, as the till does; --profile still wins', async () => {
    const narrow = await cliWithEnv({ CASSA_PRINTER_PROFILE: 'generic-58mm' }, 'print-test', 'virtual:printer');
    expect(narrow.code).toBe(0);
    expect(narrow.out).toContain('profilo generic-58mm');
    expect(narrow.out).toContain('32 colonne / columns');
    expect(narrow.out).toContain('code page WPC1252 = ESC t 16');
    expect(narrow.out).not.toContain('48 colonne');
    const flag = await cliWithEnv({ CASSA_PRINTER_PROFILE: 'generic-58mm' }, 'print-test', 'virtual:printer', '--profile', 'generic-80mm');
    expect(flag.out).toContain('profilo generic-80mm');
    expect(flag.out).toContain('48 colonne / columns');
    expect((await cliWithEnv({ CASSA_PRINTER_PROFILE: 'no-such-printer' }, 'print-test', 'virtual:printer')).code).toBe(exitCodes.usage);
  });

  it('weigh talks to a scale over a serial line; absence is 3, a scale that says no is 4', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.kill());
    let reply: string | undefined = '\x0200.725\r';
    const fake = await startFakeScale(pty.peerPath, '', () => reply);
    cleanups.push(() => fake.close());
    expect(await cli('weigh', `serial:${pty.devicePath}`)).toMatchObject({ code: 0, out: '725 g (0.725 kg)' });
    reply = '\x02?B\r'; // over capacity
    expect(await cli('weigh', `serial:${pty.devicePath}`)).toMatchObject({ code: 4, err: expect.stringContaining('over capacity') as unknown });
    expect((await cli('weigh', 'serial:/dev/ttyCASSA-NONE')).code).toBe(3);
  });

  it('display shows the text on a serial display and leaves it up', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.kill());
    const peer = await openSerialPeer(pty.peerPath);
    cleanups.push(() => peer.close());
    const vfd = new VfdEmulator();
    peer.onChunk((c) => vfd.feed(c));
    const result = await cli('display', `serial:${pty.devicePath}`, 'Buongiorno', 'Totale € 3,50');
    expect(result.code).toBe(0);
    await expect.poll(() => vfd.lines.map((l) => l.trimEnd())).toEqual(['Buongiorno', 'Totale € 3,50']);
  });

  it('scan waits for one code from a serial scanner; silence is a device error', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.kill());
    const peer = await openSerialPeer(pty.peerPath);
    cleanups.push(() => peer.close());
    const pending = cli('scan', `serial:${pty.devicePath}`, '--timeout', '3');
    await new Promise((r) => setTimeout(r, 100));
    await peer.send('4006381333931\r\n');
    expect(await pending).toMatchObject({ code: 0, out: expect.stringContaining('\n4006381333931') as unknown });
    expect((await cli('scan', `serial:${pty.devicePath}`, '--timeout', '0.1')).code).toBe(4);
  });

  it('an unreachable network printer exits 3', async () => {
    const result = await cli('print-test', 'tcp://127.0.0.1:1');
    expect(result.code).toBe(3);
    expect(result.err).toContain('connection refused');
  });
});
