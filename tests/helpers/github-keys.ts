import { KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A loopback stand-in for GitHub's public keys document, in GitHub's format. */
export class PublishedKeys {
  fetches = 0;
  private server: Server | null = null;
  url = '';
  constructor(private readonly keys: Array<{ id: string; key: KeyObject }>) {}
  async start(): Promise<this> {
    this.server = createServer((_request, response) => {
      this.fetches += 1;
      const body = { public_keys: this.keys.map(({ id, key }) => ({ key_identifier: id, key: key.export({ type: 'spki', format: 'pem' }).toString(), is_current: true })) };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/meta/public_keys/secret_scanning`;
    return this;
  }
  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
