import http from "node:http";

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A plain node:http client on keep-alive connections, as a browser keeps them: cheaper per
 * request than fetch, which matters when the load generator shares two cores with the server.
 * Idle sockets are dropped after 4 s, before the server's 5 s keep-alive timeout, so a request is
 * never sent on a socket the server is closing at that moment.
 */
export function createHttpClient(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024, timeout: 4_000 });
  function send(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const body = options.body === undefined ? undefined : Buffer.from(options.body, "utf8");
    const headers = { ...options.headers, ...(body ? { "content-length": String(body.length) } : {}) };
    return new Promise((resolve, reject) => {
      const request = http.request({ hostname, port, method, path, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      });
      // A request still unanswered after 30 s counts as an error, not as a hung session.
      request.setTimeout(30_000, () => request.destroy(new Error("no answer within 30 s")));
      request.on("error", reject);
      request.end(body);
    });
  }
  return { send, close: () => agent.destroy() };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
