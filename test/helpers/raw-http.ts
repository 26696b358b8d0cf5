import { Agent, type IncomingHttpHeaders, request } from 'node:http';

export interface RawRequest {
  method?: string;
  /** Sent as is: percent-encoding, malformed escapes and all. */
  path: string;
  headers?: Record<string, string>;
  /** One buffer, sent with Content-Length. */
  body?: string | Buffer;
  /** Several buffers, sent with Transfer-Encoding: chunked and no Content-Length. */
  chunks?: Buffer[];
}

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The `error` field of a JSON answer, or '' */
  error: string;
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 });

/**
 * A request with full control over headers and body, which fetch does not give (it adds a
 * Content-Type to string bodies and refuses malformed paths). A connection error rejects: for a
 * server in the same process that means it broke the connection, which a test should see.
 */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawReply> {
  const url = new URL(baseUrl);
  // A server that answers before reading a huge body leaves the rest of it unread on the socket:
  // such requests get a connection of their own.
  const large = (req.chunks ?? []).length > 0 || (req.body?.length ?? 0) > 64 * 1024;
  return new Promise((resolve, reject) => {
    let responded = false;
    const client = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method ?? 'POST',
        path: req.path,
        headers: req.headers,
        agent: large ? false : keepAlive,
      },
      (response) => {
        responded = true;
        let text = '';
        let done = false;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        // 'close' too: a server that answers a huge body early may cut the upload short.
        const finish = () => {
          if (done) return;
          done = true;
          let error = '';
          try {
            const parsed = JSON.parse(text) as { error?: unknown };
            if (typeof parsed.error === 'string') error = parsed.error;
          } catch {
            // not JSON: leave error empty
          }
          resolve({ status: response.statusCode!, headers: response.headers, text, error });
          if (large) client.destroy();
        };
        response.on('end', finish);
        response.on('close', finish);
      },
    );
    client.on('error', (error) => {
      if (!responded) reject(error);
    });
    if (req.chunks) {
      for (const chunk of req.chunks) client.write(chunk);
      client.end();
    } else {
      client.end(req.body);
    }
  });
}
