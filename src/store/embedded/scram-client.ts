import pg from 'pg';
import { StoreError } from '../../errors.js';

/** The parts of pg's Client (8.x) that decide how it answers the server's password request. */
interface ClientInternals {
  _handleAuthSASLFinal(msg: unknown): void;
  _handleReadyForQuery(msg: unknown): void;
  saslSession: unknown;
  _connecting: boolean;
  connection: { emit(event: 'error', err: Error): void; stream: { destroy(): void } };
}
const base = pg.Client.prototype as unknown as ClientInternals;

/**
 * The client of the embedded server: SCRAM only, and only with a server that proves it knows the
 * password too (its SCRAM signature). pg's own client sends the password in plain text (or MD5) to
 * whatever asks for it, and carries on when a server lets it in unasked; a program listening on the
 * socket in the server's place would get the secret, or the bot's data. This one refuses both.
 */
export class ScramOnlyClient extends pg.Client {
  #verified = false;

  _handleAuthCleartextPassword(): void {
    this.#refuse('asked for the password in plain text, which the bot never sends');
  }

  _handleAuthMD5Password(): void {
    this.#refuse('asked for an MD5 password, which the bot never sends');
  }

  _handleAuthSASLFinal(msg: unknown): void {
    base._handleAuthSASLFinal.call(this, msg);
    // pg clears the session only once the server's signature matched.
    this.#verified = this.#internals.saslSession === null;
  }

  _handleReadyForQuery(msg: unknown): void {
    if (this.#internals._connecting && !this.#verified) {
      this.#refuse('let the bot in without proving it knows the password');
      return;
    }
    base._handleReadyForQuery.call(this, msg);
  }

  get #internals(): ClientInternals {
    return this as unknown as ClientInternals;
  }

  #refuse(what: string): void {
    const { connection } = this.#internals;
    connection.emit(
      'error',
      new StoreError(
        `The embedded PostgreSQL server at ${this.host} ${what}: stop whatever else listens on that socket (an earlier Insights Bot on the same DATA_DIR, or another program) and start the bot again.`,
      ),
    );
    connection.stream.destroy();
  }
}
