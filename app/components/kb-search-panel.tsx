import { type KeyboardEvent as ReactKeyboardEvent, type RefObject, useCallback, useEffect, useId, useRef, useState } from "react";
import { messages } from "~/app/i18n";
import stylesheet from "~/app/styles/kb-search-panel.css?url";

/** For the `links` of a route that shows the panel. */
export const kbSearchPanelStylesheet = stylesheet;

const SEARCH_DELAY_MS = 250;
const RESULT_LIMIT = 8;
const t = messages.knowledge.pages.panel;

interface Hit {
  id: number;
  title: string;
  department: string | null;
  /** HTML-escaped text with <mark> around matches (search/snippet.ts). */
  snippet: string;
}

/**
 * The operator's knowledge-base search while on a call: `/` jumps here, typing searches
 * /api/kb/search, ↑/↓ choose a result, Enter inserts its answer into the field `insertInto`
 * returns (resolved at that moment, so it can depend on the form's state).
 *
 * A plain fetch, not a Remix fetcher: the lookup must stay independent of the page's form
 * submissions and revalidations (a fetcher started while a submission is in flight could land
 * on the route's error boundary).
 */
export function KbSearchPanel({ insertInto }: { insertInto: () => HTMLTextAreaElement | HTMLInputElement | null }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const search = useKbSearch();
  const [selected, setSelected] = useState(0);
  const [inserted, setInserted] = useState<string | null>(null);

  useFocusShortcut(inputRef);
  useEffect(() => setSelected(0), [search.hits]);

  const insert = (hit: Hit | undefined) => {
    const field = insertInto();
    if (!hit || !field) return;
    appendText(field, answerText(hit));
    setInserted(hit.title);
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return; // the input method is still choosing characters
    const count = search.hits.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      setSelected((i) => (i + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      setSelected((i) => (i - 1 + count) % count);
    } else if (event.key === "Enter") {
      event.preventDefault();
      insert(search.hits[selected]);
    } else if (event.key === "Escape") {
      search.clear();
      if (inputRef.current) inputRef.current.value = "";
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <section className="panel kb-panel" aria-labelledby={`${listId}-title`}>
      <h2 id={`${listId}-title`}>{t.title}</h2>
      <input
        ref={inputRef}
        type="search"
        className="kb-panel-input"
        role="combobox"
        aria-label={t.label}
        aria-keyshortcuts="/"
        aria-expanded={search.hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={search.hits.length ? optionId(selected) : undefined}
        aria-autocomplete="list"
        aria-describedby={`${listId}-hint`}
        placeholder={t.placeholder}
        maxLength={200}
        autoComplete="off"
        onChange={(e) => search.lookUp(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <p id={`${listId}-hint`} className="muted small">
        {t.hint}
      </p>
      <p className="muted small" role="status" aria-live="polite">
        {search.state === "loading" ? t.loading : search.state === "failed" ? t.failed : search.state === "empty" ? t.empty : inserted ? t.inserted(inserted) : ""}
      </p>
      <ul id={listId} role="listbox" aria-label={t.title} className="kb-panel-results">
        {search.hits.map((hit, index) => (
          <li
            key={hit.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === selected}
            className={index === selected ? "selected" : undefined}
            // mousedown, not click: keep the focus (and the keyboard flow) in the search box.
            onMouseDown={(e) => {
              e.preventDefault();
              setSelected(index);
              insert(hit);
            }}
          >
            <span className="kb-panel-title">{hit.title}</span>
            {hit.department ? <span className="muted small"> · {hit.department}</span> : null}
            <span className="kb-panel-snippet small" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
            <a href={`/knowledge/${hit.id}`} target="_blank" rel="noreferrer" className="small" onMouseDown={(e) => e.stopPropagation()}>
              {t.open}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

type SearchState = "idle" | "loading" | "done" | "empty" | "failed";

/** Debounced search with the previous request cancelled, so an older answer never replaces a newer one. */
function useKbSearch() {
  const [hits, setHits] = useState<Hit[]>([]);
  const [state, setState] = useState<SearchState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );
  const clear = useCallback(() => {
    clearTimeout(timer.current);
    inFlight.current?.abort();
    setHits([]);
    setState("idle");
  }, []);
  const lookUp = useCallback(
    (raw: string) => {
      const q = raw.trim();
      if (!q) return clear();
      clearTimeout(timer.current);
      inFlight.current?.abort();
      timer.current = setTimeout(() => {
        const controller = new AbortController();
        inFlight.current = controller;
        setState("loading");
        fetch(`/api/kb/search?q=${encodeURIComponent(q)}&limit=${RESULT_LIMIT}`, { signal: controller.signal, headers: { accept: "application/json" } })
          .then((response) => (response.ok ? (response.json() as Promise<{ hits: Hit[] }>) : Promise.reject(new Error(String(response.status)))))
          .then((body) => {
            if (controller.signal.aborted) return;
            setHits(body.hits);
            setState(body.hits.length ? "done" : "empty");
          })
          .catch(() => {
            if (controller.signal.aborted) return;
            setHits([]);
            setState("failed");
          });
      }, SEARCH_DELAY_MS);
    },
    [clear],
  );
  return { hits, state, lookUp, clear };
}

/** `/` focuses the search box, unless the user is typing in a field (where `/` is just a character). */
function useFocusShortcut(inputRef: RefObject<HTMLInputElement>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [inputRef]);
}

/** What goes into the ticket: the article's title and the matching passage, as plain text. */
function answerText(hit: Hit): string {
  const snippet = new DOMParser().parseFromString(hit.snippet, "text/html").body.textContent ?? "";
  return `【${hit.title}】${snippet.trim()}`;
}

/**
 * Appends to a form field through the element's own value setter and an input event, so that
 * both uncontrolled fields and React-controlled ones see the new text.
 */
function appendText(field: HTMLTextAreaElement | HTMLInputElement, text: string) {
  const current = field.value.trimEnd();
  const next = current ? `${current}\n${text}` : text;
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, "value")?.set?.call(field, next);
  field.dispatchEvent(new Event("input", { bubbles: true }));
}
