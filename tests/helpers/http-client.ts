/**
 * A minimal browser stand-in for HTTP tests: keeps the session cookie, sends the Origin header a
 * browser sends with form posts, and never follows redirects (tests look at them).
 */
export class Client {
  cookie: string | null = null;
  constructor(readonly baseUrl: string) {}

  async get(path: string): Promise<Response> {
    return this.send(path, { method: "GET" });
  }

  async post(path: string, form: Record<string, string | string[]>, options: { origin?: string | null } = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    const origin = options.origin === undefined ? new URL(this.baseUrl).origin : options.origin;
    return this.send(path, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
    });
  }

  async signIn(username: string, password: string): Promise<Response> {
    return this.post("/login", { username, password });
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    const setCookie = response.headers.get("set-cookie");
    const match = setCookie ? /hotline_session=([^;]*)/.exec(setCookie) : null;
    if (match) this.cookie = match[1] ? `hotline_session=${match[1]}` : null;
    return response;
  }
}
