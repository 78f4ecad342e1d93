import { describe, expect, it } from 'vitest';
import { useRtEmulator } from '../testing/fiscal-fixtures';
import { control, postRch } from './testing/wire';

const session = useRtEmulator({ serial: '99MEY012345', brands: ['rch'] });

async function journal(): Promise<{ kind: string; number: number; amountCents: number; tenders: unknown[] }[]> {
  return (await control(session.rt.url, 'state')).json['journal'] as { kind: string; number: number; amountCents: number; tenders: unknown[] }[];
}

describe('RCH /service.cgi', () => {
  it('sells with =R and =T and answers the Service/Request shape', async () => {
    const reply = await postRch(session.rt.url, ['=R1/$200/(DOLCE)', '=R2/$100/(CAFFE)/*2', '=T1/$400/(CONTANTI)']);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<Service><Request>');
    expect(reply.field('errorCode')).toBe('0');
    expect(reply.field('lastCmd')).toBe('3');
    expect(reply.field('busy')).toBe('0');
    const docs = await journal();
    expect(docs).toHaveLength(1);
    expect(docs[0]?.amountCents).toBe(400);
    expect(docs[0]?.tenders).toEqual([{ kind: 'cash', amountCents: 400 }]);
  });

  it('keeps a receipt open across requests until it is paid in full', async () => {
    await postRch(session.rt.url, ['=R1/$500/(LIBRO)']);
    await postRch(session.rt.url, ['=T4/$300']);
    expect(await journal()).toHaveLength(0);
    expect((await postRch(session.rt.url, ['</?i'])).field('data')).toBe('000100000000001');
    await postRch(session.rt.url, ['=T1/$200']);
    const docs = await journal();
    expect(docs[0]?.tenders).toEqual([
      { kind: 'electronic', amountCents: 300 },
      { kind: 'cash', amountCents: 200 },
    ]);
  });

  it('returns with =r/&DDMMYY/[Z/]N against its own sale and refuses an unknown one or too much', async () => {
    await postRch(session.rt.url, ['=R1/$1000/(SCARPE)', '=T1']);
    const unknown = await postRch(session.rt.url, ['=r/&031226/[1/]9']);
    expect(unknown.field('errorCode')).not.toBe('0');
    const done = await postRch(session.rt.url, ['=r/&031226/[1/]1', '=R1/$400/(SCARPE)', '=T1']);
    expect(done.field('errorCode')).toBe('0');
    expect((await postRch(session.rt.url, ['=C508'])).field('data')).toBe('22;1000;400;0');
    const over = await postRch(session.rt.url, ['=r/&031226/1', '=R1/$700', '=T1']);
    expect(over.field('errorCode')).not.toBe('0');
    expect(over.field('lastCmd')).toBe('2');
    expect((await journal()).map((d) => d.kind)).toEqual(['sale', 'return']);
  });

  it('voids with =k/&DDMMYY/[Z/]N and a bare =T1 (rch-driver-js printReceipt); /*1 only checks; another day is refused', async () => {
    await postRch(session.rt.url, ['=R1/$1000/(SCARPE)', '=T1']);
    expect((await postRch(session.rt.url, ['=k/&031226/[1/]1/*1'])).field('errorCode')).toBe('0');
    expect(await journal()).toHaveLength(1);
    expect((await postRch(session.rt.url, ['=k/&031226/[1/]1'])).field('errorCode')).toBe('0');
    expect(await journal()).toHaveLength(1);
    expect((await postRch(session.rt.url, ['=T1', '=c', '=x'])).field('errorCode')).toBe('0');
    expect((await journal()).map((d) => d.kind)).toEqual(['sale', 'void']);
    expect((await postRch(session.rt.url, ['=k/&031226/[1/]1/*1'])).field('errorCode')).toBe('14'); // already voided [U]
    await postRch(session.rt.url, ['=R1/$500', '=T1']);
    await postRch(session.rt.url, ['=C3', '=C10', '=C1']);
    await control(session.rt.url, 'clock', { set: '2026-12-04T09:00:00' });
    expect((await postRch(session.rt.url, ['=k/&031226/[1/]3'])).field('errorCode')).toBe('13'); // other day [U]
  });

  it('takes value discounts, the lottery code and the customer tax code; =K clears an open receipt', async () => {
    await postRch(session.rt.url, ['=R3/$300/(PANE)', '=K']);
    expect((await postRch(session.rt.url, ['</?i'])).field('data')?.endsWith('0')).toBe(true);
    const reply = await postRch(session.rt.url, ['="/?C/(RSSMRA80A01H501U)', '=R1/$1000/(BORSA)', '=V-/*150/(SCONTO)', '="/?L/$1/(ABCD1234)', '=S', '=T4']);
    expect(reply.field('errorCode')).toBe('0');
    const docs = (await control(session.rt.url, 'state')).json['journal'] as { amountCents: number; lotteryCode: string; customerTaxId: string }[];
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ amountCents: 850, lotteryCode: 'ABCD1234', customerTaxId: 'RSSMRA80A01H501U' });
    expect((await postRch(session.rt.url, ['=r/&031226/[1/]1/*2', '=R1/$850', '=T4'])).field('errorCode')).toBe('0');
  });

  it('reads daily departments and one document’s VAT, closes the day with =C3 =C10', async () => {
    await postRch(session.rt.url, ['=R1/$200', '=R2/$100', '=R2/$100', '=T1']);
    expect((await postRch(session.rt.url, ['=C501'])).field('data')).toBe('1;200;0;0\n2;200;0;0');
    expect((await postRch(session.rt.url, ['=C528/&031226/[1/]1/*1'])).field('data')).toBe('22;200\n10;200');
    const z = await postRch(session.rt.url, ['=C3', '=C10', '=C1']);
    expect(z.field('errorCode')).toBe('0');
    expect(z.field('data')).toBe('0001;400');
    expect((await control(session.rt.url, 'state')).json['z']).toBe(2);
    await postRch(session.rt.url, ['=C422']);
    expect((await control(session.rt.url, 'state')).json['fileCounts']).toEqual({ pending: 0, old: 0, rejected: 0 });
  });

  it('sets paperEnd, coverOpen and busy flags for those faults, and refuses garbage', async () => {
    await control(session.rt.url, 'fault', { fault: 'paper-end', count: 1 });
    const paper = await postRch(session.rt.url, ['=R1/$200', '=T1']);
    expect(paper.field('paperEnd')).toBe('1');
    expect(paper.field('printerError')).toBe('1');
    expect(paper.field('lastCmd')).toBe('0');
    await control(session.rt.url, 'fault', { fault: 'cover-open', count: 1 });
    expect((await postRch(session.rt.url, ['=R1/$200'])).field('coverOpen')).toBe('1');
    await control(session.rt.url, 'fault', { fault: 'busy', count: 1 });
    expect((await postRch(session.rt.url, ['</?i/*4'])).field('busy')).toBe('1');
    for (const bad of ['=R1/$2.00', '=R1/$99999999999', '=R1/(NO PRICE)', '=R1/$100/&1', '=X9', '=T1']) {
      expect((await postRch(session.rt.url, [bad])).field('errorCode'), bad).not.toBe('0');
    }
    expect(await journal()).toHaveLength(0);
  });

  it('only the selected brand answers', async () => {
    const epson = await fetch(`${session.rt.url}/cgi-bin/fpmate.cgi`, { method: 'POST', body: '<x/>' });
    expect(epson.status).toBe(404);
  });

  it('answers the reads rch-driver-js Core sends: printer status, pendings, serial, closures, takings', async () => {
    const read = async (cmd: string): Promise<string | undefined> => (await postRch(session.rt.url, [cmd])).field('data');
    expect(await read('<</?i/*4')).toBe('000000');
    await control(session.rt.url, 'fault', { fault: 'paper-end' });
    expect(await read('<</?i/*4')).toBe('110000');
    await control(session.rt.url, 'fault', { fault: 'cover-open' });
    expect(await read('<</?i/*4')).toBe('110010');
    await control(session.rt.url, 'fault', { fault: 'none' });
    expect(await read('</?i/*5')).toBe('0 0/25');
    expect(await read('<</?m')).toBe('99MEY012345');
    await postRch(session.rt.url, ['=R1/$123456/(TV)', '=T1', '=c', '=x']);
    expect(await read('<</?1')).toBe('1.234,56');
    expect(await read('<</?7')).toBe('0000');
    await postRch(session.rt.url, ['=C3', '=C10', '=C1']);
    expect(await read('<</?7')).toBe('0001');
    expect(await read('</?i/*5')).toBe('0 1/25 03/12/2026 09:00:00');
    expect((await postRch(session.rt.url, ['<</?q'])).field('errorCode')).not.toBe('0');
  });

  it('=C453/$0 in programming mode gives the last receipt as journal text; not in registration mode', async () => {
    expect((await postRch(session.rt.url, ['=C453/$0'])).field('errorCode')).not.toBe('0');
    expect((await postRch(session.rt.url, ['=C4', '=C453/$0', '=C1'])).field('data')).toBe('NESSUN DOCUMENTO');
    await control(session.rt.url, 'clock', { set: '2026-12-03T09:41:59' });
    await postRch(session.rt.url, ['=R1/$99/(PENNA)', '=R2/$1000/*2/(LIBRO)', '=T1/$5000', '=c', '=x']);
    const text = (await postRch(session.rt.url, ['=C4', '=C453/$0', '=C1'])).field('data') ?? '';
    expect(text).toContain('DOCUMENTO COMMERCIALE');
    expect(text).toContain('TOTALE COMPLESSIVO 20,99');
    expect(text).toContain('03-12-2026 09:41');
    expect(text).toContain('DOCUMENTO N. 0001-0001');
    expect(text).toContain('99MEY012345');
  });

  it('=c refuses a receipt not paid in full; =a abandons it', async () => {
    const open = await postRch(session.rt.url, ['=R1/$500', '=T1/$200', '=c']);
    expect(open.field('errorCode')).not.toBe('0');
    expect(open.field('lastCmd')).toBe('2');
    await postRch(session.rt.url, ['=a']);
    expect((await postRch(session.rt.url, ['</?i'])).field('data')?.endsWith('0')).toBe(true);
    expect(await journal()).toHaveLength(0);
  });
});
