import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  answeredWith: number;
}

/**
 * A real HTTP endpoint standing in for a school's webhook receiver. `respondWith` decides
 * the status of each request, so tests can make it fail, recover or answer 410.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respondWith: (request: { headers: IncomingHttpHeaders; body: string; index: number }) => number = () => 204;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const status = this.respondWith({ headers: req.headers, body, index: this.received.length });
        this.received.push({ headers: req.headers, body, answeredWith: status });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
