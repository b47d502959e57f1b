// The API as the dashboard uses it: the key lives in this tab's sessionStorage only, and goes out
// as `Authorization: Bearer` on every call (the server reads keys from that header and nowhere else).
const KEY = 'reelforge.apiKey';

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  signIn(key) { sessionStorage.setItem(KEY, key); },
  signOut() { sessionStorage.removeItem(KEY); },
};

/** An error answer in OpenAI's envelope: `{error: {message, type, param, code, problems?}}`. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? null;
    this.param = error?.param ?? null;
    // Reelforge lists every field at fault; older servers give only `param`.
    this.problems = error?.problems ?? (error?.param ? [{ path: error.param, message: error.message }] : []);
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(path, { method = 'GET', body, signal, key = session.key } = {}) {
  const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const error = new ApiError(response.status, data?.error ?? { message: text || response.statusText });
    if (response.status === 401 && key === session.key) onUnauthorized(error);
    throw error;
  }
  return data;
}
