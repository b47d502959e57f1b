// Server-sent events with the API key in a header. EventSource cannot send headers and the server
// takes keys only from `Authorization`, so the stream is read with fetch() and parsed here (the
// WHATWG event-stream format: `id:`, `event:`, `data:` lines, blank line ends an event, `:` comments).
import { session } from './api.js';

/** Parses text chunks into events; keeps the unfinished tail between chunks. */
export function createParser(onEvent) {
  let buffer = '';
  let event = { id: null, type: 'message', data: [] };
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === '') {
        if (event.data.length > 0) onEvent({ id: event.id, type: event.type, data: event.data.join('\n') });
        event = { id: event.id, type: 'message', data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') event.data.push(value);
      else if (field === 'event') event.type = value;
      else if (field === 'id') event.id = value;
    }
  };
}

/**
 * Follows `path` until stopped, reconnecting with `Last-Event-ID` (with backoff) when the stream
 * breaks, so nothing is missed. `endsByItself`: the server closes the stream after a terminal event
 * (one video's stream); then a clean end is not a reason to reconnect.
 * Returns a function that stops following.
 */
export function follow(path, onEvent, { onStatus = () => {}, endsByItself = false } = {}) {
  const abort = new AbortController();
  let lastId = null;
  let stopped = false;
  (async () => {
    let delay = 1000;
    while (!stopped) {
      try {
        const headers = { Authorization: `Bearer ${session.key}`, Accept: 'text/event-stream' };
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        const response = await fetch(path, { headers, signal: abort.signal, cache: 'no-store' });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          onStatus('closed', response.status);
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        onStatus('open');
        delay = 1000;
        const parse = createParser((e) => {
          if (e.id !== null) lastId = e.id;
          let data;
          try { data = JSON.parse(e.data); } catch { return; }
          onEvent(e.type, data, e.id);
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parse(value);
        }
        if (endsByItself) { onStatus('ended'); return; }
      } catch (error) {
        if (stopped) return;
      }
      onStatus('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  })();
  return () => { stopped = true; abort.abort(); };
}
