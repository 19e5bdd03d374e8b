/**
 * A `net.Socket` look-alike for `pg` whose other end is the embedded database's worker thread:
 * what pg writes goes to the worker over a MessagePort, what PGlite answers is pushed back as
 * socket data. Only the socket methods pg's Connection calls are provided.
 */
import { Duplex } from 'node:stream';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { exactCopy } from './exact-copy.mjs';

export class WorkerSocket extends Duplex {
  private port: MessagePort | undefined;

  constructor(private readonly worker: Worker) {
    super();
  }

  connect(): this {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.on('message', (data: ArrayBuffer | { error: string }) => {
      if (data instanceof ArrayBuffer) this.push(Buffer.from(data));
      else this.destroy(Object.assign(new Error(data.error), { code: 'ECONNRESET' }));
    });
    port1.on('close', () => this.push(null));
    this.worker.postMessage({ type: 'connect', port: port2 }, [port2]);
    setImmediate(() => this.emit('connect'));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    this.port?.ref();
    return this;
  }

  unref(): this {
    this.port?.unref();
    return this;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  /** Written in this tick, not yet posted. */
  private pending: Buffer[] = [];

  // pg corks the stream around an extended query (Bind, Describe, Execute, Sync), and pipelined
  // queries can be written in the same tick (a start batch's site lock and snapshot): what is
  // written before the tick ends goes to the worker as one message, so PGlite runs it in one turn
  // and answers in one message. Each message wakes the other thread, which costs more than the
  // copy.
  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    if (!this.port) return callback(new Error('not connected'));
    for (const { chunk } of chunks) this.pending.push(chunk);
    if (this.pending.length === chunks.length) queueMicrotask(() => this.flush());
    callback();
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    if (!pending.length || !this.port) return;
    const bytes = exactCopy(pending);
    this.port.postMessage(bytes, [bytes]);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush();
    this.port?.postMessage(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.port?.close();
    callback(error);
  }
}
