import { BatchWriter } from './batch-writer';

describe('the batch writer', () => {
  it('writes a lone item at once and groups what arrives while writes are in flight', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writer = new BatchWriter<number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
      },
      3,
      1,
    );
    const first = writer.add(0);
    const rest = [1, 2, 3, 4, 5].map((n) => writer.add(n));
    expect(batches).toEqual([[0]]);
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
    await writer.drain();
  });

  it("fails a batch's callers together and keeps going", async () => {
    let calls = 0;
    const writer = new BatchWriter<string>(
      async () => {
        if (++calls === 1) throw new Error('database down');
      },
      10,
      1,
    );
    await expect(writer.add('a')).rejects.toThrow('database down');
    await expect(writer.add('b')).resolves.toBeUndefined();
  });
});
