/** How far a register's copy of each head-office stream is: position / head, green when current. */
export function StreamTags({ streams }: { streams: readonly { stream: string; position: number; head: number }[] }) {
  return (
    <>
      {streams.map((s) => (
        <span key={s.stream} className={s.position >= s.head ? 'tag good' : 'tag warn'}>
          {s.stream} {s.position}/{s.head}
        </span>
      ))}
    </>
  );
}
