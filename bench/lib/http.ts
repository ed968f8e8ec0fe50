/** Signs in through the real login form and returns the session cookie. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
    body: new URLSearchParams({ username, password }),
  });
  const cookie = /hotline_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  return cookie;
}

/** GET a page, read the whole body, fail on anything but 200; returns the body. */
export async function getPage(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 200)}`);
  return body;
}

/**
 * Times `once` sequentially (one request at a time: latency, not throughput) `count` times after
 * `warmup` untimed calls, stopping early once `maxSeconds` have passed with at least `minCount`.
 */
export async function timeSequential(
  once: (i: number) => Promise<unknown>,
  options: { count: number; warmup: number; maxSeconds: number; minCount: number },
): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await once(i);
  const samples: number[] = [];
  const until = performance.now() + options.maxSeconds * 1000;
  for (let i = 0; i < options.count; i++) {
    const started = performance.now();
    await once(options.warmup + i);
    samples.push(performance.now() - started);
    if (samples.length >= options.minCount && performance.now() > until) break;
  }
  return samples;
}
